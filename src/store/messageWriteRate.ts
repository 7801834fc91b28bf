import { randomUUID } from "node:crypto";
import { findOrCreateConversations } from "./conversations.ts";
import { StoreError } from "./errors.ts";
import { appendMessages, type NewMessage } from "./messages.ts";
import { createOrganisation } from "./organisations.ts";
import { SAMPLE_JSON, SAMPLE_TEXT } from "./rawInsertRate.ts";
import { createTeam } from "./teams.ts";
import type { JsonValue, Store } from "./types.ts";

export interface MessageWriteRate {
  rows: number;
  batchSize: number;
  conversations: number;
  seconds: number;
  rowsPerSecond: number;
}

/**
 * The write every ingested message needs, alone: `appendMessages` as the live pipeline calls it
 * (assumed new, each message with its analysis and its conversation's reading), one transaction
 * per `batchSize` messages, each batch's messages from different conversations, with the same
 * text and JSON as `measureRawInsertRate`. Nothing else runs: no HTTP, no engine, no alerts, no
 * events. What separates it from the raw insert is the data model: the conversation row each
 * message updates (its count, positions handed out under its row lock, the floor's reading), the
 * organisation id, and the transcript's index on (conversation, position).
 *
 * `bench:live` prints it beside the raw insert rate: a pipeline that stores messages this way
 * cannot go faster than this, whatever else it does. The probe organisation (its team,
 * conversations and messages) is deleted afterwards.
 */
export async function measureMessageWriteRate(
  store: Store,
  rows: number,
  options: { batchSize?: number; conversations?: number } = {},
): Promise<MessageWriteRate> {
  const batchSize = options.batchSize ?? 500;
  const conversationCount = options.conversations ?? 2_000;
  const problems: string[] = [];
  if (!Number.isInteger(rows) || rows <= 0) problems.push("rows must be a positive integer");
  if (!Number.isInteger(batchSize) || batchSize <= 0 || batchSize > 2_000)
    problems.push("batchSize must be an integer within 1..2000");
  if (!Number.isInteger(conversationCount) || conversationCount < batchSize || conversationCount > 100_000)
    problems.push("conversations must be an integer within batchSize..100000");
  if (problems.length > 0) throw new StoreError("INVALID_INPUT", problems.join("; "), { problems });

  const probe = randomUUID().replaceAll("-", "").slice(0, 12);
  const org = await createOrganisation(store, { name: "Message write probe", slug: `write-probe-${probe}` });
  try {
    const team = await createTeam(store, { orgId: org.id, name: "Probe" });
    const conversations = await findOrCreateConversations(
      store,
      org.id,
      Array.from({ length: conversationCount }, (_, i) => ({
        externalId: `probe-conversation-${i}`,
        teamId: team.id,
        channel: "chat" as const,
        customerName: null,
        assignedPersonId: null,
        topic: null,
        createdAt: null,
      })),
    );
    const analysis = JSON.parse(SAMPLE_JSON) as JsonValue;
    // Rows are built before the clock starts, as the raw insert's are; what appendMessages itself
    // does with them (checking, encoding) is part of the write and is timed.
    const batches: NewMessage[][] = [];
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      batches.push(
        Array.from({ length: count }, (_, i) => {
          const n = start + i;
          return {
            orgId: org.id,
            conversationId: (conversations[n % conversations.length] as { id: string }).id,
            role: n % 2 === 0 ? ("customer" as const) : ("agent" as const),
            kind: "message" as const,
            text: SAMPLE_TEXT,
            externalId: `probe-${n}`,
            sentAt: Date.now(),
          };
        }),
      );
    }
    const started = process.hrtime.bigint();
    for (const batch of batches) {
      await store.transaction((tx) =>
        appendMessages(tx, batch, {
          assumeNew: true,
          prepare: (toWrite) => ({
            analyses: new Map(toWrite.map((i) => [i, { risk: 0.42, rung: "signal" as const, analysis }])),
            readings: toWrite.map((i) => ({
              orgId: org.id,
              conversationId: (batch[i] as NewMessage).conversationId,
              risk: 0.42,
              customerEmotion: "frustrated",
              frustration: 0.61,
              activeCues: ["hedging"],
            })),
          }),
        }),
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [counted] = await store.query("SELECT count(*)::int AS n FROM messages WHERE org_id = $1", [
      org.id,
    ]);
    if (Number(counted?.n) !== rows) {
      throw new StoreError("CONFLICT", `probe wrote ${String(counted?.n)} messages, expected ${rows}`);
    }
    return { rows, batchSize, conversations: conversationCount, seconds, rowsPerSecond: rows / seconds };
  } finally {
    // The organisation's teams and conversations go with it; messages by trigger (migration 0002).
    await store.query("DELETE FROM organisations WHERE id = $1", [org.id]);
  }
}

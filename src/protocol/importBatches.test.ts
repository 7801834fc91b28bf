import { describe, expect, it } from "vitest";
import { importBodySchema, type ImportBody } from "./http.ts";
import {
  MAX_CONVERSATION_BYTES,
  NO_TOTALS,
  SERVER_BODY_LIMIT_BYTES,
  BatchBuilder,
  batchBody,
  planBatches,
  sendBatches,
  type Batch,
  type ImportResponse,
} from "./importBatches.ts";
import { checkTranscriptText, type CheckedConversation } from "./transcriptFile.ts";

const TEAM = "8b0c1f62-5d0e-4a5e-9d7e-3c2b1a0f9e8d";

/** Checked conversations from a JSONL export: `turns(i)` messages each, some long, none plain ASCII. */
function checked(count: number, turns: (i: number) => number = () => 4): CheckedConversation[] {
  const rows = Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      id: `hd-${1000 + i}`,
      channel: i % 3 === 0 ? "email" : "chat",
      messages: Array.from({ length: turns(i) }, (_, m) => ({
        role: m % 2 === 0 ? "customer" : "agent",
        text:
          m % 2 === 0
            ? `Bonjour, ma commande n°${i} n’est toujours pas arrivée — ça fait dix jours. `.repeat(
                1 + (i % 5),
              )
            : "Désolé ! Je regarde le suivi tout de suite.",
        at: new Date(Date.parse("2026-03-02T09:00:00Z") + m * 45_000).toISOString(),
      })),
    }),
  );
  const result = checkTranscriptText(rows.join("\n"));
  expect(result.problems).toEqual([]);
  return result.conversations;
}

const bodyBytes = (body: ImportBody) => new TextEncoder().encode(JSON.stringify(body)).length;

describe("planning import batches", () => {
  it("splits by count, in file order", () => {
    const items = checked(250);
    const batches = planBatches(items, TEAM, { maxConversations: 100, maxBytes: SERVER_BODY_LIMIT_BYTES });
    expect(batches.map((b) => [b.first, b.items.length])).toEqual([
      [0, 100],
      [100, 100],
      [200, 50],
    ]);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
  });

  it("splits by body size, counting each body's bytes exactly as it is sent", () => {
    const items = checked(300, (i) => 6 + (i % 7) * 4);
    const maxBytes = 64 * 1024;
    const batches = planBatches(items, TEAM, { maxConversations: 100, maxBytes });
    expect(batches.length).toBeGreaterThan(3);
    for (const batch of batches) {
      const body = batchBody(TEAM, batch);
      expect(batch.bytes).toBe(bodyBytes(body));
      expect(batch.bytes).toBeLessThanOrEqual(maxBytes);
      // Each body is one the route accepts.
      expect(importBodySchema.safeParse(body).success).toBe(true);
    }
    // Full: the next conversation would not have fitted.
    for (let i = 0; i + 1 < batches.length; i++) {
      const next = batches[i + 1]?.items[0];
      expect((batches[i]?.bytes ?? 0) + 1 + (next?.bytes ?? 0)).toBeGreaterThan(maxBytes);
    }
    expect(batches.flatMap((b) => b.items.map((c) => c.conversation.id))).toEqual(
      items.map((c) => c.conversation.id),
    );
  });

  it("sends a conversation larger than a batch on its own", () => {
    const items = checked(5, (i) => (i === 2 ? 400 : 2));
    const batches = planBatches(items, TEAM, { maxConversations: 100, maxBytes: 16 * 1024 });
    expect(batches.map((b) => b.items.map((c) => c.conversation.id))).toEqual([
      ["hd-1000", "hd-1001"],
      ["hd-1002"],
      ["hd-1003", "hd-1004"],
    ]);
    expect(batches[1]?.bytes).toBeGreaterThan(16 * 1024);
    expect(batches[1]?.bytes).toBeLessThan(MAX_CONVERSATION_BYTES);
  });

  it("never puts more than the route's 1,000 conversations in one request", () => {
    const items = checked(1500, () => 1);
    const batches = planBatches(items, TEAM, { maxConversations: 5000, maxBytes: SERVER_BODY_LIMIT_BYTES });
    expect(batches.map((b) => b.items.length)).toEqual([1000, 500]);
  });

  it("builds the same batches one conversation at a time, holding only the current one", () => {
    const items = checked(300, (i) => 6 + (i % 7) * 4);
    const limits = { maxConversations: 40, maxBytes: 64 * 1024 };
    const builder = new BatchBuilder(TEAM, limits);
    const built: Batch[] = [];
    items.forEach((item, i) => {
      const closed = builder.add(item);
      if (closed !== null) {
        // A batch is answered as soon as the conversation after it does not fit.
        expect(closed.first + closed.items.length).toBe(i);
        built.push(closed);
      }
    });
    const last = builder.end();
    if (last !== null) built.push(last);
    expect(builder.end()).toBeNull();
    expect(built).toEqual(planBatches(items, TEAM, limits));
  });
});

describe("sending batches", () => {
  /** Stands in for POST /import: answers like the route, and remembers what it stored. */
  function fakeServer(options: { failOn?: (call: number) => Error | null } = {}) {
    const stored = new Set<string>();
    const calls: ImportBody[] = [];
    const send = async (body: ImportBody): Promise<ImportResponse> => {
      calls.push(body);
      const failure = options.failOn?.(calls.length);
      if (failure) throw failure;
      let messages = 0;
      let created = 0;
      for (const c of body.conversations) {
        c.messages.forEach((_, i) => {
          messages++;
          const key = `import:${c.id}:${i}`;
          if (!stored.has(key)) created++;
          stored.add(key);
        });
      }
      return {
        conversations: body.conversations.length,
        messages,
        created,
        alerts: body.conversations.length % 3,
        alreadyStored: [],
      };
    };
    return { send, calls, stored };
  }

  const items = checked(25, () => 3);
  const batches = planBatches(items, TEAM, { maxConversations: 10, maxBytes: SERVER_BODY_LIMIT_BYTES });

  it("sends every batch in order and adds up what the server says", async () => {
    const server = fakeServer();
    const progress: number[] = [];
    const outcome = await sendBatches({
      batches,
      teamId: TEAM,
      from: 0,
      totals: NO_TOTALS,
      send: server.send,
      onBatch: (done) => progress.push(done),
    });
    expect(outcome).toEqual({
      kind: "done",
      totals: { conversations: 25, messages: 75, created: 75, alerts: 1 + 1 + 2, conflicts: [] },
    });
    expect(progress).toEqual([1, 2, 3]);
    expect(server.calls.map((c) => [c.teamId, c.conversations.length])).toEqual([
      [TEAM, 10],
      [TEAM, 10],
      [TEAM, 5],
    ]);
  });

  it("stops after the current batch when asked, and continues from the next", async () => {
    const server = fakeServer();
    let stop = false;
    const first = await sendBatches({
      batches,
      teamId: TEAM,
      from: 0,
      totals: NO_TOTALS,
      send: server.send,
      onBatch: () => (stop = true),
      shouldStop: () => stop,
    });
    expect(first).toMatchObject({ kind: "stopped", next: 1, totals: { conversations: 10, messages: 30 } });
    if (first.kind !== "stopped") return;
    const rest = await sendBatches({
      batches,
      teamId: TEAM,
      from: first.next,
      totals: first.totals,
      send: server.send,
    });
    expect(rest).toMatchObject({ kind: "done", totals: { conversations: 25, messages: 75, created: 75 } });
    expect(server.calls).toHaveLength(3);
  });

  it("reports a failed batch with the batches before it kept, and retrying from it completes the import", async () => {
    const refusal = new Error("Cannot reach the server. Check your connection.");
    const server = fakeServer({ failOn: (call) => (call === 2 ? refusal : null) });
    const failed = await sendBatches({
      batches,
      teamId: TEAM,
      from: 0,
      totals: NO_TOTALS,
      send: server.send,
    });
    expect(failed).toEqual({
      kind: "failed",
      failed: 1,
      error: refusal,
      totals: { conversations: 10, messages: 30, created: 30, alerts: 1, conflicts: [] },
    });
    expect(server.stored.size).toBe(30);
    if (failed.kind !== "failed") return;
    const retried = await sendBatches({
      batches,
      teamId: TEAM,
      from: failed.failed,
      totals: failed.totals,
      send: server.send,
    });
    expect(retried).toMatchObject({ kind: "done", totals: { conversations: 25, messages: 75, created: 75 } });
    // Starting over instead is safe too: everything is already there.
    const again = await sendBatches({ batches, teamId: TEAM, from: 0, totals: NO_TOTALS, send: server.send });
    expect(again).toMatchObject({ kind: "done", totals: { conversations: 25, messages: 75, created: 0 } });
  });
});

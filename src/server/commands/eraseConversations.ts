import { checkFeedback } from "../../engine/feedback/index.ts";
import {
  appendAuditEntries,
  eraseConversations,
  findConversationsPastRetention,
  findCustomerNamesOf,
  findWritingAboutConversations,
  rewriteWriting,
  type Queryable,
  type ActorKind,
  type ErasedConversation,
  type NewAuditEntry,
  type NewEvent,
} from "../../store/index.ts";
import type { ServerContext } from "../context.ts";
import { nameVariants, redactText } from "../loop2/redaction.ts";
import { runCommand } from "./runCommand.ts";

type EraseContext = Pick<ServerContext, "store" | "bus" | "ingest" | "engine" | "metrics">;

/** Why conversations are erased, as the audit log says it. */
export type ErasureReason = "request" | "retention";

/**
 * Erases conversations of one organisation and everything recorded about them, in one
 * transaction: one audit entry each (ids and counts only, nothing the customer wrote) and a
 * `conversation.erased` event, so open floors and conversation pages drop them. This instance's
 * caches forget them too; another instance's conversation cache may keep a record for up to 30 s,
 * and a message arriving then for the same sender id starts a new conversation either way.
 */
export async function eraseConversationsNow(
  ctx: EraseContext,
  orgId: string,
  conversationIds: readonly string[],
  by: { kind: ActorKind; id: string | null; requestId?: string },
  reason: ErasureReason,
): Promise<ErasedConversation[]> {
  const erased = await runCommand(ctx, async (tx) => {
    await redactWritingAbout(tx, orgId, conversationIds);
    const gone = await eraseConversations(tx, { orgId, conversationIds });
    if (gone.length === 0) return { result: gone, events: [] };
    const audit: NewAuditEntry[] = gone.map((c) => ({
      orgId,
      actorKind: by.kind,
      actorId: by.id,
      action: "conversation.erased",
      targetType: "conversation",
      targetId: c.id,
      requestId: by.requestId ?? null,
      details: {
        why: reason,
        teamId: c.teamId,
        messages: c.messageCount,
        ...(c.closedAt !== null ? { closedAt: new Date(c.closedAt).toISOString() } : {}),
      },
    }));
    await appendAuditEntries(tx, audit);
    const events: NewEvent[] = gone.map((c) => ({
      orgId,
      teamId: c.teamId,
      conversationId: c.id,
      type: "conversation.erased",
      payload: { conversationId: c.id, status: "erased" },
    }));
    return { result: gone, events };
  });
  const ids = new Set(erased.map((c) => c.id));
  ctx.ingest.forgetConversations(ids);
  for (const id of ids) ctx.engine.forgetState(id);
  if (erased.length > 0) ctx.metrics.conversationsErased.inc({ reason }, erased.length);
  return erased;
}

/**
 * Teammates' journal entries, feedback and replies about the conversations outlive them (they are
 * their authors'), so the customer's personal data is taken out of them first: their name, and
 * e-mails, phone numbers, cards and addresses, as exports redact them. A feedback's verdict is
 * checked again on the redacted text, so its spans still point at the right words.
 */
async function redactWritingAbout(
  tx: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<void> {
  const writing = await findWritingAboutConversations(tx, orgId, conversationIds);
  if (writing.length === 0) return;
  const names = await findCustomerNamesOf(tx, orgId, conversationIds);
  const changes = writing.flatMap((w) => {
    const text = redactText(w.text, nameVariants(names.get(w.conversationId)));
    if (text === w.text) return [];
    return [
      { table: w.table, id: w.id, text, ...(w.table === "feedback" ? { check: checkFeedback(text) } : {}) },
    ];
  });
  await rewriteWriting(tx, orgId, changes);
}

/**
 * How many conversations the retention sweep erases in one transaction. PGlite has one connection,
 * so while a transaction erases, every ingest group waits: 25 conversations of 20 lines held a
 * database of a million messages for 14 ms (median; 44 ms at most, on a loaded 2-core machine;
 * `scripts/measure-erasure.ts`, docs/ARCHITECTURE.md "Erasure and retention").
 */
export const RETENTION_ERASE_BATCH = 25;

/**
 * The retention sweep: erases conversations closed longer ago than their organisation's retention
 * period (Admin → Retention; `defaultDays`, the server's TAGTEAM_RETENTION_DAYS, where an
 * organisation has not set one; 0 keeps them), oldest close first, at most `limit` per call, in
 * transactions of RETENTION_ERASE_BATCH so that messages arriving meanwhile wait for one of
 * them at most. Returns how many it erased.
 */
export async function eraseExpiredConversations(
  ctx: EraseContext,
  now: number,
  defaultDays: number,
  limit: number,
): Promise<number> {
  const due = await findConversationsPastRetention(ctx.store, { now, defaultDays, limit });
  const byOrg = new Map<string, string[]>();
  for (const c of due) byOrg.set(c.orgId, [...(byOrg.get(c.orgId) ?? []), c.id]);
  let erased = 0;
  for (const [orgId, ids] of byOrg) {
    for (let start = 0; start < ids.length; start += RETENTION_ERASE_BATCH) {
      const batch = ids.slice(start, start + RETENTION_ERASE_BATCH);
      erased += (await eraseConversationsNow(ctx, orgId, batch, { kind: "system", id: null }, "retention"))
        .length;
    }
  }
  return erased;
}

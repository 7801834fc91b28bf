import {
  adjustLoads,
  appendAuditEntries,
  closeConversation,
  closeIdleConversations,
  expireAlertsOfConversations,
  StoreError,
  withdrawOffersOfConversations,
  type ConversationCloseReason,
  type ConversationRecord,
  type NewAuditEntry,
  type NewEvent,
  type Transaction,
} from "../../store/index.ts";
import type { ServerContext } from "../context.ts";
import { runCommand } from "./runCommand.ts";

type CloseContext = Pick<ServerContext, "store" | "bus" | "ingest" | "metrics">;

const closedEvent = (
  c: Pick<ConversationRecord, "orgId" | "teamId" | "id">,
  reason: ConversationCloseReason,
): NewEvent => ({
  orgId: c.orgId,
  teamId: c.teamId,
  conversationId: c.id,
  type: "conversation.closed",
  payload: { conversationId: c.id, status: "closed", reason },
});

/**
 * What closing conversations ends with them: their open alerts expire (nobody is sent into a
 * conversation that is over), each helper's load is freed and told (`alert.expired` to them, as
 * the sweeper's expiry does), and what still waited for an answer there (takeover offers,
 * transfers, escalations, raised hands) is withdrawn; each is audited. Returns the events to
 * append (clients refetch offers and escalations on the `conversation.closed` event itself).
 */
export async function endStepInsOfClosedConversations(
  tx: Transaction,
  conversationIds: readonly string[],
  at: number | undefined,
  reason: ConversationCloseReason,
): Promise<NewEvent[]> {
  const input = { conversationIds, ...(at !== undefined ? { at } : {}) };
  // One round trip: the transaction runs its statements in the order they were issued.
  const [expired, withdrawn] = await Promise.all([
    expireAlertsOfConversations(tx, input),
    withdrawOffersOfConversations(tx, input),
  ]);
  if (expired.length === 0 && withdrawn.length === 0) return [];
  const deltas = new Map<string, Map<string, number>>();
  for (const a of expired) {
    if (a.helperPersonId === null) continue;
    const org = deltas.get(a.orgId) ?? new Map<string, number>();
    org.set(a.helperPersonId, (org.get(a.helperPersonId) ?? 0) - 1);
    deltas.set(a.orgId, org);
  }
  const audit: NewAuditEntry[] = expired.map((a) => ({
    orgId: a.orgId,
    actorKind: "system",
    action: "alert.expired",
    targetType: "alert",
    targetId: a.id,
    details: { why: "conversation closed", closedBy: reason },
  }));
  for (const i of withdrawn) {
    audit.push({
      orgId: i.orgId,
      actorKind: "system",
      action: "intervention.withdrawn",
      targetType: "intervention",
      targetId: i.id,
      details: { kind: i.kind, why: "conversation closed", closedBy: reason },
    });
  }
  await Promise.all([
    ...[...deltas].map(([orgId, byPerson]) =>
      adjustLoads(
        tx,
        orgId,
        [...byPerson].map(([personId, delta]) => ({ personId, delta })),
      ),
    ),
    appendAuditEntries(tx, audit),
  ]);
  return expired.flatMap((a) => (a.helperPersonId !== null ? [alertExpiredEvent(a, a.helperPersonId)] : []));
}

/** `alert.expired`, to the helper only, so their queue drops the alert (the sweeper's expiry too). */
export const alertExpiredEvent = (
  a: { id: string; orgId: string; teamId: string; conversationId: string },
  helperPersonId: string,
): NewEvent => ({
  orgId: a.orgId,
  teamId: a.teamId,
  conversationId: a.conversationId,
  personId: helperPersonId,
  type: "alert.expired",
  payload: { alertId: a.id, conversationId: a.conversationId, status: "expired" },
});

/**
 * Closes one conversation with its `conversation.closed` event (the floor drops it; loop 2 scores
 * and debriefs it). Returns false, changing nothing, when it was closed already: a sender telling
 * us twice, or a teammate and the sender at once, is not an error here. Callers that want
 * INVALID_TRANSITION for a second close (a teammate's button) use the store's `closeConversation`.
 */
export async function closeConversationOnce(
  ctx: CloseContext,
  conversation: Pick<ConversationRecord, "orgId" | "teamId" | "id">,
  reason: ConversationCloseReason,
  at?: number,
): Promise<boolean> {
  const closed = await runCommand(ctx, async (tx) => {
    try {
      await closeConversation(tx, {
        orgId: conversation.orgId,
        conversationId: conversation.id,
        reason,
        ...(at !== undefined ? { at } : {}),
      });
    } catch (error) {
      if (error instanceof StoreError && error.code === "INVALID_TRANSITION")
        return { result: false, events: [] };
      throw error;
    }
    const ended = await endStepInsOfClosedConversations(tx, [conversation.id], at, reason);
    return { result: true, events: [closedEvent(conversation, reason), ...ended] };
  });
  ctx.ingest.forgetConversation(conversation.id);
  if (closed) ctx.metrics.conversationsClosed.inc({ reason });
  return closed;
}

/**
 * The idle sweep: closes conversations with no message for `idleMs` (at most `limit` per call),
 * with one `conversation.closed` event each, in one transaction. Returns how many it closed.
 */
export async function closeIdleConversationsNow(
  ctx: CloseContext,
  now: number,
  idleMs: number,
  limit: number,
): Promise<number> {
  const closed = await runCommand(ctx, async (tx) => {
    const rows = await closeIdleConversations(tx, { before: now - idleMs, limit, at: now });
    const ended = await endStepInsOfClosedConversations(
      tx,
      rows.map((c) => c.id),
      now,
      "idle",
    );
    return { result: rows, events: [...rows.map((c) => closedEvent(c, "idle")), ...ended] };
  });
  ctx.ingest.forgetConversations(new Set(closed.map((c) => c.id)));
  if (closed.length > 0) ctx.metrics.conversationsClosed.inc({ reason: "idle" }, closed.length);
  return closed.length;
}

import {
  closeConversation,
  closeIdleConversations,
  StoreError,
  type ConversationRecord,
  type NewEvent,
} from "../../store/index.ts";
import type { ServerContext } from "../context.ts";
import { runCommand } from "./runCommand.ts";

/** Who ended a conversation: a teammate in the app, the sender (helpdesk, API), or the idle sweep. */
export type CloseReason = "teammate" | "sender" | "idle";

type CloseContext = Pick<ServerContext, "store" | "bus" | "ingest">;

const closedEvent = (
  c: Pick<ConversationRecord, "orgId" | "teamId" | "id">,
  reason: CloseReason,
): NewEvent => ({
  orgId: c.orgId,
  teamId: c.teamId,
  conversationId: c.id,
  type: "conversation.closed",
  payload: { conversationId: c.id, status: "closed", reason },
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
  reason: CloseReason,
  at?: number,
): Promise<boolean> {
  const closed = await runCommand(ctx, async (tx) => {
    try {
      await closeConversation(tx, {
        orgId: conversation.orgId,
        conversationId: conversation.id,
        ...(at !== undefined ? { at } : {}),
      });
    } catch (error) {
      if (error instanceof StoreError && error.code === "INVALID_TRANSITION")
        return { result: false, events: [] };
      throw error;
    }
    return { result: true, events: [closedEvent(conversation, reason)] };
  });
  ctx.ingest.forgetConversation(conversation.id);
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
    return { result: rows, events: rows.map((c) => closedEvent(c, "idle")) };
  });
  ctx.ingest.forgetConversations(new Set(closed.map((c) => c.id)));
  return closed.length;
}

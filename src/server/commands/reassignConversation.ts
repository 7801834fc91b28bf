import { updateConversation, type NewEvent, type Transaction } from "../../store/index.ts";
import type { ServerContext } from "../context.ts";

/**
 * Makes `personId` the conversation's agent in the command's transaction `tx`, and has the ingest
 * forget what it keeps of the conversation (its next line reads the new agent). Returns the
 * `conversation.transferred` event that tells the team's consoles, for the command to append.
 */
export async function reassignConversation(
  ctx: Pick<ServerContext, "ingest">,
  tx: Transaction,
  c: { orgId: string; teamId: string; conversationId: string; personId: string },
): Promise<NewEvent> {
  await updateConversation(tx, {
    orgId: c.orgId,
    conversationId: c.conversationId,
    assignedPersonId: c.personId,
  });
  ctx.ingest.forgetConversation(c.conversationId);
  return {
    orgId: c.orgId,
    teamId: c.teamId,
    conversationId: c.conversationId,
    type: "conversation.transferred",
    payload: { conversationId: c.conversationId, personId: c.personId },
  };
}

import { isUuid, readTextOrNull } from "./rows.ts";
import type { Queryable } from "./types.ts";

// Whose a conversation is, wherever one person is credited with it (My numbers, the huddle's
// check-in and warm-up, who to check on): one rule, one SQL expression.

/**
 * The SQL for the agent of the conversation row `c` (an alias with `org_id`, `id` and
 * `assigned_person_id`): the person its scorecard scores as the agent (whom teammates stepped in
 * to help, else the first to write to the customer; see processClosedConversation), and until it
 * is scored (still open, or closed with no agent), the teammate it is assigned to. A conversation
 * handed on (taken over, transferred) stays its first agent's: counted by the last assignee, it was
 * the receiver's conversation but the first agent's scorecard (the demo's Cho had 309 closed
 * conversations and 351 scorecards). The receiver's part is on their helper card and, for a
 * takeover, under help given.
 */
export const conversationAgentSql = (c = "c"): string =>
  `COALESCE((SELECT sa.agent_id FROM scorecards sa
     WHERE sa.org_id = ${c}.org_id AND sa.conversation_id = ${c}.id AND sa.role = 'agent'), ${c}.assigned_person_id)`;

/**
 * The agent of one conversation by that rule (`conversationAgentSql`): whose it is in the history
 * and the numbers, which for one handed on is not who has it now. Null when it has neither a
 * scorecard's agent nor an assignee, or is not the organisation's.
 */
export async function findConversationAgent(
  db: Queryable,
  orgId: string,
  conversationId: string,
): Promise<string | null> {
  if (!isUuid(conversationId)) return null;
  const [row] = await db.query(
    `SELECT ${conversationAgentSql("c")} AS agent_id FROM conversations c WHERE c.org_id = $1 AND c.id = $2`,
    [orgId, conversationId],
  );
  return row === undefined ? null : readTextOrNull(row, "agent_id");
}

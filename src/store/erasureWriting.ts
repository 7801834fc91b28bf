import { readText, readTextOrNull, toJsonParam } from "./rows.ts";
import type { Queryable } from "./types.ts";

/**
 * Teammates' own writing about conversations being erased: journal entries, feedback and the
 * replies to that feedback. Erasing a conversation keeps them (they are their authors', and set
 * their link to null), so the erasure first rewrites them without the customer's personal data.
 */
export interface WritingAboutConversation {
  table: "journal_entries" | "feedback" | "feedback_replies";
  id: string;
  conversationId: string;
  text: string;
}

/** The customers' names of conversations, by conversation id (null: never named). */
export async function findCustomerNamesOf(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, string | null>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.query(
    `SELECT c.id, cu.name FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id
     WHERE c.org_id = $1 AND c.id = ANY($2::uuid[])`,
    [orgId, [...conversationIds]],
  );
  return new Map(rows.map((r) => [readText(r, "id"), readTextOrNull(r, "name")]));
}

/** Journal entries, feedback and feedback replies about these conversations (by the indexes of 0038). */
export async function findWritingAboutConversations(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<WritingAboutConversation[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db.query(
    `SELECT 'journal_entries' AS tbl, id, conversation_id, text FROM journal_entries
       WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])
     UNION ALL
     SELECT 'feedback', id, conversation_id, text FROM feedback
       WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])
     UNION ALL
     SELECT 'feedback_replies', r.id, f.conversation_id, r.text
       FROM feedback_replies r JOIN feedback f ON f.id = r.feedback_id
       WHERE f.org_id = $1 AND f.conversation_id = ANY($2::uuid[])`,
    [orgId, [...conversationIds]],
  );
  return rows.map((r) => ({
    table: readText(r, "tbl") as WritingAboutConversation["table"],
    id: readText(r, "id"),
    conversationId: readText(r, "conversation_id"),
    text: readText(r, "text"),
  }));
}

/**
 * Replaces the text of pieces of writing (and, for feedback, the checker's verdict on it, whose
 * spans point into the text). Only the organisation's own rows are touched.
 */
export async function rewriteWriting(
  db: Queryable,
  orgId: string,
  changes: readonly { table: WritingAboutConversation["table"]; id: string; text: string; check?: unknown }[],
): Promise<void> {
  for (const c of changes) {
    if (c.table === "feedback") {
      await db.query(
        "UPDATE feedback SET text = $3, check_result = $4::jsonb WHERE org_id = $1 AND id = $2",
        [orgId, c.id, c.text, toJsonParam(c.check ?? null)],
      );
    } else {
      await db.query(`UPDATE ${c.table} SET text = $3 WHERE org_id = $1 AND id = $2`, [orgId, c.id, c.text]);
    }
  }
}

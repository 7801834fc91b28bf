import { isUuid, readMillis, readText, readTextOrNull, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

/** One customer-visible message, as exports carry it. */
export interface ExportMessageRow {
  conversationId: string;
  position: number;
  role: string;
  authorName: string | null;
  text: string;
  sentAt: number;
}

/**
 * The customer-visible messages (no whispers, notes or signals) of many conversations in one
 * query, in conversation and position order, for exports.
 */
export async function listMessagesForExport(
  db: Queryable,
  query: { orgId: string; conversationIds: string[] },
): Promise<ExportMessageRow[]> {
  const ids = query.conversationIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db.query(
    `SELECT conversation_id, position, role, author_name, text, sent_at FROM messages
     WHERE org_id = $1 AND conversation_id = ANY($2::uuid[]) AND kind = 'message'
     ORDER BY conversation_id, position`,
    [query.orgId, ids],
  );
  return rows.map((row: Row) => ({
    conversationId: readText(row, "conversation_id"),
    position: Number(row.position),
    role: readText(row, "role"),
    authorName: readTextOrNull(row, "author_name"),
    text: readText(row, "text"),
    sentAt: readMillis(row, "sent_at"),
  }));
}

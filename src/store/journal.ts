import { StoreError } from "./errors.ts";
import { isUuid, readMillis, readText, readTextOrNull, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

/**
 * The self-reflection journal. Private to its author by construction: every function here takes
 * the author's id and filters on it, so there is no way to read another person's entries through
 * the store, whatever the caller's role.
 */
export interface JournalEntryRecord {
  id: string;
  orgId: string;
  authorId: string;
  conversationId: string | null;
  text: string;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = "id, org_id, author_id, conversation_id, text, created_at, updated_at";

function toEntry(row: Row): JournalEntryRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    authorId: readText(row, "author_id"),
    conversationId: readTextOrNull(row, "conversation_id"),
    text: readText(row, "text"),
    createdAt: readMillis(row, "created_at"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

export async function createJournalEntry(
  db: Queryable,
  input: { orgId: string; authorId: string; conversationId?: string | null; text: string },
): Promise<JournalEntryRecord> {
  const [row] = await db.query(
    `INSERT INTO journal_entries (org_id, author_id, conversation_id, text) VALUES ($1, $2, $3, $4)
     RETURNING ${COLUMNS}`,
    [input.orgId, input.authorId, input.conversationId ?? null, input.text],
  );
  if (!row) throw new StoreError("INVALID_INPUT", "journal entry was not created");
  return toEntry(row);
}

export async function listJournalEntries(
  db: Queryable,
  query: {
    orgId: string;
    authorId: string;
    limit?: number;
    /** An entry's id: only the entries listed after it (older, or as old with a smaller id). */
    after?: string;
  },
): Promise<JournalEntryRecord[]> {
  if (query.after !== undefined && !isUuid(query.after)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM journal_entries WHERE org_id = $1 AND author_id = $2
       AND ($4::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM journal_entries WHERE org_id = $1 AND author_id = $2 AND id = $4))
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [query.orgId, query.authorId, Math.min(Math.max(query.limit ?? 100, 1), 1000), query.after ?? null],
  );
  return rows.map(toEntry);
}

export async function updateJournalEntry(
  db: Queryable,
  input: { orgId: string; authorId: string; id: string; text: string },
): Promise<JournalEntryRecord> {
  if (!isUuid(input.id)) throw new StoreError("NOT_FOUND", `journal entry ${input.id} not found`);
  const [row] = await db.query(
    `UPDATE journal_entries SET text = $4, updated_at = now()
     WHERE org_id = $1 AND author_id = $2 AND id = $3 RETURNING ${COLUMNS}`,
    [input.orgId, input.authorId, input.id, input.text],
  );
  if (!row) throw new StoreError("NOT_FOUND", `journal entry ${input.id} not found`);
  return toEntry(row);
}

export async function deleteJournalEntry(
  db: Queryable,
  input: { orgId: string; authorId: string; id: string },
): Promise<boolean> {
  if (!isUuid(input.id)) return false;
  const rows = await db.query(
    "DELETE FROM journal_entries WHERE org_id = $1 AND author_id = $2 AND id = $3 RETURNING id",
    [input.orgId, input.authorId, input.id],
  );
  return rows.length > 0;
}

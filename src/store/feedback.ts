import { StoreError } from "./errors.ts";
import {
  isUuid,
  readJson,
  readMillis,
  readMillisOrNull,
  readText,
  readTextOrNull,
  toJsonParam,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

/** Feedback from one teammate to another (loop 2): private to its author and its receiver. */
export interface FeedbackRecord {
  id: string;
  orgId: string;
  authorId: string;
  receiverId: string;
  conversationId: string | null;
  text: string;
  /** The checker's result when it was sent. */
  check: JsonValue;
  createdAt: number;
  readAt: number | null;
}

export interface FeedbackReplyRecord {
  id: string;
  orgId: string;
  feedbackId: string;
  authorId: string;
  text: string;
  createdAt: number;
}

const COLUMNS =
  "id, org_id, author_id, receiver_id, conversation_id, text, check_result, created_at, read_at";
const REPLY_COLUMNS = "id, org_id, feedback_id, author_id, text, created_at";

function toFeedback(row: Row): FeedbackRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    authorId: readText(row, "author_id"),
    receiverId: readText(row, "receiver_id"),
    conversationId: readTextOrNull(row, "conversation_id"),
    text: readText(row, "text"),
    check: readJson(row, "check_result"),
    createdAt: readMillis(row, "created_at"),
    readAt: readMillisOrNull(row, "read_at"),
  };
}

function toReply(row: Row): FeedbackReplyRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    feedbackId: readText(row, "feedback_id"),
    authorId: readText(row, "author_id"),
    text: readText(row, "text"),
    createdAt: readMillis(row, "created_at"),
  };
}

export async function createFeedback(
  db: Queryable,
  input: {
    orgId: string;
    authorId: string;
    receiverId: string;
    conversationId?: string | null;
    text: string;
    check: JsonValue;
  },
): Promise<FeedbackRecord> {
  if (input.authorId === input.receiverId)
    throw new StoreError("INVALID_INPUT", "feedback needs a receiver other than its author");
  const [row] = await db.query(
    `INSERT INTO feedback (org_id, author_id, receiver_id, conversation_id, text, check_result)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.authorId,
      input.receiverId,
      input.conversationId ?? null,
      input.text,
      toJsonParam(input.check),
    ],
  );
  if (!row) throw new StoreError("INVALID_INPUT", "feedback was not created");
  return toFeedback(row);
}

/**
 * One piece of feedback, only if `personId` wrote or received it: the store itself never hands
 * feedback to a third person, whatever their role.
 */
export async function findFeedbackForParticipant(
  db: Queryable,
  query: { orgId: string; id: string; personId: string },
): Promise<FeedbackRecord | null> {
  if (!isUuid(query.id)) return null;
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM feedback WHERE org_id = $1 AND id = $2 AND (author_id = $3 OR receiver_id = $3)`,
    [query.orgId, query.id, query.personId],
  );
  return row ? toFeedback(row) : null;
}

/** A person's feedback: what they received or what they sent, newest first. */
export async function listFeedbackForParticipant(
  db: Queryable,
  query: {
    orgId: string;
    personId: string;
    box: "received" | "sent";
    limit?: number;
    /** An item's id: only the feedback listed after it (older, or as old with a smaller id). */
    after?: string;
  },
): Promise<FeedbackRecord[]> {
  if (query.after !== undefined && !isUuid(query.after)) return [];
  const column = query.box === "received" ? "receiver_id" : "author_id";
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM feedback WHERE org_id = $1 AND ${column} = $2
       AND ($4::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM feedback WHERE org_id = $1 AND ${column} = $2 AND id = $4))
     ORDER BY created_at DESC, id DESC LIMIT $3`,
    [query.orgId, query.personId, Math.min(Math.max(query.limit ?? 100, 1), 1000), query.after ?? null],
  );
  return rows.map(toFeedback);
}

/** The receiver has opened it; the first time counts. */
export async function markFeedbackRead(
  db: Queryable,
  input: { orgId: string; id: string; receiverId: string; at?: number },
): Promise<void> {
  await db.query(
    `UPDATE feedback SET read_at = COALESCE(read_at, $4::timestamptz, now())
     WHERE org_id = $1 AND id = $2 AND receiver_id = $3`,
    [input.orgId, input.id, input.receiverId, input.at === undefined ? null : new Date(input.at)],
  );
}

export async function appendFeedbackReply(
  db: Queryable,
  input: { orgId: string; feedbackId: string; authorId: string; text: string },
): Promise<FeedbackReplyRecord> {
  const [row] = await db.query(
    `INSERT INTO feedback_replies (org_id, feedback_id, author_id, text)
     SELECT $1, f.id, $3, $4 FROM feedback f
     WHERE f.org_id = $1 AND f.id = $2 AND (f.author_id = $3 OR f.receiver_id = $3)
     RETURNING ${REPLY_COLUMNS}`,
    [input.orgId, input.feedbackId, input.authorId, input.text],
  );
  if (!row) throw new StoreError("NOT_FOUND", `feedback ${input.feedbackId} not found`);
  return toReply(row);
}

export async function listFeedbackReplies(
  db: Queryable,
  query: { orgId: string; feedbackIds: string[] },
): Promise<FeedbackReplyRecord[]> {
  const rows = await db.query(
    `SELECT ${REPLY_COLUMNS} FROM feedback_replies WHERE org_id = $1 AND feedback_id = ANY($2::uuid[])
     ORDER BY created_at, id`,
    [query.orgId, query.feedbackIds.filter(isUuid)],
  );
  return rows.map(toReply);
}

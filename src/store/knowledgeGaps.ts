import { StoreError } from "./errors.ts";
import { isUuid, readMillis, readNumber, readText, readTextArray, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

export type KnowledgeGapReason =
  "hedged" | "vague" | "deferred_without_follow_up" | "unanswered" | "asked_again";
export const KNOWLEDGE_GAP_REASONS: readonly KnowledgeGapReason[] = [
  "hedged",
  "vague",
  "deferred_without_follow_up",
  "unanswered",
  "asked_again",
];
export type KnowledgeGapStatus = "open" | "resolved";

/** A customer question an agent could not answer, for the KB owner (text already PII-redacted). */
export interface KnowledgeGapRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  question: string;
  questionIndex: number;
  topic: string;
  reason: KnowledgeGapReason;
  status: KnowledgeGapStatus;
  /** The published fact that answered it, when one did (else null: open, or resolved by hand). */
  answeredByFactId: string | null;
  createdAt: number;
}

export interface NewKnowledgeGap {
  orgId: string;
  teamId: string;
  conversationId: string;
  question: string;
  questionIndex: number;
  topic: string;
  reason: KnowledgeGapReason;
}

const COLUMNS =
  "id, org_id, team_id, conversation_id, question, question_index, topic, reason, status, answered_by_fact_id, created_at";

function toGap(row: Row): KnowledgeGapRecord {
  const reason = readText(row, "reason");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    question: readText(row, "question"),
    questionIndex: readNumber(row, "question_index"),
    topic: readText(row, "topic"),
    reason: KNOWLEDGE_GAP_REASONS.find((r) => r === reason) ?? "unanswered",
    status: readText(row, "status") === "resolved" ? "resolved" : "open",
    answeredByFactId: typeof row.answered_by_fact_id === "string" ? row.answered_by_fact_id : null,
    createdAt: readMillis(row, "created_at"),
  };
}

/** Records a conversation's gaps; one already recorded (same question and reason) is skipped. */
export async function appendKnowledgeGaps(
  db: Queryable,
  rows: readonly NewKnowledgeGap[],
): Promise<KnowledgeGapRecord[]> {
  const out: KnowledgeGapRecord[] = [];
  for (const g of rows) {
    const inserted = await db.query(
      `INSERT INTO knowledge_gaps (org_id, team_id, conversation_id, question, question_index, topic, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (conversation_id, question_index, reason) DO NOTHING RETURNING ${COLUMNS}`,
      [g.orgId, g.teamId, g.conversationId, g.question, g.questionIndex, g.topic, g.reason],
    );
    out.push(...inserted.map(toGap));
  }
  return out;
}

/** Gaps, newest first: of teams (all of the org's when omitted), of one conversation, or both. */
export async function listKnowledgeGaps(
  db: Queryable,
  query: {
    orgId: string;
    teamIds?: string[];
    conversationId?: string;
    status?: KnowledgeGapStatus;
    /** Only the gaps a published fact answered (true). */
    answered?: boolean;
    limit?: number;
  },
): Promise<KnowledgeGapRecord[]> {
  if (query.conversationId !== undefined && !isUuid(query.conversationId)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM knowledge_gaps
     WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND ($3::text IS NULL OR status = $3)
       AND ($5::uuid IS NULL OR conversation_id = $5) AND (NOT $6::boolean OR answered_by_fact_id IS NOT NULL)
     ORDER BY created_at DESC, id LIMIT $4`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.status ?? null,
      Math.min(Math.max(query.limit ?? 200, 1), 5000),
      query.conversationId ?? null,
      query.answered === true,
    ],
  );
  return rows.map(toGap);
}

export async function findKnowledgeGapById(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<KnowledgeGapRecord | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.query(`SELECT ${COLUMNS} FROM knowledge_gaps WHERE org_id = $1 AND id = $2`, [
    orgId,
    id,
  ]);
  return row ? toGap(row) : null;
}

export async function resolveKnowledgeGap(
  db: Queryable,
  input: { orgId: string; id: string },
): Promise<KnowledgeGapRecord> {
  if (!isUuid(input.id)) throw new StoreError("NOT_FOUND", `knowledge gap ${input.id} not found`);
  const [row] = await db.query(
    `UPDATE knowledge_gaps SET status = 'resolved' WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [input.orgId, input.id],
  );
  if (!row) throw new StoreError("NOT_FOUND", `knowledge gap ${input.id} not found`);
  return toGap(row);
}

/** Resolves open gaps as answered by a published fact; returns those it resolved. */
export async function answerKnowledgeGaps(
  db: Queryable,
  input: { orgId: string; factId: string; ids: readonly string[] },
): Promise<KnowledgeGapRecord[]> {
  const ids = input.ids.filter(isUuid);
  if (ids.length === 0 || !isUuid(input.factId)) return [];
  const rows = await db.query(
    `UPDATE knowledge_gaps SET status = 'resolved', answered_by_fact_id = $2
      WHERE org_id = $1 AND id = ANY($3::uuid[]) AND status = 'open' RETURNING ${COLUMNS}`,
    [input.orgId, input.factId, ids],
  );
  return rows.map(toGap);
}

/**
 * The customers' questions of a team's gaps of some topics (the newest 50 of each), for titling a
 * topic by its clearest question where only its key words were kept.
 */
export async function listGapQuestionsByTopic(
  db: Queryable,
  query: { orgId: string; teamId: string; topics: readonly string[] },
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!isUuid(query.teamId) || query.topics.length === 0) return out;
  const rows = await db.query(
    `SELECT topic, (array_agg(question ORDER BY created_at DESC))[1:50] AS questions
       FROM knowledge_gaps
      WHERE org_id = $1 AND team_id = $2 AND topic = ANY($3::text[])
      GROUP BY topic`,
    [query.orgId, query.teamId, [...query.topics]],
  );
  for (const row of rows) out.set(readText(row, "topic"), readTextArray(row, "questions"));
  return out;
}

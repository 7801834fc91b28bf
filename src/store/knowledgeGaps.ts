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
  /** Which wordings are the same question (the engine's questionKey), for finding an answer by it. */
  questionKey: string;
  /** The derivation of `topic` and `questionKey` (the engine's GAP_KEYS_VERSION). */
  keysVersion: number;
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
      `INSERT INTO knowledge_gaps (org_id, team_id, conversation_id, question, question_index, topic, reason,
         question_key, keys_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (conversation_id, question_index, reason) DO NOTHING RETURNING ${COLUMNS}`,
      [
        g.orgId,
        g.teamId,
        g.conversationId,
        g.question,
        g.questionIndex,
        g.topic,
        g.reason,
        g.questionKey,
        g.keysVersion,
      ],
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

/**
 * For each of some questions (by key) of a team, the published fact that answered it last: the fact
 * of the newest answered gap with that key whose fact is still published (the team's, or the
 * organisation's). Only those keys' answered gaps are read (an index of the answered gaps by key).
 */
export async function findFactsAnsweringQuestions(
  db: Queryable,
  query: { orgId: string; teamId: string; questionKeys: readonly string[] },
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const keys = [...new Set(query.questionKeys)];
  if (!isUuid(query.teamId) || keys.length === 0) return out;
  const rows = await db.query(
    `SELECT DISTINCT ON (g.question_key) g.question_key, g.answered_by_fact_id
       FROM knowledge_gaps g
       JOIN knowledge_facts f ON f.id = g.answered_by_fact_id AND f.org_id = g.org_id
        AND f.status = 'published' AND (f.team_id IS NULL OR f.team_id = g.team_id)
      WHERE g.org_id = $1 AND g.team_id = $2 AND g.question_key = ANY($3::text[])
        AND g.answered_by_fact_id IS NOT NULL AND g.status = 'resolved'
      ORDER BY g.question_key, g.created_at DESC, g.id`,
    [query.orgId, query.teamId, keys],
  );
  for (const row of rows) out.set(readText(row, "question_key"), readText(row, "answered_by_fact_id"));
  return out;
}

/** Gaps whose stored keys were derived before `version` (oldest derivation first), to derive again. */
export async function listGapsToRekey(
  db: Queryable,
  query: { version: number; limit: number },
): Promise<{ id: string; question: string }[]> {
  const rows = await db.query(
    `SELECT id, question FROM knowledge_gaps WHERE keys_version < $1 ORDER BY keys_version, id LIMIT $2`,
    [query.version, Math.min(Math.max(query.limit, 1), 5000)],
  );
  return rows.map((row) => ({ id: readText(row, "id"), question: readText(row, "question") }));
}

/** Stores gaps' keys derived again (`version`); a row already at `version` or later is left. Returns how many changed. */
export async function rekeyKnowledgeGaps(
  db: Queryable,
  input: { version: number; rows: readonly { id: string; topic: string; questionKey: string }[] },
): Promise<number> {
  const rows = input.rows.filter((r) => isUuid(r.id));
  if (rows.length === 0) return 0;
  const updated = await db.query(
    `UPDATE knowledge_gaps g SET topic = v.topic, question_key = v.question_key, keys_version = $1
       FROM unnest($2::uuid[], $3::text[], $4::text[]) AS v (id, topic, question_key)
      WHERE g.id = v.id AND g.keys_version < $1
      RETURNING g.id`,
    [input.version, rows.map((r) => r.id), rows.map((r) => r.topic), rows.map((r) => r.questionKey)],
  );
  return updated.length;
}

/** One question of the open gaps: every open gap of a team with its question key (or one gap without a key). */
export interface GapQuestionRecord {
  teamId: string;
  /** The key its gaps share (null: a gap stored before keys, alone on its row). */
  questionKey: string | null;
  /** The newest open gap of the question: resolving the question is asked by it. */
  id: string;
  /** How many open gaps ask it: every one, however many. */
  asked: number;
  /** The newest askings, newest first (at most 50), for a title. */
  questions: string[];
  topic: string;
  reason: KnowledgeGapReason;
  /** The newest asking's conversation. */
  conversationId: string;
  lastAt: number;
}

/**
 * The open gaps one row per question (team and question key), most asked first, then the most
 * recently asked: a question asked 2,211 times is one row that says 2,211, however many rows
 * `limit` (questions, not gaps) lets through; `total` counts the questions beyond it too.
 */
export async function listOpenGapQuestions(
  db: Queryable,
  query: { orgId: string; teamIds?: string[]; limit?: number },
): Promise<{ questions: GapQuestionRecord[]; total: number }> {
  const rows = await db.query(
    `SELECT team_id, question_key, count(*)::int AS asked, (count(*) OVER ())::int AS total, max(created_at) AS last_at,
            (array_agg(id ORDER BY created_at DESC, id))[1] AS id,
            (array_agg(conversation_id ORDER BY created_at DESC, id))[1] AS conversation_id,
            (array_agg(topic ORDER BY created_at DESC, id))[1] AS topic,
            (array_agg(reason ORDER BY created_at DESC, id))[1] AS reason,
            (array_agg(question ORDER BY created_at DESC, id))[1:50] AS questions
       FROM knowledge_gaps
      WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND status = 'open'
      GROUP BY team_id, question_key, COALESCE(question_key, id::text)
      ORDER BY asked DESC, last_at DESC, id
      LIMIT $3`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      Math.min(Math.max(query.limit ?? 200, 1), 1000),
    ],
  );
  const questions = rows.map((row) => {
    const reason = readText(row, "reason");
    return {
      teamId: readText(row, "team_id"),
      questionKey: typeof row.question_key === "string" ? row.question_key : null,
      id: readText(row, "id"),
      asked: readNumber(row, "asked"),
      questions: readTextArray(row, "questions"),
      topic: readText(row, "topic"),
      reason: KNOWLEDGE_GAP_REASONS.find((r) => r === reason) ?? "unanswered",
      conversationId: readText(row, "conversation_id"),
      lastAt: readMillis(row, "last_at"),
    };
  });
  return { questions, total: rows[0] === undefined ? 0 : readNumber(rows[0], "total") };
}

/**
 * Resolves every open gap asking the question of gap `id`: its team's open gaps with its question
 * key (only it, when it has none). Returns how many it resolved.
 */
export async function resolveGapQuestion(
  db: Queryable,
  input: { orgId: string; id: string },
): Promise<number> {
  if (!isUuid(input.id)) throw new StoreError("NOT_FOUND", `knowledge gap ${input.id} not found`);
  const rows = await db.query(
    `UPDATE knowledge_gaps g SET status = 'resolved'
       FROM knowledge_gaps q
      WHERE q.org_id = $1 AND q.id = $2 AND g.org_id = q.org_id AND g.team_id = q.team_id AND g.status = 'open'
        AND (g.id = q.id OR (q.question_key IS NOT NULL AND g.question_key = q.question_key))
      RETURNING g.id`,
    [input.orgId, input.id],
  );
  return rows.length;
}

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
  /** Which derivation of `topic` and `questionKey` wrote them (the server's gapKeysDerivation()). */
  keysDerivation: string;
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
         question_key, keys_derivation)
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
        g.keysDerivation,
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

/**
 * Where a page of gaps ended: the last gap's time (microseconds since the epoch, exact) and id, as
 * `micros.id`; the next page starts after it.
 */
export const GAP_LIST_CURSOR = /^(\d{1,17})\.([0-9a-f-]{36})$/;

/**
 * Gaps of teams (all of the org's when `teamIds` is omitted), newest first, a page at a time:
 * `limit` gaps (1..1000, default 200) after `cursor` (a page's `nextCursor`, null on the last page),
 * with `total`, how many gaps there are on every page.
 */
export async function listKnowledgeGapPage(
  db: Queryable,
  query: {
    orgId: string;
    teamIds?: string[];
    status?: KnowledgeGapStatus;
    limit?: number;
    cursor?: string;
  },
): Promise<{ gaps: KnowledgeGapRecord[]; total: number; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
  const m = query.cursor === undefined ? null : GAP_LIST_CURSOR.exec(query.cursor);
  const [afterUs, afterId] = m !== null && isUuid(m[2] ?? "") ? [m[1] ?? "0", m[2] ?? ""] : [null, null];
  const teamIds = query.teamIds ? query.teamIds.filter(isUuid) : null;
  const where = `org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND ($3::text IS NULL OR status = $3)`;
  const rows = await db.query(
    `SELECT ${COLUMNS}, (extract(epoch FROM created_at) * 1000000)::bigint::text AS cursor_us
       FROM knowledge_gaps
      WHERE ${where}
        AND ($5::bigint IS NULL OR created_at < 'epoch'::timestamptz + $5::bigint * interval '1 microsecond'
             OR (created_at = 'epoch'::timestamptz + $5::bigint * interval '1 microsecond' AND id > $6::uuid))
      ORDER BY created_at DESC, id LIMIT $4`,
    [query.orgId, teamIds, query.status ?? null, limit + 1, afterUs, afterId],
  );
  const [count] = await db.query(`SELECT count(*)::int AS total FROM knowledge_gaps WHERE ${where}`, [
    query.orgId,
    teamIds,
    query.status ?? null,
  ]);
  const last = rows[limit - 1];
  return {
    gaps: rows.slice(0, limit).map(toGap),
    total: count === undefined ? 0 : readNumber(count, "total"),
    nextCursor:
      rows.length > limit && last !== undefined
        ? `${readText(last, "cursor_us")}.${readText(last, "id")}`
        : null,
  };
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

/**
 * Gaps whose stored keys another derivation than `derivation` wrote (older code, or none: ''), to
 * derive again. `<` or `>` rather than `<>`, so the index finds them without reading the rest.
 */
export async function listGapsToRekey(
  db: Queryable,
  query: { derivation: string; limit: number },
): Promise<{ id: string; question: string }[]> {
  const rows = await db.query(
    `SELECT id, question FROM knowledge_gaps WHERE keys_derivation < $1 OR keys_derivation > $1 LIMIT $2`,
    [query.derivation, Math.min(Math.max(query.limit, 1), 5000)],
  );
  return rows.map((row) => ({ id: readText(row, "id"), question: readText(row, "question") }));
}

/** Stores gaps' keys derived again by `derivation`; a row it already wrote is left. Returns how many changed. */
export async function rekeyKnowledgeGaps(
  db: Queryable,
  input: { derivation: string; rows: readonly { id: string; topic: string; questionKey: string }[] },
): Promise<number> {
  const rows = input.rows.filter((r) => isUuid(r.id));
  if (rows.length === 0) return 0;
  const updated = await db.query(
    `UPDATE knowledge_gaps g SET topic = v.topic, question_key = v.question_key, keys_derivation = $1
       FROM unnest($2::uuid[], $3::text[], $4::text[]) AS v (id, topic, question_key)
      WHERE g.id = v.id AND g.keys_derivation <> $1
      RETURNING g.id`,
    [input.derivation, rows.map((r) => r.id), rows.map((r) => r.topic), rows.map((r) => r.questionKey)],
  );
  return updated.length;
}

/** An open gap a fact may answer, as publishing matches it: one per team, question key and topic. */
export interface OpenGapCandidate {
  id: string;
  teamId: string;
  conversationId: string;
  question: string;
  /** Null: a gap of another derivation (its keys are made again from `question`), or one without a key. */
  questionKey: string | null;
  topic: string;
  /** Written by the derivation asked about: its topic and key are current. */
  current: boolean;
}

/**
 * The open gaps (of one team, or of all the organisation's with `teamId` null) whose stored topic has
 * at least two words, all of them in `words`: one per team, question key and topic (the rest ask the
 * same question in the same words), by the index of open gaps' topic words. Then every open gap of
 * another derivation than `derivation` (its stored topic may be stale; normally none), for the
 * caller to match from its question. Both bounded by `limit`.
 */
export async function findOpenGapCandidates(
  db: Queryable,
  query: {
    orgId: string;
    teamId: string | null;
    words: readonly string[];
    derivation: string;
    limit: number;
  },
): Promise<OpenGapCandidate[]> {
  if (query.teamId !== null && !isUuid(query.teamId)) return [];
  const limit = Math.min(Math.max(query.limit, 1), 5000);
  const matched =
    query.words.length === 0
      ? []
      : await db.query(
          `SELECT DISTINCT ON (team_id, COALESCE(question_key, id::text), topic)
                  id, team_id, conversation_id, question, question_key, topic
             FROM knowledge_gaps
            WHERE status = 'open' AND string_to_array(topic, ' ') <@ $3::text[]
              AND cardinality(string_to_array(topic, ' ')) >= 2
              AND org_id = $1 AND ($2::uuid IS NULL OR team_id = $2) AND keys_derivation = $4
            ORDER BY team_id, COALESCE(question_key, id::text), topic, created_at DESC, id
            LIMIT $5`,
          [query.orgId, query.teamId, [...new Set(query.words)], query.derivation, limit],
        );
  const stale = await db.query(
    `SELECT id, team_id, conversation_id, question, question_key, topic
       FROM knowledge_gaps
      WHERE (keys_derivation < $3 OR keys_derivation > $3)
        AND status = 'open' AND org_id = $1 AND ($2::uuid IS NULL OR team_id = $2)
      LIMIT $4`,
    [query.orgId, query.teamId, query.derivation, limit],
  );
  const toCandidate = (row: Row, current: boolean): OpenGapCandidate => ({
    id: readText(row, "id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    question: readText(row, "question"),
    questionKey: current && typeof row.question_key === "string" ? row.question_key : null,
    topic: readText(row, "topic"),
    current,
  });
  return [...matched.map((r) => toCandidate(r, true)), ...stale.map((r) => toCandidate(r, false))];
}

/**
 * Resolves as answered by a published fact the open gaps `ids`, and every open gap of the same team
 * whose stored key (written by `derivation`) is one of `questions`: every asking of the questions the
 * fact answers, without reading them first (an index of the open gaps by team and key). Returns how
 * many it resolved.
 */
export async function answerGapQuestions(
  db: Queryable,
  input: {
    orgId: string;
    factId: string;
    ids: readonly string[];
    questions: readonly { teamId: string; questionKey: string }[];
    derivation: string;
  },
): Promise<number> {
  const ids = input.ids.filter(isUuid);
  const questions = input.questions.filter((q) => isUuid(q.teamId));
  if ((ids.length === 0 && questions.length === 0) || !isUuid(input.factId)) return 0;
  const rows = await db.query(
    `UPDATE knowledge_gaps SET status = 'resolved', answered_by_fact_id = $2
      WHERE org_id = $1 AND status = 'open'
        AND (id = ANY($3::uuid[])
          OR (keys_derivation = $6 AND (team_id, question_key) IN (
                SELECT * FROM unnest($4::uuid[], $5::text[]))))
      RETURNING id`,
    [
      input.orgId,
      input.factId,
      ids,
      questions.map((q) => q.teamId),
      questions.map((q) => q.questionKey),
      input.derivation,
    ],
  );
  return rows.length;
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
 * Where a page of questions ended: the last row's count, newest asking (microseconds since the
 * epoch, exact) and id, as `asked.micros.id`; the next page starts after it.
 */
export const GAP_PAGE_CURSOR = /^(\d{1,9})\.(\d{1,17})\.([0-9a-f-]{36})$/;

function readCursor(cursor: string | undefined): [number, string, string] | [null, null, null] {
  const m = cursor === undefined ? null : GAP_PAGE_CURSOR.exec(cursor);
  if (m === null || !isUuid(m[3] ?? "")) return [null, null, null];
  return [Number(m[1]), m[2] ?? "0", m[3] ?? ""];
}

const cursorOf = (row: Row, idColumn: string): string =>
  `${readNumber(row, "asked")}.${readText(row, "cursor_us")}.${readText(row, idColumn)}`;

/**
 * The open gaps one row per question (team and question key), most asked first, then the most
 * recently asked: a question asked 2,211 times is one row that says 2,211, however many rows
 * `limit` (questions, not gaps) lets through; `total` counts every question, those of other pages
 * too. `cursor` (a page's `nextCursor`, null on the last page) gives the questions after it.
 */
export async function listOpenGapQuestions(
  db: Queryable,
  query: { orgId: string; teamIds?: string[]; limit?: number; cursor?: string },
): Promise<{ questions: GapQuestionRecord[]; total: number; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
  const [afterAsked, afterUs, afterId] = readCursor(query.cursor);
  const rows = await db.query(
    `WITH q AS (
       SELECT team_id, question_key, count(*)::int AS asked, max(created_at) AS last_at,
              (extract(epoch FROM max(created_at)) * 1000000)::bigint AS last_us,
              (array_agg(id ORDER BY created_at DESC, id))[1] AS id,
              (array_agg(conversation_id ORDER BY created_at DESC, id))[1] AS conversation_id,
              (array_agg(topic ORDER BY created_at DESC, id))[1] AS topic,
              (array_agg(reason ORDER BY created_at DESC, id))[1] AS reason,
              (array_agg(question ORDER BY created_at DESC, id))[1:50] AS questions
         FROM knowledge_gaps
        WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND status = 'open'
        GROUP BY team_id, question_key, COALESCE(question_key, id::text))
     SELECT q.*, q.last_us::text AS cursor_us, (SELECT count(*) FROM q)::int AS total FROM q
      WHERE $4::int IS NULL OR asked < $4
         OR (asked = $4 AND (q.last_us < $5::bigint OR (q.last_us = $5::bigint AND id > $6::uuid)))
      ORDER BY asked DESC, q.last_us DESC, id
      LIMIT $3`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      limit + 1,
      afterAsked,
      afterUs,
      afterId,
    ],
  );
  const questions = rows.slice(0, limit).map((row) => {
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
  const last = rows[limit - 1];
  const total = rows[0] === undefined ? await countOpenGapQuestions(db, query) : readNumber(rows[0], "total");
  return {
    questions,
    total,
    nextCursor: rows.length > limit && last !== undefined ? cursorOf(last, "id") : null,
  };
}

/** How many questions the open gaps ask (a page past the last one still says how many there are). */
async function countOpenGapQuestions(
  db: Queryable,
  query: { orgId: string; teamIds?: string[] },
): Promise<number> {
  const [row] = await db.query(
    `SELECT count(DISTINCT (team_id, COALESCE(question_key, id::text)))::int AS total FROM knowledge_gaps
      WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND status = 'open'`,
    [query.orgId, query.teamIds ? query.teamIds.filter(isUuid) : null],
  );
  return row === undefined ? 0 : readNumber(row, "total");
}

/** One way the questions a fact answered were asked: its gaps with one question key. */
export interface AnsweredWordingRecord {
  questionKey: string | null;
  asked: number;
  /** The newest askings, newest first (at most 50), for a title. */
  questions: string[];
  conversationId: string;
  lastAt: number;
}

/** The gaps of a team a published fact answered, one row per fact. */
export interface AnsweredGapQuestionRecord {
  teamId: string;
  factId: string;
  /** The fact's statement (what the page quotes as the answer). */
  statement: string;
  asked: number;
  /** The newest askings of every wording, newest first (at most 50), for a title. */
  questions: string[];
  conversationId: string;
  lastAt: number;
  /** Its wordings, most asked first (at most 20). */
  wordings: AnsweredWordingRecord[];
  /** How many wordings there are, those beyond the 20 too. */
  wordingCount: number;
}

const WORDINGS_SHOWN = 20;

/**
 * The gaps published facts answered, one row per team and fact (its gaps' questions may share no
 * key: one fact answers "Does a $60 order ship free?" and "How much is postage on a $60 order?"),
 * most asked first, then the most recently asked, with each row's wordings (one per question key).
 * Paged like {@link listOpenGapQuestions}; only the page's rows' wordings are read.
 */
export async function listAnsweredGapQuestions(
  db: Queryable,
  query: { orgId: string; teamIds?: string[]; limit?: number; cursor?: string },
): Promise<{ questions: AnsweredGapQuestionRecord[]; total: number; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 200);
  const [afterAsked, afterUs, afterKey] = readCursor(query.cursor);
  const teamIds = query.teamIds ? query.teamIds.filter(isUuid) : null;
  // The row's id in the cursor: the fact's and the team's ids, one uuid made of both (md5).
  const rows = await db.query(
    `WITH a AS (
       SELECT team_id, answered_by_fact_id AS fact_id, count(*)::int AS asked, max(created_at) AS last_at,
              (extract(epoch FROM max(created_at)) * 1000000)::bigint AS last_us,
              md5(answered_by_fact_id::text || team_id::text)::uuid AS row_key,
              (array_agg(conversation_id ORDER BY created_at DESC, id))[1] AS conversation_id,
              (array_agg(question ORDER BY created_at DESC, id))[1:50] AS questions
         FROM knowledge_gaps
        WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND status = 'resolved'
          AND answered_by_fact_id IS NOT NULL
        GROUP BY team_id, answered_by_fact_id)
     SELECT a.*, a.last_us::text AS cursor_us, f.statement, (SELECT count(*) FROM a)::int AS total
       FROM a JOIN knowledge_facts f ON f.id = a.fact_id
      WHERE $4::int IS NULL OR a.asked < $4
         OR (a.asked = $4 AND (a.last_us < $5::bigint OR (a.last_us = $5::bigint AND a.row_key > $6::uuid)))
      ORDER BY a.asked DESC, a.last_us DESC, a.row_key
      LIMIT $3`,
    [query.orgId, teamIds, limit + 1, afterAsked, afterUs, afterKey],
  );
  const page = rows.slice(0, limit);
  const wordings = new Map<string, AnsweredWordingRecord[]>();
  const wordingCounts = new Map<string, number>();
  if (page.length > 0) {
    const found = await db.query(
      `SELECT team_id, answered_by_fact_id AS fact_id, question_key, count(*)::int AS asked,
              max(created_at) AS last_at, count(*) OVER (PARTITION BY team_id, answered_by_fact_id)::int AS wordings,
              (array_agg(conversation_id ORDER BY created_at DESC, id))[1] AS conversation_id,
              (array_agg(question ORDER BY created_at DESC, id))[1:50] AS questions
         FROM knowledge_gaps
        WHERE org_id = $1 AND status = 'resolved'
          AND (team_id, answered_by_fact_id) IN (SELECT * FROM unnest($2::uuid[], $3::uuid[]))
        GROUP BY team_id, answered_by_fact_id, question_key, COALESCE(question_key, id::text)
        ORDER BY asked DESC, last_at DESC`,
      [query.orgId, page.map((r) => readText(r, "team_id")), page.map((r) => readText(r, "fact_id"))],
    );
    for (const row of found) {
      const key = `${readText(row, "team_id")}|${readText(row, "fact_id")}`;
      wordingCounts.set(key, readNumber(row, "wordings"));
      const list = wordings.get(key) ?? [];
      if (list.length < WORDINGS_SHOWN)
        list.push({
          questionKey: typeof row.question_key === "string" ? row.question_key : null,
          asked: readNumber(row, "asked"),
          questions: readTextArray(row, "questions"),
          conversationId: readText(row, "conversation_id"),
          lastAt: readMillis(row, "last_at"),
        });
      wordings.set(key, list);
    }
  }
  const questions = page.map((row) => {
    const key = `${readText(row, "team_id")}|${readText(row, "fact_id")}`;
    return {
      teamId: readText(row, "team_id"),
      factId: readText(row, "fact_id"),
      statement: readText(row, "statement"),
      asked: readNumber(row, "asked"),
      questions: readTextArray(row, "questions"),
      conversationId: readText(row, "conversation_id"),
      lastAt: readMillis(row, "last_at"),
      wordings: wordings.get(key) ?? [],
      wordingCount: wordingCounts.get(key) ?? 0,
    };
  });
  const last = rows[limit - 1];
  return {
    questions,
    total: rows[0] === undefined ? 0 : readNumber(rows[0], "total"),
    nextCursor: rows.length > limit && last !== undefined ? cursorOf(last, "row_key") : null,
  };
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

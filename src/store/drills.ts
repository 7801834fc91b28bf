// Loop 3, role-play drills (migration 0030): practice scenarios made from a team's hard
// conversations, and the drill sessions run against them. Every read filters on the organisation;
// who may read which scenario or session is the server's policy (src/server/practice/policies.ts).
import {
  findInOrg,
  isUuid,
  readJson,
  readMillis,
  readMillisOrNull,
  readNumber,
  readNumberOrNull,
  readText,
  readTextArray,
  readTextOrNull,
  toJsonParam,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

/** `abandoned` is never stored: an active drill without a turn for `DRILL_ABANDONED_AFTER_HOURS` reads so. */
export type PracticeSessionStatus =
  "active" | "satisfied" | "walked_away" | "max_turns" | "ended" | "abandoned";
const STATUSES: readonly PracticeSessionStatus[] = [
  "active",
  "satisfied",
  "walked_away",
  "max_turns",
  "ended",
  "abandoned",
];

/**
 * A drill nobody has written in for this long is over, abandoned: no turn can follow, it has no
 * score and it is not one the trainee finished. Left open it read "in progress" forever. Read from
 * the row (its last turn is `updated_at`, by the database's clock like the turns), so it needs no
 * job to close it and no one waits for one.
 */
export const DRILL_ABANDONED_AFTER_HOURS = 24;
const ABANDONED = `(status = 'active' AND updated_at < now() - interval '${DRILL_ABANDONED_AFTER_HOURS} hours')`;

export interface PracticeScenarioRecord {
  id: string;
  orgId: string;
  teamId: string;
  sourceConversationId: string | null;
  createdBy: string | null;
  title: string;
  topic: string | null;
  persona: JsonValue;
  rootCause: string | null;
  goodReply: string[];
  customerLines: JsonValue;
  closing: string;
  createdAt: number;
}

export type PracticeMode = "solo" | "pair";

export interface PracticeSessionRecord {
  id: string;
  orgId: string;
  teamId: string;
  scenarioId: string;
  /** Who practises the agent's side. */
  traineeId: string;
  /** "pair": a teammate (`customerPlayerId`) plays the customer instead of the simulation. */
  mode: PracticeMode;
  customerPlayerId: string | null;
  /** The finished pair drill this one plays with the parts swapped (migration 0036); one per drill. */
  swapOf: string | null;
  status: PracticeSessionStatus;
  replies: string[];
  turns: JsonValue;
  score: JsonValue | null;
  overall: number | null;
  reviewComment: string | null;
  reviewCheck: JsonValue | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  createdAt: number;
  updatedAt: number;
  endedAt: number | null;
}

const SCENARIO_COLUMNS = `id, org_id, team_id, source_conversation_id, created_by, title, topic, persona, root_cause,
  good_reply, customer_lines, closing, created_at`;
const SESSION_COLUMNS = `id, org_id, team_id, scenario_id, trainee_id, mode, customer_player_id, swap_of,
  CASE WHEN ${ABANDONED} THEN 'abandoned' ELSE status END AS status, replies, turns, score, overall,
  review_comment, review_check, reviewed_by, reviewed_at, created_at, updated_at,
  CASE WHEN ${ABANDONED} THEN updated_at + interval '${DRILL_ABANDONED_AFTER_HOURS} hours' ELSE ended_at END AS ended_at`;

function toScenario(row: Row): PracticeScenarioRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    sourceConversationId: readTextOrNull(row, "source_conversation_id"),
    createdBy: readTextOrNull(row, "created_by"),
    title: readText(row, "title"),
    topic: readTextOrNull(row, "topic"),
    persona: readJson(row, "persona"),
    rootCause: readTextOrNull(row, "root_cause"),
    goodReply: readTextArray(row, "good_reply"),
    customerLines: readJson(row, "customer_lines"),
    closing: readText(row, "closing"),
    createdAt: readMillis(row, "created_at"),
  };
}

function toSession(row: Row): PracticeSessionRecord {
  const status = readText(row, "status");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    scenarioId: readText(row, "scenario_id"),
    traineeId: readText(row, "trainee_id"),
    mode: readText(row, "mode") === "pair" ? "pair" : "solo",
    customerPlayerId: readTextOrNull(row, "customer_player_id"),
    swapOf: readTextOrNull(row, "swap_of"),
    status: STATUSES.find((s) => s === status) ?? "ended",
    replies: readTextArray(row, "replies"),
    turns: readJson(row, "turns"),
    score: row.score === null || row.score === undefined ? null : readJson(row, "score"),
    overall: readNumberOrNull(row, "overall"),
    reviewComment: readTextOrNull(row, "review_comment"),
    reviewCheck:
      row.review_check === null || row.review_check === undefined ? null : readJson(row, "review_check"),
    reviewedBy: readTextOrNull(row, "reviewed_by"),
    reviewedAt: readMillisOrNull(row, "reviewed_at"),
    createdAt: readMillis(row, "created_at"),
    updatedAt: readMillis(row, "updated_at"),
    endedAt: readMillisOrNull(row, "ended_at"),
  };
}

/** Stores a scenario. A second scenario from the same conversation is a unique violation (23505). */
export async function createPracticeScenario(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    sourceConversationId: string | null;
    createdBy: string | null;
    title: string;
    topic: string | null;
    persona: JsonValue;
    rootCause: string | null;
    goodReply: readonly string[];
    customerLines: JsonValue;
    closing: string;
  },
): Promise<PracticeScenarioRecord> {
  const [row] = await db.query(
    `INSERT INTO practice_scenarios (org_id, team_id, source_conversation_id, created_by, title, topic, persona,
       root_cause, good_reply, customer_lines, closing)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::text[], $10::jsonb, $11)
     RETURNING ${SCENARIO_COLUMNS}`,
    [
      input.orgId,
      input.teamId,
      input.sourceConversationId,
      input.createdBy,
      input.title,
      input.topic,
      toJsonParam(input.persona),
      input.rootCause,
      [...input.goodReply],
      toJsonParam(input.customerLines),
      input.closing,
    ],
  );
  if (row === undefined) throw new Error("INSERT … RETURNING gave no row");
  return toScenario(row);
}

export async function findPracticeScenario(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<PracticeScenarioRecord | null> {
  return findInOrg(db, { table: "practice_scenarios", columns: SCENARIO_COLUMNS, orgId, id }, toScenario);
}

/**
 * Removes a scenario and, with it (ON DELETE CASCADE), the drills played on it; resolves to how
 * many drills went, or null when there was no such scenario. The conversation it was made from may
 * be made a scenario again.
 */
export async function deletePracticeScenario(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<{ drills: number } | null> {
  if (!isUuid(id)) return null;
  const [counted] = await db.query<{ drills: number }>(
    `SELECT count(*)::int AS drills FROM practice_sessions WHERE org_id = $1 AND scenario_id = $2`,
    [orgId, id],
  );
  const removed = await db.query(
    `DELETE FROM practice_scenarios WHERE org_id = $1 AND id = $2 RETURNING id`,
    [orgId, id],
  );
  return removed.length === 0 ? null : { drills: counted?.drills ?? 0 };
}

/** Scenarios of the given teams (all the organisation's when `teamIds` is undefined), newest first. */
export async function listPracticeScenarios(
  db: Queryable,
  query: { orgId: string; teamIds?: readonly string[]; limit?: number },
): Promise<PracticeScenarioRecord[]> {
  const rows = await db.query(
    `SELECT ${SCENARIO_COLUMNS} FROM practice_scenarios
     WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[]))
     ORDER BY created_at DESC, id LIMIT $3`,
    [query.orgId, query.teamIds === undefined ? null : [...query.teamIds], query.limit ?? 200],
  );
  return rows.map(toScenario);
}

export interface ScenarioCandidate {
  conversationId: string;
  teamId: string;
  topic: string | null;
  subject: string | null;
  customerName: string | null;
  /** The customer's first line, as written (the route anonymises it before showing it). */
  opening: string | null;
  customerEmotion: string | null;
  messageCount: number;
  closedAt: number | null;
  /** The highest risk the engine forecast over the conversation. */
  peakRisk: number;
  /** A supervisor was brought in (an escalation step-in, or an alert that escalated). */
  escalated: boolean;
}

/**
 * Closed conversations worth practising: a peak risk at or above `minPeakRisk`, or an escalation,
 * not yet made into a scenario; escalated first, then by peak risk. Only the most recently closed
 * `scanLimit` conversations are looked at, so the list costs the same on a large history.
 */
export async function listScenarioCandidates(
  db: Queryable,
  query: {
    orgId: string;
    teamIds?: readonly string[];
    minPeakRisk: number;
    limit?: number;
    scanLimit?: number;
  },
): Promise<ScenarioCandidate[]> {
  const rows = await db.query(
    `WITH recent AS (
       SELECT c.id, c.team_id, c.topic, c.subject, c.customer_emotion, c.message_count, c.closed_at,
         cu.name AS customer_name
       FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id
       WHERE c.org_id = $1 AND c.status = 'closed' AND ($2::uuid[] IS NULL OR c.team_id = ANY($2::uuid[]))
         AND NOT EXISTS (SELECT 1 FROM practice_scenarios s WHERE s.org_id = $1 AND s.source_conversation_id = c.id)
       ORDER BY c.closed_at DESC NULLS LAST LIMIT $5
     ), rated AS (
       SELECT r.*,
         COALESCE((SELECT max(m.risk) FROM messages m WHERE m.conversation_id = r.id), 0) AS peak_risk,
         (EXISTS (SELECT 1 FROM interventions i WHERE i.conversation_id = r.id AND i.kind = 'escalation')
           OR EXISTS (SELECT 1 FROM alerts al WHERE al.conversation_id = r.id AND al.escalate)) AS escalated
       FROM recent r
     ), chosen AS (
       SELECT * FROM rated WHERE peak_risk >= $3 OR escalated
       ORDER BY escalated DESC, peak_risk DESC, closed_at DESC NULLS LAST LIMIT $4
     )
     SELECT ch.*,
       (SELECT left(m.text, 400) FROM messages m
         WHERE m.conversation_id = ch.id AND m.role = 'customer' AND m.kind = 'message'
         ORDER BY m.position LIMIT 1) AS opening
     FROM chosen ch
     ORDER BY escalated DESC, peak_risk DESC, closed_at DESC NULLS LAST`,
    [
      query.orgId,
      query.teamIds === undefined ? null : [...query.teamIds],
      query.minPeakRisk,
      query.limit ?? 20,
      query.scanLimit ?? 500,
    ],
  );
  return rows.map((row) => ({
    conversationId: readText(row, "id"),
    teamId: readText(row, "team_id"),
    topic: readTextOrNull(row, "topic"),
    subject: readTextOrNull(row, "subject"),
    customerName: readTextOrNull(row, "customer_name"),
    opening: readTextOrNull(row, "opening"),
    customerEmotion: readTextOrNull(row, "customer_emotion"),
    messageCount: readNumber(row, "message_count"),
    closedAt: readMillisOrNull(row, "closed_at"),
    peakRisk: Math.round(readNumber(row, "peak_risk") * 1000) / 1000,
    escalated: row.escalated === true,
  }));
}

export async function createPracticeSession(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    scenarioId: string;
    traineeId: string;
    turns: JsonValue;
    /** A teammate who plays the customer (a pair drill); omitted: the simulated customer. */
    customerPlayerId?: string | null;
  },
): Promise<PracticeSessionRecord> {
  const customerPlayerId = input.customerPlayerId ?? null;
  const [row] = await db.query(
    `INSERT INTO practice_sessions (org_id, team_id, scenario_id, trainee_id, turns, mode, customer_player_id)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING ${SESSION_COLUMNS}`,
    [
      input.orgId,
      input.teamId,
      input.scenarioId,
      input.traineeId,
      toJsonParam(input.turns),
      customerPlayerId === null ? "solo" : "pair",
      customerPlayerId,
    ],
  );
  if (row === undefined) throw new Error("INSERT … RETURNING gave no row");
  return toSession(row);
}

/**
 * Starts the pair drill that plays `swapOf` (a finished pair drill) again with the parts swapped,
 * once: a drill records the one it swaps, under a unique index, so when both players press "Swap
 * roles" at the same moment the second insert does nothing (waiting, on PostgreSQL, for the first
 * to commit) and gets the first's drill, `created: false`. Who plays which part is the caller's
 * check (both players asking for the swap ask for the same drill).
 */
export async function startSwappedPracticeSession(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    scenarioId: string;
    traineeId: string;
    customerPlayerId: string;
    swapOf: string;
    turns: JsonValue;
  },
): Promise<{ session: PracticeSessionRecord; created: boolean }> {
  const [row] = await db.query(
    `INSERT INTO practice_sessions (org_id, team_id, scenario_id, trainee_id, turns, mode, customer_player_id, swap_of)
     VALUES ($1, $2, $3, $4, $5::jsonb, 'pair', $6, $7)
     ON CONFLICT (swap_of) WHERE swap_of IS NOT NULL DO NOTHING
     RETURNING ${SESSION_COLUMNS}`,
    [
      input.orgId,
      input.teamId,
      input.scenarioId,
      input.traineeId,
      toJsonParam(input.turns),
      input.customerPlayerId,
      input.swapOf,
    ],
  );
  if (row !== undefined) return { session: toSession(row), created: true };
  const [made] = await db.query(
    `SELECT ${SESSION_COLUMNS} FROM practice_sessions WHERE org_id = $1 AND swap_of = $2`,
    [input.orgId, input.swapOf],
  );
  if (made === undefined) throw new Error("the swapped drill conflicted, then was not found");
  return { session: toSession(made), created: false };
}

export async function findPracticeSession(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PracticeSessionRecord | null> {
  return findInOrg(
    db,
    { table: "practice_sessions", columns: SESSION_COLUMNS, orgId, id, forUpdate: options.forUpdate },
    toSession,
  );
}

/** Writes a drill's progress: its replies, the transcript derived from them, and, once over, its score. */
export async function updatePracticeSession(
  db: Queryable,
  input: {
    orgId: string;
    id: string;
    status: Exclude<PracticeSessionStatus, "abandoned">;
    replies: readonly string[];
    turns: JsonValue;
    score: JsonValue | null;
    overall: number | null;
  },
): Promise<PracticeSessionRecord | null> {
  const [row] = await db.query(
    `UPDATE practice_sessions SET status = $3, replies = $4::text[], turns = $5::jsonb, score = $6::jsonb,
       overall = $7, updated_at = now(), ended_at = CASE WHEN $3 = 'active' THEN NULL ELSE COALESCE(ended_at, now()) END
     WHERE org_id = $1 AND id = $2 RETURNING ${SESSION_COLUMNS}`,
    [
      input.orgId,
      input.id,
      input.status,
      [...input.replies],
      toJsonParam(input.turns),
      input.score === null ? null : toJsonParam(input.score),
      input.overall,
    ],
  );
  return row ? toSession(row) : null;
}

/** A lead's comment on a session (replacing an earlier one), with the feedback checker's verdict. */
export async function reviewPracticeSession(
  db: Queryable,
  input: { orgId: string; id: string; reviewedBy: string; comment: string; check: JsonValue },
): Promise<PracticeSessionRecord | null> {
  if (!isUuid(input.id)) return null;
  const [row] = await db.query(
    `UPDATE practice_sessions SET review_comment = $3, review_check = $4::jsonb, reviewed_by = $5,
       reviewed_at = now(),
       -- A comment is no turn: an abandoned drill (stored active) stays abandoned.
       updated_at = CASE WHEN status = 'active' THEN updated_at ELSE now() END
     WHERE org_id = $1 AND id = $2 RETURNING ${SESSION_COLUMNS}`,
    [input.orgId, input.id, input.comment, toJsonParam(input.check), input.reviewedBy],
  );
  return row ? toSession(row) : null;
}

/**
 * Sessions, newest first: one person's (`traineeId`: those they practised as the agent, or played
 * the customer in), and/or those of the given teams (`teamIds`; undefined = every team). All the
 * filters given apply.
 */
export async function listPracticeSessions(
  db: Queryable,
  query: {
    orgId: string;
    traineeId?: string;
    teamIds?: readonly string[];
    scenarioId?: string;
    limit?: number;
  },
): Promise<PracticeSessionRecord[]> {
  if (query.scenarioId !== undefined && !isUuid(query.scenarioId)) return [];
  if (query.traineeId !== undefined && !isUuid(query.traineeId)) return [];
  const rows = await db.query(
    `SELECT ${SESSION_COLUMNS} FROM practice_sessions
     WHERE org_id = $1 AND ($2::uuid IS NULL OR trainee_id = $2::uuid OR customer_player_id = $2::uuid)
       AND ($3::uuid[] IS NULL OR team_id = ANY($3::uuid[]))
       AND ($4::uuid IS NULL OR scenario_id = $4::uuid)
     ORDER BY created_at DESC, id LIMIT $5`,
    [
      query.orgId,
      query.traineeId ?? null,
      query.teamIds === undefined ? null : [...query.teamIds],
      query.scenarioId ?? null,
      query.limit ?? 200,
    ],
  );
  return rows.map(toSession);
}

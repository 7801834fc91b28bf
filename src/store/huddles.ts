import { conversationAgentSql } from "./conversationAgent.ts";
import { StoreError } from "./errors.ts";
import {
  findInOrg,
  isUuid,
  readMillis,
  readMillisOrNull,
  readNumber,
  readText,
  readTextArray,
  readTextOrNull,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

/*
 * Loop 3, the buddy-boost routine (src/server/huddles/): what a team's shift looked like, read from
 * the conversations, their analysed lines, knowledge gaps and incidents; and the champions named in
 * the post-shift huddle for the procedure updates the day's patterns call for.
 */

/** A team's window (a shift, a day), as times in ms. */
export interface ShiftWindow {
  orgId: string;
  teamId: string;
  since: number;
  until: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** A conversation active in the window, with its hardest moment in it. */
export interface ShiftConversation {
  id: string;
  topic: string | null;
  channel: string;
  status: string;
  /** Its agent (conversationAgentSql): whom its scorecard scores as the agent, else its assignee. */
  agentId: string | null;
  customerName: string | null;
  /** The conversation's reading now. */
  risk: number;
  closedAt: number | null;
  /** The highest risk a line in the window had, and that line. */
  peakRisk: number;
  peakPosition: number;
  peakAt: number;
  /** The root cause the engine was surest of in the window, if any. */
  rootCause: string | null;
}

/**
 * The risk at or above which a line is hard (the huddle's HARD_RISK). Migration 0048 indexes these
 * lines by when they were sent: a statement reaches that index only with this literal in its SQL.
 */
export const HARD_LINE_RISK = 0.6;

/**
 * The team's conversations active in a window (`$1` org, `$2` team, `$3` since, `$4` until): their
 * last line at or after its start, begun before its end; only those whose agent
 * (conversationAgentSql) is the person in parameter `agent` when it is given, so that one handed
 * on by a takeover or a transfer stays its first agent's, not its receiver's. Reached through the
 * open ones (the floor's index) and the ones closed since the window began (migration 0055's index
 * of the team's closed conversations by when they closed), instead of every conversation the team
 * ever had (a team of 300 agents on the scale store: 35,000 rows for a day's 1,200); one person's
 * are the team's with their agent looked up (its agent card, by its conversation). A closed
 * conversation's last line is before its close (a line after a close reopens it), so those closed
 * before the window are none of its; only a sender's close dated before its own last line
 * (`POST /ingest/close` with an earlier `at`) would be missed. `last_message_at` itself is in no
 * index: every ingest group rewrites it, and that update stays HOT (migration 0007).
 */
const windowConversationsSql = (agent?: string): string => {
  const whose =
    agent === undefined
      ? "team_id = $2"
      : `team_id = $2 AND ${conversationAgentSql("conversations")} = ${agent}`;
  const active = "last_message_at >= $3::timestamptz AND created_at < $4::timestamptz";
  return `(SELECT * FROM conversations WHERE org_id = $1 AND ${whose} AND status = 'open' AND ${active}
           UNION ALL
           SELECT * FROM conversations
            WHERE org_id = $1 AND ${whose} AND status = 'closed' AND closed_at >= $3::timestamptz AND ${active})`;
};

/**
 * The conversations kept, with their customer's name and the root cause the engine was surest of in
 * the window: `$1` org, `$3` since, `$4` until, `picked` a statement of conversation columns with
 * their peak line (`peak_risk`, `peak_position`, `peak_at`).
 */
const shiftConversationsSql = (picked: string): string =>
  `SELECT t.id, t.topic, t.channel, t.status, ${conversationAgentSql("t")} AS agent_id, cu.name AS customer_name, t.risk,
          t.closed_at, t.peak_risk, t.peak_position, t.peak_at, rc.cause AS root_cause
     FROM (${picked}) t
     LEFT JOIN customers cu ON cu.id = t.customer_id
     LEFT JOIN LATERAL (
       SELECT r->>'cause' AS cause FROM messages m
        CROSS JOIN LATERAL jsonb_array_elements(m.analysis->'rootCauses') r
        WHERE m.org_id = t.org_id AND m.conversation_id = t.id AND m.analysis ? 'rootCauses'
          AND m.sent_at >= $3::timestamptz AND m.sent_at < $4::timestamptz
        ORDER BY (r->>'confidence')::float8 DESC, m.position DESC LIMIT 1
     ) rc ON true
    ORDER BY t.peak_risk DESC, t.id`;

const readShiftConversation = (row: Row): ShiftConversation => ({
  id: readText(row, "id"),
  topic: readTextOrNull(row, "topic"),
  channel: readText(row, "channel"),
  status: readText(row, "status"),
  agentId: readTextOrNull(row, "agent_id"),
  customerName: readTextOrNull(row, "customer_name"),
  risk: readNumber(row, "risk"),
  closedAt: readMillisOrNull(row, "closed_at"),
  peakRisk: readNumber(row, "peak_risk"),
  peakPosition: readNumber(row, "peak_position"),
  peakAt: readMillis(row, "peak_at"),
  rootCause: readTextOrNull(row, "root_cause"),
});

/**
 * The team's conversations with analysed lines in the window, hardest first; with `agentId`, only
 * whose agent that person is (the check-in's own shift, read without the rest of the team's).
 * Reached through `windowConversationsSql`, then each one's lines by conversation (its index), so a
 * busy store is not scanned by time. `limit` null reads every one (the huddle's day, whose count
 * and patterns must be of all of its conversations).
 */
export async function listShiftConversations(
  db: Queryable,
  window: ShiftWindow,
  limit: number | null = 500,
  agentId?: string,
): Promise<ShiftConversation[]> {
  if (!isUuid(window.teamId) || (agentId !== undefined && !isUuid(agentId))) return [];
  const rows = await db.query(
    // The riskiest first: each conversation's peak decides the order and the limit; the customer's
    // name and the root cause are read for the conversations kept only.
    shiftConversationsSql(
      `SELECT c.id, c.org_id, c.customer_id, c.topic, c.channel, c.status, c.assigned_person_id, c.risk,
              c.closed_at, pk.risk AS peak_risk, pk.position AS peak_position, pk.sent_at AS peak_at
         FROM ${windowConversationsSql(agentId === undefined ? undefined : "$6::uuid")} c
         JOIN LATERAL (
           SELECT m.risk, m.position, m.sent_at FROM messages m
            WHERE m.org_id = c.org_id AND m.conversation_id = c.id AND m.risk IS NOT NULL
              AND m.sent_at >= $3::timestamptz AND m.sent_at < $4::timestamptz
            ORDER BY m.risk DESC, m.position LIMIT 1
         ) pk ON true
        ORDER BY pk.risk DESC, c.id
        LIMIT $5::int`,
    ),
    [
      window.orgId,
      window.teamId,
      iso(window.since),
      iso(window.until),
      limit === null ? null : Math.max(1, Math.min(limit, 5000)),
      ...(agentId === undefined ? [] : [agentId]),
    ],
  );
  return rows.map(readShiftConversation);
}

/**
 * The hardest of the team's conversations in the window that have ended (closed), if one had a line
 * at or above HARD_LINE_RISK in it: the first of `listShiftConversations` that is closed and that hard.
 * Read from the window's hard lines (migration 0048's index), not each conversation's lines: the
 * warm-up of a team of 40 read its week's 7,400 conversations' lines to keep one (40k buffers).
 */
export async function findHardestEndedConversation(
  db: Queryable,
  window: ShiftWindow,
): Promise<ShiftConversation | null> {
  if (!isUuid(window.teamId)) return null;
  const rows = await db.query(
    shiftConversationsSql(
      `SELECT c.id, c.org_id, c.customer_id, c.topic, c.channel, c.status, c.assigned_person_id, c.risk,
              c.closed_at, pk.risk AS peak_risk, pk.position AS peak_position, pk.sent_at AS peak_at
         FROM (SELECT DISTINCT ON (m.conversation_id) m.conversation_id, m.risk, m.position, m.sent_at
                 FROM messages m
                WHERE m.org_id = $1 AND m.risk >= ${HARD_LINE_RISK}
                  AND m.sent_at >= $3::timestamptz AND m.sent_at < $4::timestamptz
                ORDER BY m.conversation_id, m.risk DESC, m.position) pk
         JOIN conversations c ON c.org_id = $1 AND c.id = pk.conversation_id
        WHERE c.team_id = $2 AND c.closed_at IS NOT NULL
          AND c.last_message_at >= $3::timestamptz AND c.created_at < $4::timestamptz
        ORDER BY pk.risk DESC, c.id
        LIMIT 1`,
    ),
    [window.orgId, window.teamId, iso(window.since), iso(window.until)],
  );
  return rows.length > 0 ? readShiftConversation(rows[0] as Row) : null;
}

/** A conversation that ended hard: when its last line was sent, and the highest risk a line of it reached. */
export interface EndedHardConversation {
  id: string;
  endedAt: number;
  peakRisk: number;
}

/**
 * The team's closed conversations whose last line was sent in the window, with a line at or above
 * HARD_LINE_RISK in it: the `perDay` hardest of each day (24 hours from `since`) they ended on,
 * hardest first. A conversation ends with its last line, not its close, which for an imported
 * transcript (or one closed late) can come days after. Read from the window's hard lines
 * (migration 0048's index), for the warm-up to choose from day by day.
 */
export async function listEndedHardConversations(
  db: Queryable,
  window: ShiftWindow,
  perDay: number,
): Promise<EndedHardConversation[]> {
  if (!isUuid(window.teamId)) return [];
  const rows = await db.query(
    `SELECT id, last_message_at, peak FROM (
       SELECT c.id, c.last_message_at, pk.peak,
              row_number() OVER (
                PARTITION BY floor(extract(epoch FROM c.last_message_at - $3::timestamptz) / 86400)
                ORDER BY pk.peak DESC, c.id) AS n
         FROM (SELECT m.conversation_id, max(m.risk) AS peak FROM messages m
                WHERE m.org_id = $1 AND m.risk >= ${HARD_LINE_RISK}
                  AND m.sent_at >= $3::timestamptz AND m.sent_at < $4::timestamptz
                GROUP BY 1) pk
         JOIN conversations c ON c.org_id = $1 AND c.id = pk.conversation_id
        WHERE c.team_id = $2 AND c.closed_at IS NOT NULL
          AND c.last_message_at >= $3::timestamptz AND c.last_message_at < $4::timestamptz) t
      WHERE n <= $5
      ORDER BY peak DESC, id`,
    [window.orgId, window.teamId, iso(window.since), iso(window.until), Math.max(1, Math.min(perDay, 100))],
  );
  return rows.map((row) => ({
    id: readText(row, "id"),
    endedAt: readMillis(row, "last_message_at"),
    peakRisk: readNumber(row, "peak"),
  }));
}

/**
 * One conversation of the team as `findHardestEndedConversation` gives it (its peak in the window,
 * its customer and root cause), if it had a line at or above HARD_LINE_RISK in the window.
 */
export async function findEndedShiftConversation(
  db: Queryable,
  window: ShiftWindow,
  conversationId: string,
): Promise<ShiftConversation | null> {
  if (!isUuid(window.teamId) || !isUuid(conversationId)) return null;
  const rows = await db.query(
    shiftConversationsSql(
      `SELECT c.id, c.org_id, c.customer_id, c.topic, c.channel, c.status, c.assigned_person_id, c.risk,
              c.closed_at, pk.risk AS peak_risk, pk.position AS peak_position, pk.sent_at AS peak_at
         FROM conversations c
         JOIN LATERAL (
           SELECT m.risk, m.position, m.sent_at FROM messages m
            WHERE m.org_id = c.org_id AND m.conversation_id = c.id AND m.risk >= ${HARD_LINE_RISK}
              AND m.sent_at >= $3::timestamptz AND m.sent_at < $4::timestamptz
            ORDER BY m.risk DESC, m.position LIMIT 1
         ) pk ON true
        WHERE c.org_id = $1 AND c.team_id = $2 AND c.id = $5 AND c.closed_at IS NOT NULL`,
    ),
    [window.orgId, window.teamId, iso(window.since), iso(window.until), conversationId],
  );
  return rows.length > 0 ? readShiftConversation(rows[0] as Row) : null;
}

/**
 * How many of the team's conversations active in the window had a line at or above HARD_LINE_RISK
 * in it, per agent (conversationAgentSql: one handed on stays its first agent's once scored; the
 * check-in's "who to check on"): the conversations of
 * `listShiftConversations` whose peak is that hard, counted from the window's hard lines (migration
 * 0048's index) instead of every line of the window's conversations, found by reading all of the
 * team's conversations (a team of 40: 32,000 rows and each kept one's lines, 5,800 buffers for the
 * last three hours of a day).
 */
export async function countHardConversationsByAgent(
  db: Queryable,
  window: ShiftWindow,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!isUuid(window.teamId)) return out;
  const rows = await db.query(
    // In the order the agents first come in that list (hardest first, then by conversation id).
    `SELECT t.agent_id, count(*)::int AS conversations
       FROM (SELECT ${conversationAgentSql("c")} AS agent_id, c.id, h.peak
               FROM (SELECT m.conversation_id, max(m.risk) AS peak FROM messages m
                      WHERE m.org_id = $1 AND m.risk >= ${HARD_LINE_RISK}
                        AND m.sent_at >= $3::timestamptz AND m.sent_at < $4::timestamptz
                      GROUP BY 1) h
               JOIN conversations c ON c.org_id = $1 AND c.id = h.conversation_id
              WHERE c.team_id = $2
                AND c.last_message_at >= $3::timestamptz AND c.created_at < $4::timestamptz) t
      WHERE t.agent_id IS NOT NULL
      GROUP BY 1
      ORDER BY max(t.peak) DESC, (array_agg(t.id ORDER BY t.peak DESC, t.id))[1]`,
    [window.orgId, window.teamId, iso(window.since), iso(window.until)],
  );
  for (const row of rows) out.set(readText(row, "agent_id"), readNumber(row, "conversations"));
  return out;
}

/** How often one cue showed in one conversation's lines of one role in the window. */
export interface ShiftCue {
  conversationId: string;
  role: string;
  authorId: string | null;
  kind: string;
  polarity: string;
  lines: number;
  /** The first line it showed in (for an example). */
  firstPosition: number;
}

/**
 * The cues of the team's lines in a window ($1 org, $2 team, $3 since, $4 until), one row a cue; of
 * the conversations whose agent is the person in parameter `agent` only, when given.
 */
const shiftCueLinesSql = (agent?: string): string => `FROM ${windowConversationsSql(agent)} c
       JOIN messages m ON m.org_id = c.org_id AND m.conversation_id = c.id
       CROSS JOIN LATERAL jsonb_array_elements(m.analysis->'cues') q
      WHERE m.analysis ? 'cues' AND m.sent_at >= $3::timestamptz AND m.sent_at < $4::timestamptz`;

/** What a `ShiftCue` is grouped by (the first five columns). */
const SHIFT_CUE_KEY = `m.conversation_id, m.role, m.author_person_id, q->>'kind' AS kind, q->>'polarity' AS polarity`;
/** What a `ShiftCue` counts. */
const SHIFT_CUE_COUNTS = `count(*)::int AS lines, min(m.position) AS first_position`;

function readShiftCue(row: Row): ShiftCue {
  return {
    conversationId: readText(row, "conversation_id"),
    role: readText(row, "role"),
    authorId: readTextOrNull(row, "author_person_id"),
    kind: readText(row, "kind"),
    polarity: readText(row, "polarity"),
    lines: readNumber(row, "lines"),
    firstPosition: readNumber(row, "first_position"),
  };
}

/**
 * The engine's cues in the team's lines of the window, counted per conversation, role and author;
 * of one conversation only when `conversationId` is given, of the conversations whose agent
 * (conversationAgentSql) is `agentId` only when it is given (the check-in's own shift).
 */
export async function listShiftCues(
  db: Queryable,
  window: ShiftWindow,
  conversationId?: string,
  agentId?: string,
): Promise<ShiftCue[]> {
  if (!isUuid(window.teamId) || [conversationId, agentId].some((id) => id !== undefined && !isUuid(id)))
    return [];
  const rows = await db.query(
    `SELECT ${SHIFT_CUE_KEY}, ${SHIFT_CUE_COUNTS}
       ${shiftCueLinesSql(agentId === undefined ? undefined : "$6::uuid")}
        AND ($5::uuid IS NULL OR c.id = $5)
      GROUP BY 1, 2, 3, 4, 5`,
    [
      window.orgId,
      window.teamId,
      iso(window.since),
      iso(window.until),
      conversationId ?? null,
      ...(agentId === undefined ? [] : [agentId]),
    ],
  );
  return rows.map(readShiftCue);
}

/** Lines by (conversation, position), for quoting. */
export async function findLines(
  db: Queryable,
  orgId: string,
  wanted: readonly { conversationId: string; position: number }[],
): Promise<{ conversationId: string; position: number; role: string; text: string }[]> {
  const valid = wanted.filter((w) => isUuid(w.conversationId));
  if (valid.length === 0) return [];
  const rows = await db.query(
    `SELECT m.conversation_id, m.position, m.role, m.text
       FROM unnest($2::uuid[], $3::int[]) AS w(conversation_id, position)
       JOIN messages m ON m.org_id = $1 AND m.conversation_id = w.conversation_id AND m.position = w.position
      WHERE m.kind = 'message'`,
    [orgId, valid.map((w) => w.conversationId), valid.map((w) => w.position)],
  );
  return rows.map((row) => ({
    conversationId: readText(row, "conversation_id"),
    position: readNumber(row, "position"),
    role: readText(row, "role"),
    text: readText(row, "text"),
  }));
}

/** A conversation's lines (customer and agent) up to `position`, the last `count` of them. */
export async function findLinesBefore(
  db: Queryable,
  orgId: string,
  conversationId: string,
  position: number,
  count: number,
): Promise<{ position: number; role: string; text: string }[]> {
  if (!isUuid(conversationId)) return [];
  const rows = await db.query(
    `SELECT position, role, text FROM messages
      WHERE org_id = $1 AND conversation_id = $2 AND position <= $3 AND kind = 'message'
        AND role IN ('customer', 'agent')
      ORDER BY position DESC LIMIT $4`,
    [orgId, conversationId, position, count],
  );
  return rows
    .map((row) => ({
      position: readNumber(row, "position"),
      role: readText(row, "role"),
      text: readText(row, "text"),
    }))
    .reverse();
}

/**
 * Knowledge gaps of the window, per topic: conversations, one question and the latest askings (up
 * to 50, repeats kept so the most asked can be told) to title the group with. A gap is written when
 * its conversation is processed after closing, which for imported transcripts (or a history
 * replayed at start-up) is long after the customer asked: it belongs to the window of its
 * conversation's last line, or of its writing when that came first (a conversation reopened and
 * closed again later). That moment is never after `created_at`, which bounds the index scan.
 * `answeredBy`: the statement of the published fact that answers every one of them (the knowledge
 * base had the answer), else null.
 */
export async function countShiftKnowledgeGaps(
  db: Queryable,
  window: ShiftWindow,
): Promise<
  { topic: string; conversations: number; question: string; questions: string[]; answeredBy: string | null }[]
> {
  if (!isUuid(window.teamId)) return [];
  const rows = await db.query(
    `SELECT g.topic, count(DISTINCT g.conversation_id)::int AS conversations, min(g.question) AS question,
            (array_agg(g.question ORDER BY g.created_at DESC))[1:50] AS questions,
            CASE WHEN bool_and(f.id IS NOT NULL)
              THEN (array_agg(f.statement ORDER BY g.created_at DESC))[1] END AS answered_by
       FROM knowledge_gaps g
       JOIN conversations c ON c.org_id = g.org_id AND c.id = g.conversation_id
       LEFT JOIN knowledge_facts f ON f.id = g.answered_by_fact_id AND f.status = 'published'
      WHERE g.org_id = $1 AND g.team_id = $2 AND g.created_at >= $3::timestamptz
        AND LEAST(g.created_at, COALESCE(c.last_message_at, g.created_at)) >= $3::timestamptz
        AND LEAST(g.created_at, COALESCE(c.last_message_at, g.created_at)) < $4::timestamptz
      GROUP BY g.topic`,
    [window.orgId, window.teamId, iso(window.since), iso(window.until)],
  );
  return rows.map((row) => ({
    topic: readText(row, "topic"),
    conversations: readNumber(row, "conversations"),
    question: readText(row, "question"),
    questions: readTextArray(row, "questions"),
    answeredBy: typeof row.answered_by === "string" ? row.answered_by : null,
  }));
}

/** Incidents (many customers, one malfunction) open at some point of the window. */
export async function listShiftIncidents(
  db: Queryable,
  window: ShiftWindow,
): Promise<{ id: string; label: string; example: string; conversations: number }[]> {
  if (!isUuid(window.teamId)) return [];
  const rows = await db.query(
    `SELECT id, label, example, conversation_count FROM incidents
      WHERE org_id = $1 AND team_id = $2 AND opened_at < $4::timestamptz
        AND (resolved_at IS NULL OR resolved_at >= $3::timestamptz)
      ORDER BY conversation_count DESC, opened_at LIMIT 20`,
    [window.orgId, window.teamId, iso(window.since), iso(window.until)],
  );
  return rows.map((row) => ({
    id: readText(row, "id"),
    label: readText(row, "label"),
    example: readText(row, "example"),
    conversations: readNumber(row, "conversation_count"),
  }));
}

/** The interventions of a conversation, oldest first (what happened, for an agenda). */
export async function listConversationSteps(
  db: Queryable,
  orgId: string,
  conversationId: string,
): Promise<{ kind: string; state: string; at: number }[]> {
  if (!isUuid(conversationId)) return [];
  const rows = await db.query(
    `SELECT kind, state, created_at FROM interventions
      WHERE org_id = $1 AND conversation_id = $2 ORDER BY created_at, id`,
    [orgId, conversationId],
  );
  return rows.map((row) => ({
    kind: readText(row, "kind"),
    state: readText(row, "state"),
    at: readMillis(row, "created_at"),
  }));
}

// -- champions -----------------------------------------------------------------------------------

export type HuddleActionStatus = "open" | "done";

export interface HuddleActionRecord {
  id: string;
  orgId: string;
  teamId: string;
  /** YYYY-MM-DD */
  day: string;
  pattern: string;
  title: string;
  ownerId: string;
  createdBy: string | null;
  status: HuddleActionStatus;
  note: string | null;
  createdAt: number;
  doneAt: number | null;
}

const ACTION_COLUMNS =
  "id, org_id, team_id, to_char(day, 'YYYY-MM-DD') AS day, pattern, title, owner_person_id, created_by, status, note, created_at, done_at";

function toAction(row: Row): HuddleActionRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    day: readText(row, "day"),
    pattern: readText(row, "pattern"),
    title: readText(row, "title"),
    ownerId: readText(row, "owner_person_id"),
    createdBy: readTextOrNull(row, "created_by"),
    status: readText(row, "status") === "done" ? "done" : "open",
    note: readTextOrNull(row, "note"),
    createdAt: readMillis(row, "created_at"),
    doneAt: readMillisOrNull(row, "done_at"),
  };
}

/** Names the champion of a team's pattern for a day; naming another replaces the first (and reopens it). */
export async function assignHuddleAction(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    day: string;
    pattern: string;
    title: string;
    ownerId: string;
    createdBy: string;
  },
): Promise<HuddleActionRecord> {
  const [row] = await db.query(
    `INSERT INTO huddle_actions (org_id, team_id, day, pattern, title, owner_person_id, created_by)
     VALUES ($1, $2, $3::date, $4, $5, $6, $7)
     ON CONFLICT (org_id, team_id, day, pattern) DO UPDATE
       SET title = EXCLUDED.title, owner_person_id = EXCLUDED.owner_person_id,
           created_by = EXCLUDED.created_by,
           status = CASE WHEN huddle_actions.owner_person_id = EXCLUDED.owner_person_id
                         THEN huddle_actions.status ELSE 'open' END,
           done_at = CASE WHEN huddle_actions.owner_person_id = EXCLUDED.owner_person_id
                          THEN huddle_actions.done_at ELSE NULL END
     RETURNING ${ACTION_COLUMNS}`,
    [input.orgId, input.teamId, input.day, input.pattern, input.title, input.ownerId, input.createdBy],
  );
  if (row === undefined) throw new StoreError("NOT_FOUND", "huddle action not written");
  return toAction(row);
}

export async function findHuddleActionById(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<HuddleActionRecord | null> {
  return findInOrg(db, { table: "huddle_actions", columns: ACTION_COLUMNS, orgId, id }, toAction);
}

/** Marks a champion's update done (with a note) or open again. */
export async function setHuddleActionStatus(
  db: Queryable,
  input: { orgId: string; id: string; status: HuddleActionStatus; note?: string | undefined; at: number },
): Promise<HuddleActionRecord> {
  const [row] = await db.query(
    `UPDATE huddle_actions
        SET status = $3, note = COALESCE($4, note),
            done_at = CASE WHEN $3 = 'done' THEN $5::timestamptz ELSE NULL END
      WHERE org_id = $1 AND id = $2
      RETURNING ${ACTION_COLUMNS}`,
    [input.orgId, input.id, input.status, input.note ?? null, iso(input.at)],
  );
  if (row === undefined) throw new StoreError("NOT_FOUND", "huddle action not found");
  return toAction(row);
}

/** A team's champions: of one day, and (with `openBefore`) those still open from earlier days. */
export async function listHuddleActions(
  db: Queryable,
  query: { orgId: string; teamId: string; day: string; openBefore?: boolean },
): Promise<HuddleActionRecord[]> {
  if (!isUuid(query.teamId)) return [];
  const rows = await db.query(
    `SELECT ${ACTION_COLUMNS} FROM huddle_actions
      WHERE org_id = $1 AND team_id = $2
        AND (CASE WHEN $4 THEN day < $3::date AND status = 'open' ELSE day = $3::date END)
      ORDER BY day DESC, created_at, id LIMIT 200`,
    [query.orgId, query.teamId, query.day, query.openBefore === true],
  );
  return rows.map(toAction);
}

import {
  isUuid,
  readNumber,
  readNumberOrNull,
  readText,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

/*
 * Loop 3, the team's numbers (GET /numbers): aggregates over what the live loop already stores —
 * conversations, alerts, step-ins (interventions) and the engine's per-message readings — plus the
 * customers' survey answers. Each statement reads one team's rows in the range once and counts them
 * into periods given by their edges (width_bucket over an array of times), the whole range and a
 * before/after comparison at once (grouping sets). Standard SQL aggregates (percentile_cont, FILTER,
 * LATERAL, GROUPING SETS), on PGlite and PostgreSQL alike.
 */

/**
 * Each step-in's verdict, from a CTE `picked (conversation_id, at, status)` (one row per conversation,
 * with its status) defined before it: `judged` and `verdicts (b, at, verdict)` read the customer's running frustration (the
 * engine's reading, stored with each line) at their last line before the step-in and at the last of up
 * to `lines` lines after it. Each step-in's conversation's customer lines are read once for both (a
 * look-up for each reading read them three times: 85k buffers for the 7,035 step-ins of a team of 40
 * over 8 weeks, 56k now).
 * Parameters: $1 the organisation, $3 the periods' edges, $6 lines, $7 calm below, $8 fall
 * (`RecoveryRule`). The team's numbers and an agent's share it, so both judge recovery alike.
 */
export const RECOVERY_VERDICTS_SQL = `judged AS (
         SELECT width_bucket(f.at, $3::timestamptz[]) AS b, f.at, f.status, r.before,
                coalesce(cardinality(r.later), 0) AS n, r.later[cardinality(r.later)] AS last
           FROM picked f
          CROSS JOIN LATERAL (
                SELECT (array_agg(x.f ORDER BY x.position DESC) FILTER (WHERE NOT x.later))[1] AS before,
                       (array_agg(x.f ORDER BY x.position) FILTER (WHERE x.later))[1:$6::int] AS later
                  FROM (SELECT m.position, m.created_at > f.at AS later,
                               (m.analysis -> 'customer' ->> 'frustration')::float8 AS f
                          FROM messages m
                         WHERE m.conversation_id = f.conversation_id AND m.kind = 'message'
                           AND m.role = 'customer' AND m.analysis -> 'customer' ? 'frustration') x
               ) r
       ),
       verdicts AS (
         SELECT b, at, CASE WHEN n = 0 OR (n < $6 AND status = 'open') THEN 'too_early'
                        WHEN last < $7 OR (before IS NOT NULL AND last <= before - $8) THEN 'recovered'
                        ELSE 'not_recovered' END AS verdict
           FROM judged
       )`;

/** The step-ins that count as helping, for time to help (the agent's own raised hand does not). */
const HELPING_KINDS = ["signal", "whisper", "takeover_offer", "warm_transfer", "escalation"];

export interface TeamNumbersCounts {
  conversations: number;
  closed: number;
  resolvedFirstContact: number;
  escalated: number;
  alerts: { raised: number; actedOn: number; notUseful: number; expired: number; open: number };
  timeToHelp: { helped: number; medianSeconds: number | null; p90Seconds: number | null };
  stepIns: { total: number; recovered: number; notRecovered: number; tooEarly: number };
  survey: { answered: number; skipped: number; tags: Record<string, number> };
}

export interface RecoveryRule {
  /** Customer lines after the step-in to read. */
  lines: number;
  /** Running frustration under which the customer is calm again. */
  calmBelow: number;
  /** A fall in running frustration that counts as recovering. */
  fall: number;
}

const empty = (): TeamNumbersCounts => ({
  conversations: 0,
  closed: 0,
  resolvedFirstContact: 0,
  escalated: 0,
  alerts: { raised: 0, actedOn: 0, notUseful: 0, expired: 0, open: 0 },
  timeToHelp: { helped: 0, medianSeconds: null, p90Seconds: null },
  stepIns: { total: 0, recovered: 0, notRecovered: 0, tooEarly: 0 },
  survey: { answered: 0, skipped: 0, tags: {} },
});

/** A team's numbers in each period, over the whole range, and before and after a moment in it. */
export interface TeamNumbersSummary {
  periods: TeamNumbersCounts[];
  total: TeamNumbersCounts;
  /** Null unless `compareAt` was given. */
  comparison: { before: TeamNumbersCounts; after: TeamNumbersCounts } | null;
}

/**
 * Which summary a row counts into: `GROUPING SETS ((b…), (h…), (…))` gives each row of a statement
 * a period `b` (1 to n), a half `h` (1 before compareAt, 2 after) or neither (the whole range).
 * Rows are keyed k > 0 the period, k = 0 the whole range, k = -1 before, k = -2 after.
 */
const GROUP_KEY_SQL = `CASE WHEN GROUPING(b) = 0 THEN b WHEN GROUPING(h) = 0 THEN -h ELSE 0 END`;

/**
 * One team's numbers in the periods between consecutive `edges` (epoch ms, ascending; at least two:
 * `[since, …, until]`, each period including its start and excluding its end). Returns one entry
 * per period. See `summariseTeamNumbers`.
 */
export async function countTeamNumbers(
  db: Queryable,
  query: { orgId: string; teamId: string; edges: readonly number[]; recovery: RecoveryRule },
): Promise<TeamNumbersCounts[]> {
  return (await summariseTeamNumbers(db, query)).periods;
}

/**
 * One team's numbers in the periods between consecutive `edges` (epoch ms, ascending; at least two:
 * `[since, …, until]`, each period including its start and excluding its end), over the whole range
 * `[since, until)`, and, given `compareAt` inside it, before and after it. Four statements, each
 * reading only the team's rows in the range once and counting them into every summary at once
 * (grouping sets: a median over the whole range is not the sum of the periods'):
 *  - conversations by when they started: handled, closed, resolved at first contact (closed, never
 *    reopened, no warm transfer, no escalation), escalated;
 *  - alerts by when they were raised: their outcome, and the time to the first step-in by anyone
 *    but the conversation's agent while the alert was open (median, p90);
 *  - each conversation's first step-in (signal, whisper, accepted takeover, transfer) by when it
 *    happened: did the customer recover (see `RecoveryRule`), judged from the stored readings;
 *  - survey answers by when they were given: answered, skipped, each tag.
 */
export async function summariseTeamNumbers(
  db: Queryable,
  query: {
    orgId: string;
    teamId: string;
    edges: readonly number[];
    recovery: RecoveryRule;
    compareAt?: number | null;
  },
): Promise<TeamNumbersSummary> {
  const periods = Math.max(query.edges.length - 1, 0);
  const out = Array.from({ length: periods }, empty);
  const total = empty();
  const compareAt = query.compareAt ?? null;
  const before = empty();
  const after = empty();
  const summary = (): TeamNumbersSummary => ({
    periods: out,
    total,
    comparison: compareAt !== null ? { before, after } : null,
  });
  if (periods === 0 || !isUuid(query.orgId) || !isUuid(query.teamId)) return summary();
  const edges = query.edges.map((e) => toTimestamp(e));
  const since = edges[0];
  const until = edges[edges.length - 1];
  // The halves' edges; without compareAt every row is in the first, which nobody reads.
  const halves = compareAt !== null ? [since, toTimestamp(compareAt), until] : [since, until];
  const base = [query.orgId, query.teamId, edges, since, until];
  const at = (row: Record<string, unknown>): TeamNumbersCounts | undefined => {
    const k = readNumber(row, "k");
    return k > 0 ? out[k - 1] : k === 0 ? total : k === -1 ? before : k === -2 ? after : undefined;
  };

  const [conversations, alerts, stepIns, survey] = await Promise.all([
    db.query(
      `WITH c AS (
         SELECT width_bucket(c.created_at, $3::timestamptz[]) AS b,
                width_bucket(c.created_at, $6::timestamptz[]) AS h, c.status, c.reopened_count,
                EXISTS (SELECT 1 FROM interventions i
                         WHERE i.conversation_id = c.id AND i.kind = 'escalation') AS escalated,
                EXISTS (SELECT 1 FROM interventions i
                         WHERE i.conversation_id = c.id AND i.kind = 'warm_transfer') AS transferred
           FROM conversations c
          WHERE c.org_id = $1 AND c.team_id = $2 AND c.created_at >= $4 AND c.created_at < $5
            AND c.message_count > 0
       )
       SELECT ${GROUP_KEY_SQL} AS k, count(*)::int AS conversations,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE status = 'closed' AND reopened_count = 0
                                 AND NOT escalated AND NOT transferred)::int AS resolved,
              count(*) FILTER (WHERE escalated)::int AS escalated
         FROM c GROUP BY GROUPING SETS ((b), (h), ())`,
      [...base, halves],
    ),
    db.query(
      `WITH a AS (
         SELECT width_bucket(a.raised_at, $3::timestamptz[]) AS b,
                width_bucket(a.raised_at, $7::timestamptz[]) AS h, a.state,
                extract(epoch FROM (min(i.created_at) - a.raised_at))::float8 AS wait_s
           FROM alerts a
           -- The first step-in by someone else while it was open: joined once for every alert
           -- (not looked up alert by alert: 11,000 alerts of a team of 40 read 33,000 buffers).
           LEFT JOIN interventions i
             ON i.org_id = a.org_id AND i.conversation_id = a.conversation_id
            AND i.kind = ANY($6::text[])
            AND i.from_person_id IS DISTINCT FROM a.agent_person_id
            AND i.created_at >= a.raised_at
            AND (a.closed_at IS NULL OR i.created_at <= a.closed_at)
          WHERE a.org_id = $1 AND a.team_id = $2 AND a.raised_at >= $4 AND a.raised_at < $5
          GROUP BY a.id
       )
       SELECT ${GROUP_KEY_SQL} AS k, count(*)::int AS raised,
              count(*) FILTER (WHERE state = 'acted_on')::int AS acted_on,
              count(*) FILTER (WHERE state = 'dismissed_not_useful')::int AS not_useful,
              count(*) FILTER (WHERE state = 'expired')::int AS expired,
              count(*) FILTER (WHERE state IN ('raised', 'acknowledged'))::int AS open,
              count(wait_s)::int AS helped,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_s) AS median_s,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_s) AS p90_s
         FROM a GROUP BY GROUPING SETS ((b), (h), ())`,
      [...base, HELPING_KINDS, halves],
    ),
    db.query(
      // The customer's running frustration (the engine's reading, stored with each line): at their
      // last line before the step-in, and at the last of up to `lines` lines after it. Each
      // conversation's status is joined before grouping, where the planner knows how many step-ins
      // there are (one scan of the conversations, not a look-up per step-in: 21k buffers → 2k).
      `WITH first AS (
         SELECT i.conversation_id, c.status,
                min(CASE WHEN i.kind = 'takeover_offer' THEN i.decided_at ELSE i.created_at END) AS at
           FROM interventions i
           JOIN conversations c ON c.org_id = $1 AND c.id = i.conversation_id
          WHERE i.org_id = $1 AND i.team_id = $2
            AND (i.kind IN ('signal', 'whisper', 'warm_transfer')
                 OR (i.kind = 'takeover_offer' AND i.state IN ('accepted', 'done') AND i.decided_at IS NOT NULL))
          GROUP BY i.conversation_id, c.status
       ),
       picked AS MATERIALIZED (SELECT * FROM first WHERE at >= $4 AND at < $5),
       ${RECOVERY_VERDICTS_SQL},
       halved AS (SELECT b, width_bucket(at, $9::timestamptz[]) AS h, verdict FROM verdicts)
       SELECT ${GROUP_KEY_SQL} AS k, verdict, count(*)::int AS n
         FROM halved GROUP BY GROUPING SETS ((b, verdict), (h, verdict), (verdict))`,
      [...base, query.recovery.lines, query.recovery.calmBelow, query.recovery.fall, halves],
    ),
    db.query(
      `WITH s AS (
         SELECT width_bucket(answered_at, $3::timestamptz[]) AS b,
                width_bucket(answered_at, $6::timestamptz[]) AS h, tags FROM survey_answers
          WHERE org_id = $1 AND team_id = $2 AND answered_at >= $4 AND answered_at < $5
       )
       SELECT ${GROUP_KEY_SQL} AS k, NULL::text AS tag, count(*)::int AS n,
              count(*) FILTER (WHERE cardinality(tags) = 0)::int AS skipped
         FROM s GROUP BY GROUPING SETS ((b), (h), ())
       UNION ALL
       SELECT ${GROUP_KEY_SQL}, t.tag, count(*)::int, 0 FROM s, unnest(s.tags) AS t(tag)
        GROUP BY GROUPING SETS ((b, t.tag), (h, t.tag), (t.tag))`,
      [...base, halves],
    ),
  ]);

  for (const row of conversations) {
    const p = at(row);
    if (p === undefined) continue;
    p.conversations = readNumber(row, "conversations");
    p.closed = readNumber(row, "closed");
    p.resolvedFirstContact = readNumber(row, "resolved");
    p.escalated = readNumber(row, "escalated");
  }
  for (const row of alerts) {
    const p = at(row);
    if (p === undefined) continue;
    p.alerts = {
      raised: readNumber(row, "raised"),
      actedOn: readNumber(row, "acted_on"),
      notUseful: readNumber(row, "not_useful"),
      expired: readNumber(row, "expired"),
      open: readNumber(row, "open"),
    };
    p.timeToHelp = {
      helped: readNumber(row, "helped"),
      medianSeconds: readNumberOrNull(row, "median_s"),
      p90Seconds: readNumberOrNull(row, "p90_s"),
    };
  }
  for (const row of stepIns) {
    const p = at(row);
    if (p === undefined) continue;
    addOutcomeRow(p.stepIns, row);
  }
  for (const row of survey) {
    const p = at(row);
    if (p !== undefined) addSurveyRow(p.survey, row);
  }
  return summary();
}

/** Adds one row of step-in verdicts (`n` conversations with one `verdict`) to a period's outcomes. */
export function addOutcomeRow(
  o: { total: number; recovered: number; notRecovered: number; tooEarly: number },
  row: Row,
): void {
  const n = readNumber(row, "n");
  const verdict = readText(row, "verdict");
  o.total += n;
  if (verdict === "recovered") o.recovered += n;
  else if (verdict === "not_recovered") o.notRecovered += n;
  else o.tooEarly += n;
}

/** Adds one row of survey answers (a tag's count, or the null-tag row of answered and skipped) to a period's. */
export function addSurveyRow(
  survey: { answered: number; skipped: number; tags: Record<string, number> },
  row: Row,
): void {
  const tag = readTextOrNull(row, "tag");
  if (tag === null) {
    survey.skipped = readNumber(row, "skipped");
    survey.answered = readNumber(row, "n") - survey.skipped;
  } else survey.tags[tag] = readNumber(row, "n");
}

/**
 * Records a conversation's survey answer, once: returns false (changing nothing) when it already
 * has one. `tags` empty: the customer skipped it.
 */
export async function recordSurveyAnswer(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    conversationId: string;
    tags: readonly string[];
    source: "chat" | "ingest";
    at?: number;
  },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO survey_answers (org_id, team_id, conversation_id, tags, source, answered_at)
     VALUES ($1, $2, $3, $4::text[], $5, COALESCE($6::timestamptz, now()))
     ON CONFLICT (conversation_id) DO NOTHING
     RETURNING conversation_id`,
    [input.orgId, input.teamId, input.conversationId, [...input.tags], input.source, toTimestamp(input.at)],
  );
  return rows.length === 1;
}

/** Whether a conversation's survey has been answered (or skipped). */
export async function hasSurveyAnswer(
  db: Queryable,
  orgId: string,
  conversationId: string,
): Promise<boolean> {
  if (!isUuid(orgId) || !isUuid(conversationId)) return false;
  const rows = await db.query(`SELECT 1 FROM survey_answers WHERE org_id = $1 AND conversation_id = $2`, [
    orgId,
    conversationId,
  ]);
  return rows.length > 0;
}

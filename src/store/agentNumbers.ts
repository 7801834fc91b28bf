import { isUuid, readNumber, readNumberOrNull, toTimestamp } from "./rows.ts";
import { conversationAgentSql } from "./conversationAgent.ts";
import { RECOVERY_VERDICTS_SQL, addOutcomeRow, addSurveyRow, type RecoveryRule } from "./teamNumbers.ts";
import type { Queryable } from "./types.ts";

/*
 * Loop 3, one agent's own numbers ("My numbers", GET /numbers/people/:personId): the team's
 * measures narrowed to one person, in the periods between `edges` (as countTeamNumbers), over the
 * teams the reader may see them in. Recovery is judged by the team's rule (RECOVERY_VERDICTS_SQL).
 */

export interface StepInOutcomes {
  total: number;
  recovered: number;
  notRecovered: number;
  tooEarly: number;
}

export interface AgentNumbersCounts {
  conversations: number;
  closed: number;
  resolvedFirstContact: number;
  escalated: number;
  helpReceived: StepInOutcomes;
  helpGiven: StepInOutcomes;
  scorecards: { count: number; averageOverall: number | null };
  survey: { answered: number; skipped: number; tags: Record<string, number> };
}

const outcomes = (): StepInOutcomes => ({ total: 0, recovered: 0, notRecovered: 0, tooEarly: 0 });

const empty = (): AgentNumbersCounts => ({
  conversations: 0,
  closed: 0,
  resolvedFirstContact: 0,
  escalated: 0,
  helpReceived: outcomes(),
  helpGiven: outcomes(),
  scorecards: { count: 0, averageOverall: null },
  survey: { answered: 0, skipped: 0, tags: {} },
});

/** A teammate's step-in that counts as help: a signal, a whisper, or a takeover the agent accepted. */
const HELP_STEP_IN = `(i.kind IN ('signal', 'whisper')
   OR (i.kind = 'takeover_offer' AND i.state IN ('accepted', 'done') AND i.decided_at IS NOT NULL))`;
const HELP_AT = `CASE WHEN i.kind = 'takeover_offer' THEN i.decided_at ELSE i.created_at END`;

/** Whose a conversation is, in one person's numbers: its agent (conversationAgentSql). */
const AGENT_OF_C = conversationAgentSql("c");

/**
 * One person's numbers in the periods between consecutive `edges` (epoch ms, ascending; each period
 * includes its start, excludes its end), counting only rows of `teamIds`. One entry per period:
 *  - conversations whose agent they are (`AGENT_OF_C`), by when they started: closed, resolved at
 *    first contact (the team's rule), escalated;
 *  - help received: each conversation's first step-in addressed to them (signal, whisper, a
 *    takeover they accepted) by a teammate, by when it happened, and whether the customer recovered;
 *  - help given: each conversation's first such step-in by them, and the same verdict;
 *  - their agent scorecards by when the conversation started: how many, the average overall (a
 *    lead's review in place of the automatic one);
 *  - survey answers about the conversations whose agent they are, by when they were given.
 */
export async function countAgentNumbers(
  db: Queryable,
  query: AgentNumbersQuery,
): Promise<AgentNumbersCounts[]> {
  return (await summariseAgentNumbers(db, query)).periods;
}

export interface AgentNumbersQuery {
  orgId: string;
  personId: string;
  teamIds: readonly string[];
  edges: readonly number[];
  recovery: RecoveryRule;
}

/** One person's numbers in each period and over the whole range. */
export interface AgentNumbersSummary {
  periods: AgentNumbersCounts[];
  total: AgentNumbersCounts;
}

/**
 * Rows are keyed k > 0 the period, k = 0 the whole range (`GROUPING SETS ((b…), (…))`): each
 * statement reads the person's rows once and counts them into the periods and the whole range at
 * once. "My numbers" counted them twice, once per period and again over the range.
 */
const PERIOD_OR_TOTAL_SQL = `CASE WHEN GROUPING(b) = 0 THEN b ELSE 0 END`;

/** As `countAgentNumbers`, with the whole range `[edges[0], edges[last])` counted in the same statements. */
export async function summariseAgentNumbers(
  db: Queryable,
  query: AgentNumbersQuery,
): Promise<AgentNumbersSummary> {
  const periods = Math.max(query.edges.length - 1, 0);
  const out = Array.from({ length: periods }, empty);
  const total = empty();
  const summary = (): AgentNumbersSummary => ({ periods: out, total });
  const teamIds = query.teamIds.filter(isUuid);
  if (periods === 0 || teamIds.length === 0 || !isUuid(query.orgId) || !isUuid(query.personId))
    return summary();
  const edges = query.edges.map((e) => toTimestamp(e));
  const base = [query.orgId, query.personId, edges, edges[0], edges[edges.length - 1]];
  const judged = [...base, query.recovery.lines, query.recovery.calmBelow, query.recovery.fall, teamIds];
  const at = (row: Record<string, unknown>): AgentNumbersCounts | undefined => {
    const k = readNumber(row, "k");
    return k === 0 ? total : k > 0 ? out[k - 1] : undefined;
  };
  const stepIns = (
    who: "i.to_person_id = $2 AND i.from_person_id IS DISTINCT FROM $2" | "i.from_person_id = $2",
  ) =>
    db.query(
      `WITH first AS (
         SELECT i.conversation_id, c.status, min(${HELP_AT}) AS at
           FROM interventions i
           JOIN conversations c ON c.org_id = $1 AND c.id = i.conversation_id
          WHERE i.org_id = $1 AND i.team_id = ANY($9::uuid[]) AND ${who} AND ${HELP_STEP_IN}
          GROUP BY i.conversation_id, c.status
       ),
       picked AS MATERIALIZED (SELECT * FROM first WHERE at >= $4 AND at < $5),
       ${RECOVERY_VERDICTS_SQL}
       SELECT ${PERIOD_OR_TOTAL_SQL} AS k, verdict, count(*)::int AS n
         FROM verdicts GROUP BY GROUPING SETS ((b, verdict), (verdict))`,
      judged,
    );

  const [conversations, received, given, scorecards, survey] = await Promise.all([
    db.query(
      `WITH c AS (
         SELECT width_bucket(c.created_at, $3::timestamptz[]) AS b, c.status, c.reopened_count,
                EXISTS (SELECT 1 FROM interventions i
                         WHERE i.conversation_id = c.id AND i.kind = 'escalation') AS escalated,
                EXISTS (SELECT 1 FROM interventions i
                         WHERE i.conversation_id = c.id AND i.kind = 'warm_transfer') AS transferred
           FROM conversations c
          WHERE c.org_id = $1 AND c.team_id = ANY($6::uuid[]) AND ${AGENT_OF_C} = $2
            AND c.created_at >= $4 AND c.created_at < $5 AND c.message_count > 0
       )
       SELECT ${PERIOD_OR_TOTAL_SQL} AS k, count(*)::int AS conversations,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(*) FILTER (WHERE status = 'closed' AND reopened_count = 0
                                 AND NOT escalated AND NOT transferred)::int AS resolved,
              count(*) FILTER (WHERE escalated)::int AS escalated
         FROM c GROUP BY GROUPING SETS ((b), ())`,
      [...base, teamIds],
    ),
    stepIns("i.to_person_id = $2 AND i.from_person_id IS DISTINCT FROM $2"),
    stepIns("i.from_person_id = $2"),
    db.query(
      // By when the conversation started, as the conversations are: a card is made when it closes
      // (or when tagteam first scores it), which can be long after.
      `WITH s AS (
         SELECT width_bucket(c.created_at, $3::timestamptz[]) AS b,
                COALESCE(s.override_overall, s.auto_overall) AS overall
           FROM scorecards s
           JOIN conversations c ON c.org_id = s.org_id AND c.id = s.conversation_id
          WHERE s.org_id = $1 AND s.team_id = ANY($6::uuid[]) AND s.agent_id = $2 AND s.role = 'agent'
            AND c.created_at >= $4 AND c.created_at < $5
       )
       SELECT ${PERIOD_OR_TOTAL_SQL} AS k, count(overall)::int AS n, avg(overall)::float8 AS average
         FROM s GROUP BY GROUPING SETS ((b), ())`,
      [...base, teamIds],
    ),
    db.query(
      `WITH s AS (
         SELECT width_bucket(s.answered_at, $3::timestamptz[]) AS b, s.tags
           FROM survey_answers s
           JOIN conversations c ON c.org_id = s.org_id AND c.id = s.conversation_id
          WHERE s.org_id = $1 AND s.team_id = ANY($6::uuid[]) AND ${AGENT_OF_C} = $2
            AND s.answered_at >= $4 AND s.answered_at < $5
       )
       SELECT ${PERIOD_OR_TOTAL_SQL} AS k, NULL::text AS tag, count(*)::int AS n,
              count(*) FILTER (WHERE cardinality(tags) = 0)::int AS skipped
         FROM s GROUP BY GROUPING SETS ((b), ())
       UNION ALL
       SELECT ${PERIOD_OR_TOTAL_SQL}, t.tag, count(*)::int, 0 FROM s, unnest(s.tags) AS t(tag)
        GROUP BY GROUPING SETS ((b, t.tag), (t.tag))`,
      [...base, teamIds],
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
  const tally = (rows: Record<string, unknown>[], pick: (p: AgentNumbersCounts) => StepInOutcomes) => {
    for (const row of rows) {
      const p = at(row);
      if (p === undefined) continue;
      addOutcomeRow(pick(p), row);
    }
  };
  tally(received, (p) => p.helpReceived);
  tally(given, (p) => p.helpGiven);
  for (const row of scorecards) {
    const p = at(row);
    if (p === undefined) continue;
    const n = readNumber(row, "n");
    p.scorecards = { count: n, averageOverall: n === 0 ? null : readNumberOrNull(row, "average") };
  }
  for (const row of survey) {
    const p = at(row);
    if (p !== undefined) addSurveyRow(p.survey, row);
  }
  return summary();
}

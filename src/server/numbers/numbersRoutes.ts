import { z } from "zod";
import {
  AGENT_NUMBER_DEFINITIONS,
  agentNumbersQuerySchema,
  agentNumbersResponseSchema,
  chatSurveyBodySchema,
  chatSurveySchema,
  ingestSurveyBodySchema,
  ingestSurveyResponseSchema,
  NUMBER_DEFINITIONS,
  NUMBERS_DAILY_UP_TO_DAYS,
  NUMBERS_DEFAULT_DAYS,
  NUMBERS_MAX_DAILY_DAYS,
  NUMBERS_MAX_RANGE_DAYS,
  numbersQuerySchema,
  numbersResponseSchema,
  personIdParamsSchema,
  RECOVERY_CALM_BELOW,
  RECOVERY_FALL,
  RECOVERY_LINES,
  SURVEY_TAG_INFO,
  SURVEY_TAGS,
  surveyAnswerResponseSchema,
  type AgentNumbersPeriod,
  type NumbersBucket,
  type NumbersPeriod,
  type SurveyTag,
  type ValidationIssue,
} from "../../protocol/index.ts";
import {
  appendAuditEntries,
  summariseAgentNumbers,
  summariseTeamNumbers,
  findConversationByCustomerTokenHash,
  findConversationByExternalId,
  findPersonById,
  findTeamById,
  hasSurveyAnswer,
  hashToken,
  listTeams,
  recordSurveyAnswer,
  type AgentNumbersCounts,
  type ConversationRecord,
  type TeamNumbersCounts,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import type { ServerContext } from "../context.ts";
import { invalidState, notFound, validationFailed } from "../errors.ts";
import { assertLead, canReadTeam } from "../policies.ts";
import { readableSkillMapTeams } from "../skills/routes.ts";
import { localDateAt, localMidnight, zonedDefaultRange, zonedPeriodEdges } from "./zonedEdges.ts";

/** The OpenAPI tags of these routes: test/server/numbers.test.ts checks each role against each of them. */
export const NUMBERS_TAGS: readonly string[] = ["numbers", "surveys"];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** Survey requests per minute per customer address (as the chat's own routes). */
const SURVEY_RATE_LIMIT_PER_MINUTE = 120;

const recovery = { lines: RECOVERY_LINES, calmBelow: RECOVERY_CALM_BELOW, fall: RECOVERY_FALL };

/** The edges of one period per day or week from `since`, the last one cut at `until`. */
export function periodEdges(since: number, until: number, bucket: NumbersBucket): number[] {
  const step = bucket === "day" ? DAY_MS : WEEK_MS;
  const edges: number[] = [];
  for (let t = since; t < until; t += step) edges.push(t);
  edges.push(until);
  return edges;
}

function presentPeriod(start: number, end: number, c: TeamNumbersCounts): NumbersPeriod {
  const tags = Object.fromEntries(SURVEY_TAGS.map((t) => [t, c.survey.tags[t] ?? 0])) as Record<
    SurveyTag,
    number
  >;
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    conversations: c.conversations,
    closed: c.closed,
    resolvedFirstContact: c.resolvedFirstContact,
    escalated: c.escalated,
    alerts: c.alerts,
    timeToHelp: c.timeToHelp,
    stepIns: c.stepIns,
    survey: { answered: c.survey.answered, skipped: c.survey.skipped, tags },
  };
}

function surveyTags(tags: Record<string, number>): Record<SurveyTag, number> {
  return Object.fromEntries(SURVEY_TAGS.map((t) => [t, tags[t] ?? 0])) as Record<SurveyTag, number>;
}

function presentAgentPeriod(start: number, end: number, c: AgentNumbersCounts): AgentNumbersPeriod {
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    conversations: c.conversations,
    closed: c.closed,
    resolvedFirstContact: c.resolvedFirstContact,
    escalated: c.escalated,
    helpReceived: c.helpReceived,
    helpGiven: c.helpGiven,
    scorecards: c.scorecards,
    survey: { answered: c.survey.answered, skipped: c.survey.skipped, tags: surveyTags(c.survey.tags) },
  };
}

/**
 * The range a numbers query asks for, its defaults filled in (the 56 days up to now; days up to 31
 * days, weeks beyond), refused with every problem the schema could not see: a range made of one
 * given end and one default.
 */
export function resolveRange(
  query: { since?: string; until?: string; bucket?: NumbersBucket; compareAt?: string; timeZone?: string },
  now: number,
): { since: number; until: number; bucket: NumbersBucket; compareAt: number | null; edges: number[] } {
  const zone = query.timeZone;
  // In the reader's zone, the default range is whole local days, today the last.
  const until =
    query.until !== undefined
      ? Date.parse(query.until)
      : zone !== undefined
        ? zonedDefaultRange(now, NUMBERS_DEFAULT_DAYS, zone).until
        : now;
  const since =
    query.since !== undefined
      ? Date.parse(query.since)
      : zone !== undefined
        ? localMidnight(localDateAt(until - 1, zone) + DAY_MS - NUMBERS_DEFAULT_DAYS * DAY_MS, zone)
        : until - NUMBERS_DEFAULT_DAYS * DAY_MS;
  // Local days are 23 to 25 hours long: a range of whole days may be an hour over its count.
  const slack = zone !== undefined ? HOUR_MS : 0;
  const compareAt = query.compareAt !== undefined ? Date.parse(query.compareAt) : null;
  // What the schema could not see: a range made of one given end and one default.
  const issues: ValidationIssue[] = [];
  const issue = (field: string, message: string) =>
    issues.push({ path: ["query", field], message, code: "custom" });
  if (since >= until) issue(query.since !== undefined ? "since" : "until", "must be earlier than until");
  else if (until - since > NUMBERS_MAX_RANGE_DAYS * DAY_MS + slack)
    issue("since", `the range may span at most ${NUMBERS_MAX_RANGE_DAYS} days`);
  else if (query.bucket === "day" && until - since > NUMBERS_MAX_DAILY_DAYS * DAY_MS + slack)
    issue("bucket", `days are drawn for ranges up to ${NUMBERS_MAX_DAILY_DAYS} days; use weeks`);
  if (compareAt !== null && (compareAt <= since || compareAt >= until))
    issue("compareAt", "must be inside the range (after since, before until)");
  if (issues.length > 0) throw validationFailed(issues);
  const bucket: NumbersBucket =
    query.bucket ?? (until - since <= NUMBERS_DAILY_UP_TO_DAYS * DAY_MS + slack ? "day" : "week");
  const edges =
    zone !== undefined
      ? zonedPeriodEdges(since, until, bucket === "day" ? 1 : 7, zone)
      : periodEdges(since, until, bucket);
  return { since, until, bucket, compareAt, edges };
}

const customerToken = z.strictObject({ token: z.string().min(20).max(200) });

async function conversationOfToken(ctx: ServerContext, token: string): Promise<ConversationRecord> {
  const conversation = await findConversationByCustomerTokenHash(ctx.store, hashToken(token));
  if (conversation === null) throw notFound("conversation");
  return conversation;
}

/**
 * Loop 3's numbers for leads (GET /numbers) and the customer's after-conversation survey: asked in
 * the built-in chat once it has ended, or posted by a helpdesk that runs its own.
 */
export function registerNumbersRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/numbers",
    summary: `A team's numbers over time, a point per day or week, for its leads and admins; with compareAt, before against after. ${Object.values(NUMBER_DEFINITIONS).join(" ")}`,
    tag: "numbers",
    auth: "person",
    schemas: { query: numbersQuerySchema },
    response: numbersResponseSchema,
    handler: async ({ principal, query }) => {
      // Another team's numbers look like a team that does not exist; its agents are told they may not.
      const team = canReadTeam(principal, query.teamId)
        ? await findTeamById(ctx.store, principal.orgId, query.teamId)
        : null;
      if (team === null) throw notFound("team");
      assertLead(principal, team.id);
      const { since, until, bucket, compareAt, edges } = resolveRange(query, ctx.now());
      // One pass over the team's rows counts the series, the whole range and the comparison.
      const summary = await summariseTeamNumbers(ctx.store, {
        orgId: principal.orgId,
        teamId: team.id,
        edges,
        recovery,
        compareAt,
      });
      return {
        team: { id: team.id, name: team.name },
        since: new Date(since).toISOString(),
        until: new Date(until).toISOString(),
        bucket,
        periods: summary.periods.map((c, i) => presentPeriod(edges[i] ?? since, edges[i + 1] ?? until, c)),
        total: presentPeriod(since, until, summary.total),
        comparison:
          summary.comparison !== null && compareAt !== null
            ? {
                at: new Date(compareAt).toISOString(),
                before: presentPeriod(since, compareAt, summary.comparison.before),
                after: presentPeriod(compareAt, until, summary.comparison.after),
              }
            : null,
      };
    },
  });

  register({
    method: "GET",
    url: "/numbers/people/:personId",
    summary: `One person's own numbers over time ("My numbers"), a point per day or week: for the person themself, the leads of a team they are an agent in (counting that team's rows only) and admins; anyone else is told the person does not exist; a lead's or admin's read is audited (agent_numbers.read). ${Object.values(AGENT_NUMBER_DEFINITIONS).join(" ")}`,
    tag: "numbers",
    auth: "person",
    schemas: { params: personIdParamsSchema, query: agentNumbersQuerySchema },
    response: agentNumbersResponseSchema,
    handler: async ({ principal, params, query, request }) => {
      const person = await findPersonById(ctx.store, principal.orgId, params.personId);
      // Private as a skill map is: another agent's numbers look like a person who does not exist.
      const teamIds = person !== null ? readableSkillMapTeams(principal, person) : null;
      if (person === null || teamIds === null) throw notFound("person");
      const { since, until, bucket, edges } = resolveRange(query, ctx.now());
      // One pass over the person's rows counts the series and the whole range.
      const [{ periods: series, total: wholeCounts }, teams] = await Promise.all([
        summariseAgentNumbers(ctx.store, {
          orgId: principal.orgId,
          personId: person.id,
          teamIds,
          edges,
          recovery,
        }),
        listTeams(ctx.store, principal.orgId),
      ]);
      // Someone else's numbers are private: their lead's or an admin's read is in the audit log.
      if (person.id !== principal.personId)
        await appendAuditEntries(ctx.store, [
          auditEntry(principal, "agent_numbers.read", "person", person.id, request.id, {
            since: new Date(since).toISOString(),
            until: new Date(until).toISOString(),
            teamIds,
          }),
        ]);
      return {
        person: { id: person.id, name: person.displayName },
        teams: teams.filter((t) => teamIds.includes(t.id)).map((t) => ({ id: t.id, name: t.name })),
        since: new Date(since).toISOString(),
        until: new Date(until).toISOString(),
        bucket,
        periods: series.map((c, i) => presentAgentPeriod(edges[i] ?? since, edges[i + 1] ?? until, c)),
        total: presentAgentPeriod(since, until, wholeCounts),
      };
    },
  });

  register({
    method: "GET",
    url: "/chat/:token/survey",
    summary:
      "Customer: the after-chat survey (offered once the chat has ended, until answered or skipped) and the tags they may tap",
    tag: "surveys",
    auth: "public",
    schemas: { params: customerToken },
    response: chatSurveySchema,
    rateLimitPerMinute: SURVEY_RATE_LIMIT_PER_MINUTE,
    handler: async ({ params }) => {
      const c = await conversationOfToken(ctx, params.token);
      const answered = await hasSurveyAnswer(ctx.store, c.orgId, c.id);
      return {
        offered: c.status === "closed" && !answered,
        answered,
        tags: SURVEY_TAGS.map((tag) => ({ tag, ...SURVEY_TAG_INFO[tag] })),
      };
    },
  });

  register({
    method: "POST",
    url: "/chat/:token/survey",
    summary:
      "Customer: answer the after-chat survey with the tags they tapped (none: skip it). Once per conversation: a second answer changes nothing (`recorded` false)",
    tag: "surveys",
    auth: "public",
    schemas: { params: customerToken, body: chatSurveyBodySchema },
    response: surveyAnswerResponseSchema,
    rateLimitPerMinute: SURVEY_RATE_LIMIT_PER_MINUTE,
    handler: async ({ params, body }) => {
      const c = await conversationOfToken(ctx, params.token);
      if (c.status !== "closed") throw invalidState("The survey opens once the chat has ended");
      const recorded = await recordSurveyAnswer(ctx.store, {
        orgId: c.orgId,
        teamId: c.teamId,
        conversationId: c.id,
        tags: body.tags,
        source: "chat",
        at: ctx.now(),
      });
      return { recorded };
    },
  });

  register({
    method: "POST",
    url: "/surveys",
    summary:
      "A helpdesk posts the tags its own after-conversation survey collected (by its conversation id, as in POST /messages; no tags: declined). Once per conversation: a second post changes nothing (`recorded` false)",
    tag: "surveys",
    auth: "ingest",
    schemas: { body: ingestSurveyBodySchema },
    response: ingestSurveyResponseSchema,
    rateLimitPerMinute: ctx.config.ingestRateLimitPerMinute,
    handler: async ({ principal, body }) => {
      const c = await findConversationByExternalId(ctx.store, principal.orgId, body.conversationId);
      // Another team's conversation is as unknown as a missing one: the token learns nothing.
      if (c === null || !canReadTeam(principal, c.teamId)) throw notFound("conversation");
      const recorded = await recordSurveyAnswer(ctx.store, {
        orgId: c.orgId,
        teamId: c.teamId,
        conversationId: c.id,
        tags: body.tags,
        source: "ingest",
        at: ctx.now(),
      });
      return { conversationId: c.id, recorded };
    },
  });
}

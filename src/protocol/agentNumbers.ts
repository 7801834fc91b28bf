import { z } from "zod";
import {
  NUMBERS_MAX_DAILY_DAYS,
  NUMBERS_MAX_RANGE_DAYS,
  RECOVERY_CALM_BELOW,
  RECOVERY_LINES,
  surveyTagSchema,
  numbersBucketSchema,
  numbersTimeZoneSchema,
} from "./numbers.ts";
import { isoTime } from "./period.ts";

/*
 * Loop 3, one agent's own numbers (GET /numbers/people/:personId): what "My numbers" draws for an
 * agent over time. Private like a skill map: the agent, the leads of a team they are an agent in,
 * and admins; anyone else is told the person does not exist.
 */

/**
 * One sentence per measure, spoken to the agent (`name` null) or of them by name, for a lead reading
 * an agent's figures: the route's description and the page's help text say the same.
 */
export function agentNumberDefinitions(name: string | null) {
  const you = name ?? "you";
  const your = name === null ? "your" : "their";
  const Your = name === null ? "Your" : "Their";
  return {
    conversations: `${Your} conversations: conversations ${name === null ? "you were" : `${name} was`} the agent of, as ${your} scorecards count them (the one teammates stepped in to help, else the first to write to the customer; until a conversation is scored, whoever it is assigned to), that started in the period and have at least one message. A conversation handed on to a teammate (taken over or transferred) stays ${your}.`,
    firstContactResolution: `Resolved at first contact: of ${your} conversations started in the period that are closed, the share closed without being reopened, transferred or escalated.`,
    helpReceived: `Recovered after help: each conversation where a teammate first stepped in to help ${you} during the period (a signal or whisper to ${name === null ? "you" : "them"}, or their takeover ${name === null ? "you" : "they"} accepted); the customer recovered if their running frustration ${RECOVERY_LINES} lines later is under ${Math.round(RECOVERY_CALM_BELOW * 100)}% or fell clearly, as on the team's Numbers.`,
    helpGiven: `Help ${name === null ? "you gave" : `${name} gave`}: each teammate's conversation where ${you} first stepped in during the period (a signal, a whisper or an accepted takeover), and whether their customer recovered, by the same rule.`,
    scorecards: `Scorecard: the average overall score (0 to 4, as on Scorecards) of the scorecards that score ${you} as a conversation's agent, by when the conversation started, a lead's review in place of the automatic score where there is one.`,
    survey: `What customers said about ${you}: of the customers of ${your} conversations who answered the after-conversation survey in the period (skips left out), the share who tapped each tag.`,
  } as const;
}

/** The definitions as the agent reads them (the API's descriptions). */
export const AGENT_NUMBER_DEFINITIONS = agentNumberDefinitions(null);

export const agentNumbersQuerySchema = z
  .strictObject({
    /** Start of the range (default: 56 days before `until`). */
    since: isoTime.optional(),
    /** End of the range, excluded (default: now). */
    until: isoTime.optional(),
    /** One point per day or per week (default: days up to 31 days, weeks beyond). */
    bucket: numbersBucketSchema.optional(),
    /** Days and weeks from local midnights in this zone (default: 24-hour steps from since). */
    timeZone: numbersTimeZoneSchema.optional(),
  })
  .superRefine((q, issue) => {
    // Local days are 23 to 25 hours long: whole days in a time zone may be an hour over their count.
    const slack = q.timeZone !== undefined ? 3_600_000 : 0;
    const since = q.since !== undefined && isoTime.safeParse(q.since).success ? Date.parse(q.since) : null;
    const until = q.until !== undefined && isoTime.safeParse(q.until).success ? Date.parse(q.until) : null;
    if (since === null || until === null) return;
    if (since >= until)
      issue.addIssue({ code: "custom", path: ["until"], message: "must be later than since" });
    else if (until - since > NUMBERS_MAX_RANGE_DAYS * 86_400_000 + slack)
      issue.addIssue({
        code: "custom",
        path: ["since"],
        message: `the range may span at most ${NUMBERS_MAX_RANGE_DAYS} days`,
      });
    else if (q.bucket === "day" && until - since > NUMBERS_MAX_DAILY_DAYS * 86_400_000 + slack)
      issue.addIssue({
        code: "custom",
        path: ["bucket"],
        message: `days are drawn for ranges up to ${NUMBERS_MAX_DAILY_DAYS} days; use weeks`,
      });
  });
export type AgentNumbersQuery = z.input<typeof agentNumbersQuerySchema>;

const count = z.number().int();
const outcomes = z.object({ total: count, recovered: count, notRecovered: count, tooEarly: count });

export const agentNumbersPeriodSchema = z.object({
  start: z.string(),
  /** Excluded. */
  end: z.string(),
  conversations: count.describe(AGENT_NUMBER_DEFINITIONS.conversations),
  /** Of those, closed (the denominator of first-contact resolution). */
  closed: count,
  resolvedFirstContact: count.describe(AGENT_NUMBER_DEFINITIONS.firstContactResolution),
  escalated: count,
  helpReceived: outcomes.describe(AGENT_NUMBER_DEFINITIONS.helpReceived),
  helpGiven: outcomes.describe(AGENT_NUMBER_DEFINITIONS.helpGiven),
  scorecards: z
    .object({
      /** Scorecards of the conversations started in the period (the average's sample). */
      count,
      /** 0..4, as a scorecard's overall; null without scorecards. */
      averageOverall: z.number().nullable(),
    })
    .describe(AGENT_NUMBER_DEFINITIONS.scorecards),
  survey: z
    .object({
      /** Answers with at least one tag (the shares' denominator). */
      answered: count,
      skipped: count,
      tags: z.record(surveyTagSchema, count),
    })
    .describe(AGENT_NUMBER_DEFINITIONS.survey),
});
export type AgentNumbersPeriod = z.infer<typeof agentNumbersPeriodSchema>;

export const agentNumbersResponseSchema = z.object({
  person: z.object({ id: z.string(), name: z.string() }),
  /** The teams counted: all of the person's for themself and admins, the ones a lead leads otherwise. */
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  since: z.string(),
  until: z.string(),
  bucket: numbersBucketSchema,
  /** One per day or week from `since`; the last may be shorter. */
  periods: z.array(agentNumbersPeriodSchema),
  /** The whole range at once. */
  total: agentNumbersPeriodSchema,
});
export type AgentNumbersResponse = z.infer<typeof agentNumbersResponseSchema>;

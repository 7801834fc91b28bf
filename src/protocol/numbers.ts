import { z } from "zod";
import { isoTime } from "./period.ts";

/*
 * Loop 3, the team's numbers (GET /numbers) and the customer's after-conversation survey: what a
 * lead reads over time, and the few tags a customer may tap once their chat has ended.
 */

const id = z.string().min(1).max(100);

// -- the survey ---------------------------------------------------------------------------------

/** The tags a customer may tap after a conversation, good ones first. The migration checks the same list. */
export const SURVEY_TAGS = [
  "felt_heard",
  "agent_empathy",
  "problem_solved",
  "quick",
  "had_to_repeat",
  "not_solved",
  "too_slow",
] as const;
export type SurveyTag = (typeof SURVEY_TAGS)[number];
export const surveyTagSchema = z.enum(SURVEY_TAGS);

/** Each tag as the customer reads it, and whether it is good news. */
export const SURVEY_TAG_INFO: Record<SurveyTag, { label: string; tone: "good" | "bad" }> = {
  felt_heard: { label: "I felt heard", tone: "good" },
  agent_empathy: { label: "They understood how I felt", tone: "good" },
  problem_solved: { label: "My problem is solved", tone: "good" },
  quick: { label: "It was quick", tone: "good" },
  had_to_repeat: { label: "I had to repeat myself", tone: "bad" },
  not_solved: { label: "My problem is not solved", tone: "bad" },
  too_slow: { label: "It took too long", tone: "bad" },
};

const surveyTagsBody = z
  .array(surveyTagSchema)
  .max(SURVEY_TAGS.length)
  .refine((tags) => new Set(tags).size === tags.length, { message: "must not name a tag twice" });

/** The customer's answer in the chat widget: the tags they tapped; none means they skipped it. */
export const chatSurveyBodySchema = z.strictObject({ tags: surveyTagsBody });

/** What the chat widget asks (GET /chat/:token/survey): nothing internal, only the question. */
export const chatSurveySchema = z.object({
  /** True once the conversation has ended and until the customer has answered or skipped. */
  offered: z.boolean(),
  answered: z.boolean(),
  tags: z.array(z.object({ tag: surveyTagSchema, label: z.string(), tone: z.enum(["good", "bad"]) })),
});
export type ChatSurvey = z.infer<typeof chatSurveySchema>;

/** The answer to a survey post: `recorded` is false when the conversation already had one (kept as it was). */
export const surveyAnswerResponseSchema = z.object({ recorded: z.boolean() });

/** A helpdesk posts the tags its own survey collected for a conversation (by the sender's conversation id). */
export const ingestSurveyBodySchema = z.strictObject({
  /** The conversation's id in the sender's system, as in POST /messages. */
  conversationId: id,
  /** The tags the customer chose; none: they declined the survey. */
  tags: surveyTagsBody,
});

export const ingestSurveyResponseSchema = z.object({ conversationId: z.string(), recorded: z.boolean() });

// -- the numbers ----------------------------------------------------------------------------------

/** Longest range GET /numbers covers. */
export const NUMBERS_MAX_RANGE_DAYS = 366;
/** Longest range drawn a day at a time (beyond it, a week at a time). */
export const NUMBERS_MAX_DAILY_DAYS = 92;
/** Without `bucket`, ranges up to this many days are drawn a day at a time. */
export const NUMBERS_DAILY_UP_TO_DAYS = 31;
/** Without `since`, the range starts this many days before `until`. */
export const NUMBERS_DEFAULT_DAYS = 56;
/** Customer lines after a step-in read to judge whether the customer recovered. */
export const RECOVERY_LINES = 3;
/** Running frustration (0..1) under which the customer counts as calm again. */
export const RECOVERY_CALM_BELOW = 0.45;
/** A fall in running frustration that counts as recovering, whatever the level. */
export const RECOVERY_FALL = 0.15;

const DAY_MS = 86_400_000;

/**
 * One sentence per measure: the route's description and the page's help text say the same.
 */
export const NUMBER_DEFINITIONS = {
  conversations:
    "Conversations handled: conversations that started in the period and have at least one message.",
  firstContactResolution:
    "First-contact resolution: of the conversations started in the period that are closed, the share closed without ever being reopened by the customer, transferred to a teammate or escalated to a lead.",
  escalationRate:
    "Escalation rate: of the conversations started in the period, the share escalated to a lead (by a teammate or by the team's protocol).",
  timeToHelp:
    "Time to help: from an alert being raised to the first step-in (signal, whisper, takeover offer, transfer or escalation) by a teammate other than the conversation's agent while the alert was open; median and 90th percentile, by when the alert was raised.",
  stepInOutcomes: `Step-in outcomes: for each conversation's first step-in in the period (a signal, a whisper, an accepted takeover or a transfer), the customer recovered if their running frustration ${RECOVERY_LINES} lines later (or at their last line, once the conversation ended) is under ${Math.round(RECOVERY_CALM_BELOW * 100)}% or fell by ${Math.round(RECOVERY_FALL * 100)} points from their last line before the step-in; too early to tell while the conversation is open with fewer than ${RECOVERY_LINES} customer lines since, or when it ended with none.`,
  alerts:
    "Alert usefulness: of the alerts raised in the period, the shares acted on, marked not useful and expired (nobody answered in time, or the conversation ended first).",
  survey:
    "Survey tags: of the customers who answered the after-conversation survey in the period (skips left out), the share who tapped each tag.",
} as const;

/** Whether this runtime knows the time zone (Intl throws a RangeError for one it does not). */
function knownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The reader's time zone (IANA, such as Europe/Berlin): with it, a day is from one local midnight
 * to the next (23 or 25 hours where the clocks change) and the default range is whole local days.
 */
export const numbersTimeZoneSchema = z
  .string()
  .max(64)
  .refine(knownTimeZone, { message: "must be a time zone such as Europe/Berlin or UTC" });

export const numbersBucketSchema = z.enum(["day", "week"]);
export type NumbersBucket = z.infer<typeof numbersBucketSchema>;

export const numbersQuerySchema = z
  .strictObject({
    /** The team (leads of it, admins). */
    teamId: id,
    /** Start of the range (default: 56 days before `until`). */
    since: isoTime.optional(),
    /** End of the range, excluded (default: now). */
    until: isoTime.optional(),
    /** One point per day or per week (default: days up to 31 days, weeks beyond). */
    bucket: numbersBucketSchema.optional(),
    /** A moment inside the range to compare before with after (a threshold change, a coaching push). */
    compareAt: isoTime.optional(),
    /** Days and weeks from local midnights in this zone (default: 24-hour steps from since). */
    timeZone: numbersTimeZoneSchema.optional(),
  })
  // Checked even when another parameter is wrong, so one answer names every problem.
  .superRefine((q, issue) => {
    // Local days are 23 to 25 hours long: whole days in a time zone may be an hour over their count.
    const slack = q.timeZone !== undefined ? 3_600_000 : 0;
    const ms = (v: string | undefined) => (isoTime.safeParse(v).success ? Date.parse(v as string) : null);
    const since = ms(q.since);
    const until = ms(q.until);
    const compareAt = ms(q.compareAt);
    if (since !== null && until !== null) {
      if (since >= until)
        issue.addIssue({ code: "custom", path: ["until"], message: "must be later than since" });
      else if (until - since > NUMBERS_MAX_RANGE_DAYS * DAY_MS + slack)
        issue.addIssue({
          code: "custom",
          path: ["since"],
          message: `the range may span at most ${NUMBERS_MAX_RANGE_DAYS} days`,
        });
      else if (q.bucket === "day" && until - since > NUMBERS_MAX_DAILY_DAYS * DAY_MS + slack)
        issue.addIssue({
          code: "custom",
          path: ["bucket"],
          message: `days are drawn for ranges up to ${NUMBERS_MAX_DAILY_DAYS} days; use weeks`,
        });
    }
    if (
      compareAt !== null &&
      ((since !== null && compareAt <= since) || (until !== null && compareAt >= until))
    )
      issue.addIssue({
        code: "custom",
        path: ["compareAt"],
        message: "must be inside the range (after since, before until)",
      });
  });
export type NumbersQuery = z.input<typeof numbersQuerySchema>;

const count = z.number().int();
const share = (what: string) => z.number().int().describe(what);

export const numbersPeriodSchema = z.object({
  start: z.string(),
  /** Excluded. */
  end: z.string(),
  conversations: count.describe(NUMBER_DEFINITIONS.conversations),
  closed: share("Of those, closed (the denominator of first-contact resolution)"),
  resolvedFirstContact: share(NUMBER_DEFINITIONS.firstContactResolution),
  escalated: share(NUMBER_DEFINITIONS.escalationRate),
  alerts: z
    .object({ raised: count, actedOn: count, notUseful: count, expired: count, open: count })
    .describe(NUMBER_DEFINITIONS.alerts),
  timeToHelp: z
    .object({
      /** Alerts with a step-in while open (the median's and p90's sample). */
      helped: count,
      medianSeconds: z.number().nullable(),
      p90Seconds: z.number().nullable(),
    })
    .describe(NUMBER_DEFINITIONS.timeToHelp),
  stepIns: z
    .object({ total: count, recovered: count, notRecovered: count, tooEarly: count })
    .describe(NUMBER_DEFINITIONS.stepInOutcomes),
  survey: z
    .object({
      /** Answers with at least one tag (the shares' denominator). */
      answered: count,
      skipped: count,
      tags: z.record(surveyTagSchema, count),
    })
    .describe(NUMBER_DEFINITIONS.survey),
});
export type NumbersPeriod = z.infer<typeof numbersPeriodSchema>;

export const numbersResponseSchema = z.object({
  team: z.object({ id: z.string(), name: z.string() }),
  since: z.string(),
  until: z.string(),
  bucket: numbersBucketSchema,
  /** One per day or week from `since`; the last may be shorter. */
  periods: z.array(numbersPeriodSchema),
  /** The whole range at once (medians are of the whole range, not of the periods). */
  total: numbersPeriodSchema,
  /** With `compareAt`: the range before it and the range from it. */
  comparison: z
    .object({ at: z.string(), before: numbersPeriodSchema, after: numbersPeriodSchema })
    .nullable(),
});
export type NumbersResponse = z.infer<typeof numbersResponseSchema>;

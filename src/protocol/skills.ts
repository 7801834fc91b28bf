import { z } from "zod";
import { isoTime, refinePeriod } from "./period.ts";

/*
 * Loop 3, grow the team: the skill map of one person (private to them, the leads of their team and
 * admins) and mentorship pairings (a lead's). Shapes of the HTTP API under /api/v1/skills; the rules
 * behind a strength or a gap are in docs/ARCHITECTURE.md ("Skill map").
 */

/** Where a skill's evidence comes from. */
export const SKILL_SOURCES = ["qa", "cues", "help"] as const;
export type SkillSource = (typeof SKILL_SOURCES)[number];

/**
 * The skills, in the order the page shows them: the QA scorecard's items, then the engine's cues on
 * the agent's own lines, then how conversations went after a teammate stepped in.
 */
export const SKILL_NAMES = [
  "empathy",
  "active_listening",
  "accuracy",
  "ownership",
  "clear_next_steps",
  "habits",
  "uses_name",
  "paraphrases",
  "no_repeated_apologies",
  "no_repeated_replies",
  "no_hedging",
  "no_defensiveness",
  "no_jargon",
  "recovers_with_help",
] as const;
export const skillNameSchema = z.enum(SKILL_NAMES);
export type SkillName = z.infer<typeof skillNameSchema>;

export interface SkillInfo {
  label: string;
  source: SkillSource;
  /**
   * "score": a QA item's mean score out of 4 (shown as a share of 4); "rate": the share of
   * conversations where it held.
   */
  scale: "score" | "rate";
  /** What it measures, in one line. */
  means: string;
  /** Completes "Ben's conversations …" for a rate skill (with "9 times in 10" after it). */
  phrase: string;
}

export const SKILLS: Readonly<Record<SkillName, SkillInfo>> = {
  empathy: {
    label: "Empathy",
    source: "qa",
    scale: "score",
    means: "Acknowledges the customer's feelings where they were upset (QA scorecard).",
    phrase: "score well on empathy",
  },
  active_listening: {
    label: "Active listening",
    source: "qa",
    scale: "score",
    means: "Paraphrases, uses the name, never makes the customer repeat themself (QA scorecard).",
    phrase: "score well on active listening",
  },
  accuracy: {
    label: "Accuracy",
    source: "qa",
    scale: "score",
    means: "Claims agree with the knowledge base; few hedged answers (QA scorecard).",
    phrase: "score well on accuracy",
  },
  ownership: {
    label: "Ownership",
    source: "qa",
    scale: "score",
    means: "Takes the problem on instead of blaming or deflecting (QA scorecard).",
    phrase: "score well on ownership",
  },
  clear_next_steps: {
    label: "Clear next steps",
    source: "qa",
    scale: "score",
    means: "Ends with what happens next and when (QA scorecard).",
    phrase: "end with a clear next step",
  },
  habits: {
    label: "Habits",
    source: "qa",
    scale: "score",
    means: "Uses the name, keeps the customer engaged and updated, confirms the need is met (QA scorecard).",
    phrase: "keep the good habits",
  },
  uses_name: {
    label: "Uses the customer's name",
    source: "cues",
    scale: "rate",
    means: "Conversations where the agent addressed the customer by name.",
    phrase: "address the customer by name",
  },
  paraphrases: {
    label: "Paraphrases",
    source: "cues",
    scale: "rate",
    means: "Conversations where the agent put the customer's problem in their own words.",
    phrase: "paraphrase the customer's problem",
  },
  no_repeated_apologies: {
    label: "No repeated apologies",
    source: "cues",
    scale: "rate",
    means: "Conversations without the same apology said again and again.",
    phrase: "are free of repeated apologies",
  },
  no_repeated_replies: {
    label: "No reply sent twice",
    source: "cues",
    scale: "rate",
    means:
      "Conversations without the same reply sent a second time (an answer pasted again, a canned line repeated).",
    phrase: "are free of replies sent twice",
  },
  no_hedging: {
    label: "Answers without hedging",
    source: "cues",
    scale: "rate",
    means: "Conversations without hedged or vague answers.",
    phrase: "are free of hedged or vague answers",
  },
  no_defensiveness: {
    label: "Stays non-defensive",
    source: "cues",
    scale: "rate",
    means: "Conversations without defending themself or blaming a coworker.",
    phrase: "are free of defensiveness",
  },
  no_jargon: {
    label: "Plain words",
    source: "cues",
    scale: "rate",
    means: "Conversations without internal jargon.",
    phrase: "are free of jargon",
  },
  recovers_with_help: {
    label: "Recovers with help",
    source: "help",
    scale: "rate",
    means: "Of the conversations where a teammate stepped in, those that ended with a calm customer.",
    phrase: "end with a calm customer after a teammate stepped in",
  },
};

/** strength / gap against the rest of the team; `typical` within the margin; `not_enough` evidence. */
export const SKILL_VERDICTS = ["strength", "gap", "typical", "not_enough"] as const;
export const skillVerdictSchema = z.enum(SKILL_VERDICTS);
export type SkillVerdict = z.infer<typeof skillVerdictSchema>;

/** The longest period a skill map or mentorship read covers. */
export const SKILL_PERIOD_MAX_DAYS = 366;

/** A period in the query string: since and until, each optional (default: the 90 days up to now). */
export const skillPeriodQuerySchema = refinePeriod(
  z.strictObject({ since: isoTime.optional(), until: isoTime.optional() }),
  {
    ms: SKILL_PERIOD_MAX_DAYS * 86_400_000,
    message: `must be at most ${SKILL_PERIOD_MAX_DAYS} days before until`,
  },
);
export type SkillPeriodQuery = z.infer<typeof skillPeriodQuerySchema>;

export const personIdParamsSchema = z.strictObject({
  personId: z.uuid({ error: "must be a person's id (a UUID)" }),
});
export const teamIdParamsSchema = z.strictObject({
  teamId: z.uuid({ error: "must be a team's id (a UUID)" }),
});
/** GET /skills/people: optionally only the people of one team the caller can see. */
export const skillPeopleQuerySchema = z.strictObject({
  teamId: z.uuid({ error: "must be a team's id (a UUID)" }).optional(),
});

const periodSchema = z.object({ since: z.string(), until: z.string() });
const personRefSchema = z.object({ id: z.string(), name: z.string() });

/** One skill's level in some set of conversations: 0–100, null when there is none. */
const levelFields = {
  level: z.number().nullable(),
  conversations: z.number().int(),
  teamLevel: z.number().nullable(),
  teamConversations: z.number().int(),
  verdict: skillVerdictSchema,
};

export const skillTopicSchema = z.object({ topic: z.string(), ...levelFields });

export const skillEntrySchema = z.object({
  skill: skillNameSchema,
  ...levelFields,
  /** The period's recent part (`recentPeriod`: its last four weeks, or its second half if shorter). */
  recent: z.object({ level: z.number().nullable(), conversations: z.number().int() }),
  /**
   * What the trend compares `recent` with: the period's earlier part, or, when that has nothing on
   * this skill, the same length of time just before the period (`since`/`until` say which).
   */
  previous: z.object({
    level: z.number().nullable(),
    conversations: z.number().int(),
    since: z.string(),
    until: z.string(),
  }),
  /**
   * recent.level − previous.level, when both exist. Null with `previous.conversations` 0 and
   * `recent.conversations` > 0: the skill is new (no earlier evidence at all).
   */
  change: z.number().nullable(),
  /** Week by week from the period's start: the level in each. */
  weeks: z.array(
    z.object({ start: z.string(), level: z.number().nullable(), conversations: z.number().int() }),
  ),
  /** Conversations behind the level: the best ones of a strength, else the weakest first. */
  examples: z.array(
    z.object({
      conversationId: z.string(),
      topic: z.string().nullable(),
      closedAt: z.string(),
      /** This conversation's value, 0–100. */
      value: z.number(),
    }),
  ),
  topics: z.array(skillTopicSchema),
});
export type SkillEntry = z.infer<typeof skillEntrySchema>;

/**
 * Events a pairing sends, to its mentor's and its mentee's person rooms (`data.pairingId`, and
 * `data.personId` the lead who agreed or ended it); part of EVENT_TYPES (events.ts).
 */
export const SKILLS_EVENT_TYPES = ["pairing.agreed", "pairing.ended"] as const;

export const pairingSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  mentor: personRefSchema,
  mentee: personRefSchema,
  skill: skillNameSchema,
  topic: z.string().nullable(),
  reason: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type Pairing = z.infer<typeof pairingSchema>;

export const skillRuleSchema = z.object({
  /** A level is judged only over at least this many conversations (the person's and the team's). */
  minConversations: z.number().int(),
  /** Points (of 100) above or below the rest of the team that make a strength or a gap. */
  margin: z.number(),
  /** Nobody mentors more people than this at once. */
  mentorLoadLimit: z.number().int(),
  /** Suggestions per person at most: their biggest gaps first. */
  suggestionsPerPerson: z.number().int(),
});
export type SkillRule = z.infer<typeof skillRuleSchema>;

export const skillMapSchema = z.object({
  person: personRefSchema.extend({ teams: z.array(personRefSchema) }),
  period: periodSchema,
  /** The same length of time just before the period. */
  previousPeriod: periodSchema,
  /** The period's last four weeks (its second half if shorter), which the trend compares with before. */
  recentPeriod: periodSchema,
  rule: skillRuleSchema,
  /** The person's closed, scored conversations in the period. */
  conversations: z.number().int(),
  /** Their conversations' topics in the period, most frequent first. */
  topics: z.array(z.object({ topic: z.string(), conversations: z.number().int() })),
  skills: z.array(skillEntrySchema),
  /** Mentorship pairings in force where the person mentors or is mentored. */
  pairings: z.array(pairingSchema),
});
export type SkillMap = z.infer<typeof skillMapSchema>;
export const skillMapResponseSchema = z.object({ skillMap: skillMapSchema });

/** The people whose skill map the caller may read: themself, and the agents of the teams they lead. */
export const skillPeopleResponseSchema = z.object({
  people: z.array(personRefSchema.extend({ teams: z.array(personRefSchema), self: z.boolean() })),
});

export const pairingSuggestionSchema = z.object({
  mentee: personRefSchema,
  mentor: personRefSchema,
  skill: skillNameSchema,
  topic: z.string().nullable(),
  menteeLevel: z.number(),
  mentorLevel: z.number(),
  /** One sentence: why this pairing, in numbers. */
  reason: z.string(),
});
export type PairingSuggestion = z.infer<typeof pairingSuggestionSchema>;

export const mentorshipResponseSchema = z.object({
  team: personRefSchema,
  period: periodSchema,
  rule: skillRuleSchema,
  suggestions: z.array(pairingSuggestionSchema),
  pairings: z.array(pairingSchema),
});
export type Mentorship = z.infer<typeof mentorshipResponseSchema>;

export const createPairingBodySchema = z
  .strictObject({
    teamId: z.uuid({ error: "must be a team's id (a UUID)" }),
    mentorId: z.uuid({ error: "must be a person's id (a UUID)" }),
    menteeId: z.uuid({ error: "must be a person's id (a UUID)" }),
    skill: skillNameSchema,
    topic: z.string().trim().min(1).max(200).nullable().optional(),
    reason: z.string().trim().max(1000).optional(),
  })
  .refine((b) => b.mentorId !== b.menteeId, {
    path: ["mentorId"],
    message: "must be someone other than the mentee (nobody mentors themself)",
  });
export type CreatePairingBody = z.infer<typeof createPairingBodySchema>;
export const pairingResponseSchema = z.object({ pairing: pairingSchema });
export const pairingIdParamsSchema = z.strictObject({
  id: z.uuid({ error: "must be a pairing's id (a UUID)" }),
});

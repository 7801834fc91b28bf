import { z } from "zod";

/*
 * Loop 3, employee pulses (eNPS): a team's lead asks the team's own people one anonymous question,
 * "How likely are you to recommend working on this team to a friend?" (0–10), with an optional
 * comment. Results (the eNPS) only once the pulse has closed and only with PULSE_MIN_ANSWERS answers
 * or more; who answered is never shown, nor stored beside what they answered (docs/ARCHITECTURE.md,
 * "Employee pulses (eNPS)"). Shapes of the HTTP API under /api/v1/pulses.
 */

/** The question, as every member reads it. */
export const PULSE_QUESTION = "How likely are you to recommend working on this team to a friend?";
/** The optional comment's prompt. */
export const PULSE_COMMENT_PROMPT = "What would make this team a better place to work?";
/** The scale's ends, in words. */
export const PULSE_SCALE_HINT = "0 = not at all likely, 10 = extremely likely";
/** The promise the prompt makes, in one sentence. */
export const PULSE_ANONYMITY_PROMISE =
  "Your answer is anonymous: it is stored without your name or the time you sent it, and your lead sees only the team's totals once at least 5 people have answered and the pulse has closed.";

/**
 * Fewer answers than this and a pulse shows nothing, ever: with a handful of answers a lead could
 * work out one person's score from who was away. Five is the usual floor for anonymous surveys.
 */
export const PULSE_MIN_ANSWERS = 5;
/** How long a pulse may run, in days (whole days). */
export const PULSE_MIN_DAYS = 1;
export const PULSE_MAX_DAYS = 14;
export const PULSE_DEFAULT_DAYS = 3;
/** Longest comment, in characters. */
export const PULSE_COMMENT_MAX = 1000;

/** Events pulses add (part of EVENT_TYPES): to the team's room, so the prompt appears and leaves live. */
export const PULSE_EVENT_TYPES = ["pulse.opened", "pulse.closed"] as const;

/** Why a closed pulse shows no results, said to a lead. */
export const PULSE_TOO_FEW_EXPLANATION = `Fewer than ${PULSE_MIN_ANSWERS} people answered, so this pulse shows nothing, now or later: with so few answers, anyone who knows who was in that week could work out one person's score.`;
/** Why an open pulse shows only a count, said to a lead. */
export const PULSE_WHILE_OPEN_EXPLANATION = `Results appear once the pulse closes and only if at least ${PULSE_MIN_ANSWERS} people answered, so no single answer can be picked out by watching the count go up.`;

/** eNPS: the share of promoters (9–10) minus the share of detractors (0–6), in points from −100 to 100. */
export function enps(counts: { promoters: number; detractors: number; answers: number }): number {
  if (counts.answers === 0) return 0;
  // Math.round rounds .5 up toward +∞; −0 becomes 0.
  return Math.round((100 * (counts.promoters - counts.detractors)) / counts.answers) + 0;
}

const uuid = (what: string) => z.uuid({ error: `must be ${what}'s id (a UUID)` });

export const openPulseBodySchema = z.strictObject({
  teamId: uuid("a team"),
  /** How many days it takes answers (default 3). */
  days: z
    .number({ error: `must be a whole number of days from ${PULSE_MIN_DAYS} to ${PULSE_MAX_DAYS}` })
    .int({ error: `must be a whole number of days from ${PULSE_MIN_DAYS} to ${PULSE_MAX_DAYS}` })
    .min(PULSE_MIN_DAYS, { error: `must be at least ${PULSE_MIN_DAYS} day` })
    .max(PULSE_MAX_DAYS, { error: `must be at most ${PULSE_MAX_DAYS} days` })
    .default(PULSE_DEFAULT_DAYS),
});
export type OpenPulseBody = z.input<typeof openPulseBodySchema>;

export const answerPulseBodySchema = z.strictObject({
  score: z
    .number({ error: "must be a whole number from 0 to 10" })
    .int({ error: "must be a whole number from 0 to 10" })
    .min(0, { error: "must be a whole number from 0 to 10" })
    .max(10, { error: "must be a whole number from 0 to 10" }),
  /** Optional; blank is the same as none. */
  comment: z
    .string({ error: "must be text" })
    .max(PULSE_COMMENT_MAX, { error: `must be at most ${PULSE_COMMENT_MAX} characters` })
    .nullable()
    .optional(),
});
export type AnswerPulseBody = z.input<typeof answerPulseBodySchema>;

export const pulseIdParamsSchema = z.strictObject({ id: uuid("a pulse") });
export const pulsesQuerySchema = z.strictObject({ teamId: uuid("a team") });

export const pulseResultsSchema = z.object({
  /** Answers with a score of 9 or 10. */
  promoters: z.number().int(),
  /** 7 or 8. */
  passives: z.number().int(),
  /** 0 to 6. */
  detractors: z.number().int(),
  /** round(100 × (promoters − detractors) / answers), from −100 to 100. */
  enps: z.number().int(),
  /** The comments given, in a random order and never beside their score. */
  comments: z.array(z.string()),
});
export type PulseResults = z.infer<typeof pulseResultsSchema>;

export const pulseSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  openedAt: z.string(),
  /** When it stops taking answers (or stopped: `closedAt`). */
  closesAt: z.string(),
  /** When it stopped taking answers (its time, or a lead's close); null while open. */
  closedAt: z.string().nullable(),
  closedEarly: z.boolean(),
  status: z.enum(["open", "closed"]),
  /** Active agents and leads of the team when it opened. */
  invited: z.number().int(),
  /** How many have answered (a count only: never who). */
  answers: z.number().int(),
  /**
   * "open": still taking answers, no results yet; "too_few": closed with fewer than
   * PULSE_MIN_ANSWERS answers, never shown; "shown": closed with enough, `results` set.
   */
  visibility: z.enum(["open", "too_few", "shown"]),
  results: pulseResultsSchema.nullable(),
});
export type Pulse = z.infer<typeof pulseSchema>;

export const pulseResponseSchema = z.object({ pulse: pulseSchema });

export const teamPulsesResponseSchema = z.object({
  team: z.object({ id: z.string(), name: z.string() }),
  minAnswers: z.number().int(),
  /** Newest first; at most one is open. */
  pulses: z.array(pulseSchema),
});
export type TeamPulsesResponse = z.infer<typeof teamPulsesResponseSchema>;

/** An open pulse waiting for my answer: only the question, nothing about who else answered. */
export const pulsePromptSchema = z.object({
  id: z.string(),
  team: z.object({ id: z.string(), name: z.string() }),
  question: z.string(),
  commentPrompt: z.string(),
  closesAt: z.string(),
});
export type PulsePrompt = z.infer<typeof pulsePromptSchema>;

export const pulsePromptsResponseSchema = z.object({ pulses: z.array(pulsePromptSchema) });
export type PulsePromptsResponse = z.infer<typeof pulsePromptsResponseSchema>;

/** An answer was recorded; nothing else is said (not even how many have answered). */
export const answerPulseResponseSchema = z.object({ recorded: z.literal(true) });

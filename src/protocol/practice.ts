import { z } from "zod";
import { feedbackCheckSchema } from "./loop2.ts";

/*
 * Loop 3, role-play drills: practice scenarios built from a team's real hard conversations
 * (anonymised), and drill sessions against a simulated customer whose lines follow the step-in
 * engine's reading of each reply. Shapes of the HTTP API under /api/v1. Scenarios are the team's;
 * a session is its trainee's and the team's leads'.
 */

const id = z.string().min(1).max(100);

/** `abandoned`: nobody wrote in it for a day (over, with no score, not finished by the trainee). */
export const PRACTICE_STATUSES = [
  "active",
  "satisfied",
  "walked_away",
  "max_turns",
  "ended",
  "abandoned",
] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];
export const PRACTICE_LANDINGS = ["calmed", "neutral", "escalated"] as const;
export const PRACTICE_REPLY_MAX_CHARS = 2000;
export const PRACTICE_COMMENT_MAX_CHARS = 2000;

/**
 * Events a drill sends; part of EVENT_TYPES (events.ts). Each goes to the drill's players' person
 * rooms (one stored event per person), and `drill.commented` to the commenting lead's too, never to
 * the team. `data.sessionId` is the drill, `data.personId` who did it; `drill.roles_swapped` also
 * carries `data.previousSessionId`, the finished drill the new one swaps. Hints only: clients
 * refetch the session over HTTP.
 */
export const PRACTICE_EVENT_TYPES = [
  "drill.partner_joined",
  "drill.line_said",
  "drill.roles_swapped",
  "drill.ended",
  "drill.commented",
] as const;
export type PracticeEventType = (typeof PRACTICE_EVENT_TYPES)[number];

export const practicePersonaSchema = z.object({
  mood: z.string(),
  wants: z.string(),
  askedTimes: z.number().int(),
  threats: z.array(z.string()),
  summary: z.string(),
});

export const practiceScenarioSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  title: z.string(),
  topic: z.string().nullable(),
  persona: practicePersonaSchema,
  rootCause: z.string().nullable(),
  goodReply: z.array(z.string()),
  /** The real customer's first line, anonymised: how the simulated customer opens. */
  opening: z.string(),
  lineCount: z.number().int(),
  /** Every customer line (anonymised), for the team's leads only; null for others. */
  customerLines: z.array(z.string()).nullable(),
  /** The source conversation, for the team's leads only (null for others, or once it was erased). */
  sourceConversationId: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type PracticeScenario = z.infer<typeof practiceScenarioSchema>;

export const practiceCueSchema = z.object({
  kind: z.string(),
  polarity: z.enum(["good", "bad"]),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
});
export type PracticeCue = z.infer<typeof practiceCueSchema>;

export const practiceReadingSchema = z.object({
  landing: z.enum(PRACTICE_LANDINGS),
  good: z.array(practiceCueSchema),
  bad: z.array(practiceCueSchema),
  risk: z.number(),
  reasons: z.array(z.string()),
  why: z.string(),
});
export type PracticeReading = z.infer<typeof practiceReadingSchema>;

export const practiceTurnSchema = z.object({
  role: z.enum(["customer", "agent"]),
  text: z.string(),
  /** Whether the customer's line is the real customer's (anonymised) or one tagteam wrote. */
  real: z.boolean(),
  reading: practiceReadingSchema.nullable(),
});
export type PracticeTurn = z.infer<typeof practiceTurnSchema>;

export const practiceScoreSchema = z.object({
  items: z.array(
    z.object({ item: z.string(), score: z.number(), applicable: z.boolean(), note: z.string() }),
  ),
  /** Mean of the applicable QA items, 0–4; null when none applied. */
  overall: z.number().nullable(),
  percent: z.number().nullable(),
  landings: z.object({ calmed: z.number().int(), neutral: z.number().int(), escalated: z.number().int() }),
});
export type PracticeScore = z.infer<typeof practiceScoreSchema>;

export const practiceSessionSchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  scenarioTitle: z.string(),
  persona: z.string(),
  teamId: z.string(),
  /** Who plays the agent. */
  traineeId: z.string(),
  traineeName: z.string().nullable(),
  /** "pair": a teammate plays the customer (customerPlayer…) instead of the simulation. */
  mode: z.enum(["solo", "pair"]),
  customerPlayerId: z.string().nullable(),
  customerPlayerName: z.string().nullable(),
  /** The caller's part: the agent's, the customer's (a pair drill), or a lead reading it. */
  myRole: z.enum(["agent", "customer", "reviewer"]),
  /** Whose line is next while it runs (null once over). */
  turn: z.enum(["agent", "customer"]).nullable(),
  /**
   * For the customer's player (and the team's leads) in a pair drill: the real customer's lines
   * (anonymised) and the line the simulated customer would say now, as prompts; null otherwise.
   */
  prompts: z.object({ lines: z.array(z.string()), suggestion: z.string().nullable() }).nullable(),
  status: z.enum(PRACTICE_STATUSES),
  turns: z.array(practiceTurnSchema),
  repliesUsed: z.number().int(),
  maxReplies: z.number().int(),
  score: practiceScoreSchema.nullable(),
  review: z
    .object({
      comment: z.string(),
      reviewerName: z.string().nullable(),
      reviewedAt: z.string(),
      check: feedbackCheckSchema.nullable(),
    })
    .nullable(),
  /** Whether the caller may write the next line now (the trainee; in a pair, whoever's turn it is). */
  canReply: z.boolean(),
  /** Whether the caller may end it now (the trainee; in a pair, either player). */
  canEnd: z.boolean(),
  /** Whether the caller may leave a comment (a lead of the team, not on their own session). */
  canReview: z.boolean(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type PracticeSession = z.infer<typeof practiceSessionSchema>;

export const scenarioCandidateSchema = z.object({
  conversationId: z.string(),
  teamId: z.string(),
  topic: z.string().nullable(),
  /** The customer's first line, anonymised as a scenario is, so a lead can tell candidates apart. */
  opening: z.string().nullable(),
  customerEmotion: z.string().nullable(),
  messageCount: z.number().int(),
  peakRisk: z.number(),
  escalated: z.boolean(),
  closedAt: z.string().nullable(),
  /**
   * How many more candidates opened with the same words (anonymised): one situation is suggested
   * once, with this count, rather than once per customer who met it.
   */
  similar: z.number().int(),
});
export type ScenarioCandidate = z.infer<typeof scenarioCandidateSchema>;

export const practiceTeamQuerySchema = z.strictObject({ teamId: id.optional() });
export const createScenarioBodySchema = z.strictObject({ conversationId: id });
export const startPracticeBodySchema = z.strictObject({
  scenarioId: id,
  /** A teammate to play with (a live pair drill); omitted: the simulated customer. */
  partnerId: id.optional(),
  /** My part in a pair drill (default the agent's); the partner plays the other, then you swap. */
  play: z.enum(["agent", "customer"]).optional(),
  /**
   * The finished pair drill this one plays again with the parts swapped (its partner, the other
   * part): the partner hears `drill.roles_swapped` instead of `drill.partner_joined`.
   */
  swapOf: id.optional(),
});
export type StartPracticeBody = z.infer<typeof startPracticeBodySchema>;
export const practiceLineBodySchema = z.strictObject({
  text: z.string().trim().min(1, "write a line").max(PRACTICE_REPLY_MAX_CHARS),
});
/** Ending a drill; in a pair, the customer's player may say how it ended for the customer. */
export const endPracticeBodySchema = z
  .strictObject({ outcome: z.enum(["satisfied", "walked_away"]).optional() })
  .optional();
export const practiceReplyBodySchema = z.strictObject({
  text: z.string().trim().min(1, "write a reply").max(PRACTICE_REPLY_MAX_CHARS),
});
export const reviewPracticeBodySchema = z.strictObject({
  comment: z.string().trim().min(1, "write a comment").max(PRACTICE_COMMENT_MAX_CHARS),
});
export type ReviewPracticeBody = z.infer<typeof reviewPracticeBodySchema>;
export const listPracticeSessionsQuerySchema = z.strictObject({
  teamId: id.optional(),
  traineeId: id.optional(),
  scenarioId: id.optional(),
});

export const scenarioCandidatesResponseSchema = z.object({ candidates: z.array(scenarioCandidateSchema) });
export const practiceScenarioResponseSchema = z.object({ scenario: practiceScenarioSchema });
/** A scenario removed, with how many drills played on it went too. */
export const removedScenarioResponseSchema = z.object({
  removed: z.object({ scenarioId: z.string(), drills: z.number().int() }),
});
export const practiceScenariosResponseSchema = z.object({ scenarios: z.array(practiceScenarioSchema) });
export const practiceSessionResponseSchema = z.object({ session: practiceSessionSchema });
export const practiceSessionsResponseSchema = z.object({ sessions: z.array(practiceSessionSchema) });

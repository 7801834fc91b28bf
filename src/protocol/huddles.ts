import { z } from "zod";
import { isoTime, refinePeriod } from "./period.ts";

/*
 * Loop 3, the buddy-boost routine: three short team rituals a shift, each with an agenda made from
 * the team's own conversations. Before the shift, a five-minute warm-up in pairs (one recent hard
 * conversation, two quick wins that would have helped); mid-shift, a check-in with the pairs
 * rotated (a live observation and a one-sentence tip each); after it, a huddle on the day's top
 * three patterns, each given a champion who writes the procedure update.
 */

const day = z.iso.date({ error: "must be a date such as 2026-03-02" });

/** The longest shift an agenda covers. */
export const HUDDLE_SHIFT_MAX_HOURS = 24;

/**
 * The shift (or day) in the team's local time: the browser sends its own day's bounds, so a team in
 * any time zone gets its own day. `date` names the day (a champion is assigned for that day).
 */
export const huddleAgendaQuerySchema = refinePeriod(
  z.strictObject({
    teamId: z.uuid({ error: "must be a team's id (a UUID)" }),
    date: day,
    since: isoTime,
    until: isoTime,
  }),
  {
    ms: HUDDLE_SHIFT_MAX_HOURS * 3_600_000,
    message: `must be at most ${HUDDLE_SHIFT_MAX_HOURS} hours before until`,
  },
);
export type HuddleAgendaQuery = z.infer<typeof huddleAgendaQuerySchema>;

const personRef = z.object({ id: z.string(), name: z.string() });

/** People paired for a ritual; an odd one out joins the last pair as a three. */
export const huddlePairsSchema = z.array(z.array(personRef));

/** A line quoted in an agenda, redacted (customer and staff names, emails, numbers). */
const quotedLine = z.object({ role: z.enum(["customer", "agent"]), text: z.string() });

export const huddleWarmUpSchema = z.object({
  /** The days looked back over for a hard conversation. */
  lookedSince: z.string(),
  pairs: huddlePairsSchema,
  /** The hardest recent conversation that has ended, its agent not named (null when there is none). */
  hardConversation: z
    .object({
      /**
       * Only for its own agent (whom its scorecard scores as the agent, not a teammate it was handed
       * to) and the team's leads; others discuss it without opening it.
       */
      conversationId: z.string().nullable(),
      topic: z.string().nullable(),
      channel: z.string(),
      peakRisk: z.number(),
      finalRisk: z.number(),
      rootCause: z.string().nullable(),
      /** The agent's line and the customer's answer where the risk peaked. */
      peak: z.array(quotedLine),
      /** What happened: who stepped in and how, and how it ended, in a sentence. */
      outcome: z.string(),
      /** Two moves that would have helped, each with the cue it answers. */
      quickWins: z.array(z.object({ cue: z.string(), text: z.string() })),
    })
    .nullable(),
});

export const huddleCheckInSchema = z.object({
  /** The pairs rotated from the warm-up's. */
  pairs: huddlePairsSchema,
  /**
   * For the reader only: what to share, from their own conversations this shift (those whose agent
   * they are: one they handed to a teammate stays theirs once scored, as in My numbers).
   */
  mine: z.object({
    conversations: z.number().int(),
    observation: z.string(),
    tip: z.string(),
  }),
  /**
   * Leads only: teammates with several hard conversations in the last two hours, each counted for
   * its agent as `mine` is (empty for others).
   */
  checkOn: z.array(z.object({ person: personRef, hardConversations: z.number().int(), since: z.string() })),
});

/** To the person named champion of a procedure update (not to the lead who named them). */
export const HUDDLE_EVENT_TYPES = ["huddle.champion_named"] as const;

export const HUDDLE_ACTION_STATUSES = ["open", "done"] as const;

export const huddleActionSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  date: z.string(),
  pattern: z.string(),
  title: z.string(),
  owner: personRef,
  status: z.enum(HUDDLE_ACTION_STATUSES),
  note: z.string().nullable(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  /** Whether the reader may mark it done or open again (its champion, a lead of the team). */
  editable: z.boolean(),
});
export type HuddleAction = z.infer<typeof huddleActionSchema>;

export const huddlePatternSchema = z.object({
  /** Stable within a team and day: a cue (`cue:hedging`), a root cause, a topic's knowledge gaps, an incident. */
  key: z.string(),
  label: z.string(),
  /** Conversations of the shift it showed in. */
  conversations: z.number().int(),
  topics: z.array(z.string()),
  /** One line where it showed, redacted. */
  example: quotedLine.nullable(),
  /** The procedure update it suggests, as a title the champion can start from. */
  suggestedUpdate: z.string(),
  /** Its champion for the day, once a lead named one. */
  action: huddleActionSchema.nullable(),
});

export const huddleWrapUpSchema = z.object({
  conversations: z.number().int(),
  patterns: z.array(huddlePatternSchema),
  /** Procedure updates still open from earlier days. */
  openActions: z.array(huddleActionSchema),
});

export const huddleAgendaResponseSchema = z.object({
  teamId: z.string(),
  date: z.string(),
  /** Who may name champions (the team's leads and admins). */
  canAssign: z.boolean(),
  /** The team's active people, for naming a champion. */
  members: z.array(personRef),
  warmUp: huddleWarmUpSchema,
  checkIn: huddleCheckInSchema,
  wrapUp: huddleWrapUpSchema,
});
export type HuddleAgenda = z.infer<typeof huddleAgendaResponseSchema>;

/** A lead names (or changes) the champion of one of the day's patterns. */
export const assignHuddleActionBodySchema = z.strictObject({
  teamId: z.uuid({ error: "must be a team's id (a UUID)" }),
  date: day,
  pattern: z.string().trim().min(1).max(200),
  title: z.string().trim().min(1, "must not be empty").max(300),
  ownerId: z.uuid({ error: "must be a person's id (a UUID)" }),
});
export type AssignHuddleActionBody = z.infer<typeof assignHuddleActionBodySchema>;

export const updateHuddleActionBodySchema = z.strictObject({
  status: z.enum(HUDDLE_ACTION_STATUSES),
  /** What was written or changed (a link to the procedure, a sentence). */
  note: z.string().trim().max(1000).optional(),
});
export type UpdateHuddleActionBody = z.infer<typeof updateHuddleActionBodySchema>;

export const huddleActionResponseSchema = z.object({ action: huddleActionSchema });
export const huddleActionParamsSchema = z.strictObject({
  id: z.uuid({ error: "must be an action's id (a UUID)" }),
});

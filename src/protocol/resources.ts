import { z } from "zod";

/*
 * The resources the API returns (presenter output). Ids are opaque strings; times are ISO-8601
 * strings. Nothing here is ever sent to a customer: the customer channel has its own, smaller
 * shapes in chat.ts.
 */

export const ROLES = ["agent", "lead", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const AVAILABILITIES = ["available", "busy", "away", "offline"] as const;
export const availabilitySchema = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof availabilitySchema>;

export const CHANNELS = ["chat", "email", "voice", "social"] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export const MESSAGE_ROLES = ["customer", "agent", "system"] as const;
export const messageRoleSchema = z.enum(MESSAGE_ROLES);
export type MessageRole = z.infer<typeof messageRoleSchema>;

/** `message` reaches the customer; `whisper`, `note` and `signal` are private to the team, always. */
export const MESSAGE_KINDS = ["message", "whisper", "note", "signal"] as const;
export const messageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const STEP_IN_REASONS = [
  "wrong_information",
  "not_solution_focused",
  "customer_reacting_to_agent",
  "needs_authority",
  // Not the engine's reading: an agent asked for help, or a chat customer was left waiting.
  "raised_hand",
  "customer_waiting",
] as const;
export const stepInReasonSchema = z.enum(STEP_IN_REASONS);
export type StepInReason = z.infer<typeof stepInReasonSchema>;

export const RUNGS = ["observe", "signal", "whisper", "offer_takeover", "escalate"] as const;
export const rungSchema = z.enum(RUNGS);
export type Rung = z.infer<typeof rungSchema>;

export const CUSTOMER_EMOTIONS = [
  "neutral",
  "frustrated",
  "angry",
  "confused",
  "satisfied",
  "anxious",
] as const;
export const customerEmotionSchema = z.enum(CUSTOMER_EMOTIONS);
export type CustomerEmotion = z.infer<typeof customerEmotionSchema>;

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The public key of the team's built-in chat widget (safe to embed in a web page). */
  chatKey: z.string(),
  createdAt: z.string(),
  /**
   * From how long without a reply a customer's wait counts as long on this team (the engine's
   * `longGapMs` and `emailLongGapMs`, Admin → Thresholds): the floor and console mark it so.
   */
  longWait: z.object({ chatMs: z.number(), emailMs: z.number() }),
});
export type Team = z.infer<typeof teamSchema>;

export const personSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  teamIds: z.array(z.string()),
  /** Topics this person knows, declared by an admin and learned from their history. */
  topics: z.array(z.string()),
  availability: availabilitySchema,
  /** Open conversations they handle plus help requests they hold: the router's load figure. */
  load: z.number().int(),
  /** False once an admin deactivated them: they cannot sign in and nobody routes to them. */
  active: z.boolean(),
  /** Has tagteam open now (a signed-in page connected); routing prefers people who do. */
  present: z.boolean(),
});
export type Person = z.infer<typeof personSchema>;

/** The signed-in person plus what the UI needs to decide what to show. */
export const meSchema = personSchema.extend({ orgId: z.string(), orgName: z.string() });
export type Me = z.infer<typeof meSchema>;

export const cueSchema = z.object({
  /** An engine cue kind such as "repeated_apology", "frustration", "wrong_information". */
  kind: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  polarity: z.enum(["good", "bad", "neutral"]),
  detail: z.string().optional(),
});
export type Cue = z.infer<typeof cueSchema>;

export const evidenceSpanSchema = z.object({
  messageIndex: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  kind: z.string().optional(),
});
export type EvidenceSpan = z.infer<typeof evidenceSpanSchema>;

/** The engine's reading of one message, as stored. */
export const HABIT_NAMES = ["use_name", "update_while_waiting", "confirm_need_met", "keep_engaged"] as const;
export type HabitName = (typeof HABIT_NAMES)[number];

export const analysisSchema = z.object({
  messageIndex: z.number().int(),
  risk: z.number(),
  customer: z
    .object({
      emotion: customerEmotionSchema,
      frustration: z.number(),
      trend: z.enum(["rising", "steady", "falling"]),
    })
    .nullable(),
  stepIn: z.object({
    raise: z.boolean(),
    reasons: z.array(stepInReasonSchema),
    rung: rungSchema,
    escalate: z.boolean(),
    suggestion: z.string().nullable(),
    factId: z.string().nullable(),
    needsAuthority: z.boolean(),
    why: z.string(),
  }),
  cues: z.array(cueSchema),
  rootCauses: z.array(
    z.object({
      cause: z.string(),
      confidence: z.number(),
      evidence: z.array(
        z.object({ index: z.number().int(), start: z.number().int(), end: z.number().int() }),
      ),
    }),
  ),
  factChecks: z.array(
    z.object({
      factId: z.string(),
      claimStart: z.number().int(),
      claimEnd: z.number().int(),
      claimed: z.string(),
      expected: z.string(),
      verdict: z.enum(["contradicts", "agrees"]),
    }),
  ),
  /** Service habits this message kept or missed; the agent's console turns the missed ones into nudges. */
  habits: z.array(
    z.object({
      habit: z.enum(HABIT_NAMES),
      status: z.enum(["missed", "done"]),
      detail: z.string(),
    }),
  ),
});
export type Analysis = z.infer<typeof analysisSchema>;

export const REPLY_DELIVERY_STATES = ["waiting", "sent", "failed"] as const;
export const replyDeliverySchema = z.object({
  via: z.enum(["chatwoot", "webhook"]),
  /** waiting: not taken by the receiver yet (it is retried); sent: taken; failed: given up, see `error`. */
  state: z.enum(REPLY_DELIVERY_STATES),
  error: z.string().nullable(),
  updatedAt: z.string(),
});
export type ReplyDelivery = z.infer<typeof replyDeliverySchema>;

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** Position in the conversation's transcript (whispers and notes included), from 0. */
  index: z.number().int(),
  role: messageRoleSchema,
  kind: messageKindSchema,
  text: z.string(),
  at: z.string(),
  /** The teammate who wrote it (agent replies, whispers, notes); null for the customer. */
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  senderMessageId: z.string().nullable(),
  analysis: analysisSchema.nullable(),
  /**
   * A teammate's reply that goes out through Chatwoot or the reply webhook: whether it reached the
   * customer's side yet. Absent for every other message (built-in chat replies are read by the
   * widget from the transcript itself).
   */
  delivery: replyDeliverySchema.nullable().optional(),
});
export type Message = z.infer<typeof messageSchema>;

/**
 * Where a conversation came from: tagteam's chat widget ("chat"), the Chatwoot webhook
 * ("chatwoot"), a helpdesk or script through the ingest API or the generic webhook ("api"), or a
 * bulk import of past transcripts ("import"), or the live demo's replay ("demo", posting through
 * the API with the token the demo made for it).
 */
export const CONVERSATION_ORIGINS = ["chat", "chatwoot", "api", "import", "demo"] as const;
export const conversationOriginSchema = z.enum(CONVERSATION_ORIGINS);
export type ConversationOrigin = z.infer<typeof conversationOriginSchema>;

/** Why a reply typed in tagteam would not reach the customer. */
export const REPLY_NOT_SENT_REASONS = [
  "closed",
  "imported",
  "chatwoot_not_configured",
  "no_reply_webhook",
] as const;
export type ReplyNotSentReason = (typeof REPLY_NOT_SENT_REASONS)[number];

/** How a reply typed in tagteam reaches the customer of a conversation, or why it would not. */
export const replyRouteSchema = z.object({
  /**
   * "chat": the customer's chat window; "chatwoot": posted to Chatwoot; "webhook": the reply
   * webhook; "demo": the live demo's simulated customer, who reads the transcript. Null: not sent.
   */
  via: z.enum(["chat", "chatwoot", "webhook", "demo"]).nullable(),
  notSentReason: z.enum(REPLY_NOT_SENT_REASONS).nullable(),
  /** In plain words for the teammate about to type: where a reply goes, or why it would not and where to answer. */
  explanation: z.string(),
});
export type ReplyRoute = z.infer<typeof replyRouteSchema>;

export const CONVERSATION_STATUSES = ["open", "closed"] as const;
export const conversationStatusSchema = z.enum(CONVERSATION_STATUSES);

export const conversationSummarySchema = z.object({
  id: z.string(),
  teamId: z.string(),
  externalId: z.string(),
  channel: channelSchema,
  status: conversationStatusSchema,
  topic: z.string().nullable(),
  customerName: z.string().nullable(),
  /**
   * Whose conversation it is: in a list, the person its scorecard scores as the agent, until scored
   * its assignee, so one handed on (taken over, transferred) stays its first agent's, as My numbers,
   * the huddle and the exports count it; in one conversation's detail, its assignee.
   */
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  /** Who it is assigned to now: who handles it (the floor's and the console's live views). */
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  risk: z.number(),
  customerEmotion: customerEmotionSchema.nullable(),
  frustration: z.number(),
  /** Bad cues seen in the last few messages, newest first, deduplicated by kind. */
  activeCues: z.array(z.string()),
  messageCount: z.number().int(),
  openAlertCount: z.number().int(),
  startedAt: z.string(),
  lastMessageAt: z.string(),
  /** When it was closed (null while open). */
  closedAt: z.string().nullable(),
  /**
   * Why: "teammate" (closed in tagteam), "sender" (the helpdesk or the API said it ended), "idle"
   * (no message for TAGTEAM_CONVERSATION_IDLE_CLOSE_MS), "customer" (ended in the built-in chat).
   * Null while open.
   */
  closedReason: z.enum(["teammate", "sender", "idle", "customer"]).nullable(),
  /** Open and the customer's last line unanswered: since when (their first unanswered line). */
  waitingSince: z.string().nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

/**
 * raised → acknowledged → acted_on; or dismissed_not_useful (tunes the team's thresholds); or
 * expired (the conversation moved on, or the alert was rerouted to someone else).
 */
export const ALERT_STATUSES = [
  "raised",
  "acknowledged",
  "acted_on",
  "dismissed_not_useful",
  "expired",
] as const;
export const alertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

export const alertSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  teamId: z.string(),
  /** The teammate asked to help (never the struggling agent). */
  helperId: z.string().nullable(),
  helperName: z.string().nullable(),
  agentId: z.string().nullable(),
  status: alertStatusSchema,
  reasons: z.array(stepInReasonSchema),
  rung: rungSchema,
  escalate: z.boolean(),
  needsAuthority: z.boolean(),
  suggestion: z.string().nullable(),
  factId: z.string().nullable(),
  /** One human-readable line: why this alert exists. */
  why: z.string(),
  /** Why this helper was chosen (topic, free, load, authority), when known. */
  routing: z.string().nullable(),
  evidence: z.array(evidenceSpanSchema),
  messageIndex: z.number().int(),
  risk: z.number(),
  raisedAt: z.string(),
  updatedAt: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

/** `raise_hand`: the agent asks for help themself (routed to a helper like an alert). */
export const INTERVENTION_KINDS = [
  "signal",
  "whisper",
  "takeover_offer",
  "warm_transfer",
  "escalation",
  "raise_hand",
] as const;
export const interventionKindSchema = z.enum(INTERVENTION_KINDS);
export type InterventionKind = z.infer<typeof interventionKindSchema>;

/**
 * Signals and whispers are `done` when sent; takeover offers go `offered` → `accepted` | `declined`.
 * An offer, transfer, escalation or raised hand still `offered` when its conversation ends is
 * `withdrawn`.
 */
export const INTERVENTION_STATUSES = ["offered", "accepted", "declined", "done", "withdrawn"] as const;
export const interventionStatusSchema = z.enum(INTERVENTION_STATUSES);
export type InterventionStatus = z.infer<typeof interventionStatusSchema>;

export const interventionSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  alertId: z.string().nullable(),
  kind: interventionKindSchema,
  status: interventionStatusSchema,
  fromId: z.string(),
  fromName: z.string().nullable(),
  toId: z.string().nullable(),
  toName: z.string().nullable(),
  /** Whisper text, takeover note, escalation reason. Private to the team. */
  text: z.string().nullable(),
  /** Warm transfer: the summary the receiver reads so the customer need not repeat. */
  summary: z.string().nullable(),
  /** Why a withdrawn step-in stopped waiting: its conversation ended, or someone it involved left. */
  withdrawnReason: z.enum(["conversation_closed", "person_deactivated"]).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Intervention = z.infer<typeof interventionSchema>;

export const commitmentSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  agentId: z.string().nullable(),
  text: z.string(),
  dueAt: z.string().nullable(),
  /**
   * "done" or "cancelled" when closed (Follow-ups, the console); "missed" once its due time passed
   * while open (set within a minute by the server): still owed, it can be done (late) or cancelled.
   */
  status: z.enum(["open", "done", "cancelled", "missed"]),
  createdAt: z.string(),
});
export type Commitment = z.infer<typeof commitmentSchema>;

export const conversationDetailSchema = conversationSummarySchema.extend({
  /**
   * Whose conversation it is as the history and the numbers count it (a list's `agentId`): the
   * person its scorecard scores as the agent, until scored its assignee. Here `agentId` is who has
   * it now (its assignee); the two differ for one handed on (taken over, transferred) and scored.
   */
  creditedAgentId: z.string().nullable(),
  creditedAgentName: z.string().nullable(),
  origin: conversationOriginSchema,
  /** Whether a reply typed here reaches the customer, and how. */
  replies: replyRouteSchema,
  messages: z.array(messageSchema),
  alerts: z.array(alertSchema),
  interventions: z.array(interventionSchema),
  commitments: z.array(commitmentSchema),
  /** The most recent root-cause hypotheses, strongest first. */
  rootCauses: analysisSchema.shape.rootCauses,
});
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const knowledgeFactSchema = z.object({
  id: z.string(),
  teamId: z.string().nullable(),
  topic: z.string().nullable(),
  statement: z.string(),
  key: z.string().nullable(),
  value: z.union([z.number(), z.boolean(), z.string()]),
  unit: z.string().nullable(),
});
export type KnowledgeFact = z.infer<typeof knowledgeFactSchema>;

/**
 * A team's escalation protocol, configured by an admin: who is asked, in what order, and how long
 * each level has before the next is asked.
 */
export const escalationProtocolSchema = z.object({
  teamId: z.string(),
  levels: z.array(
    z.object({
      /** "lead" asks the team's leads; "person" asks one named person; "admin" asks the admins. */
      target: z.enum(["lead", "person", "admin"]),
      personId: z.string().nullable(),
      /** How long this level has to acknowledge before the next level is asked. */
      acknowledgeWithinMs: z.number().int().positive(),
    }),
  ),
  /** Escalate automatically when the engine says so (safety, authority, still irate after help). */
  autoEscalate: z.boolean(),
  updatedAt: z.string(),
});
export type EscalationProtocol = z.infer<typeof escalationProtocolSchema>;

/** An API token acts as its person (their role and teams), narrowed to its scopes. */
export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  personId: z.string(),
  scopes: z.array(z.enum(["ingest", "api"])),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;

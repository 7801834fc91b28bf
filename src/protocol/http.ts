import { z } from "zod";
import {
  alertSchema,
  apiTokenSchema,
  availabilitySchema,
  channelSchema,
  commitmentSchema,
  conversationDetailSchema,
  conversationSummarySchema,
  escalationProtocolSchema,
  interventionKindSchema,
  interventionSchema,
  knowledgeFactSchema,
  meSchema,
  messageRoleSchema,
  personSchema,
  roleSchema,
  teamSchema,
} from "./resources.ts";

/*
 * Request bodies, query strings and responses of the HTTP API (mounted under /api/v1).
 * Bodies are strict: an unknown field is a validation problem, listed with the others.
 */

/** The API's base path; every route below is relative to it. */
export const API_BASE_PATH = "/api/v1";

const id = z.string().min(1).max(100);
/** How far ahead of the server's clock a sender's "when it was said" may be: clocks differ a little. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/**
 * When something was said or happened, by the sender's clock: an ISO time with its offset, not
 * later than the server's clock allows. A time in the future would keep a conversation from ever
 * looking idle and would run its clocks backwards.
 */
const saidAt = z.iso
  .datetime({
    offset: true,
    error: "must be a time in ISO 8601 with its offset, such as 2026-03-02T10:00:00Z",
  })
  .refine(
    // A malformed time is the format check's problem alone (zod runs both).
    (v) => Number.isNaN(Date.parse(v)) || Date.parse(v) <= Date.now() + MAX_CLOCK_SKEW_MS,
    {
      message: `must not be in the future (clocks may differ by at most ${MAX_CLOCK_SKEW_MS / 60_000} minutes)`,
    },
  );
const text = z.string().min(1).max(20_000);

export const loginBodySchema = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1000),
});
export type LoginBody = z.infer<typeof loginBodySchema>;
export const loginResponseSchema = z.object({ me: meSchema });

// -- ingest --------------------------------------------------------------------------------------

/**
 * One message from a channel. `senderMessageId` makes the request idempotent: posting the same id
 * again answers with the stored message and changes nothing.
 */
export const ingestMessageSchema = z.strictObject({
  senderMessageId: z.string().min(1).max(200),
  /** The conversation's id in the sender's system; created on first sight. */
  conversationId: z.string().min(1).max(200),
  teamId: id,
  channel: channelSchema.default("chat"),
  role: messageRoleSchema,
  text,
  /** When it was said; defaults to the time the server receives it. */
  at: saidAt.optional(),
  /** The agent's email (or id) for agent messages; the customer's display name for customer ones. */
  author: z.string().min(1).max(320).optional(),
  /**
   * The agent the sender's system has given the conversation to (e-mail or id), for any message: a
   * helpdesk routes a chat to an agent before they write, so the customer's first line is theirs.
   * Only an unassigned conversation takes it (as it does a first agent author).
   */
  assignee: z.string().min(1).max(320).optional(),
  topic: z.string().min(1).max(100).optional(),
});
export type IngestMessage = z.input<typeof ingestMessageSchema>;

/** POST /messages takes one message or `{ messages: [...] }` (up to 500). */
export const ingestBatchSchema = z.strictObject({ messages: z.array(ingestMessageSchema).min(1).max(500) });
/** For documentation; the server picks the batch schema when the body has `messages`, so problems are listed precisely. */
export const ingestBodySchema = z.union([ingestMessageSchema, ingestBatchSchema]);
export type IngestBody = z.input<typeof ingestBodySchema>;

export const ingestResultSchema = z.object({
  senderMessageId: z.string(),
  messageId: z.string(),
  conversationId: z.string(),
  index: z.number().int(),
  /** False when this sender message id had already been stored (an idempotent retry). */
  created: z.boolean(),
  /** Id of the alert this message raised, if any. */
  alertId: z.string().nullable(),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;
export const ingestResponseSchema = z.object({
  results: z.array(ingestResultSchema),
  /**
   * Agents named (an agent message's `author`, any message's `assignee`) that no tagteam person
   * has, as sent: their words are stored, but the conversation gets no agent from them, so nobody
   * can be asked to help them. Only when there are any. Add them under Admin → People.
   */
  unknownAgents: z.array(z.string()).optional(),
});
export type IngestResponse = z.infer<typeof ingestResponseSchema>;

/** POST /conversations/close: the sender (a helpdesk, a script) says a conversation has ended. */
export const ingestCloseBodySchema = z.strictObject({
  /** The conversation's id in the sender's system, as in POST /messages. */
  conversationId: z.string().min(1).max(200),
  /** When it ended; defaults to the time the server receives it. */
  at: saidAt.optional(),
});
export type IngestCloseBody = z.input<typeof ingestCloseBodySchema>;
export const ingestCloseResponseSchema = z.object({
  /** tagteam's id of the conversation. */
  conversationId: z.string(),
  /** False when it was closed already (telling twice is fine). */
  closed: z.boolean(),
});
export type IngestCloseResponse = z.infer<typeof ingestCloseResponseSchema>;

/** Bulk import: conversations in the `tagteam analyze` input format. */
export const importConversationSchema = z.strictObject({
  /** As in `tagteam analyze`: a number is accepted as its string. */
  id: z.union([z.string().min(1).max(200), z.number().int().transform(String)], {
    error: (issue) =>
      issue.input === undefined
        ? "required: the conversation's id in your system (a string or a whole number)"
        : "must be a string or a whole number",
  }),
  channel: channelSchema.default("chat"),
  teamId: id.optional(),
  topic: z.string().max(100).optional(),
  messages: z
    .array(
      z.strictObject({
        role: messageRoleSchema,
        text,
        at: saidAt.optional(),
        author: z.string().max(320).optional(),
      }),
    )
    .min(1)
    .max(5000),
  kb: z.unknown().optional(),
});
export const importBodySchema = z.strictObject({
  teamId: id,
  conversations: z.array(importConversationSchema).min(1).max(1000),
});
export type ImportBody = z.input<typeof importBodySchema>;
/**
 * A conversation of the import whose lines were partly or wholly stored already (by an earlier
 * import under the same conversation id): a line is known by the conversation's id and its place.
 */
export const importAlreadyStoredSchema = z.object({
  /** The conversation's id as imported. */
  conversationId: z.string(),
  /** Its lines that were stored already at their places (not stored again). */
  lines: z.number().int(),
  /**
   * Of those, the places (indexes into its `messages`, from 0) where the stored line's text or
   * role is not this import's: the stored line is kept, this import's line is NOT stored. Empty
   * when the same transcript was imported again.
   */
  differing: z.array(z.number().int()),
});
export type ImportAlreadyStored = z.infer<typeof importAlreadyStoredSchema>;
export const importResponseSchema = z.object({
  conversations: z.number().int(),
  messages: z.number().int(),
  created: z.number().int(),
  alerts: z.number().int(),
  /** Each conversation that had lines stored already (only those; in the order sent). */
  alreadyStored: z.array(importAlreadyStoredSchema),
});

// -- conversations --------------------------------------------------------------------------------

/** The most conversation ids one GET /conversations?ids= names (the request line stays short). */
export const CONVERSATION_IDS_MAX = 100;

const startedAt = z.iso.datetime({
  offset: true,
  error: "must be a time in ISO 8601 with its offset, such as 2026-03-02T10:00:00Z",
});
export const listConversationsQuerySchema = z
  .strictObject({
    teamId: id.optional(),
    status: z.enum(["open", "closed", "all"]).default("open"),
    channel: channelSchema.optional(),
    minRisk: z.coerce.number().min(0).max(1).optional(),
    /**
     * This person's conversations: those their scorecard scores them as the agent of, and until
     * scored those assigned to them (one handed on stays its first agent's, as the huddle counts it).
     */
    agentId: id.optional(),
    topic: z.string().trim().min(1).max(100).optional(),
    /** Part of the customer's name or the subject (any case), or the sender's conversation id. */
    q: z.string().trim().min(1, "must not be blank").max(100).optional(),
    /** Started at or after this time. */
    since: startedAt.optional(),
    /** Started before this time. */
    until: startedAt.optional(),
    /**
     * Only these conversations: their ids, comma-separated, at most CONVERSATION_IDS_MAX (a page
     * naming the conversations it lists, such as the escalation queue). Others' are left out.
     */
    ids: z
      .string()
      .transform((v) => [...new Set(v.split(",").map((part) => part.trim()))].filter((part) => part !== ""))
      .pipe(
        z
          .array(id)
          .min(1, "must name at least one conversation id")
          .max(CONVERSATION_IDS_MAX, `at most ${CONVERSATION_IDS_MAX} ids at a time`),
      )
      .optional(),
    /** "risk": the floor, riskiest first; "started": the history, newest first, paged with `after`. */
    order: z.enum(["risk", "started"]).default("risk"),
    /** Only with order=started: the previous page's `nextAfter`. */
    after: id.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  // Checked even when another parameter is wrong, so one answer names every problem.
  .refine((q) => !(q.after !== undefined && q.order !== "started"), {
    path: ["after"],
    message: "pages only the history: use it with order=started",
    when: () => true,
  })
  .refine(
    (q) => {
      const since = startedAt.safeParse(q.since);
      const until = startedAt.safeParse(q.until);
      return !(since.success && until.success && Date.parse(since.data) >= Date.parse(until.data));
    },
    { path: ["until"], message: "must be later than since", when: () => true },
  );
export const listConversationsResponseSchema = z.object({
  conversations: z.array(conversationSummarySchema),
  /** With order=started and a full page: pass as `after` for the next page; otherwise null. */
  nextAfter: z.string().nullable(),
});
export const conversationResponseSchema = z.object({ conversation: conversationDetailSchema });

/** A teammate replies to the customer (built-in chat, Chatwoot, or a helpdesk's reply webhook). */
export const replyBodySchema = z.strictObject({ text });
export const replyResponseSchema = z.object({
  result: ingestResultSchema,
  /**
   * How the reply goes to the customer: "chat" is shown in their chat window at once ("sent");
   * "chatwoot" and "webhook" are posted by a delivery loop ("waiting" until the receiver takes it).
   */
  delivery: z.object({
    via: z.enum(["chat", "chatwoot", "webhook", "demo"]),
    state: z.enum(["sent", "waiting"]),
  }),
});

export const closeConversationBodySchema = z.strictObject({ resolved: z.boolean().default(true) });

// -- alerts and the step-in lifecycle ---------------------------------------------------------------

/** The most alert ids GET /alerts answers about at once (`ids`). */
export const ALERT_IDS_MAX = 100;
export const listAlertsQuerySchema = z.strictObject({
  /** `mine`: alerts where I am the helper; `team`: everything in my teams (leads and admins). */
  scope: z.enum(["mine", "team"]).default("mine"),
  teamId: id.optional(),
  status: z.enum(["active", "all"]).default("active"),
  /**
   * Only these alerts: their ids, comma-separated, at most ALERT_IDS_MAX (the alerts a browser
   * showed desktop notifications about, to close those no longer open). The others the scope and
   * status leave out are left out. Named, `mine` also holds those waiting in the queue (no helper)
   * of a team I lead: its leads were told of them when nobody was available.
   */
  ids: z
    .string()
    .transform((v) => [...new Set(v.split(",").map((part) => part.trim()))].filter((part) => part !== ""))
    .pipe(
      z
        .array(id)
        .min(1, "must name at least one alert id")
        .max(ALERT_IDS_MAX, `at most ${ALERT_IDS_MAX} ids at a time`),
    )
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const listAlertsResponseSchema = z.object({ alerts: z.array(alertSchema) });

/** GET /alerts/outcomes: how useful a team's alerts have been, for tuning its thresholds. */
export const alertOutcomesQuerySchema = z.strictObject({
  /** One team; without it, every team the caller leads (admins: every team). */
  teamId: id.optional(),
  /** How many days back, counting alerts by when they were raised. */
  days: z.coerce.number().int().min(1).max(365).default(30),
});
const alertOutcomeCountsSchema = z.object({
  raised: z.number().int(),
  /** Acted on, or closed as handled. */
  actedOn: z.number().int(),
  /** Dismissed by the helper as not useful: the signal to tune. */
  notUseful: z.number().int(),
  /** Nobody acknowledged it in time, or its conversation ended first. */
  expired: z.number().int(),
  /** Still raised or acknowledged. */
  open: z.number().int(),
});
export const alertOutcomesResponseSchema = z.object({
  since: z.string(),
  teamIds: z.array(z.string()),
  total: alertOutcomeCountsSchema,
  /** By the engine's reason (an alert with two reasons counts under both), most marked not useful first. */
  byReason: z.array(alertOutcomeCountsSchema.extend({ reason: z.string() })),
});
export type AlertOutcomes = z.infer<typeof alertOutcomesResponseSchema>;
export const alertResponseSchema = z.object({ alert: alertSchema });

export const dismissAlertBodySchema = z.strictObject({
  /** "not_useful" tunes the team's thresholds; "handled" just closes it. */
  reason: z.enum(["not_useful", "handled"]),
  note: z.string().max(2000).optional(),
});
/** The helper cannot resolve it: route to someone else (optionally with authority). */
export const rerouteAlertBodySchema = z.strictObject({
  note: z.string().max(2000).optional(),
  needsAuthority: z.boolean().default(false),
});

/** The longest whisper or takeover note; the web app's text boxes stop there too. */
export const WHISPER_MAX_CHARS = 1000;
/** The longest warm-transfer note or escalation reason. */
export const HANDOVER_NOTE_MAX_CHARS = 2000;

/** Helper actions on a conversation: the intervention ladder's lower rungs. */
export const stepInBodySchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("signal"), alertId: id.optional() }),
  z.strictObject({
    kind: z.literal("whisper"),
    alertId: id.optional(),
    text: z.string().min(1).max(WHISPER_MAX_CHARS),
  }),
  z.strictObject({
    kind: z.literal("takeover_offer"),
    alertId: id.optional(),
    text: z.string().max(WHISPER_MAX_CHARS).optional(),
  }),
]);
export type StepInBody = z.infer<typeof stepInBodySchema>;
export const interventionResponseSchema = z.object({ intervention: interventionSchema });

/** The agent answers a takeover offer. */
export const answerOfferBodySchema = z.strictObject({ note: z.string().max(1000).optional() });

export const transferBodySchema = z.strictObject({
  toPersonId: id,
  /** Anything the sender wants to add to the generated summary. */
  note: z.string().max(HANDOVER_NOTE_MAX_CHARS).optional(),
});
export const escalateBodySchema = z.strictObject({
  reason: z.string().min(1).max(HANDOVER_NOTE_MAX_CHARS),
});
export const raiseHandBodySchema = z.strictObject({ note: z.string().max(1000).optional() });

/** Whether the optional language model is configured (GET /llm): the web app shows "Draft it for me" when it is. */
export const llmStatusResponseSchema = z.object({ enabled: z.boolean() });
export type LlmStatus = z.infer<typeof llmStatusResponseSchema>;
/** A whisper drafted by the language model for the helper to edit and send (nothing is stored). */
export const whisperDraftResponseSchema = z.object({ draft: z.string().min(1).max(1000) });

export const listInterventionsQuerySchema = z.strictObject({
  scope: z.enum(["mine", "team"]).default("mine"),
  kind: interventionKindSchema.optional(),
  /**
   * active: still offered, about a conversation that has not ended; recent: every one still offered
   * and the newest `limit` of the rest (the escalation queue); all: the newest `limit`.
   */
  status: z.enum(["active", "recent", "all"]).default("active"),
  /** open: only those about conversations still open (the console's inbox). */
  conversations: z.enum(["open", "any"]).default("any"),
  /** Only those about this conversation. */
  conversationId: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(500),
  teamId: id.optional(),
});
export const listInterventionsResponseSchema = z.object({ interventions: z.array(interventionSchema) });

// -- people, teams, admin -----------------------------------------------------------------------------

export const listTeamsResponseSchema = z.object({ teams: z.array(teamSchema) });
export const createTeamBodySchema = z.strictObject({
  name: z.string().trim().min(1, "must not be blank").max(200),
});
export const updateTeamBodySchema = z.strictObject({
  name: z.string().trim().min(1, "must not be blank").max(200),
});
export const teamResponseSchema = z.object({ team: teamSchema });

export const listPeopleQuerySchema = z.strictObject({ teamId: id.optional() });
export const listPeopleResponseSchema = z.object({ people: z.array(personSchema) });
/** A new password: at least 12 characters (a KDF stores it; nothing else is required of it). */
const newPassword = z.string().min(12, "must be at least 12 characters").max(1000);
export const createPersonBodySchema = z.strictObject({
  email: z.email().max(320),
  name: z.string().min(1).max(200),
  role: roleSchema,
  /**
   * Their first password. Left out, the answer carries a one-time sign-in link instead, for the
   * admin to send them: they choose their own password when they open it.
   */
  password: newPassword.optional(),
  teamIds: z.array(id).max(50).default([]),
  topics: z.array(z.string().min(1).max(100)).max(100).default([]),
});
export const updatePersonBodySchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  role: roleSchema.optional(),
  teamIds: z.array(id).max(50).optional(),
  topics: z.array(z.string().min(1).max(100)).max(100).optional(),
  availability: availabilitySchema.optional(),
  /** false deactivates (signs them out everywhere; their API tokens stop working); true reactivates. */
  active: z.boolean().optional(),
});
/** POST /me/password: the signed-in person changes their own password. */
export const changePasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(1000),
  newPassword,
});
/**
 * One of the caller's live sessions (GET /me/sessions, "Where you're signed in"): when it signed
 * in, when it was last used (recorded at most once a minute; "now" for the calling one), when it
 * ends unless used, and what it was signed in from.
 */
export const accountSessionSchema = z.object({
  id: z.string(),
  /** The browser and system in words, from the user agent: "Chrome on Linux". */
  device: z.string(),
  /** The user agent the browser sent at sign-in (cut to 512 characters), or null. */
  userAgent: z.string().nullable(),
  /** The client's address at sign-in (behind a proxy: with TAGTEAM_TRUST_PROXY, the forwarded one). */
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string(),
  /** The session making this request ("This device"). */
  current: z.boolean(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;
export const listSessionsResponseSchema = z.object({ sessions: z.array(accountSessionSchema) });
/** POST /me/sessions/revoke-others: every other live session of the caller ended. */
export const revokeOtherSessionsResponseSchema = z.object({
  ok: z.literal(true),
  signedOutSessions: z.number().int(),
});
/** POST /people/:id/password: an admin sets someone's password (they are signed out everywhere). */
export const setPasswordBodySchema = z.strictObject({ password: newPassword });
export const personResponseSchema = z.object({ person: personSchema });

/**
 * A one-time sign-in link: `path` on the web app's address (e.g. https://tagteam.example.com +
 * path). Whoever opens it chooses a password and is signed in; it works once, until `expiresAt`,
 * and a newer link for the same person replaces it.
 */
export const signInLinkSchema = z.object({
  path: z.string(),
  expiresAt: z.string(),
  purpose: z.enum(["invite", "reset"]),
});
export type SignInLink = z.infer<typeof signInLinkSchema>;
/** POST /people without a password: the person, and the link to send them. */
export const createdPersonResponseSchema = z.object({
  person: personSchema,
  signInLink: signInLinkSchema.optional(),
});
export const signInLinkResponseSchema = z.object({ signInLink: signInLinkSchema });
/** GET /sign-in-links/:token: whose link it is, for the page that asks them for a password. */
export const signInLinkInfoResponseSchema = z.object({
  name: z.string(),
  email: z.string(),
  orgName: z.string(),
  purpose: z.enum(["invite", "reset"]),
  expiresAt: z.string(),
});
export type SignInLinkInfo = z.infer<typeof signInLinkInfoResponseSchema>;
export const signInLinkTokenParamsSchema = z.strictObject({ token: z.string().min(20).max(100) });
export const useSignInLinkBodySchema = z.strictObject({ password: newPassword });

export const listFactsQuerySchema = z.strictObject({ teamId: id.optional() });
export const listFactsResponseSchema = z.object({ facts: z.array(knowledgeFactSchema) });
export const createFactBodySchema = z.strictObject({
  teamId: id.nullable().default(null),
  topic: z.string().min(1).max(100).nullable().default(null),
  statement: z.string().min(1).max(2000),
  key: z.string().min(1).max(100).nullable().default(null),
  value: z.union([z.number(), z.boolean(), z.string().max(200)]),
  unit: z.string().min(1).max(30).nullable().default(null),
});
export const factResponseSchema = z.object({ fact: knowledgeFactSchema });
/** A fact corrected in place (a policy changed): the fields to change; its team stays. */
export const updateFactBodySchema = z
  .strictObject({
    topic: z.string().min(1).max(100).nullable().optional(),
    statement: z.string().trim().min(1, "must not be blank").max(2000).optional(),
    key: z.string().min(1).max(100).nullable().optional(),
    value: z.union([z.number(), z.boolean(), z.string().max(200)]).optional(),
    unit: z.string().min(1).max(30).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "name at least one field to change" });

export const putEscalationProtocolBodySchema = escalationProtocolSchema
  .pick({ levels: true, autoEscalate: true })
  .extend({
    // No level would leave an escalation with nobody to ask (it was quietly saved as the default).
    // Each level strict too (a mistyped key is refused, not dropped); the response's stays as it is.
    levels: z
      .array(escalationProtocolSchema.shape.levels.element.strict())
      .min(1, "name at least one level: who is asked first")
      .max(10, "at most 10 levels"),
  })
  .strict();
export const escalationProtocolResponseSchema = z.object({ protocol: escalationProtocolSchema });

export const createApiTokenBodySchema = z.strictObject({
  name: z.string().min(1).max(200),
  /** The person the token acts as; defaults to the caller. Admins may name anyone in the org. */
  personId: id.optional(),
  scopes: z
    .array(z.enum(["ingest", "api"]))
    .min(1)
    .default(["ingest"]),
});
/** The secret is shown once, in this response only. */
export const createApiTokenResponseSchema = z.object({ token: apiTokenSchema, secret: z.string() });
export const listApiTokensResponseSchema = z.object({ tokens: z.array(apiTokenSchema) });

export const listCommitmentsResponseSchema = z.object({ commitments: z.array(commitmentSchema) });

export const healthResponseSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  store: z.enum(["pglite", "postgres"]),
  instanceId: z.string(),
  uptimeS: z.number(),
});

/** Ids in paths. */
export const idParamsSchema = z.strictObject({ id });

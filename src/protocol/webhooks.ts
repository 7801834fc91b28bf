import { z } from "zod";
import { ingestResultSchema } from "./http.ts";
import { channelSchema } from "./resources.ts";

/**
 * POST /webhooks/generic: the shape a helpdesk (or a small script) posts when it cannot speak
 * POST /messages. Each event is one message of one conversation; the server maps it onto the
 * ingest message (docs/API.md, "Generic webhook") and sends it through the same ingest path, so
 * it is idempotent by `message.id` and analysed like any other message.
 */
export const genericWebhookEventSchema = z.strictObject({
  /** What happened; only messages are ingested. */
  event: z.literal("message.created"),
  /** The tagteam team the conversation belongs to. */
  team: z.string().min(1).max(100),
  conversation: z.strictObject({
    /** The conversation's id in the sender's system. */
    id: z.string().min(1).max(200),
    channel: channelSchema.default("chat"),
    topic: z.string().min(1).max(100).optional(),
  }),
  message: z.strictObject({
    /** The message's id in the sender's system: a retry with the same id changes nothing. */
    id: z.string().min(1).max(190),
    author: z.strictObject({
      /** customer (also: end_user, contact), agent, or system (also: bot). */
      type: z.enum(["customer", "end_user", "contact", "agent", "system", "bot"]),
      /** Agents are matched by email; a customer's name is shown on the floor. */
      email: z.string().min(1).max(320).optional(),
      name: z.string().min(1).max(200).optional(),
    }),
    body: z.string().min(1).max(20_000),
    /** When it was said (ISO 8601 with offset); defaults to when the server receives it. */
    created_at: z.iso.datetime({ offset: true }).optional(),
  }),
});
export type GenericWebhookEvent = z.infer<typeof genericWebhookEventSchema>;

/** One event, or `{ events: [...] }` (up to 500). */
export const genericWebhookBatchSchema = z.strictObject({
  events: z.array(genericWebhookEventSchema).min(1).max(500),
});
export const genericWebhookBodySchema = z.union([genericWebhookEventSchema, genericWebhookBatchSchema]);

// -- Chatwoot ------------------------------------------------------------------------------------

/** Chatwoot's ids are integers; some payloads (and older versions) send them as strings. */
const chatwootIdSchema = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)], {
    error: "must be a numeric id",
  })
  .transform(String);

/** Chatwoot's message types, by name or by the number its database stores (0–3, in this order). */
export const CHATWOOT_MESSAGE_TYPES = ["incoming", "outgoing", "activity", "template"] as const;
export type ChatwootMessageType = (typeof CHATWOOT_MESSAGE_TYPES)[number];
const chatwootMessageTypeSchema = z.union(
  [
    z.enum(CHATWOOT_MESSAGE_TYPES),
    z.literal([0, 1, 2, 3]).transform((n): ChatwootMessageType => CHATWOOT_MESSAGE_TYPES[n]),
  ],
  { error: `must be one of ${CHATWOOT_MESSAGE_TYPES.join(", ")} (or 0–3)` },
);

/** Latest Unix time accepted (9999-12-31), so a bogus number cannot make an invalid date. */
const MAX_UNIX_SECONDS = 253_402_300_799;

/**
 * When a message was created: ISO 8601 (current Chatwoot), "2020-03-03 13:05:57 UTC" (the
 * documented sample) or Unix seconds (nested message objects); normalised to ISO 8601.
 */
const chatwootTimeSchema = z.union(
  [
    z.iso.datetime({ offset: true }),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? UTC$/)
      .transform((s) => `${s.slice(0, -4).replace(" ", "T")}Z`),
    z
      .number()
      .nonnegative()
      .max(MAX_UNIX_SECONDS)
      .transform((s) => new Date(s * 1000).toISOString()),
  ],
  { error: 'must be ISO 8601, "YYYY-MM-DD hh:mm:ss UTC" or Unix seconds' },
);

/**
 * The first look at any Chatwoot webhook: only `event` is read, so events tagteam does not use
 * (conversation_created, contact_updated, …) are acknowledged without knowing their shape.
 */
export const chatwootWebhookEnvelopeSchema = z.object({ event: z.string().min(1).max(100) });

/**
 * Chatwoot's `message_created` webhook, as far as tagteam reads it. Not strict: Chatwoot sends
 * many more fields (content attributes, the whole conversation), and which ones varies by version.
 */
export const chatwootMessageCreatedSchema = z.object({
  event: z.literal("message_created"),
  /** The message's id in Chatwoot (unique per installation). */
  id: chatwootIdSchema,
  /** Null for a message that is only attachments. */
  content: z.string().nullish(),
  message_type: chatwootMessageTypeSchema,
  /** A private note: seen by agents only (the notes tagteam posts come back as these). */
  private: z.boolean().default(false),
  created_at: chatwootTimeSchema.optional(),
  /** Who sent it: `type` "contact" (the customer), "user" (an agent), "agent_bot", … */
  sender: z
    .object({
      id: chatwootIdSchema.optional(),
      name: z.string().max(200).nullish(),
      email: z.string().max(320).nullish(),
      type: z.string().max(50).nullish(),
    })
    .nullish(),
  conversation: z.object({
    /** The conversation's number in its account (the one in Chatwoot's URLs and API). */
    id: chatwootIdSchema,
    inbox_id: chatwootIdSchema.optional(),
    /** The inbox's channel type, e.g. "Channel::WebWidget", "Channel::Email". */
    channel: z.string().max(100).nullish(),
    /**
     * `meta.sender` is the conversation's contact (the customer), whoever sent this message: it
     * names the customer of a conversation an agent or a bot began.
     */
    meta: z
      .object({
        sender: z
          .object({ name: z.string().max(200).nullish(), type: z.string().max(50).nullish() })
          .nullish(),
      })
      .nullish(),
  }),
  account: z.object({ id: chatwootIdSchema }),
  inbox: z.object({ id: chatwootIdSchema, name: z.string().max(200).nullish() }).optional(),
  /**
   * Files sent with the message (Chatwoot's Attachment#push_event_data); only their kind is read:
   * image, audio, video, file, location, contact, fallback, share, story_mention, …
   */
  attachments: z
    .array(z.object({ file_type: z.string().max(50).nullish() }))
    .max(100)
    .nullish(),
  /**
   * Chatwoot's free-form attributes of the message (read loosely: an object in current versions).
   * A reply tagteam posted carries `tagteam_message_id`; it comes back here and is not ingested again.
   */
  content_attributes: z.unknown().optional(),
});
export type ChatwootMessageCreated = z.infer<typeof chatwootMessageCreatedSchema>;

/**
 * Chatwoot's `conversation_status_changed` webhook, as far as tagteam reads it (a teammate resolves,
 * reopens, snoozes a conversation, or an automation or auto-resolve does). Not strict, like the
 * message's. The shape, from Chatwoot's source (chatwoot/chatwoot):
 * - app/listeners/webhook_listener.rb: the body is `conversation.webhook_data` merged with `event`
 *   and `changed_attributes` (`[{ status: { previous_value, current_value } }]`), at the top level;
 * - app/models/concerns/push_data_helper.rb: `webhook_data` is Conversations::EventDataPresenter's
 *   `push_data` (app/presenters/conversations/event_data_presenter.rb): `id` is the conversation's
 *   `display_id`, its number in the account, the same `id` that `message_created` sends as
 *   `conversation.id` (Message#webhook_data nests the very same `conversation.webhook_data`);
 *   `status` is the new status by name (Conversation's enum: open, resolved, pending, snoozed);
 *   `messages` holds the last public message (Message#push_event_data: its database columns, so
 *   `account_id`, and `conversation_id` = the same display id).
 * - The account is not a field of its own in that presenter (chatwoot/chatwoot issues #11753 and
 *   #12442); PRs #12445 and #14673 would add `account: { id, name }`, and the docs' conversation
 *   object lists `account_id`. Whichever comes is read, first `account.id`, then `account_id`, then
 *   `messages[].account_id` (docs: chatwoot/docs, docs/product/others/webhook-events.md, whose
 *   sample has `id: 10` and `messages[0].conversation_id: 10, account_id: 1`).
 * There is no `conversation_resolved` account webhook: it was retired in favour of this one
 * (chatwoot/chatwoot issue #4539; app/models/webhook.rb's ALLOWED_WEBHOOK_EVENTS does not list it);
 * only agent bots still get it (app/listeners/agent_bot_listener.rb), and it is ignored here.
 */
export const chatwootConversationStatusChangedSchema = z.object({
  event: z.literal("conversation_status_changed"),
  /** The conversation's number in its account (`display_id`): `message_created`'s `conversation.id`. */
  id: chatwootIdSchema,
  /**
   * The new status: open, resolved, pending or snoozed in Chatwoot today. Any name is taken (only
   * "resolved" closes), so a status a later Chatwoot adds is acknowledged rather than refused.
   */
  status: z.string().min(1).max(50),
  inbox_id: chatwootIdSchema.optional(),
  /** Sent by Chatwoot versions with PR #12445 or #14673, if any. */
  account: z.object({ id: chatwootIdSchema }).nullish(),
  account_id: chatwootIdSchema.nullish(),
  /** The last public message, if any (`account_id` is the account's id). */
  messages: z.array(z.object({ account_id: chatwootIdSchema.nullish() })).nullish(),
});
export type ChatwootConversationStatusChanged = z.infer<typeof chatwootConversationStatusChangedSchema>;

/**
 * Chatwoot's `conversation_updated` webhook, as far as tagteam reads it: a reassignment (Ana → Ben).
 * Same body as `conversation_status_changed` (Conversations::EventDataPresenter#push_data, see
 * above), with `changed_attributes` naming what changed (`[{ assignee_id: { previous_value,
 * current_value } }]`) and `meta.assignee` the new assignee as User#push_event_data: `id`, `name`,
 * `available_name`, `type`, and **no e-mail** (only `message_created`'s sender, User#webhook_data,
 * has one). So an assignee is found by the `agents` map of the webhook's URL (Chatwoot user id →
 * tagteam e-mail, set by an admin), or by an e-mail if a Chatwoot version sends one.
 */
export const chatwootConversationUpdatedSchema = z.object({
  event: z.literal("conversation_updated"),
  id: chatwootIdSchema,
  account: z.object({ id: chatwootIdSchema }).nullish(),
  account_id: chatwootIdSchema.nullish(),
  messages: z.array(z.object({ account_id: chatwootIdSchema.nullish() })).nullish(),
  meta: z
    .object({
      assignee: z
        .object({
          id: chatwootIdSchema,
          name: z.string().max(200).nullish(),
          available_name: z.string().max(200).nullish(),
          email: z.string().max(320).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  /** What changed, one `{ attribute: { previous_value, current_value } }` per entry. */
  changed_attributes: z.array(z.record(z.string(), z.unknown())).nullish(),
});
export type ChatwootConversationUpdated = z.infer<typeof chatwootConversationUpdatedSchema>;

/**
 * POST /webhooks/chatwoot?team=…&token=…: Chatwoot cannot send an Authorization header, so the
 * ingest token may come in the URL (the server's logs redact it).
 */
export const chatwootWebhookQuerySchema = z.strictObject({
  /** The tagteam team the account's conversations belong to (unless `inboxTeams` says otherwise). */
  team: z.string().min(1).max(100),
  /**
   * Chatwoot inboxes that belong to other teams, as `<inbox id>:<team id>` pairs separated by
   * commas (`12:…,15:…`): a Chatwoot webhook covers the whole account, a team usually one inbox.
   */
  inboxTeams: z
    .string()
    .max(2000)
    .regex(
      /^\d{1,12}:[^,:\s]{1,100}(,\d{1,12}:[^,:\s]{1,100})*$/,
      "must be <inbox id>:<team id> pairs separated by commas",
    )
    .optional(),
  /**
   * Chatwoot agents by their Chatwoot user id, as `<user id>:<tagteam e-mail>` pairs separated by
   * commas (`3:ana@example.com,7:ben@example.com`): Chatwoot's reassignments name the new assignee
   * without an e-mail, so this is how tagteam knows who Ben is. Admin → Integrations builds it.
   */
  agents: z
    .string()
    .max(4000)
    .regex(
      /^\d{1,12}:[^,:\s@]{1,100}@[^,:\s]{1,200}(,\d{1,12}:[^,:\s@]{1,100}@[^,:\s]{1,200})*$/,
      "must be <Chatwoot user id>:<e-mail> pairs separated by commas",
    )
    .optional(),
  /** An API token with the `ingest` scope (or send it as `Authorization: Bearer …`). */
  token: z.string().min(1).max(200).optional(),
});

/** Why a Chatwoot webhook was acknowledged without writing anything. */
export const CHATWOOT_IGNORED_REASONS = [
  "event",
  "private_note",
  "message_type",
  "empty_content",
  "status",
  "unknown_conversation",
  "assignee",
  "unknown_agent",
  /** A teammate's reply that tagteam itself posted to Chatwoot, echoed back: it is stored already. */
  "tagteam_reply",
] as const;
export type ChatwootIgnoredReason = (typeof CHATWOOT_IGNORED_REASONS)[number];

export const chatwootWebhookResponseSchema = z.object({
  /** The message ingested (as POST /messages answers), or none. */
  results: z.array(ingestResultSchema),
  /** How many events were left alone: 0 or 1 (Chatwoot posts one event per request). */
  ignored: z.number().int(),
  /**
   * Why: another event, a private note, an activity or template message, no text; a status other
   * than resolved, or a conversation this token does not know (never seen, or another team's); an
   * update that changes no assignee (or unassigns: tagteam keeps the last agent), or assigns a
   * Chatwoot agent tagteam cannot name (`unknown_agent`).
   */
  ignoredReason: z.enum(CHATWOOT_IGNORED_REASONS).optional(),
  /** A resolved conversation: tagteam's id of it. */
  conversationId: z.string().optional(),
  /** A resolved conversation: true if it was closed now, false if it was closed already. */
  closed: z.boolean().optional(),
  /**
   * An agent's message from a Chatwoot user whose e-mail no tagteam person has: stored as the
   * agent's words, but the conversation gets no agent until someone with that e-mail is added.
   */
  unknownAgent: z.string().optional(),
  /**
   * A reassignment in Chatwoot: the tagteam person now the conversation's agent (their id), set
   * now or already. With `ignoredReason: "unknown_agent"`, `unknownAgent` names the Chatwoot agent
   * (`chatwoot user 7 (Ben)`) that the webhook's `agents` map does not list.
   */
  assignedPersonId: z.string().optional(),
});
export type ChatwootWebhookResponse = z.infer<typeof chatwootWebhookResponseSchema>;

/**
 * What tagteam posts to the reply webhook (TAGTEAM_REPLY_WEBHOOK_URL) for each teammate's reply on
 * a conversation that came through the ingest API, for the helpdesk to send to the customer. Signed:
 * `X-Tagteam-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with
 * TAGTEAM_REPLY_WEBHOOK_SECRET>`. At least once: keep the first of a `replyId`. Answer 2xx when
 * taken; 5xx, 408 and 429 (with Retry-After) are retried, any other 4xx marks the reply not sent.
 */
export const replyWebhookPayloadSchema = z.object({
  type: z.literal("reply.sent"),
  /** The reply's id in tagteam (the same reply may come more than once: keep the first). */
  replyId: z.string(),
  /** The conversation's id in the sender's system: the `conversationId` it posted to POST /messages. */
  conversationId: z.string(),
  /** tagteam's own id of the conversation. */
  tagteamConversationId: z.string(),
  teamId: z.string(),
  /** What the teammate wrote, to send to the customer as it is. */
  text: z.string(),
  /** The teammate who replied (their e-mail, as the helpdesk may know them), or null. */
  author: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  /** When they sent it (ISO 8601). */
  sentAt: z.string(),
});
export type ReplyWebhookPayload = z.infer<typeof replyWebhookPayloadSchema>;

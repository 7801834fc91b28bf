import { z } from "zod";

/*
 * An organisation's own outlets, set by its admins on Admin → Integrations: its Chatwoot (whispers
 * as private notes, teammates' replies as outgoing messages) and its reply webhook (replies on a
 * helpdesk's conversations, signed). Without its own, the server-wide settings serve it. Secrets
 * are written here and never read back: a read says only that one is set and its last four
 * characters; the webhook's secret is made by the server and shown once, when made.
 */

const httpUrl = (what: string) =>
  z
    .url({ protocol: /^https?$/, error: `must be an http:// or https:// address (${what})` })
    .max(2000, { error: "must be at most 2000 characters" });

/** PUT /admin/integrations/chatwoot: Chatwoot's address and the access token tagteam posts as. */
export const setChatwootBodySchema = z.strictObject({
  url: httpUrl("Chatwoot's address, e.g. https://app.chatwoot.com"),
  /** Left out: the stored token is kept (a new address for the same Chatwoot). */
  apiToken: z
    .string()
    .trim()
    .min(8, { error: "must be a Chatwoot access token (Profile settings → Access Token)" })
    .max(500, { error: "must be at most 500 characters" })
    .regex(/^\S+$/, { error: "must not contain spaces" })
    .optional(),
});
export type SetChatwootBody = z.infer<typeof setChatwootBodySchema>;

/** PUT /admin/integrations/reply-webhook: where replies on a helpdesk's conversations are posted. */
export const setReplyWebhookBodySchema = z.strictObject({
  url: httpUrl("your helpdesk's address that takes replies"),
});
export type SetReplyWebhookBody = z.infer<typeof setReplyWebhookBodySchema>;

/**
 * PUT /admin/integrations/alert-webhook: the Slack or Mattermost incoming-webhook address alerts,
 * escalations and incidents are posted to. It is a secret: never shown again, only its host and
 * last four characters.
 */
export const setAlertWebhookBodySchema = z.strictObject({
  url: httpUrl("your chat tool's incoming webhook, e.g. https://hooks.slack.com/services/…"),
});
export type SetAlertWebhookBody = z.infer<typeof setAlertWebhookBodySchema>;

const changedBySchema = z.object({ id: z.string(), name: z.string() }).nullable();

/** One outlet as an admin sees it: theirs (never its secret), and whether the server has one too. */
export const integrationSettingsSchema = z.object({
  chatwoot: z.object({
    /** The organisation's own; null: it has none. */
    own: z
      .object({
        url: z.string(),
        /** Empty when `readable` is false. */
        apiTokenLast4: z.string(),
        /** False: the token was encrypted with a key the server no longer has; it must be set again. */
        readable: z.boolean(),
        updatedAt: z.string(),
        updatedBy: changedBySchema,
      })
      .nullable(),
    /** The server has a Chatwoot of its own (TAGTEAM_CHATWOOT_*): it serves an organisation without one. */
    server: z.boolean(),
  }),
  replyWebhook: z.object({
    own: z
      .object({
        url: z.string(),
        /** Empty when `readable` is false. */
        secretLast4: z.string(),
        /** False: the secret was encrypted with a key the server no longer has; a new one is needed. */
        readable: z.boolean(),
        updatedAt: z.string(),
        updatedBy: changedBySchema,
      })
      .nullable(),
    /** The server has a reply webhook (TAGTEAM_REPLY_WEBHOOK_*): it serves an organisation without one. */
    server: z.boolean(),
  }),
  alertWebhook: z.object({
    own: z
      .object({
        /** The address's host (e.g. hooks.slack.com); the rest of it is secret. Empty when not `readable`. */
        host: z.string(),
        /** Its last four characters. Empty when `readable` is false. */
        urlLast4: z.string(),
        /** False: the address was encrypted with a key the server no longer has; it must be set again. */
        readable: z.boolean(),
        updatedAt: z.string(),
        updatedBy: changedBySchema,
      })
      .nullable(),
    /** The server has an alert webhook (TAGTEAM_ALERT_WEBHOOK_URL): it serves an organisation without one. */
    server: z.boolean(),
  }),
  /** How the tokens and secrets saved here are kept. */
  secrets: z.object({
    /** Encrypted at rest (the server has TAGTEAM_SECRETS_KEY); false: stored unencrypted. */
    encrypted: z.boolean(),
  }),
});
export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

export const integrationSettingsResponseSchema = z.object({ settings: integrationSettingsSchema });

/** A change that made a new reply webhook secret: it is in `secret`, this once. */
export const replyWebhookSecretResponseSchema = z.object({
  settings: integrationSettingsSchema,
  /** The new signing secret; null when the change kept the old one. Never shown again. */
  secret: z.string().nullable(),
});

/** What the test post to the reply webhook came to. */
export const replyWebhookTestResponseSchema = z.object({
  /** The receiver answered 2xx. */
  ok: z.boolean(),
  /** Its status; null when it did not answer (refused, timed out). */
  status: z.number().int().nullable(),
  /** What happened, in a sentence. */
  message: z.string(),
  /** Where it was posted: the organisation's own webhook, or the server's. */
  source: z.enum(["organisation", "server"]),
});
export type ReplyWebhookTestResult = z.infer<typeof replyWebhookTestResponseSchema>;

/** The body of the test post: signed as replies are, so a receiver can check its signature code. */
export const replyWebhookTestPayloadSchema = z.object({
  type: z.literal("test"),
  organisationId: z.string(),
  sentAt: z.string(),
  text: z.string(),
});

/** What the test post to the alert webhook came to, with what the receiver answered. */
export const alertWebhookTestResponseSchema = z.object({
  /** The receiver answered 2xx. */
  ok: z.boolean(),
  /** Its status; null when it did not answer (refused, timed out) or nothing was sent. */
  status: z.number().int().nullable(),
  /** The start of the receiver's answer (Slack answers e.g. `ok` or `invalid_token`); null: none. */
  answer: z.string().nullable(),
  /** What happened, in a sentence. */
  message: z.string(),
  /** Where it was posted: the organisation's own webhook, or the server's. */
  source: z.enum(["organisation", "server"]),
});
export type AlertWebhookTestResult = z.infer<typeof alertWebhookTestResponseSchema>;

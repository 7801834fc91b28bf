import { z } from "zod";
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

import { z } from "zod";

/*
 * The built-in chat channel: what a customer's browser sends and receives. These shapes carry
 * nothing internal — no analyses, no whispers, no notes, no alert or teammate ids — by
 * construction, since the customer presenter can only build these.
 */

/** Starts a conversation on a team's public chat key; the answer's token is the customer's only credential. */
export const startChatBodySchema = z.strictObject({
  /** The team's public chat key, from the admin's embed snippet. */
  chatKey: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  topic: z.string().min(1).max(100).optional(),
  text: z.string().min(1).max(5000).optional(),
});
export const startChatResponseSchema = z.object({ token: z.string(), conversationId: z.string() });

export const customerMessageSchema = z.object({
  /** Position among the messages the customer can see, from 0. */
  seq: z.number().int(),
  from: z.enum(["customer", "agent"]),
  /** The agent's first name only, never an id. */
  authorName: z.string().nullable(),
  text: z.string(),
  at: z.string(),
});
export type CustomerMessage = z.infer<typeof customerMessageSchema>;

export const customerTranscriptSchema = z.object({
  status: z.enum(["open", "closed"]),
  messages: z.array(customerMessageSchema),
});
export type CustomerTranscript = z.infer<typeof customerTranscriptSchema>;

export const chatSendBodySchema = z.strictObject({
  text: z.string().min(1).max(5000),
  /** Client-generated id so a retry never posts twice. */
  clientMessageId: z.string().min(1).max(200),
});
export const chatTranscriptQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(-1).default(-1),
});

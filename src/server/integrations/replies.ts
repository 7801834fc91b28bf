import { createHmac } from "node:crypto";
import type { ReplyRoute, ReplyWebhookPayload } from "../../protocol/index.ts";
import {
  findConversationById,
  findMessageById,
  findPersonById,
  findReplyDelivery,
  markReplyDeliveryFailed,
  markReplyDeliverySent,
  type ConversationRecord,
  type EventRecord,
  type Queryable,
} from "../../store/index.ts";
import type { NewEvent } from "../../store/events.ts";
import { chatwootNoteFailure, parseChatwootExternalId } from "./chatwoot.ts";
import { DeliveryError, deliveryErrorForStatus, type EventProcessor } from "./deliveries.ts";
import { assertReadable, type OutletResolver, type OutletSource } from "./outlets.ts";

/** How long a receiver (Chatwoot, the helpdesk's reply webhook) has to take a reply. */
export const REPLY_TIMEOUT_MS = 5_000;

/** The header that carries the reply webhook's signature. */
export const REPLY_SIGNATURE_HEADER = "x-tagteam-signature";

/**
 * Which outbound deliveries an organisation has: a Chatwoot, a reply webhook (its own from Admin →
 * Integrations, else the server's TAGTEAM_CHATWOOT_* and TAGTEAM_REPLY_WEBHOOK_*).
 */
export interface ReplyOutlets {
  chatwoot: boolean;
  webhook: boolean;
  /**
   * The live demo runs (TAGTEAM_DEMO=live): its replay, posting through the API as a helpdesk
   * would, reads what a person writes in the conversations it plays (origin `demo`) and its
   * customer answers it.
   */
  demo: boolean;
}

/**
 * How a reply typed in tagteam reaches the customer of this conversation, or why it would not,
 * with the sentence the teammate reads where they type. Built-in chat: the widget reads the
 * transcript. Chatwoot: posted back as an outgoing message. A helpdesk through the API: posted to
 * the reply webhook. An import, a closed conversation, or an origin whose outlet is not set up:
 * not sent, and the reply route refuses it.
 */
export function replyRouteOf(
  conversation: Pick<ConversationRecord, "origin" | "status" | "externalId">,
  outlets: ReplyOutlets,
): ReplyRoute {
  const notSent = (notSentReason: NonNullable<ReplyRoute["notSentReason"]>, explanation: string) => ({
    via: null,
    notSentReason,
    explanation,
  });
  if (conversation.status === "closed")
    return notSent("closed", "This conversation is closed: a reply here would not reach the customer.");
  switch (conversation.origin) {
    case "chat":
      return { via: "chat", notSentReason: null, explanation: "Replies go to the customer's chat window." };
    case "import":
      return notSent(
        "imported",
        "This is an imported transcript: there is no customer waiting to read a reply here.",
      );
    case "chatwoot":
      return outlets.chatwoot && parseChatwootExternalId(conversation.externalId) !== null
        ? {
            via: "chatwoot",
            notSentReason: null,
            explanation: "Replies are posted to the customer's conversation in Chatwoot.",
          }
        : notSent(
            "chatwoot_not_configured",
            "Replies here are not sent to the customer: tagteam is not set up to post to Chatwoot. Answer in Chatwoot.",
          );
    case "demo":
    case "api":
      if (conversation.origin === "demo" && outlets.demo)
        return {
          via: "demo",
          notSentReason: null,
          explanation: "Replies go to the demo's simulated customer, who reads them here.",
        };
      return outlets.webhook
        ? {
            via: "webhook",
            notSentReason: null,
            explanation: "Replies are sent to your helpdesk, which passes them on to the customer.",
          }
        : notSent("no_reply_webhook", "Replies here are not sent to the customer: answer in your helpdesk.");
  }
}

const payloadOf = (record: EventRecord): Record<string, unknown> =>
  typeof record.payload === "object" && record.payload !== null && !Array.isArray(record.payload)
    ? record.payload
    : {};

/** The reply a `reply.sent` event names, with its conversation, or null when either is gone. */
async function loadReply(db: Queryable, record: EventRecord) {
  const messageId = payloadOf(record).messageId;
  if (typeof messageId !== "string") return null;
  const message = await findMessageById(db, record.orgId, messageId);
  if (message === null || message.role !== "agent" || message.kind !== "message") return null;
  const conversation = await findConversationById(db, record.orgId, message.conversationId);
  if (conversation === null) return null;
  return { message, conversation };
}

/**
 * A reply that will not reach the customer's side (a dead letter): its delivery is marked failed,
 * and the teammate who wrote it is told (`reply.undelivered`), as the transcript alone would leave
 * them believing the customer has it.
 */
async function replyDeadLettered(db: Queryable, record: EventRecord, reason: string): Promise<NewEvent[]> {
  const messageId = payloadOf(record).messageId;
  if (typeof messageId !== "string") return [];
  const delivery = await findReplyDelivery(db, record.orgId, messageId);
  if (delivery === null || delivery.state === "sent") return [];
  await markReplyDeliveryFailed(db, { orgId: record.orgId, messageId, error: reason });
  const message = await findMessageById(db, record.orgId, messageId);
  const conversation =
    message !== null ? await findConversationById(db, record.orgId, message.conversationId) : null;
  if (message === null || conversation === null || message.authorPersonId === null) return [];
  return [
    {
      orgId: record.orgId,
      teamId: conversation.teamId,
      conversationId: conversation.id,
      personId: message.authorPersonId,
      type: "reply.undelivered",
      payload: { messageId, conversationId: conversation.id },
    },
  ];
}

/**
 * Replies out to Chatwoot: a teammate's reply on a conversation that came from Chatwoot is posted
 * to it as an outgoing (public) message, which Chatwoot sends the customer on the conversation's
 * inbox. It carries `content_attributes.tagteam_message_id`, and Chatwoot's id for it is kept, so
 * the webhook that echoes it back is not ingested a second time.
 */
export function createChatwootReplyProcessor(options: {
  /** The organisation's Chatwoot: its own (Admin → Integrations), else the server's. */
  outlets: OutletResolver;
  db: Queryable;
  maxAgeMs: number;
}): EventProcessor {
  return {
    name: "chatwoot-replies",
    handles: ["reply.sent"],
    maxAgeMs: options.maxAgeMs,
    ownReceiver: async (orgId) => (await options.outlets(orgId)).chatwoot?.source === "organisation",
    process: async (record, { dryRun = false } = {}) => {
      const reply = await loadReply(options.db, record);
      if (reply === null || reply.conversation.origin !== "chatwoot") return "skipped";
      const target = parseChatwootExternalId(reply.conversation.externalId);
      if (target === null) return "skipped";
      const { chatwoot } = await options.outlets(record.orgId);
      // Its Chatwoot was removed after the reply was stored: the teammate is told it was not sent.
      if (chatwoot === null)
        throw new DeliveryError("the organisation has no Chatwoot set up any more", true);
      assertReadable(chatwoot);
      if (dryRun) return "sent";
      const base = chatwoot.url.replace(/\/+$/, "");
      const response = await fetch(
        `${base}/api/v1/accounts/${target.accountId}/conversations/${target.conversationId}/messages`,
        {
          method: "POST",
          headers: { "content-type": "application/json", api_access_token: chatwoot.apiToken },
          body: JSON.stringify({
            content: reply.message.text,
            message_type: "outgoing",
            private: false,
            content_attributes: { tagteam_message_id: reply.message.id },
          }),
          signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
        },
      );
      const body = await response.text().catch(() => "");
      if (!response.ok) {
        throw deliveryErrorForStatus(
          response.status,
          chatwootNoteFailure(
            response.status,
            target.accountId,
            target.conversationId,
            body,
            chatwoot.source,
            "a reply",
          ),
          response.headers.get("retry-after"),
        );
      }
      await markReplyDeliverySent(options.db, {
        orgId: record.orgId,
        messageId: reply.message.id,
        externalId: chatwootMessageIdOf(body, target.accountId),
      });
      return "sent";
    },
    deadLettered: replyDeadLettered,
  };
}

/** Chatwoot's id of the message it created (its answer's `id`), as ingest names Chatwoot messages. */
function chatwootMessageIdOf(body: string, accountId: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const id = typeof parsed === "object" && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
    return typeof id === "number" || (typeof id === "string" && /^\d{1,20}$/.test(id))
      ? `chatwoot:${accountId}:${String(id)}`
      : null;
  } catch {
    return null;
  }
}

/** Which reply webhook it was, and where it is set, for failures an admin reads. */
function replyWebhookName(source: OutletSource): string {
  return source === "organisation"
    ? "the organisation's own reply webhook (Admin → Integrations → Where replies and whispers go → Reply webhook)"
    : "the server's reply webhook (TAGTEAM_REPLY_WEBHOOK_URL)";
}

/**
 * A reply webhook's non-2xx answer in words: whose webhook it was (the organisation's own, or the
 * server's) and what whoever set it up can do about it.
 */
export function replyWebhookFailure(status: number, conversationId: string, source: OutletSource): string {
  const base = `${replyWebhookName(source)} answered ${status} to the reply on conversation ${conversationId}`;
  if (status === 401 || status === 403)
    return source === "organisation"
      ? `${base}: the helpdesk does not accept the signature. Make a new signing secret on Admin → Integrations and give it to the helpdesk`
      : `${base}: the helpdesk does not accept the signature. It must check it with TAGTEAM_REPLY_WEBHOOK_SECRET`;
  if (status === 404 || status === 405 || status === 410)
    return source === "organisation"
      ? `${base}: nothing takes replies at that address. Check the address on Admin → Integrations`
      : `${base}: nothing takes replies at that address. Check TAGTEAM_REPLY_WEBHOOK_URL`;
  if (status >= 500 || status === 408 || status === 429) return `${base}: the helpdesk is failing or busy`;
  return `${base}: the helpdesk refused this reply; its own logs say why`;
}

/** The signature of a reply webhook post: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function signReplyWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Replies out to a helpdesk: a teammate's reply on a conversation that came through the ingest API
 * is posted, signed, to TAGTEAM_REPLY_WEBHOOK_URL for the helpdesk to send the customer. Retried
 * and dead-lettered like every delivery; a 4xx answer (other than 408 and 429) is a dead letter.
 */
export function createReplyWebhookProcessor(options: {
  /** The organisation's reply webhook: its own (Admin → Integrations), else the server's. */
  outlets: OutletResolver;
  db: Queryable;
  maxAgeMs: number;
  /** The clock for the signature's time (seconds); the server's own clock. */
  now?: () => number;
}): EventProcessor {
  const now = options.now ?? Date.now;
  return {
    name: "reply-webhook",
    handles: ["reply.sent"],
    maxAgeMs: options.maxAgeMs,
    ownReceiver: async (orgId) => (await options.outlets(orgId)).replyWebhook?.source === "organisation",
    process: async (record, { dryRun = false } = {}) => {
      const reply = await loadReply(options.db, record);
      if (reply === null || (reply.conversation.origin !== "api" && reply.conversation.origin !== "demo"))
        return "skipped";
      const delivery = await findReplyDelivery(options.db, record.orgId, reply.message.id);
      if (delivery === null || delivery.via !== "webhook") return "skipped";
      const { replyWebhook } = await options.outlets(record.orgId);
      if (replyWebhook === null)
        throw new DeliveryError(
          "the organisation has no reply webhook any more (it was removed on Admin → Integrations): set one up again there and send this again, or answer in the helpdesk",
          true,
        );
      assertReadable(replyWebhook);
      const author =
        reply.message.authorPersonId !== null
          ? await findPersonById(options.db, record.orgId, reply.message.authorPersonId)
          : null;
      if (dryRun) return "sent";
      const payload: ReplyWebhookPayload = {
        type: "reply.sent",
        replyId: reply.message.id,
        conversationId: reply.conversation.externalId ?? reply.conversation.id,
        tagteamConversationId: reply.conversation.id,
        teamId: reply.conversation.teamId,
        text: reply.message.text,
        author: author !== null ? { id: author.id, name: author.displayName, email: author.email } : null,
        sentAt: new Date(reply.message.sentAt).toISOString(),
      };
      const body = JSON.stringify(payload);
      const whose = replyWebhookName(replyWebhook.source);
      const response = await fetch(replyWebhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [REPLY_SIGNATURE_HEADER]: signReplyWebhook(replyWebhook.secret, body, Math.floor(now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
      }).catch((error: unknown) => {
        // Whose webhook it was, and the network's reason (fetch's own cause: ECONNREFUSED…).
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        throw new DeliveryError(
          timedOut
            ? `${whose} did not answer within ${REPLY_TIMEOUT_MS / 1000} s`
            : `could not reach ${whose}: check its address and that the helpdesk is up`,
          false,
          null,
          {
            cause: timedOut
              ? undefined
              : error instanceof Error && error.cause !== undefined
                ? error.cause
                : error,
          },
        );
      });
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok)
        throw deliveryErrorForStatus(
          response.status,
          replyWebhookFailure(response.status, payload.conversationId, replyWebhook.source),
          response.headers.get("retry-after"),
        );
      await markReplyDeliverySent(options.db, { orgId: record.orgId, messageId: reply.message.id });
      return "sent";
    },
    deadLettered: replyDeadLettered,
  };
}

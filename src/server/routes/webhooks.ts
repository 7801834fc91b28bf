import {
  chatwootMessageCreatedSchema,
  chatwootWebhookEnvelopeSchema,
  chatwootWebhookQuerySchema,
  chatwootWebhookResponseSchema,
  genericWebhookBatchSchema,
  genericWebhookBodySchema,
  genericWebhookEventSchema,
  ingestResponseSchema,
  type ChatwootWebhookResponse,
  type GenericWebhookEvent,
} from "../../protocol/index.ts";
import type { Register } from "../app.ts";
import type { ServerContext } from "../context.ts";
import type { PeopleDirectory } from "../ingest/peopleDirectory.ts";
import type { IngestMessageInput } from "../ingest/pipeline.ts";
import { AppError } from "../errors.ts";
import { mapChatwootMessage } from "../integrations/chatwoot.ts";
import { chatwootSignatureProblem } from "../integrations/chatwootSignature.ts";
import { validateRequest } from "../validate.ts";
import { z } from "zod";

const ROLE_BY_AUTHOR: Record<GenericWebhookEvent["message"]["author"]["type"], IngestMessageInput["role"]> = {
  customer: "customer",
  end_user: "customer",
  contact: "customer",
  agent: "agent",
  system: "system",
  bot: "system",
};

/**
 * Maps one generic webhook event onto an ingest message. The sender's message id is prefixed so
 * it cannot collide with ids posted to /messages by another integration.
 */
export function mapGenericWebhookEvent(event: GenericWebhookEvent): IngestMessageInput {
  const { conversation, message } = event;
  const role = ROLE_BY_AUTHOR[message.author.type];
  // Agents are matched by email; customers are shown by name.
  const author = role === "agent" ? (message.author.email ?? message.author.name) : message.author.name;
  return {
    senderMessageId: `webhook:${message.id}`,
    conversationId: conversation.id,
    teamId: event.team,
    channel: conversation.channel,
    role,
    text: message.body,
    ...(message.created_at !== undefined ? { at: message.created_at } : {}),
    ...(author !== undefined ? { author } : {}),
    ...(conversation.topic !== undefined ? { topic: conversation.topic } : {}),
  };
}

/** The team a Chatwoot message goes to: its inbox's, if `inboxTeams` names it, else `team`. */
export function chatwootTeamOf(
  event: {
    inbox?: { id: string | number } | undefined;
    conversation: { inbox_id?: string | number | undefined };
  },
  query: { team: string; inboxTeams?: string | undefined },
): string {
  const inbox = String(event.inbox?.id ?? event.conversation.inbox_id ?? "");
  for (const pair of query.inboxTeams?.split(",") ?? []) {
    const [id, team] = pair.split(":");
    if (id === inbox && team !== undefined) return team;
  }
  return query.team;
}

/** One header's value (a repeated header is not one value). */
const headerValue = (value: string | string[] | undefined): string | undefined =>
  typeof value === "string" ? value : undefined;

export function registerWebhookRoutes(register: Register, ctx: ServerContext, people: PeopleDirectory): void {
  register({
    method: "POST",
    url: "/webhooks/generic",
    summary:
      "Generic inbound webhook: one `message.created` event or { events: [...] } (≤ 500), mapped onto messages and ingested like POST /messages (idempotent by message.id)",
    tag: "ingest",
    auth: "ingest",
    // One of two shapes, validated against the one it claims to be (as POST /messages does).
    schemas: { body: z.unknown() },
    documentedBody: genericWebhookBodySchema,
    response: ingestResponseSchema,
    rateLimitPerMinute: ctx.config.ingestRateLimitPerMinute,
    handler: async ({ principal, body }) => {
      const isBatch = typeof body === "object" && body !== null && "events" in body;
      const events = isBatch
        ? validateRequest({ body }, { body: genericWebhookBatchSchema }).body.events
        : [validateRequest({ body }, { body: genericWebhookEventSchema }).body];
      await people.ensure(principal.orgId);
      const results = await ctx.ingest.submit(principal, events.map(mapGenericWebhookEvent));
      return { results };
    },
  });

  register({
    method: "POST",
    url: "/webhooks/chatwoot",
    summary:
      "Chatwoot webhook (message_created): customers' messages and agents' public replies are ingested like POST /messages (idempotent by Chatwoot's message id); other events, private notes, activity and template messages are acknowledged and ignored. The ingest token may come as ?token= since Chatwoot cannot send headers",
    tag: "ingest",
    auth: "ingest",
    tokenInQuery: true,
    // Validated in the handler, query and body together, so every problem is listed at once.
    schemas: { query: z.unknown(), body: z.unknown() },
    documentedQuery: chatwootWebhookQuerySchema,
    documentedBody: chatwootMessageCreatedSchema,
    response: chatwootWebhookResponseSchema,
    rateLimitPerMinute: ctx.config.ingestRateLimitPerMinute,
    rawBody: true,
    handler: async ({ principal, query, body, rawBody, request }): Promise<ChatwootWebhookResponse> => {
      // With the webhook's secret configured, only requests Chatwoot signed are read at all.
      const secret = ctx.config.chatwootWebhookSecret;
      if (secret !== null) {
        const problem = chatwootSignatureProblem({
          secret,
          signature: headerValue(request.headers["x-chatwoot-signature"]),
          timestamp: headerValue(request.headers["x-chatwoot-timestamp"]),
          rawBody: rawBody ?? Buffer.alloc(0),
          nowMs: ctx.now(),
        });
        if (problem !== null) {
          ctx.metrics.chatwootWebhookEvents.inc({ outcome: "bad_signature" });
          throw new AppError("UNAUTHENTICATED", `Not signed by Chatwoot: ${problem}`);
        }
      }
      // Events tagteam does not read are acknowledged whatever their shape; anything claiming to
      // be (or not saying what it is) is checked as a message, with the query, every problem listed.
      const envelope = chatwootWebhookEnvelopeSchema.safeParse(body);
      if (envelope.success && envelope.data.event !== "message_created") {
        validateRequest({ query }, { query: chatwootWebhookQuerySchema });
        ctx.metrics.chatwootWebhookEvents.inc({ outcome: "ignored_event" });
        return { results: [], ignored: 1, ignoredReason: "event" };
      }
      const valid = validateRequest(
        { query, body },
        { query: chatwootWebhookQuerySchema, body: chatwootMessageCreatedSchema },
      );
      const mapped = mapChatwootMessage(valid.body, chatwootTeamOf(valid.body, valid.query));
      if (mapped.kind === "ignored") {
        ctx.metrics.chatwootWebhookEvents.inc({ outcome: `ignored_${mapped.reason}` });
        return { results: [], ignored: 1, ignoredReason: mapped.reason };
      }
      await people.ensure(principal.orgId);
      const results = await ctx.ingest.submit(principal, [mapped.message]);
      ctx.metrics.chatwootWebhookEvents.inc({ outcome: "ingested" });
      return { results, ignored: 0 };
    },
  });
}

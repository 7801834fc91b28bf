import {
  chatwootConversationStatusChangedSchema,
  chatwootConversationUpdatedSchema,
  chatwootMessageCreatedSchema,
  chatwootWebhookEnvelopeSchema,
  chatwootWebhookQuerySchema,
  chatwootWebhookResponseSchema,
  genericWebhookBatchSchema,
  genericWebhookBodySchema,
  genericWebhookEventSchema,
  ingestResponseSchema,
  type ChatwootIgnoredReason,
  type ChatwootWebhookResponse,
  type GenericWebhookEvent,
} from "../../protocol/index.ts";
import { findConversationByExternalId, isDeliveredReply } from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import { auditEntry } from "../commands/auditEntry.ts";
import { closeConversationOnce } from "../commands/closeConversation.ts";
import { reassignConversation } from "../commands/reassignConversation.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import type { PeopleDirectory } from "../ingest/peopleDirectory.ts";
import type { IngestMessageInput } from "../ingest/pipeline.ts";
import { unknownAgentsOf } from "../ingest/unknownAgents.ts";
import { AppError } from "../errors.ts";
import {
  chatwootReassignment,
  chatwootStatusChange,
  mapChatwootMessage,
  parseChatwootAgents,
  type ChatwootReassignment,
  type ChatwootStatusChange,
} from "../integrations/chatwoot.ts";
import { chatwootSignatureProblem } from "../integrations/chatwootSignature.ts";
import { canReadTeam } from "../policies.ts";
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
 * it cannot collide with ids posted to /messages by another integration, and carries the
 * conversation's id: a helpdesk that numbers messages per ticket sends "1" in every one, and the
 * second ticket's first message was taken for a retry of the first's, dropped without a word.
 */
export function mapGenericWebhookEvent(event: GenericWebhookEvent): IngestMessageInput {
  const { conversation, message } = event;
  const role = ROLE_BY_AUTHOR[message.author.type];
  // Agents are matched by email; customers are shown by name.
  const author = role === "agent" ? (message.author.email ?? message.author.name) : message.author.name;
  return {
    senderMessageId: `webhook:${conversation.id}:${message.id}`,
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

/** How many unknown Chatwoot agents one server names in its log (then only in its answers). */
const UNKNOWN_AGENTS_LOGGED_MAX = 1000;

/** One header's value (a repeated header is not one value). */
const headerValue = (value: string | string[] | undefined): string | undefined =>
  typeof value === "string" ? value : undefined;

export function registerWebhookRoutes(register: Register, ctx: ServerContext, people: PeopleDirectory): void {
  // Chatwoot agents tagteam has no person for, told to the log once each (per organisation).
  const warnedUnknownAgents = new Set<string>();
  /**
   * An agent's e-mail no tagteam person has: their words are stored as an agent's, but nobody is
   * the conversation's agent, so no teammate can be asked to help them. Said in the answer, and
   * once in the log, so that whoever connects Chatwoot finds out why.
   */
  const unknownAgentOf = (message: IngestMessageInput, orgId: string): string | null => {
    if (message.role !== "agent" || message.author === undefined) return null;
    if (people.find(orgId, message.author) !== null) return null;
    const key = `${orgId}\u0000${message.author.toLowerCase()}`;
    if (!warnedUnknownAgents.has(key) && warnedUnknownAgents.size < UNKNOWN_AGENTS_LOGGED_MAX) {
      warnedUnknownAgents.add(key);
      ctx.log.warn(
        { orgId, agent: message.author },
        "a Chatwoot agent is not a tagteam person: add them under Admin → People with the e-mail they use in Chatwoot, so their conversations have an agent",
      );
    }
    return message.author;
  };

  /**
   * A Chatwoot conversation reassigned (Ana → Ben): Ben becomes its agent in tagteam, as a warm
   * transfer would make him, so alerts, whispers and numbers follow him. An agent's message only
   * ever assigns an unassigned conversation, so without this Ana kept it for good. An assignee the
   * `agents` map does not name, or who is no active member of the conversation's team, is
   * acknowledged and named in the answer and once in the log, for the admin to add.
   */
  const reassignChatwootConversation = async (
    change: ChatwootReassignment,
    principal: Principal,
    requestId: string,
  ): Promise<ChatwootWebhookResponse> => {
    const ignore = (outcome: string, reason: ChatwootIgnoredReason): ChatwootWebhookResponse => {
      ctx.metrics.chatwootWebhookEvents.inc({ outcome });
      return { results: [], ignored: 1, ignoredReason: reason };
    };
    if (change.kind === "ignored") {
      return change.reason === "assignee"
        ? ignore("ignored_assignee", "assignee")
        : ignore("ignored_no_account", "unknown_conversation");
    }
    const conversation = await findConversationByExternalId(ctx.store, principal.orgId, change.externalId);
    if (conversation === null) return ignore("ignored_unknown_conversation", "unknown_conversation");
    if (!canReadTeam(principal, conversation.teamId))
      return ignore("ignored_other_team", "unknown_conversation");
    await people.ensure(principal.orgId);
    const person = change.kind === "assign" ? people.find(principal.orgId, change.email) : null;
    const usable =
      person !== null && person.deactivatedAt === null && person.teamIds.includes(conversation.teamId);
    if (change.kind === "unknown_agent" || !usable) {
      const agent =
        change.kind === "unknown_agent"
          ? change.agent
          : person === null
            ? change.email
            : `${change.email} (not an active member of the conversation's team)`;
      const key = `${principal.orgId}\u0000assignee\u0000${agent}`;
      if (!warnedUnknownAgents.has(key) && warnedUnknownAgents.size < UNKNOWN_AGENTS_LOGGED_MAX) {
        warnedUnknownAgents.add(key);
        ctx.log.warn(
          { orgId: principal.orgId, agent },
          "a Chatwoot reassignment names an agent tagteam cannot match: map their Chatwoot user id to their e-mail under Admin → Integrations (the webhook's agents=), and add them to the team",
        );
      }
      ctx.metrics.chatwootWebhookEvents.inc({ outcome: "ignored_unknown_agent" });
      return {
        results: [],
        ignored: 1,
        ignoredReason: "unknown_agent",
        unknownAgent: agent,
        conversationId: conversation.id,
      };
    }
    if (conversation.assignedPersonId !== person.id) {
      await runCommand(ctx, async (tx) => {
        const transferred = await reassignConversation(ctx, tx, {
          orgId: principal.orgId,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          personId: person.id,
        });
        return {
          result: null,
          events: [transferred],
          audit: [
            auditEntry(principal, "conversation.reassigned", "conversation", conversation.id, requestId, {
              from: conversation.assignedPersonId,
              to: person.id,
              via: "chatwoot",
            }),
          ],
        };
      });
    }
    ctx.metrics.chatwootWebhookEvents.inc({ outcome: "reassigned" });
    return { results: [], ignored: 0, conversationId: conversation.id, assignedPersonId: person.id };
  };

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
      const messages = events.map(mapGenericWebhookEvent);
      const results = await ctx.ingest.submit(principal, messages);
      const unknownAgents = unknownAgentsOf(people, principal.orgId, messages);
      return { results, ...(unknownAgents.length > 0 ? { unknownAgents } : {}) };
    },
  });

  register({
    method: "POST",
    url: "/webhooks/chatwoot",
    summary:
      "Chatwoot webhook. message_created: customers' messages and agents' public replies are ingested like POST /messages (idempotent by Chatwoot's message id); private notes, activity and template messages are acknowledged and ignored. conversation_status_changed to resolved closes the conversation like POST /conversations/close (idempotent); other statuses, and conversations the token does not know, are acknowledged and ignored. conversation_updated with a new assignee makes that person the conversation's agent (named by the agents= map of Chatwoot user ids to e-mails, since Chatwoot sends no e-mail there); an assignee it cannot name is acknowledged as unknown_agent. Other events are acknowledged and ignored. The ingest token may come as ?token= since Chatwoot cannot send headers",
    tag: "ingest",
    auth: "ingest",
    tokenInQuery: true,
    // Validated in the handler, query and body together, so every problem is listed at once.
    schemas: { query: z.unknown(), body: z.unknown() },
    documentedQuery: chatwootWebhookQuerySchema,
    documentedBody: z.union([
      chatwootMessageCreatedSchema,
      chatwootConversationStatusChangedSchema,
      chatwootConversationUpdatedSchema,
    ]),
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
      // Events tagteam does not read are acknowledged whatever their shape; a status change is
      // checked as one, and anything claiming to be a message (or not saying what it is) as a
      // message, with the query, every problem listed.
      const envelope = chatwootWebhookEnvelopeSchema.safeParse(body);
      if (envelope.success && envelope.data.event === "conversation_status_changed") {
        const valid = validateRequest(
          { query, body },
          { query: chatwootWebhookQuerySchema, body: chatwootConversationStatusChangedSchema },
        );
        return closeResolvedChatwootConversation(ctx, principal, chatwootStatusChange(valid.body));
      }
      if (envelope.success && envelope.data.event === "conversation_updated") {
        const valid = validateRequest(
          { query, body },
          { query: chatwootWebhookQuerySchema, body: chatwootConversationUpdatedSchema },
        );
        const change = chatwootReassignment(valid.body, parseChatwootAgents(valid.query.agents));
        return reassignChatwootConversation(change, principal, request.id);
      }
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
      // Our own reply echoed back without its attributes (an older Chatwoot): known by its id.
      if (
        mapped.message.role !== "customer" &&
        (await isDeliveredReply(ctx.store, principal.orgId, mapped.message.senderMessageId))
      ) {
        ctx.metrics.chatwootWebhookEvents.inc({ outcome: "ignored_tagteam_reply" });
        return { results: [], ignored: 1, ignoredReason: "tagteam_reply" };
      }
      await people.ensure(principal.orgId);
      const results = await ctx.ingest.submit(principal, [mapped.message]);
      ctx.metrics.chatwootWebhookEvents.inc({ outcome: "ingested" });
      const unknownAgent = unknownAgentOf(mapped.message, principal.orgId);
      return { results, ignored: 0, ...(unknownAgent !== null ? { unknownAgent } : {}) };
    },
  });
}

/**
 * A Chatwoot conversation resolved: closed in tagteam as the sender's close (POST
 * /conversations/close), found by its Chatwoot id in the token's organisation. A conversation the
 * token cannot see (never ingested, or another team's) is acknowledged as unknown, not 404:
 * Chatwoot sends every status change of its account, including conversations that never reached
 * tagteam, and logs every answer other than 2xx as a broken webhook (its lib/webhooks/trigger.rb).
 * The answer does not tell "another team's" from "unknown" (the token learns nothing it could not
 * read); the metric does, for the operator.
 */
async function closeResolvedChatwootConversation(
  ctx: ServerContext,
  principal: Principal,
  change: ChatwootStatusChange,
): Promise<ChatwootWebhookResponse> {
  const ignore = (outcome: string, reason: ChatwootIgnoredReason): ChatwootWebhookResponse => {
    ctx.metrics.chatwootWebhookEvents.inc({ outcome });
    return { results: [], ignored: 1, ignoredReason: reason };
  };
  if (change.kind === "ignored") {
    return change.reason === "status"
      ? ignore("ignored_status", "status")
      : ignore("ignored_no_account", "unknown_conversation");
  }
  const conversation = await findConversationByExternalId(ctx.store, principal.orgId, change.externalId);
  if (conversation === null) return ignore("ignored_unknown_conversation", "unknown_conversation");
  if (!canReadTeam(principal, conversation.teamId))
    return ignore("ignored_other_team", "unknown_conversation");
  // The time it was resolved is not in the payload (`timestamp` is the last activity): now.
  const closed = await closeConversationOnce(ctx, conversation, "sender");
  ctx.metrics.chatwootWebhookEvents.inc({ outcome: closed ? "closed" : "already_closed" });
  return { results: [], ignored: 0, conversationId: conversation.id, closed };
}

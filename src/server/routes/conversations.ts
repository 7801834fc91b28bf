import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  conversationResponseSchema,
  idParamsSchema,
  listCommitmentsResponseSchema,
  listConversationsQuerySchema,
  listConversationsResponseSchema,
  replyBodySchema,
  replyResponseSchema,
} from "../../protocol/index.ts";
import {
  findConversationAgent,
  findConversationById,
  findMessagesAfter,
  listAlerts,
  listAnalyses,
  listCommitments,
  OWED_COMMITMENT_STATUSES,
  listConversations,
  listInterventions,
  listReplyDeliveries,
  type ConversationRecord,
  StoreError,
} from "../../store/index.ts";
import type { Register } from "../app.ts";
import type { Principal } from "../auth/principal.ts";
import type { ServerContext } from "../context.ts";
import { closeConversationOnce } from "../commands/closeConversation.ts";
import { eraseConversationsNow } from "../commands/eraseConversations.ts";
import { forbidden, invalidState, notFound } from "../errors.ts";
import { replyRouteOf, type ReplyOutlets } from "../integrations/replies.ts";
import { assertReadable, isLeadOf, scopeTeams } from "../policies.ts";
import {
  engineIndexPositions,
  presentAlert,
  presentCommitment,
  presentConversationSummary,
  presentIntervention,
  presentMessage,
  presentReplyDelivery,
} from "../presenters.ts";

/** Loads a conversation the caller may read, or NOT_FOUND (another team's looks like nothing). */
export async function loadReadableConversation(
  ctx: ServerContext,
  p: Principal,
  id: string,
): Promise<ConversationRecord> {
  const conversation = await findConversationById(ctx.store, p.orgId, id);
  if (conversation === null) throw notFound("conversation");
  assertReadable(p, conversation, "conversation");
  return conversation;
}

/**
 * Private items (whispers, signals, takeover offers, escalations) are for the people in them and
 * the team's leads; alerts about an agent are not shown to that agent (help stays discreet).
 */
export const canSeePrivate = (p: Principal, teamId: string, people: (string | null)[]): boolean =>
  isLeadOf(p, teamId) || people.includes(p.personId);

/**
 * Everyone's display name in the organisation, by id, for responses that name people: from the
 * server's people directory, not a query per request. Every alert and intervention command names
 * its people, and with helpers closing alerts all the time a read per response was a tenth of the
 * database's time. A change through this instance's admin API is seen at once; one made on
 * another instance within the directory's 10 s.
 */
export function nameMap(ctx: ServerContext, orgId: string): Promise<Map<string, string>> {
  return ctx.people.names(orgId);
}

/** The outbound deliveries an organisation has for replies: its own Chatwoot and reply webhook, else the server's. */
export async function replyOutletsOf(ctx: ServerContext, orgId: string): Promise<ReplyOutlets> {
  const outlets = await ctx.outlets(orgId);
  return {
    chatwoot: outlets.chatwoot !== null,
    webhook: outlets.replyWebhook !== null,
    demo: ctx.config.demo === "live",
  };
}

export function registerConversationRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/conversations",
    summary:
      "Conversations in the caller's teams: the floor (riskiest first) or the history (newest first by start, searchable, paged)",
    tag: "conversations",
    auth: "person",
    schemas: { query: listConversationsQuerySchema },
    response: listConversationsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = scopeTeams(principal, query.teamId);
      const conversations = await listConversations(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        ...(query.status !== "all" ? { status: query.status } : {}),
        ...(query.channel !== undefined ? { channel: query.channel } : {}),
        ...(query.minRisk !== undefined ? { minRisk: query.minRisk } : {}),
        ...(query.ids !== undefined ? { ids: query.ids } : {}),
        ...(query.agentId !== undefined ? { agentId: query.agentId } : {}),
        ...(query.topic !== undefined ? { topic: query.topic } : {}),
        ...(query.q !== undefined ? { search: query.q } : {}),
        ...(query.since !== undefined ? { startedSince: query.since } : {}),
        ...(query.until !== undefined ? { startedUntil: query.until } : {}),
        ...(query.after !== undefined ? { afterId: query.after } : {}),
        order: query.order,
        limit: query.limit,
      });
      const alerts = await listAlerts(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        states: ["raised", "acknowledged"],
        limit: 1000,
      });
      const open = new Map<string, number>();
      for (const a of alerts) open.set(a.conversationId, (open.get(a.conversationId) ?? 0) + 1);
      const names = await nameMap(ctx, principal.orgId);
      return {
        conversations: conversations.map((c) =>
          presentConversationSummary(c, {
            agentName: c.agentPersonId !== null ? (names.get(c.agentPersonId) ?? null) : null,
            assigneeName: c.assignedPersonId !== null ? (names.get(c.assignedPersonId) ?? null) : null,
            openAlertCount: open.get(c.id) ?? 0,
          }),
        ),
        nextAfter:
          query.order === "started" && conversations.length === query.limit
            ? (conversations.at(-1)?.id ?? null)
            : null,
      };
    },
  });

  register({
    method: "GET",
    url: "/conversations/:id",
    summary: "One conversation: transcript with analyses, alerts, interventions, commitments",
    tag: "conversations",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: conversationResponseSchema,
    handler: async ({ principal, params }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      const base = { orgId: principal.orgId, conversationId: c.id };
      const [messages, analyses, alerts, interventions, commitments, names, deliveries, outlets, credited] =
        await Promise.all([
          findMessagesAfter(ctx.store, { ...base, audience: "team", limit: 5000 }),
          listAnalyses(ctx.store, { ...base, limit: 5000 }),
          listAlerts(ctx.store, { ...base, limit: 200 }),
          listInterventions(ctx.store, { ...base, limit: 500 }),
          listCommitments(ctx.store, { ...base, limit: 200 }),
          nameMap(ctx, principal.orgId),
          c.origin === "chatwoot" || c.origin === "api" || c.origin === "demo"
            ? listReplyDeliveries(ctx.store, base)
            : [],
          replyOutletsOf(ctx, principal.orgId),
          findConversationAgent(ctx.store, principal.orgId, c.id),
        ]);
      const deliveryOf = new Map(deliveries.map((d) => [d.messageId, presentReplyDelivery(d)]));
      const byMessage = new Map(analyses.map((a) => [a.messageId, a.analysis]));
      const visibleMessages = messages.filter(
        (m) =>
          m.kind === "message" || canSeePrivate(principal, c.teamId, [m.authorPersonId, c.assignedPersonId]),
      );
      const visibleAlerts = alerts.filter(
        (a) =>
          isLeadOf(principal, c.teamId) ||
          a.helperPersonId === principal.personId ||
          a.agentPersonId !== principal.personId,
      );
      // The agent handling it also sees that their conversation was escalated, and to whom, but
      // not the escalation's reason (written for the supervisor).
      const visibleInterventions = interventions.flatMap((i) =>
        canSeePrivate(principal, c.teamId, [i.fromPersonId, i.toPersonId])
          ? [i]
          : i.kind === "escalation" && c.assignedPersonId === principal.personId
            ? [{ ...i, text: null }]
            : [],
      );
      const lastWithCauses = [...analyses].reverse().find((a) => {
        const causes = (a.analysis as { rootCauses?: unknown[] } | null)?.rootCauses;
        return Array.isArray(causes) && causes.length > 0;
      });
      const summary = presentConversationSummary(c, {
        agentName: c.assignedPersonId !== null ? (names.get(c.assignedPersonId) ?? null) : null,
        assigneeName: c.assignedPersonId !== null ? (names.get(c.assignedPersonId) ?? null) : null,
        openAlertCount: alerts.filter((a) => a.state === "raised" || a.state === "acknowledged").length,
      });
      // The analyses' evidence cites lines by the engine's index (it reads no whisper or note).
      const positionOf = engineIndexPositions(analyses);
      const presentedMessages = visibleMessages.map((m) => {
        const presented = presentMessage(m, byMessage.get(m.id) ?? null, positionOf);
        const delivery = deliveryOf.get(m.id);
        return delivery !== undefined ? { ...presented, delivery } : presented;
      });
      const rootCauses =
        presentedMessages.find((m) => m.id === lastWithCauses?.messageId)?.analysis?.rootCauses ?? [];
      return {
        conversation: {
          ...summary,
          // Whose it is in the history (its scorecard's agent): `agentId` here is who has it now.
          creditedAgentId: credited,
          creditedAgentName: credited !== null ? (names.get(credited) ?? null) : null,
          origin: c.origin,
          replies: replyRouteOf(c, outlets),
          messages: presentedMessages,
          alerts: visibleAlerts.map((a) => presentAlert(a, names)),
          interventions: visibleInterventions.map((i) => presentIntervention(i, names)),
          commitments: commitments.map(presentCommitment),
          rootCauses,
        },
      };
    },
  });

  register({
    method: "POST",
    url: "/conversations/:id/messages",
    summary:
      "Reply to the customer as the signed-in agent; analysed like any message. Built-in chat: the customer's widget shows it. Chatwoot: posted to the Chatwoot conversation as an outgoing message (when the organisation has a Chatwoot: its own from Admin → Integrations, else the server's TAGTEAM_CHATWOOT_URL). Ingest API: posted to the reply webhook (the organisation's own, else TAGTEAM_REPLY_WEBHOOK_URL). `delivery.state` is `waiting` until the receiver takes it; GET /conversations/:id shows it per message. Refused (409 INVALID_STATE, nothing stored) when the reply could not reach the customer: a closed conversation, an imported transcript, or an origin whose outlet is not set up",
    tag: "conversations",
    auth: "person",
    schemas: { params: idParamsSchema, body: replyBodySchema },
    response: replyResponseSchema,
    status: 201,
    handler: async ({ principal, params, body }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      const route = replyRouteOf(c, await replyOutletsOf(ctx, principal.orgId));
      // Stored but never sent would be a reply swallowed: the teammate is told where to answer.
      if (route.via === null) throw invalidState(route.explanation);
      const via = route.via;
      // The widget, or the demo's replay, reads it from the transcript: there as soon as stored.
      // Otherwise a delivery loop posts it from the event stored with it; until then "waiting".
      const posted = via === "chat" || via === "demo" ? undefined : via;
      const [result] = await ctx.ingest.submit(principal, [
        {
          senderMessageId: `reply:${randomUUID()}`,
          conversationId: c.externalId ?? c.id,
          teamId: c.teamId,
          channel: c.channel,
          role: "agent",
          text: body.text,
          author: principal.personId,
          replyVia: posted,
        },
      ]);
      if (result === undefined) throw new Error("the reply was not stored");
      if (posted === undefined) return { result, delivery: { via, state: "sent" as const } };
      return { result, delivery: { via: posted, state: "waiting" as const } };
    },
  });

  register({
    method: "POST",
    url: "/conversations/:id/close",
    summary: "Close a conversation (its agent or a lead)",
    tag: "conversations",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ principal, params }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      // The same close as the sender's and the sweep's; a teammate pressing Close twice is told.
      if (!(await closeConversationOnce(ctx, c, "teammate", ctx.now())))
        throw new StoreError("INVALID_TRANSITION", `conversation ${c.id} is already closed`);
      return { ok: true as const };
    },
  });

  register({
    method: "DELETE",
    url: "/conversations/:id",
    summary:
      "Erase a conversation and everything recorded about it (transcript, analyses, alerts, step-ins, scorecard, debriefs; admin), e.g. on the customer's request. Audited, not undoable",
    tag: "conversations",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: z.object({ erased: z.literal(true) }),
    handler: async ({ principal, params, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      if (principal.role !== "admin") throw forbidden("Only an admin may erase a conversation");
      const erased = await eraseConversationsNow(
        ctx,
        principal.orgId,
        [c.id],
        {
          kind: principal.via === "token" ? "api_token" : "person",
          id: principal.personId,
          requestId: request.id,
        },
        "request",
      );
      if (erased.length === 0) throw notFound("conversation");
      return { erased: true as const };
    },
  });

  register({
    method: "GET",
    url: "/commitments",
    summary:
      "My commitments still owed (promises to customers: open, or missed when past due), soonest due first",
    tag: "conversations",
    auth: "person",
    schemas: {},
    response: listCommitmentsResponseSchema,
    handler: async ({ principal }) => {
      const commitments = await listCommitments(ctx.store, {
        orgId: principal.orgId,
        personId: principal.personId,
        // Missed ones too: past due, still owed (the console shows them first).
        status: OWED_COMMITMENT_STATUSES,
        limit: 200,
      });
      return { commitments: commitments.map(presentCommitment) };
    },
  });
}

import {
  debriefResponseSchema,
  listDebriefsQuerySchema,
  listDebriefsResponseSchema,
  loop2IdParamsSchema,
  updateDebriefBodySchema,
} from "../../../protocol/index.ts";
import {
  findConversationsByIds,
  findDebriefById,
  listDebriefPeople,
  listDebriefs,
  updateDebrief,
  type DebriefRecord,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import type { Principal } from "../../auth/principal.ts";
import { runCommand } from "../../commands/runCommand.ts";
import type { ServerContext } from "../../context.ts";
import { forbidden, notFound } from "../../errors.ts";
import { isAdmin } from "../../policies.ts";
import { loadReadableConversation, nameMap } from "../../routes/conversations.ts";
import { canReadDebrief } from "../policies.ts";
import { presentDebrief } from "../presenters.ts";

/**
 * Cards as the API gives them, each with what tells it apart from the others (its conversation's
 * topic, channel, close, short reference, agent and the other people of the step-in; never the
 * customer's name). Three reads, however many cards.
 */
async function presentAll(ctx: ServerContext, p: Principal, cards: DebriefRecord[]) {
  const ids = [...new Set(cards.map((c) => c.conversationId))];
  const [names, conversations, people] = await Promise.all([
    nameMap(ctx, p.orgId),
    findConversationsByIds(ctx.store, p.orgId, ids),
    listDebriefPeople(ctx.store, p.orgId, ids),
  ]);
  const byId = new Map(conversations.map((c) => [c.id, c]));
  return cards.map((d) => {
    const c = byId.get(d.conversationId);
    const others = (people.get(d.conversationId) ?? []).filter((o) => o.personId !== d.personId);
    const agentId = people.get(d.conversationId)?.find((o) => o.role === "agent")?.personId ?? null;
    return presentDebrief(d, p.personId, {
      personName: names.get(d.personId) ?? null,
      conversationSubject: c?.subject ?? c?.topic ?? null,
      channel: c?.channel ?? null,
      conversationClosedAt: c?.closedAt ?? null,
      agentName: agentId === null ? null : (names.get(agentId) ?? null),
      withNames: [...new Set(others.map((o) => names.get(o.personId)).filter((n) => n !== undefined))],
    });
  });
}

/** The card, if the caller may read it (participants of its conversation and the team's leads). */
async function loadReadableDebrief(ctx: ServerContext, p: Principal, id: string): Promise<DebriefRecord> {
  const card = await findDebriefById(ctx.store, p.orgId, id);
  if (card === null) throw notFound("debrief");
  const participants = (
    await listDebriefs(ctx.store, { orgId: p.orgId, conversationId: card.conversationId })
  ).map((d) => d.personId);
  if (!canReadDebrief(p, card, participants)) throw notFound("debrief");
  return card;
}

export function registerDebriefRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/debriefs",
    summary:
      "Debrief cards, newest first, a page at a time (limit, default 200; a full page's nextAfter is the next page's after): mine (and, for a lead, my teams'); or one conversation's that I may read",
    tag: "debriefs",
    auth: "person",
    schemas: { query: listDebriefsQuerySchema },
    response: listDebriefsResponseSchema,
    handler: async ({ principal, query }) => {
      let cards: DebriefRecord[];
      if (query.conversationId !== undefined) {
        const c = await loadReadableConversation(ctx, principal, query.conversationId);
        const all = await listDebriefs(ctx.store, { orgId: principal.orgId, conversationId: c.id });
        const participants = all.map((d) => d.personId);
        cards = all.filter((d) => canReadDebrief(principal, d, participants));
      } else {
        const led = principal.role === "lead" ? principal.teamIds : [];
        const page = { limit: query.limit, ...(query.after !== undefined ? { after: query.after } : {}) };
        cards = isAdmin(principal)
          ? await listDebriefs(ctx.store, { orgId: principal.orgId, ...page })
          : await listDebriefs(ctx.store, {
              orgId: principal.orgId,
              personId: principal.personId,
              teamIds: led,
              ...page,
            });
        const last = cards.length === query.limit ? cards[cards.length - 1] : undefined;
        return { debriefs: await presentAll(ctx, principal, cards), nextAfter: last?.id ?? null };
      }
      return { debriefs: await presentAll(ctx, principal, cards), nextAfter: null };
    },
  });

  register({
    method: "GET",
    url: "/debriefs/:id",
    summary: "One debrief card (its conversation's participants and the team's leads)",
    tag: "debriefs",
    auth: "person",
    schemas: { params: loop2IdParamsSchema },
    response: debriefResponseSchema,
    handler: async ({ principal, params }) => {
      const card = await loadReadableDebrief(ctx, principal, params.id);
      const [debrief] = await presentAll(ctx, principal, [card]);
      if (debrief === undefined) throw notFound("debrief");
      return { debrief };
    },
  });

  register({
    method: "PUT",
    url: "/debriefs/:id",
    summary: "Save my debrief card (only its owner may edit it)",
    tag: "debriefs",
    auth: "person",
    schemas: { params: loop2IdParamsSchema, body: updateDebriefBodySchema },
    response: debriefResponseSchema,
    handler: async ({ principal, params, body }) => {
      const card = await loadReadableDebrief(ctx, principal, params.id);
      if (card.personId !== principal.personId) throw forbidden("Only the card's owner may edit it");
      const saved = await runCommand(ctx, async (tx) => ({
        result: await updateDebrief(tx, {
          orgId: principal.orgId,
          id: card.id,
          wentWell: body.wentWell,
          tricky: body.tricky,
          tryNext: body.tryNext,
        }),
        events: [],
      }));
      const [debrief] = await presentAll(ctx, principal, [saved]);
      if (debrief === undefined) throw notFound("debrief");
      return { debrief };
    },
  });
}

import type { QaScorecard } from "../../../engine/qa/index.ts";
import {
  disputeResponseSchema,
  disputeScorecardBodySchema,
  idParamsSchema,
  listDisputesQuerySchema,
  listDisputesResponseSchema,
  resolveDisputeBodySchema,
  resolveDisputeResponseSchema,
  type QaItemName,
} from "../../../protocol/index.ts";
import {
  createScorecardDispute,
  findConversationById,
  findConversationsByIds,
  findScorecard,
  findScorecardDispute,
  listPeople,
  listScorecardDisputes,
  resolveScorecardDispute,
  reviewScorecard,
  type NewEvent,
  type Queryable,
  type ScorecardRecord,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import type { Principal } from "../../auth/principal.ts";
import { runCommand } from "../../commands/runCommand.ts";
import type { ServerContext } from "../../context.ts";
import { AppError, forbidden, notFound, validationFailed } from "../../errors.ts";
import { isLeadOf } from "../../policies.ts";
import { loadReadableConversation, nameMap } from "../../routes/conversations.ts";
import { canReadScorecard, ledTeams } from "../policies.ts";
import { presentScorecard, presentScorecardDispute, reviewedOverall } from "../presenters.ts";
import { auditEntry } from "../shared.ts";
import { findCard, presentWithQuotes } from "./qa.ts";

/*
 * QA disputes: the person a scorecard scores contests a score (one item, or the whole card) with a
 * reason; a lead of the card's team upholds it or changes the score, with a note. Only that person
 * and the team's leads ever read a dispute: it rides on the card (GET /conversations/:id/scorecard)
 * and in the caller's list (GET /scorecards/disputes).
 */

/**
 * What counts on the card now: an item's score (lead's over engine's), or the overall. Null for an
 * item tagteam found nothing to score and no lead scored: the card reads "n/a" there, and its
 * dispute read "was 2" (the engine's placeholder, counted nowhere).
 */
function currentScore(s: ScorecardRecord, item: QaItemName | null): number | null {
  const card = presentScorecard(s, { agentName: null, quoteOf: () => "", positionOf: () => 0 });
  if (item === null) return card.overall;
  const scored = card.items.find((i) => i.item === item);
  return scored !== undefined && (scored.applicable || scored.override !== null) ? scored.score : null;
}

/** The team's active leads, each told in their own room (the team's room would tell its agents too). */
async function teamLeads(db: Queryable, orgId: string, teamId: string): Promise<string[]> {
  return (await listPeople(db, { orgId, teamId, roles: ["lead"], activeOnly: true })).map((p) => p.id);
}

function disputeEvents(
  p: Principal,
  d: { id: string; teamId: string; conversationId: string; personId: string; status: string },
  type: "scorecard.disputed" | "scorecard.dispute_resolved",
  to: readonly string[],
): NewEvent[] {
  return [...new Set(to)].map((personId) => ({
    orgId: p.orgId,
    teamId: d.teamId,
    conversationId: d.conversationId,
    personId,
    type,
    payload: { conversationId: d.conversationId, personId: d.personId, disputeId: d.id, status: d.status },
  }));
}

export function registerQaDisputeRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "POST",
    url: "/conversations/:id/scorecard/disputes",
    summary:
      "Dispute a score on my own QA scorecard of a conversation (the person it scores only): one item, or the whole card, with a reason; one open dispute per item",
    tag: "qa",
    auth: "person",
    status: 201,
    schemas: { params: idParamsSchema, body: disputeScorecardBodySchema },
    response: disputeResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      // The caller's own card: as the agent, or as a helper on it.
      const own = await findCard(ctx.store, principal.orgId, c.id, principal.personId);
      if (own === null || own.agentId !== principal.personId) {
        const agentCard = await findScorecard(ctx.store, principal.orgId, c.id);
        if (agentCard !== null && canReadScorecard(principal, agentCard))
          throw forbidden("Only the person a scorecard scores may dispute it");
        throw notFound("scorecard");
      }
      const item = body.item ?? null;
      const dispute = await runCommand(ctx, async (tx) => {
        const d = await createScorecardDispute(tx, {
          orgId: principal.orgId,
          teamId: own.teamId,
          conversationId: c.id,
          personId: principal.personId,
          cardRole: own.role,
          item,
          reason: body.reason,
          disputedScore: currentScore(own, item),
        });
        return {
          result: d,
          events: disputeEvents(
            principal,
            d,
            "scorecard.disputed",
            await teamLeads(tx, principal.orgId, own.teamId),
          ),
          audit: [
            auditEntry(principal, "scorecard.disputed", "conversation", c.id, request.id, {
              disputeId: d.id,
              item,
              score: d.disputedScore,
              ...(own.role === "helper" ? { helperId: principal.personId } : {}),
            }),
          ],
        };
      });
      const names = await nameMap(ctx, principal.orgId);
      return {
        dispute: presentScorecardDispute(dispute, { nameOf: (id) => names.get(id) ?? null, topic: c.topic }),
      };
    },
  });

  register({
    method: "GET",
    url: "/scorecards/disputes",
    summary:
      "QA disputes: my own (agents), or my teams' (leads; admins all): open ones oldest first (status=open, the default), resolved newest first, or all",
    tag: "qa",
    auth: "person",
    schemas: { query: listDisputesQuerySchema },
    response: listDisputesResponseSchema,
    handler: async ({ principal, query }) => {
      const status = query.status === "all" ? {} : { status: query.status };
      const own = principal.role === "agent";
      if (own && query.teamId !== undefined) throw forbidden("Agents see their own disputes only");
      const teamIds = own ? undefined : ledTeams(principal, query.teamId);
      const disputes = await listScorecardDisputes(ctx.store, {
        orgId: principal.orgId,
        ...(own ? { personId: principal.personId } : teamIds !== undefined ? { teamIds } : {}),
        ...status,
        limit: 200,
      });
      const [names, conversations] = await Promise.all([
        nameMap(ctx, principal.orgId),
        findConversationsByIds(ctx.store, principal.orgId, [
          ...new Set(disputes.map((d) => d.conversationId)),
        ]).then((list) => new Map(list.map((c) => [c.id, c]))),
      ]);
      return {
        disputes: disputes.map((d) =>
          presentScorecardDispute(d, {
            nameOf: (id) => names.get(id) ?? null,
            topic: conversations.get(d.conversationId)?.topic ?? null,
          }),
        ),
        open: disputes.filter((d) => d.status === "open").length,
      };
    },
  });

  register({
    method: "POST",
    url: "/scorecards/disputes/:id/resolve",
    summary:
      "Resolve a QA dispute (a lead of the card's team, not the disputing person): uphold the score, or change it (score for an item, items for the whole card), with a note to the agent",
    tag: "qa",
    auth: "person",
    schemas: { params: idParamsSchema, body: resolveDisputeBodySchema },
    response: resolveDisputeResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const found = await findScorecardDispute(ctx.store, principal.orgId, params.id);
      if (found === null || !canReadScorecard(principal, { teamId: found.teamId, agentId: found.personId }))
        throw notFound("dispute");
      if (!isLeadOf(principal, found.teamId))
        throw forbidden("Only a lead of this team may resolve a dispute");
      if (found.personId === principal.personId)
        throw forbidden("A dispute of your own score is resolved by another lead");
      const conversation = await findConversationById(ctx.store, principal.orgId, found.conversationId);
      if (conversation === null) throw notFound("dispute");
      const item = found.item as QaItemName | null;
      // What the lead's change must say, by what was disputed: every problem named at once.
      let changed: Partial<Record<QaItemName, number>> | null = null;
      if (body.decision === "change") {
        if (item !== null) {
          const problems = [
            ...(body.score === undefined
              ? [
                  {
                    path: ["body", "score"],
                    message: `is required: the new ${item.replace(/_/g, " ")} score (0–4)`,
                  },
                ]
              : []),
            ...(body.items !== undefined
              ? [{ path: ["body", "items"], message: "is for a dispute of the whole card: give score" }]
              : []),
          ];
          if (problems.length > 0) throw validationFailed(problems.map((p) => ({ ...p, code: "custom" })));
          changed = { [item]: body.score };
        } else {
          const items = body.items ?? {};
          if (body.score !== undefined || Object.keys(items).length === 0)
            throw validationFailed([
              {
                path: ["body", "items"],
                message:
                  "is required for a dispute of the whole card: the items' new scores, e.g. { empathy: 3 }",
                code: "custom",
              },
            ]);
          changed = items;
        }
      }
      const { dispute, card } = await runCommand(ctx, async (tx) => {
        const d = await findScorecardDispute(tx, principal.orgId, found.id, { forUpdate: true });
        if (d === null) throw notFound("dispute");
        if (d.status !== "open")
          throw new AppError("CONFLICT", `This dispute is already resolved (${d.status})`, {
            disputeId: d.id,
            status: d.status,
          });
        // Locked like a review, so a re-scoring at the same moment waits (or is waited for).
        const s = await findCard(tx, principal.orgId, d.conversationId, d.personId, { forUpdate: true });
        if (s === null || s.agentId !== d.personId) throw notFound("scorecard");
        let card = s;
        if (changed !== null) {
          const same = Object.entries(changed).filter(
            ([name, score]) => currentScore(s, name as QaItemName) === score,
          );
          if (same.length === Object.keys(changed).length)
            throw validationFailed([
              {
                path: ["body", item !== null ? "score" : "items"],
                message: `is the score the card has already (${same.map(([n, v]) => `${n.replace(/_/g, " ")} ${String(v)}`).join(", ")}): uphold it instead`,
                code: "custom",
              },
            ]);
          const override = { ...(s.override ?? {}), ...changed } as Record<string, number>;
          card = await reviewScorecard(tx, {
            orgId: principal.orgId,
            conversationId: d.conversationId,
            ...(s.role === "helper" ? { helper: { personId: d.personId } } : {}),
            reviewedBy: principal.personId,
            override,
            overrideOverall: reviewedOverall(s.auto as unknown as QaScorecard, override),
            // The card's review note stays; the answer to the dispute is the dispute's note.
            note: s.reviewNote,
          });
        }
        const resolved = await resolveScorecardDispute(tx, {
          orgId: principal.orgId,
          id: d.id,
          status: changed === null ? "upheld" : "changed",
          note: body.note,
          changedScores: changed as Record<string, number> | null,
          resolvedBy: principal.personId,
        });
        if (resolved === null)
          throw new AppError("CONFLICT", "This dispute is already resolved", { disputeId: d.id });
        const leads = await teamLeads(tx, principal.orgId, d.teamId);
        const events: NewEvent[] = disputeEvents(principal, resolved, "scorecard.dispute_resolved", [
          d.personId,
          ...leads,
        ]);
        // A changed score moves what is computed from the card (numbers, skill map): as a review does.
        if (changed !== null)
          events.push({
            orgId: principal.orgId,
            teamId: d.teamId,
            conversationId: d.conversationId,
            type: "scorecard.reviewed",
            payload: { conversationId: d.conversationId, personId: d.personId },
          });
        return {
          result: { dispute: resolved, card },
          events,
          audit: [
            auditEntry(
              principal,
              "scorecard.dispute_resolved",
              "conversation",
              d.conversationId,
              request.id,
              {
                disputeId: d.id,
                personId: d.personId,
                item: d.item,
                decision: resolved.status,
                from: d.disputedScore,
                ...(changed !== null ? { to: changed } : {}),
              },
            ),
          ],
        };
      });
      const names = await nameMap(ctx, principal.orgId);
      return {
        dispute: presentScorecardDispute(dispute, {
          nameOf: (id) => names.get(id) ?? null,
          topic: conversation.topic,
        }),
        scorecard: await presentWithQuotes(ctx, principal, card, conversation),
      };
    },
  });
}

import type { QaScorecard } from "../../../engine/qa/index.ts";
import {
  calibrationQuerySchema,
  calibrationResponseSchema,
  idParamsSchema,
  listScorecardsQuerySchema,
  SCORECARD_CURSOR,
  listScorecardsResponseSchema,
  QA_ITEM_NAMES,
  reviewScorecardBodySchema,
  scorecardQuerySchema,
  scorecardResponseSchema,
  type QaItemName,
} from "../../../protocol/index.ts";
import {
  findConversationsByIds,
  appendAuditEntries,
  findPrivatePositions,
  findScorecard,
  listPeople,
  listScorecardDisputes,
  listScorecards,
  reviewScorecard,
  withdrawScorecardReview,
  type Queryable,
  type ScorecardRecord,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import type { Principal } from "../../auth/principal.ts";
import { runCommand } from "../../commands/runCommand.ts";
import type { ServerContext } from "../../context.ts";
import { AppError, forbidden, invalidState, notFound } from "../../errors.ts";
import { assertLead, canFilterByTeam } from "../../policies.ts";
import { loadReadableConversation, nameMap } from "../../routes/conversations.ts";
import { canReadScorecard, ledTeams } from "../policies.ts";
import { presentScorecard, presentScorecardDispute, reviewedOverall } from "../presenters.ts";
import { nameVariants, redactText } from "../redaction.ts";
import { auditEntry } from "../shared.ts";
import { loadAnalysedTranscript, visibleLinePosition } from "../transcript.ts";

const noQuote = (): string => "";

/**
 * One card as its reader sees it: evidence quoted (redacted), and its disputes (a card is read by
 * the person it scores and the team's leads only, who may see its disputes).
 */
export async function presentWithQuotes(
  ctx: ServerContext,
  p: Principal,
  s: ScorecardRecord,
  conversation: {
    id: string;
    orgId: string;
    teamId: string;
    customerName: string | null;
    topic: string | null;
  },
) {
  const customerName = conversation.customerName;
  const [t, people, disputes] = await Promise.all([
    loadAnalysedTranscript(ctx, ctx.store, conversation),
    listPeople(ctx.store, { orgId: p.orgId }),
    s.agentId === null
      ? Promise.resolve([])
      : listScorecardDisputes(ctx.store, {
          orgId: p.orgId,
          conversationId: conversation.id,
          personId: s.agentId,
        }),
  ]);
  const known = [...nameVariants(customerName), ...people.flatMap((x) => nameVariants(x.displayName))];
  const names = new Map(people.map((x) => [x.id, x.displayName]));
  const nameOf = (id: string) => names.get(id) ?? null;
  return {
    ...presentScorecard(s, {
      agentName: s.agentId !== null ? (names.get(s.agentId) ?? null) : null,
      quoteOf: (index, start, end) => redactText(t.messages[index]?.text.slice(start, end) ?? "", known),
      positionOf: (index) => t.records[index]?.position,
      nameOf,
      conversation: { topic: conversation.topic },
    }),
    // Open ones first, oldest first; then the resolved, newest first.
    disputes: disputes.map((d) => presentScorecardDispute(d, { nameOf, topic: conversation.topic })),
  };
}

/**
 * The card asked for: a helper's when `personId` names someone other than the conversation's agent,
 * else the agent's.
 */
export async function findCard(
  db: Queryable,
  orgId: string,
  conversationId: string,
  personId: string | undefined,
  options: { forUpdate?: boolean } = {},
): Promise<ScorecardRecord | null> {
  const agentCard = await findScorecard(db, orgId, conversationId, options);
  if (personId === undefined || agentCard?.agentId === personId) return agentCard;
  return findScorecard(db, orgId, conversationId, { ...options, helper: { personId } });
}

/** The engine's item scores of a stored scorecard. */
function autoScores(s: ScorecardRecord): Map<QaItemName, { score: number; applicable: boolean }> {
  const auto = s.auto as unknown as QaScorecard;
  return new Map((Array.isArray(auto.items) ? auto.items : []).map((i) => [i.item, i]));
}

export function registerQaRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "GET",
    url: "/conversations/:id/scorecard",
    summary:
      "A closed conversation's QA scorecard with evidence: its agent's, or with personId a helper's for their part (its owner and the team's leads)",
    tag: "qa",
    auth: "person",
    schemas: { params: idParamsSchema, query: scorecardQuerySchema },
    response: scorecardResponseSchema,
    handler: async ({ principal, params, query }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      const s = await findCard(ctx.store, principal.orgId, c.id, query.personId);
      if (s === null || !canReadScorecard(principal, s)) throw notFound("scorecard");
      return { scorecard: await presentWithQuotes(ctx, principal, s, c) };
    },
  });

  register({
    method: "GET",
    url: "/scorecards",
    summary:
      "QA scorecards: my own (agents), or my teams' (leads, admins), by the close each covers, latest first, a page at a time (limit, default 50; a full page's nextAfter is the next page's after)",
    tag: "qa",
    auth: "person",
    schemas: { query: listScorecardsQuerySchema },
    response: listScorecardsResponseSchema,
    handler: async ({ principal, query }) => {
      const reviewed = query.reviewed === undefined ? {} : { reviewed: query.reviewed === "true" };
      const cursor = query.after !== undefined ? SCORECARD_CURSOR.exec(query.after) : null;
      const page = {
        limit: query.limit,
        ...(cursor?.[1] !== undefined
          ? {
              after: {
                conversationId: cursor[1],
                ...(cursor[2] !== undefined ? { helperId: cursor[2] } : {}),
              },
            }
          : {}),
      };
      let cards: ScorecardRecord[];
      if (principal.role === "agent" || query.agentId === principal.personId) {
        if (query.agentId !== undefined && query.agentId !== principal.personId)
          throw forbidden("Agents see their own scorecards only");
        // A team the caller cannot see is not found, as it is for a lead and on every other route.
        if (query.teamId !== undefined && !canFilterByTeam(principal, query.teamId)) throw notFound("team");
        cards = await listScorecards(ctx.store, {
          orgId: principal.orgId,
          agentId: principal.personId,
          ...(query.teamId !== undefined ? { teamIds: [query.teamId] } : {}),
          ...reviewed,
          ...page,
        });
      } else {
        const teamIds = ledTeams(principal, query.teamId);
        cards = await listScorecards(ctx.store, {
          orgId: principal.orgId,
          ...(teamIds !== undefined ? { teamIds } : {}),
          ...(query.agentId !== undefined ? { agentId: query.agentId } : {}),
          ...reviewed,
          ...page,
        });
      }
      const last = cards.length === query.limit ? cards[cards.length - 1] : undefined;
      const [names, privateLines, conversations] = await Promise.all([
        nameMap(ctx, principal.orgId),
        // Where the private lines sit, to place the evidence without loading each transcript.
        findPrivatePositions(
          ctx.store,
          principal.orgId,
          cards.map((s) => s.conversationId),
        ),
        // Each card's topic, so a lead can tell one agent's cards apart.
        findConversationsByIds(
          ctx.store,
          principal.orgId,
          cards.map((s) => s.conversationId),
        ).then((list) => new Map(list.map((c) => [c.id, c]))),
      ]);
      return {
        scorecards: cards.map((s) =>
          presentScorecard(s, {
            agentName: s.agentId !== null ? (names.get(s.agentId) ?? null) : null,
            quoteOf: noQuote,
            positionOf: visibleLinePosition(privateLines.get(s.conversationId) ?? []),
            nameOf: (id) => names.get(id) ?? null,
            conversation: { topic: conversations.get(s.conversationId)?.topic ?? null },
          }),
        ),
        nextAfter:
          last === undefined
            ? null
            : last.role === "helper" && last.agentId !== null
              ? `${last.conversationId}:${last.agentId}`
              : last.conversationId,
      };
    },
  });

  register({
    method: "POST",
    url: "/conversations/:id/scorecard/review",
    summary: "Review a scorecard (a lead of the team): override item scores, add a note",
    tag: "qa",
    auth: "person",
    schemas: { params: idParamsSchema, body: reviewScorecardBodySchema },
    response: scorecardResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      assertLead(principal, c.teamId);
      const override: Record<string, number> = {};
      for (const name of QA_ITEM_NAMES) {
        const score = body.items[name];
        if (score !== undefined) override[name] = score;
      }
      const saved = await runCommand(ctx, async (tx) => {
        // Locked, so a re-scoring of the conversation at the same moment waits for the review (or
        // the review for it) and the overall is computed over the automatic scores it keeps.
        const s = await findCard(tx, principal.orgId, c.id, body.personId, { forUpdate: true });
        if (s === null) throw notFound("scorecard");
        const result = await reviewScorecard(tx, {
          orgId: principal.orgId,
          conversationId: c.id,
          ...(s.role === "helper" && s.agentId !== null ? { helper: { personId: s.agentId } } : {}),
          reviewedBy: principal.personId,
          override,
          overrideOverall: reviewedOverall(s.auto as unknown as QaScorecard, override),
          note: body.note ?? null,
        });
        await appendAuditEntries(tx, [
          auditEntry(principal, "scorecard.reviewed", "conversation", c.id, request.id, {
            override,
            ...(s.role === "helper" ? { helperId: s.agentId } : {}),
          }),
        ]);
        return {
          result,
          events: [
            {
              orgId: principal.orgId,
              teamId: c.teamId,
              conversationId: c.id,
              type: "scorecard.reviewed",
              payload: { conversationId: c.id, personId: s.agentId },
            },
          ],
        };
      });
      return { scorecard: await presentWithQuotes(ctx, principal, saved, c) };
    },
  });

  register({
    method: "DELETE",
    url: "/conversations/:id/scorecard/review",
    summary:
      "Withdraw a review (a lead of the team): the card shows the engine's scores again and is not reviewed; personId for a helper's card",
    tag: "qa",
    auth: "person",
    schemas: { params: idParamsSchema, query: scorecardQuerySchema },
    response: scorecardResponseSchema,
    handler: async ({ principal, params, query, request }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      assertLead(principal, c.teamId);
      const saved = await runCommand(ctx, async (tx) => {
        const s = await findCard(tx, principal.orgId, c.id, query.personId, { forUpdate: true });
        if (s === null) throw notFound("scorecard");
        if (s.reviewedAt === null)
          throw invalidState("This scorecard is not reviewed: there is no review to withdraw");
        // A score a lead changed by resolving the agent's dispute lives in the review: withdrawing
        // it would quietly take back what the agent was told.
        const changed =
          s.agentId === null
            ? []
            : (
                await listScorecardDisputes(tx, {
                  orgId: principal.orgId,
                  conversationId: c.id,
                  personId: s.agentId,
                })
              ).filter((d) => d.status === "changed" && d.cardRole === s.role);
        if (changed.length > 0)
          throw new AppError(
            "INVALID_STATE",
            "A disputed score on this scorecard was changed when the dispute was resolved: save a new review instead of withdrawing it",
            { disputeId: changed[0]?.id },
          );
        const result = await withdrawScorecardReview(tx, {
          orgId: principal.orgId,
          conversationId: c.id,
          ...(s.role === "helper" && s.agentId !== null ? { helper: { personId: s.agentId } } : {}),
        });
        if (result === null)
          throw invalidState("This scorecard is not reviewed: there is no review to withdraw");
        await appendAuditEntries(tx, [
          auditEntry(principal, "scorecard.review_withdrawn", "conversation", c.id, request.id, {
            override: s.override,
            note: s.reviewNote,
            reviewedBy: s.reviewedBy,
            ...(s.role === "helper" ? { helperId: s.agentId } : {}),
          }),
        ]);
        return {
          result,
          events: [
            {
              orgId: principal.orgId,
              teamId: c.teamId,
              conversationId: c.id,
              type: "scorecard.reviewed",
              payload: { conversationId: c.id, personId: s.agentId, withdrawn: true },
            },
          ],
        };
      });
      return { scorecard: await presentWithQuotes(ctx, principal, saved, c) };
    },
  });

  register({
    method: "GET",
    url: "/scorecards/calibration",
    summary: "Calibration: where reviewing leads and the engine's scores disagree, per item",
    tag: "qa",
    auth: "person",
    schemas: { query: calibrationQuerySchema },
    response: calibrationResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = ledTeams(principal, query.teamId);
      const reviewed = await listScorecards(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        reviewed: true,
        limit: 5000,
      });
      const names = await nameMap(ctx, principal.orgId);
      const stats = new Map(QA_ITEM_NAMES.map((n) => [n, { reviewed: 0, disagreements: 0, sum: 0 }]));
      const disagreements = [];
      for (const s of reviewed) {
        for (const [item, a] of autoScores(s)) {
          const stat = stats.get(item);
          if (stat === undefined) continue;
          const lead = s.override?.[item] ?? a.score;
          stat.reviewed++;
          stat.sum += lead - a.score;
          if (lead !== a.score) {
            stat.disagreements++;
            disagreements.push({
              conversationId: s.conversationId,
              agentName: s.agentId !== null ? (names.get(s.agentId) ?? null) : null,
              reviewedBy: s.reviewedBy !== null ? (names.get(s.reviewedBy) ?? null) : null,
              item,
              auto: a.score,
              lead,
            });
          }
        }
      }
      return {
        items: QA_ITEM_NAMES.map((item) => {
          const st = stats.get(item) ?? { reviewed: 0, disagreements: 0, sum: 0 };
          return {
            item,
            reviewed: st.reviewed,
            disagreements: st.disagreements,
            meanDifference: st.reviewed === 0 ? 0 : Math.round((st.sum / st.reviewed) * 100) / 100,
          };
        }),
        disagreements: disagreements.sort((x, y) => Math.abs(y.lead - y.auto) - Math.abs(x.lead - x.auto)),
      };
    },
  });
}

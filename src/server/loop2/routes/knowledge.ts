import { draftInsight } from "../../../engine/knowledge/index.ts";
import { factValueProblem } from "../../../engine/index.ts";
import {
  createInsightBodySchema,
  gapResponseSchema,
  idParamsSchema,
  insightDraftResponseSchema,
  insightResponseSchema,
  knowledgeSearchQuerySchema,
  knowledgeSearchResponseSchema,
  listAnsweredGapQuestionsQuerySchema,
  listAnsweredGapQuestionsResponseSchema,
  listGapQuestionsQuerySchema,
  listGapQuestionsResponseSchema,
  listGapsQuerySchema,
  listGapsResponseSchema,
  resolveGapQuestionResponseSchema,
  listInsightsQuerySchema,
  listInsightsResponseSchema,
  loop2IdParamsSchema,
  reviewInsightBodySchema,
  type ValidationIssue,
} from "../../../protocol/index.ts";
import {
  appendAuditEntries,
  createInsight,
  createKnowledgeFact,
  findInsightById,
  findConversationById,
  findKnowledgeGapById,
  listAnsweredGapQuestions,
  listInsights,
  listKnowledgeGapPage,
  listOpenGapQuestions,
  listPeople,
  resolveGapQuestion,
  resolveKnowledgeGap,
  reviewInsight,
  searchKnowledge,
  updateInsightDraft,
  type NewEvent,
} from "../../../store/index.ts";
import type { Register } from "../../app.ts";
import { runCommand } from "../../commands/runCommand.ts";
import type { ServerContext } from "../../context.ts";
import { forbidden, invalidState, notFound, validationFailed } from "../../errors.ts";
import { assertLead, canReadTeam, isLeadOf, scopeTeams } from "../../policies.ts";
import { loadReadableConversation } from "../../routes/conversations.ts";
import { answerGapsWith } from "../gapAnswers.ts";
import { canReadInsight, ledTeams } from "../policies.ts";
import {
  presentAnsweredGapQuestion,
  presentGapQuestion,
  presentInsight,
  presentKnowledgeGap,
} from "../presenters.ts";
import { nameVariants, redactText } from "../redaction.ts";
import { loadAnalysedTranscript } from "../transcript.ts";

/** A fact needs both a key and a value: one without the other is a problem to list. */
function factFieldIssues(key: string | null | undefined, value: unknown): ValidationIssue[] {
  const hasKey = key !== null && key !== undefined;
  const hasValue = value !== null && value !== undefined;
  if (hasKey === hasValue) return [];
  return [
    {
      path: ["body", hasKey ? "value" : "key"],
      message: "A fact needs both a key and a value (or neither, for an insight that is not a fact)",
      code: "custom",
    },
  ];
}

/** Names an insight must not carry: the customer's and everyone's in the organisation. */
async function namesIn(ctx: ServerContext, orgId: string, customerName: string | null): Promise<string[]> {
  const people = await listPeople(ctx.store, { orgId });
  return [...nameVariants(customerName), ...people.flatMap((p) => nameVariants(p.displayName))];
}

/** tagteam's draft of an insight from the conversation's confusion and what resolved it. */
async function draftInsightText(
  ctx: ServerContext,
  c: Parameters<typeof loadAnalysedTranscript>[2],
): Promise<string> {
  const t = await loadAnalysedTranscript(ctx, ctx.store, c);
  const draft = draftInsight(t.messages, t.analyses);
  if (draft === null)
    throw invalidState("tagteam found no customer confusion to draft from here: write the insight yourself");
  return draft.text;
}

export function registerKnowledgeRoutes(register: Register, ctx: ServerContext): void {
  register({
    method: "POST",
    url: "/conversations/:id/insights",
    summary:
      "Capture an insight from a conversation (drafted by tagteam when no text is given); a lead reviews it",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { params: idParamsSchema, body: createInsightBodySchema },
    response: insightResponseSchema,
    status: 201,
    handler: async ({ principal, params, body }) => {
      const issues = factFieldIssues(body.key, body.value);
      if (issues.length > 0) throw validationFailed(issues);
      const c = await loadReadableConversation(ctx, principal, params.id);
      const known = await namesIn(ctx, principal.orgId, c.customerName);
      const text = body.text ?? (await draftInsightText(ctx, c));
      const insight = await runCommand(ctx, async (tx) => {
        const created = await createInsight(tx, {
          orgId: principal.orgId,
          teamId: c.teamId,
          conversationId: c.id,
          // Insights are read far beyond their conversation: personal data never goes in.
          text: redactText(text, known),
          topic: body.topic ?? c.topic,
          key: body.key ?? null,
          value: body.value ?? null,
          unit: body.unit ?? null,
          createdBy: principal.personId,
        });
        const events: NewEvent[] = [
          {
            orgId: principal.orgId,
            teamId: c.teamId,
            type: "insight.drafted",
            payload: { conversationId: c.id },
          },
        ];
        return { result: created, events };
      });
      return { insight: presentInsight(insight) };
    },
  });

  register({
    method: "GET",
    url: "/conversations/:id/insight-draft",
    summary:
      "tagteam's draft of an insight from a conversation, not stored: the writer completes it, then captures it",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { params: idParamsSchema },
    response: insightDraftResponseSchema,
    handler: async ({ principal, params }) => {
      const c = await loadReadableConversation(ctx, principal, params.id);
      const known = await namesIn(ctx, principal.orgId, c.customerName);
      // Redacted as a captured insight is, so what the writer sees is what would be stored.
      return { draft: { text: redactText(await draftInsightText(ctx, c), known) } };
    },
  });

  register({
    method: "GET",
    url: "/insights",
    summary: "Insights: published ones of my teams, plus drafts I wrote or (as a lead) review",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { query: listInsightsQuerySchema },
    response: listInsightsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = scopeTeams(principal, query.teamId);
      const insights = await listInsights(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
        limit: 500,
      });
      return { insights: insights.filter((i) => canReadInsight(principal, i)).map(presentInsight) };
    },
  });

  register({
    method: "POST",
    url: "/insights/:id/review",
    summary:
      "Publish or reject a draft insight (a lead of its team); a published key/value becomes a fact the engine checks",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { params: loop2IdParamsSchema, body: reviewInsightBodySchema },
    response: insightResponseSchema,
    handler: async ({ principal, params, body, request }) => {
      const existing = await findInsightById(ctx.store, principal.orgId, params.id);
      if (existing === null || !canReadInsight(principal, existing)) throw notFound("insight");
      assertLead(principal, existing.teamId);
      const key = body.key !== undefined ? body.key : existing.key;
      const value = body.value !== undefined ? body.value : existing.value;
      const unit = body.unit !== undefined ? body.unit : existing.unit;
      const issues = body.decision === "publish" ? factFieldIssues(key, value) : [];
      // Published, the key and value become a fact: one no claim could be checked against is refused, as in Admin.
      const problem =
        body.decision === "publish" && issues.length === 0 && value !== null && value !== undefined
          ? factValueProblem(value, unit ?? null)
          : null;
      if (problem !== null) issues.push({ path: ["body", "value"], message: problem, code: "custom" });
      if (issues.length > 0) throw validationFailed(issues);
      // The lead's words are redacted as a captured insight's are: the team reads it, and it
      // outlives its conversation.
      const text =
        body.text === undefined
          ? undefined
          : redactText(
              body.text,
              await namesIn(
                ctx,
                principal.orgId,
                existing.conversationId === null
                  ? null
                  : ((await findConversationById(ctx.store, principal.orgId, existing.conversationId))
                      ?.customerName ?? null),
              ),
            );
      const result = await runCommand(ctx, async (tx) => {
        const edits = {
          ...(text !== undefined ? { text } : {}),
          ...(body.topic !== undefined ? { topic: body.topic } : {}),
          ...(body.key !== undefined ? { key: body.key } : {}),
          ...(body.value !== undefined ? { value: body.value } : {}),
          ...(body.unit !== undefined ? { unit: body.unit } : {}),
        };
        const draft =
          Object.keys(edits).length > 0
            ? await updateInsightDraft(tx, { orgId: principal.orgId, id: existing.id, ...edits })
            : existing;
        if (draft.status !== "draft") throw invalidState(`This insight is already ${draft.status}`);
        let factId: string | null = null;
        let answered = 0;
        if (body.decision === "publish" && draft.key !== null && draft.value !== null) {
          const fact = await createKnowledgeFact(tx, {
            orgId: principal.orgId,
            teamId: draft.teamId,
            key: draft.key,
            value: draft.value,
            unit: draft.unit,
            topic: draft.topic,
            statement: draft.text,
            status: "published",
            sourceConversationId: draft.conversationId,
            createdBy: principal.personId,
          });
          factId = fact.id;
          // The questions it answers leave the open gaps, answered by it.
          answered = await answerGapsWith(tx, principal.orgId, fact);
        }
        const reviewed = await reviewInsight(tx, {
          orgId: principal.orgId,
          id: draft.id,
          status: body.decision === "publish" ? "published" : "rejected",
          reviewedBy: principal.personId,
          note: body.note ?? null,
          factId,
        });
        await appendAuditEntries(tx, [
          {
            orgId: principal.orgId,
            actorKind: principal.via === "token" ? "api_token" : "person",
            actorId: principal.personId,
            action: body.decision === "publish" ? "insight.published" : "insight.rejected",
            targetType: "insight",
            targetId: draft.id,
            requestId: request.id,
            details: { factId, answeredGaps: answered },
          },
        ]);
        const events: NewEvent[] = [
          {
            orgId: principal.orgId,
            teamId: draft.teamId,
            type: "insight.reviewed",
            payload: { status: reviewed.status },
          },
        ];
        if (factId !== null)
          events.push({
            orgId: principal.orgId,
            teamId: draft.teamId,
            type: "knowledge.updated",
            payload: {},
          });
        return { result: { reviewed, factId }, events };
      });
      // The engine's fact check reads published facts: a new one must count from the next message.
      if (result.factId !== null) ctx.engine.invalidateKnowledge();
      return { insight: presentInsight(result.reviewed) };
    },
  });

  register({
    method: "GET",
    url: "/knowledge/gaps",
    summary:
      "Questions agents could not answer, newest first, a page at a time, with how many there are (the team's leads, admins)",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { query: listGapsQuerySchema },
    response: listGapsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = ledTeams(principal, query.teamId);
      const { gaps, total, nextCursor } = await listKnowledgeGapPage(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        status: query.status,
        limit: query.limit,
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      });
      return { gaps: gaps.map(presentKnowledgeGap), total, nextCursor };
    },
  });

  register({
    method: "POST",
    url: "/knowledge/gaps/:id/resolve",
    summary: "Mark a knowledge gap resolved (the team's leads, admins)",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { params: loop2IdParamsSchema },
    response: gapResponseSchema,
    handler: async ({ principal, params }) => {
      const gap = await findKnowledgeGapById(ctx.store, principal.orgId, params.id);
      if (gap === null || !canReadTeam(principal, gap.teamId)) throw notFound("knowledge gap");
      if (!isLeadOf(principal, gap.teamId)) throw forbidden("Only a lead of this team may resolve its gaps");
      const resolved = await runCommand(ctx, async (tx) => ({
        result: await resolveKnowledgeGap(tx, { orgId: principal.orgId, id: gap.id }),
        events: [],
      }));
      return { gap: presentKnowledgeGap(resolved) };
    },
  });

  register({
    method: "GET",
    url: "/knowledge/gap-questions",
    summary:
      "The open knowledge gaps one row per question, each with how many times it was asked, a page at a time (the team's leads, admins)",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { query: listGapQuestionsQuerySchema },
    response: listGapQuestionsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = ledTeams(principal, query.teamId);
      const { questions, total, nextCursor } = await listOpenGapQuestions(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        limit: query.limit,
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      });
      return { questions: questions.map(presentGapQuestion), total, nextCursor };
    },
  });

  register({
    method: "GET",
    url: "/knowledge/answered-questions",
    summary:
      "The gaps published facts answered, one row per fact with each wording of its questions, a page at a time (the team's leads, admins)",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { query: listAnsweredGapQuestionsQuerySchema },
    response: listAnsweredGapQuestionsResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = ledTeams(principal, query.teamId);
      const { questions, total, nextCursor } = await listAnsweredGapQuestions(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        limit: query.limit,
        ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      });
      return { questions: questions.map(presentAnsweredGapQuestion), total, nextCursor };
    },
  });

  register({
    method: "POST",
    url: "/knowledge/gap-questions/:id/resolve",
    summary: "Resolve every open gap asking the question of a gap (the team's leads, admins)",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { params: loop2IdParamsSchema },
    response: resolveGapQuestionResponseSchema,
    handler: async ({ principal, params }) => {
      const gap = await findKnowledgeGapById(ctx.store, principal.orgId, params.id);
      if (gap === null || !canReadTeam(principal, gap.teamId)) throw notFound("knowledge gap");
      if (!isLeadOf(principal, gap.teamId)) throw forbidden("Only a lead of this team may resolve its gaps");
      const resolved = await runCommand(ctx, async (tx) => ({
        result: await resolveGapQuestion(tx, { orgId: principal.orgId, id: gap.id }),
        events: [],
      }));
      return { resolved };
    },
  });

  register({
    method: "GET",
    url: "/knowledge/search",
    summary: "Search the knowledge base: published facts and insights of my teams (full-text, stemmed)",
    tag: "knowledge-capture",
    auth: "person",
    schemas: { query: knowledgeSearchQuerySchema },
    response: knowledgeSearchResponseSchema,
    handler: async ({ principal, query }) => {
      const teamIds = scopeTeams(principal, query.teamId);
      const hits = await searchKnowledge(ctx.store, {
        orgId: principal.orgId,
        ...(teamIds !== undefined ? { teamIds } : {}),
        text: query.q,
      });
      return { hits };
    },
  });
}

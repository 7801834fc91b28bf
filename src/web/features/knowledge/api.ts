import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type gapResponseSchema,
  type listGapQuestionsResponseSchema,
  type resolveGapQuestionResponseSchema,
  type insightDraftResponseSchema,
  type insightResponseSchema,
  type knowledgeSearchResponseSchema,
  type listGapsResponseSchema,
  type listInsightsResponseSchema,
  type ReviewInsightBody,
} from "../../../protocol/index.ts";
import { apiClient } from "../../lib/api.ts";
import { getJson, postJson } from "../../lib/http.ts";

export const knowledgeKeys = {
  insights: ["insights"] as const,
  gaps: ["knowledge-gaps"] as const,
  answered: ["knowledge-gaps", "answered"] as const,
  facts: ["knowledge-gaps", "facts"] as const,
  search: ["knowledge-search"] as const,
};

export const knowledgeApi = {
  search: (q: string) =>
    getJson<z.infer<typeof knowledgeSearchResponseSchema>>(
      `${API_BASE_PATH}/knowledge/search?q=${encodeURIComponent(q)}`,
    ),
  insights: () => getJson<z.infer<typeof listInsightsResponseSchema>>(`${API_BASE_PATH}/insights`),
  review: (id: string, body: ReviewInsightBody) =>
    postJson<z.infer<typeof insightResponseSchema>>(
      `${API_BASE_PATH}/insights/${encodeURIComponent(id)}/review`,
      body,
    ),
  gaps: (status: "open" | "resolved" = "open") =>
    getJson<z.infer<typeof listGapsResponseSchema>>(`${API_BASE_PATH}/knowledge/gaps?status=${status}`),
  /** The open gaps one row per question, each counting every asking (the server groups them). */
  gapQuestions: () =>
    getJson<z.infer<typeof listGapQuestionsResponseSchema>>(`${API_BASE_PATH}/knowledge/gap-questions`),
  /** Resolves every open gap asking the question of gap `id`, in one request. */
  resolveGapQuestion: (id: string) =>
    postJson<z.infer<typeof resolveGapQuestionResponseSchema>>(
      `${API_BASE_PATH}/knowledge/gap-questions/${encodeURIComponent(id)}/resolve`,
    ),
  resolveGap: (id: string) =>
    postJson<z.infer<typeof gapResponseSchema>>(
      `${API_BASE_PATH}/knowledge/gaps/${encodeURIComponent(id)}/resolve`,
    ),
  /** tagteam's draft from the conversation, for the writer to complete (nothing is stored). */
  draft: (conversationId: string) =>
    getJson<z.infer<typeof insightDraftResponseSchema>>(
      `${API_BASE_PATH}/conversations/${encodeURIComponent(conversationId)}/insight-draft`,
    ),
  /** With no text, tagteam drafts the insight from the conversation. */
  capture: (conversationId: string, text?: string) =>
    postJson<z.infer<typeof insightResponseSchema>>(
      `${API_BASE_PATH}/conversations/${encodeURIComponent(conversationId)}/insights`,
      text === undefined ? {} : { text },
    ),
};

export const useKnowledgeSearch = (q: string) =>
  useQuery({
    queryKey: [...knowledgeKeys.search, q],
    queryFn: () => knowledgeApi.search(q).then((r) => r.hits),
    enabled: q.trim().length > 0,
  });
export const useInsights = () =>
  useQuery({
    queryKey: knowledgeKeys.insights,
    queryFn: () => knowledgeApi.insights().then((r) => r.insights),
  });
/** The open gaps' questions, most asked first (one row each, however many times asked). */
export const useGaps = (enabled: boolean) =>
  useQuery({
    queryKey: knowledgeKeys.gaps,
    queryFn: () => knowledgeApi.gapQuestions().then((r) => r.questions),
    enabled,
  });
/** Resolved gaps a published fact answered, with the facts (to say which answered each). */
export const useAnsweredGaps = (enabled: boolean) =>
  useQuery({
    queryKey: knowledgeKeys.answered,
    queryFn: () =>
      knowledgeApi.gaps("resolved").then((r) => r.gaps.filter((g) => g.answeredByFactId !== null)),
    enabled,
  });
export const useGapFacts = (enabled: boolean) =>
  useQuery({ queryKey: knowledgeKeys.facts, queryFn: () => apiClient.facts().then((r) => r.facts), enabled });

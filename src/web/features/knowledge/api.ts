import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type gapResponseSchema,
  type listAnsweredGapQuestionsResponseSchema,
  type listGapQuestionsResponseSchema,
  type resolveGapQuestionResponseSchema,
  type insightDraftResponseSchema,
  type insightResponseSchema,
  type knowledgeSearchResponseSchema,
  type listGapsResponseSchema,
  type listInsightsResponseSchema,
  type ReviewInsightBody,
} from "../../../protocol/index.ts";
import { getJson, postJson } from "../../lib/http.ts";

export const knowledgeKeys = {
  insights: ["insights"] as const,
  /** Every list of gaps (invalidating it refetches both below). */
  gaps: ["knowledge-gaps"] as const,
  /** The open questions, page by page. */
  open: ["knowledge-gaps", "open"] as const,
  /** The answered questions, page by page. */
  answered: ["knowledge-gaps", "answered"] as const,
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
  /** A page of gaps, newest first, with how many there are; the page's `nextCursor` gives the next. */
  gaps: (status: "open" | "resolved" = "open", cursor: string | null = null) =>
    getJson<z.infer<typeof listGapsResponseSchema>>(
      `${API_BASE_PATH}/knowledge/gaps?status=${status}${cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
    ),
  /** The open gaps one row per question, each counting every asking (the server groups them): a page. */
  gapQuestions: (cursor: string | null = null) =>
    getJson<z.infer<typeof listGapQuestionsResponseSchema>>(
      `${API_BASE_PATH}/knowledge/gap-questions${cursor === null ? "" : `?cursor=${encodeURIComponent(cursor)}`}`,
    ),
  /** The gaps published facts answered, one row per fact with its wordings: a page. */
  answeredQuestions: (cursor: string | null = null) =>
    getJson<z.infer<typeof listAnsweredGapQuestionsResponseSchema>>(
      `${API_BASE_PATH}/knowledge/answered-questions${cursor === null ? "" : `?cursor=${encodeURIComponent(cursor)}`}`,
    ),
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
/** The open gaps' questions, most asked first (one row each, however many times asked), a page at a time. */
export const useGaps = (enabled: boolean) =>
  useInfiniteQuery({
    queryKey: knowledgeKeys.open,
    queryFn: ({ pageParam }) => knowledgeApi.gapQuestions(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
/** What published facts answered, one row per fact with the fact's statement, a page at a time. */
export const useAnsweredGaps = (enabled: boolean) =>
  useInfiniteQuery({
    queryKey: knowledgeKeys.answered,
    queryFn: ({ pageParam }) => knowledgeApi.answeredQuestions(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });

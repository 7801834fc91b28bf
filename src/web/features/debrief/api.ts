import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type debriefResponseSchema,
  type listDebriefsResponseSchema,
  type UpdateDebriefBody,
} from "../../../protocol/index.ts";
import { getJson, putJson } from "../../lib/http.ts";

/** Debrief routes (loop 2) and their query hooks. */
export const debriefKeys = { all: ["debriefs"] as const };

/** How many cards the Debriefs page lists at a time ("Show older" for the next). */
export const DEBRIEFS_PAGE_SIZE = 100;

export const debriefApi = {
  list: (conversationId?: string) =>
    getJson<z.infer<typeof listDebriefsResponseSchema>>(
      `${API_BASE_PATH}/debriefs${conversationId ? `?conversationId=${encodeURIComponent(conversationId)}` : ""}`,
    ),
  /** Mine (and my teams', for a lead), newest first, the page after `after`. */
  page: (after: string | undefined) =>
    getJson<z.infer<typeof listDebriefsResponseSchema>>(
      `${API_BASE_PATH}/debriefs?${new URLSearchParams({
        limit: String(DEBRIEFS_PAGE_SIZE),
        ...(after !== undefined ? { after } : {}),
      }).toString()}`,
    ),
  save: (id: string, body: UpdateDebriefBody) =>
    putJson<z.infer<typeof debriefResponseSchema>>(
      `${API_BASE_PATH}/debriefs/${encodeURIComponent(id)}`,
      body,
    ),
};

/**
 * The cards, newest first, a page at a time: `fetchNextPage` loads older ones (the list stopped at
 * the newest 200, and an agent has more within a few months).
 */
export const useDebriefs = () =>
  useInfiniteQuery({
    queryKey: [...debriefKeys.all, "list"],
    queryFn: ({ pageParam }) => debriefApi.page(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
    select: (data) => data.pages.flatMap((p) => p.debriefs),
  });

/** The other cards of the same conversation (the helper's, for the agent), each as its reader may see. */
export const useConversationDebriefs = (conversationId: string | undefined) =>
  useQuery({
    queryKey: [...debriefKeys.all, "conversation", conversationId ?? ""],
    queryFn: () => debriefApi.list(conversationId).then((r) => r.debriefs),
    enabled: conversationId !== undefined,
  });

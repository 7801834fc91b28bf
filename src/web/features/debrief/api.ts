import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Debrief } from "../../../protocol/index.ts";
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
  one: (id: string) =>
    getJson<z.infer<typeof debriefResponseSchema>>(`${API_BASE_PATH}/debriefs/${encodeURIComponent(id)}`),
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

/**
 * The card a `/debriefs/<id>` link names: from the cards loaded so far, else read on its own once
 * the first page is in (it may be older than the pages loaded, which showed the newest card instead).
 * `missing` holds why it could not be read (not found, or not the caller's to read).
 */
export function useLinkedDebrief(
  selectedId: string | undefined,
  cards: Debrief[],
  listLoaded: boolean,
): { card: Debrief | undefined; loading: boolean; missing: unknown } {
  const listed = selectedId === undefined ? undefined : cards.find((d) => d.id === selectedId);
  const wanted = selectedId !== undefined && listed === undefined && listLoaded ? selectedId : undefined;
  const one = useQuery({
    queryKey: [...debriefKeys.all, "one", wanted ?? ""],
    queryFn: () => debriefApi.one(wanted ?? "").then((r) => r.debrief),
    enabled: wanted !== undefined,
  });
  if (listed !== undefined) return { card: listed, loading: false, missing: null };
  if (wanted === undefined) return { card: undefined, loading: selectedId !== undefined, missing: null };
  return { card: one.data, loading: one.isLoading, missing: one.isError ? one.error : null };
}

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type calibrationResponseSchema,
  type DisputeScorecardBody,
  type disputeResponseSchema,
  type listDisputesResponseSchema,
  type ResolveDisputeBody,
  type resolveDisputeResponseSchema,
  type listScorecardsResponseSchema,
  type ReviewScorecardBody,
  type scorecardResponseSchema,
} from "../../../protocol/index.ts";
import { getJson, postJson } from "../../lib/http.ts";

export const qaKeys = { all: ["scorecards"] as const };

/** Which scorecards the list shows: one agent's, and reviewed or still to review (all when omitted). */
export interface ScorecardFilter {
  agentId?: string;
  reviewed?: boolean;
}

/** How many scorecards a page of the QA page's list holds. */
export const SCORECARDS_PAGE_SIZE = 50;

export const qaApi = {
  /** A page of cards, newest first: the one after `after` (a previous page's `nextAfter`). */
  list: (filter: ScorecardFilter = {}, page: { limit?: number; after?: string } = {}) => {
    const q = new URLSearchParams();
    if (filter.agentId !== undefined) q.set("agentId", filter.agentId);
    if (filter.reviewed !== undefined) q.set("reviewed", String(filter.reviewed));
    if (page.limit !== undefined) q.set("limit", String(page.limit));
    if (page.after !== undefined) q.set("after", page.after);
    const qs = q.toString();
    return getJson<z.infer<typeof listScorecardsResponseSchema>>(
      `${API_BASE_PATH}/scorecards${qs === "" ? "" : `?${qs}`}`,
    );
  },
  /** The conversation's agent card, or with `personId` a helper's card for their part. */
  one: (conversationId: string, personId?: string) =>
    getJson<z.infer<typeof scorecardResponseSchema>>(
      `${API_BASE_PATH}/conversations/${encodeURIComponent(conversationId)}/scorecard${
        personId === undefined ? "" : `?personId=${encodeURIComponent(personId)}`
      }`,
    ),
  review: (conversationId: string, body: ReviewScorecardBody) =>
    postJson<z.infer<typeof scorecardResponseSchema>>(
      `${API_BASE_PATH}/conversations/${encodeURIComponent(conversationId)}/scorecard/review`,
      body,
    ),
  calibration: () =>
    getJson<z.infer<typeof calibrationResponseSchema>>(`${API_BASE_PATH}/scorecards/calibration`),
  /** Dispute a score on my own card of the conversation (an item, or the whole card). */
  dispute: (conversationId: string, body: DisputeScorecardBody) =>
    postJson<z.infer<typeof disputeResponseSchema>>(
      `${API_BASE_PATH}/conversations/${encodeURIComponent(conversationId)}/scorecard/disputes`,
      body,
    ),
  /** Open disputes: a lead's teams', an agent's own. */
  disputes: () =>
    getJson<z.infer<typeof listDisputesResponseSchema>>(`${API_BASE_PATH}/scorecards/disputes?status=open`),
  resolve: (disputeId: string, body: ResolveDisputeBody) =>
    postJson<z.infer<typeof resolveDisputeResponseSchema>>(
      `${API_BASE_PATH}/scorecards/disputes/${encodeURIComponent(disputeId)}/resolve`,
      body,
    ),
};

/** The open disputes a lead resolves (the QA page's queue). */
export const useOpenDisputes = (enabled: boolean) =>
  useQuery({ queryKey: [...qaKeys.all, "disputes"], queryFn: () => qaApi.disputes(), enabled });

/** The cards, newest first, a page at a time: `fetchNextPage` loads older ones. */
export const useScorecards = (filter: ScorecardFilter = {}) =>
  useInfiniteQuery({
    queryKey: [...qaKeys.all, "list", filter.agentId ?? "", filter.reviewed ?? ""],
    queryFn: ({ pageParam }) =>
      qaApi.list(filter, {
        limit: SCORECARDS_PAGE_SIZE,
        ...(pageParam !== undefined ? { after: pageParam } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
    select: (data) => data.pages.flatMap((p) => p.scorecards),
  });
/** Where a card is: its conversation, and for a helper's card the helper. */
export interface CardRef {
  conversationId: string;
  helperId?: string;
}

/** A card's address on the QA page: /qa/<conversation>, and ?person=<helper> for a helper's card. */
export const cardHref = (card: { conversationId: string; role: string; agentId: string | null }) =>
  `/qa/${card.conversationId}${card.role === "helper" && card.agentId !== null ? `?person=${encodeURIComponent(card.agentId)}` : ""}`;

/**
 * A dispute's place: its card (the person's, as agent or as helper), opened at the disputed item
 * (`?dispute=`), so a lead from the queue or a toast lands on what is contested, not the card's top.
 */
export const disputeHref = (d: { conversationId: string; personId: string; id: string }, helper: boolean) => {
  const params = new URLSearchParams({ ...(helper ? { person: d.personId } : {}), dispute: d.id });
  return `/qa/${d.conversationId}?${params.toString()}`;
};

export const useScorecard = (ref: CardRef | undefined) =>
  useQuery({
    queryKey: [...qaKeys.all, "one", ref?.conversationId ?? "", ref?.helperId ?? ""],
    queryFn: () => qaApi.one(ref?.conversationId ?? "", ref?.helperId).then((r) => r.scorecard),
    enabled: ref !== undefined,
  });
export const useCalibration = (enabled: boolean) =>
  useQuery({ queryKey: [...qaKeys.all, "calibration"], queryFn: () => qaApi.calibration(), enabled });

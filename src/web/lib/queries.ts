import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
} from "@tanstack/react-query";
import type { InterventionKind } from "../../protocol/resources.ts";
import {
  apiClient,
  type AuditFilters,
  type ConversationFilters,
  type HistoryFilters,
  type InterventionsFilter,
} from "./api.ts";

/** Query keys, one place: the realtime provider invalidates by these prefixes. */
export const queryKeys = {
  me: ["me"] as QueryKey,
  teams: ["teams"] as QueryKey,
  people: ["people"] as QueryKey,
  conversations: ["conversations"] as QueryKey,
  conversation: (id: string): QueryKey => ["conversation", id],
  alerts: ["alerts"] as QueryKey,
  interventions: ["interventions"] as QueryKey,
  commitments: ["commitments"] as QueryKey,
  facts: ["facts"] as QueryKey,
  protocol: ["protocol"] as QueryKey,
  engineSettings: ["engine-settings"] as QueryKey,
  tokens: ["tokens"] as QueryKey,
  deliveries: ["deliveries"] as QueryKey,
  audit: ["audit"] as QueryKey,
  llm: ["llm"] as QueryKey,
};

/**
 * Whether a query failed with nothing to show yet. A refresh that failed (the server restarting, a
 * laptop waking) keeps the data it had: the page goes on showing it under the offline banner rather
 * than an error in its place. Mutations keep their own error.
 */
export function loadFailed<Q extends { isError: boolean; data: unknown }>(
  q: Q,
): q is Extract<Q, { isError: true; data: undefined }> {
  return q.isError && q.data === undefined;
}

export const useMe = () =>
  useQuery({
    queryKey: queryKeys.me,
    queryFn: () => apiClient.me().then((r) => r.me),
    retry: false,
    staleTime: 60_000,
  });
export const useTeams = () =>
  useQuery({ queryKey: queryKeys.teams, queryFn: () => apiClient.teams().then((r) => r.teams) });
/** Who is present (tagteam open) changes without an event: read again each minute while shown. */
export const PEOPLE_REFRESH_MS = 60_000;
export const usePeople = () =>
  useQuery({
    queryKey: queryKeys.people,
    queryFn: () => apiClient.people().then((r) => r.people),
    refetchInterval: PEOPLE_REFRESH_MS,
  });
export const useConversations = (f: ConversationFilters) =>
  useQuery({
    queryKey: [...queryKeys.conversations, f],
    queryFn: () => apiClient.conversations(f).then((r) => r.conversations),
    placeholderData: (prev) => prev,
  });
/**
 * One conversation. No polling (but for a reply on its way out, below): the view joins the conversation's room, whose `message.received`
 * hints invalidate this query (see realtime/invalidation.ts); a reconnect refetches everything.
 */
export const useConversation = (id: string | undefined) =>
  useQuery({
    queryKey: queryKeys.conversation(id ?? ""),
    queryFn: () => apiClient.conversation(id ?? "").then((r) => r.conversation),
    enabled: id !== undefined && id !== "",
    // A reply waiting to reach Chatwoot or the helpdesk: no event says it got there (a failure
    // does, reply.undelivered), so the view looks again every few seconds until none waits.
    refetchInterval: (query) =>
      query.state.data?.messages.some((m) => m.delivery?.state === "waiting") === true
        ? REPLY_DELIVERY_POLL_MS
        : false,
  });
/** How often a conversation with a reply on its way to Chatwoot or the helpdesk is read again. */
export const REPLY_DELIVERY_POLL_MS = 3_000;
export const useAlerts = (scope: "mine" | "team") =>
  useQuery({
    queryKey: [...queryKeys.alerts, scope],
    queryFn: () => apiClient.alerts(scope).then((r) => r.alerts),
  });
/**
 * Of these alerts (at most ALERT_IDS_MAX), those still open with me as their helper, or waiting in
 * the queue of a team I lead (its leads were told of it); not asked for when there are none.
 */
export const useMyOpenAlertsAmong = (ids: readonly string[]) =>
  useQuery({
    queryKey: [...queryKeys.alerts, "mine", "among", ids],
    queryFn: () => apiClient.alerts("mine", ids).then((r) => r.alerts),
    enabled: ids.length > 0,
  });
/** How the team's alerts turned out over the last `days` (leads and admins). */
export const useAlertOutcomes = (days: number, enabled: boolean) =>
  useQuery({
    queryKey: [...queryKeys.alerts, "outcomes", days],
    queryFn: () => apiClient.alertOutcomes(days),
    enabled,
  });
export const useInterventions = (
  scope: "mine" | "team",
  kind?: InterventionKind,
  status: "active" | "recent" | "all" = "active",
  enabled = true,
  filter: InterventionsFilter = {},
) =>
  useQuery({
    queryKey: [...queryKeys.interventions, scope, kind ?? "any", status, filter],
    queryFn: () => apiClient.interventions(scope, kind, status, filter).then((r) => r.interventions),
    enabled,
    // Asking for more (the queue's "Show older") keeps the list on screen until they come.
    placeholderData: keepPreviousData,
  });
export const useCommitments = () =>
  useQuery({
    queryKey: queryKeys.commitments,
    queryFn: () => apiClient.commitments().then((r) => r.commitments),
  });
/** Whether the server has the optional language model: fixed until it restarts, so read once. */
export const useLlmStatus = () =>
  useQuery({ queryKey: queryKeys.llm, queryFn: () => apiClient.llmStatus(), staleTime: Infinity });
export const useFacts = () =>
  useQuery({ queryKey: queryKeys.facts, queryFn: () => apiClient.facts().then((r) => r.facts) });
export const useEscalationProtocol = (teamId: string | undefined) =>
  useQuery({
    queryKey: [...queryKeys.protocol, teamId],
    queryFn: () => apiClient.escalationProtocol(teamId ?? "").then((r) => r.protocol),
    enabled: teamId !== undefined,
  });
export const useEngineSettings = (teamId: string | undefined) =>
  useQuery({
    queryKey: [...queryKeys.engineSettings, teamId],
    queryFn: () => apiClient.engineSettings(teamId ?? "").then((r) => r.settings),
    enabled: teamId !== undefined,
  });
export const useTokens = () =>
  useQuery({ queryKey: queryKeys.tokens, queryFn: () => apiClient.tokens().then((r) => r.tokens) });

/** How often the admin's view of the deliveries out refreshes: no event announces their progress. */
export const DELIVERIES_REFRESH_MS = 10_000;

/** Deliveries out (admins): each integration's progress and the dead letters; polled while shown. */
export const useDeliveries = (enabled: boolean) =>
  useQuery({
    queryKey: queryKeys.deliveries,
    queryFn: () => apiClient.deliveries(),
    enabled,
    refetchInterval: DELIVERIES_REFRESH_MS,
  });

/** How many audit entries a page of the admin's audit log holds. */
export const AUDIT_PAGE_SIZE = 50;

export const HISTORY_PAGE_SIZE = 50;

/** The conversation history, newest first by start, a page at a time (`fetchNextPage` loads older ones). */
export const useConversationHistory = (filters: HistoryFilters) =>
  useInfiniteQuery({
    // Not under queryKeys.conversations: the floor's live invalidations would refetch every page.
    queryKey: ["conversation-history", filters],
    queryFn: ({ pageParam }) =>
      apiClient.conversationHistory(filters, {
        limit: HISTORY_PAGE_SIZE,
        ...(pageParam !== undefined ? { after: pageParam } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
  });

/**
 * The audit log (admins), newest first, a page at a time: `fetchNextPage` loads the older ones.
 * No event announces new entries; the page refetches when asked, or when shown again.
 */
export const useAuditLog = (filters: AuditFilters, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: [...queryKeys.audit, filters],
    queryFn: ({ pageParam }) =>
      apiClient.audit(filters, {
        limit: AUDIT_PAGE_SIZE,
        ...(pageParam !== undefined ? { before: pageParam } : {}),
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled,
  });

/**
 * Sends a dead letter again. The list is refetched whether it went out or failed again (its
 * attempts count on); calls for different dead letters may run at once.
 */
export function useRetryDelivery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiClient.retryDelivery(id),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.deliveries }),
  });
}

/**
 * A mutation that refetches the given queries when it succeeds (the realtime hint would do it too,
 * but the actor should see their own change at once).
 */
export function useAction<A extends unknown[], R>(run: (...args: A) => Promise<R>, refresh: QueryKey[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: A) => run(...args),
    onSuccess: () => Promise.all(refresh.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}

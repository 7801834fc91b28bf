import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { TagteamEvent } from "../../protocol/events.ts";
import type { ConversationSummary } from "../../protocol/resources.ts";
import { queryKeys } from "../lib/queries.ts";

/** Which cached queries an event makes stale. Events are hints: the refetch goes through HTTP. */
export function keysForEvent(event: TagteamEvent): QueryKey[] {
  const cid = event.conversationId ?? event.data.conversationId ?? null;
  const conv: QueryKey[] = cid !== null ? [queryKeys.conversation(cid)] : [];
  const [thing] = event.type.split(".");
  switch (thing) {
    case "conversation":
    case "message":
      return [queryKeys.conversations, ...conv];
    case "alert":
      return [queryKeys.alerts, queryKeys.conversations, ...conv];
    case "signal":
    case "whisper":
    case "takeover":
    case "transfer":
    case "escalation":
    case "hand":
      return [queryKeys.interventions, queryKeys.conversations, ...conv];
    case "commitment":
      return [queryKeys.commitments, ...conv];
    case "person":
      return [queryKeys.people, queryKeys.me];
    case "knowledge":
      return [queryKeys.facts];
    default:
      return [];
  }
}

/** Patches the figures an event carries (risk) straight into cached floor lists, before the refetch lands. */
export function patchFloorFromEvent(client: QueryClient, event: TagteamEvent): void {
  const cid = event.conversationId ?? event.data.conversationId;
  const risk = event.data.risk;
  if (cid === undefined || cid === null || risk === undefined) return;
  client.setQueriesData<ConversationSummary[]>({ queryKey: queryKeys.conversations }, (old) => {
    if (!Array.isArray(old)) return old;
    let changed = false;
    const next = old.map((c) => {
      if (c.id !== cid || c.risk === risk) return c;
      changed = true;
      return { ...c, risk };
    });
    return changed ? next : old;
  });
}

/**
 * Coalesces invalidations: a burst of events for the same query becomes one refetch per window,
 * so 500 busy conversations do not turn into 500 requests a second.
 */
export function createInvalidationScheduler(client: QueryClient, windowMs: number) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const keys = [...pending.values()];
    pending.clear();
    for (const queryKey of keys) void client.invalidateQueries({ queryKey });
  };
  return {
    schedule(keys: QueryKey[]) {
      for (const k of keys) pending.set(JSON.stringify(k), k);
      if (timer === null && pending.size > 0) timer = setTimeout(flush, windowMs);
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      pending.clear();
    },
  };
}

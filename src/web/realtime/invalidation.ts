import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { TagteamEvent } from "../../protocol/events.ts";
import { customerEmotionSchema, type ConversationSummary } from "../../protocol/resources.ts";
import { huddleKeys } from "../features/huddles/api.ts";
import { incidentKeys } from "../features/incidents/api.ts";
import { practiceKeys } from "../features/practice/api.ts";
import { pulseKeys } from "../features/pulses/api.ts";
import { skillKeys } from "../features/skills/api.ts";
import { queryKeys } from "../lib/queries.ts";

/** Which cached queries an event makes stale. Events are hints: the refetch goes through HTTP. */
export function keysForEvent(event: TagteamEvent): QueryKey[] {
  const cid = event.conversationId ?? event.data.conversationId ?? null;
  const conv: QueryKey[] = cid !== null ? [queryKeys.conversation(cid)] : [];
  const [thing] = event.type.split(".");
  switch (thing) {
    case "conversation":
      // Closed, reopened or erased, its waiting escalations and offers leave or rejoin the queues.
      return event.type === "conversation.closed" ||
        event.type === "conversation.reopened" ||
        event.type === "conversation.erased"
        ? [queryKeys.conversations, queryKeys.interventions, queryKeys.alerts, ...conv]
        : [queryKeys.conversations, ...conv];
    case "message":
      // `message.received` comes once per ingest group on the conversation's room only: it refreshes
      // the transcript on screen. The floor list follows its own risk hints, so it is not refetched.
      return conv;
    case "reply":
      // To the teammate who replied: on its way out, or never delivered (the transcript says so).
      return conv;
    case "alert":
      return [queryKeys.alerts, queryKeys.conversations, ...conv];
    case "signal":
    case "whisper":
    case "takeover":
    case "transfer":
    case "escalation":
    case "hand":
    case "intervention":
      return [queryKeys.interventions, queryKeys.conversations, ...conv];
    case "commitment":
      return [queryKeys.commitments, ...conv];
    case "person":
      return [queryKeys.people, queryKeys.me];
    case "knowledge":
      return [queryKeys.facts];
    case "engine_settings":
      // The teams carry the waits their floor and console call long.
      return [queryKeys.engineSettings, queryKeys.teams];
    case "incident":
      return [incidentKeys.all];
    case "drill": {
      // Addressed to a player of the drill (or the lead who commented): a line changes the drill
      // alone; a start, swap, end or comment also shows in the drill lists (status, score).
      const sessionId = event.data.sessionId;
      if (event.type === "drill.line_said" && sessionId !== undefined)
        return [practiceKeys.session(sessionId)];
      return [practiceKeys.sessions];
    }
    case "pulse":
      // To the team's room, opened or closed (early by a lead, or at its time by the sweeper): a
      // member's prompt appears or leaves, and a lead's section shows the open one or its results.
      return [pulseKeys.all];
    case "huddle":
      // To the champion named: the huddle agendas they have open show it.
      return [huddleKeys.all];
    case "pairing":
      // To the mentor and the mentee: their own skill map lists the pairings around them.
      return event.personId !== null ? [[...skillKeys.all, "map", event.personId]] : [];
    default:
      return [];
  }
}

/** What a floor row shows from the engine's reading, as an event carries it. */
type FloorPatch = Pick<ConversationSummary, "risk"> &
  Partial<Pick<ConversationSummary, "customerEmotion" | "frustration">>;

/**
 * The reading an event carries for its conversation, if any: its risk, and with it (floor hints)
 * the customer's state and frustration from the same moment.
 */
function readingOf(event: TagteamEvent): [string, FloorPatch] | null {
  const cid = event.conversationId ?? event.data.conversationId;
  const { risk, frustration } = event.data;
  if (cid === undefined || cid === null || risk === undefined) return null;
  const emotion = customerEmotionSchema.safeParse(event.data.customerEmotion);
  return [
    cid,
    {
      risk,
      ...(frustration !== undefined ? { frustration } : {}),
      ...(emotion.success ? { customerEmotion: emotion.data } : {}),
    },
  ];
}

/** Patches the figures an event carries (risk, the customer's state) straight into cached floor lists, before the refetch lands. */
export function patchFloorFromEvent(client: QueryClient, event: TagteamEvent): void {
  const r = readingOf(event);
  if (r !== null) patchFloorReadings(client, new Map([r]));
}

/**
 * Applies many conversations' new readings to every cached floor list in one update. The risk
 * alone was patched: a row showed the risk of the newest message beside the customer's state and
 * frustration of an older one, and its conversation's page disagreed with it.
 */
export function patchFloorReadings(client: QueryClient, readings: ReadonlyMap<string, FloorPatch>): void {
  if (readings.size === 0) return;
  client.setQueriesData<ConversationSummary[]>({ queryKey: queryKeys.conversations }, (old) => {
    if (!Array.isArray(old)) return old;
    let changed = false;
    const next = old.map((c) => {
      const patch = readings.get(c.id);
      if (patch === undefined) return c;
      const same =
        c.risk === patch.risk &&
        (patch.frustration === undefined || c.frustration === patch.frustration) &&
        (patch.customerEmotion === undefined || c.customerEmotion === patch.customerEmotion);
      if (same) return c;
      changed = true;
      return { ...c, ...patch };
    });
    return changed ? next : old;
  });
}

/** Collects the readings events carry and patches them into the floor once per window. */
export function createPatchBatcher(client: QueryClient, windowMs: number) {
  const pending = new Map<string, FloorPatch>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    add(event: TagteamEvent) {
      const r = readingOf(event);
      if (r === null) return;
      pending.set(r[0], r[1]);
      if (timer === null)
        timer = setTimeout(() => {
          timer = null;
          const batch = new Map(pending);
          pending.clear();
          patchFloorReadings(client, batch);
        }, windowMs);
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
      pending.clear();
    },
  };
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

/** How long each kind of refetch waits to coalesce a burst of events. */
export interface RefetchWindows {
  /** Queries other than the floor list (the open conversation, alerts, interventions…). */
  detailMs: number;
  /** The floor list, the expensive refetch. */
  floorMs: number;
  /** Risk patches into cached floor lists. */
  patchMs: number;
}

/**
 * Turns each realtime event into the cache work it implies: the risk it carries is patched into the
 * floor at once, and the queries it concerns are invalidated (coalesced per window) so they refetch
 * through the authorised HTTP API.
 */
export function createEventRouter(client: QueryClient, windows: RefetchWindows) {
  const detail = createInvalidationScheduler(client, windows.detailMs);
  const floor = createInvalidationScheduler(client, windows.floorMs);
  const patches = createPatchBatcher(client, windows.patchMs);
  return {
    route(event: TagteamEvent) {
      patches.add(event);
      const keys = keysForEvent(event);
      floor.schedule(keys.filter((k) => k[0] === "conversations"));
      detail.schedule(keys.filter((k) => k[0] !== "conversations"));
    },
    dispose() {
      detail.dispose();
      floor.dispose();
      patches.dispose();
    },
  };
}

import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TagteamEvent } from "../../protocol/events.ts";
import type { ConversationSummary } from "../../protocol/resources.ts";
import { queryKeys } from "../lib/queries.ts";
import { buildSummary } from "../testing/factories.ts";
import { createEventRouter, keysForEvent, patchFloorFromEvent } from "./invalidation.ts";

const event = (overrides: Partial<TagteamEvent>): TagteamEvent => ({
  id: "1",
  type: "conversation.updated",
  teamId: "t1",
  conversationId: "c1",
  personId: null,
  data: {},
  at: "2026-03-02T10:00:00Z",
  ...overrides,
});

describe("realtime invalidation", () => {
  it("maps events to the queries they make stale", () => {
    expect(keysForEvent(event({ type: "conversation.updated" }))).toEqual([
      queryKeys.conversations,
      ["conversation", "c1"],
    ]);
    // A conversation that ended (or came back) also changes the escalation queue and the alerts.
    for (const type of ["conversation.closed", "conversation.reopened"] as const)
      expect(keysForEvent(event({ type }))).toEqual([
        queryKeys.conversations,
        queryKeys.interventions,
        queryKeys.alerts,
        ["conversation", "c1"],
      ]);
    expect(keysForEvent(event({ type: "whisper.sent" }))).toEqual([
      queryKeys.interventions,
      queryKeys.conversations,
      ["conversation", "c1"],
    ]);
    expect(
      keysForEvent(event({ type: "alert.raised", conversationId: null, data: { conversationId: "c2" } })),
    ).toEqual([queryKeys.alerts, queryKeys.conversations, ["conversation", "c2"]]);
    // An alert that expired (nobody acknowledged it in time) refetches the helper's queue, which drops it.
    expect(keysForEvent(event({ type: "alert.expired" }))).toEqual([
      queryKeys.alerts,
      queryKeys.conversations,
      ["conversation", "c1"],
    ]);
    // Every incident event refreshes the team's banners (incidents are team-wide, not per conversation).
    for (const type of ["incident.opened", "incident.updated", "incident.resolved"] as const)
      expect(keysForEvent(event({ type, conversationId: null, data: { incidentId: "i1" } }))).toEqual([
        ["incidents"],
      ]);
    // The teams carry the waits their floor and console call long.
    expect(keysForEvent(event({ type: "engine_settings.updated", conversationId: null }))).toEqual([
      queryKeys.engineSettings,
      queryKeys.teams,
    ]);
    expect(keysForEvent(event({ type: "knowledge.updated", conversationId: null }))).toEqual([
      queryKeys.facts,
    ]);
    // New messages refresh the conversation on screen only; the floor list has its own hints.
    expect(
      keysForEvent(event({ type: "message.received", data: { conversationId: "c1", messageIndex: 3 } })),
    ).toEqual([["conversation", "c1"]]);
  });

  it("refetches the employee pulses on a pulse opened or closed, early or at its time", () => {
    // To the team's room: the member's prompt and the lead's section both read under ["pulses"].
    for (const type of ["pulse.opened", "pulse.closed"] as const)
      expect(
        keysForEvent(event({ type, teamId: "t1", conversationId: null, data: { pulseId: "u1" } })),
      ).toEqual([["pulses"]]);
  });

  it("invalidates a member's prompt and a lead's section when a pulse closes, and nothing else", async () => {
    vi.useFakeTimers();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const fetched: string[] = [];
    const watch = (queryKey: readonly unknown[]) => {
      const observer = new QueryObserver(client, {
        queryKey,
        queryFn: () => {
          fetched.push(JSON.stringify(queryKey));
          return Promise.resolve(fetched.length);
        },
        staleTime: Infinity,
      });
      return observer.subscribe(() => undefined);
    };
    const unsubscribe = [
      watch(["pulses", "mine"]),
      watch(["pulses", "team", "t1"]),
      watch(["practice", "sessions"]),
    ];
    await vi.runAllTimersAsync();
    fetched.length = 0;
    const router = createEventRouter(client, { detailMs: 300, floorMs: 2000, patchMs: 250 });
    router.route(
      event({ type: "pulse.closed", teamId: "t1", conversationId: null, data: { pulseId: "u1" } }),
    );
    await vi.advanceTimersByTimeAsync(300);
    expect(fetched.sort()).toEqual(['["pulses","mine"]', '["pulses","team","t1"]']);
    router.dispose();
    for (const u of unsubscribe) u();
    client.clear();
    vi.useRealTimers();
  });

  it("refetches the drill a partner wrote in, and a mentor's or mentee's own skill map", () => {
    const drill = (type: TagteamEvent["type"]) =>
      keysForEvent(
        event({ type, teamId: null, conversationId: null, personId: "p1", data: { sessionId: "s1" } }),
      );
    // A line changes that drill only; the other steps also show in the drill lists.
    expect(drill("drill.line_said")).toEqual([["practice", "sessions", "one", "s1"]]);
    for (const type of [
      "drill.partner_joined",
      "drill.roles_swapped",
      "drill.ended",
      "drill.commented",
    ] as const)
      expect(drill(type)).toEqual([["practice", "sessions"]]);
    // A pairing refreshes the addressee's own map (another person's map would be a read the audit log records).
    for (const type of ["pairing.agreed", "pairing.ended"] as const)
      expect(
        keysForEvent(
          event({ type, teamId: null, conversationId: null, personId: "p1", data: { pairingId: "x" } }),
        ),
      ).toEqual([["skills", "map", "p1"]]);
  });

  it("patches the risk an event carries into every cached floor list", () => {
    const client = new QueryClient();
    const rows = [buildSummary({ id: "c1", risk: 0.1 }), buildSummary({ id: "c2", risk: 0.2 })];
    client.setQueryData([...queryKeys.conversations, { status: "open" }], rows);
    patchFloorFromEvent(client, event({ data: { conversationId: "c1", risk: 0.8 } }));
    const after = client.getQueryData<typeof rows>([...queryKeys.conversations, { status: "open" }]);
    expect(after?.map((c) => c.risk)).toEqual([0.8, 0.2]);
    expect(after?.[1]).toBe(rows[1]);
  });

  it("patches the customer's state and frustration a floor hint carries with its risk, from one reading", () => {
    const client = new QueryClient();
    const key = [...queryKeys.conversations, { status: "open" }];
    client.setQueryData(key, [
      buildSummary({ id: "c1", risk: 0.15, customerEmotion: "neutral", frustration: 0.36 }),
    ]);
    patchFloorFromEvent(
      client,
      event({
        type: "conversation.updated",
        data: { conversationId: "c1", risk: 0.15, customerEmotion: "frustrated", frustration: 0.3 },
      }),
    );
    const [row] = client.getQueryData<ConversationSummary[]>(key) ?? [];
    expect([row?.risk, row?.customerEmotion, row?.frustration]).toEqual([0.15, "frustrated", 0.3]);
  });
});

describe("realtime event router", () => {
  const windows = { detailMs: 300, floorMs: 2_000, patchMs: 250 };
  const received = (conversationId: string, messageIndex: number) =>
    event({ type: "message.received", conversationId, data: { conversationId, messageIndex } });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** A client with conversation c1 open on screen (an active query, fetched once) and c2 and the floor cached. */
  async function openConversation() {
    vi.useFakeTimers();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    let fetches = 0;
    const observer = new QueryObserver(client, {
      queryKey: queryKeys.conversation("c1"),
      queryFn: () => {
        fetches += 1;
        return Promise.resolve({ id: "c1", fetch: fetches });
      },
    });
    const unsubscribe = observer.subscribe(() => undefined);
    await vi.waitFor(() => expect(observer.getCurrentResult().status).toBe("success"));
    client.setQueryData(queryKeys.conversation("c2"), { id: "c2" });
    client.setQueryData([...queryKeys.conversations, { status: "open" }], [buildSummary({ id: "c1" })]);
    const router = createEventRouter(client, windows);
    return {
      client,
      router,
      fetches: () => fetches,
      close() {
        router.dispose();
        unsubscribe();
        client.clear();
      },
    };
  }

  it("refetches the open conversation when a message.received hint for it arrives", async () => {
    const open = await openConversation();
    expect(open.fetches()).toBe(1);
    open.router.route(received("c1", 4));
    open.router.route(received("c1", 5));
    await vi.advanceTimersByTimeAsync(windows.detailMs);
    // Both hints coalesce into one refetch of the open conversation.
    await vi.waitFor(() => expect(open.fetches()).toBe(2));
    expect(open.client.getQueryData(queryKeys.conversation("c1"))).toEqual({ id: "c1", fetch: 2 });
    await vi.advanceTimersByTimeAsync(windows.floorMs);
    expect(open.client.getQueryState([...queryKeys.conversations, { status: "open" }])?.isInvalidated).toBe(
      false,
    );
    expect(open.client.getQueryState(queryKeys.conversation("c2"))?.isInvalidated).toBe(false);
    open.close();
  });

  it("leaves the open conversation alone when the hint is for another conversation", async () => {
    const open = await openConversation();
    open.router.route(received("c2", 9));
    await vi.advanceTimersByTimeAsync(windows.floorMs);
    expect(open.client.getQueryState(queryKeys.conversation("c2"))?.isInvalidated).toBe(true);
    expect(open.client.getQueryState(queryKeys.conversation("c1"))?.isInvalidated).toBe(false);
    expect(open.fetches()).toBe(1);
    open.close();
  });
});

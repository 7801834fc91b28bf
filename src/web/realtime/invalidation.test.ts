import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { TagteamEvent } from "../../protocol/events.ts";
import { queryKeys } from "../lib/queries.ts";
import { buildSummary } from "../testing/factories.ts";
import { keysForEvent, patchFloorFromEvent } from "./invalidation.ts";

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
    expect(keysForEvent(event({ type: "knowledge.updated", conversationId: null }))).toEqual([
      queryKeys.facts,
    ]);
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
});

/**
 * When a conversation changes hands, its open alerts (asking teammates to help the agent who had it)
 * are settled. Walking loop 1: Ana handed her conversation to Lee by warm transfer, and Lee's Alerts
 * page still asked him to help Ana on the conversation he now handled, until it closed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, wrongReturnWindow, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function alertedConversation(key: string) {
  const { conversationId, alertId } = await wrongReturnWindow(world, key);
  const alert = (await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })).json()
    .alert as { helperId: string };
  return { conversationId, alertId, helperId: alert.helperId };
}

const alertStatus = async (alertId: string) =>
  (
    (await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })).json().alert as {
      status: string;
    }
  ).status;

const loadOf = async (personId: string) =>
  Number(
    (await world.store.query(`SELECT current_load FROM people WHERE id = $1`, [personId]))[0]!.current_load,
  );

const eventsFor = async (alertId: string) =>
  (
    await world.store.query(
      `SELECT type, person_id FROM events WHERE payload->>'alertId' = $1 AND type IN ('alert.resolved', 'alert.expired') ORDER BY id`,
      [alertId],
    )
  ).map((r) => [r.type, r.person_id]);

const nameOf = (personId: string) =>
  (Object.keys(world.people) as (keyof World["people"])[]).find((k) => world.people[k].id === personId)!;

describe("a conversation handed to a teammate", () => {
  it("by warm transfer to the alert's helper: their alert is answered, and their load freed", async () => {
    const { conversationId, alertId, helperId } = await alertedConversation("handover-transfer-helper");
    const before = await loadOf(helperId);
    const moved = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/transfer`,
      as: "agentA",
      payload: { toPersonId: helperId },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    expect(await alertStatus(alertId)).toBe("acted_on");
    expect(await loadOf(helperId)).toBe(before - 1);
    // Its helper hears it, and so does everyone else who may read it (the rooms' copy).
    expect(await eventsFor(alertId)).toEqual([
      ["alert.resolved", helperId],
      ["alert.resolved", null],
    ]);
  });

  it("by warm transfer to someone else: the helper's alert about the previous agent is over", async () => {
    const { conversationId, alertId, helperId } = await alertedConversation("handover-transfer-other");
    const receiver = [world.people.peer2A, world.people.peerA, world.people.leadA].find(
      (p) => p.id !== helperId,
    )!;
    const moved = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/transfer`,
      as: "agentA",
      payload: { toPersonId: receiver.id },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    expect(await alertStatus(alertId)).toBe("expired");
    // Its helper hears it is over, and so does everyone else who may read it (its team's rooms).
    expect(await eventsFor(alertId)).toEqual([
      ["alert.expired", helperId],
      ["alert.expired", null],
    ]);
  });

  it("by an accepted takeover offer made from the conversation page: the taker's alert is answered", async () => {
    const { conversationId, alertId, helperId } = await alertedConversation("handover-takeover");
    const offer = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: nameOf(helperId),
      payload: { kind: "takeover_offer" },
    });
    expect(offer.statusCode, offer.body).toBe(201);
    expect(await alertStatus(alertId)).toBe("raised");
    const accepted = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${offer.json().intervention.id}/accept`,
      as: "agentA",
      payload: {},
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(await alertStatus(alertId)).toBe("acted_on");
    // The team hears of the new agent (to its room, no person), as after a warm transfer: the
    // others' floors showed the previous agent until something else made them refetch.
    const told = await world.store.query(
      `SELECT team_id, person_id, payload FROM events WHERE type = 'conversation.transferred' AND conversation_id = $1`,
      [conversationId],
    );
    expect(told.map((r) => [r.team_id, r.person_id, (r.payload as { personId: string }).personId])).toEqual([
      [world.teams.a, null, helperId],
    ]);
  });
});

/**
 * A teammate already helping on a conversation hears its next reason to step in as an update, not
 * as a new "you are best placed" ask. Walking loop 1: Petra whispered the fact Aaron had wrong, the
 * customer then turned on Aaron, and Petra got a second alert that looked like a new teammate to
 * help (or, with someone freer, the new reason went to a teammate who knew nothing of it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alertRaisedEvents,
  createWorld,
  personKey,
  teamAlertsOn,
  wrongReturnWindow,
  type World,
} from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function conversationWithWrongAnswer(key: string) {
  return wrongReturnWindow(world, key);
}

const alertsOf = (conversationId: string) => teamAlertsOn(world, conversationId);
const keyOf = (personId: string) => personKey(world, personId);

async function angryCustomer(say: Awaited<ReturnType<typeof wrongReturnWindow>>["say"]): Promise<string> {
  const angry = await say(
    "customer",
    "I don't care what you think. You clearly don't know what you're doing.",
  );
  expect(angry.statusCode, angry.body).toBe(200);
  const id = angry.json().results[0].alertId as string;
  expect(id).toBeTruthy();
  return id;
}

const raisedEvents = (alertId: string) => alertRaisedEvents(world, alertId);

describe("a new reason to step in on a conversation a teammate is already helping with", () => {
  for (const step of ["whisper", "takeover_offer"] as const) {
    it(`goes to the teammate who ${step === "whisper" ? "whispered" : "offered to take over"}, as an update`, async () => {
      const { conversationId, alertId, say } = await conversationWithWrongAnswer(`helping-${step}`);
      const [first] = await alertsOf(conversationId);
      const helperId = first!.helperId!;
      const helper = keyOf(helperId);
      // Someone freer than the helper is in the team: without the rule, the router would ask them.
      await world.store.query(`UPDATE people SET current_load = current_load + 3 WHERE id = $1`, [helperId]);
      const stepped = await world.inject({
        method: "POST",
        url: `/api/v1/conversations/${conversationId}/step-in`,
        as: helper,
        payload:
          step === "whisper"
            ? { kind: "whisper", alertId, text: "The KB says 30 days: correct it now." }
            : { kind: "takeover_offer", alertId },
      });
      expect(stepped.statusCode).toBe(201);

      const angry = await say(
        "customer",
        "I don't care what you think. You clearly don't know what you're doing.",
      );
      const nextId = angry.json().results[0].alertId as string;
      expect(nextId).toBeTruthy();
      expect(nextId).not.toBe(alertId);
      const next = (await alertsOf(conversationId)).find((a) => a.id === nextId)!;
      expect(next.helperId).toBe(helperId);
      expect(next.routing).toContain(step === "whisper" ? "already whispered" : "already offered to take");
      const events = await raisedEvents(nextId);
      expect(events.map((e) => e.personId)).toEqual([helperId]);
      expect(events[0]!.payload.update).toBe(true);
      await world.store.query(
        `UPDATE people SET current_load = greatest(0, current_load - 3) WHERE id = $1`,
        [helperId],
      );
    });
  }

  it("an open alert its helper acknowledged, replaced by a new reason, stays with them as an update", async () => {
    const { conversationId, alertId, say } = await conversationWithWrongAnswer("helping-open-alert");
    const [first] = await alertsOf(conversationId);
    const helperId = first!.helperId!;
    const ack = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${alertId}/acknowledge`,
      as: keyOf(helperId),
      payload: {},
    });
    expect(ack.statusCode, ack.body).toBe(200);
    await world.store.query(`UPDATE people SET current_load = current_load + 3 WHERE id = $1`, [helperId]);
    try {
      const nextId = await angryCustomer(say);
      expect(nextId).not.toBe(alertId);
      const next = (await alertsOf(conversationId)).find((a) => a.id === nextId)!;
      expect(next.helperId).toBe(helperId);
      expect(next.routing).toContain("already took on an alert");
      expect((await raisedEvents(nextId))[0]!.payload.update).toBe(true);
    } finally {
      await world.store.query(
        `UPDATE people SET current_load = greatest(0, current_load - 3) WHERE id = $1`,
        [helperId],
      );
    }
  });

  // Walking loop 1: Ben, only asked (he had not acknowledged, signalled or whispered), was told
  // "New on Ana's conversation you are helping with".
  it("a teammate only asked is not helping yet: the new reason is routed afresh, not as an update", async () => {
    const { conversationId, alertId, say } = await conversationWithWrongAnswer("asked-only");
    const [first] = await alertsOf(conversationId);
    const askedId = first!.helperId!;
    // Someone freer than the one asked is in the team: routed afresh, they are asked.
    await world.store.query(`UPDATE people SET current_load = current_load + 3 WHERE id = $1`, [askedId]);
    try {
      const nextId = await angryCustomer(say);
      expect(nextId).not.toBe(alertId);
      const next = (await alertsOf(conversationId)).find((a) => a.id === nextId)!;
      expect(next.helperId).not.toBeNull();
      expect(next.helperId).not.toBe(askedId);
      expect(next.routing).not.toContain("already");
      const events = await raisedEvents(nextId);
      expect(events.map((e) => e.personId)).toEqual([next.helperId]);
      expect(events[0]!.payload.update).toBeUndefined();
    } finally {
      await world.store.query(
        `UPDATE people SET current_load = greatest(0, current_load - 3) WHERE id = $1`,
        [askedId],
      );
    }
  });

  it("a helper who went away hears nothing new: it goes to a teammate who can act, and the card says why", async () => {
    const { conversationId, alertId, say } = await conversationWithWrongAnswer("helping-away");
    const [first] = await alertsOf(conversationId);
    const helperId = first!.helperId!;
    const helper = keyOf(helperId);
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: helper,
      payload: { kind: "whisper", alertId, text: "The KB says 30 days: correct it now." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    const away = await world.inject({
      method: "PATCH",
      url: `/api/v1/people/${helperId}`,
      as: helper,
      payload: { availability: "away" },
    });
    expect(away.statusCode, away.body).toBe(200);
    try {
      const nextId = await angryCustomer(say);
      const next = (await alertsOf(conversationId)).find((a) => a.id === nextId)!;
      expect(next.helperId).not.toBeNull();
      expect(next.helperId).not.toBe(helperId);
      expect(next.routing).toContain(
        `${world.people[helper].displayName} already whispered on this conversation but is away`,
      );
      const events = await raisedEvents(nextId);
      expect(events.map((e) => e.personId)).toEqual([next.helperId]);
      expect(events[0]!.payload.update).toBeUndefined();
    } finally {
      await world.inject({
        method: "PATCH",
        url: `/api/v1/people/${helperId}`,
        as: helper,
        payload: { availability: "available" },
      });
    }
  });

  it("a helper who closed tagteam is passed over for a teammate who has it open", async () => {
    const { conversationId, alertId, say } = await conversationWithWrongAnswer("helping-closed");
    const [first] = await alertsOf(conversationId);
    const helperId = first!.helperId!;
    const helper = keyOf(helperId);
    const signal = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: helper,
      payload: { kind: "signal", alertId },
    });
    expect(signal.statusCode, signal.body).toBe(201);
    // Their page closed (nobody's is open in this test); another agent of the team has it open,
    // with room to help.
    const other = (["peerA", "peer2A"] as const).find((k) => world.people[k].id !== helperId)!;
    const [{ current_load: load }] = (await world.store.query(
      `UPDATE people p SET present_until = now() + interval '1 hour', current_load = 0
       FROM people before WHERE p.id = $1 AND before.id = p.id RETURNING before.current_load`,
      [world.people[other].id],
    )) as [{ current_load: number }];
    try {
      const nextId = await angryCustomer(say);
      const next = (await alertsOf(conversationId)).find((a) => a.id === nextId)!;
      expect(next.helperId).toBe(world.people[other].id);
      expect(next.routing).toContain(
        "already signalled support on this conversation but does not have tagteam open",
      );
      expect((await raisedEvents(nextId))[0]!.payload.update).toBeUndefined();
    } finally {
      await world.store.query(`UPDATE people SET present_until = NULL, current_load = $2 WHERE id = $1`, [
        world.people[other].id,
        load,
      ]);
    }
  });

  // Walking loop 1: Ana raised her hand on a conversation Ben had whispered on, and Lee, who knew
  // nothing of it, was asked.
  it("a raised hand goes to the teammate who whispered, as an update", async () => {
    const { conversationId, alertId } = await conversationWithWrongAnswer("helping-raised-hand");
    const [first] = await alertsOf(conversationId);
    const helperId = first!.helperId!;
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: keyOf(helperId),
      payload: { kind: "whisper", alertId, text: "The KB says 30 days: correct it now." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    await world.store.query(`UPDATE people SET current_load = current_load + 3 WHERE id = $1`, [helperId]);
    try {
      const hand = await world.inject({
        method: "POST",
        url: `/api/v1/conversations/${conversationId}/raise-hand`,
        as: "agentA",
        payload: {},
      });
      expect(hand.statusCode, hand.body).toBe(201);
      expect(hand.json().intervention.toId).toBe(helperId);
      const raised = (await alertsOf(conversationId)).find((a) => a.reasons.includes("raised_hand"))!;
      expect(raised.helperId).toBe(helperId);
      expect(raised.routing).toContain("already whispered on this conversation");
      const events = await raisedEvents(raised.id);
      expect(events.map((e) => e.personId)).toEqual([helperId]);
      expect(events[0]!.payload.update).toBe(true);
    } finally {
      await world.store.query(
        `UPDATE people SET current_load = greatest(0, current_load - 3) WHERE id = $1`,
        [helperId],
      );
    }
  });

  it("a first alert is a new ask: no update", async () => {
    const { alertId } = await conversationWithWrongAnswer("helping-none");
    const events = await raisedEvents(alertId);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload.update).toBeUndefined();
  });
});

/**
 * A teammate already helping on a conversation hears its next reason to step in as an update, not
 * as a new "you are best placed" ask. Walking loop 1: Petra whispered the fact Aaron had wrong, the
 * customer then turned on Aaron, and Petra got a second alert that looked like a new teammate to
 * help (or, with someone freer, the new reason went to a teammate who knew nothing of it).
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

interface AlertView {
  id: string;
  conversationId: string;
  status: string;
  helperId: string | null;
  routing: string | null;
  reasons: string[];
}

async function conversationWithWrongAnswer(key: string) {
  return wrongReturnWindow(world, key);
}

async function alertsOf(conversationId: string): Promise<AlertView[]> {
  const listed = await world.inject({
    method: "GET",
    url: `/api/v1/alerts?scope=team&teamId=${world.teams.a}&status=all`,
    as: "leadA",
  });
  return (listed.json().alerts as AlertView[]).filter((a) => a.conversationId === conversationId);
}

async function raisedEvents(alertId: string) {
  const rows = await world.store.query(
    `SELECT person_id, payload FROM events WHERE type = 'alert.raised' AND payload->>'alertId' = $1`,
    [alertId],
  );
  return rows.map((r) => ({
    personId: r.person_id as string,
    payload: r.payload as Record<string, unknown>,
  }));
}

describe("a new reason to step in on a conversation a teammate is already helping with", () => {
  for (const step of ["whisper", "takeover_offer"] as const) {
    it(`goes to the teammate who ${step === "whisper" ? "whispered" : "offered to take over"}, as an update`, async () => {
      const { conversationId, alertId, say } = await conversationWithWrongAnswer(`helping-${step}`);
      const [first] = await alertsOf(conversationId);
      const helperId = first!.helperId!;
      const helper = (Object.keys(world.people) as (keyof World["people"])[]).find(
        (k) => world.people[k].id === helperId,
      )!;
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

  it("an open alert replaced by a new reason stays with its helper, as an update", async () => {
    const { conversationId, alertId, say } = await conversationWithWrongAnswer("helping-open-alert");
    const [first] = await alertsOf(conversationId);
    const helperId = first!.helperId!;
    await world.store.query(`UPDATE people SET current_load = current_load + 3 WHERE id = $1`, [helperId]);
    const angry = await say(
      "customer",
      "I don't care what you think. You clearly don't know what you're doing.",
    );
    const nextId = angry.json().results[0].alertId as string;
    expect(nextId).not.toBe(alertId);
    const next = (await alertsOf(conversationId)).find((a) => a.id === nextId)!;
    expect(next.helperId).toBe(helperId);
    expect((await raisedEvents(nextId))[0]!.payload.update).toBe(true);
    await world.store.query(`UPDATE people SET current_load = greatest(0, current_load - 3) WHERE id = $1`, [
      helperId,
    ]);
  });

  it("a first alert is a new ask: no update", async () => {
    const { alertId } = await conversationWithWrongAnswer("helping-none");
    const events = await raisedEvents(alertId);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload.update).toBeUndefined();
  });
});

/**
 * The cooldown (DEC-COOLDOWN-1) spares a helper who is on it from hearing the same reason again
 * moments later. When that helper has gone (away, offline) and the customer's risk keeps rising,
 * the held reason reaches someone who can act instead of nobody until the cooldown ends.
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
  why: string;
  reasons: string[];
  suggestion: string | null;
}

async function alertsOf(conversationId: string): Promise<AlertView[]> {
  const listed = await world.inject({
    method: "GET",
    url: `/api/v1/alerts?scope=team&teamId=${world.teams.a}&status=all`,
    as: "leadA",
  });
  expect(listed.statusCode, listed.body).toBe(200);
  return (listed.json().alerts as AlertView[]).filter((a) => a.conversationId === conversationId);
}

function keyOf(personId: string): keyof World["people"] {
  return (Object.keys(world.people) as (keyof World["people"])[]).find(
    (k) => world.people[k].id === personId,
  )!;
}

async function setAvailability(personId: string, availability: string): Promise<void> {
  const r = await world.inject({
    method: "PATCH",
    url: `/api/v1/people/${personId}`,
    as: keyOf(personId),
    payload: { availability },
  });
  expect(r.statusCode, r.body).toBe(200);
}

/**
 * A wrong answer (alert to a helper, who takes it on), the customer upset by it, and the agent
 * repeating the same wrong answer a line later: the engine holds that back (same fact, within the
 * cooldown) while the risk has gone from 12% to about 60%. `before` runs once the helper took it on.
 */
async function wrongAnswerRepeated(key: string, before: (helperId: string) => Promise<void>) {
  const { conversationId, alertId, say } = await wrongReturnWindow(world, key);
  const [first] = await alertsOf(conversationId);
  const helperId = first!.helperId!;
  const ack = await world.inject({
    method: "POST",
    url: `/api/v1/alerts/${alertId}/acknowledge`,
    as: keyOf(helperId),
    payload: {},
  });
  expect(ack.statusCode, ack.body).toBe(200);
  await before(helperId);
  const upset = await say("customer", "Only 14 days? That's really disappointing, I'm upset now.");
  expect(upset.statusCode, upset.body).toBe(200);
  const repeated = await say("agent", "Sorry, returns are only accepted within 14 days.");
  expect(repeated.statusCode, repeated.body).toBe(200);
  const stored = await world.store.query(
    `SELECT analysis->'stepIn'->>'why' AS why FROM messages WHERE id = $1`,
    [repeated.json().results[0].messageId],
  );
  expect(stored[0]!.why).toContain("held back: wrong_information");
  return {
    conversationId,
    alertId,
    helperId,
    newAlertId: repeated.json().results[0].alertId as string | null,
  };
}

describe("a reason the cooldown held back, while the alert's helper has gone and it got worse", () => {
  it("with the helper present the cooldown holds: nothing new is raised", async () => {
    const { conversationId, alertId, newAlertId } = await wrongAnswerRepeated(
      "cooldown-present",
      async () => {},
    );
    expect(newAlertId).toBeNull();
    const alerts = await alertsOf(conversationId);
    expect(alerts.map((a) => a.id)).toEqual([alertId]);
    expect(alerts[0]!.status).toBe("acknowledged");
  });

  for (const gone of ["away", "offline"] as const) {
    it(`with the helper ${gone} it goes to a teammate who can act, saying what got worse`, async () => {
      let helperId = "";
      const run = await wrongAnswerRepeated(`cooldown-${gone}`, async (id) => {
        helperId = id;
        await setAvailability(id, gone);
      });
      try {
        expect(run.newAlertId).toBeTruthy();
        const alerts = await alertsOf(run.conversationId);
        const next = alerts.find((a) => a.id === run.newAlertId)!;
        expect(next.helperId).not.toBeNull();
        expect(next.helperId).not.toBe(helperId);
        expect(next.reasons).toContain("wrong_information");
        const helperName = world.people[keyOf(helperId)].displayName;
        expect(next.why).toMatch(new RegExp(`^worse while ${helperName} is ${gone} \\(risk 12% → \\d+%\\)`));
        expect(next.why).toContain('agent said "14 days" but the knowledge base says 30 days');
        // The fact to correct it with is still on the card.
        expect(next.suggestion).toContain("30 days");
        expect(next.routing).toContain(
          `${helperName} already took on an alert on this conversation but is ${gone}`,
        );
        // The old one is replaced; only the new helper hears of it, as a new ask.
        expect(alerts.find((a) => a.id === run.alertId)!.status).toBe("expired");
        const events = await world.store.query(
          `SELECT person_id, payload FROM events WHERE type = 'alert.raised' AND payload->>'alertId' = $1`,
          [run.newAlertId],
        );
        expect(events.map((e) => e.person_id)).toEqual([next.helperId]);
        expect((events[0]!.payload as Record<string, unknown>).update).toBeUndefined();
      } finally {
        await setAvailability(helperId, "available");
      }
    });
  }
});

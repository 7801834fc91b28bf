/**
 * The cooldown (DEC-COOLDOWN-1) spares a helper who is on it from hearing the same reason again
 * moments later. When that helper has gone (away, offline, or tagteam closed while others have it
 * open) and the customer's risk keeps rising, the held reason reaches someone who can act instead
 * of nobody until the cooldown ends. The same when the helper already signalled or whispered (their
 * step-in answered the alert, so none is open) and went away after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alertRaisedEvents,
  createWorld,
  personKey,
  teamAlertsOn,
  wrongAnswerRepeatedAfterTakenOn,
  type World,
} from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const alertsOf = (conversationId: string) => teamAlertsOn(world, conversationId);
const keyOf = (personId: string) => personKey(world, personId);

async function setAvailability(personId: string, availability: string): Promise<void> {
  const r = await world.inject({
    method: "PATCH",
    url: `/api/v1/people/${personId}`,
    as: keyOf(personId),
    payload: { availability },
  });
  expect(r.statusCode, r.body).toBe(200);
}

describe("a reason the cooldown held back, while the alert's helper has gone and it got worse", () => {
  it("with the helper present the cooldown holds: nothing new is raised", async () => {
    const { conversationId, alertId, newAlertId } = await wrongAnswerRepeatedAfterTakenOn(
      world,
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
      const run = await wrongAnswerRepeatedAfterTakenOn(world, `cooldown-${gone}`, async (id) => {
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
        expect(next.why).toContain('agent said "14 days" but your team\'s knowledge says 30 days');
        // The fact to correct it with is still on the card.
        expect(next.suggestion).toContain("30 days");
        expect(next.routing).toContain(
          `${helperName} already took on an alert on this conversation but is ${gone}`,
        );
        // The old one is replaced; only the new helper hears of it, as a new ask.
        expect(alerts.find((a) => a.id === run.alertId)!.status).toBe("expired");
        const events = await alertRaisedEvents(world, run.newAlertId!);
        expect(events.map((e) => e.personId)).toEqual([next.helperId]);
        expect(events[0]!.payload.update).toBeUndefined();
      } finally {
        await setAvailability(helperId, "available");
      }
    });
  }
});

async function stepIn(as: keyof World["people"], conversationId: string, alertId: string, kind: string) {
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/step-in`,
    as,
    payload:
      kind === "whisper"
        ? { kind, alertId, text: "The KB says 30 days: correct it now." }
        : { kind, alertId },
  });
  expect(r.statusCode, r.body).toBe(201);
}

async function raisedTo(alertId: string): Promise<{ personId: string; update: unknown }[]> {
  return (await alertRaisedEvents(world, alertId)).map((e) => ({
    personId: e.personId,
    update: e.payload.update,
  }));
}

describe("a reason the cooldown held back, after the helper stepped in and went", () => {
  it("with the helper who whispered still here the cooldown holds: nothing new is raised", async () => {
    const run = await wrongAnswerRepeatedAfterTakenOn(
      world,
      "stepped-present",
      async (id, conversationId, alertId) => {
        await stepIn(keyOf(id), conversationId, alertId, "whisper");
      },
    );
    expect(run.newAlertId).toBeNull();
    const alerts = await alertsOf(run.conversationId);
    expect(alerts.map((a) => [a.id, a.status])).toEqual([[run.alertId, "acted_on"]]);
  });

  for (const [kind, gone, words] of [
    ["whisper", "away", "already whispered on this conversation"],
    ["signal", "offline", "already signalled support on this conversation"],
  ] as const) {
    it(`a helper who ${kind === "whisper" ? "whispered" : "signalled"} and went ${gone}: a teammate who can act hears it`, async () => {
      let helperId = "";
      const run = await wrongAnswerRepeatedAfterTakenOn(
        world,
        `stepped-${kind}-${gone}`,
        async (id, conversationId, alertId) => {
          helperId = id;
          await stepIn(keyOf(id), conversationId, alertId, kind);
          await setAvailability(id, gone);
        },
      );
      try {
        // Their step-in answered the alert: none was open when the agent repeated the wrong answer.
        expect(run.newAlertId).toBeTruthy();
        const alerts = await alertsOf(run.conversationId);
        expect(alerts.find((a) => a.id === run.alertId)!.status).toBe("acted_on");
        const next = alerts.find((a) => a.id === run.newAlertId)!;
        expect(next.status).toBe("raised");
        expect(next.helperId).not.toBeNull();
        expect(next.helperId).not.toBe(helperId);
        expect(next.helperId).not.toBe(world.people.agentA.id);
        const helperName = world.people[keyOf(helperId)].displayName;
        expect(next.why).toMatch(new RegExp(`^worse while ${helperName} is ${gone} \\(risk 12% → \\d+%\\)`));
        expect(next.reasons).toContain("wrong_information");
        expect(next.suggestion).toContain("30 days");
        expect(next.routing).toContain(`${helperName} ${words} but is ${gone}`);
        expect(await raisedTo(run.newAlertId!)).toEqual([{ personId: next.helperId, update: undefined }]);
      } finally {
        await setAvailability(helperId, "available");
      }
    });
  }

  it("a helper on it whose tagteam closed while 'available': a teammate who has it open hears it", async () => {
    let helperId = "";
    const team = [world.people.leadA.id, world.people.peerA.id, world.people.peer2A.id];
    await world.store.query(
      `UPDATE people SET present_until = now() + interval '1 hour' WHERE id = ANY($1)`,
      [team],
    );
    try {
      const run = await wrongAnswerRepeatedAfterTakenOn(world, "tab-closed", async (id) => {
        helperId = id;
        // Their last page closed (as the realtime hub marks it): still "available" on paper.
        await world.store.query(`UPDATE people SET present_until = NULL WHERE id = $1`, [id]);
      });
      expect(run.newAlertId).toBeTruthy();
      const alerts = await alertsOf(run.conversationId);
      const next = alerts.find((a) => a.id === run.newAlertId)!;
      expect(next.helperId).not.toBeNull();
      expect(next.helperId).not.toBe(helperId);
      expect(team).toContain(next.helperId);
      const helperName = world.people[keyOf(helperId)].displayName;
      expect(next.why).toMatch(
        new RegExp(`^worse while ${helperName} has tagteam closed \\(risk 12% → \\d+%\\)`),
      );
      expect(next.routing).toContain(
        `${helperName} already took on an alert on this conversation but does not have tagteam open`,
      );
      expect(alerts.find((a) => a.id === run.alertId)!.status).toBe("expired");
      expect(await raisedTo(run.newAlertId!)).toEqual([{ personId: next.helperId, update: undefined }]);
    } finally {
      await world.store.query(`UPDATE people SET present_until = NULL WHERE id = ANY($1)`, [team]);
    }
  });

  it("with nobody else who could act having tagteam open, a closed tagteam is no reason to pass them over", async () => {
    const run = await wrongAnswerRepeatedAfterTakenOn(world, "tab-closed-alone", async () => {});
    expect(run.newAlertId).toBeNull();
    expect((await alertsOf(run.conversationId)).map((a) => a.status)).toEqual(["acknowledged"]);
  });
});

/**
 * A reading the cooldown held back is routed (helper candidates, open alerts, declined offers,
 * current helpers read) only where it may still go out: its alert's helper, or someone who stepped
 * in, may have gone, and the risk has risen past the alert's. Held readings are three times as
 * many as those that say step in, and most are about an alert whose helper is on it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as store from "../../src/store/index.ts";
import { createWorld, wrongReturnWindow, type World } from "./factories.ts";

const candidateReads = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/store/index.ts", async (importOriginal) => {
  const original = await importOriginal<typeof store>();
  return {
    ...original,
    findHelperCandidatesFor: (...args: Parameters<typeof original.findHelperCandidatesFor>) => {
      candidateReads.count++;
      return original.findHelperCandidatesFor(...args);
    },
  };
});

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

function keyOf(personId: string): keyof World["people"] {
  return (Object.keys(world.people) as (keyof World["people"])[]).find(
    (k) => world.people[k].id === personId,
  )!;
}

/** A wrong answer, its alert taken on by a helper who has tagteam open, then `availability`. */
async function heldWhile(key: string, availability: "available" | "away") {
  const { alertId, say } = await wrongReturnWindow(world, key);
  const alert = (await world.store.query(`SELECT helper_person_id FROM alerts WHERE id = $1`, [alertId]))[0]!;
  const helperId = alert.helper_person_id as string;
  const ack = await world.inject({
    method: "POST",
    url: `/api/v1/alerts/${alertId}/acknowledge`,
    as: keyOf(helperId),
    payload: {},
  });
  expect(ack.statusCode, ack.body).toBe(200);
  await store.markPeoplePresent(world.store, { personIds: [helperId], until: Date.now() + 600_000 });
  const patched = await world.inject({
    method: "PATCH",
    url: `/api/v1/people/${helperId}`,
    as: keyOf(helperId),
    payload: { availability },
  });
  expect(patched.statusCode, patched.body).toBe(200);
  const upset = await say("customer", "Only 14 days? That's really disappointing, I'm upset now.");
  expect(upset.statusCode, upset.body).toBe(200);
  const before = candidateReads.count;
  const repeated = await say("agent", "Sorry, returns are only accepted within 14 days.");
  expect(repeated.statusCode, repeated.body).toBe(200);
  const stored = await world.store.query(
    `SELECT analysis->'stepIn'->>'why' AS why FROM messages WHERE id = $1`,
    [repeated.json().results[0].messageId],
  );
  expect(stored[0]!.why).toContain("held back: wrong_information");
  return {
    helperId,
    candidateReads: candidateReads.count - before,
    alertId: repeated.json().results[0].alertId as string | null,
  };
}

describe("a held reading", () => {
  it("whose alert's helper is here and on it reads no routing, and nothing is raised", async () => {
    const run = await heldWhile("held-helper-here", "available");
    expect(run.alertId).toBeNull();
    expect(run.candidateReads).toBe(0);
  });

  it("whose alert's helper went away is routed and raised as before", async () => {
    const run = await heldWhile("held-helper-away", "away");
    try {
      expect(run.candidateReads).toBe(1);
      expect(run.alertId).toBeTruthy();
    } finally {
      await world.inject({
        method: "PATCH",
        url: `/api/v1/people/${run.helperId}`,
        as: keyOf(run.helperId),
        payload: { availability: "available" },
      });
    }
  });
});

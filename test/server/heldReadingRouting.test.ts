/**
 * A reading the cooldown held back is routed (helper candidates, open alerts, declined offers,
 * current helpers read) only where it may still go out: its alert's helper, or someone who stepped
 * in, may have gone, and the risk has risen past the alert's. Held readings are three times as
 * many as those that say step in, and most are about an alert whose helper is on it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as store from "../../src/store/index.ts";
import { createWorld, personKey, wrongAnswerRepeatedAfterTakenOn, type World } from "./factories.ts";

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

/** A wrong answer, its alert taken on by a helper who has tagteam open, then `availability`. */
async function heldWhile(key: string, availability: "available" | "away") {
  let before = 0;
  const run = await wrongAnswerRepeatedAfterTakenOn(
    world,
    key,
    async (helperId) => {
      await store.markPeoplePresent(world.store, { personIds: [helperId], until: Date.now() + 600_000 });
      const patched = await world.inject({
        method: "PATCH",
        url: `/api/v1/people/${helperId}`,
        as: personKey(world, helperId),
        payload: { availability },
      });
      expect(patched.statusCode, patched.body).toBe(200);
    },
    () => {
      before = candidateReads.count;
    },
  );
  return { helperId: run.helperId, candidateReads: candidateReads.count - before, alertId: run.newAlertId };
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
        as: personKey(world, run.helperId),
        payload: { availability: "available" },
      });
    }
  });
});

/**
 * GET /alerts?ids=…: the alerts a browser showed desktop notifications about, asked for by id. The
 * page load that closes those no longer open read only the first page (100) of the person's open
 * alerts, so a lead with more kept notifications about alerts handled long ago.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, personKey, wrongReturnWindow, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

type Who = keyof World["people"];
const idsOf = async (who: Who, query: string): Promise<string[]> => {
  const got = await world.inject({ method: "GET", url: `/api/v1/alerts?${query}`, as: who });
  expect(got.statusCode, got.body).toBe(200);
  return (got.json().alerts as { id: string }[]).map((a) => a.id);
};

describe("the alerts named by id", () => {
  it("answers every one named that is still open and the reader's, past the first page's limit", async () => {
    const { alertId } = await wrongReturnWindow(world, "alerts-by-ids-open");
    const { alertId: handled } = await wrongReturnWindow(world, "alerts-by-ids-handled");
    const helper = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })
    ).json().alert.helperId as string;
    const other = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${handled}`, as: "leadA" })
    ).json().alert.helperId as string;
    const who = personKey(world, helper);
    // The second alert is handled: it is no longer among the open ones.
    const dismissed = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${handled}/dismiss`,
      as: personKey(world, other),
      payload: { reason: "handled" },
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    const unknown = "00000000-0000-4000-8000-000000000000";
    // Named ones are all answered, whatever the limit (a lead's team view of two open ones).
    const { alertId: third } = await wrongReturnWindow(world, "alerts-by-ids-third");
    expect(
      (await idsOf("leadA", `scope=team&teamId=${world.teams.a}&limit=1&ids=${alertId},${third}`)).sort(),
    ).toEqual([alertId, third].sort());
    // Of those named, the reader's own still open, not the one handled nor an unknown id.
    expect(await idsOf(who, `scope=mine&status=active&limit=1&ids=${handled},${alertId},${unknown}`)).toEqual(
      [alertId],
    );
    // Someone else asking about it by id does not get it (mine is the helper's).
    const others = (["agentA", "peerA", "peer2A", "leadA", "agentB", "leadB"] as const).filter(
      (p) => p !== who,
    );
    for (const p of others) expect(await idsOf(p, `scope=mine&ids=${alertId}`), p).toEqual([]);
    // Nor does another team's lead by the team scope.
    const refused = await world.inject({
      method: "GET",
      url: `/api/v1/alerts?scope=team&teamId=${world.teams.a}&ids=${alertId}`,
      as: "leadB",
    });
    expect(refused.statusCode).toBe(404);
  });

  it("counts an alert waiting in the team's queue as a lead's own while it is open (its leads were told of it)", async () => {
    const setAway = (id: string, availability: "away" | "available") =>
      world.inject({ method: "PATCH", url: `/api/v1/people/${id}`, as: "admin", payload: { availability } });
    const teammates = [world.people.leadA, world.people.peerA, world.people.peer2A];
    for (const p of teammates) expect((await setAway(p.id, "away")).statusCode).toBe(200);
    try {
      const { alertId } = await wrongReturnWindow(world, "alerts-by-ids-queued");
      const queued = (
        await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })
      ).json().alert;
      expect(queued.helperId).toBeNull();
      const told = await world.store.query(
        `SELECT person_id FROM events WHERE type = 'alert.raised' AND payload->>'alertId' = $1`,
        [alertId],
      );
      expect(told.map((r) => r.person_id)).toContain(world.people.leadA.id);
      // The lead's notification stays on the next page load while the alert waits…
      expect(await idsOf("leadA", `scope=mine&ids=${alertId}`)).toEqual([alertId]);
      // …never anyone else's: a teammate, the agent it is about, another team's lead.
      for (const p of ["peer2A", "agentA", "leadB", "agentB"] as const)
        expect(await idsOf(p, `scope=mine&ids=${alertId}`), p).toEqual([]);
      // Once it is over, it is no longer among them: the notification goes.
      const dismissed = await world.inject({
        method: "POST",
        url: `/api/v1/alerts/${alertId}/dismiss`,
        as: "leadA",
        payload: { reason: "handled" },
      });
      expect(dismissed.statusCode, dismissed.body).toBe(200);
      expect(await idsOf("leadA", `scope=mine&ids=${alertId}`)).toEqual([]);
    } finally {
      for (const p of teammates) await setAway(p.id, "available");
    }
  });

  it("refuses no ids or more than 100, naming the parameter", async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `id-${i}`).join(",");
    for (const [ids, problem] of [
      ["", "must name at least one alert id"],
      [",", "must name at least one alert id"],
      [tooMany, "at most 100 ids at a time"],
    ] as const) {
      const got = await world.inject({ method: "GET", url: `/api/v1/alerts?ids=${ids}`, as: "leadA" });
      expect(got.statusCode, ids.slice(0, 20)).toBe(400);
      expect(got.body).toContain("ids");
      expect(got.body).toContain(problem);
    }
  });
});

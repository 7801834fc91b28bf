/**
 * A champion's procedure update stays on the day's huddle agenda, over in-process HTTP against a
 * real (PGlite) store: the day's top three patterns are read afresh as conversations close, and an
 * update named for a pattern that has left them is listed with the other open ones, not lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HuddleAgenda } from "../../src/protocol/index.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
const DAY = "2026-03-20";
const SHIFT = { since: "2026-03-20T08:00:00Z", until: "2026-03-20T18:00:00Z" };

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const agenda = async (as: keyof World["people"]): Promise<HuddleAgenda> => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/huddles/agenda?teamId=${world.teams.a}&date=${DAY}&since=${encodeURIComponent(SHIFT.since)}&until=${encodeURIComponent(SHIFT.until)}`,
    as,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe("the day's open procedure updates", () => {
  it("lists one whose pattern is no longer among the day's top three, for its champion and the lead", async () => {
    const named = await world.inject({
      method: "PUT",
      url: "/api/v1/huddles/actions",
      as: "leadA",
      payload: {
        teamId: world.teams.a,
        date: DAY,
        pattern: "cue:hedging",
        title: "Two plain answers to the commonest fee questions",
        ownerId: world.people.peerA.id,
      },
    });
    expect(named.statusCode, named.body).toBe(200);
    const id = named.json().action.id as string;

    const mine = await agenda("peerA");
    expect(mine.wrapUp.patterns.map((p) => p.key)).not.toContain("cue:hedging");
    const listed = mine.wrapUp.openActions.find((a) => a.id === id);
    expect(listed).toMatchObject({ owner: { id: world.people.peerA.id }, editable: true, status: "open" });
    expect((await agenda("leadA")).wrapUp.openActions.map((a) => a.id)).toContain(id);

    // Once written, it leaves the open ones.
    const done = await world.inject({
      method: "PATCH",
      url: `/api/v1/huddles/actions/${id}`,
      as: "peerA",
      payload: { status: "done" },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await agenda("peerA")).wrapUp.openActions.map((a) => a.id)).not.toContain(id);
  });
});

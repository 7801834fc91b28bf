/**
 * A team's "long wait" follows its thresholds. The floor and the console marked an e-mail as
 * waiting long from a constant 4 hours while the engine read the team's `emailLongGapMs` (Admin →
 * Thresholds, "Long wait on e-mail"): a team set to one hour saw long-gap cues on e-mails the floor
 * showed as fine. GET /teams carries each team's long waits for every member who may read the team.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

interface TeamView {
  id: string;
  longWait: { chatMs: number; emailMs: number };
}

async function teamsAs(who: keyof World["people"]): Promise<TeamView[]> {
  const res = await world.inject({ method: "GET", url: "/api/v1/teams", as: who });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().teams as TeamView[];
}

describe("a team's long waits", () => {
  it("are the engine's defaults until the team changes them", async () => {
    const [a] = (await teamsAs("agentA")).filter((t) => t.id === world.teams.a);
    expect(a!.longWait).toEqual({ chatMs: 3 * 60_000, emailMs: 4 * 3_600_000 });
  });

  it("follow Admin → Thresholds, for an agent of the team too, and only for that team", async () => {
    const saved = await world.inject({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.a}/engine-settings`,
      as: "admin",
      payload: { overrides: { thresholds: { emailLongGapMs: 3_600_000, longGapMs: 5 * 60_000 } } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const seen = await teamsAs("agentA");
    expect(seen.map((t) => t.id)).toEqual([world.teams.a]);
    expect(seen[0]!.longWait).toEqual({ chatMs: 5 * 60_000, emailMs: 3_600_000 });
    const all = await teamsAs("admin");
    expect(all.find((t) => t.id === world.teams.b)!.longWait).toEqual({
      chatMs: 3 * 60_000,
      emailMs: 4 * 3_600_000,
    });
    // A renamed team still says so.
    const renamed = await world.inject({
      method: "PATCH",
      url: `/api/v1/teams/${world.teams.a}`,
      as: "admin",
      payload: { name: "Care (renamed)" },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().team.longWait).toEqual({ chatMs: 5 * 60_000, emailMs: 3_600_000 });
  });
});

/**
 * A teamId filter answers the same way on every list: another team's id (one the caller cannot see)
 * is 404 "Team not found" whatever the caller's role, a malformed one a 400 naming teamId, and the
 * caller's own team narrows the list. Real PGlite store, in-process HTTP.
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

describe("GET /scorecards?teamId=", () => {
  it("says another team is not found to an agent, as it does to a lead", async () => {
    for (const who of ["agentA", "leadA"] as const) {
      const r = await world.inject({
        method: "GET",
        url: `/api/v1/scorecards?teamId=${world.teams.b}`,
        as: who,
      });
      expect(r.statusCode, who).toBe(404);
      expect(r.json().error.message, who).toBe("Team not found");
    }
  });

  it("gives an agent their own cards of their own team", async () => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/scorecards?teamId=${world.teams.a}`,
      as: "agentA",
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().scorecards).toEqual([]);
  });
});

describe("GET /skills/people?teamId=", () => {
  it("says another team is not found", async () => {
    const r = await world.inject({
      method: "GET",
      url: `/api/v1/skills/people?teamId=${world.teams.b}`,
      as: "leadA",
    });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.message).toBe("Team not found");
  });

  it("refuses a malformed teamId or a parameter it does not know with a 400 naming it", async () => {
    const bad = await world.inject({ method: "GET", url: "/api/v1/skills/people?teamId=nope", as: "leadA" });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain("teamId");
    const unknown = await world.inject({ method: "GET", url: "/api/v1/skills/people?team=x", as: "leadA" });
    expect(unknown.statusCode).toBe(400);
  });

  it("keeps the people of the one team asked for", async () => {
    const all = await world.inject({ method: "GET", url: "/api/v1/skills/people", as: "admin" });
    const a = await world.inject({
      method: "GET",
      url: `/api/v1/skills/people?teamId=${world.teams.a}`,
      as: "admin",
    });
    expect(a.statusCode).toBe(200);
    const names = (r: typeof a) => (r.json().people as { name: string }[]).map((p) => p.name);
    expect(names(a)).toContain(world.people.agentA.displayName);
    expect(names(a)).not.toContain(world.people.agentB.displayName);
    expect(names(all)).toContain(world.people.agentB.displayName);
  });
});

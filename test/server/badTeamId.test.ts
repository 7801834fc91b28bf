/**
 * A team id that is not a uuid names no team: the lists an admin filters by team answered 500
 * ("invalid input syntax for type uuid" from the store) instead of "Team not found".
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

describe("a team id that is not a uuid", () => {
  it("is 404 'Team not found' for an admin, and for a lead, on every list filtered by team", async () => {
    for (const url of [
      "/api/v1/people?teamId=nonsense",
      "/api/v1/knowledge/facts?teamId=nonsense",
      "/api/v1/practice/candidates?teamId=nonsense",
      "/api/v1/practice/scenarios?teamId=nonsense",
      "/api/v1/conversations?teamId=nonsense",
    ]) {
      for (const as of ["admin", "leadA"] as const) {
        const res = await world.inject({ method: "GET", url, as });
        expect(res.statusCode, `${as} ${url}`).toBe(404);
        expect(res.json().error.message, `${as} ${url}`).toMatch(/team not found/i);
      }
    }
  });
});

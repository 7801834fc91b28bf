import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HUDDLE_TAG } from "../../src/server/huddles/routes.ts";
import { LOOP2_TAGS } from "../../src/server/loop2/index.ts";
import { NUMBERS_TAGS } from "../../src/server/numbers/numbersRoutes.ts";
import { PRACTICE_TAGS } from "../../src/server/practice/index.ts";
import { PULSES_TAG } from "../../src/server/pulses/index.ts";
import { SKILLS_TAGS } from "../../src/server/skills/index.ts";
import { createWorld, type World } from "./factories.ts";
import { describedRoutes, LIVE_SERVICE_TAGS } from "./routeMatrix.ts";

/*
 * Every route the server describes belongs to a matrix that tries it as every role and another
 * team: a new tag without a matrix (or a route without a tag) fails here.
 */
const MATRICES: Record<string, readonly string[]> = {
  "authorization.test.ts": LIVE_SERVICE_TAGS,
  "loop2-privacy.test.ts": LOOP2_TAGS,
  "numbers.test.ts": NUMBERS_TAGS,
  "practice-privacy.test.ts": PRACTICE_TAGS,
  "skills-privacy.test.ts": SKILLS_TAGS,
  "huddles.test.ts": [HUDDLE_TAG],
  "pulses.test.ts": [PULSES_TAG],
};

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("route coverage", () => {
  it("every described route has a tag that one of the matrices covers", async () => {
    const covered = new Set(Object.values(MATRICES).flat());
    const routes = await describedRoutes(world.app);
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !r.tags.some((t) => covered.has(t))).map((r) => r.route)).toEqual([]);
  });
});

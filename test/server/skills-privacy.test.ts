/**
 * Who can read what in loop 3's skill map and mentorship: every route under the "skills" tag ×
 * anonymous, the agent whose map it is, a teammate, another teammate, the team's lead, the other
 * team's agent and lead, and an admin. A skill map is private to its person, the leads of their
 * team and admins: anyone else gets 404, as if the person did not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SKILL_NAMES } from "../../src/protocol/index.ts";
import { SKILLS_TAGS } from "../../src/server/skills/index.ts";
import { createWorld, type World } from "./factories.ts";
import { routesTagged, sendAs, expectEachCaller } from "./routeMatrix.ts";
import { seedTeamSkills } from "./skillsSeed.ts";

type Who = "anon" | "agentA" | "peerA" | "peer2A" | "leadA" | "admin" | "agentB" | "leadB";
const EVERYONE: Who[] = ["anon", "agentA", "peerA", "peer2A", "leadA", "admin", "agentB", "leadB"];
type Outcome = "allowed" | 401 | 403 | 404;

let world: World;

beforeAll(async () => {
  world = await createWorld();
  await seedTeamSkills(world);
});
afterAll(async () => {
  await world?.close();
});

interface Req {
  method: "GET" | "POST";
  url: string;
  payload?: Record<string, unknown>;
}
interface Case {
  route: string;
  request: () => Req | Promise<Req>;
  expect: (who: Who) => Outcome;
}

const only =
  (allowed: Who[], otherwise: Partial<Record<Who, Outcome>> = {}, fallback: Outcome = 404) =>
  (who: Who): Outcome =>
    who === "anon" ? 401 : allowed.includes(who) ? "allowed" : (otherwise[who] ?? fallback);

/** Each pairing request its own skill, so no two conflict and the mentor's load stays one person. */
let skillIndex = 0;
const nextPairing = () => ({
  teamId: world.teams.a,
  mentorId: world.people.peerA.id,
  menteeId: world.people.agentA.id,
  skill: SKILL_NAMES[skillIndex++ % SKILL_NAMES.length],
});
const freshPairing = async (): Promise<string> => {
  const r = await world.inject({
    method: "POST",
    url: "/api/v1/skills/pairings",
    as: "leadA",
    payload: nextPairing(),
  });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json().pairing.id;
};
const agentsOfA = { agentA: 403, peerA: 403, peer2A: 403 } as const;

const cases: Case[] = [
  {
    route: "GET /api/v1/skills/people",
    request: () => ({ method: "GET", url: "/api/v1/skills/people" }),
    expect: only(["agentA", "peerA", "peer2A", "leadA", "admin", "agentB", "leadB"]),
  },
  {
    route: "GET /api/v1/skills/people/:personId",
    request: () => ({ method: "GET", url: `/api/v1/skills/people/${world.people.agentA.id}` }),
    expect: only(["agentA", "leadA", "admin"]),
  },
  {
    route: "GET /api/v1/skills/teams/:teamId/mentorship",
    request: () => ({ method: "GET", url: `/api/v1/skills/teams/${world.teams.a}/mentorship` }),
    expect: only(["leadA", "admin"], agentsOfA),
  },
  {
    route: "POST /api/v1/skills/pairings",
    request: () => ({ method: "POST", url: "/api/v1/skills/pairings", payload: nextPairing() }),
    expect: only(["leadA", "admin"], agentsOfA),
  },
  {
    route: "POST /api/v1/skills/pairings/:id/end",
    request: async () => ({ method: "POST", url: `/api/v1/skills/pairings/${await freshPairing()}/end` }),
    expect: only(["leadA", "admin"], agentsOfA),
  },
];

const send = (who: Who, req: Req) => sendAs(world, who, req);

describe("skills privacy matrix", () => {
  it("covers every skills route the server registers", async () => {
    const registered = await routesTagged(world.app, SKILLS_TAGS);
    expect(registered.length).toBeGreaterThan(0);
    expect(cases.map((c) => c.route).sort()).toEqual(registered.sort());
  });

  for (const c of cases) {
    it(`${c.route}: each role gets exactly what it may`, () =>
      expectEachCaller(
        EVERYONE,
        (who) => c.expect(who),
        async (who) => send(who, await c.request()),
        300,
      ));
  }

  it("answers a teammate's or another team's lead's look at a skill map exactly as a person who does not exist", async () => {
    const nobody = await world.inject({
      method: "GET",
      url: "/api/v1/skills/people/00000000-0000-4000-8000-000000000000",
      as: "peerA",
    });
    expect(nobody.statusCode).toBe(404);
    const strip = (body: string) => ({ ...JSON.parse(body).error, requestId: undefined });
    for (const who of ["peerA", "peer2A", "leadB", "agentB"] as const) {
      const r = await world.inject({
        method: "GET",
        url: `/api/v1/skills/people/${world.people.agentA.id}`,
        as: who,
      });
      expect(strip(r.body), who).toEqual(strip(nobody.body));
    }
  });

  it("lists only whose maps one may read: an agent themself, a lead their team's agents", async () => {
    const ids = async (who: Exclude<Who, "anon">) =>
      (
        (await world.inject({ method: "GET", url: "/api/v1/skills/people", as: who })).json().people as {
          id: string;
        }[]
      )
        .map((p) => p.id)
        .sort();
    expect(await ids("peerA")).toEqual([world.people.peerA.id]);
    expect(await ids("leadA")).toEqual(
      [world.people.leadA.id, world.people.agentA.id, world.people.peerA.id, world.people.peer2A.id].sort(),
    );
    expect(await ids("leadB")).toEqual([world.people.leadB.id, world.people.agentB.id].sort());
  });

  it("shows an agent no suggestion about anyone, even on their own map", async () => {
    const own = await world.inject({
      method: "GET",
      url: `/api/v1/skills/people/${world.people.agentA.id}`,
      as: "agentA",
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().skillMap).not.toHaveProperty("suggestions");
    expect(own.body).not.toContain(world.people.peer2A.displayName);
  });
});

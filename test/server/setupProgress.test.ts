import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "../../src/server/bootstrap.ts";
import { getSetupProgress } from "../../src/store/index.ts";
import { createTestStore } from "../support/testStore.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";

/*
 * Admin → getting started: each step is done or not from what is stored, and moves as the admin
 * does it. The world starts with two teams of people and a published fact, and no conversation
 * nor saved protocol.
 */
let world: World;

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const stepsOf = (body: { steps: { key: string; done: boolean }[] }) =>
  Object.fromEntries(body.steps.map((s) => [s.key, s.done]));

describe("getting started", () => {
  it("a new organisation has done nothing yet", async () => {
    const store = await createTestStore();
    try {
      const { orgId } = await bootstrap(store, { email: "first@example.com", password: PASSWORD });
      expect(await getSetupProgress(store, orgId)).toEqual({
        teams: 0,
        agentsInTeams: 0,
        leadsInTeams: 0,
        hasConversations: false,
        activeTokens: 0,
        publishedFacts: 0,
        teamsOnDefaultProtocol: 0,
      });
    } finally {
      await store.close();
    }
  });

  it("ticks each step as it is done: a first conversation, then every team's protocol saved", async () => {
    const get = async () => {
      const r = await world.inject({ method: "GET", url: "/api/v1/admin/setup", as: "admin" });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const start = await get();
    expect(start).toMatchObject({
      complete: false,
      teams: 2,
      agentsInTeams: 4,
      leadsInTeams: 2,
      hasConversations: false,
      publishedFacts: 1,
      teamsOnDefaultProtocol: 2,
    });
    expect(stepsOf(start)).toEqual({
      team: true,
      people: true,
      conversations: false,
      knowledge: true,
      protocol: false,
    });

    const token = await world.token("leadA", ["ingest"]);
    const posted = await world.postMessages(
      token,
      message({ teamId: world.teams.a, conversationId: "setup-1" }),
    );
    expect(posted.statusCode, posted.body).toBe(200);
    expect(stepsOf(await get()).conversations).toBe(true);

    for (const [i, teamId] of [world.teams.a, world.teams.b].entries()) {
      const saved = await world.inject({
        method: "PUT",
        url: `/api/v1/teams/${teamId}/escalation-protocol`,
        as: "admin",
        payload: {
          levels: [{ target: "admin", personId: null, acknowledgeWithinMs: 60_000 }],
          autoEscalate: false,
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const now = await get();
      expect(now.teamsOnDefaultProtocol).toBe(1 - i);
      expect(now.complete).toBe(i === 1);
    }
  });

  it("is the admin's alone", async () => {
    for (const as of ["leadA", "agentA"] as const) {
      const r = await world.inject({ method: "GET", url: "/api/v1/admin/setup", as });
      expect(r.statusCode).toBe(403);
    }
  });
});

/**
 * Mentorship ranks a person's gaps by how far short they are in the skill as a whole, over
 * in-process HTTP against a real (PGlite) store: a skill far short overall but only a little in the
 * one topic where the team says anything about it is not crowded out by gaps that are smaller overall.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SkillMap } from "../../src/protocol/index.ts";
import { createWorld, type World } from "./factories.ts";
import { seedScoredConversations } from "./skillsSeed.ts";

let world: World;

beforeAll(async () => {
  world = await createWorld();
  // Empathy (scored where the customer was upset): Aaron 1 of 4 on billing and 2 on returns, never
  // scored on accounts or shipping; Petra 2, 2, 4, 4. Aaron is 37.5 points short overall, 25 on
  // billing. Ownership, accuracy, active listening: Aaron 2 everywhere, Petra 3.4: 35 points short.
  const empathy: Record<string, { aaron?: number; petra: number }> = {
    billing: { aaron: 1, petra: 2 },
    returns: { aaron: 2, petra: 2 },
    accounts: { petra: 4 },
    shipping: { petra: 4 },
  };
  for (const [topic, e] of Object.entries(empathy)) {
    const rest = (x: number) => ({ ownership: x, accuracy: x, active_listening: x });
    await seedScoredConversations(world, {
      agent: "agentA",
      team: "a",
      count: 5,
      topic,
      scores: { ...rest(2), ...(e.aaron !== undefined ? { empathy: e.aaron } : {}) },
    });
    await seedScoredConversations(world, {
      agent: "peerA",
      team: "a",
      count: 3,
      topic,
      scores: { ...rest(3), empathy: e.petra },
    });
    await seedScoredConversations(world, {
      agent: "peerA",
      team: "a",
      count: 2,
      topic,
      scores: { ...rest(4), empathy: e.petra },
    });
  }
});
afterAll(async () => {
  await world?.close();
});

describe("mentorship suggestions' rank", () => {
  it("ranks a gap by the skill's shortfall as a whole, not the topic's it is paired in", async () => {
    const map = await world.inject({
      method: "GET",
      url: `/api/v1/skills/people/${world.people.agentA.id}`,
      as: "leadA",
    });
    const skills = (map.json().skillMap as SkillMap).skills;
    const empathy = skills.find((s) => s.skill === "empathy");
    expect(empathy).toMatchObject({ verdict: "gap", level: 37.5, teamLevel: 75 });
    expect(empathy?.topics.find((t) => t.topic === "billing")).toMatchObject({ verdict: "gap", level: 25 });
    expect(skills.filter((s) => s.verdict === "gap").map((s) => s.skill)).toHaveLength(4);

    const r = await world.inject({
      method: "GET",
      url: `/api/v1/skills/teams/${world.teams.a}/mentorship`,
      as: "leadA",
    });
    expect(r.statusCode, r.body).toBe(200);
    const aaron = (r.json().suggestions as { mentee: { id: string }; skill: string; topic: string | null }[])
      .filter((s) => s.mentee.id === world.people.agentA.id)
      .map((s) => s.skill);
    expect(aaron).toHaveLength(3);
    expect(aaron[0]).toBe("empathy");
  });
});

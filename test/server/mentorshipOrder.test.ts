/**
 * Mentorship suggests the gaps a lead reads on the skill map's "Gaps" line first, over in-process
 * HTTP against a real (PGlite) store: a skill short in one topic only, however far, comes after a
 * skill short as a whole.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SkillMap } from "../../src/protocol/index.ts";
import { createWorld, type World } from "./factories.ts";
import { seedScoredConversations } from "./skillsSeed.ts";

let world: World;

beforeAll(async () => {
  world = await createWorld();
  // Aaron is cooler than Petra everywhere (empathy 2 of 4 against 4). On billing only he also falls
  // far short on ownership, accuracy and active listening, where he is better than her elsewhere.
  for (const topic of ["billing", "returns", "accounts", "shipping"]) {
    const billing = topic === "billing";
    const item = (aaron: boolean) => (billing ? (aaron ? 0 : 4) : aaron ? 4 : 2);
    for (const agent of ["agentA", "peerA"] as const) {
      const aaron = agent === "agentA";
      await seedScoredConversations(world, {
        agent,
        team: "a",
        count: 5,
        topic,
        scores: {
          empathy: aaron ? 2 : 4,
          ownership: item(aaron),
          accuracy: item(aaron),
          active_listening: item(aaron),
        },
      });
    }
  }
});
afterAll(async () => {
  await world?.close();
});

describe("mentorship suggestions' order", () => {
  it("puts a skill short as a whole before one short in a single topic", async () => {
    const map = await world.inject({
      method: "GET",
      url: `/api/v1/skills/people/${world.people.agentA.id}`,
      as: "leadA",
    });
    const gaps = (map.json().skillMap as SkillMap).skills.filter((s) => s.verdict === "gap");
    expect(gaps.map((s) => s.skill)).toEqual(["empathy"]);

    const r = await world.inject({
      method: "GET",
      url: `/api/v1/skills/teams/${world.teams.a}/mentorship`,
      as: "leadA",
    });
    expect(r.statusCode, r.body).toBe(200);
    const aaron = (r.json().suggestions as { mentee: { id: string }; skill: string; topic: string | null }[])
      .filter((s) => s.mentee.id === world.people.agentA.id)
      .map((s) => [s.skill, s.topic]);
    expect(aaron[0]).toEqual(["empathy", null]);
    expect(aaron).toHaveLength(3);
  });
});

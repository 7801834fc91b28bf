/**
 * Mentorship suggestions name different skills for one person, over in-process HTTP against a real
 * (PGlite) store: a gap showing in several topics is one suggestion, so a second gap elsewhere still
 * gets its mentor; a skill already paired is not suggested again in another topic.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";
import { seedScoredConversations } from "./skillsSeed.ts";

let world: World;

type Suggestion = { mentee: { id: string }; mentor: { id: string }; skill: string; topic: string | null };

beforeAll(async () => {
  world = await createWorld();
  // Aaron ends without a next step in three topics of four, and is cooler than the team everywhere;
  // Petra is strong in both.
  for (const [topic, nextSteps] of [
    ["billing", 0],
    ["returns", 0],
    ["accounts", 0],
    ["shipping", 4],
  ] as const) {
    await seedScoredConversations(world, {
      agent: "agentA",
      team: "a",
      count: 5,
      topic,
      scores: { clear_next_steps: nextSteps, empathy: 2 },
    });
    await seedScoredConversations(world, {
      agent: "peerA",
      team: "a",
      count: 5,
      topic,
      scores: { clear_next_steps: 4, empathy: 4 },
    });
  }
});
afterAll(async () => {
  await world?.close();
});

const suggestionsFor = async (who: keyof World["people"]): Promise<Suggestion[]> => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/skills/teams/${world.teams.a}/mentorship`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().suggestions as Suggestion[]).filter((s) => s.mentee.id === world.people[who].id);
};

describe("mentorship suggestions for one person", () => {
  it("suggest each skill once, so a gap in several topics leaves room for the next gap", async () => {
    const aaron = await suggestionsFor("agentA");
    expect(aaron.map((s) => s.skill).sort()).toEqual(["clear_next_steps", "empathy"]);
    for (const s of aaron) expect(s.mentor.id).toBe(world.people.peerA.id);
  });

  it("do not suggest a skill again in another topic once it is paired", async () => {
    const [first] = (await suggestionsFor("agentA")).filter((s) => s.skill === "clear_next_steps");
    const paired = await world.inject({
      method: "POST",
      url: "/api/v1/skills/pairings",
      as: "leadA",
      payload: {
        teamId: world.teams.a,
        mentorId: world.people.peerA.id,
        menteeId: world.people.agentA.id,
        skill: "clear_next_steps",
        ...(first?.topic != null ? { topic: first.topic } : {}),
      },
    });
    expect(paired.statusCode, paired.body).toBe(201);
    expect((await suggestionsFor("agentA")).map((s) => s.skill)).toEqual(["empathy"]);
  });
});

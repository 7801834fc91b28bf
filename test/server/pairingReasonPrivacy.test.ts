/**
 * A mentorship pairing's reason is the lead's: by default the suggestion's numbers for both people
 * ("Priya's conversations are free of hedged answers 10 times in 10; Aaron's 4 in 10"). Each skill
 * map is private to its person and their leads, yet the reason was on both people's skill maps, so
 * the mentor read the mentee's level (and the mentee the mentor's). The two people now see who
 * helps whom with what; the team's leads and admins see the reason too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

let world: World;
const REASON = "Priya's conversations are free of hedged or vague answers 10 times in 10; Aaron's 4 in 10.";

beforeAll(async () => {
  world = await createWorld();
  const agreed = await world.inject({
    method: "POST",
    url: "/api/v1/skills/pairings",
    as: "leadA",
    payload: {
      teamId: world.teams.a,
      mentorId: world.people.peerA.id,
      menteeId: world.people.agentA.id,
      skill: "no_hedging",
      reason: REASON,
    },
  });
  expect(agreed.statusCode, agreed.body).toBe(201);
  expect(agreed.json().pairing.reason).toBe(REASON);
});
afterAll(async () => {
  await world?.close();
});

type Pairing = { mentor: { id: string }; mentee: { id: string }; skill: string; reason: string };
const pairingsOn = async (
  who: "agentA" | "peerA" | "leadA" | "admin",
  personId: string,
): Promise<Pairing[]> => {
  const r = await world.inject({ method: "GET", url: `/api/v1/skills/people/${personId}`, as: who });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().skillMap.pairings as Pairing[];
};

describe("a pairing's reason", () => {
  it("is not on the mentor's or the mentee's own skill map, which still show the pairing", async () => {
    for (const [who, id] of [
      ["peerA", world.people.peerA.id],
      ["agentA", world.people.agentA.id],
    ] as const) {
      const pairings = await pairingsOn(who, id);
      expect(pairings).toHaveLength(1);
      expect(pairings[0]).toMatchObject({
        mentor: { id: world.people.peerA.id },
        mentee: { id: world.people.agentA.id },
        skill: "no_hedging",
        reason: "",
      });
      expect(JSON.stringify(pairings)).not.toContain("4 in 10");
    }
  });

  it("is the team's leads' and admins', on the agents' maps and on the team's mentorship", async () => {
    expect((await pairingsOn("leadA", world.people.agentA.id))[0]?.reason).toBe(REASON);
    expect((await pairingsOn("admin", world.people.peerA.id))[0]?.reason).toBe(REASON);
    const team = await world.inject({
      method: "GET",
      url: `/api/v1/skills/teams/${world.teams.a}/mentorship`,
      as: "leadA",
    });
    expect(team.statusCode, team.body).toBe(200);
    expect(team.json().pairings[0]?.reason).toBe(REASON);
  });
});

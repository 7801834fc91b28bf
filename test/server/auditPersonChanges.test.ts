import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, type World } from "./factories.ts";

/*
 * The audit log says what an admin changed about a person: made them an admin, moved them to
 * another team. It wrote "person.updated" with no details, so a promotion to admin could not be
 * told from a new topic. A deactivation alone writes its own entry and no empty "changed" one.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

interface Entry {
  action: string;
  target: { id: string };
  details: Record<string, unknown>;
}

const entriesFor = async (personId: string): Promise<Entry[]> => {
  const res = await world.inject({
    method: "GET",
    url: "/api/v1/audit?action=person.&limit=200",
    as: "admin",
  });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { entries: Entry[] }).entries.filter((e) => e.target.id === personId);
};

describe("the audit log of a change to a person", () => {
  it("names what changed, from what to what", async () => {
    const person = world.people.peer2A;
    const res = await world.inject({
      method: "PATCH",
      url: `/api/v1/people/${person.id}`,
      as: "admin",
      payload: { role: "admin", teamIds: [world.teams.b], topics: ["billing"] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [entry] = await entriesFor(person.id);
    expect(entry?.action).toBe("person.updated");
    expect(entry?.details).toEqual({
      role: "agent → admin",
      teamsAdded: "Team B",
      teamsRemoved: "Team A",
      topics: "billing",
    });
  });

  it("a deactivation alone writes the deactivation, not an empty change", async () => {
    const person = world.people.agentB;
    const res = await world.inject({
      method: "PATCH",
      url: `/api/v1/people/${person.id}`,
      as: "admin",
      payload: { active: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await entriesFor(person.id)).map((e) => e.action)).toEqual(["person.deactivated"]);
  });
});

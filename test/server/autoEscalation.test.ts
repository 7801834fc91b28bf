// Automatic escalation during ingest follows each team's own protocol: the first level's target
// (the team's least-loaded lead, or an admin), never the struggling agent, and one group holding
// conversations of two teams escalates each by its own team's protocol.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Lines the engine escalates at once (a threat to someone's safety). */
const threat = (teamId: string, conversationId: string, author: string) => [
  message({
    teamId,
    conversationId,
    text: "This is the third time my heater has failed this winter and my kids are freezing.",
  }),
  message({
    teamId,
    conversationId,
    role: "agent",
    author,
    text: "I'm sorry. The earliest engineer slot is next Thursday.",
  }),
  message({ teamId, conversationId, text: "If nobody comes today I'll come down there and hurt someone." }),
];

describe("automatic escalation from ingest", () => {
  it("escalates each team's conversation to its own protocol's first level, in one group", async () => {
    for (const [team, target] of [
      [world.teams.a, "admin"],
      [world.teams.b, "lead"],
    ] as const) {
      const saved = await world.inject({
        method: "PUT",
        url: `/api/v1/teams/${team}/escalation-protocol`,
        as: "admin",
        payload: { levels: [{ target, personId: null, acknowledgeWithinMs: 60_000 }], autoEscalate: true },
      });
      expect(saved.statusCode).toBe(200);
    }
    const token = await world.token("admin", ["ingest"]);
    const a = threat(world.teams.a, "esc-a", world.people.agentA.email);
    const b = threat(world.teams.b, "esc-b", world.people.agentB.email);
    // Interleaved, in one request: both conversations' escalations are decided in the same group.
    const response = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: { messages: a.flatMap((m, i) => [m, b[i]]) },
    });
    expect(response.statusCode).toBe(200);

    const escalations = async (teamId: string) =>
      (
        await world.inject({
          method: "GET",
          url: `/api/v1/interventions?scope=team&kind=escalation&teamId=${teamId}`,
          as: "admin",
        })
      ).json().interventions as { toId: string | null; fromId: string | null }[];
    const toA = await escalations(world.teams.a);
    const toB = await escalations(world.teams.b);
    expect(toA.map((e) => e.toId)).toEqual([world.people.admin.id]);
    expect(toA[0]?.fromId).toBe(world.people.agentA.id);
    // Team B's own lead, though Team A's lead sorts first by name.
    expect(toB.map((e) => e.toId)).toEqual([world.people.leadB.id]);
    expect(toB[0]?.fromId).toBe(world.people.agentB.id);

    // Each agent handling one is told, privately, that tagteam escalated it by the protocol.
    const told = await world.store.query(
      `SELECT person_id, payload FROM events WHERE org_id = $1 AND type = 'conversation.escalated' ORDER BY id`,
      [world.orgId],
    );
    const interventionIds = new Set(
      [...(await escalations(world.teams.a)), ...(await escalations(world.teams.b))].map(
        (e) => (e as unknown as { id: string }).id,
      ),
    );
    expect(told.map((r) => r.person_id).sort()).toEqual(
      [world.people.agentA.id, world.people.agentB.id].sort(),
    );
    for (const row of told) {
      const payload = row.payload as { automatic?: boolean; interventionId?: string };
      expect(payload.automatic).toBe(true);
      expect(interventionIds.has(payload.interventionId ?? "")).toBe(true);
    }
  });
});

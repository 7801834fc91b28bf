/**
 * A rerouted alert goes to the next teammate who knows the conversation's topic, and says so: the
 * reroute used to read the team without the topic, so it went to whoever was least loaded and its
 * line said nothing of the topic ("no topic history" for everyone).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustLoad, createPerson, recordTopicExperience } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("rerouting an alert", () => {
  it("asks the next teammate who knows the topic, and says why in words", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const say = (role: string, text: string, author?: string) =>
      world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "reroute-topic",
          topic: "refunds",
          role,
          text,
          ...(author !== undefined ? { author } : {}),
        }),
      );
    const first = await say("customer", "Where is my refund? It has been three weeks.");
    const conversationId = first.json().results[0].conversationId as string;
    await say("agent", "Let me look into that refund for you.", "agent.a@example.com");

    // Rhea knows refunds too but already helps elsewhere; Paul knows nothing of them and is free.
    const rhea = await world.store.transaction(async (tx) => {
      const p = await createPerson(tx, {
        orgId: world.orgId,
        email: "rhea.a@example.com",
        displayName: "Rhea Refunds",
        role: "agent",
        availability: "available",
        teamIds: [world.teams.a],
      });
      await recordTopicExperience(tx, { orgId: world.orgId, personId: p.id, topic: "refunds", weight: 1 });
      await adjustLoad(tx, { orgId: world.orgId, personId: p.id, delta: 1 });
      return p;
    });
    const raised = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/raise-hand`,
      as: "agentA",
      payload: { note: "refund stuck" },
    });
    expect(raised.statusCode).toBe(201);
    const alertId = raised.json().intervention.alertId as string;
    const before = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })
    ).json().alert;
    expect(before.helperId).toBe(world.people.peerA.id);
    expect(before.routing).toContain("has handled refunds before, ");

    // Petra cannot: Rhea, who knows refunds, is asked next, not Paul for being less loaded.
    const moved = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${alertId}/reroute`,
      as: "peerA",
      payload: { note: "in a call" },
    });
    expect(moved.statusCode).toBe(200);
    const after = moved.json().alert;
    expect(after.helperId).toBe(rhea.id);
    expect(after.routing).toBe(
      "rerouted from Petra Peer (in a call); Rhea Refunds: an agent, free, handling 1 of at most 3 conversations, has handled refunds before, did not have tagteam open when asked",
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInterventions } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * A team with a long history: more step-ins than one answer holds (500). The escalation queue
 * (scope=team, kind=escalation, status=all) and the agent's console (scope=mine, status=all) must
 * still show today's escalation and today's takeover offer. The list used to take the 500 oldest
 * step-ins of every kind and filter by kind afterwards, so both were missing.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

interface Listed {
  id: string;
  kind: string;
  createdAt: string;
}

describe("GET /interventions on a team with a long history", () => {
  it("lists the newest step-ins, and the kind asked for, whatever the older ones are", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "long-history",
        author: world.people.agentA.email,
        role: "agent",
        text: "Hello, how can I help?",
      }),
    );
    const conversationId = r.json().results[0].conversationId as string;
    // Weeks of signals and whispers from a teammate to the agent, and one old escalation.
    const weeksAgo = Date.now() - 30 * 24 * 3600_000;
    await createInterventions(world.store, [
      ...Array.from({ length: 520 }, (_, i) => ({
        orgId: world.orgId,
        teamId: world.teams.a,
        conversationId,
        kind: i % 2 === 0 ? ("signal" as const) : ("whisper" as const),
        state: "done" as const,
        fromPersonId: world.people.peerA.id,
        toPersonId: world.people.agentA.id,
        text: i % 2 === 0 ? null : `old whisper ${i}`,
        at: weeksAgo + i * 60_000,
      })),
      {
        orgId: world.orgId,
        teamId: world.teams.a,
        conversationId,
        kind: "escalation" as const,
        state: "accepted" as const,
        fromPersonId: world.people.agentA.id,
        toPersonId: world.people.leadA.id,
        text: "old escalation",
        at: weeksAgo - 60_000,
      },
    ]);

    const step = async (url: string, as: keyof World["people"], payload: Record<string, unknown>) => {
      const res = await world.inject({ method: "POST", url, as, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return (res.json() as { intervention: Listed }).intervention;
    };
    const offer = await step(`/api/v1/conversations/${conversationId}/step-in`, "peerA", {
      kind: "takeover_offer",
    });
    const escalation = await step(`/api/v1/conversations/${conversationId}/escalate`, "peerA", {
      reason: "Customer asks for a refund over my limit",
    });

    const list = async (url: string, as: keyof World["people"]) => {
      const res = await world.inject({ method: "GET", url, as });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { interventions: Listed[] }).interventions;
    };

    const queue = await list("/api/v1/interventions?scope=team&kind=escalation&status=all", "leadA");
    expect(queue.map((i) => i.kind)).toEqual(["escalation", "escalation"]);
    expect(queue.map((i) => i.id)).toContain(escalation.id);

    const mine = await list("/api/v1/interventions?scope=mine&status=all", "agentA");
    expect(mine).toHaveLength(500);
    expect(mine.map((i) => i.id)).toContain(offer.id);
    // Still oldest first, and the newest 500.
    const times = mine.map((i) => Date.parse(i.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(mine.at(-1)?.id).toBe(offer.id);

    const active = await list("/api/v1/interventions?scope=mine&kind=takeover_offer", "agentA");
    expect(active.map((i) => i.id)).toEqual([offer.id]);
  });
});

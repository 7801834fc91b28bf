import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInterventions } from "../../src/store/index.ts";
import { agentAConversation, closedConversationAt, createWorld, message, type World } from "./factories.ts";

/*
 * A team with a long history: more step-ins than one answer holds (500). The escalation queue
 * (scope=team, kind=escalation, status=all) and the agent's console (scope=mine, status=all) must
 * still show today's escalation and today's takeover offer. The list used to take the 500 oldest
 * step-ins of every kind and filter by kind afterwards, so both were missing.
 */
let world: World;
beforeEach(async () => {
  world = await createWorld();
});
afterEach(async () => {
  await world.close();
});

interface Listed {
  id: string;
  kind: string;
  conversationId: string;
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

  it("sends the queue what it shows: every waiting escalation, however old, and the newest handled", async () => {
    // A conversation still open with an escalation nobody has taken for two weeks, and thirty
    // handled since (the queue asked for the team's 500 newest and kept a screenful).
    const conversationId = await agentAConversation(world, "queue-old-waiting", "Hello, how can I help?");
    const day = 24 * 3600_000;
    const [waiting] = await createInterventions(world.store, [
      { ...escalationOf(conversationId), state: "offered", text: "still waiting", at: Date.now() - 14 * day },
    ]);
    const handled = await createInterventions(
      world.store,
      Array.from({ length: 30 }, (_, i) => ({
        ...escalationOf(conversationId),
        state: "done" as const,
        text: `handled ${i}`,
        at: Date.now() - 13 * day + i * 60_000,
      })),
    );
    const newest = handled.slice(-10).map((i) => i.id);

    const recent = await list(
      "/api/v1/interventions?scope=team&kind=escalation&status=recent&limit=10",
      "leadA",
    );
    expect(recent.map((i) => i.id)).toEqual([waiting?.id, ...newest]);
    // "Show older" asks for more.
    const more = await list(
      "/api/v1/interventions?scope=team&kind=escalation&status=recent&limit=25",
      "leadA",
    );
    expect(more).toHaveLength(26);
    expect(more[0]?.id).toBe(waiting?.id);
    // All: the newest only, waiting or not.
    const all = await list("/api/v1/interventions?scope=team&kind=escalation&status=all&limit=10", "leadA");
    expect(all.map((i) => i.id)).toEqual(newest);
    // Out of range.
    const tooMany = await world.inject({
      method: "GET",
      url: "/api/v1/interventions?scope=team&kind=escalation&status=recent&limit=501",
      as: "leadA",
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it("sends the console the help about conversations still open, or about the one it shows", async () => {
    const open = await agentAConversation(world, "console-open", "Hello, how can I help?");
    const ended = await closedConversationAt(
      world,
      {
        name: "console-ended",
        topic: "billing",
        startIso: new Date(Date.now() - 3600_000).toISOString(),
        stepMs: 30_000,
      },
      [
        ["customer", "Why was I charged twice?"],
        ["agent", "Let me check that for you."],
      ],
    );
    const whisper = (conversationId: string, text: string) => ({
      orgId: world.orgId,
      teamId: world.teams.a,
      conversationId,
      kind: "whisper" as const,
      state: "done" as const,
      fromPersonId: world.people.peerA.id,
      toPersonId: world.people.agentA.id,
      text,
    });
    const [toOpen, toEnded] = await createInterventions(world.store, [
      whisper(open, "Offer the refund"),
      whisper(ended, "Check the invoice"),
    ]);

    const mineOpen = await list("/api/v1/interventions?scope=mine&status=all&conversations=open", "agentA");
    const ids = mineOpen.map((i) => i.id);
    expect(ids).toContain(toOpen?.id);
    expect(ids).not.toContain(toEnded?.id);
    expect(new Set(mineOpen.map((i) => i.conversationId)).has(ended)).toBe(false);

    const about = await list(`/api/v1/interventions?scope=mine&status=all&conversationId=${ended}`, "agentA");
    expect(about.map((i) => i.id)).toEqual([toEnded?.id]);
    // Another's help stays theirs.
    expect(
      await list(`/api/v1/interventions?scope=mine&status=all&conversationId=${ended}`, "agentB"),
    ).toEqual([]);
  });
});

function escalationOf(conversationId: string) {
  return {
    orgId: world.orgId,
    teamId: world.teams.a,
    conversationId,
    kind: "escalation" as const,
    fromPersonId: world.people.agentA.id,
    toPersonId: world.people.leadA.id,
  };
}

async function list(url: string, as: keyof World["people"]): Promise<Listed[]> {
  const res = await world.inject({ method: "GET", url, as });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { interventions: Listed[] }).interventions;
}

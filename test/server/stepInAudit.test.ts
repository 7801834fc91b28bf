import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/* Every step-in is in the audit log: who did what, to which conversation; never what was whispered. */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

const WHISPER = "Offer the refund status link, it answers this.";

describe("the audit log of step-ins", () => {
  it("records whispers, offers and their answers, escalations and their pick-up, with who and where", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "audited-stepins",
        author: world.people.agentA.email,
        role: "agent",
        text: "Hello, how can I help?",
      }),
    );
    const id = r.json().results[0].conversationId as string;
    const step = async (url: string, as: keyof World["people"], payload: Record<string, unknown> = {}) => {
      const res = await world.inject({ method: "POST", url, as, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    await step(`/api/v1/conversations/${id}/step-in`, "peerA", { kind: "whisper", text: WHISPER });
    const offer = await step(`/api/v1/conversations/${id}/step-in`, "peerA", { kind: "takeover_offer" });
    await step(`/api/v1/interventions/${offer.intervention.id}/decline`, "agentA");
    const escalation = await step(`/api/v1/conversations/${id}/escalate`, "agentA", {
      reason: "Refund over my limit",
    });
    await step(`/api/v1/interventions/${escalation.intervention.id}/acknowledge`, "leadA");

    const entries = (await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 }))
      .filter((e) => e.targetType === "conversation" && e.targetId === id)
      .reverse();
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ["whisper.sent", world.people.peerA.id],
      ["takeover.offered", world.people.peerA.id],
      ["takeover.declined", world.people.agentA.id],
      ["escalation.raised", world.people.agentA.id],
      ["escalation.acknowledged", world.people.leadA.id],
    ]);
    expect(entries.every((e) => e.requestId !== null)).toBe(true);
    expect(entries[2]?.details).toMatchObject({
      interventionId: offer.intervention.id,
      helperId: world.people.peerA.id,
    });
    expect(JSON.stringify(entries.map((e) => e.details))).not.toContain("refund status link");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/protocol/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * GET /audit names the people a step-in's entry is about: its sender and receiver, and the people
 * its details hold by id, so the admin reads "Whispered a suggestion to <agent>", not an id.
 */
let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

describe("the audit log's step-ins, by name", () => {
  it("gives each step-in entry its sender and receiver, and the names of the people its details name", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "audit-names",
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
    const whisper = await step(`/api/v1/conversations/${id}/step-in`, "peerA", {
      kind: "whisper",
      text: "Ask for the order number once.",
    });
    const offer = await step(`/api/v1/conversations/${id}/step-in`, "peerA", { kind: "takeover_offer" });
    await step(`/api/v1/interventions/${offer.intervention.id}/decline`, "agentA");
    const escalation = await step(`/api/v1/conversations/${id}/escalate`, "agentA", {
      reason: "Over my limit",
    });
    await step(`/api/v1/interventions/${escalation.intervention.id}/acknowledge`, "leadA");

    const res = await world.inject({
      method: "GET",
      url: `/api/v1/audit?targetType=conversation&targetId=${id}`,
      as: "admin",
    });
    expect(res.statusCode, res.body).toBe(200);
    const entries = (res.json().entries as AuditEntry[]).reverse();
    const byAction = (action: string) => entries.find((e) => e.action === action);
    const { agentA, peerA, leadA } = world.people;

    expect(byAction("whisper.sent")?.stepIn).toEqual({
      kind: "whisper",
      fromPersonId: peerA.id,
      toPersonId: agentA.id,
    });
    expect(byAction("whisper.sent")?.details).toMatchObject({ interventionId: whisper.intervention.id });
    expect(byAction("whisper.sent")?.people).toEqual({
      [peerA.id]: peerA.displayName,
      [agentA.id]: agentA.displayName,
    });
    expect(byAction("takeover.declined")?.people[peerA.id]).toBe(peerA.displayName);
    const raised = byAction("escalation.raised");
    expect(raised?.stepIn?.kind).toBe("escalation");
    const askedId = raised?.stepIn?.toPersonId;
    if (askedId !== null && askedId !== undefined) expect(raised?.people[askedId]).toBeTruthy();
    expect(byAction("escalation.acknowledged")?.people[agentA.id]).toBe(agentA.displayName);
    expect(byAction("escalation.acknowledged")?.actor.id).toBe(leadA.id);
  });
});

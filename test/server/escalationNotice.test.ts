/**
 * An agent is told when a teammate escalates the conversation they handle: a private
 * `conversation.escalated` event addressed to them (with who escalated), and the conversation lists
 * the escalation to them (who, to whom, its state) without its reason, which was written for the
 * supervisor. Before, only the supervisor heard of it and the agent's console showed nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentAConversation, createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world.close();
});

const REASON = "Agent keeps quoting the wrong return window";

interface Listed {
  kind: string;
  status: string;
  fromId: string;
  toId: string | null;
  text: string | null;
}

describe("a conversation escalated by someone else", () => {
  it("tells the agent handling it, privately, who escalated it, and shows it to them without the reason", async () => {
    const id = await agentAConversation(world, "escalated-by-lead");
    const escalated = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/escalate`,
      as: "peerA",
      payload: { reason: REASON },
    });
    expect(escalated.statusCode, escalated.body).toBe(201);
    const interventionId = escalated.json().intervention.id as string;

    const events = await world.store.query<{ type: string; person_id: string | null; payload: unknown }>(
      "SELECT type, person_id, payload FROM events WHERE payload->>'interventionId' = $1 ORDER BY id",
      [interventionId],
    );
    const notice = events.find((e) => e.type === "conversation.escalated");
    expect(notice?.person_id).toBe(world.people.agentA.id);
    expect(notice?.payload).toMatchObject({ conversationId: id, fromPersonId: world.people.peerA.id });

    const detail = await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "agentA" });
    expect(detail.statusCode, detail.body).toBe(200);
    const shown = (detail.json().conversation.interventions as Listed[]).filter(
      (i) => i.kind === "escalation",
    );
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ status: "offered", fromId: world.people.peerA.id, text: null });
    expect(detail.body).not.toContain(REASON);
    // The supervisor still reads the reason.
    const lead = await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" });
    expect(lead.body).toContain(REASON);
  });

  it("sends no notice when the agent escalates their own conversation", async () => {
    const id = await agentAConversation(world, "escalated-by-agent");
    const escalated = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/escalate`,
      as: "agentA",
      payload: { reason: "The customer asks for a manager" },
    });
    expect(escalated.statusCode, escalated.body).toBe(201);
    const events = await world.store.query<{ type: string }>(
      "SELECT type FROM events WHERE payload->>'interventionId' = $1 AND person_id IS NOT NULL",
      [escalated.json().intervention.id],
    );
    expect(events.map((e) => e.type)).toEqual(["escalation.raised"]);
  });
});

/**
 * Taking on an escalation the team's protocol raised settles the alert it came with. The lead was
 * asked twice for one reading, an alert ("needs more authority, suggested: escalate") and the
 * escalation; after "I'm on it" the alert stayed in their alerts as still to answer, and expired a
 * quarter of an hour later as if nobody had acted on it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("taking on an escalation raised by the team's protocol", () => {
  it("marks its alert acted on, and tells the alert's helper", async () => {
    const token = await world.token("agentA", ["ingest"]);
    let conversationId = "";
    const lines: [string, string][] = [
      ["customer", "I returned my headphones two weeks ago and still have no refund."],
      ["agent", "Refunds can take up to 30 business days, so you'll just have to wait."],
      ["customer", "You clearly don't know what you're doing. I want a $50 credit for this."],
      ["agent", "I can't give credits, sorry, that's just the policy. There's nothing I can do about it."],
      [
        "customer",
        "Then get me someone who can. I want to speak to a manager right now, or I'm calling my lawyer.",
      ],
    ];
    for (const [role, text] of lines) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "escalation-alert",
          topic: "refunds",
          role,
          text,
          author: role === "agent" ? "agent.a@example.com" : "Rosa Delgado",
        }),
      );
      expect(r.statusCode).toBe(200);
      conversationId = r.json().results[0].conversationId as string;
    }
    const queue = await world.inject({
      method: "GET",
      url: "/api/v1/interventions?scope=team&kind=escalation",
      as: "leadA",
    });
    const escalation = (
      queue.json().interventions as { id: string; conversationId: string; alertId: string | null }[]
    ).find((i) => i.conversationId === conversationId);
    expect(escalation?.alertId).toBeTruthy();
    const alertId = escalation!.alertId!;
    const before = await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" });
    expect(before.json().alert.status).toBe("raised");
    const helperId = before.json().alert.helperId as string;

    const taken = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${escalation!.id}/acknowledge`,
      as: "leadA",
    });
    expect(taken.statusCode).toBe(200);

    const after = await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" });
    expect(after.json().alert.status).toBe("acted_on");
    const mine = await world.inject({ method: "GET", url: "/api/v1/alerts?scope=mine", as: "leadA" });
    expect((mine.json().alerts as { id: string }[]).some((a) => a.id === alertId)).toBe(false);
    // Its helper hears it is settled (their toast and list follow), and so does everyone else who
    // may read it (the team's and conversation's rooms: `personId` null).
    const events = await world.store.query(
      `SELECT person_id FROM events WHERE type = 'alert.resolved' AND payload->>'alertId' = $1 ORDER BY id`,
      [alertId],
    );
    expect(events.map((e) => e.person_id)).toEqual([helperId, null]);

    // The agent is told a lead took on the conversation tagteam escalated, not one they escalated.
    const told = await world.store.query(
      `SELECT person_id, payload FROM events WHERE type = 'escalation.acknowledged' AND payload->>'interventionId' = $1 AND person_id IS NOT NULL`,
      [escalation!.id],
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.person_id).toBe(world.people.agentA.id);
    expect((told[0]!.payload as { automatic?: boolean }).automatic).toBe(true);

    // Taking it again is refused, and changes nothing.
    const again = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${escalation!.id}/acknowledge`,
      as: "leadA",
    });
    expect(again.statusCode).toBe(409);
  });

  it("a teammate's escalation, taken on, tells them as before (not automatic)", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "escalation-by-teammate",
        topic: "billing",
        role: "customer",
        text: "I was charged twice for March.",
        author: "Marta Quinn",
      }),
    );
    const conversationId = r.json().results[0].conversationId as string;
    const raised = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/escalate`,
      as: "peerA",
      payload: { reason: "A double charge to refund" },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json().intervention.id as string;
    const taken = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${id}/acknowledge`,
      as: "leadA",
    });
    expect(taken.statusCode).toBe(200);
    const told = await world.store.query(
      `SELECT person_id, payload FROM events WHERE type = 'escalation.acknowledged' AND payload->>'interventionId' = $1 AND person_id IS NOT NULL`,
      [id],
    );
    expect(told[0]!.person_id).toBe(world.people.peerA.id);
    expect((told[0]!.payload as { automatic?: boolean }).automatic).toBeUndefined();
  });
});

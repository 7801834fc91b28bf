/**
 * A reading that escalates a conversation to a lead, and asks that same lead to step in, tells them
 * once. Walking loop 1: Lee got "Ana Silva could use your help: you are best placed" and "A
 * conversation was escalated" together for one customer's legal threat. The alert's event to the
 * escalation's supervisor says `escalated: true`, and the web app's toast leaves it to the other.
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

describe("an alert raised with the escalation of its conversation", () => {
  it("tells the supervisor it is the escalation they are told of", async () => {
    const token = await world.token("agentA", ["ingest"]);
    const say = (role: string, text: string) =>
      world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "escalated-once",
          topic: "returns",
          role,
          text,
          ...(role === "agent" ? { author: "agent.a@example.com" } : { author: "Rosa Delgado" }),
        }),
      );
    const first = await say(
      "customer",
      "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit.",
    );
    const conversationId = first.json().results[0].conversationId as string;
    await say("agent", "Sorry, returns are only accepted within 14 days, so I can't take it back.");
    await say("customer", "This is unacceptable. I want to speak to a manager, and I'll take legal action.");
    const rows = await world.store.query(
      `SELECT type, person_id, payload FROM events WHERE conversation_id = $1 AND type IN ('alert.raised', 'escalation.raised')
       ORDER BY id`,
      [conversationId],
    );
    const escalation = rows.find((r) => r.type === "escalation.raised");
    expect(escalation).toBeDefined();
    const supervisor = escalation!.person_id as string;
    const toSupervisor = rows.filter((r) => r.type === "alert.raised" && r.person_id === supervisor);
    expect(toSupervisor.length).toBeGreaterThan(0);
    const last = toSupervisor.at(-1)!.payload as Record<string, unknown>;
    expect(last.escalated).toBe(true);
    // Alerts to anyone else, and earlier ones, are their own news.
    for (const r of rows.filter((r) => r.type === "alert.raised" && r.person_id !== supervisor))
      expect((r.payload as Record<string, unknown>).escalated).toBeUndefined();
  });
});

/**
 * A debrief card is dated at its conversation's close, also when loop 2 makes it later (a sweep
 * after a restart, or a history written straight in the store): the demo's eight weeks of cards
 * all said "today, 4:52 PM", the minute the server started.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("a debrief card's date", () => {
  it("is its conversation's close, not when loop 2 got to it", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    const line = (i: number, role: string, text: string) =>
      message({
        teamId: world.teams.a,
        conversationId: "dated-1",
        senderMessageId: `dated-1-${i}`,
        role,
        text,
        at: new Date(threeDaysAgo + i * 60_000).toISOString(),
        ...(role === "agent" ? { author: world.people.agentA.email } : { author: "Mira Castell" }),
      });
    let id = "";
    for (const [i, [role, text]] of [
      ["customer", "My refund never arrived and I've asked twice."],
      ["agent", "Sorry, I'm not sure, maybe it will come soon."],
    ].entries()) {
      const r = await world.postMessages(token, line(i, role ?? "", text ?? ""));
      expect(r.statusCode, r.body).toBe(200);
      id = r.json().results[0].conversationId;
    }
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/step-in`,
      as: "peerA",
      payload: { kind: "whisper", text: "Give the refund date: it reaches the card within 5 business days." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    const closedAt = new Date(threeDaysAgo + 10 * 60_000).toISOString();
    const closed = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/conversations/close",
      headers: { authorization: `Bearer ${token}` },
      payload: { conversationId: "dated-1", at: closedAt },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();
    const cards = await world.store.query<{ created_at: Date }>(
      `SELECT created_at FROM debriefs WHERE conversation_id = $1`,
      [id],
    );
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(new Date(card.created_at).toISOString()).toBe(closedAt);
  });
});

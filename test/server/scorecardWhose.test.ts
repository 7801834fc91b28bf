/**
 * QA scorecards say what their conversation was about (its topic), in the list and on a card, and
 * still never the customer's name. The list read only the agent's name and a score, so a lead
 * reviewing one agent's cards could tell them apart only by the time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Scorecard } from "../../src/protocol/index.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("whose conversation a scorecard is", () => {
  it("gives the topic in the list and on the card, never the customer's name", async () => {
    const token = await world.token("leadA", ["ingest"]);
    let conversationId = "";
    for (const [i, [role, text]] of [
      ["customer", "Hi, my refund has not arrived after two weeks."],
      [
        "agent",
        "I'm sorry about the wait, Jordan. I've checked: it was sent today and reaches you by Friday.",
      ],
    ].entries()) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "whose-card",
          senderMessageId: `whose-card-${i}`,
          topic: "refunds",
          role,
          text,
          author: role === "customer" ? "Jordan Blake" : world.people.agentA.email,
        }),
      );
      expect(r.statusCode, r.body).toBe(200);
      conversationId = r.json().results[0].conversationId;
    }
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/close`,
      as: "agentA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    await loop2ProcessorOf(world.app.ctx).catchUp();

    const list = await world.inject({ method: "GET", url: "/api/v1/scorecards", as: "leadA" });
    expect(list.statusCode, list.body).toBe(200);
    const listed = (list.json().scorecards as Scorecard[]).find((s) => s.conversationId === conversationId);
    expect(listed).toMatchObject({ topic: "refunds" });
    expect(JSON.stringify(listed)).not.toContain("Jordan");
    const card = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}/scorecard`,
      as: "leadA",
    });
    expect(card.json().scorecard).toMatchObject({ topic: "refunds" });
    expect(JSON.stringify(card.json().scorecard)).not.toContain("Jordan");
  });
});

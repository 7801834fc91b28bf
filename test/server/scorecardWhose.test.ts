/**
 * QA scorecards say whose conversation they are: the customer and the topic, in the list and on a
 * card. The list read only the agent's name and a score, so a lead reviewing one agent's cards could
 * not tell one conversation from another without opening each.
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
  it("names the customer and topic in the list and on the card", async () => {
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
    expect(listed).toMatchObject({ customerName: "Jordan Blake", topic: "refunds" });
    const card = await world.inject({
      method: "GET",
      url: `/api/v1/conversations/${conversationId}/scorecard`,
      as: "leadA",
    });
    expect(card.json().scorecard).toMatchObject({ customerName: "Jordan Blake", topic: "refunds" });
  });
});

/**
 * My numbers count a conversation for one person. A conversation agentA handled and then handed to
 * peerA (a warm transfer) counted under peerA's conversations and closes (its assignee at the end)
 * but under agentA's scorecards (the card scores agentA as its agent): the demo's Cho had 309 closed
 * conversations and 351 scorecards. Each conversation now counts for its agent, the person its
 * scorecard scores as the agent; peerA's part is on their helper card, not in their conversations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, postScript, type World } from "./factories.ts";

let world: World;

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  const conversation = { name: "handed-1", topic: "returns", customer: "Jordan Blake" };
  const conversationId = await postScript(world, token, conversation, [
    ["customer", "My order arrived broken, can I get a replacement?"],
    ["agentA", "Sorry to hear that. Let me pass you to Petra, who handles replacements."],
  ]);
  const transfer = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people.peerA.id },
  });
  expect(transfer.statusCode, transfer.body).toBe(201);
  await postScript(
    world,
    token,
    conversation,
    [
      ["peerA", "Hi, Petra here: a replacement goes out today and you will get the tracking by email."],
      ["customer", "Thanks!"],
    ],
    2,
  );
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "peerA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

const totalOf = async (who: "agentA" | "peerA") => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/numbers/people/${world.people[who].id}?since=2026-03-01T00:00:00Z&until=2026-03-10T00:00:00Z`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().total as { conversations: number; closed: number; scorecards: { count: number } };
};

describe("a conversation handed from one agent to another", () => {
  it("counts for the same person in conversations, closes and scorecards: its agent", async () => {
    const agent = await totalOf("agentA");
    expect(agent).toMatchObject({ conversations: 1, closed: 1, scorecards: { count: 1 } });
    const receiver = await totalOf("peerA");
    expect(receiver).toMatchObject({ conversations: 0, closed: 0, scorecards: { count: 0 } });
  });
});

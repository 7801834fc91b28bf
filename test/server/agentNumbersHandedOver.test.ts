/**
 * My numbers count a conversation for one person. A conversation agentA handled and then handed to
 * peerA (a warm transfer) counted under peerA's conversations and closes (its assignee at the end)
 * but under agentA's scorecards (the card scores agentA as its agent): the demo's Cho had 309 closed
 * conversations and 351 scorecards. Each conversation now counts for its agent, the person its
 * scorecard scores as the agent; peerA's part is on their helper card, not in their conversations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, handedOnAndClosed, type World } from "./factories.ts";

let world: World;

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  await handedOnAndClosed(world, token);
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

/**
 * The history's agent filter and Agent column follow the one rule for whose a conversation is
 * (conversationAgentSql): the person its scorecard scores as the agent, until scored its assignee.
 * The huddle's "check on" link opens the history at `?agentId=`; filtered by the last assignee, a
 * conversation agentA handed to peerA (a warm transfer) was listed under peerA, though the huddle,
 * My numbers and the exports count it as agentA's. Who handles it now stays in `assigneeId`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, handedOnAndClosed, postScript, type World } from "./factories.ts";

let world: World;
let handedOn: string;
let stillOpen: string;

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  handedOn = await handedOnAndClosed(world, token);
  // Handed on too, but still open: not scored yet, so it is its assignee's (and live on the floor).
  const open = { name: "handed-2", topic: "billing", customer: "Rosa Lind" };
  stillOpen = await postScript(world, token, open, [
    ["customer", "I was charged twice this month."],
    ["agentA", "Let me hand you to Petra, she can refund the second charge."],
  ]);
  const second = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${stillOpen}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people.peerA.id },
  });
  expect(second.statusCode, second.body).toBe(201);
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

const history = async (query: Record<string, string>) => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/conversations?${new URLSearchParams({ order: "started", status: "all", ...query }).toString()}`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().conversations as {
    id: string;
    agentId: string | null;
    agentName: string | null;
    assigneeId: string | null;
    assigneeName: string | null;
  }[];
};

describe("the history's agent filter", () => {
  it("lists a scored conversation handed on under its scorecard's agent, not the receiver", async () => {
    const agentA = world.people.agentA.id;
    const peerA = world.people.peerA.id;
    expect((await history({ agentId: agentA })).map((c) => c.id)).toEqual([handedOn]);
    expect((await history({ agentId: peerA })).map((c) => c.id)).toEqual([stillOpen]);
  });

  it("names its agent in the Agent column and who has it now as its assignee", async () => {
    const listed = await history({});
    const scored = listed.find((c) => c.id === handedOn);
    expect(scored).toMatchObject({
      agentId: world.people.agentA.id,
      agentName: "Aaron Agent",
      assigneeId: world.people.peerA.id,
      assigneeName: "Petra Peer",
    });
    // Live: the floor's conversation is the person handling it.
    const live = listed.find((c) => c.id === stillOpen);
    expect(live).toMatchObject({ agentId: world.people.peerA.id, assigneeId: world.people.peerA.id });
  });
});

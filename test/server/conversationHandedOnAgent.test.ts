/**
 * One conversation's detail names whose it is in the history as well as who has it now. Its
 * `agentId` is its assignee (the console and the alerts read it so), while the history lists a
 * conversation handed on under its scorecard's agent: a lead who found agentA's conversation there
 * opened it to read "agent peerA". `creditedAgentId` says agentA; `agentId` still says peerA.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { agentAConversation, createWorld, handedOnAndClosed, type World } from "./factories.ts";

let world: World;
let conversationId: string;

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  conversationId = await handedOnAndClosed(world, token);
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

const detailOf = async (id: string, who: "leadA" | "agentA" | "peerA" = "leadA") => {
  const r = await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: who });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().conversation as Record<string, unknown>;
};

describe("one conversation handed on", () => {
  it("names its history's agent beside who has it now, keeping agentId as its assignee", async () => {
    const detail = await detailOf(conversationId);
    expect(detail).toMatchObject({
      agentId: world.people.peerA.id,
      assigneeId: world.people.peerA.id,
      creditedAgentId: world.people.agentA.id,
      creditedAgentName: "Aaron Agent",
    });
    // The history lists it under the same person.
    const listed = await world.inject({
      method: "GET",
      url: `/api/v1/conversations?ids=${conversationId}&status=all`,
      as: "leadA",
    });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().conversations[0].agentId).toBe(detail.creditedAgentId);
  });

  it("reads the same for both agents in it", async () => {
    for (const who of ["agentA", "peerA"] as const)
      expect(await detailOf(conversationId, who)).toMatchObject({ creditedAgentId: world.people.agentA.id });
  });
});

describe("one conversation never handed on", () => {
  it("names the same person both ways", async () => {
    const id = await agentAConversation(world, "own-conversation");
    expect(await detailOf(id)).toMatchObject({
      agentId: world.people.agentA.id,
      creditedAgentId: world.people.agentA.id,
      creditedAgentName: "Aaron Agent",
    });
  });
});

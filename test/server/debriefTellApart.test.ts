/**
 * Debrief cards can be told apart without the customer's name. An agent helped on two conversations
 * of one topic saw "My card · agent · returns" twice in the Debriefs list (walking loop 1): each
 * card now names the step-in's other people, its conversation's channel, close and short reference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, postScript, type World } from "./factories.ts";

let world: World;
let ingestToken: string;
beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

interface Card {
  conversationId: string;
  personId: string;
  role: string;
  conversationSubject: string | null;
  conversationRef: string;
  channel: string | null;
  conversationClosedAt: string | null;
  agentName: string | null;
  withNames: string[];
}

async function helpedConversation(name: string, helper: "leadA" | "peerA"): Promise<string> {
  const id = await postScript(world, ingestToken, { name, topic: "returns", customer: "Rosa Delgado" }, [
    ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
    ["agentA", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
  ]);
  const whisper = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/step-in`,
    as: helper,
    payload: { kind: "whisper", text: "Returns are 30 days: correct it." },
  });
  expect(whisper.statusCode, whisper.body).toBe(201);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  return id;
}

describe("the Debriefs list", () => {
  it("tells an agent's cards apart by who helped, channel, close and reference, never the customer", async () => {
    const first = await helpedConversation("tell-apart-1", "leadA");
    const second = await helpedConversation("tell-apart-2", "peerA");
    await loop2ProcessorOf(world.app.ctx).catchUp();

    const listed = await world.inject({ method: "GET", url: "/api/v1/debriefs", as: "agentA" });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain("Rosa");
    const mine = (listed.json().debriefs as Card[]).filter((c) => c.personId === world.people.agentA.id);
    const one = mine.find((c) => c.conversationId === first)!;
    const two = mine.find((c) => c.conversationId === second)!;
    expect(one.conversationSubject).toBe(two.conversationSubject);
    expect(one.withNames).toEqual(["Lena Lead"]);
    expect(two.withNames).toEqual(["Petra Peer"]);
    expect(one.conversationRef).toMatch(/^#[0-9A-F]{6}$/);
    expect(one.conversationRef).not.toBe(two.conversationRef);
    expect(one.channel).toBe("chat");
    expect(one.conversationClosedAt).not.toBeNull();
    expect(one.agentName).toBe("Aaron Agent");

    // The helper's card names whom they helped.
    const cards = (
      await world.inject({ method: "GET", url: `/api/v1/debriefs?conversationId=${second}`, as: "peerA" })
    ).json().debriefs as Card[];
    const helper = cards.find((c) => c.personId === world.people.peerA.id)!;
    expect(helper.role).toBe("helper");
    expect(helper.agentName).toBe("Aaron Agent");
    expect(helper.withNames).toEqual(["Aaron Agent"]);
  });
});

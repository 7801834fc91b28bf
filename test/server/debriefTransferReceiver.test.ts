/**
 * Whoever a conversation is handed to gets a debrief card for their part. The receiver of the
 * agent's own warm transfer (in the walk-through, the lead who took the escalation, reassured the
 * customer and closed it) got a scorecard but no debrief: cards went to the agent and to the
 * teammates whose step-ins (signal, whisper, offer) were their own, and a transfer is the agent's.
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

type Who = "customer" | "agentA" | "peerA" | "peer2A";
const CUSTOMER = "Rosa Delgado";

const post = (name: string, lines: [Who, string][], offset: number): Promise<string> =>
  postScript(world, ingestToken, { name, topic: "returns", customer: CUSTOMER }, lines, offset);

const BEFORE: [Who, string][] = [
  ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
  ["agentA", "Sorry, I'm not sure, maybe returns are only 14 days, I think. It's not my fault."],
  ["customer", "You clearly don't know what you're doing. Get me someone who can."],
];
const AFTER: [Who, string][] = [
  [
    "peerA",
    "Hi Rosa, I'm sorry for the confusion. You can return it within 30 days of delivery, so the jacket is fine to send back.",
  ],
  ["customer", "Oh good, thank you."],
  ["peerA", "I'll email you the return label today, Rosa. Is there anything else I can help with?"],
  ["customer", "No, that's all. Thanks!"],
];

interface Card {
  personId: string;
  role: string;
  wentWell: string[];
  tricky: string[];
  tryNext: string;
}

async function cardsOf(conversationId: string): Promise<Card[]> {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/debriefs?conversationId=${conversationId}`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().debriefs as Card[];
}

async function closeAndProcess(conversationId: string): Promise<void> {
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
}

describe("the debrief of a warm transfer's receiver", () => {
  it("the agent hands it over: the receiver gets a card about their own part, beside the agent's", async () => {
    const conversationId = await post("debrief-transfer-1", BEFORE, 0);
    const moved = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/transfer`,
      as: "agentA",
      payload: { toPersonId: world.people.peerA.id, note: "Return window question" },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    await post("debrief-transfer-1", AFTER, BEFORE.length);
    await closeAndProcess(conversationId);

    const cards = await cardsOf(conversationId);
    const agent = cards.find((c) => c.personId === world.people.agentA.id);
    const receiver = cards.find((c) => c.personId === world.people.peerA.id);
    expect(agent?.role).toBe("agent");
    expect(receiver?.role).toBe("helper");
    // Their own handling: the customer's name, the right window, a next step; none of the agent's lines.
    const text = [...receiver!.wentWell, ...receiver!.tricky, receiver!.tryNext].join(" ");
    expect(receiver!.wentWell.length).toBeGreaterThan(0);
    expect(text).not.toContain("14 days");
    expect(text).not.toContain("not my fault");
  });

  it("beside a teammate who whispered, the receiver's card is not the whisperer's", async () => {
    const conversationId = await post("debrief-transfer-2", BEFORE, 0);
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: "peer2A",
      payload: { kind: "whisper", text: "Returns are 30 days: correct it and apologise." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    const moved = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/transfer`,
      as: "agentA",
      payload: { toPersonId: world.people.peerA.id },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    await post("debrief-transfer-2", AFTER, BEFORE.length);
    await closeAndProcess(conversationId);

    const cards = await cardsOf(conversationId);
    expect(cards.map((c) => c.personId).sort()).toEqual(
      [world.people.agentA.id, world.people.peerA.id, world.people.peer2A.id].sort(),
    );
    const whisperer = cards.find((c) => c.personId === world.people.peer2A.id)!;
    const receiver = cards.find((c) => c.personId === world.people.peerA.id)!;
    expect(receiver.wentWell).not.toEqual(whisperer.wentWell);
  });
});

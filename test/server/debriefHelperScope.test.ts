/**
 * A helper's debrief card is about their own step-ins. With a whisper from one teammate and, later,
 * a takeover by another, the whisperer's card read "The customer calmed after you stepped in" when
 * the customer calmed only once the other teammate had taken over, and it could list step-ins that
 * were the other teammate's (walk of loop 1, stop 24).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptedTakeover,
  closeAndReadDebriefs,
  createWorld,
  postScriptInTurns,
  type World,
} from "./factories.ts";

let world: World;
let ingestToken: string;
beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

describe("a helper's debrief card", () => {
  it("judges their own step-in by the customer until another teammate stepped in, not after", async () => {
    const conversation = { name: "debrief-helper-scope", topic: "returns", customer: "Rosa Delgado" };
    const post = postScriptInTurns(world, ingestToken, conversation);
    const id = await post([
      ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
      ["agentA", "Sorry, I'm not sure, maybe returns are only 14 days, I think. It's not my fault."],
      ["customer", "That's ridiculous. This is the worst service I've ever had."],
    ]);
    const whisper = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/step-in`,
      as: "leadA",
      payload: { kind: "whisper", text: "Returns are 30 days: correct it and apologise." },
    });
    expect(whisper.statusCode, whisper.body).toBe(201);
    await post([
      ["agentA", "Like I said, it's policy, I can't do anything."],
      ["customer", "Unbelievable. I want to speak to someone else right now, this is a joke!"],
    ]);
    await acceptedTakeover(world, id, "peerA");
    await post([
      [
        "peerA",
        "Hi Rosa, I'm sorry for the confusion. You can return it within 30 days, so the jacket is fine.",
      ],
      ["customer", "Oh good, thank you, that's a relief."],
      ["peerA", "I'll email you the return label today. Anything else?"],
      ["customer", "No, that's all. Thanks!"],
    ]);

    const cards = await closeAndReadDebriefs(world, id);
    const whisperer = cards.find((c) => c.personId === world.people.leadA.id);
    const taker = cards.find((c) => c.personId === world.people.peerA.id);
    expect(whisperer).toBeDefined();
    expect(taker).toBeDefined();
    const whispererText = [...whisperer!.wentWell, ...whisperer!.tricky].join(" ");
    expect(whispererText).not.toMatch(/calmed after you stepped in/);
    expect(whispererText).not.toMatch(/take over|takeover/i);
    expect([...taker!.wentWell, ...taker!.tricky].join(" ")).toMatch(/calmed after you stepped in/);
  });
});

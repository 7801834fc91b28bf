/**
 * An alert's step is the one its suggestion was written for. A card that leads with a suggestion
 * carried over from an earlier alert (a wrong fact to correct, a personal attack to answer) took
 * the new reading's rung: the lead read "suggested: Signal support" above a whisper to send.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, message, raisedAlertOn, wrongReturnWindow, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("the step on a card that carries an earlier suggestion", () => {
  it("stays a whisper when the wrong fact's correction leads over a new reading's signal", async () => {
    const { conversationId, say } = await wrongReturnWindow(world, "card-step-wrong-fact");
    expect((await raisedAlertOn(world, conversationId)).rung).toBe("whisper");
    await say(
      "customer",
      "I was charged twice for the jacket too, there are two payments on my card statement.",
    );
    await say("agent", "Sorry about that.");
    await say("customer", "So will you refund the double charge?");
    // The apologies about a billing error are a signal; the 14 days still stand uncorrected, and
    // the card leads with the whisper correcting them.
    await say("agent", "Sorry, really sorry. I'm so sorry, I apologise.");
    const card = await raisedAlertOn(world, conversationId);
    expect(card.reasons).toEqual(["not_solution_focused", "wrong_information"]);
    expect(card.suggestion).toContain("Items can be returned within 30 days of delivery.");
    expect(card.rung).toBe("whisper");
  });

  it("stays a whisper when the answer to a personal attack leads over the apologies' signal", async () => {
    const token = await world.token("agentA", ["ingest"]);
    let conversationId = "";
    const say = async (role: "customer" | "agent", text: string) => {
      const res = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "card-step-attack",
          topic: "shipping",
          role,
          text,
          author: role === "agent" ? world.people.agentA.email : "Rosa Delgado",
        }),
      );
      expect(res.statusCode, res.body).toBe(200);
      conversationId = res.json().results[0].conversationId as string;
    };
    await say("customer", "My parcel still hasn't arrived and I'm getting annoyed.");
    await say("agent", "Sorry about that. What's your order number?");
    await say("customer", "You are useless. You clearly don't know what you're doing.");
    expect((await raisedAlertOn(world, conversationId)).rung).toBe("whisper");
    await say("agent", "Sorry, really sorry.");
    await say("customer", "Okay but where is it?");
    await say("agent", "I'm so sorry, I apologise.");
    const card = await raisedAlertOn(world, conversationId);
    expect(card.reasons).toEqual(["not_solution_focused", "customer_reacting_to_agent"]);
    expect(card.suggestion).toContain("It's not personal");
    expect(card.rung).toBe("whisper");
  });
});

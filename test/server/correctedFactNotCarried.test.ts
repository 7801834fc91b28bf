/**
 * A wrong fact the agent has since put right is no longer one to correct. An open alert carried its
 * "Correct it before it sticks" whisper onto the next reading's card even after the agent stated the
 * fact rightly (the engine's newest fact check agreed), so the helper was asked to correct what was
 * already correct.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, raisedAlertOn, teamAlertsOn, wrongReturnWindow, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("a carried wrong fact the agent has since corrected", () => {
  it("is left off the next reading's card", async () => {
    const { conversationId, alertId, say } = await wrongReturnWindow(world, "corrected-fact-not-carried");
    const first = await raisedAlertOn(world, conversationId);
    expect(first.id).toBe(alertId);
    expect(first.suggestion).toContain("Correct it before it sticks");
    // The agent puts it right: the engine's check of the return window now agrees.
    await say("agent", "I need to correct what I said: items can be returned within 30 days of delivery.");
    // The wrong fact was all that alert was about: the correction ends it (correctedFactOpenAlert).
    expect((await teamAlertsOn(world, conversationId)).find((a) => a.id === alertId)?.status).toBe("expired");
    await say(
      "customer",
      "I was charged twice for the jacket too, there are two payments on my card statement.",
    );
    await say("agent", "Sorry about that.");
    await say("customer", "So will you refund the double charge?");
    await say("agent", "Sorry, really sorry. I'm so sorry, I apologise.");
    const card = await raisedAlertOn(world, conversationId);
    expect(card.id).not.toBe(alertId);
    expect(card.reasons).toEqual(["not_solution_focused"]);
    expect(card.suggestion ?? "").not.toContain("Correct it before it sticks");
    expect(card.factId ?? null).toBeNull();
    expect(card.rung).toBe("signal");
  });
});

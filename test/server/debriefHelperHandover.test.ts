/**
 * A helper's debrief card judges how the customer took their step-in only until the conversation was
 * handed to someone else. Walking loop 1: Ben signalled, the customer grew angrier and asked for a
 * manager, Ana handed them to Lee by warm transfer and Lee calmed them; Ben's card read "The
 * customer calmed after you stepped in".
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

describe("a helper's debrief card after the agent handed the conversation on", () => {
  it("does not credit the helper with the calm that came after the handover", async () => {
    const conversation = { name: "debrief-helper-handover", topic: "returns", customer: "Rosa Delgado" };
    const post = postScriptInTurns(world, ingestToken, conversation);
    const id = await post([
      ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
      ["agentA", "Sorry, I'm not sure, maybe returns are only 14 days, I think."],
    ]);
    const signal = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/step-in`,
      as: "peerA",
      payload: { kind: "signal" },
    });
    expect(signal.statusCode, signal.body).toBe(201);
    await post([
      ["customer", "This is ridiculous. Nobody ever gets back to me and I'm really frustrated!"],
      ["agentA", "I'm sorry, I'm not sure what else I can do."],
      ["customer", "Unbelievable. I want to speak to a manager right now, this is a joke!"],
    ]);
    const moved = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/transfer`,
      as: "agentA",
      payload: { toPersonId: world.people.leadA.id },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    await post([
      ["leadA", "Hi Rosa, I'm the team lead. You can return it within 30 days, so the jacket is fine."],
      ["customer", "Oh good, thank you, that's a relief."],
      ["leadA", "I'll email you the return label today. Anything else?"],
      ["customer", "No, that's all. Thanks!"],
    ]);
    const cards = await closeAndReadDebriefs(world, id);
    const signaller = cards.find((c) => c.personId === world.people.peerA.id);
    expect(signaller).toBeDefined();
    const text = [...signaller!.wentWell, ...signaller!.tricky].join(" ");
    expect(text).not.toMatch(/calmed after you stepped in/);
    expect(text).not.toMatch(/left satisfied/);
    // The agent who handed the customer on is told that went well.
    const agent = cards.find((c) => c.personId === world.people.agentA.id);
    expect(agent?.wentWell).toContain(
      "You handed the customer on with a summary, so they did not have to start again.",
    );
  });

  it("tells an agent who accepted a teammate's offer to take over that it went well", async () => {
    const conversation = { name: "debrief-agent-accepted", topic: "returns", customer: "Rosa Delgado" };
    const post = postScriptInTurns(world, ingestToken, conversation);
    const id = await post([
      ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
      ["agentA", "Sorry, I'm not sure, maybe returns are only 14 days, I think."],
      ["customer", "This is ridiculous. I'm really frustrated!"],
    ]);
    await acceptedTakeover(world, id, "leadA");
    await post([
      ["leadA", "Hi Rosa, you can return it within 30 days, so the jacket is fine."],
      ["customer", "Thanks, that's all."],
    ]);
    const cards = await closeAndReadDebriefs(world, id);
    const agent = cards.find((c) => c.personId === world.people.agentA.id);
    expect(agent?.wentWell).toContain(
      "You said yes when a teammate offered to take over, so the customer had help sooner.",
    );
    const lead = cards.find((c) => c.personId === world.people.leadA.id);
    expect(lead?.wentWell.join(" ")).not.toMatch(/said yes when a teammate offered/);
  });
});

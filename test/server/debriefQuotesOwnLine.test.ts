/**
 * A debrief card's points quote their reader's own line, not the engine's two or three words of
 * it: the agent's card said 'You named how the customer felt ("I understand how")' and 'You gave a
 * concrete next step ("I'm bringing in")', and the helper's 'You started low on the ladder
 * (whisper)' without what they whispered (found walking loops 2 and 3 on the demo). Over in-process
 * HTTP, real PGlite store, the real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, postScript, type World } from "./factories.ts";

let world: World;
let conversationId = "";
const EMPATHY = "I understand how frustrating it is to wait for your money.";
const UNSURE = "Um, I think it might take a while, I'm not sure.";
const WHISPER = "Give her the five-day timeline and a date.";

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  const conversation = { name: "debrief-own-line", topic: "refunds", customer: "Rosa Delgado" };
  conversationId = await postScript(world, token, conversation, [
    ["customer", "My refund still hasn't arrived and it's been two weeks. This is really annoying."],
    ["agentA", UNSURE],
    ["customer", "That's ridiculous, I need that money back."],
  ]);
  const whisper = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/step-in`,
    as: "leadA",
    payload: { kind: "whisper", text: WHISPER },
  });
  expect(whisper.statusCode, whisper.body).toBe(201);
  await postScript(
    world,
    token,
    conversation,
    [
      ["agentA", `${EMPATHY} I'll email you the refund confirmation by Friday.`],
      ["customer", "OK, thank you, that helps."],
    ],
    3,
  );
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
});
afterAll(async () => {
  await world?.close();
});

type Card = { role: string; wentWell: string[]; tricky: string[] };
const card = async (as: "agentA" | "leadA", role: string): Promise<Card> => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/debriefs?conversationId=${conversationId}`,
    as,
  });
  expect(r.statusCode, r.body).toBe(200);
  const found = (r.json().debriefs as (Card & { personId: string })[]).find(
    (d) => d.role === role && d.personId === world.people[as].id,
  );
  expect(found).toBeDefined();
  return found as Card;
};

describe("a debrief card's points", () => {
  it("quote the agent's own sentence, not the cue's words", async () => {
    const mine = await card("agentA", "agent");
    expect(mine.wentWell).toContain(`You named how the customer felt ("${EMPATHY}").`);
    expect(mine.tricky).toContain(`An answer sounded unsure ("${UNSURE}").`);
    // A quote that ends its point ends it: no '…by Friday.".' after the closing quote.
    expect(mine.wentWell).toContain(
      `You gave a clear commitment: "I'll email you the refund confirmation by Friday."`,
    );
  });

  it("quote what the helper whispered", async () => {
    const helper = await card("leadA", "helper");
    expect(helper.wentWell.join(" ")).toContain(`with a whisper ("${WHISPER}")`);
  });
});

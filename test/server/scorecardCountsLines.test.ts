import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedConversationAt, createWorld, type World } from "./factories.ts";

/*
 * A QA scorecard counts what its notes say it counts: answers, repeats, requests, promises, not
 * the cues the engine found in them. One unsure answer with three hedges ("I think", "might be",
 * "I'm not sure") read "3 hedged or vague answers" and cost accuracy a point the rule keeps for two
 * or more answers; one customer line with two signs of repeating ("I already told you… Are you
 * even reading…") read "had to repeat themself twice"; one promise ("I'll call you back on
 * Tuesday…") was two steps taken on. A lead checking the card against the transcript found three
 * numbers the transcript did not show. Over in-process HTTP, real PGlite store, the real engine.
 */

let world: World;
let conversationId = "";

const LINES = [
  ["customer", "Hi, my parcel never arrived and I need it sent somewhere else."],
  ["agent", "Um, so, basically I think it might be with the courier, I'm not sure to be honest."],
  ["customer", "Where is it? I need it by the weekend."],
  ["agent", "Can you give me your order number again?"],
  ["customer", "I already told you, it's 48213! Are you even reading my messages? This is ridiculous."],
  ["agent", "I understand how frustrating this is. I'll call you back on Tuesday with the tracking update."],
] as const;

beforeAll(async () => {
  world = await createWorld();
  conversationId = await closedConversationAt(
    world,
    { name: "qa-lines", topic: "shipping", startIso: "2026-03-18T10:00:00Z", stepMs: 40_000 },
    LINES,
  );
});
afterAll(async () => {
  await world?.close();
});

type Item = { item: string; score: number; note: string; evidence: { index: number; cueKind: string }[] };
const items = async (): Promise<Map<string, Item>> => {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${conversationId}/scorecard`,
    as: "leadA",
  });
  expect(r.statusCode, r.body).toBe(200);
  return new Map((r.json().scorecard.items as Item[]).map((i) => [i.item, i]));
};

describe("a QA scorecard's counts", () => {
  it("count one unsure answer once, whatever its hedges, and keep every hedge as evidence", async () => {
    const accuracy = (await items()).get("accuracy");
    expect(accuracy?.evidence.filter((e) => e.cueKind === "hedging").length).toBeGreaterThanOrEqual(2);
    expect(new Set(accuracy?.evidence.map((e) => e.index))).toEqual(new Set([1]));
    expect(accuracy?.note).toBe("No claim matched a knowledge-base fact; 1 hedged or vague answer.");
    expect(accuracy?.score).toBe(4);
  });

  it("count a customer's line of repeating once, and a promise once", async () => {
    const card = await items();
    const listening = card.get("active_listening");
    expect(listening?.evidence.filter((e) => e.cueKind === "repetition").length).toBeGreaterThanOrEqual(2);
    expect(listening?.note).toMatch(/the customer had to repeat themself once\.$/);
    expect(card.get("ownership")?.note).toMatch(/^1 commitment or concrete step taken on;/);
    // Shown once too: the promise, not also its own "I'll call".
    for (const item of ["ownership", "clear_next_steps"])
      expect(card.get(item)?.evidence.filter((e) => e.index === 5 && e.cueKind !== "empathy")).toEqual([
        expect.objectContaining({ cueKind: "commitment" }),
      ]);
    expect(card.get("clear_next_steps")?.note).toMatch(
      /^1 concrete next step or commitment, one in the closing messages;/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { sameSituation, situationWords } from "./situations.ts";

const same = (a: string, b: string): boolean => sameSituation(situationWords(a), situationWords(b));

describe("sameSituation", () => {
  // The demo's billing case, as its six customers open it.
  const cancelled = [
    "I cancelled my subscription in March and you've charged me for three more months. I want all of it back.",
    "You've kept charging me for three months after I cancelled in March. I want all of it refunded.",
    "I cancelled in March. Why have I been billed three more times since? I want every penny back.",
    "Three months of charges after I cancelled my subscription in March. Refund all of it.",
    "My subscription was cancelled in March and you've still taken three payments. I want them all back.",
    "I cancelled in March and I've been charged for three more months anyway. I want all of it returned.",
  ];

  it("finds one situation in openings worded differently", () => {
    for (const a of cancelled) for (const b of cancelled) expect(same(a, b), `${a} / ${b}`).toBe(true);
  });

  it("keeps apart different situations, even on the same topic", () => {
    const others = [
      "Hi, [PERSON] here, [EMAIL]. My order is [REFERENCE] and I was charged twice.",
      "Why was I charged a late fee when I paid on the due date?",
      "My account says it's locked and I need my invoice for work today. I'm getting really frustrated.",
      "When will my order [REFERENCE] arrive?",
      "Hello, just checking you received the boots I returned last week?",
    ];
    for (const [i, a] of [...others, cancelled[0] ?? ""].entries())
      for (const [j, b] of [...others, cancelled[0] ?? ""].entries())
        if (i !== j) expect(same(a, b), `${a} / ${b}`).toBe(false);
  });
});

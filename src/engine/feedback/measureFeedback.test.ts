import { describe, expect, it } from "vitest";
import labelled from "./feedbackSentences.json" with { type: "json" };
import { FEEDBACK_ISSUE_KINDS } from "./checkFeedback.ts";
import { measureFeedbackChecker, type LabelledFeedback } from "./measureFeedback.ts";

const items = (labelled as { items: LabelledFeedback[] }).items;

describe("feedbackSentences.json (the labelled set we wrote)", () => {
  it("has at least 150 unique sentences, valid flags and both splits", () => {
    expect(items.length).toBeGreaterThanOrEqual(150);
    expect(new Set(items.map((i) => i.text)).size).toBe(items.length);
    for (const item of items) for (const flag of item.flags) expect(FEEDBACK_ISSUE_KINDS).toContain(flag);
    expect(items.filter((i) => i.split === "heldout").length).toBeGreaterThanOrEqual(50);
    for (const kind of FEEDBACK_ISSUE_KINDS) expect(items.some((i) => i.flags.includes(kind))).toBe(true);
  });
});

describe("measureFeedbackChecker", () => {
  it("counts per-kind and whole-text decisions exactly", () => {
    const m = measureFeedbackChecker([
      {
        id: "a",
        split: "tune",
        text: "You're lazy.",
        flags: ["judgement_of_person", "no_behaviour", "no_suggestion"],
      },
      { id: "b", split: "tune", text: "Great job!", flags: [] },
      { id: "c", split: "tune", text: "Thanks for covering.", flags: [] },
    ]);
    const judgement = m.perKind.find((k) => k.kind === "judgement_of_person");
    expect(judgement).toMatchObject({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1 });
    // "Great job!" is flagged but labelled clean here: a whole-text false positive.
    expect(m.overall.tp).toBe(1);
    expect(m.overall.fp).toBeGreaterThanOrEqual(1);
    expect(m.errors.map((e) => e.id)).toContain("b");
  });

  it("on the held-out split the checker finds flagged texts with precision and recall ≥ 0.8", () => {
    // Regression floor, well under the figure in docs/EVALUATION-LOOP2.md, so rule changes that
    // break the checker fail here.
    const m = measureFeedbackChecker(items.filter((i) => i.split === "heldout"));
    expect(m.overall.precision).toBeGreaterThanOrEqual(0.8);
    expect(m.overall.recall).toBeGreaterThanOrEqual(0.8);
    expect(m.micro.f1).toBeGreaterThanOrEqual(0.8);
  });
});

// The shipped models load and read obvious sentences the obvious way.
import { describe, expect, it } from "vitest";
import { EMOTION_LABELS, scoreCustomerText, scorePoliteness, type EmotionLabel } from "./index.ts";

function topLabel(text: string): EmotionLabel {
  const scores = scoreCustomerText(text);
  return EMOTION_LABELS.reduce((best, label) => (scores[label] > scores[best] ? label : best));
}

describe("scoreCustomerText", () => {
  it("returns five probabilities that sum to 1", () => {
    const scores = scoreCustomerText("Where is my parcel?");
    expect(Object.keys(scores).sort()).toEqual([...EMOTION_LABELS].sort());
    const sum = EMOTION_LABELS.reduce((total, label) => total + scores[label], 0);
    expect(sum).toBeCloseTo(1, 9);
    for (const label of EMOTION_LABELS) expect(scores[label]).toBeGreaterThanOrEqual(0);
  });

  it("reads obvious sentences correctly", () => {
    expect(topLabel("Thank you so much, that fixed it!")).toBe("satisfied");
    expect(topLabel("I'm so angry, you people are useless and disgusting")).toBe("angry");
    expect(topLabel("I don't understand, what do you mean by that?")).toBe("confused");
    expect(topLabel("My order number is 4471.")).toBe("neutral");
    const fed = scoreCustomerText("This is ridiculous, I've waited two weeks and nobody answers!");
    expect(fed.frustrated + fed.angry).toBeGreaterThan(0.5);
  });

  it("handles empty and odd input without throwing", () => {
    for (const text of ["", "   ", "!!!", "#PRS_ORG# #NUMBER#", "😡😡😡"]) {
      const scores = scoreCustomerText(text);
      expect(EMOTION_LABELS.reduce((t, l) => t + scores[l], 0)).toBeCloseTo(1, 9);
    }
  });

  it("is deterministic", () => {
    const text = "Still not working after three calls, this is a joke.";
    expect(scoreCustomerText(text)).toEqual(scoreCustomerText(text));
  });
});

describe("scorePoliteness", () => {
  it("scores a courteous request above a curt one", () => {
    const polite = scorePoliteness("Hi, would you mind taking a look when you have a moment? Thanks!");
    const curt = scorePoliteness("Why would you do that?");
    expect(polite).toBeGreaterThan(0.7);
    expect(curt).toBeLessThan(0.5);
    expect(polite).toBeLessThanOrEqual(1);
    expect(curt).toBeGreaterThanOrEqual(0);
  });
});

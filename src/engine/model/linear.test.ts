// The fast text path must give exactly what the training-time feature path gives.
import { describe, expect, it } from "vitest";
import customerEmotionJson from "../../../models/customer-emotion.json" with { type: "json" };
import { extractFeatures, extractLexicalFeatures, tokenize } from "./features.ts";
import { compileLinearModel, computeLogits, computeTextLogits, softmaxInPlace } from "./linear.ts";

const TEXTS = [
  "",
  "Thank you so much, that fixed it!",
  "WHY is this STILL not working??? I've been waiting for three weeks!!",
  "I don't understand what you mean by that",
  "My order #NUMBER# from #PRS_ORG# never arrived, sooo annoying",
  "it's 'quoted' and ’curly’ and don’t",
];

describe("computeTextLogits", () => {
  const model = compileLinearModel(customerEmotionJson);

  it("equals computeLogits over extractFeatures, bit for bit", () => {
    for (const text of TEXTS) {
      const tokens = tokenize(text);
      const fast = computeTextLogits(model, tokens, extractLexicalFeatures(text, tokens.length));
      expect(Array.from(fast)).toEqual(Array.from(computeLogits(model, extractFeatures(text))));
    }
  });

  it("softmax gives probabilities that sum to 1", () => {
    const p = softmaxInPlace(computeLogits(model, extractFeatures("still waiting")));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe("compileLinearModel", () => {
  it("rejects a model whose weights do not match its features", () => {
    expect(() =>
      compileLinearModel({
        name: "bad",
        labels: ["a", "b"],
        scale: 1,
        features: ["x"],
        weights: [1],
        bias: [0, 0],
      }),
    ).toThrow(/weights has 1 entries, expected 2/);
  });
});

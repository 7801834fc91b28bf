// `npm run train` must be deterministic, and the shipped weights must be what it produces.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractFeatures } from "../src/engine/model/features.ts";
import { describeMissingDataset, hasDataset, REPO_ROOT } from "./datasets/paths.ts";
import {
  buildEmotionTrainingSet,
  buildPolitenessTrainingSet,
  EMOTION_TRAINING_OPTIONS,
  POLITENESS_TRAINING_OPTIONS,
  trainSoftmaxRegression,
  type TrainingExample,
} from "./train.ts";

function readShipped(name: string): unknown {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, "models", `${name}.json`), "utf8"));
}

describe("trainSoftmaxRegression", () => {
  const toy: TrainingExample[] = [
    ["thanks so much this is great", 1],
    ["great help thank you", 1],
    ["this is terrible and useless", 0],
    ["useless answer again", 0],
    ["thank you great", 1],
    ["terrible terrible service", 0],
  ].map(([text, label]) => ({
    features: extractFeatures(text as string),
    target: label === 1 ? [0, 1] : [1, 0],
  }));
  const options = { ...POLITENESS_TRAINING_OPTIONS, name: "toy", minCount: 1, maxFeatures: 10 };

  it("gives identical weights when run twice on the same data", () => {
    expect(JSON.stringify(trainSoftmaxRegression(toy, options))).toBe(
      JSON.stringify(trainSoftmaxRegression(toy, options)),
    );
  });

  it("changes with the seed (the shuffle is really seeded)", () => {
    const other = trainSoftmaxRegression(toy, { ...options, seed: options.seed + 1 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(trainSoftmaxRegression(toy, options)));
  });

  it("keeps at most maxFeatures features and learns the obvious direction", () => {
    const json = trainSoftmaxRegression(toy, options);
    expect(json.features.length).toBeLessThanOrEqual(10);
    const row = json.features.indexOf("useless");
    const great = json.features.indexOf("great");
    expect(row === -1 && great === -1).toBe(false);
    if (great >= 0) expect(json.weights[great * 2 + 1]).toBeGreaterThan(json.weights[great * 2] ?? 0);
  });
});

describe.skipIf(!hasDataset("goemotions"))("customer-emotion training (GoEmotions)", () => {
  it("is deterministic on a slice: two runs give identical weights", () => {
    const { examples } = buildEmotionTrainingSet();
    const slice = examples.slice(0, 3000);
    const options = { ...EMOTION_TRAINING_OPTIONS, maxFeatures: 2000, epochs: 2 };
    const a = JSON.stringify(trainSoftmaxRegression(slice, options));
    const b = JSON.stringify(trainSoftmaxRegression(slice, options));
    expect(a).toBe(b);
  });

  it("reproduces the shipped models/customer-emotion.json exactly", () => {
    const { examples } = buildEmotionTrainingSet();
    expect(trainSoftmaxRegression(examples, EMOTION_TRAINING_OPTIONS)).toEqual(
      readShipped("customer-emotion"),
    );
  });
});
if (!hasDataset("goemotions")) console.warn(describeMissingDataset("goemotions"));

describe.skipIf(!hasDataset("stanford_politeness"))("politeness training (Stanford Politeness)", () => {
  it("reproduces the shipped models/politeness.json exactly", () => {
    const { examples } = buildPolitenessTrainingSet();
    expect(trainSoftmaxRegression(examples, POLITENESS_TRAINING_OPTIONS)).toEqual(readShipped("politeness"));
  });
});
if (!hasDataset("stanford_politeness")) console.warn(describeMissingDataset("stanford_politeness"));

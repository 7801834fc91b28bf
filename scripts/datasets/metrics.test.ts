import { describe, expect, it } from "vitest";
import {
  chooseAccuracyThreshold,
  chooseF1Threshold,
  computeBinaryMetrics,
  computeMacroF1,
  computeRocAuc,
  hashString,
} from "./metrics.ts";

describe("computeBinaryMetrics", () => {
  it("counts a small confusion matrix", () => {
    const m = computeBinaryMetrics([true, true, false, false, true], [true, false, true, false, true]);
    expect([m.tp, m.fp, m.fn, m.tn]).toEqual([2, 1, 1, 1]);
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3);
    expect(m.accuracy).toBeCloseTo(3 / 5);
  });

  it("gives 0, not NaN, when nothing is predicted positive", () => {
    const m = computeBinaryMetrics([false, false], [true, false]);
    expect(m.precision).toBe(0);
    expect(m.f1).toBe(0);
  });

  it("rejects arrays of different lengths", () => {
    expect(() => computeBinaryMetrics([true], [])).toThrow(/length mismatch/);
  });
});

describe("computeRocAuc", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties", () => {
    expect(computeRocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(computeRocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(computeRocAuc([0.5, 0.5, 0.5, 0.5], [false, true, false, true])).toBe(0.5);
  });

  it("matches the pairwise definition on a mixed case", () => {
    // positives 0.4, 0.8; negatives 0.1, 0.4, 0.9 → pairs won: (0.4>0.1)=1, (0.4=0.4)=.5, (0.8>0.1)=1, (0.8>0.4)=1
    expect(computeRocAuc([0.4, 0.8, 0.1, 0.4, 0.9], [true, true, false, false, false])).toBeCloseTo(3.5 / 6);
  });

  it("is NaN with a single class", () => {
    expect(computeRocAuc([0.1, 0.2], [true, true])).toBeNaN();
  });
});

describe("computeMacroF1", () => {
  it("credits a prediction that is one of several true labels, and counts the others as missed", () => {
    const { macroF1, perLabel } = computeMacroF1([0, 1], [new Set([0, 1]), new Set([1])], 2);
    // label 0: 1 hit, no false alarm; label 1: 1 hit, missed once (first comment) → P 1, R 0.5.
    expect(perLabel[0]).toBe(1);
    expect(perLabel[1]).toBeCloseTo(2 / 3);
    expect(macroF1).toBeCloseTo(5 / 6);
  });
});

describe("chooseF1Threshold", () => {
  it("picks the cut that separates the classes", () => {
    expect(chooseF1Threshold([0.1, 0.2, 0.7, 0.9], [false, false, true, true])).toBe(0.7);
  });
});

describe("hashString", () => {
  it("is stable across runs (FNV-1a)", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
  });
});

describe("chooseAccuracyThreshold", () => {
  it("picks the cut with the fewest errors", () => {
    expect(chooseAccuracyThreshold([0.1, 0.3, 0.6, 0.8], [false, true, false, true])).toBe(0.3);
  });
});

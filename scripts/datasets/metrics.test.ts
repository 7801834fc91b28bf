import { describe, expect, it } from "vitest";
import {
  baggedThresholdCuts,
  chooseAccuracyThreshold,
  chooseBaggedThreshold,
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

describe("chooseBaggedThreshold", () => {
  /** Rows in blocks of one score: [score, positives, negatives]. */
  function rowsOf(blocks: readonly (readonly [number, number, number])[]): {
    scores: number[];
    truth: boolean[];
  } {
    const scores: number[] = [];
    const truth: boolean[] = [];
    for (const [score, positives, negatives] of blocks) {
      for (let i = 0; i < positives + negatives; i += 1) {
        scores.push(score);
        truth.push(i < positives);
      }
    }
    return { scores, truth };
  }
  // An F1 curve with two near-equal peaks (as MAIA-DQE's engine frustration on train+val had):
  // F1 0.4706 at 0.8 and 0.4715 at 0.4, a shallow valley (0.4500) at 0.6 between them.
  const peaks = [
    [0.9, 60, 20],
    [0.8, 20, 40],
    [0.6, 10, 50],
    [0.4, 30, 79],
    [0.2, 80, 800],
  ] as const;
  const before = rowsOf(peaks);
  // A tiny perturbation: two more negatives at 0.4 (2 rows among 1,189) put the 0.4 peak at 0.4697.
  const after = rowsOf(peaks.map(([s, p, n]) => [s, p, s === 0.4 ? n + 2 : n] as const));
  const f1At = (rows: { scores: number[]; truth: boolean[] }, cut: number): number =>
    computeBinaryMetrics(
      rows.scores.map((s) => s >= cut),
      rows.truth,
    ).f1;

  it("is given a curve whose plain best-F1 cut jumps from one peak to the other", () => {
    expect(f1At(before, 0.4)).toBeGreaterThan(f1At(before, 0.8));
    expect(f1At(after, 0.4)).toBeLessThan(f1At(after, 0.8));
    expect(f1At(before, 0.4) - f1At(before, 0.8)).toBeLessThan(0.001);
    expect(chooseF1Threshold(before.scores, before.truth)).toBe(0.4);
    expect(chooseF1Threshold(after.scores, after.truth)).toBe(0.8);
  });

  it("barely moves under that perturbation, and stays between the peaks", () => {
    const cutBefore = chooseBaggedThreshold(before.scores, before.truth, "f1");
    const cutAfter = chooseBaggedThreshold(after.scores, after.truth, "f1");
    expect(Math.abs(cutAfter - cutBefore)).toBeLessThan(0.02);
    for (const cut of [cutBefore, cutAfter]) {
      expect(cut).toBeGreaterThan(0.4);
      expect(cut).toBeLessThan(0.8);
    }
  });

  it("averages the resamples' cuts, which lie on both peaks", () => {
    const cuts = baggedThresholdCuts(before.scores, before.truth, "f1");
    expect(cuts).toEqual([...cuts].sort((a, b) => a - b));
    expect(cuts.reduce((a, b) => a + b, 0) / cuts.length).toBeCloseTo(
      chooseBaggedThreshold(before.scores, before.truth, "f1"),
      12,
    );
    // Some resamples prefer each peak (cut halfway below 0.4 or below 0.8).
    expect(cuts.some((c) => c < 0.4)).toBe(true);
    expect(cuts.some((c) => c > 0.6)).toBe(true);
  });

  it("gives the same cut on every run (fixed seed)", () => {
    expect(chooseBaggedThreshold(before.scores, before.truth, "f1")).toBe(
      chooseBaggedThreshold(before.scores, before.truth, "f1"),
    );
  });

  it("separates separable classes, for F1 and for accuracy", () => {
    const scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
    const truth = [false, false, false, true, true, true];
    for (const objective of ["f1", "accuracy"] as const) {
      const cut = chooseBaggedThreshold(scores, truth, objective);
      expect(scores.map((s) => s >= cut)).toEqual(truth);
    }
  });

  it("rejects arrays of different lengths", () => {
    expect(() => chooseBaggedThreshold([0.1], [], "f1")).toThrow(/length mismatch/);
  });
});

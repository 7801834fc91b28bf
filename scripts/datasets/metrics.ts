// Classification metrics for the evaluation and training scripts. Plain, dependency-free, exact.

export interface BinaryMetrics {
  n: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
}

/** Precision, recall, F1 (of the positive class) and accuracy. Empty denominators give 0. */
export function computeBinaryMetrics(
  predicted: readonly boolean[],
  truth: readonly boolean[],
): BinaryMetrics {
  if (predicted.length !== truth.length) throw new Error("computeBinaryMetrics: length mismatch");
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  predicted.forEach((p, i) => {
    const t = truth[i] === true;
    if (p && t) tp += 1;
    else if (p) fp += 1;
    else if (t) fn += 1;
    else tn += 1;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const n = predicted.length;
  return {
    n,
    positives: tp + fn,
    tp,
    fp,
    fn,
    tn,
    precision,
    recall,
    f1,
    accuracy: n === 0 ? 0 : (tp + tn) / n,
  };
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula; tied scores count one half. */
export function computeRocAuc(scores: readonly number[], truth: readonly boolean[]): number {
  if (scores.length !== truth.length) throw new Error("computeRocAuc: length mismatch");
  const order = scores.map((score, i) => ({ score, positive: truth[i] === true }));
  order.sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.score === order[i]?.score) j += 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) {
      if (order[k]?.positive === true) {
        rankSum += averageRank;
        positives += 1;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Macro-F1 of single-label predictions against possibly multi-label truth (as GoEmotions): a
 * prediction is a true positive for its label when the label is among the truth.
 */
export function computeMacroF1(
  predicted: readonly number[],
  truths: readonly ReadonlySet<number>[],
  labelCount: number,
): { macroF1: number; perLabel: number[] } {
  const perLabel: number[] = [];
  for (let c = 0; c < labelCount; c += 1) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    predicted.forEach((p, i) => {
      const inTruth = truths[i]?.has(c) === true;
      if (p === c && inTruth) tp += 1;
      else if (p === c) fp += 1;
      else if (inTruth) fn += 1;
    });
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    perLabel.push(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));
  }
  return { macroF1: perLabel.reduce((a, b) => a + b, 0) / labelCount, perLabel };
}

/** A stable 32-bit FNV-1a hash of a string (for deterministic held-out splits). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** What a threshold is chosen for: F1 of the positive class, or accuracy. */
export type ThresholdObjective = "f1" | "accuracy";

/** The objective from (weighted) counts: tp and fp above the cut, all positives and negatives. */
function objectiveValue(
  objective: ThresholdObjective,
  tp: number,
  fp: number,
  positives: number,
  negatives: number,
): number {
  if (objective === "f1") return positives === 0 ? 0 : (2 * tp) / (tp + fp + positives);
  const total = positives + negatives;
  return total === 0 ? 0 : (tp + (negatives - fp)) / total;
}

/**
 * The best threshold (scores ≥ threshold → positive) among the scores of the rows with weight > 0,
 * each row counted `weight` times. One sweep down `order` (the row indices by descending score).
 * Of equally good thresholds the lowest wins. With `midpoint`, the cut is placed halfway between
 * that score and the next lower score present (every cut in between decides the rows alike), so a
 * resample that happens to miss the lowest positive still cuts between the classes.
 */
function bestThreshold(
  objective: ThresholdObjective,
  order: readonly number[],
  scores: readonly number[],
  truth: readonly boolean[],
  weights: readonly number[],
  midpoint = false,
): number {
  let positives = 0;
  let negatives = 0;
  order.forEach((i) => {
    if (truth[i] === true) positives += weights[i] ?? 0;
    else negatives += weights[i] ?? 0;
  });
  let tp = 0;
  let fp = 0;
  let best: { threshold: number; value: number; below?: number } = { threshold: Infinity, value: -1 };
  let bestIsPrevious = false;
  let k = 0;
  while (k < order.length) {
    const threshold = scores[order[k] ?? 0] ?? 0;
    let present = false;
    while (k < order.length && scores[order[k] ?? 0] === threshold) {
      const i = order[k] ?? 0;
      const w = weights[i] ?? 0;
      if (w > 0) {
        present = true;
        if (truth[i] === true) tp += w;
        else fp += w;
      }
      k += 1;
    }
    if (!present) continue;
    if (bestIsPrevious) best.below = threshold;
    const value = objectiveValue(objective, tp, fp, positives, negatives);
    bestIsPrevious = value >= best.value;
    if (bestIsPrevious) best = { threshold, value };
  }
  return midpoint && best.below !== undefined ? (best.threshold + best.below) / 2 : best.threshold;
}

function descendingOrder(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
}

function checkLengths(scores: readonly number[], truth: readonly boolean[]): void {
  if (scores.length !== truth.length) throw new Error("threshold choice: length mismatch");
}

/**
 * The threshold that maximises F1 on calibration data (scores ≥ threshold → positive): the plain
 * argmax, which jumps between near-equal peaks of the F1 curve. The evaluation reports use
 * chooseBaggedThreshold instead.
 */
export function chooseF1Threshold(scores: readonly number[], truth: readonly boolean[]): number {
  checkLengths(scores, truth);
  return bestThreshold(
    "f1",
    descendingOrder(scores),
    scores,
    truth,
    scores.map(() => 1),
  );
}

/** The threshold that maximises accuracy on calibration data (scores ≥ threshold → positive). */
export function chooseAccuracyThreshold(scores: readonly number[], truth: readonly boolean[]): number {
  checkLengths(scores, truth);
  return bestThreshold(
    "accuracy",
    descendingOrder(scores),
    scores,
    truth,
    scores.map(() => 1),
  );
}

/** Resamples and seed of the bagged threshold: fixed, so every run of the evaluation gives the same cut. */
export const BAGGED_THRESHOLD_RESAMPLES = 1000;
const BAGGED_THRESHOLD_SEED = 0x7a67;

/** A small deterministic PRNG (mulberry32), uniform on [0, 1). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The bagged threshold (bootstrap aggregation, Breiman 1996): draw `resamples` bootstrap resamples of
 * the calibration rows (as many rows, with replacement, from a fixed seed), find each resample's best
 * threshold for the objective (halfway to the next lower score of the resample), and return their
 * mean. The plain argmax is an unstable choice: when
 * the objective's curve has two near-equal peaks, one row more or less moves the cut from one peak to
 * the other. The mean of the resamples' choices moves only by the share of resamples a change flips
 * times the distance between the peaks. (Their median would jump between the peaks as soon as about
 * half of the resamples prefer each.) Resamples with a single class are skipped.
 */
export function chooseBaggedThreshold(
  scores: readonly number[],
  truth: readonly boolean[],
  objective: ThresholdObjective,
  resamples: number = BAGGED_THRESHOLD_RESAMPLES,
): number {
  const cuts = baggedThresholdCuts(scores, truth, objective, resamples);
  if (scores.length === 0) return Infinity;
  return cuts.length === 0
    ? chooseF1OrAccuracy(objective, scores, truth)
    : cuts.reduce((a, b) => a + b, 0) / cuts.length;
}

/**
 * Each bootstrap resample's best threshold (the ones chooseBaggedThreshold averages), ascending:
 * their spread says how far apart cuts equally defensible on the calibration rows lie.
 */
export function baggedThresholdCuts(
  scores: readonly number[],
  truth: readonly boolean[],
  objective: ThresholdObjective,
  resamples: number = BAGGED_THRESHOLD_RESAMPLES,
): number[] {
  checkLengths(scores, truth);
  const n = scores.length;
  const cuts: number[] = [];
  if (n === 0) return cuts;
  const order = descendingOrder(scores);
  const random = seededRandom(BAGGED_THRESHOLD_SEED);
  const weights = new Array<number>(n);
  for (let r = 0; r < resamples; r += 1) {
    weights.fill(0);
    let positives = 0;
    for (let j = 0; j < n; j += 1) {
      const i = Math.floor(random() * n);
      weights[i] = (weights[i] ?? 0) + 1;
      if (truth[i] === true) positives += 1;
    }
    if (positives === 0 || positives === n) continue;
    cuts.push(bestThreshold(objective, order, scores, truth, weights, true));
  }
  return cuts.sort((a, b) => a - b);
}

function chooseF1OrAccuracy(
  objective: ThresholdObjective,
  scores: readonly number[],
  truth: readonly boolean[],
): number {
  return objective === "f1" ? chooseF1Threshold(scores, truth) : chooseAccuracyThreshold(scores, truth);
}

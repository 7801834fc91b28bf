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

/**
 * The threshold that maximises F1 on calibration data (scores ≥ threshold → positive). Used to
 * calibrate baselines honestly: chosen on one split, then applied unchanged to another.
 */
export function chooseF1Threshold(scores: readonly number[], truth: readonly boolean[]): number {
  const candidates = [...new Set(scores)].sort((a, b) => a - b);
  let best = { threshold: Infinity, f1: -1 };
  for (const threshold of candidates) {
    const { f1 } = computeBinaryMetrics(
      scores.map((s) => s >= threshold),
      truth,
    );
    if (f1 > best.f1) best = { threshold, f1 };
  }
  return best.threshold;
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

/** The threshold that maximises accuracy on calibration data (scores ≥ threshold → positive). */
export function chooseAccuracyThreshold(scores: readonly number[], truth: readonly boolean[]): number {
  const candidates = [...new Set(scores)].sort((a, b) => a - b);
  let best = { threshold: Infinity, accuracy: -1 };
  for (const threshold of candidates) {
    const { accuracy } = computeBinaryMetrics(
      scores.map((s) => s >= threshold),
      truth,
    );
    if (accuracy > best.accuracy) best = { threshold, accuracy };
  }
  return best.threshold;
}

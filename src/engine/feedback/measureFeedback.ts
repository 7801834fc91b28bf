// Precision and recall of the feedback checker against a labelled set (feedbackSentences.json).
import { checkFeedback, FEEDBACK_ISSUE_KINDS, type FeedbackIssueKind } from "./checkFeedback.ts";

export interface LabelledFeedback {
  id: string;
  split: "tune" | "heldout";
  text: string;
  flags: FeedbackIssueKind[];
}

export interface FlagMetrics {
  /** A flag kind, or "any" for flagged-vs-not over whole texts. */
  kind: FeedbackIssueKind | "any";
  support: number;
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface FeedbackMeasurement {
  n: number;
  perKind: FlagMetrics[];
  /** Whole text flagged (any issue) vs expected to be flagged. */
  overall: FlagMetrics;
  /** Every (text, kind) decision pooled. */
  micro: FlagMetrics;
  /** Texts whose predicted flags differ from the labels. */
  errors: { id: string; text: string; expected: FeedbackIssueKind[]; got: FeedbackIssueKind[] }[];
}

function metricsOf(kind: FlagMetrics["kind"], tp: number, fp: number, fn: number): FlagMetrics {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { kind, support: tp + fn, predicted: tp + fp, tp, fp, fn, precision, recall, f1 };
}

/** Runs the checker on every item and compares its set of flag kinds with the labelled set. */
export function measureFeedbackChecker(items: readonly LabelledFeedback[]): FeedbackMeasurement {
  const counts = new Map<FeedbackIssueKind, { tp: number; fp: number; fn: number }>(
    FEEDBACK_ISSUE_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]),
  );
  let anyTp = 0;
  let anyFp = 0;
  let anyFn = 0;
  const errors: FeedbackMeasurement["errors"] = [];
  for (const item of items) {
    const got = [...new Set(checkFeedback(item.text).issues.map((i) => i.kind))].sort();
    const expected = [...new Set(item.flags)].sort();
    for (const kind of FEEDBACK_ISSUE_KINDS) {
      const c = counts.get(kind);
      if (c === undefined) continue;
      const p = got.includes(kind);
      const t = expected.includes(kind);
      if (p && t) c.tp++;
      else if (p) c.fp++;
      else if (t) c.fn++;
    }
    if (got.length > 0 && expected.length > 0) anyTp++;
    else if (got.length > 0) anyFp++;
    else if (expected.length > 0) anyFn++;
    if (got.join(",") !== expected.join(",")) errors.push({ id: item.id, text: item.text, expected, got });
  }
  const perKind = FEEDBACK_ISSUE_KINDS.map((kind) => {
    const c = counts.get(kind) ?? { tp: 0, fp: 0, fn: 0 };
    return metricsOf(kind, c.tp, c.fp, c.fn);
  });
  const sum = (f: (m: FlagMetrics) => number): number => perKind.reduce((a, m) => a + f(m), 0);
  return {
    n: items.length,
    perKind,
    overall: metricsOf("any", anyTp, anyFp, anyFn),
    micro: metricsOf(
      "any",
      sum((m) => m.tp),
      sum((m) => m.fp),
      sum((m) => m.fn),
    ),
    errors,
  };
}

import type { Span } from "./cues.ts";
import { appendBounded, ROOT_CAUSES, type ConversationState } from "./state.ts";
import { round3 } from "./text.ts";
import type { CueKind, RootCause, RootCauseHypothesis } from "./types.ts";

/**
 * RC-*: root-cause hypotheses. Each piece of evidence adds weight to its cause; weights decay a
 * little with every message so old evidence fades; confidence = 1 − e^(−weight). The last few
 * evidence spans are kept per cause (bounded).
 */

/** Per-message decay of root-cause weight (RC-DECAY-1). */
export const ROOT_CAUSE_DECAY = 0.94;
/** Evidence spans kept per cause. */
export const MAX_EVIDENCE_PER_CAUSE = 3;

/** Adds evidence for a cause (RC-EVIDENCE-1). */
export function addCauseEvidence(
  state: ConversationState,
  cause: RootCause,
  weight: number,
  index: number,
  span: Span,
  cue?: CueKind,
): void {
  const record = state.causes[cause];
  state.causes[cause] = {
    score: record.score + weight,
    evidence:
      span === null
        ? record.evidence
        : appendBounded(
            record.evidence,
            { index, start: span[0], end: span[1], ...(cue === undefined ? {} : { cue }) },
            MAX_EVIDENCE_PER_CAUSE,
          ),
  };
}

/** Fades every cause's weight by one message. */
export function decayCauses(state: ConversationState): void {
  for (const cause of ROOT_CAUSES) {
    const record = state.causes[cause];
    if (record.score > 0)
      state.causes[cause] = {
        score: record.score < 0.01 ? 0 : record.score * ROOT_CAUSE_DECAY,
        evidence: record.evidence,
      };
  }
}

/** Confidence of one cause, 0..1. */
export function causeConfidence(state: ConversationState, cause: RootCause): number {
  return 1 - Math.exp(-state.causes[cause].score);
}

/** Hypotheses at or above `minConfidence`, most confident first (RC-REPORT-1). */
export function presentRootCauses(state: ConversationState, minConfidence: number): RootCauseHypothesis[] {
  const out: RootCauseHypothesis[] = [];
  for (const cause of ROOT_CAUSES) {
    if (state.causes[cause].evidence.length === 0) continue;
    const confidence = causeConfidence(state, cause);
    if (confidence >= minConfidence) {
      out.push({ cause, confidence: round3(confidence), evidence: state.causes[cause].evidence.slice() });
    }
  }
  out.sort((a, b) => b.confidence - a.confidence);
  return out;
}

/** The most confident cause at or above `minConfidence`, or null. */
export function topCause(state: ConversationState, minConfidence: number): RootCause | null {
  // Confidence grows with the weight, so compare weights (no exp per cause per message).
  let best: RootCause | null = null;
  let bestScore = minConfidence >= 1 ? Infinity : -Math.log(1 - minConfidence);
  for (const cause of ROOT_CAUSES) {
    const record = state.causes[cause];
    if (record.score >= bestScore && record.evidence.length > 0 && record.score > 0) {
      best = cause;
      bestScore = record.score;
    }
  }
  return best;
}

import type { Span } from "./cues.ts";
import { appendBounded, ROOT_CAUSES, type ConversationState } from "./state.ts";
import { round3 } from "./text.ts";
import type { CueKind, EvidenceSpan, RootCause, RootCauseHypothesis } from "./types.ts";

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
  factId?: string,
): void {
  const record = state.causes[cause];
  state.causes[cause] = {
    score: record.score + weight,
    evidence:
      span === null
        ? record.evidence
        : appendBounded(
            record.evidence,
            {
              index,
              start: span[0],
              end: span[1],
              ...(cue === undefined ? {} : { cue }),
              ...(factId === undefined ? {} : { factId }),
            },
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

/**
 * Hypotheses at or above `minConfidence`, most confident first (RC-REPORT-1). A wrong answer the
 * agent has since put right is not cited (RC-EVIDENCE-2): the cause stays, with its other evidence.
 */
export function presentRootCauses(state: ConversationState, minConfidence: number): RootCauseHypothesis[] {
  const out: RootCauseHypothesis[] = [];
  for (const cause of ROOT_CAUSES) {
    if (state.causes[cause].evidence.length === 0) continue;
    const confidence = causeConfidence(state, cause);
    if (confidence >= minConfidence) {
      out.push({ cause, confidence: round3(confidence), evidence: citedEvidence(state, cause) });
    }
  }
  out.sort((a, b) => b.confidence - a.confidence);
  return out;
}

/**
 * A cause's evidence as reported: without the spans of wrong answers since corrected (a fact the
 * agent contradicted and is no longer on the still-wrong list; a span stored without its fact is
 * corrected once no fact is still wrong), and without the fact each wrong answer's span names.
 */
function citedEvidence(state: ConversationState, cause: RootCause): EvidenceSpan[] {
  const out: EvidenceSpan[] = [];
  const stillWrong = state.contradictedFacts;
  for (const e of state.causes[cause].evidence) {
    if (e.cue === "wrong_information") {
      const corrected = e.factId === undefined ? stillWrong.length === 0 : !stillWrong.includes(e.factId);
      if (corrected) continue;
    }
    out.push({ index: e.index, start: e.start, end: e.end, ...(e.cue === undefined ? {} : { cue: e.cue }) });
  }
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

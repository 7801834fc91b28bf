import type { RiskWeights } from "./config.ts";
import type { ConversationOutlook, RiskCounters } from "./state.ts";
import { round3 } from "./text.ts";
import type { Trend } from "./types.ts";

/**
 * RISK-1..4: the chance this conversation ends badly for the customer (they give up, escalate or
 * leave unhappy), forecast from the prefix. A logistic model over what the conversation has
 * accumulated so far, not over the last message alone:
 *
 * - how upset the customer is now, at worst so far, and on average over their turns (RISK-1);
 * - how often they have been negative, how often they still state a problem or ask again after
 *   the agent replied (the problem is not getting solved), and whether they have said it is
 *   solved (RISK-3);
 * - the agent's unhelpful moves (hedging, vagueness, apology without a next step, defensiveness,
 *   blame, asking again, a curt reply to a struggling customer) against their helpful ones
 *   (empathy, paraphrase, a next step or commitment, checking the need is met) (RISK-3);
 * - rarer, sharper events: threats, attacks, manager requests, wrong information, waiting.
 *
 * The weights are hand-set (config.risk, justified in SPEC.md), not fitted to any data set.
 * RISK-2: sharp events fade by RISK_DECAY per message, the conversation-level tallies by the
 * slower OUTLOOK_DECAY, and the worst frustration by PEAK_FADE per message, so a recovered
 * conversation's risk falls while a long struggle is remembered.
 */

export const RISK_DECAY = 0.85;
/** Per-message fade of the conversation-level tallies (half-life about 13 messages). */
export const OUTLOOK_DECAY = 0.95;
/** Per-message fade of the worst frustration so far, towards the current one. */
export const PEAK_FADE = 0.02;

/** Fades a count by one message; tiny remainders become 0 so the state stays compact. */
function fade(value: number, factor: number): number {
  const next = value * factor;
  return next < 0.005 ? 0 : next;
}

/**
 * Fades the running counts by one message (RISK-2): sharp events (threats, attacks, wrong
 * information, repetition, waiting) fast; how the agent and the customer have fared, slowly.
 */
export function decayRiskCounters(c: RiskCounters, o: ConversationOutlook): void {
  c.attack = fade(c.attack, RISK_DECAY);
  c.churn = fade(c.churn, RISK_DECAY);
  c.legal = fade(c.legal, RISK_DECAY);
  c.manager = fade(c.manager, RISK_DECAY);
  c.safety = fade(c.safety, RISK_DECAY);
  c.wrongInfo = fade(c.wrongInfo, RISK_DECAY);
  c.repetition = fade(c.repetition, RISK_DECAY);
  c.waiting = fade(c.waiting, RISK_DECAY);
  c.agentBad = fade(c.agentBad, OUTLOOK_DECAY);
  c.agentGood = fade(c.agentGood, OUTLOOK_DECAY);
  c.satisfied = fade(c.satisfied, OUTLOOK_DECAY);
  o.negativeTurns = fade(o.negativeTurns, OUTLOOK_DECAY);
  o.unresolved = fade(o.unresolved, OUTLOOK_DECAY);
  o.openQuestions = fade(o.openQuestions, OUTLOOK_DECAY);
  o.effortAsks = fade(o.effortAsks, OUTLOOK_DECAY);
  o.peak = Math.max(0, o.peak - PEAK_FADE);
}

/** Saturating transform: 0 → 0, 1 → 0.63, 3 → 0.95. */
function saturate(count: number): number {
  return count === 0 ? 0 : 1 - Math.exp(-count);
}

/** Forecast risk (0..1) from the running state (RISK-1). */
export function forecastRisk(
  frustration: number,
  trend: Trend,
  c: RiskCounters,
  o: ConversationOutlook,
  w: RiskWeights,
): number {
  const mean = o.readings === 0 ? 0 : o.frustrationSum / o.readings;
  const z =
    w.bias +
    w.frustration * frustration +
    w.peakFrustration * Math.max(o.peak, frustration) +
    w.meanFrustration * mean +
    (trend === "rising" ? w.rising : trend === "falling" ? w.falling : 0) +
    w.negativeTurns * saturate(o.negativeTurns / 2) +
    w.unresolved * saturate(o.unresolved / 2) +
    w.openQuestions * saturate(o.openQuestions / 2) +
    w.customerEffort * saturate(o.effortAsks / 2) +
    w.attack * saturate(c.attack) +
    w.churn * saturate(c.churn) +
    w.legal * saturate(c.legal) +
    w.manager * saturate(c.manager) +
    w.safety * saturate(c.safety) +
    w.wrongInfo * saturate(c.wrongInfo) +
    w.agentBad * saturate(c.agentBad) +
    w.agentGood * saturate(c.agentGood) +
    w.repetition * saturate(c.repetition) +
    w.waiting * saturate(c.waiting) +
    w.satisfied * saturate(c.satisfied);
  return round3(1 / (1 + Math.exp(-z)));
}

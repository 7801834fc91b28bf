import type { RiskWeights } from "./config.ts";
import type { RiskCounters } from "./state.ts";
import { round3 } from "./text.ts";
import type { Trend } from "./types.ts";

/**
 * RISK-1: the chance this conversation ends badly for the customer, forecast from the prefix.
 * A logistic model over the running frustration, its trend and decayed counts of what has
 * happened so far (threats, attacks, wrong information, the agent's good and bad moves).
 * RISK-2: counts decay by RISK_DECAY per message, so recovery shows in the forecast.
 */

export const RISK_DECAY = 0.85;

const RISK_COUNTER_KEYS: readonly (keyof RiskCounters)[] = [
  "attack",
  "churn",
  "legal",
  "manager",
  "safety",
  "wrongInfo",
  "agentBad",
  "agentGood",
  "repetition",
  "waiting",
  "satisfied",
];

/** Fades the running counts by one message. */
export function decayRiskCounters(counters: RiskCounters): void {
  for (const key of RISK_COUNTER_KEYS) {
    const value = counters[key] * RISK_DECAY;
    counters[key] = value < 0.005 ? 0 : value;
  }
}

/** Saturating transform: 0 → 0, 1 → 0.63, 3 → 0.95. */
function saturate(count: number): number {
  return 1 - Math.exp(-count);
}

/** Forecast risk (0..1) from the running state. */
export function forecastRisk(frustration: number, trend: Trend, c: RiskCounters, w: RiskWeights): number {
  const z =
    w.bias +
    w.frustration * frustration +
    (trend === "rising" ? w.rising : trend === "falling" ? w.falling : 0) +
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

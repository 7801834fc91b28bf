import { reportsFailedAttempt, type CustomerScan } from "./cues.ts";
import { clamp01 } from "./text.ts";
import type { CustomerEmotion } from "./types.ts";

/**
 * CUST-*: the customer's state from their own words. Each message gets an instant frustration
 * reading from its cues (CUST-FRUST-1); the running score smooths it, rising fast and cooling
 * more slowly unless the customer says they are satisfied (CUST-FRUST-2).
 */

/** Probabilities from a learned emotion classifier (src/engine/model), when one is present. */
export type EmotionScores = Readonly<
  Record<"neutral" | "frustrated" | "angry" | "confused" | "satisfied", number>
>;

/** A function that scores customer text; the learned model plugs in here. */
export type EmotionScorer = (text: string) => EmotionScores;

/** CUST-FRUST-1: instant frustration of one message from its cues, 0..1. */
export function instantFrustration(scan: CustomerScan): {
  value: number;
  strongCue: boolean;
  negativeCue: boolean;
} {
  // The strongest cue sets the level; each further kind of cue adds a little.
  const levels = [
    scan.confusion > 0 ? 0.3 : -1,
    scan.anxiety > 0 ? 0.35 : -1,
    scan.waiting > 0 ? 0.45 : -1,
    scan.repetition > 0 ? 0.5 : -1,
    scan.frustration > 0 ? 0.55 + Math.min(scan.frustration - 1, 2) * 0.08 : -1,
    scan.manager > 0 ? 0.6 : -1,
    scan.security > 0 ? 0.5 : -1,
    scan.churn > 0 ? 0.7 : -1,
    scan.anger > 0 ? 0.78 + Math.min(scan.anger - 1, 2) * 0.06 : -1,
    scan.legal > 0 ? 0.78 : -1,
    scan.attack > 0 ? 0.85 : -1,
    scan.safety > 0 ? 0.92 : -1,
  ];
  let value = 0.12;
  let kinds = 0;
  for (const level of levels) {
    if (level < 0) continue;
    kinds++;
    if (level > value) value = level;
  }
  if (kinds > 1) value += 0.06 * (kinds - 1);
  if (scan.shouting > 0) value += 0.1;
  const positive = scan.satisfaction + scan.thanks;
  if (positive > 0) value = kinds === 0 ? (scan.satisfaction > 0 ? 0.03 : 0.08) : value - 0.2;
  const strongCue = scan.anger + scan.attack + scan.legal + scan.safety + scan.churn > 0;
  return { value: clamp01(value), strongCue, negativeCue: kinds > 0 };
}

/** Blends the rule reading with a learned model's, when present (CUST-MODEL-1). */
export function blendWithModel(rule: number, strongCue: boolean, scores: EmotionScores | null): number {
  if (scores === null) return rule;
  const model = clamp01(
    scores.angry * 0.9 +
      scores.frustrated * 0.7 +
      scores.confused * 0.3 +
      scores.neutral * 0.12 +
      scores.satisfied * 0.03,
  );
  // Lexicon cues for threats and abuse are precise; the model refines the rest.
  return strongCue ? Math.max(rule, model) : 0.5 * rule + 0.5 * model;
}

/**
 * CUST-EMOTION-1: the message's emotion from its strongest cue, else the model, else neutral.
 * CUST-EMOTION-2: `answering` (the message answers the agent's question, CUE-REPEAT-5) keeps the
 * model alone from calling it frustrated or angry: an answer that a step did not work ("No, I have
 * not", "I tried, it still could not open") reads to the model as frustration, which the customer's
 * own words do not say. A cue in the message still does.
 * CUST-EMOTION-3: nor does a plain report that something does not work (`reportsFailedAttempt`,
 * without shouting): the model reads the problem itself ("I can't open the book I bought") as
 * frustration, though the customer describes it calmly.
 */
export function emotionOf(
  scan: CustomerScan,
  scores: EmotionScores | null,
  answering = false,
): CustomerEmotion | null {
  if (scan.anger + scan.attack + scan.legal + scan.safety > 0) return "angry";
  if (scan.frustration + scan.repetition + scan.waiting + scan.churn + scan.manager > 0) return "frustrated";
  if (scan.confusion > 0) return "confused";
  if (scan.anxiety + scan.security > 0) return "anxious";
  if (scan.satisfaction + scan.thanks > 0) return "satisfied";
  if (scores !== null) {
    // Whether the message is calm is read only when the model would call it frustrated or angry.
    let calm: boolean | undefined;
    let best: CustomerEmotion = "neutral";
    let bestScore = 0.5;
    for (const label of ["frustrated", "angry", "confused", "satisfied"] as const) {
      if (scores[label] > bestScore) {
        if (label === "frustrated" || label === "angry") {
          calm ??= answering || (scan.shouting === 0 && reportsFailedAttempt(scan.text));
          if (calm) continue;
        }
        best = label;
        bestScore = scores[label];
      }
    }
    if (best !== "neutral") return best;
  }
  return null;
}

// What the evaluation scripts share: the engine through its public API, the baselines' scores, and
// the report's number formats and progress lines.
import vader from "vader-sentiment";
import {
  compileKnowledgeBase,
  createConversationState,
  createEngineContext,
  DEFAULT_ENGINE_CONFIG,
  observe,
  type MessageAnalysis,
} from "../src/engine/index.ts";
import { scoreCustomerText } from "../src/engine/model/index.ts";

export type Role = "customer" | "agent" | "system";

export interface Engine {
  run(messages: readonly { role: Role; text: string }[]): MessageAnalysis[];
}

/**
 * The engine with an empty knowledge base and default config; `withModel: false` runs it without the
 * learned emotion model (rules only), to show what the model adds.
 */
export function createEngine(withModel: boolean): Engine {
  const context = createEngineContext({
    kb: compileKnowledgeBase({ facts: [] }),
    config: DEFAULT_ENGINE_CONFIG,
    ...(withModel ? {} : { emotionScorer: null }),
  });
  return {
    run(messages) {
      let state = createConversationState();
      return messages.map((message) => {
        const out = observe(state, message, context);
        state = out.state;
        return out.analysis;
      });
    },
  };
}

/** VADER's compound score, −1..1. */
export function compound(text: string): number {
  return vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
}

/** VADER's positive share, 0..1. */
export function vaderPositive(text: string): number {
  return vader.SentimentIntensityAnalyzer.polarity_scores(text).pos;
}

/** P(frustrated) + P(angry) from the learned model alone. */
export function modelNegative(text: string): number {
  const s = scoreCustomerText(text);
  return s.frustrated + s.angry;
}

export function pct(value: number): string {
  return Number.isNaN(value) ? "n/a" : (value * 100).toFixed(1);
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

/** Progress for long loops: a live counter on a terminal, a line per quarter otherwise. */
export function progress(label: string, done: number, total: number): void {
  const tty = process.stdout.isTTY === true;
  const step = Math.max(1, Math.floor(total / (tty ? 100 : 4)));
  if (done !== total && done % step !== 0) return;
  if (tty) process.stdout.write(`\r  ${label}: ${done}/${total}${done === total ? "\n" : ""}`);
  else console.log(`  ${label}: ${done}/${total}`);
}

/**
 * Predictions with a cross-fitted threshold: the rows are split in two folds, and each fold is
 * judged by the cut `choose` finds best on the other one, so no row is judged by a cut it helped
 * choose.
 */
export function crossFittedPredictions(
  scores: readonly number[],
  truth: readonly boolean[],
  fold: readonly boolean[],
  choose: (scores: readonly number[], truth: readonly boolean[]) => number,
): boolean[] {
  const cutOn = (half: boolean): number =>
    choose(
      scores.filter((_, i) => fold[i] === half),
      truth.filter((_, i) => fold[i] === half),
    );
  const forTrue = cutOn(false);
  const forFalse = cutOn(true);
  return scores.map((s, i) => s >= (fold[i] === true ? forTrue : forFalse));
}

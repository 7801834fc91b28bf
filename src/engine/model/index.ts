// The engine's learned parts: small linear models trained by `npm run train` (scripts/train.ts)
// from datasets whose licence allows shipping weights. Weights are imported statically as JSON
// (no fs at run time), compiled once at import; scoring is pure and allocation-light.
import customerEmotionJson from "../../../models/customer-emotion.json" with { type: "json" };
import politenessJson from "../../../models/politeness.json" with { type: "json" };
import { extractLexicalFeatures, tokenize } from "./features.ts";
import { compileLinearModel, computeTextLogits, softmaxInPlace, type CompiledLinearModel } from "./linear.ts";

/** The customer emotions the learned model tells apart. */
export const EMOTION_LABELS = ["neutral", "frustrated", "angry", "confused", "satisfied"] as const;
export type EmotionLabel = (typeof EMOTION_LABELS)[number];

const customerEmotionModel = compileLinearModel(customerEmotionJson);
const politenessModel = compileLinearModel(politenessJson);

if (customerEmotionModel.labels.join() !== EMOTION_LABELS.join()) {
  throw new Error(
    `models/customer-emotion.json labels ${customerEmotionModel.labels.join()} != ${EMOTION_LABELS.join()}`,
  );
}
const POLITE_INDEX = politenessModel.labels.indexOf("polite");
if (POLITE_INDEX < 0) throw new Error('models/politeness.json has no "polite" label');

function scoreText(model: CompiledLinearModel, text: string): Float64Array {
  const tokens = tokenize(text);
  return softmaxInPlace(computeTextLogits(model, tokens, extractLexicalFeatures(text, tokens.length)));
}

/**
 * The probabilities (summing to 1) that a customer's message expresses each emotion, from a
 * logistic-regression model trained on GoEmotions (see models/customer-emotion.md).
 * Pure and deterministic; about a few microseconds per message.
 *
 * @example
 * scoreCustomerText("This is ridiculous, I've waited two weeks!").frustrated // ≈ 0.6
 */
export function scoreCustomerText(text: string): Record<EmotionLabel, number> {
  const p = scoreText(customerEmotionModel, text);
  return {
    neutral: p[0] as number,
    frustrated: p[1] as number,
    angry: p[2] as number,
    confused: p[3] as number,
    satisfied: p[4] as number,
  };
}

/**
 * How polite a message reads, 0 (impolite) to 1 (polite), from a logistic-regression model
 * trained on the Stanford Politeness Corpus's top vs bottom quartiles (see models/politeness.md).
 * Useful for "power imbalance" (too curt or too formal) and for QA.
 *
 * @example
 * scorePoliteness("Could you please check this for me? Thanks so much!") // > 0.7
 */
export function scorePoliteness(text: string): number {
  const p = scoreText(politenessModel, text);
  return p[POLITE_INDEX] as number;
}

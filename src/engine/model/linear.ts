// A multinomial logistic-regression (softmax) model over sparse string features, as shipped in
// models/*.json: a feature vocabulary, integer weights (value × scale) and one bias per label.

/** The JSON form of a linear model (see models/*.md for each model's card). */
export interface LinearModelJson {
  name: string;
  labels: string[];
  /** Weights and biases are stored as round(value × scale) to keep the file small. */
  scale: number;
  features: string[];
  /** Row-major: weights[featureIndex × labels.length + labelIndex]. */
  weights: number[];
  bias: number[];
}

/** A model ready to score: feature → row index, weights as floats. */
export interface CompiledLinearModel {
  labels: readonly string[];
  index: ReadonlyMap<string, number>;
  weights: Float64Array;
  bias: Float64Array;
}

/** Validates the JSON and builds the lookup table once, at import time. */
export function compileLinearModel(json: LinearModelJson): CompiledLinearModel {
  const width = json.labels.length;
  if (width < 2) throw new Error(`model ${json.name}: needs at least two labels`);
  if (json.weights.length !== json.features.length * width) {
    throw new Error(
      `model ${json.name}: weights has ${json.weights.length} entries, expected ${json.features.length * width}`,
    );
  }
  if (json.bias.length !== width) throw new Error(`model ${json.name}: bias needs ${width} entries`);
  const index = new Map<string, number>();
  json.features.forEach((feature, i) => index.set(feature, i * width));
  const weights = Float64Array.from(json.weights, (w) => w / json.scale);
  const bias = Float64Array.from(json.bias, (b) => b / json.scale);
  return { labels: json.labels, index, weights, bias };
}

/** Raw scores (logits) for a feature list; unknown features are ignored. */
export function computeLogits(model: CompiledLinearModel, features: readonly string[]): Float64Array {
  const width = model.labels.length;
  const logits = Float64Array.from(model.bias);
  for (const feature of features) {
    const row = model.index.get(feature);
    if (row === undefined) continue;
    for (let c = 0; c < width; c += 1) logits[c] = (logits[c] as number) + (model.weights[row + c] as number);
  }
  return logits;
}

/** Softmax in place (numerically stable); returns the same array. */
export function softmaxInPlace(logits: Float64Array): Float64Array {
  let max = -Infinity;
  for (const value of logits) if (value > max) max = value;
  let sum = 0;
  for (let c = 0; c < logits.length; c += 1) {
    const e = Math.exp((logits[c] as number) - max);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c += 1) logits[c] = (logits[c] as number) / sum;
  return logits;
}

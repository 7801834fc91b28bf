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
  /** Word → word id, for every word of a unigram or bigram feature. */
  words: ReadonlyMap<string, number>;
  /** Word id → its unigram row (-1: the word has no unigram feature). */
  unigramRows: Int32Array;
  /** (first word id × word count + second word id) → bigram row: no bigram strings at scoring time. */
  bigramRows: ReadonlyMap<number, number>;
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
  const words = new Map<string, number>();
  const wordId = (word: string): number => {
    let id = words.get(word);
    if (id === undefined) words.set(word, (id = words.size));
    return id;
  };
  const pairs: [number, number, number][] = [];
  json.features.forEach((feature, i) => {
    index.set(feature, i * width);
    if (feature.startsWith("_")) return;
    const space = feature.indexOf(" ");
    if (space < 0) wordId(feature);
    else pairs.push([wordId(feature.slice(0, space)), wordId(feature.slice(space + 1)), i * width]);
  });
  const unigramRows = new Int32Array(words.size).fill(-1);
  for (const [word, id] of words) unigramRows[id] = index.get(word) ?? -1;
  const bigramRows = new Map<number, number>();
  for (const [first, second, row] of pairs) bigramRows.set(first * words.size + second, row);
  const weights = Float64Array.from(json.weights, (w) => w / json.scale);
  const bias = Float64Array.from(json.bias, (b) => b / json.scale);
  return { labels: json.labels, index, words, unigramRows, bigramRows, weights, bias };
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

function addRow(model: CompiledLinearModel, logits: Float64Array, row: number | undefined): void {
  if (row === undefined || row < 0) return;
  for (let c = 0; c < logits.length; c += 1)
    logits[c] = (logits[c] as number) + (model.weights[row + c] as number);
}

/** Word ids of the text being scored, reused from call to call (scoring is synchronous). */
let wordIds = new Int32Array(256);

/**
 * Logits for a text, equal to `computeLogits(model, extractFeatures(text))` (same sums in the same
 * order) but without building the feature strings: bigrams are looked up word by word.
 */
export function computeTextLogits(
  model: CompiledLinearModel,
  tokens: readonly string[],
  lexical: readonly string[],
): Float64Array {
  // `new Float64Array(typedArray)` copies; `Float64Array.from` walks an iterator (slow in V8).
  const logits = new Float64Array(model.bias);
  if (wordIds.length < tokens.length) wordIds = new Int32Array(Math.max(tokens.length, 2 * wordIds.length));
  const ids = wordIds;
  for (let i = 0; i < tokens.length; i += 1) {
    const id = model.words.get(tokens[i] as string) ?? -1;
    ids[i] = id;
    if (id >= 0) addRow(model, logits, model.unigramRows[id]);
  }
  const wordCount = model.words.size;
  for (let i = 1; i < tokens.length; i += 1) {
    const first = ids[i - 1] as number;
    const second = ids[i] as number;
    if (first >= 0 && second >= 0) addRow(model, logits, model.bigramRows.get(first * wordCount + second));
  }
  for (const feature of lexical) addRow(model, logits, model.index.get(feature));
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

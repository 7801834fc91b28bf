// Text → sparse features for the linear models. Shared by training (scripts/train.ts) and
// inference, so both see exactly the same features. One regex pass; no allocation beyond the list.

/** Words (apostrophes dropped: "don't" → "dont") and the punctuation that carries emotion. */
const TOKEN_PATTERN = /[a-z0-9]+(?:['’][a-z]+)*|[!?]/g;
/** A shouted word: 3+ capitals standing alone (not part of a `#MASK_TOKEN#` placeholder). */
const SHOUTED_WORD_PATTERN = /(?<![#\w])[A-Z]{3,}(?![#\w])/g;
/** A letter repeated three times in a row ("sooo", "whyyy"). */
const ELONGATED_PATTERN = /([a-z])\1\1/;

/**
 * A corpus's anonymisation placeholder ("#PRS_ORG#", "#NAME#", "#NUMBER#"): someone's data, not the
 * words "prs", "org", "name" or "number", so it is no token (and no length). GoEmotions' own
 * "[NAME]" is left as the word "name": the shipped weights were trained on it that way.
 */
const CORPUS_PLACEHOLDER_PATTERN = /#[a-z][a-z_]*#/gi;

/** The lower-cased tokens of a text, apostrophes removed, placeholders left out. */
export function tokenize(text: string): string[] {
  const words = text.includes("#") ? text.replace(CORPUS_PLACEHOLDER_PATTERN, " ") : text;
  const matches = words.toLowerCase().match(TOKEN_PATTERN);
  if (matches === null) return [];
  for (let i = 0; i < matches.length; i += 1) {
    const token = matches[i] as string;
    if (token.includes("'") || token.includes("’")) matches[i] = token.replace(/['’]/g, "");
  }
  return matches;
}

function bucketLength(tokenCount: number): string {
  if (tokenCount <= 3) return "_len:0-3";
  if (tokenCount <= 10) return "_len:4-10";
  if (tokenCount <= 25) return "_len:11-25";
  return "_len:26+";
}

/**
 * The features of one text: unigrams, bigrams (`"not happy"`) and a few lexical features
 * prefixed with `_` (exclamations, questions, shouting, elongation, length). Repeats count.
 */
export function extractFeatures(text: string): string[] {
  const tokens = tokenize(text);
  const features: string[] = tokens.slice();
  for (let i = 1; i < tokens.length; i += 1) features.push(`${tokens[i - 1]} ${tokens[i]}`);
  features.push(...extractLexicalFeatures(text, tokens.length));
  return features;
}

/** The `_`-prefixed lexical features alone, in the order `extractFeatures` lists them. */
export function extractLexicalFeatures(text: string, tokenCount: number): string[] {
  const features: string[] = [];
  if (text.includes("!")) features.push("_excl");
  if (text.includes("!!")) features.push("_excl:multi");
  if (text.includes("?")) features.push("_q");
  if (text.includes("??") || text.includes("?!") || text.includes("!?")) features.push("_q:multi");
  const shouted = text.match(SHOUTED_WORD_PATTERN);
  if (shouted !== null) features.push(shouted.length > 1 ? "_caps:multi" : "_caps");
  if (ELONGATED_PATTERN.test(text)) features.push("_elongated");
  features.push(bucketLength(tokenCount));
  return features;
}

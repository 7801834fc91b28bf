// Text → sparse features for the linear models. Shared by training (scripts/train.ts) and
// inference, so both see exactly the same features. Character loops rather than regexes where
// they run on every message; no allocation beyond the list.

/** A shouted word: 3+ capitals standing alone (not part of a `#MASK_TOKEN#` placeholder). */
const SHOUTED_WORD_PATTERN = /(?<![#\w])[A-Z]{3,}(?![#\w])/g;

/**
 * A corpus's anonymisation placeholder ("#PRS_ORG#", "#NAME#", "#NUMBER#"): someone's data, not the
 * words "prs", "org", "name" or "number", so it is no token (and no length). GoEmotions' own
 * "[NAME]" is left as the word "name": the shipped weights were trained on it that way.
 */
const CORPUS_PLACEHOLDER_PATTERN = /#[a-z][a-z_]*#/gi;

/**
 * The lower-cased tokens of a text, placeholders left out: words, apostrophes dropped ("don't" →
 * "dont"), and the punctuation that carries emotion. They are the matches of
 * /[a-z0-9]+(?:['’][a-z]+)*|[!?]/g on the lower-cased text, found with a character loop (this
 * runs on every customer message).
 */
export function tokenize(text: string): string[] {
  const words = text.includes("#") ? text.replace(CORPUS_PLACEHOLDER_PATTERN, " ") : text;
  const lower = words.toLowerCase();
  const tokens: string[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (c === 33 || c === 63) {
      tokens.push(c === 33 ? "!" : "?");
      i += 1;
      continue;
    }
    if (!isLetterOrDigit(c)) {
      i += 1;
      continue;
    }
    const start = i;
    while (i < n && isLetterOrDigit(lower.charCodeAt(i))) i += 1;
    // (?:['’][a-z]+)*: an apostrophe followed by letters stays in the token, without the apostrophe.
    let apostrophe = false;
    for (;;) {
      const a = lower.charCodeAt(i);
      if ((a !== 39 && a !== 0x2019) || i + 1 >= n || !isLetter(lower.charCodeAt(i + 1))) break;
      apostrophe = true;
      i += 2;
      while (i < n && isLetter(lower.charCodeAt(i))) i += 1;
    }
    const token = lower.slice(start, i);
    tokens.push(apostrophe ? token.replace(/['’]/g, "") : token);
  }
  return tokens;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isLetterOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** A letter repeated three times in a row ("sooo", "whyyy"): /([a-z])\1\1/, as a character loop. */
function hasElongatedLetter(text: string): boolean {
  for (let i = 0; i + 2 < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122 && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) return true;
  }
  return false;
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
  if (hasElongatedLetter(text)) features.push("_elongated");
  features.push(bucketLength(tokenCount));
  return features;
}

/**
 * Small text helpers shared by the engine: tokens, a light stemmer, number words, stop words.
 * Deliberately tiny and allocation-light: they run on every message.
 */

const TOKEN_RE = /[a-z0-9]+(?:['’][a-z]+)?/g;

/** Stop words: too common to tell facts or repeated messages apart. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the and or but if then so of to in on at by for from with about as into over after before " +
    "is are was were be been being am do does did done have has had having i me my mine we us our ours " +
    "you your yours he him his she her it its they them their this that these those there here what " +
    "which who whom when where why how can could will would shall should may might must just also " +
    "very really too not no yes any all some more most much many one get got please hi hello hey ok okay " +
    "thanks thank let let's im i'm it's that's don't doesn't can't won't i'll we'll you're we're i've " +
    "up out now than only again still within around until take takes taken approximately usually " +
    "normally always every each per"
  ).split(" "),
);

/**
 * An anonymisation placeholder: the corpora's "#PRS_ORG#", "#NAME#", "#NUMBER#", "#EMAIL#" and our
 * own redaction's "[EMAIL]", "[ADDRESS]". It stands for someone's data, not for the word it spells,
 * so no text feature reads it as words ("#PRS_ORG#" is not "prs" and "org", "#NUMBER#" not
 * "number"): two messages naming "#PRS_ORG#" share no content word by it.
 */
export const PLACEHOLDER_RE = /#[a-z][a-z_]*#|\[[a-z][a-z_]*\]/gi;

/** `text` with every placeholder blanked out (same length, so offsets still hold). */
export function maskPlaceholders(text: string): string {
  if (!text.includes("#") && !text.includes("[")) return text;
  return text.replace(PLACEHOLDER_RE, (p) => " ".repeat(p.length));
}

/** Lowercased word tokens of `text` (digits kept, placeholders left out), without positions. */
export function tokenize(text: string): string[] {
  return maskPlaceholders(text).toLowerCase().match(TOKEN_RE) ?? [];
}

/** A light suffix-stripping stemmer: enough to match "returns"/"returned"/"returning" to "return". */
export function stem(word: string): string {
  // Plain string tests rather than regexes: this runs on every word of every customer message.
  let w = word;
  if (w.length >= 2 && w.endsWith("s")) {
    const apostrophe = w[w.length - 2];
    if (apostrophe === "'" || apostrophe === "’") w = w.slice(0, -2);
  }
  if (w.length > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (
    w.length > 4 &&
    w.endsWith("es") &&
    (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes"))
  )
    w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** Content-word stems: tokens minus stop words, stemmed. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (!STOP_WORDS.has(token)) out.push(stem(token));
  }
  return out;
}

/**
 * Distinct content-word stems of an already lower-cased text (its first `limit` characters), in
 * order of first appearance; placeholders ("#prs_org#", "[email]") are no words.
 */
export function uniqueContentStems(lower: string, limit: number = lower.length): string[] {
  // The tokens of TOKEN_RE, found with a character loop (this runs on every message), each looked
  // up in a small cache by a hash taken along the way, so a word seen before is neither cut out of
  // the text again nor stemmed again.
  const out: string[] = [];
  let seen: Set<string> | null = null;
  const n = limit < lower.length ? limit : lower.length;
  let i = 0;
  while (i < n) {
    const c0 = lower.charCodeAt(i);
    if (!isTokenChar(c0)) {
      i = c0 === 35 || c0 === 91 ? skipPlaceholder(lower, i, n) : i + 1;
      continue;
    }
    const start = i;
    let hash = 0;
    while (i < n) {
      const c = lower.charCodeAt(i);
      if (!isTokenChar(c)) break;
      hash = (Math.imul(hash, 31) + c) | 0;
      i++;
    }
    // An apostrophe followed by letters stays in the token ("don't", "customer's").
    if (i + 1 < n) {
      const c = lower.charCodeAt(i);
      if ((c === 39 || c === 0x2019) && isLetter(lower.charCodeAt(i + 1))) {
        hash = (Math.imul(hash, 31) + c) | 0;
        i++;
        while (i < n) {
          const d = lower.charCodeAt(i);
          if (!isLetter(d)) break;
          hash = (Math.imul(hash, 31) + d) | 0;
          i++;
        }
      }
    }
    const s = cachedStem(lower, start, i, hash);
    if (s === null) continue;
    if (seen === null) {
      if (out.includes(s)) continue;
      out.push(s);
      if (out.length === SEEN_SET_FROM) seen = new Set(out);
    } else if (!seen.has(s)) {
      seen.add(s);
      out.push(s);
    }
  }
  return out;
}

/** Up to this many stems a message, a look through the list beats a `Set`. */
const SEEN_SET_FROM = 24;

/** Words cached by `cachedStem` (a power of two): one slot per hash, a newcomer evicts. */
const STEM_CACHE_SLOTS = 4096;
const cachedWords: (string | undefined)[] = new Array<string | undefined>(STEM_CACHE_SLOTS).fill(undefined);
const cachedStems: (string | null)[] = new Array<string | null>(STEM_CACHE_SLOTS).fill(null);

/** The stem of the word `lower[start, end)` (its `hash`), or null for a stop word; cached. */
function cachedStem(lower: string, start: number, end: number, hash: number): string | null {
  const slot = hash & (STEM_CACHE_SLOTS - 1);
  const word = cachedWords[slot];
  if (word !== undefined && word.length === end - start && lower.startsWith(word, start))
    return cachedStems[slot]!;
  const token = lower.slice(start, end);
  const s = STOP_WORDS.has(token) ? null : stem(token);
  cachedWords[slot] = token;
  cachedStems[slot] = s;
  return s;
}

/**
 * The index after a placeholder opening at `at` ("#prs_org#", "[email]": PLACEHOLDER_RE on
 * lower-cased text) and closing before `n`, or `at + 1` when none does.
 */
function skipPlaceholder(lower: string, at: number, n: number = lower.length): number {
  const close = lower.charCodeAt(at) === 35 ? 35 : 93;
  let i = at + 1;
  if (i >= n || !isLetter(lower.charCodeAt(i))) return at + 1;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (c === close) return i + 1;
    if (!isLetter(c) && c !== 95) return at + 1;
    i++;
  }
  return at + 1;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isTokenChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
  couple: 2,
  few: 3,
};

/** Regex source for a number written in digits or words. */
export const NUMBER_SOURCE = `(?:\\d+(?:[.,]\\d+)?|${Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|")})`;

/** Parses a number written in digits ("1,000", "2.5") or words ("two"); NaN when it is neither. */
export function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  const word = NUMBER_WORDS[lower];
  if (word !== undefined) return word;
  // "1,000" is a thousands separator; "2,5" a decimal comma.
  const normalised = /^\d{1,3}(?:,\d{3})+$/.test(lower) ? lower.replace(/,/g, "") : lower.replace(",", ".");
  return Number(normalised);
}

/** Clamps to [0, 1]. */
export function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** Rounds to 3 decimals, so analyses are stable across runs and compact in JSON. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

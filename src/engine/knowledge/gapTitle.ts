// A knowledge gap's title, as a person would write it: the customer's question itself, trimmed to
// the question, rather than the key words gaps are grouped by ("pay shipping order"). Pure, and
// imports only the pure sentence splitter: the web app groups the gaps list with it too.
import { splitSentences } from "../sentenceEnd.ts";

/** The longest title before it is cut at a word and ends in "…". */
export const GAP_TITLE_MAX = 90;

const QUESTION_WORD =
  "how|what|when|where|why|which|who|can|could|do|does|did|is|are|will|would|should|may|have|has";

/** A lead-in that says a question is coming, or a greeting, rather than what it is about. */
export const LEAD_IN =
  /^(?:\s*(?:hi|hello|hey|sorry|excuse me|pardon|oh|ah|um+|uh+|hm+|also|and|so|but|ok(?:ay)?|right|well|(?:one|just one|a|another|quick|last|one last|one more|two|a few|some) (?:more |other |quick |last |small )?(?:question|questions|thing|things)|(?:i have|i've got|got) (?:a|one|another|one more|a quick|a few) (?:more |other |quick |small )?(?:question|questions|thing)s?)\s*(?:[,:;!.\u2013\u2014-]+|(?=\s)))+\s*/i;

/** Where the question itself starts in a longer sentence ("I paid last week, when will it come?"). */
function questionClause(sentence: string): string {
  let at = 0;
  for (const m of sentence.matchAll(
    new RegExp(`(?:[,;:\\u2013\\u2014]\\s*|\\s(?:and|but|so)\\s+)(?=(?:${QUESTION_WORD})\\b)`, "gi"),
  )) {
    at = (m.index ?? 0) + m[0].length;
  }
  const clause = sentence.slice(at);
  // A clause of two words ("…, is it?") says too little on its own: keep the sentence.
  return clause.split(/\s+/).filter(Boolean).length >= 3 ? clause : sentence;
}

/**
 * A gap's question as a title: the question sentence (the last, when a customer wrote several),
 * without a greeting or "quick question:" before it, its question clause when a long sentence
 * leads up to it, capitalised, and cut at a word to at most {@link GAP_TITLE_MAX} characters.
 *
 * @example
 * gapTitle("hi, quick question - I paid for express shipping last week, when will my order come?")
 * // → "When will my order come?"
 */
export function gapTitle(question: string): string {
  const text = question.replace(/\s+/g, " ").trim();
  const sentences = splitSentences(text).map((s) => s.text);
  if (sentences.length === 0) sentences.push(text);
  const asked =
    [...sentences].reverse().find((s) => s.endsWith("?")) ?? sentences[sentences.length - 1] ?? text;
  let title = questionClause(asked.replace(LEAD_IN, "")).trim();
  if (title.length === 0) title = text;
  title = title.charAt(0).toUpperCase() + title.slice(1);
  if (title.length <= GAP_TITLE_MAX) return title;
  const cut = title.slice(0, GAP_TITLE_MAX - 1);
  const atWord = cut.lastIndexOf(" ");
  return `${(atWord > GAP_TITLE_MAX / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,;:.\u2013\u2014-]+$/, "")}…`;
}

/** How plainly a title reads as a question: higher is clearer. */
function clarity(title: string): number {
  const words = title.split(/\s+/).filter(Boolean).length;
  let score = 0;
  if (title.endsWith("?")) score += 4;
  if (new RegExp(`^(?:${QUESTION_WORD})\\b`, "i").test(title)) score += 3;
  if (words >= 4 && words <= 14) score += 2;
  else if (words < 3) score -= 3;
  if (title.endsWith("…")) score -= 2;
  // "[ORDER_NUMBER]" and the like read worse than the words they stand in for.
  score -= (title.match(/\[[A-Z_]+\]/g) ?? []).length * 2;
  // Read out of its conversation, "can I pay it later?" does not say what "it" is.
  score -= (title.match(/\b(?:it|this|that|them|those|these)\b/gi) ?? []).length;
  return score;
}

/**
 * The clearest title among a group's questions: the one that reads most plainly as a question
 * (ends with "?", opens with a question word, neither a fragment nor cut short, fewest redaction
 * placeholders and pronouns that point back into its conversation), then the most often asked, then the shortest. Null for no questions.
 */
export function clearestGapTitle(questions: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const q of questions) {
    const t = gapTitle(q);
    if (t.length > 0) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  let best: { title: string; score: number; count: number } | null = null;
  for (const [title, count] of counts) {
    const score = clarity(title);
    if (
      best === null ||
      score > best.score ||
      (score === best.score &&
        (count > best.count || (count === best.count && title.length < best.title.length)))
    )
      best = { title, score, count };
  }
  return best?.title ?? null;
}

/** Contractions written out, so "Where's my refund?" and "Where is my refund?" read the same. */
const CONTRACTIONS: readonly [RegExp, string][] = [
  [/\b(where|what|when|who|how|it|that|there|here)['’]s\b/g, "$1 is"],
  [/\b(\w+)n['’]t\b/g, "$1 not"],
  [/\b(\w+)['’]re\b/g, "$1 are"],
  [/\b(\w+)['’]ll\b/g, "$1 will"],
  [/\b(\w+)['’]ve\b/g, "$1 have"],
  [/\b(\w+)['’]d\b/g, "$1 would"],
];
/** Marks a placeholder's kind in a group key (a private-use character no question is written with). */
const PLACEHOLDER_MARK = "\uE000";
/** Greetings and courtesy around a question that do not change what is asked ("Hi, where is my refund please?"). */
const COURTESY =
  /^(?:(?:hi|hello|hey|ok|okay|so|and|sorry|excuse me)\b\s*)+|\b(?:please|pls|thanks|thank you)\b/g;

/**
 * What makes two gaps' questions one question, however punctuated or capitalised, with or
 * without a greeting or "please": the Knowledge page lists a team's gaps of one key as one row,
 * and a fact that answers one of them answers them all.
 *
 * @example
 * gapGroupKey("Hi, where's my refund please?") === gapGroupKey("where is my refund") // → true
 */
export function gapGroupKey(question: string): string {
  // A redaction placeholder stays the customer's data, before lowercasing could make "[ADDRESS]"
  // the word "address": "Did it go to [ADDRESS]?" is not "Did it go to address?", nor "…to [EMAIL]?".
  let q = question.replace(
    /\[([A-Z][A-Z_]*)\]/g,
    (_all, kind: string) => ` ${PLACEHOLDER_MARK}${kind.replace(/_/g, "")} `,
  );
  q = q.toLowerCase();
  for (const [re, to] of CONTRACTIONS) q = q.replace(re, to);
  q = q.replace(/[^\p{L}\p{N}$€£%\uE000]+/gu, " ").trim();
  return q.replace(COURTESY, " ").replace(/\s+/g, " ").trim();
}

// Which customer questions are the same question, however worded: the key the Knowledge page groups
// gaps by and the server looks answered ones up by. Pure, and imports only the small text helpers
// and the gap title's normalisation: the web app groups the gaps list with it too. The server
// fingerprints this module's source and its imports' (src/server/loop2/gapKeysDerivation.ts): a
// change here derives the stored gaps' keys again at its next start.
import { STOP_WORDS, stem } from "../text.ts";
import { gapGroupKey, LEAD_IN } from "./gapTitle.ts";

/** A redaction placeholder's mark in {@link gapGroupKey}'s text: the customer's data, kept as it is. */
const PLACEHOLDER_MARK = "\uE000";

/**
 * What a question asks for, by its question word: "how long is the return window?" and "what's the
 * return window?" both ask what it is; "how soon" asks when. Words that keep a question apart
 * ("why is my refund late?" is not "where is my refund?") stay apart. First match wins.
 */
const ASKING: readonly [RegExp, string][] = [
  [/\bhow (?:long|much)\b/, "what"],
  [/\bhow soon\b/, "when"],
  [/\bhow (?:many|often|far)\b/, "$&"],
  [/\b(?:what|which|when|where|why|who|how)\b/, "$&"],
];
/** Negations change what is asked ("why is it not here?"): no stop words here. */
const KEPT = new Set(["not", "no"]);

/**
 * The key of a customer's question: what it asks for (its question word, "how long" read as
 * "what") and its content words (the engine's stop words left out, stemmed, in any order), on
 * top of {@link gapGroupKey}'s normalisation (greetings, punctuation, contractions; a redacted
 * detail stays apart from the word its kind is named by), a lead-in ("Quick question: …") left
 * out. Two wordings of one question share it; a question with no content word is only itself.
 *
 * @example
 * questionKey("How long is the return window?") === questionKey("what's the return window") // → true
 * questionKey("Where is my refund?") === questionKey("Why is my refund late?") // → false
 */
export function questionKey(question: string): string {
  const normal = gapGroupKey(question.replace(LEAD_IN, ""));
  let asking = "";
  let rest = normal;
  for (const [re, as] of ASKING) {
    const m = re.exec(normal);
    if (m === null) continue;
    asking = as === "$&" ? m[0] : as;
    rest = `${normal.slice(0, m.index)} ${normal.slice(m.index + m[0].length)}`;
    break;
  }
  const words = new Set<string>();
  for (const w of rest.split(" ")) {
    if (w === "") continue;
    if (w.startsWith(PLACEHOLDER_MARK)) words.add(w);
    else if (KEPT.has(w) || !STOP_WORDS.has(w)) words.add(stem(w));
  }
  if (words.size === 0) return normal;
  return `${asking}|${[...words].sort().join(" ")}`;
}

// A knowledge gap's topic: the key words of its customer's question. Its own module, with only what
// it reads (the text helpers' placeholder pattern), because the server fingerprints the source of
// what derives a gap's stored keys (this and questionKey.ts, with what they import) to know when
// to derive the stored keys again (src/server/loop2/gapKeysDerivation.ts).
import { PLACEHOLDER_RE } from "../text.ts";

/** Words that never name what a question is about. */
export const STOP: ReadonlySet<string> = new Set(
  "i me my you your we our the a an is are was were be to of in on for and or it this that can could do does did how what when where why which who will would should may have has with at by from about any there please just get".split(
    " ",
  ),
);

/**
 * A lead-in that says a question is coming rather than what it is about ("Sorry, one more
 * question: …", "Quick question — …", "Also, last thing, …"): left out when judging what the
 * question names and when naming its topic.
 */
const PREAMBLE =
  /^(?:\s*(?:sorry|excuse me|pardon|hi|hello|hey|hiya|good (?:morning|afternoon|evening)|oh|ah|um+|uh+|hm+|also|and|so|ok(?:ay)?|right|well|(?:one|just one|a|another|quick|last|one last|one more|two|a few|some) (?:more |other |quick |last |small )?(?:question|questions|thing|things)|(?:i have|i've got|got) (?:a|one|another|one more|a quick|a few) (?:more |other |quick |small )?(?:question|questions|thing)s?)\s*(?:[,:;!.\u2013\u2014-]+|(?=\s)))+\s*/i;

export function withoutPreamble(question: string): string {
  return question.replace(PREAMBLE, "");
}

/**
 * A redaction placeholder ("[ADDRESS]", "[EMAIL]", "[NUMBER]", "[DATE_OF_BIRTH]", a corpus's
 * "#PRS_ORG#", TEXT-MASK-1): it stands for the customer's data, not for the word. Taken out
 * before a text is lowercased, where it would read as "address" and group "Did it go to
 * [ADDRESS]?" with "Can I change my address?".
 */
export const PLACEHOLDER = PLACEHOLDER_RE;

/**
 * The key words of a text as gap topics are made of (lower case, singular, no stop words, no
 * redaction placeholders), all of them: a gap's topic is its question's first four. The server
 * matches a published fact's words against a gap's topic with them.
 */
export function topicWords(text: string): string[] {
  return withoutPreamble(text.replace(PLACEHOLDER, " "))
    .toLowerCase()
    .split(/[^a-z0-9'-]+/)
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map(singular);
}

/** A gap's topic: the first four key words of its (redacted) question. */
export function gapTopic(question: string): string {
  return topicWords(question).slice(0, 4).join(" ");
}

/**
 * A plural's singular, roughly, so that "ship to PO boxes?" and "ship to a po box?" name one topic:
 * "boxes" → "box", "refunds" → "refund", "deliveries" → "delivery"; "address", "status", "this",
 * "yes" and short words stay.
 */
function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is)$|^(?:always|perhaps|whereas|towards)$/.test(word)) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|ss|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !word.endsWith("'s")) return word.slice(0, -1);
  return word;
}

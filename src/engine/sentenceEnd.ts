// Where a sentence ends in a customer's or agent's message. Pure, no imports: the web app's gap
// titles (knowledge/gapTitle.ts) use it too.

/** Abbreviations whose full stop never ends a sentence: "P.O. Box", "e.g. express", "Dr. Lee". */
const ABBREVIATION_RE =
  /(?:^|[^A-Za-z.])(?:p\.\s?o|e\.\s?g|i\.\s?e|mrs?|ms|dr|vs|approx|incl|cf|ca|n\.\s?b)\.$/i;
/** A dotted initialism ("U.S.", "a.m.", "P. O."). */
const INITIALISM_RE = /(?:^|[^A-Za-z.])(?:[A-Za-z]\.\s?)+[A-Za-z]\.$/;
/** A lone letter and its full stop ("P." of "P. O. Box"). */
const LETTER_RE = /(?:^|[^A-Za-z.])[A-Za-z]\.$/;

/**
 * Whether the character at `i` ends a sentence: a newline, or ".", "!" or "?" before a space or the
 * end of the text ("anna@example.com" is one word), except the full stop of an abbreviation that
 * goes on: "P.O." and "e.g." always, an initialism before a lower-case word or a number ("the
 * U.S. store", "9 a.m. tomorrow"; "…in the U.S. Can you…" ends), a lone letter before another
 * ("P. O. boxes").
 */
export function endsSentence(text: string, i: number): boolean {
  const c = text[i];
  if (c === "\n") return true;
  if (c !== "." && c !== "!" && c !== "?") return false;
  if (i + 1 < text.length && !/\s/.test(text[i + 1] ?? "")) return false;
  if (c !== "." || i + 1 >= text.length) return true;
  const before = text.slice(Math.max(0, i - 12), i + 1);
  const after = text.slice(i + 1, i + 4);
  if (ABBREVIATION_RE.test(before)) return false;
  if (INITIALISM_RE.test(before) && /^\s+[a-z0-9]/.test(after)) return false;
  if (LETTER_RE.test(before) && /^\s[A-Za-z]\./.test(after)) return false;
  return true;
}

/** The sentences of `text` with their offsets, trimmed; empty ones left out. */
export function splitSentences(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  let start = 0;
  const push = (end: number): void => {
    const raw = text.slice(start, end);
    const trimmed = raw.trim();
    if (trimmed.length > 0) {
      const lead = raw.length - raw.trimStart().length;
      out.push({ start: start + lead, end: start + lead + trimmed.length, text: trimmed });
    }
    start = end;
  };
  for (let i = 0; i < text.length; i++) if (endsSentence(text, i)) push(i + 1);
  push(text.length);
  return out;
}

// Small helpers shared by the loop-2 drafts: quoting evidence briefly and finding sentences.
import type { EngineMessage } from "../index.ts";
import { endsSentence } from "../sentenceEnd.ts";

/** Longest quote a draft carries from a message. */
export const MAX_QUOTE_CHARS = 80;

/** The words of a message between `start` and `end`, widened to whole words and capped. */
export function quoteSpan(message: EngineMessage | undefined, start: number, end: number): string {
  if (message === undefined) return "";
  const text = message.text;
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  while (s > 0 && /\w/.test(text[s - 1] ?? "")) s--;
  while (e < text.length && /\w/.test(text[e] ?? "")) e++;
  const quote = text.slice(s, e).replace(/\s+/g, " ").trim();
  return quote.length > MAX_QUOTE_CHARS ? `${quote.slice(0, MAX_QUOTE_CHARS - 1).trimEnd()}…` : quote;
}

/** The sentence of `text` that contains offset `at`. */
export function sentenceAt(text: string, at: number): { start: number; end: number; text: string } {
  // A full stop ends a sentence only before a space or the end ("anna@example.com" is one word),
  // and not after an abbreviation that goes on ("P.O. Box", sentenceEnd.ts).
  const endsAt = (i: number): boolean => endsSentence(text, i);
  let start = at;
  while (start > 0 && !endsAt(start - 1)) start--;
  let end = at;
  while (end < text.length && !endsAt(end)) end++;
  if (end < text.length) end++;
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  return { start: start + lead, end, text: raw.trim() };
}

/** Whole message, shortened for a quote. */
export function quoteMessage(message: EngineMessage | undefined): string {
  return message === undefined ? "" : quoteSpan(message, 0, message.text.length);
}

/**
 * The sentence of the message a cue is in, shortened for a quote: a debrief quotes its reader's own
 * line ("I understand how frustrating this is, Maya."), not the cue's two or three words ("I
 * understand how"). A sentence too long for a quote starts a little before the cue, after "…".
 */
export function quoteSentence(message: EngineMessage | undefined, start: number, end: number): string {
  if (message === undefined) return "";
  const sentence = sentenceAt(message.text, Math.max(0, Math.min(start, message.text.length)));
  if (sentence.text.length <= MAX_QUOTE_CHARS || start - sentence.start < 20)
    return quoteSpan(message, sentence.start, Math.max(sentence.end, end));
  return `…${quoteSpan(message, start - 20, Math.max(sentence.end, end))}`;
}

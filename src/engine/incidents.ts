/**
 * Incident surge, the engine's part: what a customer's report of a malfunction is about.
 *
 * One customer saying "the app keeps crashing" is a conversation to help with; ten customers saying
 * it within a quarter of an hour is an incident the whole team should hear about once. The server
 * counts reports per team and subject over a window; this module only names the subject of one
 * report: the thing that fails ("app", "checkout", "login") and any error code, found next to the
 * words the engine already recognised as a malfunction (RC-EVIDENCE system_malfunction).
 */
import { redactPii } from "./pii/index.ts";
import type { MessageAnalysis } from "./types.ts";
import { maskPlaceholders, STOP_WORDS, stem } from "./text.ts";

/** A customer's report of something not working. */
export interface MalfunctionReport {
  /** Subjects to count by, most specific first (an error code, then the failing thing). At most 3. */
  terms: string[];
  /** Each term as the customer wrote it, for people to read ("Checkout", "error 502"). */
  labels: string[];
  /** The words the malfunction was recognised in, as written. */
  phrase: string;
}

/** Words that say something is wrong, or when: they name no subject. */
const FAILURE_WORDS = new Set(
  (
    "crash crashes crashing crashed freeze freezes freezing froze frozen down broken broke break working work works " +
    "worked load loads loading loaded open opens opening keep keeps kept stopped stop stops hang hangs hanging " +
    "logging logs kicking kicks kick disconnecting disconnects dropping drops drop failing fails failed fail " +
    "error errors message code won't doesn't didn't isn't wasn't will does cannot can't couldn't blank white " +
    "black screen slow stuck spinning spin outage bug bugs glitch glitches glitching again today yesterday " +
    "morning afternoon evening night tonight week day days hour hours minute minutes time times since trying " +
    "tried try problem problems issue issues trouble wrong anything something nothing everything anymore " +
    "keep keeps going gone went being getting giving gives gave show shows showing says said see seeing " +
    "connect connecting connected start starting started sync syncing update updating install installing " +
    "save saving sign log login logged just whenever while even already literally completely totally keeps " +
    "few couple lot lots bit whole entire random randomly constantly suddenly recently earlier later soon " +
    "second seconds month months last next first place placing make making use using buy buying need " +
    "needs want wants able"
  ).split(" "),
);

/** Words too general to tell one malfunction from another on a support floor. */
const GENERIC_WORDS = new Set(
  (
    "account accounts help service support customer customers thing things stuff way side people person guys " +
    "team company you're i'm it's phone call number email mail order orders app's page pages button link " +
    "window tab screen laptop computer pc mobile frustrating frustrated annoying annoyed ridiculous " +
    "terrible awful useless unacceptable angry upset disappointed sorry urgent urgently help helpful " +
    // Common verbs, adverbs and fillers that sit next to "doesn't work" in real chats (MAIA-DQE).
    "because unfortunately anyway straight above below same other another different come comes came " +
    "coming found find finds follow follows following followed appear appears appeared tried tries get " +
    "gets got getting go goes going went gone say says said tell told see sees saw seen know knew think " +
    "thought like want need try trying work still even ever never always already again also really " +
    "simply actually maybe perhaps probably hello dear good bad fine well yes okay thing things way lot " +
    "nothing something anything everything someone anyone everyone nobody people information detail " +
    "details message messages question questions answer reply instruction instructions new old own " +
    "whole part case reason point step steps itself myself yourself during name names enter entered " +
    "arise arises arose"
  ).split(" "),
);

/** Words, with "#" and "_" kept inside so placeholders and identifiers (#PRS_ORG#) stay whole. */
const WORD_RE = /#?[A-Za-z][A-Za-z0-9'’_#-]*|\d+/g;
const ERROR_CODE_RE = /\b(?:error|err|code)\s*(?:code\s*)?[#:]?\s*([a-z]{0,3}-?\d{2,6})\b/i;
const LOGIN_RE = /\b(?:log(?:ging)?[\s-]?in|sign(?:ing)?[\s-]?in|signin)\b/i;
/** Words looked at on either side of the recognised phrase. */
const NEIGHBOURS = 5;
const MAX_TERMS = 3;
const MAX_PHRASE = 160;

/**
 * The report in a customer's message, if the engine recognised a malfunction in that very message
 * (its system_malfunction evidence points at `analysis.index`); null otherwise, or when nothing
 * specific enough to count by is said.
 */
export function malfunctionReport(text: string, analysis: MessageAnalysis): MalfunctionReport | null {
  if (analysis.role !== "customer") return null;
  const hypothesis = analysis.rootCauses.find((c) => c.cause === "system_malfunction");
  const evidence = hypothesis?.evidence.find((e) => e.index === analysis.index);
  if (evidence === undefined) return null;
  return reportFromSpan(text, evidence.start, evidence.end);
}

/** A word's stem when it can name what fails; null for stop, failure and too general words. */
function subjectOf(word: string): string | null {
  const lower = word.toLowerCase().replace(/’/g, "'");
  if (lower.length < 3 || /^\d+$/.test(lower)) return null;
  // Redaction placeholders, hashtags and identifiers name nothing a teammate would recognise.
  if (lower.includes("#") || lower.includes("_")) return null;
  // Adverbs ("properly", "unfortunately") describe the failing, they are not what fails.
  if (lower.length > 4 && lower.endsWith("ly")) return null;
  if (STOP_WORDS.has(lower) || FAILURE_WORDS.has(lower) || GENERIC_WORDS.has(lower)) return null;
  const term = stem(lower.replace(/'s$/, ""));
  if (term.length < 3 || FAILURE_WORDS.has(term) || GENERIC_WORDS.has(term)) return null;
  return term;
}

/** The report around the malfunction words at text[start, end). */
function reportFromSpan(text: string, start: number, end: number): MalfunctionReport | null {
  const terms: string[] = [];
  const labels: string[] = [];
  const add = (term: string, label: string): void => {
    if (terms.length >= MAX_TERMS || terms.includes(term)) return;
    terms.push(term);
    labels.push(label);
  };
  const code = ERROR_CODE_RE.exec(text);
  if (code?.[1] !== undefined) add(`error ${code[1].toLowerCase()}`, `error ${code[1]}`);
  // Kept on the incident (its banner's example) after the conversation is erased: no personal details.
  const phrase = redactPii(text.slice(start, end)).text;
  // "can't log in", "the sign-in page won't load": a word or two either side of the phrase.
  const login = LOGIN_RE.exec(text.slice(Math.max(0, start - 24), Math.min(text.length, end + 24)));
  if (login !== null) add("login", "login");

  // The content words inside the phrase first (its subject: "app keeps crashing"), then the nearest
  // content word before it ("payment keeps failing") and the nearest after it ("error 502 at
  // checkout"), each looked for across at most NEIGHBOURS words of stop and failure words.
  // Nothing of a customer's personal details names what fails: a word inside an e-mail, a name,
  // a phone or an address ("anna.berg@example.com", "I'm Anna Berg") is no incident's subject.
  const personal = redactPii(text).spans;
  const words: { word: string; at: number }[] = [];
  // A placeholder ("#PRS_ORG#") is no word (TEXT-MASK-1): it takes none of the NEIGHBOURS.
  for (const m of maskPlaceholders(text).matchAll(WORD_RE))
    if (!personal.some((p) => m.index < p.end && m.index + m[0].length > p.start))
      words.push({ word: m[0], at: m.index });
  const inside = words.filter((w) => w.at >= start && w.at < end);
  const before = words
    .filter((w) => w.at < start)
    .slice(-NEIGHBOURS)
    .reverse();
  const after = words.filter((w) => w.at >= end).slice(0, NEIGHBOURS);
  for (const { word } of inside) {
    const subject = subjectOf(word);
    if (subject !== null) add(subject, word.replace(/['’]s$/, ""));
  }
  for (const side of [before, after])
    for (const { word } of side) {
      const subject = subjectOf(word);
      if (subject === null) continue;
      add(subject, word.replace(/['’]s$/, ""));
      break;
    }
  if (terms.length === 0) return null;
  return {
    terms,
    labels,
    phrase: phrase.length > MAX_PHRASE ? `${phrase.slice(0, MAX_PHRASE - 1)}…` : phrase,
  };
}

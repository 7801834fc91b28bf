import type { CompiledLexicons } from "./config.ts";
import type { LexiconName } from "./lexicons.ts";
import { openLexicons, regexIfOpen, type OpenLexicons } from "./lexiconGate.ts";
import { endsSentence } from "./sentenceEnd.ts";
import type { Slot } from "./state.ts";
import type { Cue, CueKind } from "./types.ts";

/** A span [start, end) in a message, or null when nothing matched. */
export type Span = readonly [number, number] | null;

/** At most this many cues of one kind per message: evidence, not an inventory. */
const MAX_CUES_PER_KIND = 4;

/**
 * Scans `text` with a compiled lexicon and appends one cue per match (CUE-*). Returns the number
 * of matches, which the caller uses as a count even beyond the cue cap.
 */
export function scanCues(
  re: RegExp,
  text: string,
  kind: CueKind,
  polarity: Cue["polarity"],
  out: Cue[],
): number {
  re.lastIndex = 0;
  let count = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    if (count < MAX_CUES_PER_KIND) out.push({ kind, start: m.index, end: m.index + m[0].length, polarity });
    count++;
  }
  return count;
}

/**
 * A message prepared once for every lexicon (CUE-GATE-1): lower-cased, and which lexicons its
 * words can open. Built by `prepareText`, read by `scanLexicon`/`firstLexiconSpan`.
 */
export interface PreparedText {
  text: string;
  lower: string;
  /** Lower-casing kept every offset (true unless the text has rare characters like "İ"). */
  sameLength: boolean;
  /** The lexicons the message's words can open (CUE-GATE-1). */
  open: OpenLexicons;
  lex: CompiledLexicons;
}

/** Lower-cases `text` and runs the lexicon gate over its words, once per message. */
export function prepareText(text: string, lex: CompiledLexicons): PreparedText {
  const lower = text.toLowerCase();
  return { text, lower, sameLength: lower.length === text.length, open: openLexicons(lex.set, lower), lex };
}

/** The regex to run for a lexicon on this message, or null when its gate is closed. */
function lexiconRegex(t: PreparedText, name: LexiconName): RegExp | null {
  const re = regexIfOpen(t.lex.set, t.lex.index[name], t.open);
  if (re === null) return null;
  return t.sameLength && re.lower !== null ? re.lower : re.any;
}

/** `scanCues` with a lexicon, skipped when the gate says it cannot match. */
export function scanLexicon(
  t: PreparedText,
  name: LexiconName,
  kind: CueKind,
  polarity: Cue["polarity"],
  out: Cue[],
): number {
  const re = lexiconRegex(t, name);
  return re === null ? 0 : scanCues(re, re.ignoreCase ? t.text : t.lower, kind, polarity, out);
}

/** The first match of a lexicon, or null (gated like `scanLexicon`). */
export function firstLexiconSpan(t: PreparedText, name: LexiconName): Span {
  const re = lexiconRegex(t, name);
  return re === null ? null : firstSpan(re, re.ignoreCase ? t.text : t.lower);
}

/** Matches of a lexicon, capped like cues (gated like `scanLexicon`). */
function countLexicon(t: PreparedText, name: LexiconName): number {
  const re = lexiconRegex(t, name);
  return re === null ? 0 : countMatches(re, re.ignoreCase ? t.text : t.lower);
}

/** The first match of a lexicon, for root-cause evidence that is not itself a cue. */
export function firstSpan(re: RegExp, text: string): Span {
  re.lastIndex = 0;
  const m = re.exec(text);
  return m === null ? null : [m.index, m.index + m[0].length];
}

/** Index of the first cue of `kind` in `cues`, as a span. */
export function spanOf(cues: readonly Cue[], kind: CueKind): Span {
  for (const cue of cues) if (cue.kind === kind) return [cue.start, cue.end];
  return null;
}

export interface AgentScan {
  cues: Cue[];
  /** The message lower-cased, shared with later steps. */
  lower: string;
  apology: number;
  hedge: number;
  vague: number;
  defensive: number;
  blame: number;
  jargon: number;
  filler: number;
  empathy: number;
  paraphrase: number;
  thanks: number;
  nextStep: number;
  hold: number;
  holdNarration: number;
  beyondAuthority: number;
  closing: number;
  /** Requests and instructions that put work on the customer (RISK-3). */
  effort: number;
  confirm: number;
  redundant: number;
  nameUsed: boolean;
  hasSpecifics: boolean;
  words: number;
  formal: Span;
  casual: Span;
  policyCite: Span;
  /** The message prepared for the lexicons, for checks made only when needed (`asksForDetail`). */
  prepared: PreparedText;
}

/**
 * CUE-REPEAT-5: the agent's message asks for a detail, with or without a question mark
 * (`askForDetail`). Run only when nothing cheaper already says the agent asked.
 */
export function asksForDetail(scan: AgentScan): boolean {
  return firstLexiconSpan(scan.prepared, "askForDetail") !== null;
}

const DIGIT_OR_DAY_RE =
  /\d|\b(?:today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|hours?|minutes?|days?|weeks?)\b/i;

/** Whether the sentence holding offset `at` ends with a question mark. */
function inQuestion(text: string, at: number): boolean {
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === "?") return true;
    if (c === "." || c === "!" || c === "\n") return false;
  }
  return false;
}

/** Runs of non-space characters (what `\S+` would match), counted without a regex. */
function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space =
      c === 32 ||
      (c >= 9 && c <= 13) ||
      c === 160 ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x1680 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

const SLOT_WORDS: readonly (readonly [RegExp, Slot])[] = [
  [/^\s*(?:order|reference|ref|booking|confirmation|ticket|case|tracking)\b/i, "order"],
  [/^\s*(?:e-?mail)\b/i, "email"],
  [/^\s*(?:phone|mobile|cell|telephone)\b/i, "phone"],
  [/^\s*(?:account)\b/i, "account"],
  [/^\s*(?:(?:postal |shipping |delivery |home )?address)\b/i, "address"],
  [/^\s*(?:full )?name\b/i, "name"],
];

/**
 * CUE-PARAPHRASE-2: a restatement closed by a check tag ("You are looking for a refund, correct?",
 * "Your order number is 4421, right?", "I understand you can't log in, correct?"). The sentence
 * opens (after an interjection or the agent's thanks at most) on the customer or something of
 * theirs and ends in ", correct?" or ", right?" (a full stop inside a word, as in an e-mail address,
 * does not end it). Group 1 is the restatement and its tag. Run only on messages with such a tag
 * (`hasCheckTag`), not in the lexicon: as a lexicon entry it was tried at every word of
 * every agent message and cost a few per cent of `scanAgent`.
 */
const CHECK_TAG_RE = new RegExp(
  "(?<=^|[.!?:]\\s+|\\n|\\b(?:ok|okay|oh|ah|alright|i see|great|perfect|thanks|thank you|understood|got it)[,.!]?\\s+)\\s*" +
    "((?:(?:i understand(?: that)? )?you(?:['’]re|['’]ve|['’]d| are| were| have| had| want| wanted| wish| need| needed| would| did| didn['’]t| don['’]t| do not| can['’]t| cannot| could not| couldn['’]t| bought| purchased| ordered| paid| tried| received| got| used| mean| meant| said| mentioned| already| still| just| only| also)" +
    "|your \\w+(?:[ -]\\w+)? (?:is|are|was|were|has|have|had|did|does|do|didn['’]t|doesn['’]t|isn['’]t|wasn['’]t|won['’]t|can['’]t|hasn['’]t|haven['’]t))" +
    "\\b(?:[^.?!\\n]|\\.(?=\\S)){0,160}?,\\s*(?:correct|right)\\s*\\?)",
  "gi",
);
/** Whether `lower` has a check tag (", correct?", ", right?"), found without a regex. */
function hasCheckTag(lower: string): boolean {
  for (let q = lower.indexOf("?"); q > 0; q = lower.indexOf("?", q + 1)) {
    let i = q;
    while (i > 0 && lower.charCodeAt(i - 1) === 32) i--;
    const word = lower.startsWith("correct", i - 7) ? 7 : lower.startsWith("right", i - 5) ? 5 : 0;
    if (word === 0) continue;
    i -= word;
    while (i > 0 && lower.charCodeAt(i - 1) === 32) i--;
    if (i > 0 && lower.charCodeAt(i - 1) === 44 /* , */) return true;
  }
  return false;
}

/** CUE-PARAPHRASE-2: appends a `paraphrase` cue per restatement closed by a check tag; their number. */
function scanCheckTags(text: string, lower: string, out: Cue[]): number {
  if (!hasCheckTag(lower)) return 0;
  let count = 0;
  CHECK_TAG_RE.lastIndex = 0;
  for (let m = CHECK_TAG_RE.exec(text); m !== null; m = CHECK_TAG_RE.exec(text)) {
    const end = m.index + m[0].length;
    if (count < MAX_CUES_PER_KIND)
      out.push({ kind: "paraphrase", start: end - m[1]!.length, end, polarity: "good" });
    count++;
  }
  return count;
}

/**
 * CUE-PARAPHRASE-4: a restatement asked back as a question ("You are growing apart from your best
 * friend?", "Your relationship has ended?", "Oh, so you proposed and she said no?"): the sentence
 * opens (after an interjection at most) the way a CUE-PARAPHRASE-2 restatement does and ends in
 * "?" with no tag. Tried only at the start of a sentence that ends in "?", so it costs nothing on
 * messages without one. "You still there?" checks the chat, "You're very welcome, anything else?" and
 * "You don't have to answer, but…?" say nothing back.
 */
const ECHO_QUESTION_RE = new RegExp(
  "(?:(?:ok|okay|oh|ah|alright|i see|wow|great|perfect|thanks|thank you|understood|got it|so|and|sorry)[,.!]?\\s+)*(?:so,?\\s+)?" +
    "(?:you(?:['’]re| are| were| have| had| want| wanted| wish| need| needed| did| didn['’]t| don['’]t| do not| can['’]t| cannot| could not| couldn['’]t| bought| purchased| ordered| paid| tried| received| got| used| mean| meant| said| mentioned| already| still| just| only| also| feel| felt| think| thought| lost| made| proposed| broke| moved| started| stopped| left| found| noticed| haven['’]t| hadn['’]t| weren['’]t| aren['’]t)" +
    "|your \\w+(?:[ -]\\w+)? (?:is|are|was|were|has|have|had|did|does|do|didn['’]t|doesn['’]t|isn['’]t|wasn['’]t|won['’]t|can['’]t|hasn['’]t|haven['’]t|ended|broke|left))" +
    "\\b(?! still there| still with me| there\\b| (?:very |most |so |really )?welcome\\b)(?!(?<=you (?:don['’]t|do not|need)) (?:have |need )?to\\b)",
  "iy",
);

/** CUE-PARAPHRASE-4: appends a `paraphrase` cue per restatement asked back as a question; their number. */
function scanEchoQuestions(text: string, out: Cue[]): number {
  let count = 0;
  for (let q = text.indexOf("?"); q > 0; q = text.indexOf("?", q + 1)) {
    let start = q;
    while (start > 0 && !endsSentence(text, start - 1)) start--;
    while (start < q && /\s/.test(text[start]!)) start++;
    // A tagged check is CUE-PARAPHRASE-2's; a restatement already found is not counted twice.
    if (/,\s*(?:correct|right)\s*$/i.test(text.slice(start, q))) continue;
    if (out.some((c) => c.kind === "paraphrase" && c.start >= start && c.start <= q)) continue;
    ECHO_QUESTION_RE.lastIndex = start;
    if (!ECHO_QUESTION_RE.test(text)) continue;
    if (count < MAX_CUES_PER_KIND) out.push({ kind: "paraphrase", start, end: q + 1, polarity: "good" });
    count++;
  }
  return count;
}

/**
 * CUE-REDUNDANT-3: what may stand between the word naming a detail and its value when the agent
 * says the value back ("your order number is 4421", "the e-mail address, ana@example.com", "your
 * name as Ana"), and the value itself by slot: a number for an order, account, phone or address,
 * an "@" for an e-mail, or the corpora's and our redaction's placeholder ("#EMAIL#", "[PHONE]").
 */
const RESTATED_LEAD_RE =
  /^(?:[\s-]+(?:number|no\.?|num|id|code|address|reference|ref)\b)?(?:\s+(?:is|was|as|of)\s+|\s*[:,\u2013\u2014-]\s*|\s+)(?:still\s+)?["'\u201c\u2018(]?/i;
const RESTATED_VALUE_RES: Readonly<Record<Exclude<Slot, "name">, RegExp>> = {
  order: /^(?:#?[a-z]{0,4}-?\d|#[A-Z_]+#|\[[A-Z_]+\])/i,
  account: /^(?:#?[a-z]{0,4}-?\d|#[A-Z_]+#|\[[A-Z_]+\])/i,
  phone: /^(?:\+?\(?\d|#[A-Z_]+#|\[[A-Z_]+\])/i,
  address: /^(?:\d|#ADD?R?RESS#|\[ADDRESS\])/i,
  email: /^(?:[\w.+-]+@|#E-?MAIL#|\[EMAIL\])/i,
};
/** The name placeholders (TEXT-MASK-1). */
const NAME_PLACEHOLDER_RE = /^(?:#NAME#|\[PERSON\])/;
/** "again" in the asking sentence: the agent wants the detail a second time. */
const AGAIN_RE = /\bagain\b/i;

/**
 * CUE-REDUNDANT-3: where the value ends when an ask for `slot` (from `askStart`, its words naming
 * the detail ending at `slotEnd`) says back the value the customer gave ("Can I confirm your order
 * number is 4421?", "May I check the e-mail, ana@example.com, right?"), else 0. A name is said back
 * when it is the customer's known name. Asking for it "again" is not a check.
 */
function restatedValueEnd(
  text: string,
  askStart: number,
  slotEnd: number,
  slot: Slot,
  customerName: string | null,
): number {
  const rest = text.slice(slotEnd, slotEnd + 120);
  const lead = RESTATED_LEAD_RE.exec(rest);
  if (lead === null) return 0;
  const value = rest.slice(lead[0].length);
  let length = 0;
  if (slot === "name") {
    const placeholder = NAME_PLACEHOLDER_RE.exec(value);
    if (placeholder !== null) length = placeholder[0].length;
    else if (
      customerName !== null &&
      value.toLowerCase().startsWith(customerName.toLowerCase()) &&
      !/^[\w'\u2019-]/.test(value.slice(customerName.length))
    )
      length = customerName.length;
  } else length = RESTATED_VALUE_RES[slot].exec(value)?.[0].length ?? 0;
  if (length === 0) return 0;
  const valueEnd = slotEnd + lead[0].length + length;
  let end = valueEnd;
  while (end < text.length && !endsSentence(text, end)) end++;
  return AGAIN_RE.test(text.slice(askStart, end)) ? 0 : valueEnd;
}

/**
 * CUE-PARAPHRASE-3: removes from `cues` the `paraphrase` cues of the lexicon and the check tags
 * (those naming no detail) that start in the sentence holding offset `at`; their number.
 */
function dropParaphrasesInSentence(text: string, at: number, cues: Cue[]): number {
  let start = at;
  while (start > 0 && !endsSentence(text, start - 1)) start--;
  let end = at;
  while (end < text.length && !endsSentence(text, end)) end++;
  let dropped = 0;
  for (let i = cues.length - 1; i >= 0; i--) {
    const c = cues[i]!;
    if (c.kind !== "paraphrase" || c.detail !== undefined || c.start < start || c.start > end) continue;
    cues.splice(i, 1);
    dropped++;
  }
  return dropped;
}

/** Scans an agent message (CUE-AGENT-*). `provided` are slots the customer already gave. */
export function scanAgent(
  text: string,
  lex: CompiledLexicons,
  provided: readonly Slot[],
  customerName: string | null,
): AgentScan {
  const cues: Cue[] = [];
  const t = prepareText(text, lex);
  const apology = scanLexicon(t, "apology", "apology", "neutral", cues);
  const hedge = scanLexicon(t, "hedging", "hedging", "bad", cues);
  const defensive = scanLexicon(t, "defensiveness", "defensiveness", "bad", cues);
  const blame = scanLexicon(t, "blameCoworker", "blame_coworker", "bad", cues);
  const jargon = scanLexicon(t, "jargon", "jargon", "bad", cues);
  const filler = scanLexicon(t, "filler", "filler", "bad", cues);
  const empathy = scanLexicon(t, "empathy", "empathy", "good", cues);
  const paraphrase =
    scanLexicon(t, "paraphrase", "paraphrase", "good", cues) +
    scanCheckTags(text, t.lower, cues) +
    (text.includes("?") ? scanEchoQuestions(text, cues) : 0);
  const thanks = scanLexicon(t, "thanks", "thanks", "good", cues);
  const nextStep = scanLexicon(t, "nextStep", "next_step", "good", cues);
  const hold = scanLexicon(t, "hold", "hold", "neutral", cues);
  const beyondAuthority = scanLexicon(t, "beyondAuthority", "beyond_authority", "neutral", cues);
  const hasSpecifics = DIGIT_OR_DAY_RE.test(text);
  // CUE-VAGUE-1: vague wording counts only when the message gives no number, date or time.
  const vagueCues: Cue[] = [];
  const vagueCount = scanLexicon(t, "vague", "vague_answer", "bad", vagueCues);
  // A vague word in a question to the customer ("Will he be back soon?") answers nothing.
  const vagueAnswers = vagueCount > 0 ? vagueCues.filter((c) => !inQuestion(text, c.start)) : vagueCues;
  const vague = hasSpecifics || nextStep > 0 ? 0 : vagueCount - (vagueCues.length - vagueAnswers.length);
  if (vague > 0) for (const c of vagueAnswers) cues.push(c);
  const holdNarration = countLexicon(t, "holdNarration");
  const closing = countLexicon(t, "closing");
  const effort = countLexicon(t, "customerEffort");
  const confirm = countLexicon(t, "confirmNeed");

  // CUE-REDUNDANT-1: asking for a detail the customer already gave.
  let redundant = 0;
  let restated = 0;
  let paraphrased = paraphrase;
  let firstRestatement: Cue | null = null;
  if (provided.length > 0 && lexiconRegex(t, "askForDetail") !== null) {
    const re = lex.set.full[lex.index.askForDetail]!.any;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const askEnd = m.index + m[0].length;
      const after = text.slice(askEnd, askEnd + 24);
      for (const [slotRe, slot] of SLOT_WORDS) {
        if (slotRe.test(after) && provided.includes(slot)) {
          const slotEnd = Math.min(text.length, askEnd + (slotRe.exec(after)?.[0].length ?? 0));
          // CUE-REDUNDANT-3: checking the detail by saying it back is listening, not asking again.
          const valueEnd = restatedValueEnd(text, m.index, slotEnd, slot, customerName);
          if (valueEnd > 0) {
            const restatement: Cue = {
              kind: "paraphrase",
              start: m.index,
              end: valueEnd,
              polarity: "good",
              detail: slot,
            };
            firstRestatement ??= restatement;
            if (paraphrase + restated === 0) cues.push(restatement);
            restated++;
          } else {
            // CUE-PARAPHRASE-3: a sentence asking for the detail again says nothing back, so a
            // check in it ("What is your e-mail address, is that correct?") is not a paraphrase.
            paraphrased -= dropParaphrasesInSentence(text, m.index, cues);
            cues.push({
              kind: "redundant_clarification",
              start: m.index,
              end: slotEnd,
              polarity: "bad",
              detail: slot,
            });
            redundant++;
          }
          break;
        }
      }
    }
  }

  // A restatement stays the message's paraphrase when the check it stood behind was dropped.
  if (paraphrased === 0 && paraphrase > 0 && firstRestatement !== null) cues.push(firstRestatement);

  // CUE-NAME-1: the customer's name, once known.
  let nameUsed = false;
  if (customerName !== null) {
    const at = findWordLower(t.lower, customerName.toLowerCase());
    if (at >= 0) {
      nameUsed = true;
      cues.push({ kind: "customer_name", start: at, end: at + customerName.length, polarity: "good" });
    }
  }

  const words = countWords(text);

  return {
    cues,
    lower: t.lower,
    apology,
    hedge,
    vague,
    defensive,
    blame,
    jargon,
    filler,
    empathy,
    paraphrase: paraphrased + restated,
    thanks,
    nextStep,
    hold,
    holdNarration,
    beyondAuthority,
    closing,
    effort,
    confirm,
    redundant,
    nameUsed,
    hasSpecifics,
    words,
    formal: firstLexiconSpan(t, "formalRegister"),
    casual: firstLexiconSpan(t, "casualRegister"),
    policyCite: firstLexiconSpan(t, "policyCite"),
    prepared: t,
  };
}

export interface CustomerScan {
  cues: Cue[];
  /** The message lower-cased (shared with later steps so they need not lower-case it again). */
  lower: string;
  /** The customer says something is wrong or not working (RISK-3). */
  problem: boolean;
  /** The message asks something. */
  question: boolean;
  /** The message as written (`reportsFailedAttempt` reads it only when the emotion needs it). */
  text: string;
  frustration: number;
  anger: number;
  confusion: number;
  satisfaction: number;
  anxiety: number;
  repetition: number;
  waiting: number;
  churn: number;
  legal: number;
  manager: number;
  attack: number;
  safety: number;
  security: number;
  shouting: number;
  thanks: number;
  languageBarrier: Span;
  unclearExpectations: Span;
  policyDispute: Span;
  billingError: Span;
  systemMalfunction: Span;
}

/** Shouting: two or more words in capitals, or "!!", "?!", "!?", "???" (CUE-SHOUT-1). */
const SHOUT_RE = /\b[A-Z]{3,}(?:\s+[A-Z]{2,})+\b|!{2,}|\?+![!?]*|!+\?[!?]*|\?{3,}/g;
/** CUE-SHOUT-2: a greeting or thanks in capitals ("HEY HO!", "HI THERE", "THANK YOU") is cheer, not shouting. */
const CAPS_PLEASANTRY_RE =
  /^(?:(?:HI|HEY|HO|HELLO|HIYA|YO|THERE|GOOD|MORNING|AFTERNOON|EVENING|THANKS|THANK|YOU|SO|MUCH|BYE|CHEERS)\s*)+$/;

/** CUE-SHOUT-1/2: capitals and piled-up punctuation, but not a greeting or thanks in capitals. */
function scanShouting(text: string, out: Cue[]): number {
  SHOUT_RE.lastIndex = 0;
  let count = 0;
  for (let m = SHOUT_RE.exec(text); m !== null; m = SHOUT_RE.exec(text)) {
    if (CAPS_PLEASANTRY_RE.test(m[0])) continue;
    if (count < MAX_CUES_PER_KIND)
      out.push({ kind: "shouting", start: m.index, end: m.index + m[0].length, polarity: "bad" });
    count++;
  }
  return count;
}

/** Scans a customer message (CUE-CUSTOMER-*). */
export function scanCustomer(text: string, lex: CompiledLexicons): CustomerScan {
  const cues: Cue[] = [];
  const t = prepareText(text, lex);
  const anger = scanLexicon(t, "anger", "anger", "bad", cues);
  const sarcasm = scanLexicon(t, "sarcasm", "frustration", "bad", cues);
  const frustration = scanLexicon(t, "frustration", "frustration", "bad", cues) + sarcasm;
  const confusion = scanLexicon(t, "confusion", "confusion", "bad", cues);
  const anxiety = scanLexicon(t, "anxiety", "anxiety", "neutral", cues);
  const repetition = scanLexicon(t, "repetition", "repetition", "bad", cues);
  const waiting = scanLexicon(t, "waiting", "waiting", "bad", cues);
  const churn = scanLexicon(t, "churnThreat", "churn_threat", "bad", cues);
  const legal = scanLexicon(t, "legalThreat", "legal_threat", "bad", cues);
  const manager = scanLexicon(t, "asksManager", "asks_manager", "bad", cues);
  const attack = scanLexicon(t, "personalAttack", "personal_attack", "bad", cues);
  const safety = scanLexicon(t, "safetyThreat", "safety_threat", "bad", cues);
  const security = scanLexicon(t, "securityRisk", "security_risk", "bad", cues);
  const shouting = scanShouting(text, cues);
  let satisfaction = 0;
  let thanks = 0;
  // CUE-SARCASM-1: "great, just great" is not praise.
  if (anger === 0 && attack === 0 && sarcasm === 0) {
    satisfaction = scanLexicon(t, "satisfaction", "satisfaction", "good", cues);
    if (satisfaction === 0) thanks = scanLexicon(t, "thanks", "satisfaction", "good", cues);
  }
  const billingError = firstLexiconSpan(t, "billingError");
  const systemMalfunction = firstLexiconSpan(t, "systemMalfunction");
  const policyDispute = firstLexiconSpan(t, "policyDispute");
  const unclearExpectations = firstLexiconSpan(t, "unclearExpectations");
  const problem =
    frustration + anger + confusion + repetition + waiting + attack > 0 ||
    billingError !== null ||
    systemMalfunction !== null ||
    policyDispute !== null ||
    unclearExpectations !== null ||
    (satisfaction === 0 && PROBLEM_WORD_RE.test(text));
  return {
    cues,
    lower: t.lower,
    problem,
    question: text.includes("?"),
    text,
    frustration,
    anger,
    confusion,
    satisfaction,
    anxiety,
    repetition,
    waiting,
    churn,
    legal,
    manager,
    attack,
    safety,
    security,
    shouting,
    thanks,
    languageBarrier: firstLexiconSpan(t, "languageBarrier"),
    unclearExpectations,
    policyDispute,
    billingError,
    systemMalfunction,
  };
}

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null && n < MAX_CUES_PER_KIND) n++;
  return n;
}

/** Position of `word` in `text` as a whole word (case-insensitive), or -1. */
export function findWord(text: string, word: string): number {
  return findWordLower(text.toLowerCase(), word.toLowerCase());
}

function findWordLower(lower: string, needle: string): number {
  let from = 0;
  for (;;) {
    const at = lower.indexOf(needle, from);
    if (at < 0) return -1;
    const before = at === 0 ? " " : lower[at - 1]!;
    const after = lower[at + needle.length] ?? " ";
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return at;
    from = at + 1;
  }
}

/**
 * Each slot pattern with what a text must hold for it to match, tested first (on the lower-cased
 * text, digits and "#"/"@" on either): a message with a placeholder runs only the patterns it can
 * match.
 */
const SLOT_VALUE_RES: readonly (readonly [RegExp, Slot, (lower: string, digit: boolean) => boolean])[] = [
  [
    /\b(?:order|ref(?:erence)?|booking|confirmation|ticket|case|tracking)\s*(?:number|no\.?|num|#|id|code)?\s*(?:is\s*)?[:#]?\s*[A-Z]{0,4}-?\d[\w-]{2,}/i,
    "order",
    (_, digit) => digit,
  ],
  [/#\d{4,}\b/, "order", (lower, digit) => digit && lower.includes("#")],
  [/[\w.+-]+@[\w-]+\.[\w.]+/, "email", (lower) => lower.includes("@")],
  [/(?:\+|\b)\d[\d\s().-]{7,}\d\b/, "phone", (_, digit) => digit],
  [
    /\baccount\s*(?:number|no\.?|#|id)?\s*(?:is\s*)?[:#]?\s*[A-Z]{0,4}-?\d[\w-]{3,}/i,
    "account",
    (lower, digit) => digit && lower.includes("account"),
  ],
  [
    /\b\d+\s+[A-Z][a-z]+\s+(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|close)\b/i,
    "address",
    (_, digit) => digit,
  ],
  [/\bmy name is [A-Z]/i, "name", (lower) => lower.includes("my name is ")],
  // CUE-REDUNDANT-2: a masked detail is a detail given (TEXT-MASK-1). The corpora's and our own
  // redaction's placeholders stand where the customer wrote their e-mail, phone, address or name;
  // a bare "#NUMBER#" may be any number (a date's year), so it is an order or account number only
  // after a word naming one.
  [/#E-?MAIL#|\[EMAIL\]/i, "email", (lower) => lower.includes("mail")],
  [
    /#PHONE_?NUMBER#|#PNUMBER#|\[PHONE\]/i,
    "phone",
    (lower) => lower.includes("phone") || lower.includes("pnumber"),
  ],
  [/#ADD?R?RESS#|\[ADDRESS\]/i, "address", (lower) => lower.includes("ress")],
  [
    /\b(?:my name is|i(?:['’]m| am)|this is) (?:#NAME#|\[PERSON\])/i,
    "name",
    (lower) => lower.includes("#name#") || lower.includes("[person]"),
  ],
  [
    /\b(?:order|ref(?:erence)?|booking|confirmation|ticket|case|tracking|invoice|purchase)\b[^.!?\n#]{0,24}#(?:NUMBER|ALPHANUMERIC_ID)#/i,
    "order",
    (lower) => lower.includes("#number#") || lower.includes("#alphanumeric_id#"),
  ],
  [
    /\baccount\b[^.!?\n#]{0,24}#(?:NUMBER|ALPHANUMERIC_ID)#/i,
    "account",
    (lower) =>
      lower.includes("account") && (lower.includes("#number#") || lower.includes("#alphanumeric_id#")),
  ],
];

/**
 * Every slot pattern needs a digit, an "@", "my name is" or a placeholder's "#" or "[": a cheap
 * test first.
 */
const SLOT_HINT_RE = /[\d@#[]|name is/i;
const DIGIT_RE = /\d/;

/**
 * Slots of information present in a customer message (for CUE-REDUNDANT-1): `known` plus any new
 * ones, as a new list when something was added (`known` is not changed).
 */
export function detectSlots(
  text: string,
  known: readonly Slot[],
  lower: string = text.toLowerCase(),
): Slot[] {
  if (!SLOT_HINT_RE.test(text)) return known as Slot[];
  const digit = DIGIT_RE.test(text);
  let out: Slot[] | null = null;
  for (const [re, slot, canMatch] of SLOT_VALUE_RES) {
    if (!known.includes(slot) && canMatch(lower, digit) && re.test(text)) (out ??= known.slice()).push(slot);
  }
  return out ?? (known as Slot[]);
}

/**
 * A customer introducing themself: "my name is Priya", "Hi, I'm Jordan", "This is Sam from Leeds".
 * The introduction may start a sentence (capitalised, straight or curly apostrophe); the name must.
 */
const NAME_RES: readonly RegExp[] = [
  /\b[Mm]y name is ([A-Z][a-z'-]{1,20})/,
  /\b(?:[Tt]his is|[Ii] am|[Ii]['’]m) ([A-Z][a-z'-]{1,20})(?: [A-Z][a-z'-]+)?(?:[,.!]|$| here| from)/,
];
/** Capitalised words after "I'm" or "This is" that are not names ("I'm Sorry!", "This is Ridiculous."). */
const NOT_NAMES = new Set([
  "Ridiculous",
  "Unacceptable",
  "Terrible",
  "Awful",
  "Great",
  "Fine",
  "Good",
  "Here",
  "Done",
  "Ok",
  "Okay",
  "Confused",
  "Frustrated",
  "Angry",
  "Happy",
  "Afraid",
  "Unable",
  "Waiting",
  "Back",
  "Sorry",
  "Not",
  "So",
  "Very",
  "Just",
  "Still",
  "Really",
  "Trying",
  "Going",
  "Calling",
]);
const AUTHOR_NAME_RE = /^([A-Z][a-z'-]{1,20})(?:\s+[A-Z][a-z'-]+)*$/;

/** The customer's first name from their words or the message author, or null. */
export function detectCustomerName(text: string, author: string | undefined): string | null {
  for (const re of NAME_RES) {
    const m = re.exec(text);
    if (m?.[1] !== undefined && !NOT_NAMES.has(m[1])) return m[1];
  }
  if (author !== undefined) {
    const m = AUTHOR_NAME_RE.exec(author.trim());
    if (m?.[1] !== undefined && !NOT_NAMES.has(m[1])) return m[1];
  }
  return null;
}

/**
 * A customer correcting a detail (CUE-REPEAT-3): "4412, not 4421", "size L, not M", "I meant…",
 * "typo", "wrong number", or "no / sorry / actually, it's … 4412". Read only when a message's words
 * already overlap an earlier one's, so it costs nothing on most messages.
 */
const VALUE = "(?:[\\w.#-]*[\\d@][\\w.@#-]*|\\.[a-z]{2,4}\\b|\\b(?:x{0,3}s|x{0,3}l|m|[a-z])\\b)";
const CORRECTION_RE = new RegExp(
  [
    `(?:^|[^\\w])${VALUE},?\\s+(?:and\\s+)?not\\s+(?:the\\s+|an?\\s+)?${VALUE}`,
    "\\b(?:i meant|correction|typo|my mistake|i made a mistake|i (?:typed|wrote|gave you|put|entered|sent|said) (?:you )?(?:the |a )?wrong|(?:wrong|incorrect) (?:number|digits?|order(?: number)?|e-?mail|address|date|name|size|colou?r|one)|(?:no|sorry|oops|wait|actually)[,.!]?\\s+i mean)\\b",
    "(?:^|[.!?]\\s*)(?:no|nope|sorry|oops|wait|actually)\\b[,.!]?\\s+(?:(?:wait|sorry|actually)[,.!]?\\s+)?(?:it(?:['’]s| is| should be)|its|the|my|that(?:['’]s| is))\\b[^.!?\\n]*?[\\d@]",
  ].join("|"),
  "i",
);

/** Whether a customer message corrects a detail they gave (CUE-REPEAT-3). */
export function isCorrection(text: string): boolean {
  return CORRECTION_RE.test(text);
}

/**
 * The customer says their need is met (HABIT-CONFIRM-3): "that's all I needed", "that's everything,
 * thanks", "nothing else", "you've answered my question", "I'm all set", or takes their leave ("ok
 * perfect, thank you, have a good day", "that's all, good night"). Not "that's it?" nor
 * "nothing else works". Read only after the agent has replied and before the close is assessed.
 */
const NEED_MET_RE =
  /\b(?:that(?:['’]s| is| was| should be) (?:all|everything|it)(?: i (?:needed|wanted|need|was after|had|had to ask))?(?: for (?:now|today))?(?=\s*(?:[,.!…)]|$|thanks?\b|thank you\b|cheers\b|bye\b))|(?:that(?:['’]s| is| was)|it(?:['’]s| is| was)) (?:exactly |just )?what i (?:needed|wanted|was looking for|was after)|nothing (?:else|more)(?: (?:for now|today|thanks?|thank you))?(?=\s*(?:[,.!…)]|$|thanks?\b|thank you\b|cheers\b|bye\b))|no (?:more|other|further) questions|(?:you(?:['’]ve| have)|that(?:['’]s| has)?|it(?:['’]s| has)?) (?:answered|solved|fixed|sorted|resolved|covered) (?:my (?:question|problem|issue|query)|everything|it all)|that (?:answers|solves|fixes|covers) (?:my (?:question|problem|issue|query)|everything|it)|i(?:['’]m| am) (?:all )?(?:set|sorted|good)(?= now\b|\s*(?:[,.!…)]|$|thanks?\b|thank you\b))|(?:good ?bye|bye(?: for now)?|good ?night|have a (?:great|good|nice|lovely|wonderful) (?:day|evening|weekend|night|one))(?=\s*(?:[,.!…:)]|$)))/i;

/** Whether a customer message says their need is met (HABIT-CONFIRM-3). */
export function saysNeedMet(text: string): boolean {
  // A sign-off is short; a long message says more than that (and is not read, for speed).
  return text.length <= NEED_MET_MAX_CHARS && NEED_MET_RE.test(text);
}
const NEED_MET_MAX_CHARS = 160;

/**
 * CUST-EMOTION-3: the customer reports that something does not work or cannot be done ("I can't
 * open the book", "the code didn't work", "the order does not appear in my account", "I am not
 * able to log in"): a negated verb of using, getting or seeing something, one word between at most.
 */
const FAILED_ATTEMPT_RE =
  /\b(?:can['’]?t|cannot|can not|could(?:n['’]?t| not)|unable to|(?:am|is|are|was|were)(?:n['’]?t| not) able to|does(?:n['’]?t| not)|did(?:n['’]?t| not)|do(?:n['’]?t| not)|won['’]?t|will not|(?:is|are|was|were)(?:n['’]?t| not)|no longer|never)\s+(?:\w+\s+)?(?:open|load|access|find|see|log ?in|sign ?in|buy|purchase|order|download|sync|attach|upload|pay|work|appear|show|connect|complete|read|install|update|turn on|start|arrive|receive|accept|finish|recogni[sz]e|authori[sz]e|register|activate|display|play|print|go through|check ?out|available)\w*/i;

/** CUST-EMOTION-3: whether `text` reports that something the customer tried does not work. */
export function reportsFailedAttempt(text: string): boolean {
  return FAILED_ATTEMPT_RE.test(text);
}

/** A word saying something went wrong; its clause is the customer's problem in their words. */
const PROBLEM_WORD_RE =
  /\b(?:hasn['’]?t|haven['’]?t|didn['’]?t|won['’]?t|can['’]?t|cannot|isn['’]?t|wasn['’]?t|doesn['’]?t|not|never|still|wrong|broken|missing|late|lost|damaged|stuck|failed|keeps?)\b/i;
const CLAUSE_DELIMITERS = ",.!?;:\n";
const LEADING_FILLER_RE = /^\s*(?:(?:hi|hello|hey|ok|okay|so|and|but|well|look|yes|no|um|uh)\b[\s,]*)+/i;
const MAX_MIRROR_WORDS = 12;
/** Words that join two clauses: a clause too long to quote is cut at one of these, never mid-clause. */
const CONJUNCTION_RE = /\s(?:and|but|so|because|which)\s/gi;

/**
 * The customer's own words about their problem (WHISPER-MIRROR-1): the clause around a
 * root-cause phrase, or the first clause that states something going wrong. Quoted whole or not
 * at all: a clause longer than the cap is narrowed to the part between two joining words ("and",
 * "but", …) that holds the phrase, and when that is still too long there is no quote.
 */
export function extractMirror(text: string, span: Span): string | null {
  let at: readonly [number, number];
  if (span !== null) at = span;
  else {
    const m = PROBLEM_WORD_RE.exec(text);
    if (m === null) return null;
    at = [m.index, m.index + m[0].length];
  }
  let from = at[0];
  while (from > 0 && !CLAUSE_DELIMITERS.includes(text[from - 1]!)) from--;
  let to = at[1];
  while (to < text.length && !CLAUSE_DELIMITERS.includes(text[to]!)) to++;
  const clause = wholeWords(text.slice(from, to));
  if (clause.length <= MAX_MIRROR_WORDS) return clause.length < 2 ? null : clause.join(" ");
  // The part of the clause between joining words that holds the phrase.
  let partFrom = from;
  let partTo = to;
  for (const c of text.slice(from, to).matchAll(CONJUNCTION_RE)) {
    const cStart = from + c.index;
    const cEnd = cStart + c[0].length;
    if (cEnd <= at[0]) partFrom = cEnd;
    else if (cStart >= at[1] && cStart < partTo) partTo = cStart;
  }
  const part = wholeWords(text.slice(partFrom, partTo));
  return part.length < 2 || part.length > MAX_MIRROR_WORDS ? null : part.join(" ");
}

function wholeWords(clause: string): string[] {
  return splitWords(clause.replace(LEADING_FILLER_RE, ""));
}

function splitWords(s: string): string[] {
  return s.split(/\s+/).filter((w) => w.length > 0);
}

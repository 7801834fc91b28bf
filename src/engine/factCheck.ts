import {
  DAYS_PER_UNIT,
  canonicalStem,
  currencyOf,
  normaliseUnit,
  type CompiledFact,
  type CompiledKnowledgeBase,
  type FactKind,
} from "./knowledge.ts";
import { maskPlaceholders, NUMBER_SOURCE, STOP_WORDS, parseNumber, stem } from "./text.ts";
import type { FactCheck } from "./types.ts";

/**
 * FACT-*: checks an agent's message against the knowledge base. Only sentences that share enough
 * keywords with a fact are examined; within them, quantities of the fact's kind (durations with
 * unit conversion, money, percentages, counts) or, for yes/no facts, the sentence's polarity.
 */

const SENTENCE_RE = /(?:[^.!?\n]|\.(?=\d))+[.!?]*/g;
const WORD_RE = /[a-z0-9]+(?:['’][a-z]+)?/g;

const RANGE = `(${NUMBER_SOURCE})(?:\\s*(?:-|–|to|or)\\s*(${NUMBER_SOURCE}))?`;
const DURATION_RE = new RegExp(
  `(?<![\\w.])${RANGE}[\\s-]*((?:business|working|calendar)[\\s-]+)?(minute|hour|day|week|month|year)s?(?![\\w])`,
  "gi",
);
const MONEY_RE = new RegExp(
  `([$€£])\\s?(\\d+(?:[.,]\\d+)?)|(?<![\\w.])(\\d+(?:[.,]\\d+)?)\\s?(dollars?|usd|euros?|eur|pounds?|gbp)(?![\\w])`,
  "gi",
);
const PERCENT_RE = /(?<![\w.])(\d+(?:[.,]\d+)?)\s?(%|percent|per cent)/gi;
const COUNT_RE = new RegExp(
  `(?<![\\w.])(${NUMBER_SOURCE})\\s+(?:more\\s+|extra\\s+|different\\s+)?([a-z]+)`,
  "gi",
);
const NEGATION_RE =
  /\b(?:not|no|never|none|nor|cannot|unable|don['’]?t|doesn['’]?t|didn['’]?t|can['’]?t|won['’]?t|isn['’]?t|aren['’]?t|wasn['’]?t|shouldn['’]?t|wouldn['’]?t|haven['’]?t|hasn['’]?t)\b/i;
// FACT-4-IDIOM: set phrases whose "no"/"not" negates nothing the agent claims ("Yes, we do, no problem
// at all", "at no extra cost", "not only … but"): left out before a yes/no answer's polarity is read.
const NON_NEGATING_RE =
  /\b(?:no|not a|not any)\s+(?:problem|problems|worries|worry|trouble|bother|doubt|question|hassle)\b|\b(?:at\s+)?no\s+(?:extra\s+|additional\s+)?(?:cost|charge|fee)\b|\bno\s+matter\b|\bnot\s+only\b|\bno\s+need\s+to\s+worry\b/gi;
const UNCERTAIN_RE = /\b(?:if|whether)\b/i;
// FACT-THRESHOLD-1: wording that makes an amount a bound ("over $50", "$50 or more"), not a price.
const THRESHOLD_BEFORE_RE =
  /\b(?:over|above|more than|at least|from|exceeding|upwards of|starts? at|starting at|minimum(?: of)?|threshold(?: is| of)?)\s*$/;
const THRESHOLD_AFTER_RE = /^\s*(?:\+|or (?:more|above|over|higher)|and (?:up|above|over))/;
const THRESHOLD_CONTEXT_CHARS = 24;
const DIGIT_RE = /\d/;

interface Quantity {
  start: number;
  end: number;
  low: number;
  high: number;
  text: string;
  currency: string | null;
}

/** Checks one agent message; returns the checks (agreeing and contradicting) it found. */
export function checkAgentClaims(
  text: string,
  kb: CompiledKnowledgeBase,
  minKeywordHits: number,
): FactCheck[] {
  if (kb.facts.length === 0) return [];
  const checks: FactCheck[] = [];
  const lower = withoutProductNames(text, text.toLowerCase(), kb);
  SENTENCE_RE.lastIndex = 0;
  for (let m = SENTENCE_RE.exec(lower); m !== null; m = SENTENCE_RE.exec(lower)) {
    const sentence = m[0];
    const offset = m.index;
    if (sentence.trimEnd().endsWith("?")) continue; // FACT-1: questions are not claims
    const candidates = candidateFacts(sentence, kb, minKeywordHits);
    const clauses = clausesOf(sentence, kb);
    if (candidates.length === 0 && !clauses.some((c) => c.named.length > 0)) continue;
    checkSentence(sentence, offset, candidates, clauses, kb, checks);
  }
  // In reading order, so the first claim the customer heard is the one cited.
  return checks.sort((a, b) => a.claimStart - b.claimStart);
}

/**
 * FACT-PRODUCT-1: a product name with a model number ("iPhone 15", "Galaxy S23", "Pixel 8 Pro") is
 * the item, not a quantity ("your iPhone 15 device" is not 15 devices) and not a word that makes a
 * claim about something else ("you can return the Galaxy S23 within 14 days" is about returns).
 * A capitalised or camel-case word mid-sentence and its number, or a letter-and-digits model code.
 */
const PRODUCT_RE =
  /\b(?:[A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*)(?: [A-Z][A-Za-z]*)* [A-Z]{0,2}\d{1,4}[A-Za-z]{0,3}\b(?: (?:Pro|Max|Plus|Ultra|Mini|Lite|Air|FE|SE|XL|Edge|Fold|Flip|Neo)\b)*|\b[A-Z]{1,2}\d{1,4}[A-Za-z]{0,3}\b/g;
/** Capitalised words that start a date, not a product ("by March 15", "on Monday 3"). */
const NOT_PRODUCT_RE =
  /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|I|Order|Ticket|Case|Step|Option|Room|Floor|Page|Section|Chapter|Version|Level|Tier|Plan|Day|Week|Month|Year)\b/;
const SENTENCE_VERBS: ReadonlySet<string> = new Set(
  "allow expect give wait add use plan budget count reckon about nearly almost roughly under".split(" "),
);
const PRODUCT_HINT_RE = /[A-Z][A-Za-z]*\s?[A-Z]{0,2}\d/;

/** `lower` with product names and model numbers blanked out (same offsets). */
function withoutProductNames(text: string, lower: string, kb: CompiledKnowledgeBase): string {
  if (lower.length !== text.length || !PRODUCT_HINT_RE.test(text)) return lower;
  let out: string[] | null = null;
  PRODUCT_RE.lastIndex = 0;
  for (let m = PRODUCT_RE.exec(text); m !== null; m = PRODUCT_RE.exec(text)) {
    if (NOT_PRODUCT_RE.test(m[0])) continue;
    // A word that opens a sentence ("Within 14 days", "Allow 5 days", "Returns 30 days") is no name.
    const first = m[0].split(" ")[0]!;
    const before = text.slice(0, m.index).trimEnd();
    if (
      (before === "" || /[.!?:\n]$/.test(before)) &&
      /^[A-Z][a-z]+$/.test(first) &&
      (STOP_WORDS.has(first.toLowerCase()) ||
        SENTENCE_VERBS.has(first.toLowerCase()) ||
        kb.byKeyword.has(canonicalStem(stem(first.toLowerCase()))))
    )
      continue;
    out ??= lower.split("");
    for (let i = m.index; i < m.index + m[0].length; i++) out[i] = " ";
  }
  return out === null ? lower : out.join("");
}

/** A part of a sentence between commas, semicolons or conjunctions, with the facts it names. */
interface Clause {
  start: number;
  end: number;
  /** Canonical content stems of the clause. */
  stems: ReadonlySet<string>;
  /** Facts whose every subject stem is in the clause (FACT-SUBJECT-1). */
  named: readonly CompiledFact[];
  /** Words of the clause that are neither stop words nor numbers. */
  words: readonly string[];
  /** Negated, conditional or about a past event: its numbers are not a fact's value. */
  guarded: boolean;
  /** The clause's lower-case text. */
  text: string;
}

const CLAUSE_BREAK_RE =
  /[,;:]\s+|(?<=[a-z])\s[–—-]\s|\s(?:and|but|so|because|while|whereas|although|though)\s(?!\d)/g;
// A clause that only names a fact is checked against it unless it is negated, a condition or an
// event ("if you return it within 14 days", "your return arrived 3 days ago").
const CLAUSE_GUARD_RE =
  /\b(?:if|unless|whether|when|once|ago|since|after|last|already|every|each|next|this|that)\b/;
// Words a claim about a fact's value may hold besides the fact's own: hedges ("I think refunds can
// take up to…", FACT-HEDGE-1), policy verbs ("returns are accepted within…") and what is returned
// or refunded ("return it", "back on your card").
const CLAIM_WORDS: ReadonlySet<string> = new Set(
  [
    "think",
    "believe",
    "guess",
    "suppose",
    "probably",
    "maybe",
    "perhaps",
    "likely",
    "typically",
    "generally",
    "roughly",
    "accept",
    "allow",
    "permit",
    "eligible",
    "possible",
    "open",
    "need",
    "taking",
    "give",
    "back",
    "send",
    "show",
    "appear",
    "item",
    "product",
    "order",
    "purchase",
    "money",
    "card",
    "account",
    "bank",
    "statement",
    "see",
    "go",
    "through",
    "full",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "business",
    "working",
    "calendar",
    "percent",
    "cent",
    "dollar",
    "euro",
    "pound",
    "usd",
    "eur",
    "gbp",
  ].map(stem),
);

function clausesOf(sentence: string, kb: CompiledKnowledgeBase): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  CLAUSE_BREAK_RE.lastIndex = 0;
  for (let b = CLAUSE_BREAK_RE.exec(sentence); ; b = CLAUSE_BREAK_RE.exec(sentence)) {
    const end = b === null ? sentence.length : b.index;
    if (end > start) clauses.push(makeClause(sentence, start, end, kb));
    if (b === null) break;
    start = b.index + b[0].length;
  }
  return clauses;
}

function makeClause(sentence: string, start: number, end: number, kb: CompiledKnowledgeBase): Clause {
  const text = sentence.slice(start, end);
  const stems = new Set<string>();
  const words: string[] = [];
  const wordText = maskPlaceholders(text);
  WORD_RE.lastIndex = 0;
  for (let w = WORD_RE.exec(wordText); w !== null; w = WORD_RE.exec(wordText)) {
    const token = w[0];
    if (STOP_WORDS.has(token) || /^\d/.test(token) || !Number.isNaN(parseNumber(token))) continue;
    // "you've", "it'll": a pronoun with its verb.
    const apostrophe = token.search(/['’]/);
    if (apostrophe > 0 && STOP_WORDS.has(token.slice(0, apostrophe))) continue;
    const s = canonicalStem(stem(token));
    stems.add(s);
    words.push(s);
  }
  const named: CompiledFact[] = [];
  for (const s of stems) {
    for (const i of kb.bySubject.get(s) ?? []) {
      const fact = kb.facts[i];
      if (fact === undefined || named.includes(fact)) continue;
      if (fact.subjectStems.every((k) => stems.has(k))) named.push(fact);
    }
  }
  return {
    start,
    end,
    stems,
    named,
    words,
    guarded: NEGATION_RE.test(text) || CLAUSE_GUARD_RE.test(text),
    text,
  };
}

/**
 * FACT-SUBJECT-1: a clause that names a fact and says nothing else but its value ("you can return it
 * within 14 days", "refunds can take up to 30 business days") is a claim about that fact, though it
 * shares fewer than `factMinKeywordHits` words with it.
 */
function onlyAbout(clause: Clause, fact: CompiledFact): boolean {
  if (clause.guarded) return false;
  const claimWord = (w: string): boolean => fact.keywords.has(w) || CLAIM_WORDS.has(w);
  if (clause.words.every(claimWord)) return true;
  const objects = objectsOf(clause.text, fact);
  return objects.size > 0 && clause.words.every((w) => claimWord(w) || objects.has(w));
}

// FACT-OBJECT-1: what the customer returns, cancels or exchanges is the item of the claim, not a
// word that makes it about something else: "you can return the phone within 14 days" is the return
// window, as "return it" is. The object has a determiner and up to three words ("your new
// headphones", "the phone case"), after the fact's subject word or before it in the passive
// ("your phone can be returned…"). Not when the company is the one returning ("we'll return your
// phone within 14 days" is a repair coming back).
const DETERMINER = "(?:the|your|my|our|a|an|any|these|those)";
const OBJECT_WORDS = "([a-z]+(?:[ -][a-z]+){0,2}?)";
const ACTIVE_OBJECT_RE = new RegExp(
  `\\b([a-z]+)\\s+${DETERMINER}\\s+${OBJECT_WORDS}(?=\\s+(?:within|in|by|for|up|before|after|no|at)\\b|\\s*$)`,
  "g",
);
const PASSIVE_OBJECT_RE = new RegExp(
  `^\\s*(?:${DETERMINER}\\s+)?${OBJECT_WORDS}\\s+(?:(?:can|could|may|must|should|will|need to)\\s+)?(?:be|is|are)\\s+([a-z]+)\\b`,
);
const COMPANY_SUBJECT_RE = /\b(?:we|i|they)(?:['’]ll|['’]d|\s+(?:will|can|shall|would|could|may))?\s+$/;

/** Stems of the objects of the fact's subject words in a clause (FACT-OBJECT-1). */
function objectsOf(text: string, fact: CompiledFact): ReadonlySet<string> {
  const objects = new Set<string>();
  const isSubject = (word: string): boolean => fact.subjectStems.includes(canonicalStem(stem(word)));
  const add = (phrase: string): void => {
    for (const w of phrase.split(/[ -]/)) {
      if (STOP_WORDS.has(w)) return; // "return the phone you bought": a clause, not an object
    }
    for (const w of phrase.split(/[ -]/)) objects.add(canonicalStem(stem(w)));
  };
  ACTIVE_OBJECT_RE.lastIndex = 0;
  for (let m = ACTIVE_OBJECT_RE.exec(text); m !== null; m = ACTIVE_OBJECT_RE.exec(text)) {
    if (!isSubject(m[1]!) || COMPANY_SUBJECT_RE.test(text.slice(Math.max(0, m.index - 24), m.index)))
      continue;
    add(m[2]!);
  }
  const passive = PASSIVE_OBJECT_RE.exec(text);
  if (passive !== null && isSubject(passive[2]!)) add(passive[1]!);
  return objects;
}

function candidateFacts(sentence: string, kb: CompiledKnowledgeBase, minKeywordHits: number): CompiledFact[] {
  // Distinct keyword stems per fact, and whether one of them is a key or topic word.
  const distinct = new Map<number, number>();
  const strong = new Set<number>();
  const seen = new Set<string>();
  const wordText = maskPlaceholders(sentence);
  WORD_RE.lastIndex = 0;
  for (let w = WORD_RE.exec(wordText); w !== null; w = WORD_RE.exec(wordText)) {
    const token = w[0];
    if (STOP_WORDS.has(token)) continue;
    const s = canonicalStem(stem(token));
    if (seen.has(s)) continue;
    seen.add(s);
    const facts = kb.byKeyword.get(s);
    if (facts === undefined) continue;
    let previous = -1;
    for (const i of facts) {
      if (i === previous) {
        strong.add(i); // listed twice: a key or topic word
        continue;
      }
      previous = i;
      distinct.set(i, (distinct.get(i) ?? 0) + 1);
    }
  }
  const out: { fact: CompiledFact; score: number }[] = [];
  for (const [i, hits] of distinct) {
    const fact = kb.facts[i];
    if (fact === undefined) continue;
    // FACT-SUBJECT-1: a fact is about what its key names. A sentence naming none of it, but another
    // fact's subject or a broader word of its topic ("returns", for an exchange-window fact filed
    // under the topic "returns"), is about that, not this fact.
    if (
      fact.subjectStems.length > 0 &&
      !fact.subjectStems.some((k) => seen.has(k)) &&
      (fact.rivalStems.some((k) => seen.has(k)) || namesOtherSubject(kb, seen, fact))
    )
      continue;
    const keyCovered = fact.keyStems.length > 1 && fact.keyStems.every((k) => seen.has(k));
    if ((hits >= minKeywordHits && strong.has(i)) || keyCovered) {
      out.push({ fact, score: hits + (strong.has(i) ? 1 : 0) + (keyCovered ? 1 : 0) });
    }
  }
  out.sort((a, b) => b.score - a.score);
  return out.map((c) => c.fact);
}

/**
 * True when the stems miss part of the fact's subject and hold a word naming another fact that this
 * one never uses ("express", for a standard-shipping fee): they are about that other fact.
 */
function namesOtherSubject(
  kb: CompiledKnowledgeBase,
  stems: ReadonlySet<string>,
  fact: CompiledFact,
): boolean {
  if (fact.subjectStems.length === 0 || fact.subjectStems.every((k) => stems.has(k))) return false;
  for (const s of stems) {
    if (!fact.keywords.has(s) && kb.bySubject.has(s)) return true;
  }
  return false;
}

function checkSentence(
  sentence: string,
  offset: number,
  candidates: CompiledFact[],
  clauses: readonly Clause[],
  kb: CompiledKnowledgeBase,
  out: FactCheck[],
): void {
  // FACT-RETURN-DIRECTION-1: the company returning something is not about the customer's returns.
  const returnedToCustomer = companyReturns(sentence);
  const sentenceStems = returnedToCustomer ? new Set(clauses.flatMap((c) => [...c.stems])) : null;
  // FACT-4: the best-matching yes/no fact, unless the sentence is a qualification.
  const yesNo = candidates.find(
    (c) => c.kind === "boolean" && (sentenceStems === null || !isCustomerReturnFact(c, sentenceStems)),
  );
  if (yesNo !== undefined && !DIGIT_RE.test(sentence) && !UNCERTAIN_RE.test(sentence)) {
    const claimed = !NEGATION_RE.test(sentence.replace(NON_NEGATING_RE, " "));
    out.push(makeCheck(yesNo, sentence, offset, claimed ? "yes" : "no", claimed === yesNo.fact.value));
  }
  // FACT-5: string facts only ever agree.
  for (const fact of candidates) {
    if (fact.kind !== "string") continue;
    const value = String(fact.fact.value).toLowerCase();
    const at = sentence.indexOf(value);
    if (at >= 0) {
      out.push({
        factId: fact.fact.id,
        claimStart: offset + at,
        claimEnd: offset + at + value.length,
        claimed: String(fact.fact.value),
        expected: fact.expected,
        verdict: "agrees",
      });
    }
  }
  // FACT-2/3/6: each quantity agrees with any fitting fact, else contradicts the best one.
  for (const kind of QUANTITY_KINDS) {
    const sentenceFacts = candidates.filter((c) => c.kind === kind);
    const namedFacts = [...new Set(clauses.flatMap((c) => c.named))].filter((c) => c.kind === kind);
    if (sentenceFacts.length === 0 && namedFacts.length === 0) continue;
    const quantities: (Quantity & { unitStem?: string | null })[] = [];
    if (kind === "count") {
      // A count is a number before the fact's unit ("3 devices").
      for (const fact of [...sentenceFacts, ...namedFacts]) {
        for (const q of extractQuantities(sentence, kind, fact)) {
          if (!quantities.some((o) => o.start === q.start))
            quantities.push({ ...q, unitStem: fact.unitStem });
        }
      }
    } else quantities.push(...extractQuantities(sentence, kind, null));
    for (const q of quantities) {
      if (out.some((c) => c.claimStart === offset + q.start)) continue;
      const sameUnit = (f: CompiledFact) => kind !== "count" || f.unitStem === q.unitStem;
      // FACT-SUBJECT-1: a quantity is checked against the fact its own clause names ("…, and
      // refunds take 10 days"); a clause naming a fact it cannot be checked against is about that
      // fact, not another one the sentence also mentions.
      const clause = clauses.find((c) => q.start >= c.start && q.start < c.end);
      // FACT-RETURN-DIRECTION-1: "we'll return the item to you within 7 days" is no return window.
      const returnClause =
        returnedToCustomer && clause !== undefined && companyReturns(clause.text) ? clause : null;
      const aboutCustomerReturn = (f: CompiledFact): boolean =>
        returnClause !== null && isCustomerReturnFact(f, returnClause.stems);
      const named = (clause?.named ?? []).filter(
        (f) => f.kind === kind && sameUnit(f) && !aboutCustomerReturn(f),
      );
      const usable = named.filter(
        (f) => candidates.includes(f) || (clause !== undefined && onlyAbout(clause, f)),
      );
      if (usable.length === 0 && named.length > 0) continue;
      let facts =
        usable.length > 0
          ? usable.sort((x, y) => rank(candidates, x) - rank(candidates, y))
          : // Likewise a clause missing part of a fact's subject but naming what sets another fact
            // apart ("express delivery costs $12", for a standard-shipping fee).
            sentenceFacts.filter((f) => sameUnit(f) && !(clause && namesOtherSubject(kb, clause.stems, f)));
      // FACT-DELIVERY-1: "your return label will arrive in 2 days" times the label's delivery,
      // not the return window: a thing sent to the customer arriving, unless the fact is about it.
      if (kind === "duration" && clause !== undefined) {
        const sent = sentThing(sentence, clause);
        if (sent !== null) facts = facts.filter((f) => f.keywords.has(sent));
      }
      facts = facts.filter((f) => !aboutCustomerReturn(f));
      // FACT-THRESHOLD-1: "orders over $50" sizes an order; it is no price, only a threshold.
      if (kind === "money" && isSizeBound(sentence, q.start, q.end)) facts = facts.filter(isThresholdFact);
      const fact = facts[0];
      if (fact === undefined) continue;
      // FACT-THRESHOLD-1: a concrete amount ("your $70 order") is compared with a threshold
      // fact as "does it qualify", a stated bound ("over $70") as the threshold itself.
      const concrete = kind === "money" && !isThresholdPhrase(sentence, q.start, q.end);
      const fitting = facts.find((f) =>
        concrete && isThresholdFact(f)
          ? // Only the best-matching fact: "standard shipping is $70" must not pass a $50 threshold.
            f === fact && q.low >= f.normalised && !NEGATION_RE.test(sentence)
          : withinTolerance(f.normalised, q.low, q.high, kind),
      );
      // A clause naming two facts of this kind ("refunds for express delivery take 10 days") is
      // checked only when the number agrees with one of them: which it is about is not said.
      const agreeing =
        fitting ??
        (named.length > 1
          ? named.find((f) => withinTolerance(f.normalised, q.low, q.high, kind))
          : undefined);
      if (agreeing === undefined && named.length > 1) continue;
      const target = agreeing ?? fact;
      // An amount below the threshold may be a shortfall ("add $10 more"), not a wrong claim.
      if (agreeing === undefined && concrete && isThresholdFact(target)) continue;
      if (
        kind === "money" &&
        target.currency !== null &&
        q.currency !== null &&
        q.currency !== target.currency
      )
        continue;
      out.push({
        factId: target.fact.id,
        claimStart: offset + q.start,
        claimEnd: offset + q.end,
        claimed: q.text,
        expected: target.expected,
        verdict: agreeing === undefined ? "contradicts" : "agrees",
      });
    }
  }
}

// FACT-RETURN-DIRECTION-1: the company returning something to the customer ("we'll return the item
// to you within 7 days", "it will be returned to you", "I'll send it back to you") is a repair or
// an exchange coming back, not the customer's return window.
const COMPANY_RETURNS_RE =
  /\b(?:we|i|they)(?:['’](?:ll|d|re|m))?(?:\s+(?:will|shall|would|can|could|are|am|be|then|also|just|now|gladly|happily|usually|normally|always|aim to|try to|going to))*\s+(?:return(?:s|ing)?|send(?:s|ing)?(?:\s+[a-z'’-]+){0,3}?\s+back|ship(?:s|ping)?(?:\s+[a-z'’-]+){0,3}?\s+back)\b|\b(?:return(?:s|ing|ed)?|sent back|shipped back)\b(?:\s+[a-z'’-]+){0,5}?\s+(?:back\s+)?to\s+you\b/;
const RETURN_STEM = canonicalStem(stem("return"));

/**
 * FACT-RETURN-DIRECTION-1: whether a fact is about the customer returning an item (its subject is
 * "return" and nothing else the text names), so a text where the company returns something is not
 * checked against it. A fact about what comes back ("repairs are returned within 10 days", subject
 * "repair" and "return") still is, when the text names it.
 */
function isCustomerReturnFact(fact: CompiledFact, stems: ReadonlySet<string>): boolean {
  return (
    fact.subjectStems.includes(RETURN_STEM) &&
    !fact.subjectStems.some((s) => s !== RETURN_STEM && stems.has(s))
  );
}

/** Whether the company is the one returning something in `text` (FACT-RETURN-DIRECTION-1). */
function companyReturns(text: string): boolean {
  return text.includes("return") || text.includes("back") ? COMPANY_RETURNS_RE.test(text) : false;
}

// FACT-DELIVERY-1: something sent to the customer (a label, a code, an email) and its arrival.
const SENT_THING_RE =
  /\b(label|kit|box|bag|envelope|code|voucher|coupon|e-?mail|link|confirmation|receipt|invoice|form|slip|instructions|password|pin|card|letter|technician|engineer|courier)s?\b(?:(?!\b(?:within|for|up to|have|has|get)\b)[^,;])*?\b(?:arrive|arrives|arriving|reach|reaches|get to you|come through|be (?:sent|emailed|mailed|posted|delivered|with you|in your (?:inbox|mailbox))|land|show up|turn up|be there)\b/;

/** The stem of a thing the clause says will reach the customer, or null. */
function sentThing(sentence: string, clause: Clause): string | null {
  const m = SENT_THING_RE.exec(sentence.slice(clause.start, clause.end));
  return m === null ? null : canonicalStem(stem(m[1]!.replace("-", "")));
}

/** A sentence's candidates first, best first; then facts only a clause names. */
function rank(candidates: readonly CompiledFact[], fact: CompiledFact): number {
  const i = candidates.indexOf(fact);
  return i < 0 ? candidates.length : i;
}

// FACT-ELAPSED-1: a duration that dates an event or counts what is left ("3 days ago", "12 days
// left", "closes in 12 days", "received 10 days after delivery") is not a policy's length.
const ELAPSED_AFTER_RE = /^\s*(?:ago|later|left|remaining|late|overdue|old|early|earlier|behind|since)\b/;
const ELAPSED_BEFORE_RE =
  /\b(?:closes|closing|ends|ending|expires|expiring|runs out|last|past|another|extra|additional|took)\s+(?:in\s+)?(?:the\s+)?$/;
const AFTER_RE = /^\s*after\b/;
const SPAN_BEFORE_RE = /\b(?:within|for|up to|to|have|has|got|get|is|are)\s+$/;
const ELAPSED_CONTEXT_CHARS = 24;

function isElapsedTime(sentence: string, start: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, start - ELAPSED_CONTEXT_CHARS), start);
  const after = sentence.slice(end, end + ELAPSED_CONTEXT_CHARS);
  if (ELAPSED_AFTER_RE.test(after) || ELAPSED_BEFORE_RE.test(before)) return true;
  // "within 30 days after delivery" is the window; "received 10 days after delivery" a date.
  return AFTER_RE.test(after) && !SPAN_BEFORE_RE.test(before);
}

// FACT-COUNT-1: a count of what the customer has now ("you have 3 devices registered", "your plan
// currently has 3 devices") is not a claim about the limit ("covers up to 5 devices").
const COUNT_LIMIT_RE =
  /\b(?:up to|at most|maximum|max|limit|no more than|as many as|cover|covers|include|includes|allow|allows|allowed|support|supports|permit|permits|can|could|may|able to)\b/;
const COUNT_NOW_BEFORE_RE =
  /(?:\byou(?:['’]ve| have)(?: got)?(?: only| just)?|\b(?:currently|now|already|right now)\b[^,;]*|\bthere (?:are|is)(?: currently| now| already)?|\bi (?:can )?see|\b(?:has|have|using|uses)(?: only| just)?)\s+$/;
const COUNT_NOW_AFTER_RE =
  /^\s*(?:(?:are|is)\s+)?(?:currently\s+|already\s+|now\s+)?(?:registered|linked|connected|active|activated|signed in|logged in|in use|paired|authori[sz]ed|added|set up|on (?:your|the|this) (?:account|subscription|plan))\b/;
const COUNT_CONTEXT_CHARS = 40;

function isCurrentCount(sentence: string, start: number, end: number): boolean {
  const before = sentence.slice(Math.max(0, start - COUNT_CONTEXT_CHARS), start);
  const after = sentence.slice(end, end + COUNT_CONTEXT_CHARS);
  const now = COUNT_NOW_AFTER_RE.test(after) || COUNT_NOW_BEFORE_RE.test(before);
  const clause = before.slice(before.search(/[^,;]*$/)).replace(/\bi can see\b/, "");
  return now && !COUNT_LIMIT_RE.test(clause);
}

const QUANTITY_KINDS: readonly FactKind[] = ["duration", "money", "percent", "count"];

const SIZE_BOUND_BEFORE_RE = /\b(?:over|above|more than|exceeding|upwards of)\s*$/;
const SIZE_BOUND_AFTER_RE = /^\s*(?:\+|or (?:more|above|over|higher)|and (?:up|above|over))/;

/** True when the amount is a lower bound on something's size ("orders over $50"), not a starting price. */
function isSizeBound(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - THRESHOLD_CONTEXT_CHARS), start);
  const after = text.slice(end, end + THRESHOLD_CONTEXT_CHARS);
  return SIZE_BOUND_BEFORE_RE.test(before) || SIZE_BOUND_AFTER_RE.test(after);
}

/** True when the amount at [start, end) is phrased as a bound ("over $50", "$50 or more"). */
function isThresholdPhrase(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - THRESHOLD_CONTEXT_CHARS), start);
  const after = text.slice(end, end + THRESHOLD_CONTEXT_CHARS);
  return THRESHOLD_BEFORE_RE.test(before) || THRESHOLD_AFTER_RE.test(after);
}

const thresholdFacts = new WeakMap<CompiledFact, boolean>();

/** FACT-THRESHOLD-1: a money fact whose statement phrases its value as a bound ("orders over $50"). */
function isThresholdFact(fact: CompiledFact): boolean {
  let known = thresholdFacts.get(fact);
  if (known === undefined) {
    const statement = fact.fact.statement.toLowerCase();
    known =
      fact.kind === "money" &&
      extractQuantities(statement, "money", null).some(
        (q) => q.low === fact.normalised && isThresholdPhrase(statement, q.start, q.end),
      );
    thresholdFacts.set(fact, known);
  }
  return known;
}

function makeCheck(
  fact: CompiledFact,
  sentence: string,
  offset: number,
  claimed: string,
  agrees: boolean,
): FactCheck {
  const trimmedStart = sentence.length - sentence.trimStart().length;
  const trimmedEnd = sentence.trimEnd().length;
  return {
    factId: fact.fact.id,
    claimStart: offset + trimmedStart,
    claimEnd: offset + trimmedEnd,
    claimed,
    expected: fact.expected,
    verdict: agrees ? "agrees" : "contradicts",
  };
}

function withinTolerance(expected: number, low: number, high: number, kind: FactKind): boolean {
  // Month and year conversions are approximate (30 and 365 days), so durations get 5% slack.
  const slack = kind === "duration" ? Math.max(Math.abs(expected) * 0.05, 1e-9) : 1e-6;
  return expected >= low - slack && expected <= high + slack;
}

function extractQuantities(sentence: string, kind: FactKind, fact: CompiledFact | null): Quantity[] {
  const out: Quantity[] = [];
  if (kind === "duration") {
    DURATION_RE.lastIndex = 0;
    for (let m = DURATION_RE.exec(sentence); m !== null; m = DURATION_RE.exec(sentence)) {
      const unit = m[4]?.toLowerCase() ?? "day";
      const factor = DAYS_PER_UNIT[unit] ?? 1;
      const a = parseNumber(m[1] ?? "");
      const b = m[2] === undefined ? a : parseNumber(m[2]);
      if (Number.isNaN(a) || Number.isNaN(b)) continue;
      if (isElapsedTime(sentence, m.index, m.index + m[0].length)) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        low: Math.min(a, b) * factor,
        high: Math.max(a, b) * factor,
        text: m[0].trim(),
        currency: null,
      });
    }
  } else if (kind === "money") {
    MONEY_RE.lastIndex = 0;
    for (let m = MONEY_RE.exec(sentence); m !== null; m = MONEY_RE.exec(sentence)) {
      const amount = parseNumber(m[2] ?? m[3] ?? "");
      const currency = currencyOf(m[1] ?? m[4] ?? "");
      if (Number.isNaN(amount)) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        low: amount,
        high: amount,
        text: m[0].trim(),
        currency,
      });
    }
  } else if (kind === "percent") {
    PERCENT_RE.lastIndex = 0;
    for (let m = PERCENT_RE.exec(sentence); m !== null; m = PERCENT_RE.exec(sentence)) {
      const value = parseNumber(m[1] ?? "");
      if (Number.isNaN(value)) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        low: value,
        high: value,
        text: m[0].trim(),
        currency: null,
      });
    }
  } else if (kind === "count") {
    COUNT_RE.lastIndex = 0;
    for (let m = COUNT_RE.exec(sentence); m !== null; m = COUNT_RE.exec(sentence)) {
      const word = m[2] ?? "";
      if (fact === null || fact.unitStem === null || stem(normaliseUnit(word)) !== fact.unitStem) continue;
      // "add 2 more devices" counts what is added, not the limit.
      if (/\s(?:more|extra)\s/.test(m[0])) continue;
      // FACT-COUNT-1: "you have 3 devices registered" counts what is there now, not the limit.
      if (isCurrentCount(sentence, m.index, m.index + m[0].length)) continue;
      const value = parseNumber(m[1] ?? "");
      if (Number.isNaN(value)) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        low: value,
        high: value,
        text: m[0].trim(),
        currency: null,
      });
    }
  }
  return out;
}

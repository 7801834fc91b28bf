import {
  DAYS_PER_UNIT,
  canonicalStem,
  currencyOf,
  normaliseUnit,
  type CompiledFact,
  type CompiledKnowledgeBase,
  type FactKind,
} from "./knowledge.ts";
import { NUMBER_SOURCE, STOP_WORDS, parseNumber, stem } from "./text.ts";
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
  const lower = text.toLowerCase();
  SENTENCE_RE.lastIndex = 0;
  for (let m = SENTENCE_RE.exec(lower); m !== null; m = SENTENCE_RE.exec(lower)) {
    const sentence = m[0];
    const offset = m.index;
    const candidates = candidateFacts(sentence, kb, minKeywordHits);
    if (candidates.length === 0) continue;
    checkSentence(sentence, offset, candidates, checks);
  }
  // In reading order, so the first claim the customer heard is the one cited.
  return checks.sort((a, b) => a.claimStart - b.claimStart);
}

function candidateFacts(sentence: string, kb: CompiledKnowledgeBase, minKeywordHits: number): CompiledFact[] {
  // Distinct keyword stems per fact, and whether one of them is a key or topic word.
  const distinct = new Map<number, number>();
  const strong = new Set<number>();
  const seen = new Set<string>();
  WORD_RE.lastIndex = 0;
  for (let w = WORD_RE.exec(sentence); w !== null; w = WORD_RE.exec(sentence)) {
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
    const keyCovered = fact.keyStems.length > 1 && fact.keyStems.every((k) => seen.has(k));
    if ((hits >= minKeywordHits && strong.has(i)) || keyCovered) {
      out.push({ fact, score: hits + (strong.has(i) ? 1 : 0) + (keyCovered ? 1 : 0) });
    }
  }
  out.sort((a, b) => b.score - a.score);
  return out.map((c) => c.fact);
}

function checkSentence(sentence: string, offset: number, candidates: CompiledFact[], out: FactCheck[]): void {
  if (sentence.trimEnd().endsWith("?")) return; // FACT-1: questions are not claims
  // FACT-4: the best-matching yes/no fact, unless the sentence is a qualification.
  const yesNo = candidates.find((c) => c.kind === "boolean");
  if (yesNo !== undefined && !DIGIT_RE.test(sentence) && !UNCERTAIN_RE.test(sentence)) {
    const claimed = !NEGATION_RE.test(sentence);
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
    const facts = candidates.filter((c) => c.kind === kind);
    if (facts.length === 0) continue;
    const quantities = kind === "count" ? null : extractQuantities(sentence, kind, null);
    for (const fact of facts) {
      for (const q of quantities ?? extractQuantities(sentence, kind, fact)) {
        if (out.some((c) => c.claimStart === offset + q.start)) continue;
        // FACT-THRESHOLD-1: a concrete amount ("your $70 order") is compared with a threshold
        // fact as "does it qualify", a stated bound ("over $70") as the threshold itself.
        const concrete = kind === "money" && !isThresholdPhrase(sentence, q.start, q.end);
        const fitting = facts.find(
          (f) =>
            (kind !== "count" || f.unitStem === fact.unitStem) &&
            (concrete && isThresholdFact(f)
              ? // Only the best-matching fact: "standard shipping is $70" must not pass a $50 threshold.
                f === facts[0] && q.low >= f.normalised && !NEGATION_RE.test(sentence)
              : withinTolerance(f.normalised, q.low, q.high, kind)),
        );
        const target = fitting ?? fact;
        // An amount below the threshold may be a shortfall ("add $10 more"), not a wrong claim.
        if (fitting === undefined && concrete && isThresholdFact(target)) continue;
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
          verdict: fitting === undefined ? "contradicts" : "agrees",
        });
      }
    }
  }
}

const QUANTITY_KINDS: readonly FactKind[] = ["duration", "money", "percent", "count"];

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

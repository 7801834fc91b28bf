import { contentStems, stem } from "./text.ts";

/** One fact in a team's knowledge base. `value` is what an agent's claim is checked against. */
export interface KnowledgeFact {
  id: string;
  topic?: string;
  statement: string;
  key?: string;
  value: number | boolean | string;
  unit?: string;
}

export interface KnowledgeBase {
  facts: KnowledgeFact[];
}

export type FactKind = "duration" | "money" | "percent" | "count" | "boolean" | "string";

export interface CompiledFact {
  fact: KnowledgeFact;
  kind: FactKind;
  /** Durations: the fact's value in days. Others: the value as given. */
  normalised: number;
  /** Currency code for money facts ("usd", "eur", "gbp"), or null when unspecified. */
  currency: string | null;
  /** Stem of the unit for count facts ("device"). */
  unitStem: string | null;
  /** Content stems of the fact's key, topic and statement (with synonyms folded). */
  keywords: ReadonlySet<string>;
  /** Key and topic stems: they weigh double when matching a sentence to the fact. */
  strongKeywords: ReadonlySet<string>;
  /** Stems of the key alone: a sentence holding all of them is about this fact. */
  keyStems: readonly string[];
  /**
   * What the fact is about, in the words of its key that its statement or topic also uses, less
   * words that say what is measured ("window", "time"): "return" for `return_window`, "exchang" for
   * `exchange_window`. Empty when the key says nothing the statement says (an opaque key or none).
   */
  subjectStems: readonly string[];
  /**
   * Topic words that are not the fact's subject ("return" for an exchange-window fact filed under
   * "returns"): a sentence saying one of them but none of `subjectStems` is about something else.
   */
  rivalStems: readonly string[];
  /** The value as a reader would say it ("30 days", "$25", "yes"). */
  expected: string;
}

/** A knowledge base validated and indexed once, so each message costs a few map lookups. */
export interface CompiledKnowledgeBase {
  facts: readonly CompiledFact[];
  byId: ReadonlyMap<string, CompiledFact>;
  /** Keyword stem → indexes into `facts`; a key or topic word is listed twice (it weighs double). */
  byKeyword: ReadonlyMap<string, readonly number[]>;
  /** Subject stem → indexes into `facts` whose `subjectStems` hold it. */
  bySubject: ReadonlyMap<string, readonly number[]>;
}

/** Days per duration unit (months and years as their usual business approximations). */
export const DAYS_PER_UNIT: Readonly<Record<string, number>> = {
  minute: 1 / 1440,
  hour: 1 / 24,
  day: 1,
  "business day": 1,
  "working day": 1,
  week: 7,
  month: 30,
  year: 365,
};

const CURRENCIES: Readonly<Record<string, string>> = {
  $: "usd",
  usd: "usd",
  dollar: "usd",
  dollars: "usd",
  "€": "eur",
  eur: "eur",
  euro: "eur",
  euros: "eur",
  "£": "gbp",
  gbp: "gbp",
  pound: "gbp",
  pounds: "gbp",
};

/** Stems that mean the same thing in support talk, folded onto one. */
const SYNONYMS: Readonly<Record<string, string>> = {
  deliver: "deliver",
  delivery: "deliver",
  ship: "deliver",
  shipp: "deliver",
  shipment: "deliver",
  arriv: "deliver",
  dispatch: "deliver",
  refund: "refund",
  reimburs: "refund",
  repay: "refund",
  cancel: "cancel",
  cancell: "cancel",
  cancellation: "cancel",
  warranty: "warranty",
  guarante: "warranty",
  guarantee: "warranty",
  fee: "fee",
  charg: "fee",
  cost: "fee",
  pric: "fee",
  price: "fee",
  // An exchange is not a return: a team may allow 60 days for one and 30 for the other, and a claim
  // about one must not be checked against the other's fact.
  return: "return",
};

/** Folds a stem onto its synonym group. */
export function canonicalStem(s: string): string {
  return SYNONYMS[s] ?? s;
}

/** Thrown by compileKnowledgeBase; `issues` lists every problem with its fact. */
export class KnowledgeBaseError extends Error {
  readonly code = "KNOWLEDGE_BASE_INVALID";
  constructor(readonly issues: string[]) {
    super(`invalid knowledge base: ${issues.join("; ")}`);
    this.name = "KnowledgeBaseError";
  }
}

/** Normalises a unit name: "Days" → "day", "business days" → "business day", "USD" → "usd". */
export function normaliseUnit(unit: string): string {
  const u = unit.trim().toLowerCase();
  if (u in CURRENCIES) return u;
  return u.replace(/s$/, "");
}

/** Currency code of a unit or symbol, or null. */
export function currencyOf(unit: string): string | null {
  return CURRENCIES[unit.trim().toLowerCase()] ?? null;
}

/** A duration, a currency or a percentage: the units whose claims are checked as numbers. */
function isQuantityUnit(unit: string): boolean {
  const u = normaliseUnit(unit);
  return u in DAYS_PER_UNIT || currencyOf(u) !== null || u === "%" || u === "percent" || u === "percentage";
}

const QUANTITY_WRITTEN_RE = /^([$€£])?\s*(-?\d+(?:[.,]\d+)?)\s*(%|[a-z][a-z ]*)?$/i;

/**
 * Why no agent's claim could ever be checked against a fact with this value and unit, in words for
 * whoever writes it, or null when claims can be. Text values are only ever found said (FACT-5), so
 * a quantity written as text ("30 days", "$15"), a number kept as text, or text under a unit that
 * asks for a number (value "thirty", unit "day") would sit in the knowledge base and never catch
 * a wrong number; an empty text would match every sentence.
 *
 * @example
 * factValueProblem("30 days", null); // "“30 days” is a number with its unit: write 30 as the value and “days” as the unit"
 * factValueProblem(30, "day"); // null
 */
export function factValueProblem(value: number | boolean | string, unit: string | null): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "") return "must not be empty: a number (such as 30), yes or no, or a short text";
  const written = QUANTITY_WRITTEN_RE.exec(text);
  if (written !== null) {
    const [, symbol, number, words] = written;
    const writtenUnit = symbol ?? words?.trim();
    if (writtenUnit === undefined || writtenUnit === "")
      return `“${text}” is a number kept as text: give it as the number ${number}, or no claim can be checked against it`;
    // Only a unit the engine checks: "24 hours a day" or "2 for 1" stay text.
    if (isQuantityUnit(writtenUnit))
      return `“${text}” is a number with its unit: write ${number} as the value and “${writtenUnit}” as the unit`;
  }
  if (unit !== null && isQuantityUnit(unit))
    return `is text, but the unit “${unit?.trim() ?? ""}” asks for a number: write the number (such as 30), or leave the unit empty for a text fact`;
  return null;
}

/**
 * Validates a knowledge base and indexes it once. Every problem is listed in one error.
 *
 * @example
 * const kb = compileKnowledgeBase({ facts: [
 *   { id: "f1", topic: "returns", statement: "Items can be returned within 30 days of delivery.",
 *     key: "return_window", value: 30, unit: "day" },
 * ] });
 */
export function compileKnowledgeBase(kb: KnowledgeBase): CompiledKnowledgeBase {
  const issues: string[] = [];
  if (typeof kb !== "object" || kb === null || !Array.isArray(kb.facts)) {
    throw new KnowledgeBaseError(["knowledge base must be an object with a `facts` array"]);
  }
  const facts: CompiledFact[] = [];
  const byId = new Map<string, CompiledFact>();
  const byKeyword = new Map<string, number[]>();
  const bySubject = new Map<string, number[]>();
  kb.facts.forEach((fact, i) => {
    const where = `facts[${i}]${typeof fact?.id === "string" ? ` (${fact.id})` : ""}`;
    if (typeof fact !== "object" || fact === null) {
      issues.push(`${where} must be an object`);
      return;
    }
    if (typeof fact.id !== "string" || fact.id.length === 0)
      issues.push(`${where}.id must be a non-empty string`);
    else if (byId.has(fact.id)) issues.push(`${where}.id "${fact.id}" is used twice`);
    if (typeof fact.statement !== "string" || fact.statement.length === 0) {
      issues.push(`${where}.statement must be a non-empty string`);
    }
    const t = typeof fact.value;
    if (t !== "number" && t !== "boolean" && t !== "string") {
      issues.push(`${where}.value must be a number, boolean or string`);
      return;
    }
    if (t === "number" && !Number.isFinite(fact.value)) issues.push(`${where}.value must be a finite number`);
    if (fact.unit !== undefined && typeof fact.unit !== "string")
      issues.push(`${where}.unit must be a string`);
    if (fact.key !== undefined && typeof fact.key !== "string") issues.push(`${where}.key must be a string`);
    if (fact.topic !== undefined && typeof fact.topic !== "string")
      issues.push(`${where}.topic must be a string`);
    if (issues.length > 0) return;
    const compiled = compileFact(fact);
    byId.set(fact.id, compiled);
    const index = facts.push(compiled) - 1;
    for (const keyword of compiled.keywords) {
      const weight = compiled.strongKeywords.has(keyword) ? 2 : 1;
      let list = byKeyword.get(keyword);
      if (list === undefined) byKeyword.set(keyword, (list = []));
      for (let w = 0; w < weight; w++) list.push(index);
    }
    for (const subject of compiled.subjectStems) {
      let list = bySubject.get(subject);
      if (list === undefined) bySubject.set(subject, (list = []));
      list.push(index);
    }
  });
  if (issues.length > 0) throw new KnowledgeBaseError(issues);
  return { facts, byId, byKeyword, bySubject };
}

/** An empty knowledge base: nothing is fact-checked. */
export const EMPTY_KNOWLEDGE_BASE: CompiledKnowledgeBase = compileKnowledgeBase({ facts: [] });

const UNIT_WORDS = new Set([
  "day",
  "week",
  "month",
  "year",
  "hour",
  "minute",
  "business",
  "working",
  "percent",
]);

/** Key words that say what is measured, not what about: `return_window`, `refund_processing_time`. */
const MEASURE_WORDS = new Set(
  [
    "window",
    "time",
    "period",
    "process",
    "processing",
    "duration",
    "length",
    "limit",
    "max",
    "maximum",
    "min",
    "minimum",
    "amount",
    "rate",
    "number",
    "count",
    "value",
    "policy",
  ].map(stem),
);

function compileFact(fact: KnowledgeFact): CompiledFact {
  const unit = fact.unit === undefined ? "" : normaliseUnit(fact.unit);
  let kind: FactKind;
  let normalised = typeof fact.value === "number" ? fact.value : 0;
  let currency: string | null = null;
  let unitStem: string | null = null;
  let expected: string;
  if (typeof fact.value === "boolean") {
    kind = "boolean";
    expected = fact.value ? "yes" : "no";
  } else if (typeof fact.value === "string") {
    kind = "string";
    expected = fact.value;
  } else if (unit in DAYS_PER_UNIT) {
    kind = "duration";
    normalised = fact.value * (DAYS_PER_UNIT[unit] ?? 1);
    expected = `${fact.value} ${unit}${fact.value === 1 ? "" : "s"}`;
  } else if (currencyOf(unit) !== null) {
    kind = "money";
    currency = currencyOf(unit);
    expected = `${fact.value} ${currency?.toUpperCase()}`;
  } else if (unit === "%" || unit === "percent" || unit === "percentage") {
    kind = "percent";
    expected = `${fact.value}%`;
  } else {
    kind = "count";
    unitStem = unit.length > 0 ? stem(unit) : null;
    expected = unit.length > 0 ? `${fact.value} ${unit}${fact.value === 1 ? "" : "s"}` : String(fact.value);
  }
  const keyStems =
    fact.key === undefined ? [] : contentStems(fact.key.replace(/[_-]+/g, " ")).map(canonicalStem);
  const topicStems = contentStems(fact.topic ?? "").map(canonicalStem);
  const strongKeywords = new Set<string>();
  for (const s of [...keyStems, ...topicStems]) {
    if (!/^\d/.test(s) && !UNIT_WORDS.has(s)) strongKeywords.add(s);
  }
  const keywords = new Set<string>(strongKeywords);
  for (const s of contentStems(fact.statement)) {
    if (/^\d/.test(s) || UNIT_WORDS.has(s)) continue;
    keywords.add(canonicalStem(s));
  }
  // A count's unit ("device") says what the fact is about, so it stays a keyword.
  if (unitStem !== null) keywords.add(unitStem);
  const described = new Set(
    [...contentStems(fact.statement), ...contentStems(fact.topic ?? "")].map(canonicalStem),
  );
  if (unitStem !== null) described.add(unitStem);
  const subjectStems = [
    ...new Set(
      keyStems.filter(
        (s) => described.has(s) && !UNIT_WORDS.has(s) && !MEASURE_WORDS.has(s) && !/^\d/.test(s),
      ),
    ),
  ];
  return {
    fact,
    kind,
    normalised,
    currency,
    unitStem,
    keywords,
    strongKeywords,
    keyStems: keyStems.filter((s) => !UNIT_WORDS.has(s)),
    subjectStems,
    rivalStems:
      subjectStems.length === 0
        ? []
        : [...new Set(topicStems.filter((s) => !keyStems.includes(s) && !UNIT_WORDS.has(s)))],
    expected,
  };
}

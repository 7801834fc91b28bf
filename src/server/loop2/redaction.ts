import { redactPii } from "../../engine/pii/index.ts";

/**
 * Redacts personal data from text shown beyond its conversation (exports, debriefs, scorecard
 * evidence). `knownNames` are the names the server knows (the customer's, the agents'), redacted
 * wherever they appear: the engine finds the rest (e-mails, phones, cards, addresses, cued names).
 */
export function redactText(text: string, knownNames: readonly string[]): string {
  if (text.length === 0) return text;
  const { anyCase, capitalised } = splitKnownNames(knownNames);
  return redactCapitalised(redactPii(text, { knownNames: anyCase }).text, capitalised);
}

/**
 * `redactText` for text sent to the optional language model (src/server/llm): every known name, and
 * every part of it, redacted in any case, everyday words too ("will" of a teammate called Will
 * Grant). There a "will" redacted for nothing costs a word of a draft the person reads and edits,
 * while a lowercase "will" that names someone would leave the server; exports and cards, read as
 * they are, keep everyday words (`redactText`).
 */
export function redactForModel(text: string, knownNames: readonly string[]): string {
  if (text.length === 0) return text;
  return redactPii(text, { knownNames: knownNames.filter((n) => n.trim().length >= 2) }).text;
}

/**
 * Parts of people's names that are also everyday English words ("Will", "May", "Mark", "Grant",
 * "Agent"): the engine redacts a known name in any case ("thx zed"), so a teammate or customer
 * called Will Grant turned every "will" and "grant" of every exported line and debrief card into
 * [PERSON] ("I [PERSON] send you the label"). These are redacted only where written with a capital
 * letter, as the engine's own list of first names leaves such names out. Lower case, one a word.
 */
const EVERYDAY_WORDS: ReadonlySet<string> = new Set(
  `will may mark bill grant grace hope rose summer art frank sunny joy faith amber ivy jack pat sue rich drew
  chase dawn june april august honey crystal ruby pearl jean gene don dean miles lane hunter rob penny sandy
  rusty guy young king brown green white black gray grey long short page price rice hill wood woods stone field
  fields cook baker little hall bell ward bush fox wolf best hunt moss park parks rock ray sky star river
  brook march sterling major cash case love gay happy noble rice wise shore wall walls hart ash bay bond
  lead leads agent support sage reed holly heather daisy iris lily violet olive pepper ginger basil
  jay robin wren crow swan finch booth house rush bright gold silver ford bishop lord knight mason carter
  tanner fisher miller hunter sharp strong cross ball bird duke earl`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** The known names the engine may match in any case, and those made of everyday words only. */
function splitKnownNames(knownNames: readonly string[]): { anyCase: string[]; capitalised: string[] } {
  const anyCase: string[] = [];
  const capitalised: string[] = [];
  for (const known of knownNames) {
    const name = known.trim();
    if (name.length < 2) continue;
    const words = name.split(/\s+/);
    if (words.every((w) => EVERYDAY_WORDS.has(w.toLowerCase()))) capitalised.push(name);
    else anyCase.push(name);
  }
  return { anyCase, capitalised };
}

/**
 * Each name written as given (its capitals), between letters' edges, replaced with [PERSON]; after the
 * engine, so a full name it redacted ("May Chen") reads [PERSON] once.
 */
function redactCapitalised(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) {
    if (!out.includes(name)) continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, "gu"), "[PERSON]");
  }
  return out;
}

/**
 * `redactText` for many texts (an export): each known name is first looked for as plain text (any
 * case), and the engine is given only the names that occur. The engine looks for every name it is
 * given in the whole text, between letters' edges, one pattern per name: with a team's names
 * (~120 with their parts) that was three quarters of an export's time, and most lines hold none of
 * them. A name not in the text redacts nothing, so the result is the same as `redactText`'s. The
 * plain patterns are made once per name for the redactor's life.
 */
export function textRedactor(): (text: string, knownNames: readonly string[]) => string {
  const patterns = new Map<string, RegExp>();
  const occurs = (name: string, text: string): boolean => {
    const trimmed = name.trim();
    if (trimmed.length < 2) return false;
    let pattern = patterns.get(trimmed);
    if (pattern === undefined) {
      pattern = new RegExp(trimmed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "iu");
      patterns.set(trimmed, pattern);
    }
    return pattern.test(text);
  };
  return (text, knownNames) => {
    if (text.length === 0) return text;
    const { anyCase, capitalised } = splitKnownNames(knownNames.filter((n) => occurs(n, text)));
    return redactCapitalised(redactPii(text, { knownNames: anyCase }).text, capitalised);
  };
}

/** Names worth redacting from a person's display name: the whole name and each part of it. */
export function nameVariants(name: string | null | undefined): string[] {
  if (name === null || name === undefined) return [];
  const trimmed = name.trim();
  if (trimmed.length < 2) return [];
  const parts = trimmed.split(/\s+/).filter((p) => p.length >= 3 && /^\p{Lu}/u.test(p));
  return [trimmed, ...parts];
}

/**
 * Words that introduce an order, booking or case reference, with the reference after them: "order
 * 4521", "order number: AB-1234", and said as a sentence, "my order is 4521", "the order ID was
 * 7731", "my account's jdoe84"; not an amount or a duration ("the order was 250 dollars").
 */
const REFERENCE_WORDS =
  /\b(?:order|booking|reservation|reference|ref|tracking|ticket|case|invoice|account|confirmation|membership|customer|policy|serial)(?:\s*(?:number|no\.?|num|id|code|#))?(?:'s|\s+(?:is|was))?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{2,})\b(?!\s*%|\s*(?:dollars?|euros?|pounds?|days?|weeks?|months?|hours?|minutes?|items?)\b)/gi;

/**
 * The last digits of a card or account, said as "card ending 4421" or "my Visa ends in 0093": with
 * the customer's name or their bank they point at one person's card, and a drill or a huddle is read
 * by the whole team. The card's word must come shortly before ("a contract ending in 2027" stays).
 */
const CARD_ENDING =
  /(\b(?:card|visa|mastercard|amex|debit|credit|account|iban)\b[^.!?\n\d]{0,24}?\b(?:ending|ends)(?:\s+(?:in|with))?\s*[:#]?\s*)\d{2,4}\b/gi;
/** A bank's sort code ("sort code 20-00-00"): with an account number, it is one person's account. */
const SORT_CODE = /(\bsort\s*code\s*(?:is|was|:)?\s*)\d{2}[-\s]?\d{2}[-\s]?\d{2}\b/gi;
/** "the last four digits are 7788", "last 4: 7788". */
const LAST_DIGITS =
  /(\blast\s+(?:four|4|two|2)(?:\s+digits)?(?:\s+(?:of|on)\s+(?:my|the|your)\s+\w+)?\s*(?:are|is|were|:)?\s*)\d{2,4}\b/gi;

/**
 * Removes order numbers and other references the PII redactor does not know (it finds e-mails,
 * phones, cards, addresses and names): a code after "order", "ticket", "tracking"…, a "#123" tag,
 * a run of five or more digits, and a code mixing letters and digits ("AB-1234").
 */
export function redactReferences(text: string): string {
  return text
    .replace(CARD_ENDING, (_whole: string, lead: string) => `${lead}[NUMBER]`)
    .replace(LAST_DIGITS, (_whole: string, lead: string) => `${lead}[NUMBER]`)
    .replace(SORT_CODE, (_whole: string, lead: string) => `${lead}[NUMBER]`)
    .replace(REFERENCE_WORDS, (whole: string, code: string) =>
      /\d/.test(code)
        ? `${whole.slice(0, whole.length - code.length).replace(/#\s*$/, "")}[REFERENCE]`
        : whole,
    )
    .replace(/#\s?[A-Z0-9-]*\d[A-Z0-9-]*/gi, "[REFERENCE]")
    .replace(/\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)*\b/g, (code: string) =>
      code.length >= 5 ? "[REFERENCE]" : code,
    )
    .replace(/\b\d{5,}\b/g, "[NUMBER]");
}

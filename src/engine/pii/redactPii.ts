// PII redaction for exports and anything shown beyond the conversation (docs/LOOP2.md, "PII").
// Pattern detectors with checksums where the format has one (Luhn for cards, mod-97 for IBANs),
// street-address shapes in several languages, and names where the text gives them away (after a
// greeting, "my name is", a title, a "Name:" label, or a known first name). Pure and linear in the
// text length; measured on the Presidio synthetic set in docs/EVALUATION-LOOP2.md.
import { FIRST_NAMES } from "./firstNames.ts";

export type PiiType =
  "EMAIL" | "PHONE" | "CARD" | "IBAN" | "IP" | "NATIONAL_ID" | "DATE_OF_BIRTH" | "ADDRESS" | "PERSON";

export const PII_TYPES: readonly PiiType[] = [
  "EMAIL",
  "PHONE",
  "CARD",
  "IBAN",
  "IP",
  "NATIONAL_ID",
  "DATE_OF_BIRTH",
  "ADDRESS",
  "PERSON",
];

export interface PiiSpan {
  type: PiiType;
  /** Offsets into the input text, end exclusive. */
  start: number;
  end: number;
}

export interface RedactOptions {
  /** Which kinds to redact; default all. */
  types?: readonly PiiType[];
  /** Replacement for a span: default `[TYPE]`. */
  replace?: (span: PiiSpan, original: string) => string;
  /** Names the caller already knows (the customer's, the agent's): always redacted wherever they appear. */
  knownNames?: readonly string[];
}

export interface RedactResult {
  text: string;
  spans: PiiSpan[];
}

export class PiiInputError extends Error {
  readonly code = "PII_INPUT_INVALID";
}

/** Priority when two detectors claim the same characters: the most specific format wins. */
const PRIORITY: Record<PiiType, number> = {
  EMAIL: 9,
  IBAN: 8,
  CARD: 7,
  IP: 6,
  NATIONAL_ID: 5,
  PHONE: 4,
  DATE_OF_BIRTH: 3,
  ADDRESS: 2,
  PERSON: 1,
};

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** An IBAN-shaped code after the word "IBAN", kept out even when its check digits are wrong (a typo). */
const IBAN_CUE_RE =
  /\b(?:IBAN|[Ii]ban)\b(?:\s*(?:is|:|#|-|number|no\.?))*\s*([A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{1,4}){3,8})(?![A-Za-z0-9])/g;
const CARD_RE = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g;
const IBAN_RE = /\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b/g;
const IPV4_RE = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const IPV6_RE =
  /(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}:?){0,6}[0-9a-fA-F]{1,4}(?![\w:])/g;
const SSN_RE = /\b\d{3}-\d{2}-\d{4}\b/g;
/**
 * A national id said as one ("SSN is 123456789", "national insurance number: QQ 12 34 56 C",
 * "Steuer-ID 12345678901", "DNI 12345678Z", "passport no. X1234567"): the value is upper-case
 * letters and digits with at least four digits, so "my passport is expired" is left alone.
 */
const NATIONAL_ID_CUE_RE = new RegExp(
  String.raw`(?:\b${caseless("(?:ssn|social security|social insurance|national insurance|ni number|nino|passport|tax id|tax number|tax identification number|steuer-?id|steuer-?identifikationsnummer|steuernummer|sozialversicherungsnummer|personalausweis|ausweis|id card|identity card|national id|id number|identity number|codice fiscale|carta d'identità|numéro de sécurité sociale|sécurité sociale|carte d'identité|burgerservicenummer|número de identidad|documento de identidad)")}|\b(?:DNI|NIE|NIF|NIR|BSN|INSEE|PESEL|CPR|AHV)\b)(?:\s*(?:${caseless("number|numbers|no|nr|num|nummer|numéro|número|numero|is|ist|est|es|è|was|:|#|-|\\.")}))*\s*([A-Z0-9](?:[A-Z0-9]|[ ./-](?=[A-Z0-9])){4,22})(?![\p{L}\d])`,
  "gu",
);
/** A cheap test for a word NATIONAL_ID_CUE_RE starts with. */
const NATIONAL_ID_HINT_RE =
  /ssn|social|insurance|ni number|nino|passport|tax|steuer|ausweis|identi|codice|sécurité|burgerservice|DNI|NIE|NIF|NIR|BSN|INSEE|PESEL|CPR|AHV/i;
/** UK National Insurance number: two letters (not D, F, I, Q, U, V first), six digits, A–D. */
const NINO_RE = /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
/** Spanish DNI / NIE with their check letter ("12345678Z", "X1234567L"). */
const DNI_RE = /\b([XYZ]?)(\d{7,8})-?([A-Z])\b/g;
const DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
/** Italian codice fiscale ("RSSMRA85T10A562S"). */
const CODICE_FISCALE_RE = /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/g;
/**
 * A card's security code or expiry, said as one ("cvv 123", "security code: 4821", "exp 12/27"):
 * with the number gone they still must not be kept (a card's code is never to be stored).
 */
const CARD_CODE_RE =
  /\b(?:cvv2?|cvc2?|csc|cid|security code|card verification (?:code|value))\s*(?:is|:|#|-)?\s*(\d{3,4})\b/gi;
const CARD_EXPIRY_RE =
  /\b(?:exp(?:iry|ires|iration)?(?: date)?|valid (?:thru|through|until))\.?\s*(?:is|:|-)?\s*((?:0?[1-9]|1[0-2])\s*\/\s*(?:\d{4}|\d{2}))(?!\d)/gi;
const PHONE_RE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,12}(?:[ .-]\d{1,8}){0,5}(?: ?(?:x|ext\.?|extension) ?\d{1,5})?(?![\w])/gi;
/** A label that says a phone number follows ("Mobile:", "call me on"). */
const PHONE_LABEL_RE =
  /(?:mobile|phone|tel|telephone|desk|fax|cell|office|landline|whatsapp|call me (?:on|at)|text me (?:on|at)|number is|reach me (?:on|at))\s*(?:number)?\s*[:.]?\s*$/i;
const MONTHS =
  "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|augustus";
const DAY_MONTH = String.raw`\d{1,2}(?:st|nd|rd|th|er|\.)? (?:of |de )?(?:${MONTHS})[a-zäéû]*\.?`;
const MONTH_DAY = String.raw`(?:${MONTHS})[a-zäéû]*\.? \d{1,2}(?:st|nd|rd|th)?`;
const DATE_SOURCE = String.raw`(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|${DAY_MONTH},? (?:de )?\d{4}|${MONTH_DAY},? \d{4})`;
const DOB_CUES =
  "born(?: on| in)?|date of birth|d\\.?o\\.?b\\.?|birth ?date|birthday(?: is)?|geboren(?: am| op)?|geburtsdatum|geburtstag(?: ist)?|née? le|date de naissance|fecha de nacimiento|nacid[oa] el|data di nascita|nat[oa] il|geboortedatum";
const DOB_RE = new RegExp(
  String.raw`\b(?:${DOB_CUES})\s*(?:is|was|ist|est|es|è|:)?\s*(${DATE_SOURCE})`,
  "giu",
);
/** A cheap test for a word the birth-date cues start with. */
const DOB_HINT_RE = /born|birth|d\.?o\.?b|geb|naissance|née? le|nacimiento|nacid|nascita|nat[oa] il/i;
/** After words that can only mean a birth date, a day and month without the year is one too. */
const DOB_NO_YEAR_RE = new RegExp(
  String.raw`\b(?:date of birth|d\.?o\.?b\.?|birth ?date|birthday(?: is)?|born on|geburtsdatum|geburtstag(?: ist)?|date de naissance|fecha de nacimiento|data di nascita|geboortedatum)\s*(?:is|was|ist|:)?\s*(${DAY_MONTH}|${MONTH_DAY}|\d{1,2}[/.]\d{1,2}(?![/.-]?\d))`,
  "giu",
);

const STREET_TYPES =
  "street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|close|court|ct|place|pl|boulevard|blvd|terrace|crescent|hill|square|sq|parkway|pkwy|highway|hwy|row|gardens|grove|mews|walk|alley|circle|cir|trail|view|park|ridge|heights|green|meadows?|estates?|point|plaza|rise|vale";
const STREET_SUFFIXES =
  "straße|strasse|str\\.|weg|gasse|gata|gatan|gade|vej|vegen|veien|vei|laan|straat|katu|tie|utca|ulica|platz|allee|plein|steig|ring|damm|ufer|markt|berg";
const STREET_PREFIXES =
  "via|viale|vicolo|piazza|corso|rue|avenue|boulevard|chemin|calle|avenida|rua|travessa|largo|plaza|paseo|carrer|ulica|aleja";
const CAP_WORD = String.raw`[A-ZÀ-ÖØ-Þ][\p{L}'’.-]*`;
const UNIT = String.raw`(?:,?\s*(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|#)\.?\s*#?\d+[A-Za-z]?)`;
/** A capitalised word in a street's name, not the unit word that follows it ("… des Tuileries Apt. 892"). */
const STREET_NAME_WORD = String.raw`(?!(?:Apt|Apartment|Suite|Unit|Flat|Floor|Room|BP|CS)\b)${CAP_WORD}`;
const ADDRESS_RES: RegExp[] = [
  // 12 Baker Street, 5521 Countess Close Apt. 4
  new RegExp(
    String.raw`\b\d{1,6}[A-Za-z]?,?\s+(?:${CAP_WORD}\s+){0,4}(?:${STREET_TYPES})\b\.?${UNIT}?`,
    "giu",
  ),
  // Wingertweg 126, Þorsteinsgata 63, Parijsstraat 8
  new RegExp(String.raw`\b[\p{L}-]*(?:${STREET_SUFFIXES})\s+\d{1,5}[A-Za-z]?\b${UNIT}?`, "giu"),
  // Via Roma 131, Rue de la Paix 5, Calle Mayor 12
  new RegExp(
    String.raw`\b(?:${STREET_PREFIXES})\s+(?:(?:de|del|della|delle|di|da|do|dos|la|le|les|du|des)\s+)*(?:${CAP_WORD}\s+){0,3}\d{1,5}[A-Za-z]?\b${UNIT}?`,
    "gu",
  ),
  // 12 rue de la Paix, 3 bis avenue Foch: the number first, then a French street word and its name
  new RegExp(
    String.raw`\b\d{1,5}(?:\s?(?:bis|ter))?,?\s+${caseless("(?:rue|avenue|boulevard|bd|chemin|allée|allee|impasse|quai)")}\s+(?:(?:de|du|des|la|le|les|l'|d')\s*)*${STREET_NAME_WORD}(?:[ -]+(?:(?:de|du|des|la|le|les|l'|d')\s*)*${STREET_NAME_WORD}){0,3}(?:\s\d{1,5}\b)?${UNIT}?`,
    "gu",
  ),
  // Apt. 322 / Suite 501 on its own
  new RegExp(String.raw`\b(?:apt|apartment|suite|unit|flat)\.?\s*#?\d+[A-Za-z]?\b`, "gi"),
  // PO Box 123
  /\bP\.?\s?O\.?\s+Box\s+\d+\b/gi,
  // 19902 Dobrovského 1394: a postcode or house number, a street name, a number
  new RegExp(String.raw`\b\d{3,6}\s+(?:${CAP_WORD}\s+){1,3}\d{1,5}[A-Za-z]?\b${UNIT}?`, "gu"),
  // Villacher Strasse 89
  new RegExp(
    String.raw`\b${CAP_WORD}\s+(?:strasse|straße|gasse|weg|allee|platz|gata|vej|straat|laan)\s+\d{1,5}[A-Za-z]?\b`,
    "giu",
  ),
];
/** Where the text says an address follows: the rest of the phrase is one, if it holds a number. */
const ADDRESS_CONTEXT_RE =
  /\b(?:(?:my |the |billing |shipping |delivery |home |postal |new )?address(?:(?: is| to)\b|:)|(?:live[sd]? (?:at|on)|living at|located at|send (?:it |them |this )?to|deliver(?:ed)? to|ship(?:ped)? to|stop at|(?:is|are) (?:at|on))\b)\s*:?\s*([^.!?\n]{4,80})/gi;
const POSTCODE_RE =
  /\b(?:zip|zip code|postcode|post code|postal code)(?: is)?\s*:?\s*([A-Z0-9]{2,5}(?:[ -][A-Z0-9]{2,4})?)\b/gi;
const POSTCODE_SHAPE = String.raw`(?:\d{4,5}(?:-\d{3,4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|[A-Z]{1,2}-\d{4,5})`;
const TOWN_WORD = String.raw`(?:[A-ZÀ-ÖØ-Þ][\p{Ll}'’.-]+|[A-ZÀ-ÖØ-Þ]{2,}(?![\p{Ll}]))`;
const TOWN = String.raw`${TOWN_WORD}(?:[ -](?:am|an|im|sur|en|on|upon|le|la)?[ -]?${TOWN_WORD})?`;
/** An apartment or suite after the street ("… des Tuileries Apt. 892"). */
const UNIT_CONTINUATION_RE = new RegExp(String.raw`^${UNIT}(?![\p{L}\d])`, "iu");
/**
 * A postcode with its town, either way round ("10115 Berlin", "75002 Paris", "London SW1A 2AA",
 * "Leeds LS1 4AP"): after a street it continues the address, whatever follows it.
 */
const POSTCODE_TOWN_CONTINUATION_RE = new RegExp(
  String.raw`^\s*,?\s*\n?\s*(?:${POSTCODE_SHAPE}[^\S\n]+${TOWN}|${TOWN},?[^\S\n]+${POSTCODE_SHAPE})(?![\p{L}\d])`,
  "u",
);
/** A UK postcode on its own ("LS1 4AP", "SW1A 2AA"): the shape is specific enough to need no cue. */
const UK_POSTCODE_RE = /\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b/g;
/** A town and its postcode after "in", "to", "at" … ("I moved to Paris 75002", "in Springfield, IL 62704"). */
const TOWN_POSTCODE_RE = new RegExp(
  String.raw`\b${caseless("(?:in|to|at|from|near)")}[^\S\n]+(${TOWN}(?:,?[^\S\n]+[A-Z]{2})?,?[^\S\n]+\d{4,5}(?:-\d{4})?)(?![\p{L}\d])`,
  "gu",
);
/** Capitalised words before a number that are not a town ("in Version 12345", "from Order 12345"). */
const NOT_TOWNS = new Set(
  `monday tuesday wednesday thursday friday saturday sunday january february march april may june july
  august september october november december order ticket case invoice ref reference version model item
  number account room page step batch parcel package shipment tracking code year week day`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** A following line that continues an address: a town, a region code, a postcode, a country. */
const ADDRESS_CONTINUATION_RE =
  /^(?:\s*,?\s*\n?\s*)(?:[A-ZÀ-ÖØ-Þ][\p{L}'’.-]*(?:[ -][A-ZÀ-ÖØ-Þa-z][\p{L}'’.-]*){0,3}|[A-Z]{2,3}|\d{3,6}(?:[ -]\d{2,4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})(?=\s*(?:\n|,|$|\s\d|[?.!;)]))/u;

const NAME_WORD = String.raw`[A-ZÀ-ÖØ-Þ][\p{Ll}'’-]+(?:-[A-ZÀ-ÖØ-Þ][\p{Ll}]+)?`;
/** Spaces within a line: a name never runs onto the next line ("Thanks,\nAna\nTagteam support"). */
const SP = String.raw`[^\S\n]+`;
const FULL_NAME = String.raw`${NAME_WORD}(?:${SP}(?:[A-Z]\.${SP})?(?:(?:van|von|de|da|del|di|der|den|la|le|al|bin|ibn|o'|mac|mc)${SP})?${NAME_WORD}){0,2}`;
/**
 * "My name is" in the other languages our customers write in: as strong as the English cue.
 * Written in lower case (matched in any case) and without escapes, for `caseless`.
 */
const FOREIGN_NAME_CUES =
  "ich heiße|ich heisse|mein name ist|mein name lautet|je m'appelle|je m’appelle|mon nom est|moi c'est|me llamo|mi nombre es|mi chiamo|il mio nome è|mijn naam is|ik heet|meu nome é|eu me chamo|chamo-me|jag heter|mitt namn är|jeg hedder|jeg heter";
/** "I am" in those languages: weak like "I'm" (a full name or a known first name must follow). */
const FOREIGN_INTRODUCTIONS = "ich bin|je suis|soy|sono|ik ben|eu sou|jag är|jeg er";
/** Greetings in those languages ("Hola Marta", "Bonjour Claire"): as strong as "hi". */
const FOREIGN_GREETINGS =
  "hallo|guten tag|bonjour|bonsoir|salut|hola|buenos días|buenas tardes|ciao|buongiorno|buonasera|hoi|goedemiddag|goedemorgen|olá|hej";
/** A case-insensitive version of a lower-case pattern, so the name after it can stay case-sensitive. */
function caseless(pattern: string): string {
  return pattern.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}
const NAME_CUE_RES: RegExp[] = [
  new RegExp(
    String.raw`\b${caseless(`(?:my name is|my name's|name is|${FOREIGN_NAME_CUES}|${FOREIGN_INTRODUCTIONS}|${FOREIGN_GREETINGS}|i am|i'm|this is|it's|call me|speaking with|talking to|signed|regards|cheers|thanks|thank you|hi|hello|hey|dear|good (?:morning|afternoon|evening)|follow up with|contact|ask|cc|from|kid|son|daughter|wife|husband|partner|guardian|add|remove|by|with|and|to)`)}\s*,?\s+(${FULL_NAME})`,
    "gu",
  ),
  new RegExp(
    String.raw`\b${caseless("(?:mr|mrs|ms|miss|mx|dr|prof|sir|madam|dame|lady|lord)")}\.?\s+(${FULL_NAME})`,
    "gu",
  ),
  new RegExp(
    String.raw`\b${caseless("(?:name|customer|client|agent|contact|attn|attention|from|to)")}\s*:\s*(${FULL_NAME})`,
    "gu",
  ),
  // A signature: a line that is only a name, after a sign-off line.
  new RegExp(
    String.raw`${caseless("(?:regards|thanks|thank you|cheers|best|sincerely|yours)")}[,!.]?\s*\n\s*(${FULL_NAME})\s*(?:\n|$)`,
    "gu",
  ),
];
/**
 * "my name is maria lopez": chat is often typed in lower case, and after "my name is" the next
 * words are a name all the same (up to three, stopping at the first that is not one).
 */
const LOWER_NAME_AFTER_CUE_RE = new RegExp(
  String.raw`\b${caseless(`(?:my name(?: is|'s|’s)|${FOREIGN_NAME_CUES})`)}${SP}([\p{Ll}][\p{Ll}'’-]+(?:${SP}[\p{Ll}][\p{Ll}'’-]+){0,2})`,
  "gu",
);
/** Lower-case words that end a name said in lower case ("maria lopez and my email …"). */
const NOT_LOWER_NAMES = new Set(
  `and or but so i i'm im my me from with the a an here calling writing not on in at is was and also
  still spelled spelt misspelled wrong incorrect missing correct right listed showing different changed
  under for to of by as if because please thanks thank und aber ich mein meine et mais je mon ma y pero yo
  mi e ma io il en maar ik mijn och jag og jeg`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** Capitalised words that follow a cue but are not names. */
const NOT_NAMES = new Set(
  `i i'm im it the a an my your our their his her we you they this that there here sorry ok okay yes no please thanks
  thank hello hi hey dear team support customer agent sir madam monday tuesday wednesday thursday friday saturday
  sunday january february march april may june july august september october november december today tomorrow
  yesterday morning afternoon evening everyone all again god mr mrs ms dr english german french spanish
  italian portuguese dutch just not so also still only very really sure happy glad calling writing looking trying
  new old my good great fine well actually honestly anyway also however ok right sure amazon google apple microsoft paypal visa mastercard iban card account order
  number email phone address street road avenue city london paris berlin madrid rome lisbon`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
const CAPITALISED_RUN_RE = new RegExp(FULL_NAME, "gu");
const MIDDLE_INITIAL_RE = new RegExp(String.raw`(?<![\p{L}])(${NAME_WORD})\s+[A-Z]\.?\s+${NAME_WORD}`, "gu");
const VOCATIVE_RE = new RegExp(
  String.raw`(?:^|[.!?\n]\s*)(${NAME_WORD}),\s+(?:can|could|would|will|please|thanks|thank|I|we|you|do|did|are|is|have|just|let)\b`,
  "gu",
);
const NAME_LIST_RE = new RegExp(
  String.raw`${NAME_WORD}(?:\s*,\s*${NAME_WORD}){1,}(?:,?\s+(?:and|or)\s+${NAME_WORD})?`,
  "gu",
);

/** Weak cues ("and", "to", "with" …) only count when the first word is a known first name. */
const WEAK_CUE_RE = new RegExp(
  String.raw`\b(?:and|to|with|by|add|remove|from|ask|contact|cc|it's|this is|i am|i'm|${FOREIGN_INTRODUCTIONS})\s*,?\s*$`,
);
/** "I'm Naomi Ryan" / "soy Itziar Goikoetxea": a self-introduction with a full name is strong enough. */
const INTRODUCTION_CUE_RE = new RegExp(
  String.raw`\b(?:it's|this is|i am|i'm|${FOREIGN_INTRODUCTIONS})\s*,?\s*$`,
);

interface Candidate extends PiiSpan {
  priority: number;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, "").toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function push(out: Candidate[], type: PiiType, start: number, end: number): void {
  if (end > start) out.push({ type, start, end, priority: PRIORITY[type] });
}

function isNameWord(word: string): boolean {
  return !NOT_NAMES.has(word.toLowerCase()) && !/^[A-Z]{2,}$/.test(word);
}

/** Trims leading/trailing words of a name candidate that are not names. */
function trimName(text: string, start: number, end: number): { start: number; end: number } | null {
  const words: { start: number; end: number }[] = [];
  for (const m of text.slice(start, end).matchAll(/\S+/g)) {
    if (m.index !== undefined) words.push({ start: start + m.index, end: start + m.index + m[0].length });
  }
  while (words.length > 0 && !isNameWord(text.slice(words[0]?.start, words[0]?.end))) words.shift();
  while (words.length > 0 && !isNameWord(text.slice(words.at(-1)?.start, words.at(-1)?.end))) words.pop();
  const first = words[0];
  const last = words.at(-1);
  if (first === undefined || last === undefined) return null;
  return { start: first.start, end: last.end };
}

function detectNames(text: string, out: Candidate[], knownNames: readonly string[]): void {
  for (const re of NAME_CUE_RES) {
    for (const m of text.matchAll(re)) {
      const name = m[1];
      if (name === undefined || m.index === undefined) continue;
      const start = m.index + m[0].lastIndexOf(name);
      const cue = m[0].slice(0, m[0].length - name.length).toLowerCase();
      const weak = WEAK_CUE_RE.test(cue);
      const nameWords = name.split(/\s+/);
      const firstWord = nameWords[0] ?? "";
      const introduction = INTRODUCTION_CUE_RE.test(cue) && nameWords.length >= 2;
      if (weak && !introduction && !FIRST_NAMES.has(firstWord.toLowerCase())) continue;
      const trimmed = trimName(text, start, start + name.length);
      if (trimmed !== null) push(out, "PERSON", trimmed.start, trimmed.end);
    }
  }
  for (const m of text.matchAll(LOWER_NAME_AFTER_CUE_RE)) {
    const name = m[1];
    if (m.index === undefined || name === undefined) continue;
    const start = m.index + m[0].lastIndexOf(name);
    let end = start;
    for (const w of name.matchAll(/\S+/g)) {
      if (NOT_LOWER_NAMES.has(w[0]) || NOT_NAMES.has(w[0])) break;
      end = start + (w.index ?? 0) + w[0].length;
    }
    push(out, "PERSON", start, end);
  }
  // A known first name, with the capitalised words that follow it (a surname).
  for (const m of text.matchAll(CAPITALISED_RUN_RE)) {
    if (m.index === undefined) continue;
    const firstWord = m[0].split(/\s+/)[0] ?? "";
    if (!FIRST_NAMES.has(firstWord.toLowerCase())) continue;
    const trimmed = trimName(text, m.index, m.index + m[0].length);
    if (trimmed !== null) push(out, "PERSON", trimmed.start, trimmed.end);
  }
  // "Faina D. Yefremova", "Ravil G Yefimov": a middle initial between two capitalised words.
  for (const m of text.matchAll(MIDDLE_INITIAL_RE)) {
    if (m.index !== undefined && isNameWord(m[1] ?? "")) push(out, "PERSON", m.index, m.index + m[0].length);
  }
  // "Leif, can I …": a capitalised word addressed at the start of a sentence.
  for (const m of text.matchAll(VOCATIVE_RE)) {
    const name = m[1];
    if (m.index === undefined || name === undefined || !isNameWord(name)) continue;
    const start = m.index + m[0].indexOf(name);
    push(out, "PERSON", start, start + name.length);
  }
  // "Gaetane, Hannah, Anthony and Derek": a list of capitalised words, two or more of them known first names.
  for (const m of text.matchAll(NAME_LIST_RE)) {
    if (m.index === undefined) continue;
    const words = [...m[0].matchAll(/[\p{L}'’-]+/gu)].filter((w) => w[0] !== "and" && w[0] !== "or");
    const known = words.filter((w) => FIRST_NAMES.has(w[0].toLowerCase())).length;
    if (known < 2) continue;
    for (const w of words) {
      if (w.index !== undefined && isNameWord(w[0]))
        push(out, "PERSON", m.index + w.index, m.index + w.index + w[0].length);
    }
  }
  for (const known of knownNames) {
    const name = known.trim();
    if (name.length < 2) continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const m of text.matchAll(new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, "giu"))) {
      if (m.index !== undefined) push(out, "PERSON", m.index, m.index + m[0].length);
    }
  }
}

function detectAddresses(text: string, out: Candidate[]): void {
  for (const re of ADDRESS_RES) {
    for (const m of text.matchAll(re)) {
      if (m.index === undefined) continue;
      let end = m.index + m[0].length;
      // Follow the address onto the town / postcode / country lines after it (at most four).
      for (let i = 0; i < 4; i++) {
        const next =
          UNIT_CONTINUATION_RE.exec(text.slice(end, end + 80)) ??
          POSTCODE_TOWN_CONTINUATION_RE.exec(text.slice(end, end + 80)) ??
          ADDRESS_CONTINUATION_RE.exec(text.slice(end, end + 80));
        if (next === null || next[0].trim().length === 0) break;
        const sentenceWord = /^\s*,?\s*(?:I|We|You|The|My|Please|Thanks|Can|Could|Is|It)\b/.test(next[0]);
        if (sentenceWord) break;
        end += next[0].length;
      }
      // A postcode or building number just before the street belongs to the address.
      const lead = /(?:^|[\s,])(\d{3,6}\s+)$/.exec(text.slice(Math.max(0, m.index - 8), m.index));
      const start = lead?.[1] !== undefined && /^\d/.test(m[0]) ? m.index - lead[1].length : m.index;
      push(out, "ADDRESS", start, end);
    }
  }
  for (const m of text.matchAll(ADDRESS_CONTEXT_RE)) {
    const rest = m[1];
    if (m.index === undefined || rest === undefined || !/\d/.test(rest)) continue;
    const start = m.index + m[0].lastIndexOf(rest);
    // Stop before a clause that is not part of the address.
    const cut =
      /\s+(?:and (?:I|we|it|the)|but|because|for|if|to other|which|it|please)\b|,\s+(?:I|we|can|could|please)\b/.exec(
        rest,
      );
    const value = (cut === null ? rest : rest.slice(0, cut.index)).replace(/[\s,]+$/, "");
    if (/\d/.test(value) && !/@/.test(value)) push(out, "ADDRESS", start, start + value.length);
  }
  for (const m of text.matchAll(UK_POSTCODE_RE))
    if (m.index !== undefined) push(out, "ADDRESS", m.index, m.index + m[0].length);
  for (const m of text.matchAll(TOWN_POSTCODE_RE)) {
    const place = m[1];
    if (m.index === undefined || place === undefined) continue;
    if (NOT_TOWNS.has((place.split(/[\s,]/)[0] ?? "").toLowerCase())) continue;
    const start = m.index + m[0].lastIndexOf(place);
    push(out, "ADDRESS", start, start + place.length);
  }
  for (const m of text.matchAll(POSTCODE_RE)) {
    const code = m[1];
    if (m.index === undefined || code === undefined || !/\d/.test(code)) continue;
    const start = m.index + m[0].lastIndexOf(code);
    push(out, "ADDRESS", start, start + code.length);
  }
}

function detectPhones(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(PHONE_RE)) {
    if (m.index === undefined) continue;
    const value = m[0].trim();
    const digits = value.replace(/\D/g, "");
    const main = value.replace(/\s?(?:x|ext\.?|extension)\s?\d+$/i, "").replace(/\D/g, "");
    if (main.length < 7 || main.length > 15) continue;
    // Years, dates and times are not phone numbers; a bare run of digits needs a "+" or separators.
    if (/^\d{4}-\d{2}-\d{2}/.test(value) || /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/.test(value)) continue;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (/(?:zip|post(?:al)? ?code)(?: code)?(?: is)?\s*:?\s*$/i.test(before)) continue;
    const labelled = PHONE_LABEL_RE.test(before);
    const groups = value.split(/[ .-]/).filter((g) => g.length > 0);
    if (!labelled && !value.startsWith("+") && !value.includes("(") && groups.length < 2 && digits.length < 9)
      continue;
    if (!labelled && !value.startsWith("+") && !value.includes("(") && groups.length < 2 && !/^0/.test(value))
      continue;
    if (groups.length >= 2 && groups.every((g) => /^\d{4}$/.test(g)) && digits.length >= 12) continue; // a card
    push(out, "PHONE", m.index, m.index + m[0].length);
  }
}

/**
 * Finds personal data in a text and returns it with each span replaced by `[TYPE]` (or by the
 * caller's `replace`). Spans refer to the input text. Pure; linear in the text length.
 *
 * @example
 * redactPii("Hi, I'm Anna Berg, card 4111 1111 1111 1111, mail anna@example.com").text
 * // → "Hi, I'm [PERSON], card [CARD], mail [EMAIL]"
 */
export function redactPii(text: string, options: RedactOptions = {}): RedactResult {
  if (typeof text !== "string") {
    throw new PiiInputError(`redactPii: text must be a string, got ${text === null ? "null" : typeof text}`);
  }
  const wanted = new Set<PiiType>(options.types ?? PII_TYPES);
  for (const type of wanted) {
    if (!PII_TYPES.includes(type)) throw new PiiInputError(`redactPii: unknown type "${String(type)}"`);
  }
  const candidates: Candidate[] = [];
  for (const m of text.matchAll(EMAIL_RE))
    if (m.index !== undefined) push(candidates, "EMAIL", m.index, m.index + m[0].length);
  for (const m of text.matchAll(IBAN_RE)) {
    if (m.index === undefined) continue;
    // The optional short tail may have swallowed the next word ("… to"): try without it too.
    const value = ibanValid(m[0]) ? m[0] : m[0].replace(/ [A-Za-z0-9]{1,3}$/, "");
    if (ibanValid(value)) push(candidates, "IBAN", m.index, m.index + value.length);
  }
  for (const m of text.matchAll(CARD_RE)) {
    if (m.index === undefined) continue;
    const digits = m[0].replace(/\D/g, "");
    if (digits.length >= 12 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) {
      push(candidates, "CARD", m.index, m.index + m[0].length);
    }
  }
  for (const re of [CARD_CODE_RE, CARD_EXPIRY_RE]) {
    for (const m of text.matchAll(re)) {
      const code = m[1];
      if (m.index === undefined || code === undefined) continue;
      const start = m.index + m[0].lastIndexOf(code);
      push(candidates, "CARD", start, start + code.length);
    }
  }
  for (const m of text.matchAll(IPV4_RE)) {
    if (m.index !== undefined && m[0].split(".").every((o) => Number(o) <= 255)) {
      push(candidates, "IP", m.index, m.index + m[0].length);
    }
  }
  for (const m of text.matchAll(IPV6_RE))
    if (m.index !== undefined) push(candidates, "IP", m.index, m.index + m[0].length);
  for (const re of [SSN_RE, NINO_RE, CODICE_FISCALE_RE])
    for (const m of text.matchAll(re))
      if (m.index !== undefined) push(candidates, "NATIONAL_ID", m.index, m.index + m[0].length);
  for (const m of text.matchAll(DNI_RE)) {
    const [whole, nie = "", digits = "", letter = ""] = m;
    // An NIE's leading X, Y or Z counts as 0, 1 or 2 in front of its digits.
    const number = Number(`${nie === "" ? "" : "XYZ".indexOf(nie)}${digits}`);
    if (m.index !== undefined && (nie !== "" ? digits.length === 7 : digits.length === 8))
      if (DNI_LETTERS[number % 23] === letter)
        push(candidates, "NATIONAL_ID", m.index, m.index + whole.length);
  }
  // The cue patterns are long alternations, slow to try at every position: most texts have none.
  for (const m of NATIONAL_ID_HINT_RE.test(text) ? text.matchAll(NATIONAL_ID_CUE_RE) : []) {
    const id = m[1];
    if (m.index === undefined || id === undefined || (id.match(/\d/g) ?? []).length < 4) continue;
    const start = m.index + m[0].lastIndexOf(id);
    push(candidates, "NATIONAL_ID", start, start + id.length);
  }
  for (const m of text.matchAll(IBAN_CUE_RE)) {
    const iban = m[1];
    if (m.index === undefined || iban === undefined) continue;
    const start = m.index + m[0].lastIndexOf(iban);
    push(candidates, "IBAN", start, start + iban.length);
  }
  for (const re of DOB_HINT_RE.test(text) ? [DOB_RE, DOB_NO_YEAR_RE] : []) {
    for (const m of text.matchAll(re)) {
      const date = m[1];
      if (m.index === undefined || date === undefined) continue;
      const start = m.index + m[0].lastIndexOf(date);
      push(candidates, "DATE_OF_BIRTH", start, start + date.length);
    }
  }
  detectPhones(text, candidates);
  detectAddresses(text, candidates);
  detectNames(text, candidates, options.knownNames ?? []);

  // A "phone number" that is really the numbers leading an address ("704 1436 Redbud Drive") goes.
  const addresses = candidates.filter((c) => c.type === "ADDRESS");
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i];
    if (c?.type !== "PHONE") continue;
    if (
      addresses.some((a) => a.start < c.end && a.end > c.end && /\p{L}{3}/u.test(text.slice(c.end, a.end)))
    ) {
      candidates.splice(i, 1);
    }
  }
  // Highest priority first, then longest; a span is kept when it overlaps nothing kept before it.
  candidates.sort(
    (a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiSpan[] = [];
  for (const c of candidates) {
    if (!wanted.has(c.type)) continue;
    let end = c.end;
    // A name run that ran into an address or a number ("Mrs. Jennifer Alcaraz Suite 541 …") keeps
    // the words before it.
    const after = kept.filter((k) => c.start < k.start && k.start < end).map((k) => k.start);
    if (c.type === "PERSON" && after.length > 0)
      end = c.start + text.slice(c.start, Math.min(...after)).trimEnd().length;
    if (kept.some((k) => c.start < k.end && k.start < end)) continue;
    if (end > c.start) kept.push({ type: c.type, start: c.start, end });
  }
  kept.sort((a, b) => a.start - b.start);

  const replace = options.replace ?? ((span: PiiSpan) => `[${span.type}]`);
  let redacted = "";
  let cursor = 0;
  for (const span of kept) {
    redacted += text.slice(cursor, span.start) + replace(span, text.slice(span.start, span.end));
    cursor = span.end;
  }
  redacted += text.slice(cursor);
  return { text: redacted, spans: kept };
}

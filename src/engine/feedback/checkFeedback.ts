// The feedback composer's checker: flags judgements of the person, vague praise or criticism,
// absolute and sarcastic language, and feedback missing a behaviour, its effect on the customer or
// a suggestion; proposes a behaviour → effect → suggestion rewrite in the writer's own words.
// Rules and their measured precision/recall: docs/LOOP2.md, docs/EVALUATION-LOOP2.md.
import {
  ADVERBS,
  BEHAVIOUR_VERBS,
  CRITICISM_PATTERNS,
  CUSTOMER_REF,
  IMPERSONAL_EFFECTS,
  INTENSIFIERS,
  NEGATIVE_BEHAVIOUR,
  NON_BEHAVIOUR_VERBS,
  PRAISE_PATTERNS,
  QUOTED_WEAK_PHRASES,
  REACTIONS,
  SARCASM_PATTERNS,
  SUGGESTION_MARKERS,
  TRAITS,
  VACUOUS_SUGGESTIONS,
} from "./lexicon.ts";

export type FeedbackIssueKind =
  | "judgement_of_person"
  | "vague_praise"
  | "vague_criticism"
  | "no_behaviour"
  | "no_effect"
  | "no_suggestion"
  | "absolute_language"
  | "sarcasm";

export const FEEDBACK_ISSUE_KINDS: readonly FeedbackIssueKind[] = [
  "judgement_of_person",
  "vague_praise",
  "vague_criticism",
  "no_behaviour",
  "no_effect",
  "no_suggestion",
  "absolute_language",
  "sarcasm",
];

export interface FeedbackIssue {
  kind: FeedbackIssueKind;
  /** Character offsets into the text, end exclusive; whole-text issues span the whole text. */
  start: number;
  end: number;
  message: string;
}

export type FeedbackTone = "none" | "praise" | "corrective" | "mixed";

export interface FeedbackCheck {
  issues: FeedbackIssue[];
  /** 0..1: how much of behaviour → effect → suggestion is there, less penalties for judgements. */
  score: number;
  /** A behaviour → effect → suggestion draft in the writer's words, with [brackets] to fill; null when nothing is flagged. */
  rewrite: string | null;
  /** What the checker found, for the composer to show beside the text. */
  parts: {
    tone: FeedbackTone;
    behaviour: string | null;
    effect: string | null;
    suggestion: string | null;
  };
}

/** Feedback longer than this is checked on its first part only, so a pasted essay costs the same. */
export const MAX_FEEDBACK_CHARS = 4000;

interface Span {
  start: number;
  end: number;
}

const WORD_BOUNDARY_BEFORE = String.raw`(?<![\w'’])`;

function compile(source: string, flags = "gi"): RegExp {
  return new RegExp(source, flags);
}

const TRAIT_SOURCE = TRAITS.map((t) => t.replace(/ /g, String.raw`\s+`)).join("|");
const TRAIT_RE = compile(String.raw`\b(?:${TRAIT_SOURCE})\b`, "i");
const JUDGEMENT_RES: RegExp[] = [
  compile(
    String.raw`\byou(?:'re|’re| are| were| seem(?:ed)?| sound(?:ed)?| come across as| came across as| look(?:ed)?|'ve been| have been| can be| get| got)\s+(?:(?:${INTENSIFIERS})\s+)*(?:${TRAIT_SOURCE})\b(?!\s+(?:luck|news))`,
  ),
  compile(
    String.raw`\byou(?:'re|’re| are| were)\s+(?:(?:so|really|just|pretty|quite|very|a bit)\s+)*(?:bad|terrible|awful|useless|hopeless|rubbish|poor|not (?:very |that |so )?good|no good)\s+(?:at|with)\b`,
  ),
  compile(String.raw`\byou\s+(?:don't|do not|clearly don't|just don't|never)\s+care\b`),
  compile(String.raw`\byou have no (?:idea|clue)\b`),
  compile(String.raw`\byou (?:clearly |just |obviously )?can't be bothered\b`),
  compile(String.raw`\byour attitude\b`),
  compile(String.raw`\bwith that attitude\b`),
  compile(String.raw`\bare you even trying\b`),
  compile(String.raw`\bstop being\b`),
  compile(String.raw`\bnot cut out for\b`),
  compile(
    String.raw`\b(?:be|being) (?:(?:a (?:bit|little|lot)|much|way|far) )?(?:more|less) (?:professional|polite|patient|friendly|human|${TRAIT_SOURCE})\b`,
  ),
  // Judgements said sideways: "I don't think you care", "not sure you're cut out for this",
  // "typical you", "you seem to struggle".
  compile(String.raw`\b(?:don't|do not) think you (?:really |even |actually )?care\b`),
  compile(String.raw`\byou (?:don't|do not) (?:seem to |even |really |actually )care\b`),
  compile(
    String.raw`\b(?:not sure|doubt|wonder (?:if|whether))(?: that)? you(?:'re|’re| are| were)\s+(?:really\s+)?cut out\b`,
  ),
  compile(String.raw`\btypical (?:of )?you\b`),
  compile(
    String.raw`\byou (?:(?:seem|appear) to |really |clearly |always |just |obviously )?(?:struggle|panic|freeze|fall apart|crumble|go to pieces)\b`,
  ),
];

const ABSOLUTE_RES: RegExp[] = [
  compile(
    String.raw`\byou\s+(?:(?:are|were|'re|’re)\s+)?(?:always|never|constantly)\b(?!\s+(?:once|have to|need to|had to))`,
  ),
  compile(String.raw`\b(?:every|each) (?:single )?time you\b`),
  compile(String.raw`\bwith every (?:single )?(?:customer|caller|call|chat)\b`),
  compile(String.raw`\ball the time\b`),
  // About their work as a rule: "your replies are always so long", "why do you keep quoting…".
  compile(
    String.raw`\byour (?:\w+ )?(?:replies|messages|answers|emails|notes|calls|chats|summaries|responses|tone|reply|answer) (?:are|is|were|get|gets) (?:always|never|constantly)\b`,
  ),
  compile(String.raw`\byou (?:just |still )?keep (?:on )?(?!doing\b)[a-z]+ing\b`),
  compile(String.raw`\bevery (?:single )?time (?:a|the|your) (?:customer|caller|client)\b`),
];

const PRAISE_RE = compile(`${WORD_BOUNDARY_BEFORE}(?:${PRAISE_PATTERNS.join("|")})`);
const CRITICISM_RE = compile(`${WORD_BOUNDARY_BEFORE}(?:${CRITICISM_PATTERNS.join("|")})`);
const SARCASM_RES = SARCASM_PATTERNS.map((p) => compile(p));
const SUGGESTION_RE = compile(SUGGESTION_MARKERS);
const VACUOUS_RE = compile(VACUOUS_SUGGESTIONS, "i");
const NEGATIVE_BEHAVIOUR_RE = compile(NEGATIVE_BEHAVIOUR);
const QUOTED_WEAK_RE = compile(`(?:${QUOTED_WEAK_PHRASES})`, "i");
const IMPERSONAL_EFFECT_RE = compile(IMPERSONAL_EFFECTS);
// Sticky: tried at every mention of the customer, so an earlier context mention can't hide a later effect.
const REACTION_RES = REACTIONS.map((r) => ({
  re: compile(String.raw`(?:${CUSTOMER_REF})[^.;!?]{0,40}?\b(?:${r.pattern})`, "iy"),
  bad: r.bad,
}));
const CUSTOMER_REF_RE = compile(CUSTOMER_REF);
const VERB_SOURCE = BEHAVIOUR_VERBS.map((v) => v.replace(/ /g, String.raw`\s+`)).join("|");
const BEHAVIOUR_VERB_RE = compile(String.raw`^(?:${VERB_SOURCE})`, "i");
const BEHAVIOUR_WORD_RE = compile(String.raw`\b(?:${VERB_SOURCE})\w*`);
const YOU_THEN_WORDS_RE = /\byou\s+([a-z'’]+)(?:\s+([a-z'’]+))?(?:\s+([a-z'’]+))?(?:\s+([a-z'’]+))?/gi;
const OBJECT_START_RE =
  /^(?:the|her|his|him|them|a|an|two|three|four|five|six|seven|eight|nine|ten|\d+|every|all|each|that|this|those|these|it|up|out|back|through|over|off|on|to|for|about|straight|right|calm|by)$/i;
const IDIOMS_RE = /\b(?:dropped the ball|messed (?:it |that |things )?up|did (?:a |an )?\w+ job)\b/gi;
const YOUR_ARTEFACT_RE =
  /\byour\s+(?:\w+\s+)?(?:message|reply|replies|summary|apology|pause|email|note to|answer with|response with|wording|first line|opening line|handover|question|recap|follow-up|callback)\b/gi;
const PRAISED_ACTION_RE =
  /\b(?:job|work|call|done|thanks|thank you|well done|appreciated that you|liked that you|liked how you|loved that you)\s+(?:for\s+)?([a-z]+ing)\b/gi;
const PRAISED_NOUN_RE =
  /\b(?:great|good|nice|excellent|brilliant|solid)\s+(?:paraphrase|question|summary|recap|catch|save|follow-up|handover)\b/gi;
const GERUND_STEMS = [...new Set(BEHAVIOUR_VERBS.map((v) => v.split(" ")[0] ?? v))].join("|");
const GERUND_WITH_OBJECT_RE = compile(
  String.raw`\b(?:${GERUND_STEMS})\w*ing\s+(?:him|her|them|the|a|an|up|on|with|to|through|over|back)\b`,
);
/** Context clauses ("when the customer said she was worried") describe the situation, not an effect. */
const CONTEXT_LEAD_RE = /^\s*(?:when|after|before|as soon as|as|if|while|once|until)\b/i;
/** Suggestion markers that ask for something different from what was done. */
const CHANGE_MARKER_RE =
  /\b(?:next time|try|trying|you could|could you|can you try|instead|i'?d suggest|i suggest|consider|should(?:'ve| have)|would have helped|it might help|going forward|remember to|make sure)\b/i;
/** Suggestion markers whose clause names something the receiver could do (a behaviour in itself). */
const PERSONAL_SUGGESTION_RE =
  /\b(?:next time|try|trying|you could|could you|can you try|maybe|perhaps|how about|consider|instead|let (?:her|him|them) finish|slow down|remember to|make sure|would have helped)\b/i;
const WHEN_YOU_RE = /\b(?:when|after|before|as soon as|once) you\s+(?!(?:are|were|'re|’re)\b)[a-z]+/gi;
const NOTICED_RE = /\bi (?:noticed|saw|heard|spotted)(?: that)? you\b/gi;
const REPORTED_RE =
  /\b(?:[Tt]he (?:customer|caller|client)|[Cc]ustomer|[Hh]e|[Ss]he|[Tt]hey|[A-Z][a-z]+)\s+(?:said|says|told me|thought|thinks|typed|wrote|called you|felt|feels|complained)\s+(?:that\s+)?(you(?:'re|’re| are| were)\b[^.;,!?]*?)(?=\s+(?:because|when|and|but|so|after|since|which)\b|[.;,!?]|$)/g;
const CLAUSE_END =
  /[.;!?]|,\s+(?:and|but|so|which|then)\b|\s+(?:and (?:the customer|he|she|they|it)|so (?:the customer|he|she|they)|because|but)\b/i;

/** Replaces quoted words and reported speech with spaces (offsets preserved): quoting is not judging. */
function maskQuoted(text: string): { masked: string; quotes: Span[]; reported: Span[] } {
  const chars = text.split("");
  const quotes: Span[] = [];
  const blank = (start: number, end: number): void => {
    for (let i = start; i < end; i++) chars[i] = " ";
  };
  const isLetter = (c: string | undefined): boolean => c !== undefined && /[\p{L}\d]/u.test(c);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "“") {
      const close = text.indexOf(c === "“" ? "”" : '"', i + 1);
      if (close > i) {
        quotes.push({ start: i, end: close + 1 });
        blank(i + 1, close);
        i = close;
      }
    } else if ((c === "'" || c === "‘") && !isLetter(text[i - 1]) && isLetter(text[i + 1])) {
      // A single quote opens at a word start and closes at the next quote not followed by a letter
      // (so the apostrophes of "I'll" and "don't" inside the quotation are skipped).
      for (let j = i + 1; j < text.length; j++) {
        const d = text[j];
        if ((d === "'" || d === "’") && !isLetter(text[j + 1])) {
          quotes.push({ start: i, end: j + 1 });
          blank(i + 1, j);
          i = j;
          break;
        }
      }
    }
  }
  let masked = chars.join("");
  const reported: Span[] = [];
  for (const m of masked.matchAll(REPORTED_RE)) {
    const group = m[1];
    if (group === undefined || m.index === undefined) continue;
    const start = m.index + m[0].lastIndexOf(group);
    reported.push({ start: m.index, end: start + group.length });
    masked = masked.slice(0, start) + " ".repeat(group.length) + masked.slice(start + group.length);
  }
  return { masked, quotes, reported };
}

function allMatches(re: RegExp, text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(re)) {
    if (m.index === undefined || m[0].length === 0) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /[\s,;:]/.test(text[end - 1] ?? "")) end--;
  return { start, end };
}

/** Where "you" is followed (after adverbs) by a verb of customer-facing work or a verb with an object. */
function findYouBehaviours(masked: string): Span[] {
  const out: Span[] = [];
  const idioms = allMatches(IDIOMS_RE, masked);
  for (const m of masked.matchAll(YOU_THEN_WORDS_RE)) {
    if (m.index === undefined) continue;
    const words = [m[1], m[2], m[3], m[4]].filter((w): w is string => w !== undefined);
    let k = 0;
    while (k < words.length - 1 && ADVERBS.has((words[k] ?? "").toLowerCase())) k++;
    const verb = (words[k] ?? "").toLowerCase();
    const next = words[k + 1];
    if (verb === "" || NON_BEHAVIOUR_VERBS.has(verb) || /['’]/.test(verb)) continue;
    const span = { start: m.index, end: m.index + m[0].length };
    if (idioms.some((s) => overlaps(s, span))) continue;
    const rest = [verb, ...words.slice(k + 1)].join(" ");
    if (/^(?:send|tell|give|email) (?:me|us)\b/.test(rest)) continue;
    if (
      BEHAVIOUR_VERB_RE.test(rest) ||
      (next !== undefined && OBJECT_START_RE.test(next) && /[a-z]{3}/.test(verb))
    ) {
      out.push(span);
    }
  }
  return out;
}

function findBehaviour(masked: string, original: string, quotes: readonly Span[]): Span[] {
  const spans = [
    ...findYouBehaviours(masked),
    ...allMatches(YOUR_ARTEFACT_RE, masked),
    ...allMatches(PRAISED_NOUN_RE, masked),
    ...allMatches(WHEN_YOU_RE, masked),
    ...allMatches(NOTICED_RE, masked),
  ];
  spans.push(...allMatches(GERUND_WITH_OBJECT_RE, masked));
  for (const m of masked.matchAll(PRAISED_ACTION_RE)) {
    const gerund = m[1];
    if (m.index === undefined || gerund === undefined) continue;
    if (BEHAVIOUR_VERB_RE.test(gerund)) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  // Quoting the receiver's own words is the most specific behaviour there is.
  for (const q of quotes) {
    const before = original.slice(Math.max(0, q.start - 40), q.start);
    if (
      /\b(?:you|your)\b/i.test(before) &&
      !/\b(?:she|he|they|customer|caller)\s+(?:said|typed|wrote|replied)\s*$/i.test(before)
    ) {
      spans.push(q);
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

interface EffectFinding extends Span {
  bad: boolean;
}

function findEffects(masked: string): EffectFinding[] {
  const out: EffectFinding[] = [];
  for (const ref of allMatches(CUSTOMER_REF_RE, masked)) {
    const before = masked.slice(0, ref.start);
    const clauseStart = Math.max(...[",", ".", ";", "!", "?", "—"].map((c) => before.lastIndexOf(c)));
    if (CONTEXT_LEAD_RE.test(before.slice(clauseStart + 1))) continue;
    for (const { re, bad } of REACTION_RES) {
      re.lastIndex = ref.start;
      const m = re.exec(masked);
      if (m === null) continue;
      // The reaction belongs to the nearest mention before it: in "you didn't use her name once and
      // she had to repeat…" it is "she" who had to repeat, not "her name".
      if (allMatches(CUSTOMER_REF_RE, m[0].slice(ref.end - ref.start)).length > 0) continue;
      const s = { start: ref.start, end: ref.start + m[0].length };
      if (!out.some((o) => overlaps(o, s))) out.push({ ...s, bad });
      break;
    }
  }
  for (const s of allMatches(IMPERSONAL_EFFECT_RE, masked)) {
    if (!out.some((o) => overlaps(o, s))) out.push({ ...s, bad: false });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Suggestion clauses: a marker in a clause that also names something to do. */
function findSuggestions(masked: string, original: string): Span[] {
  const out: Span[] = [];
  const clauseRe = /[^.;!?]+/g;
  for (const clause of masked.matchAll(clauseRe)) {
    if (clause.index === undefined) continue;
    const clauseText = clause[0];
    const marker = SUGGESTION_RE.exec(clauseText);
    SUGGESTION_RE.lastIndex = 0;
    if (marker === null) continue;
    const span = trimSpan(original, { start: clause.index, end: clause.index + clauseText.length });
    const originalClause = original.slice(span.start, span.end);
    if (VACUOUS_RE.test(originalClause.replace(/^.*?\b(?:but|and|so)\s+/i, ""))) continue;
    const concrete =
      BEHAVIOUR_WORD_RE.test(clauseText) ||
      /['"“‘\d]/.test(originalClause) ||
      /\bparaphras|\bown it\b/i.test(clauseText);
    BEHAVIOUR_WORD_RE.lastIndex = 0;
    if (!concrete) continue;
    if (/\b(?:send|email|give) me\b/i.test(clauseText) && !CUSTOMER_REF_RE.test(clauseText)) continue;
    CUSTOMER_REF_RE.lastIndex = 0;
    out.push(span);
  }
  return out;
}

/** The clause of `original` that starts at `start`, cut at the next clause boundary. */
function clauseFrom(original: string, start: number): string {
  const rest = original.slice(start);
  const boundary = CLAUSE_END.exec(rest);
  const clause = boundary === null ? rest : rest.slice(0, boundary.index);
  return clause.trim().replace(/\s+/g, " ");
}

const IRREGULAR_PAST: Record<string, string> = {
  put: "put",
  keep: "kept",
  leave: "left",
  forget: "forgot",
  give: "gave",
  say: "said",
  tell: "told",
  send: "sent",
  take: "took",
  make: "made",
  read: "read",
  cut: "cut",
  hang: "hung",
  speak: "spoke",
  write: "wrote",
  get: "got",
  go: "went",
  stop: "stopped",
  let: "let",
  set: "set",
  shut: "shut",
};

function pastTense(verb: string): string {
  const lower = verb.toLowerCase();
  const irregular = IRREGULAR_PAST[lower];
  if (irregular !== undefined) return irregular;
  if (/ed$/.test(lower)) return lower;
  if (/e$/.test(lower)) return `${lower}d`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ied`;
  return `${lower}ed`;
}

/** "you always interrupt customers" → "you interrupted customers": one moment, not a rule. */
function toOneMoment(clause: string): string {
  const m =
    /^you\s+(?:(?:always|never|constantly|keep|all the time|tend to|often|usually)\s+)+([a-z-]+)(.*)$/i.exec(
      clause,
    );
  if (m === null) {
    // "your replies are always so long" → "your replies were so long".
    return clause
      .replace(/^(your\s+(?:\w+\s+)?\w+)\s+(?:are|were)\s+(?:always|constantly)\b/i, "$1 were")
      .replace(/^(your\s+(?:\w+\s+)?\w+)\s+(?:is|was)\s+(?:always|constantly)\b/i, "$1 was")
      .replace(/\s+(?:all the time|every time|constantly|always)\b/gi, "");
  }
  const negative = /\bnever\b/i.test(clause);
  const verb = m[1] ?? "";
  const rest = (m[2] ?? "").replace(/\s+all the time\b/i, "");
  if (negative) return `you didn't ${verb}${rest}`;
  // "you keep quoting" → "you quoted", not "you quotinged".
  const past = /\bkeep\s+[a-z]+ing$/i.test(clause.slice(0, clause.length - (m[2] ?? "").length))
    ? gerundToPast(verb)
    : pastTense(verb);
  return `you ${past}${rest}`;
}

const GERUND_BASE_WITH_E = new Set(
  "us giv clos paus shar quot typ writ mak tak leav argu chang updat escalat acknowledg apologis apologiz paraphras summaris summariz reassur introduc schedul resolv issu rais serv receiv not recognis realis promis explor excus advis continu".split(
    " ",
  ),
);

function gerundToPast(gerund: string): string {
  const base = gerund.toLowerCase().replace(/ing$/, "");
  if (base === "giv") return "gave";
  if (base === "tell") return "told";
  if (base === "hang") return "hung";
  if (base === "send") return "sent";
  if (base === "keep") return "kept";
  if (base === "leav") return "left";
  if (base === "read") return "read";
  if (base === "writ") return "wrote";
  if (base === "mak") return "made";
  if (base === "tak") return "took";
  if (/([bdgmnprt])\1$/.test(base)) return `${base.slice(0, -1)}ed`;
  if (GERUND_BASE_WITH_E.has(base)) return `${base}ed`.replace(/eed$/, "ed");
  return /e$/.test(base) ? `${base}d` : `${base}ed`;
}

const NOUN_AS_ACTION: Record<string, string> = {
  paraphrase: "you paraphrased",
  question: "you asked",
  summary: "you summarised",
  recap: "you recapped",
  catch: "you caught",
  save: "you saved",
  "follow-up": "you followed up on",
  handover: "you handed over",
};

/** Puts the found behaviour as "you <did something>", so the rewrite reads as one moment. */
function describeBehaviour(clause: string): string {
  const praisedAction =
    /^(?:\w+\s+){0,3}?(?:job|work|call|done|thanks|thank you|appreciated that you|liked that you|liked how you|loved that you)\s+(?:for\s+)?([a-z]+ing)\b(.*)$/i.exec(
      clause,
    );
  if (praisedAction !== null && !/\byou\b/i.test(clause.slice(0, clause.indexOf(praisedAction[1] ?? "")))) {
    return `you ${gerundToPast(praisedAction[1] ?? "")}${praisedAction[2] ?? ""}`;
  }
  const praisedNoun =
    /^(?:great|good|nice|excellent|brilliant|solid)\s+(paraphrase|question|summary|recap|catch|save|follow-up|handover)\b(?:\s+(?:of|on|about))?(.*)$/i.exec(
      clause,
    );
  if (praisedNoun !== null) {
    return `${NOUN_AS_ACTION[(praisedNoun[1] ?? "").toLowerCase()] ?? "you did"}${praisedNoun[2] ?? ""}`;
  }
  // "leaving the customer hanging" → "you left the customer hanging".
  const gerund = /^([a-z]+ing)\b(.*)$/i.exec(clause);
  if (gerund !== null && BEHAVIOUR_VERB_RE.test(gerund[1] ?? "")) {
    return `you ${gerundToPast(gerund[1] ?? "")}${gerund[2] ?? ""}`.replace(/\s+again$/i, "");
  }
  return clause
    .replace(/^(?:i (?:noticed|saw|heard|spotted)|i (?:liked|loved|appreciated))(?: that| how)?\s+/i, "")
    .replace(/^Your\b/, "your")
    .replace(/^You\b/, "you");
}

/** Placeholders for a trait: what to look for instead of the label, and what might help. */
const TRAIT_HINTS: readonly { re: RegExp; behaviour: string; suggestion: string }[] = [
  {
    re: /rude|curt|condescending|dismissive|arrogant|cold|robotic|snappy|sarcastic|mean|impatient/i,
    behaviour: "[the words you used that came across that way — quote them]",
    suggestion: "[e.g. name what the customer is feeling before you answer]",
  },
  {
    re: /aggressive|defensive|hostile|argu|attitude/i,
    behaviour: "[what you said when the customer pushed back — quote it]",
    suggestion: "[e.g. pause and paraphrase the customer's point before answering]",
  },
  {
    re: /lazy|careless|sloppy|bothered|disorgani[sz]ed|unreliable/i,
    behaviour: "[the step that was skipped, e.g. no ticket number or next step at the end]",
    suggestion: "[e.g. confirm the next step and the date before closing]",
  },
  {
    re: /slow/i,
    behaviour: "[where the customer waited, and for how long]",
    suggestion: "[e.g. send a short update every few minutes while you check]",
  },
  {
    re: /listen/i,
    behaviour: "[what the customer said that was missed]",
    suggestion: "[e.g. read back what you heard before answering]",
  },
];

function traitHint(text: string): { behaviour: string; suggestion: string } | null {
  for (const hint of TRAIT_HINTS) if (hint.re.test(text)) return hint;
  return null;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}`;
}

function stripSuggestionLead(s: string): string {
  return s
    .replace(/^(?:but|and|so|then)\s+/i, "")
    .replace(/^(?:next time|going forward),?\s*/i, "")
    .replace(/^(?:maybe|perhaps|please)\s+/i, "")
    .replace(/,?\s*next time$/i, "")
    .replace(/[?.!]+$/, "");
}

const ISSUE_MESSAGES: Record<FeedbackIssueKind, (quoted: string) => string> = {
  judgement_of_person: (q) =>
    `"${q}" labels the person, not what they did. Describe the behaviour you saw instead.`,
  vague_praise: (q) =>
    `"${q}" is kind, but says nothing they can repeat. Name what they did and how the customer reacted.`,
  vague_criticism: (q) => `"${q}" doesn't say what went wrong. Name the moment and what was said or done.`,
  no_behaviour: () => "Name one thing they said or did that you could point to (quote it if you can).",
  no_effect: () => "Say what it did for the customer: how they reacted or what happened next.",
  no_suggestion: () => "Add one concrete thing to try next time.",
  absolute_language: (q) =>
    `"${q}" turns one moment into a rule about the person. Point to a specific conversation.`,
  sarcasm: (q) => `"${q}" reads as sarcasm. Say plainly what happened and what would help.`,
};

/**
 * Checks one piece of feedback a teammate is writing to another (docs/LOOP2.md, FB rules).
 * Pure and deterministic; costs well under a millisecond for a paragraph.
 *
 * @example
 * checkFeedback("You're lazy.").issues.map((i) => i.kind)
 * // → ["judgement_of_person", "no_behaviour", "no_suggestion"]
 * checkFeedback("When you read back the order number, the customer relaxed; keep doing that.").issues
 * // → []
 */
export function checkFeedback(input: string): FeedbackCheck {
  if (typeof input !== "string") {
    throw new TypeError(
      `checkFeedback: text must be a string, got ${input === null ? "null" : typeof input}`,
    );
  }
  const text = input.length > MAX_FEEDBACK_CHARS ? input.slice(0, MAX_FEEDBACK_CHARS) : input;
  const { masked, quotes, reported } = maskQuoted(text);
  const whole: Span = trimSpan(text, { start: 0, end: text.length });

  const judgements = JUDGEMENT_RES.flatMap((re) => allMatches(re, masked));
  const absolutes = ABSOLUTE_RES.flatMap((re) => allMatches(re, masked)).filter((s) => {
    // "all the time" and "every time a customer…" only count when they are about the receiver.
    const sentence = masked.slice(Math.max(0, s.start - 60), s.end);
    return (
      !/^(?:all the time|every (?:single )?time (?:a|the|your) \w+)$/i.test(masked.slice(s.start, s.end)) ||
      /\byou\b/i.test(sentence)
    );
  });
  const sarcasms = SARCASM_RES.flatMap((re) => allMatches(re, masked));
  const praises = allMatches(PRAISE_RE, masked).filter((p) => !sarcasms.some((s) => overlaps(s, p)));
  const criticisms = allMatches(CRITICISM_RE, masked).filter((c) => !judgements.some((j) => overlaps(j, c)));
  const suggestions = findSuggestions(masked, text);
  const behaviours = findBehaviour(masked, text, quotes);
  // A concrete suggestion to the receiver names a behaviour too ("try asking an open question").
  for (const s of suggestions)
    if (PERSONAL_SUGGESTION_RE.test(masked.slice(s.start, s.end))) behaviours.push(s);
  // What the customer said about the receiver is an effect; a reported "you were rude" makes it corrective.
  const reportedBad = reported.some((r) => TRAIT_RE.test(text.slice(r.start, r.end)));
  const effects = [...findEffects(masked), ...reported.map((r) => ({ ...r, bad: reportedBad }))].sort(
    (a, b) => a.start - b.start,
  );
  const quotedWeak = quotes.some((q) => QUOTED_WEAK_RE.test(text.slice(q.start, q.end)));

  // A negative generalisation about the receiver ("you always interrupt") is a judgement too;
  // a positive one ("you always stay calm, love that") is only absolute.
  const hasPraise = praises.length > 0;
  for (const a of absolutes) {
    const phrase = masked.slice(a.start, a.end);
    if (/^all the time$/i.test(phrase) && judgements.length === 0 && hasPraise) continue;
    if (!hasPraise && !judgements.some((j) => overlaps(j, a))) judgements.push(a);
  }

  const hasBehaviour = behaviours.length > 0;
  const hasEffect = effects.length > 0;
  const hasSuggestion = suggestions.length > 0;
  // Asking for something different next time corrects, whatever else is said ("…next time, try
  // acknowledging her worry first"); "keep doing that next time" does not.
  const asksForChange = suggestions.some((s) => {
    const clause = masked.slice(s.start, s.end);
    return (
      CHANGE_MARKER_RE.test(clause) && !/\b(?:keep (?:doing|it)|more of (?:that|this)|again)\b/i.test(clause)
    );
  });
  const corrective =
    asksForChange ||
    judgements.length > 0 ||
    criticisms.length > 0 ||
    sarcasms.length > 0 ||
    effects.some((e) => e.bad) ||
    reportedBad ||
    quotedWeak ||
    NEGATIVE_BEHAVIOUR_RE.test(masked);
  NEGATIVE_BEHAVIOUR_RE.lastIndex = 0;
  const isFeedback =
    effects.some((e) => e.bad) ||
    judgements.length > 0 ||
    sarcasms.length > 0 ||
    praises.length > 0 ||
    criticisms.length > 0 ||
    absolutes.length > 0 ||
    reportedBad ||
    hasBehaviour;
  const tone: FeedbackTone = !isFeedback
    ? "none"
    : corrective && hasPraise
      ? "mixed"
      : corrective
        ? "corrective"
        : "praise";

  const issues: FeedbackIssue[] = [];
  const add = (kind: FeedbackIssueKind, span: Span): void => {
    const s = trimSpan(text, span);
    if (issues.some((i) => i.kind === kind && overlaps(i, s))) return;
    issues.push({
      kind,
      start: s.start,
      end: s.end,
      message: ISSUE_MESSAGES[kind](text.slice(s.start, s.end)),
    });
  };
  if (isFeedback) {
    for (const s of sarcasms) add("sarcasm", s);
    for (const j of judgements) add("judgement_of_person", j);
    for (const a of absolutes) add("absolute_language", a);
    if (!hasBehaviour) {
      if (sarcasms.length === 0) for (const p of praises) add("vague_praise", p);
      for (const c of criticisms) add("vague_criticism", c);
      add("no_behaviour", whole);
    } else if (!hasEffect) {
      add("no_effect", whole);
    }
    if (corrective && !hasSuggestion) add("no_suggestion", whole);
  }
  issues.sort(
    (a, b) =>
      a.start - b.start || FEEDBACK_ISSUE_KINDS.indexOf(a.kind) - FEEDBACK_ISSUE_KINDS.indexOf(b.kind),
  );

  const observed = behaviours.filter((b) => !suggestions.some((sg) => overlaps(sg, b)));
  const first = observed[0];
  const behaviourText = first === undefined ? null : describeBehaviour(clauseFrom(text, first.start));
  const firstEffect = effects[0];
  const effectText = firstEffect === undefined ? null : clauseFrom(text, firstEffect.start);
  const firstSuggestion = suggestions[0];
  const suggestionText =
    firstSuggestion === undefined ? null : text.slice(firstSuggestion.start, firstSuggestion.end).trim();

  const needsSuggestion = tone === "corrective" || tone === "mixed";
  // Praise needs a word of praise or a good reaction; a bare behaviour ("you paraphrased her
  // issue") could go either way, so the rewrite must not tell them to keep doing it.
  const praised = hasPraise || effects.some((e) => !e.bad);
  let score = 0;
  if (isFeedback) {
    score = (hasBehaviour ? 0.4 : 0) + (hasEffect ? 0.3 : 0) + (hasSuggestion || !needsSuggestion ? 0.3 : 0);
    if (judgements.length > 0) score -= 0.35;
    if (sarcasms.length > 0) score -= 0.35;
    if (absolutes.length > 0) score -= 0.15;
    score = Math.round(Math.min(1, Math.max(0, score)) * 100) / 100;
  }

  const rewrite =
    issues.length === 0
      ? null
      : draftRewrite(text, {
          behaviour: behaviourText,
          effect: effectText,
          suggestion: suggestionText,
          generalised: absolutes.length > 0,
          corrective: needsSuggestion,
          praised,
        });

  return {
    issues,
    score,
    rewrite,
    parts: { tone, behaviour: behaviourText, effect: effectText, suggestion: suggestionText },
  };
}

function draftRewrite(
  text: string,
  found: {
    behaviour: string | null;
    effect: string | null;
    suggestion: string | null;
    generalised: boolean;
    corrective: boolean;
    praised: boolean;
  },
): string {
  // The hints are for what went wrong ("[what the customer said that was missed]"), not for praise.
  const hint = found.corrective ? traitHint(text) : null;
  const topic =
    /\b(?:bad|terrible|awful|useless|hopeless|not (?:very )?good|no good|poor)\s+(?:at|with)\s+([a-z' -]+?)(?=[.;,!?]|$| and | but )/i.exec(
      text,
    )?.[1];
  let behaviour: string;
  if (found.behaviour !== null) {
    // The behaviour's clause can run on into the effect ("your replies were long, customers get lost").
    const at = found.effect === null ? -1 : found.behaviour.indexOf(found.effect);
    const own0 = at > 0 ? found.behaviour.slice(0, at).replace(/[\s,;:—-]+$/, "") : found.behaviour;
    const own = /^you(?:r)?\b/i.test(own0) ? toOneMoment(own0) : own0;
    behaviour = found.generalised ? `${own} [in which conversation, at what moment]` : own;
  } else if (topic !== undefined) {
    behaviour = `[what you said or did when ${topic.trim()} came up — quote it if you can]`;
  } else {
    behaviour = hint?.behaviour ?? "[what you said or did — the exact moment, quoted if you can]";
  }
  const behaviourClause = /^(?:when|after|before|on|in|during|because|i noticed)\b/i.test(behaviour)
    ? behaviour.replace(/^i noticed (?:that )?/i, "When ")
    : `When ${behaviour.replace(/^You\b/, "you")}`;
  const effect = found.effect ?? "[how the customer reacted — what they said or did next]";
  if (!found.corrective) {
    const close = found.praised
      ? "Keep doing that."
      : "[Keep doing that — or, next time, one thing to try instead.]";
    return `${capitalise(behaviourClause)}, ${effect}. ${close}`;
  }
  const suggestion =
    found.suggestion !== null
      ? stripSuggestionLead(found.suggestion)
      : (hint?.suggestion ?? "[one concrete thing to try instead]");
  return `${capitalise(behaviourClause)}, ${effect}. Next time, ${suggestion}.`;
}

// Turning a closed conversation into a practice scenario: the customer's side, anonymised, and a
// persona, a root cause and what a good reply would address, all written from the engine's
// analyses. Pure: the transcript and a redactor in, the scenario's fields out. No agent line and no
// agent name is kept.
import type { CueKind, EngineMessage, MessageAnalysis, RootCause } from "../../engine/index.ts";
import type { ScenarioLine } from "./drill.ts";

export interface Persona {
  /** The customer's mood at their worst: "angry", "frustrated", "confused", "anxious" or "upset". */
  mood: string;
  /** What they want, as a phrase: "a refund", "the charge explained and put right". */
  wants: string;
  /** How many times they had to say it (1 + the lines the engine read as repetition). */
  askedTimes: number;
  /** Threats or demands they made: "asked for a manager", "threatened to leave". */
  threats: string[];
  /** One line: "frustrated, has asked twice, wants a refund". */
  summary: string;
}

export interface BuiltScenario {
  title: string;
  lines: ScenarioLine[];
  closing: string;
  persona: Persona;
  rootCause: RootCause | null;
  goodReply: string[];
}

export class ScenarioSourceError extends Error {}

/**
 * Cues of the lines a customer says when pushed: the drill keeps them for a reply that escalates.
 * "I already told you I was charged twice" (repetition) answers a reply that did not listen: after
 * a calming one the drill read "the customer calms down and moves on" and the customer said it.
 */
const ANGRY_CUES: ReadonlySet<CueKind> = new Set<CueKind>([
  "repetition",
  "anger",
  "churn_threat",
  "legal_threat",
  "asks_manager",
  "personal_attack",
  "shouting",
]);
const ANGRY_FRUSTRATION = 0.6;
/** A last line this calm, or read as satisfied, is the real customer's own closing. */
const CONTENT_FRUSTRATION = 0.25;
/** A content last line also thanks or agrees (an "okay, but…" is not a closing). */
const THANKFUL =
  /\b(thank|thanks|cheers|great|perfect|appreciate|that works|sounds good|brilliant|lovely)\b/i;
/** Lines kept per scenario (the opening and what follows); a drill uses at most a few. */
const MAX_LINES = 20;
/** Characters kept per line. */
const MAX_LINE_CHARS = 600;

/**
 * What customers ask for, in order of precedence: the phrase the persona uses ("wants a refund"),
 * the goal a good reply works toward ("toward the refund") and the customer's own words for it,
 * which the lines we write for them use ("I still need my refund sorted", "Thank you for sorting out
 * my refund").
 */
const WANTS: readonly { pattern: RegExp; phrase: string; goal: string; need: string }[] = [
  { pattern: /\brefund|money back|reimburs/i, phrase: "a refund", goal: "the refund", need: "my refund" },
  // Asked for, not threatened: "or I'm cancelling", "I'll cancel" is a churn threat, not the want.
  {
    pattern:
      /\b(?:want|wanna|need|like|trying|tried|try|wish|how (?:do|can) i|can i|could i|please|help me)\b(?:\s+to)?\s+cancel|(?:^|[.!?]\s*)cancel\b/im,
    phrase: "to cancel",
    goal: "the cancellation",
    need: "my cancellation",
  },
  {
    pattern: /\breplace(ment)?\b|\bexchange\b/i,
    phrase: "a replacement",
    goal: "the replacement",
    need: "my replacement",
  },
  {
    pattern: /\b(charged?|charges|billing|bill|invoice|fee)\b/i,
    phrase: "the charge explained and put right",
    goal: "putting the charge right",
    need: "this charge",
  },
  {
    pattern: /\b(deliver(y|ed)?|parcel|package|tracking|shipment|arriv(e|ed))\b/i,
    phrase: "their delivery",
    goal: "the delivery",
    need: "my delivery",
  },
  {
    pattern: /\b(password|log ?in|locked out|sign in|account)\b/i,
    phrase: "back into their account",
    goal: "getting them back into their account",
    need: "my account",
  },
  {
    pattern: /\b(broken|not working|doesn't work|does not work|error|crash(es|ed)?|down)\b/i,
    phrase: "it working again",
    goal: "getting it working again",
    need: "this fault",
  },
];
const DEFAULT_WANT = { phrase: "a clear answer and a next step", goal: "a clear answer", need: "my issue" };

/**
 * The customer's own words for what a persona wants ("a refund" → "my refund"), for the lines the
 * simulated customer says; "my issue" for a want we do not know.
 */
export function needOf(wants: string): string {
  return WANTS.find((w) => w.phrase === wants)?.need ?? DEFAULT_WANT.need;
}

/** What a good reply addresses, per root cause the engine diagnosed. */
const ADDRESS_CAUSE: Record<RootCause, string> = {
  knowledge_gap: "Give the actual answer (or say who has it and when you will come back), not a guess.",
  stress: "Slow down: one clear sentence about what happens next beats a rushed paragraph.",
  language_barrier: "Use short, plain sentences and check the customer understood.",
  power_imbalance: "Match the customer's tone: neither stiff policy language nor too casual.",
  unclear_expectations: "Say exactly what will happen and by when, so the customer knows what to expect.",
  policy_dispute: "Explain the reason behind the rule and offer what you can do within it.",
  billing_error: "Acknowledge the charge is wrong and say when and how it will be corrected.",
  system_malfunction: "Own the fault, say what is being done about it and give a workaround if there is one.",
};

const TWICE = ["once", "twice", "three times"];

/**
 * Builds a scenario from a conversation's customer-visible transcript and the engine's analysis of
 * each line. `redact` removes personal data from one line (names, e-mails, phones, order numbers).
 * Throws ScenarioSourceError when the customer said nothing.
 */
export function buildScenario(input: {
  messages: readonly EngineMessage[];
  analyses: readonly MessageAnalysis[];
  topic: string | null;
  redact: (text: string) => string;
}): BuiltScenario {
  const { messages, analyses, redact } = input;
  const customer = messages
    .map((m, i) => ({ m, a: analyses[i] }))
    .filter(
      (x): x is { m: EngineMessage; a: MessageAnalysis } => x.m.role === "customer" && x.a !== undefined,
    )
    .filter((x) => x.m.text.trim().length > 0);
  if (customer.length === 0) throw new ScenarioSourceError("the conversation has no line from the customer");

  const cuesOf = (kinds: readonly CueKind[]) =>
    customer.filter((x) => x.a.cues.some((c) => kinds.includes(c.kind))).length;
  let lines: ScenarioLine[] = customer.map(({ m, a }) => {
    const frustration = Math.round((a.customer?.frustration ?? 0) * 1000) / 1000;
    return {
      text: clip(redact(m.text.trim())),
      frustration,
      angry: frustration >= ANGRY_FRUSTRATION || a.cues.some((c) => ANGRY_CUES.has(c.kind)),
    };
  });

  const allText = customer.map((x) => x.m.text).join("\n");
  const want = WANTS.find((w) => w.pattern.test(allText)) ?? DEFAULT_WANT;
  const wants = want.phrase;

  // The real customer's own last word when it was content; otherwise one we write.
  const last = customer.at(-1);
  const lastLine = lines.at(-1);
  let closing = `Okay, if that's what happens, that works for me. Thank you for sorting out ${want.need}.`;
  if (
    lines.length > 1 &&
    last !== undefined &&
    lastLine !== undefined &&
    !lastLine.angry &&
    lastLine.frustration <= CONTENT_FRUSTRATION &&
    THANKFUL.test(last.m.text) &&
    (last.a.customer?.emotion === "satisfied" || last.a.cues.some((c) => c.kind === "satisfaction"))
  ) {
    closing = lastLine.text;
    lines = lines.slice(0, -1);
  }
  lines = lines.slice(0, MAX_LINES);

  const peak = customer.reduce((best, x) =>
    (x.a.customer?.frustration ?? 0) > (best.a.customer?.frustration ?? 0) ? x : best,
  );
  const emotion = peak.a.customer?.emotion;
  const mood =
    emotion === "angry" || emotion === "frustrated" || emotion === "confused" || emotion === "anxious"
      ? emotion
      : "upset";
  const askedTimes = 1 + cuesOf(["repetition"]);
  const threats: string[] = [];
  if (cuesOf(["asks_manager"]) > 0) threats.push("asked for a manager");
  if (cuesOf(["churn_threat"]) > 0) threats.push("threatened to leave");
  if (cuesOf(["legal_threat"]) > 0) threats.push("mentioned legal action");
  if (cuesOf(["personal_attack"]) > 0) threats.push("turned on the agent personally");
  const summary = [
    mood,
    askedTimes > 1 ? `has asked ${TWICE[askedTimes - 1] ?? `${askedTimes} times`}` : null,
    ...threats,
    `wants ${wants}`,
  ]
    .filter((x): x is string => x !== null)
    .join(", ");

  // The diagnosis the engine held last (its hypotheses decay, so the latest one is the settled one).
  let rootCause: RootCause | null = null;
  for (const a of analyses) {
    const top = [...a.rootCauses].sort((x, y) => y.confidence - x.confidence)[0];
    if (top !== undefined) rootCause = top.cause;
  }

  const agentCues = new Set(
    analyses.filter((a) => a.role === "agent").flatMap((a) => a.cues.map((c) => c.kind)),
  );
  const goodReply: string[] = [];
  if (mood !== "upset")
    goodReply.push(`Acknowledge that the customer is ${mood} before the facts, in their own words.`);
  if (askedTimes > 1)
    goodReply.push(
      "Paraphrase what they already told you, so they know they were heard; don't ask for it again.",
    );
  if (rootCause !== null) goodReply.push(ADDRESS_CAUSE[rootCause]);
  if (agentCues.has("defensiveness") || agentCues.has("blame_coworker"))
    goodReply.push(
      "Leave colleagues and policy out of the blame: in the real conversation that made it personal.",
    );
  if (agentCues.has("wrong_information"))
    goodReply.push("Check the facts before quoting them: the real conversation got one wrong.");
  if (threats.includes("asked for a manager"))
    goodReply.push("Say what you can decide now, and who decides the rest and when.");
  goodReply.push(`Finish with one concrete next step toward ${want.goal}, with a time.`);

  const topic = input.topic !== null && input.topic.trim() !== "" ? redact(input.topic.trim()) : null;
  const title = clipTitle(
    `${topic !== null ? capitalise(topic) : "A hard conversation"}: ${mood}, wants ${wants}`,
  );
  return {
    title,
    lines,
    closing,
    persona: { mood, wants, askedTimes, threats, summary },
    rootCause,
    goodReply,
  };
}

function clip(text: string): string {
  return text.length <= MAX_LINE_CHARS ? text : `${text.slice(0, MAX_LINE_CHARS - 1)}…`;
}
function clipTitle(text: string): string {
  return text.length <= 200 ? text : `${text.slice(0, 199)}…`;
}
function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/_/g, " ");
}

/** Order numbers and other references leave drills the way they leave huddles (loop2/redaction.ts). */
export { redactReferences } from "../loop2/redaction.ts";

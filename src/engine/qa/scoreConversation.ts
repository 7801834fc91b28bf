// The QA scorecard, filled in from the engine's per-message analyses after a conversation closes
// (docs/LOOP2.md, "QA scorecard"). Every item is 0–4 with the evidence spans behind it, so a lead
// can see why and override. Pure: analyses and messages in, scorecard out.
import type { CueKind, EngineMessage, MessageAnalysis } from "../index.ts";

export type QaItemName =
  "empathy" | "active_listening" | "accuracy" | "ownership" | "clear_next_steps" | "habits";

export const QA_ITEMS: readonly QaItemName[] = [
  "empathy",
  "active_listening",
  "accuracy",
  "ownership",
  "clear_next_steps",
  "habits",
];

/** Scores run 0 (absent or harmful) to 4 (consistently good). */
export const QA_MAX_SCORE = 4;

export interface QaEvidence {
  /** Message index in the conversation. */
  index: number;
  start: number;
  end: number;
  /** The cue (or "fact_contradicted" / "fact_agreed" / "habit_done" / "habit_missed") behind it. */
  cueKind: CueKind | "fact_contradicted" | "fact_agreed" | "habit_done" | "habit_missed";
  polarity: "good" | "bad";
}

export interface QaItem {
  item: QaItemName;
  score: number;
  /** False when the conversation gave the item nothing to judge; the score is then a neutral default. */
  applicable: boolean;
  evidence: QaEvidence[];
  note: string;
}

export interface QaScorecard {
  items: QaItem[];
  /** Mean of the applicable items' scores, 0–4, two decimals; null when none applies. */
  overall: number | null;
  /** Overall as a percentage, for lists and charts; null when none applies. */
  percent: number | null;
}

export class QaInputError extends Error {
  readonly code = "QA_INPUT_INVALID";
}

/** Evidence kept per item, so a scorecard stays small whatever the conversation's length. */
export const MAX_EVIDENCE_PER_ITEM = 12;

const NEGATIVE_CUSTOMER_CUES: ReadonlySet<CueKind> = new Set<CueKind>([
  "frustration",
  "anger",
  "confusion",
  "anxiety",
  "churn_threat",
  "legal_threat",
  "asks_manager",
  "personal_attack",
  "shouting",
  "repetition",
  "waiting",
]);

function clampScore(value: number): number {
  return Math.max(0, Math.min(QA_MAX_SCORE, Math.round(value)));
}

function cueEvidence(a: MessageAnalysis, kinds: readonly CueKind[], polarity: "good" | "bad"): QaEvidence[] {
  return a.cues
    .filter((c) => kinds.includes(c.kind))
    .map((c) => ({ index: a.index, start: c.start, end: c.end, cueKind: c.kind, polarity }));
}

function countKinds(list: readonly QaEvidence[], kinds: readonly string[]): number {
  return lineCount(list.filter((e) => kinds.includes(e.cueKind)));
}

/**
 * The lines the evidence is on. A score counts answers, requests and repeats, as its
 * note says, not the cues in them: "Um, I think it might be… I'm not sure" is one hedged answer
 * (three hedging cues), and "I already told you! Are you even reading?" one repeat.
 */
function lineCount(list: readonly QaEvidence[]): number {
  return new Set(list.map((e) => e.index)).size;
}

/**
 * Evidence without a span inside another of the same line: the promise "I'll call you back on
 * Tuesday…" is shown once, not beside its own "I'll call" (as it is counted once). The first of
 * equal spans stays.
 */
function outermost(list: readonly QaEvidence[]): QaEvidence[] {
  return list.filter(
    (e, i) =>
      !list.some(
        (o, j) =>
          j !== i &&
          o.index === e.index &&
          o.start <= e.start &&
          o.end >= e.end &&
          (o.end - o.start > e.end - e.start || j < i),
      ),
  );
}

/**
 * Steps and promises, one per stretch of a line: a next step inside a commitment
 * ("I'll call" in "I'll call you back on Tuesday") is that one promise.
 */
function stepCount(list: readonly QaEvidence[]): number {
  const sorted = [...list].sort((a, b) => a.index - b.index || a.start - b.start);
  let n = 0;
  let index = -1;
  let end = -1;
  for (const e of sorted) {
    if (e.index === index && e.start < end) {
      end = Math.max(end, e.end);
      continue;
    }
    n++;
    index = e.index;
    end = e.end;
  }
  return n;
}

function isNegativeCustomerTurn(a: MessageAnalysis): boolean {
  if (a.role !== "customer") return false;
  if (a.cues.some((c) => NEGATIVE_CUSTOMER_CUES.has(c.kind))) return true;
  const emotion = a.customer?.emotion;
  return emotion === "frustrated" || emotion === "angry" || emotion === "confused" || emotion === "anxious";
}

/** "no paraphrases", "1 paraphrase", "3 paraphrases": a scorecard's notes are read by people. */
function count(n: number, one: string, many: string): string {
  return n === 0 ? `no ${many}` : n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** "once", "twice", "3 times". */
function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

function againstIt(n: number): string {
  return n === 1
    ? "1 defensive or repeated-apology moment counts against it"
    : `${n} defensive or repeated-apology moments count against it`;
}

function hedged(n: number): string {
  return count(n, "hedged or vague answer", "hedged or vague answers");
}

/** The note as a sentence: its first letter a capital. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The agent's reply to the customer line at `i`: every agent line before the customer speaks again
 * (an agent often answers in two or three lines, "Let me check." then "That must be really
 * frustrating."). Empty when the customer spoke again first or the conversation ended.
 */
function agentReplyLines(analyses: readonly MessageAnalysis[], i: number): MessageAnalysis[] {
  const lines: MessageAnalysis[] = [];
  for (let j = i + 1; j < analyses.length; j++) {
    const a = analyses[j];
    if (a === undefined || a.role === "customer") break;
    if (a.role === "agent") lines.push(a);
  }
  return lines;
}

function scoreEmpathy(analyses: readonly MessageAnalysis[]): QaItem {
  const good = analyses.filter((a) => a.role === "agent").flatMap((a) => cueEvidence(a, ["empathy"], "good"));
  const bad = analyses
    .filter((a) => a.role === "agent")
    .flatMap((a) => cueEvidence(a, ["defensiveness", "repeated_apology"], "bad"));
  const goodLines = lineCount(good);
  const badLines = lineCount(bad);
  let moments = 0;
  let met = 0;
  analyses.forEach((a, i) => {
    if (!isNegativeCustomerTurn(a)) return;
    const reply = agentReplyLines(analyses, i);
    if (reply.length === 0) return;
    moments++;
    if (reply.some((line) => line.cues.some((c) => c.kind === "empathy"))) met++;
  });
  const evidence = [...good, ...bad];
  if (moments === 0) {
    const score = clampScore((goodLines > 0 ? 4 : 3) - badLines);
    return {
      item: "empathy",
      score,
      applicable: goodLines > 0 || badLines > 0,
      evidence,
      note:
        (goodLines > 0
          ? `The customer showed no distress; the agent still acknowledged feelings ${times(goodLines)}`
          : badLines > 0
            ? "The customer showed no distress"
            : "The customer showed no frustration, confusion or worry, so empathy was not tested") +
        (badLines > 0 ? `; ${againstIt(badLines)}.` : "."),
    };
  }
  // Empathy where it was needed counts most; an acknowledgement elsewhere still earns one point.
  const base = (QA_MAX_SCORE * met) / moments;
  const score = clampScore(Math.max(base, goodLines > 0 ? 1 : 0) - badLines);
  return {
    item: "empathy",
    score,
    applicable: true,
    evidence,
    note: `${
      met === 0
        ? `The agent did not acknowledge the customer's feelings after ${moments === 1 ? "their upset message" : `any of ${moments} upset messages`}`
        : `The agent acknowledged the customer's feelings after ${met} of ${moments} upset ${moments === 1 ? "message" : "messages"}`
    }${badLines > 0 ? `; ${againstIt(badLines)}` : ""}.`,
  };
}

function scoreListening(analyses: readonly MessageAnalysis[]): QaItem {
  const agent = analyses.filter((a) => a.role === "agent");
  const good = agent.flatMap((a) => cueEvidence(a, ["paraphrase", "customer_name"], "good"));
  const redundant = agent.flatMap((a) => cueEvidence(a, ["redundant_clarification"], "bad"));
  // CUE-RESEND-1: the same reply sent again reads as not listening.
  const sentAgain = agent.flatMap((a) => cueEvidence(a, ["repeated_reply"], "bad"));
  const repeated = analyses
    .filter((a) => a.role === "customer")
    .flatMap((a) => cueEvidence(a, ["repetition"], "bad"));
  const paraphrases = countKinds(good, ["paraphrase"]);
  const names = countKinds(good, ["customer_name"]);
  const requests = lineCount(redundant);
  const repeats = lineCount(repeated);
  const replies = lineCount(sentAgain);
  const score = clampScore(2 + Math.min(2, paraphrases) + (names > 0 ? 1 : 0) - requests - repeats - replies);
  const parts = [
    count(paraphrases, "paraphrase", "paraphrases"),
    `${names > 0 ? "used" : "did not use"} the customer's name`,
    count(requests, "request for details already given", "requests for details already given"),
    ...(replies === 0
      ? []
      : [replies === 1 ? "sent one reply a second time" : `sent ${replies} replies again`]),
    repeats === 0
      ? "the customer never had to repeat themself"
      : `the customer had to repeat themself ${times(repeats)}`,
  ];
  return {
    item: "active_listening",
    score,
    applicable: agent.length > 0,
    evidence: [...good, ...redundant, ...sentAgain, ...repeated],
    note: sentence(`${parts.join(", ")}.`),
  };
}

function scoreAccuracy(analyses: readonly MessageAnalysis[]): QaItem {
  const evidence: QaEvidence[] = [];
  let contradictions = 0;
  let agreements = 0;
  for (const a of analyses) {
    if (a.role !== "agent") continue;
    for (const f of a.factChecks) {
      const bad = f.verdict === "contradicts";
      if (bad) contradictions++;
      else agreements++;
      evidence.push({
        index: a.index,
        start: f.claimStart,
        end: f.claimEnd,
        cueKind: bad ? "fact_contradicted" : "fact_agreed",
        polarity: bad ? "bad" : "good",
      });
    }
    evidence.push(...cueEvidence(a, ["wrong_information"], "bad"));
  }
  const hedges = analyses
    .filter((a) => a.role === "agent")
    .flatMap((a) => cueEvidence(a, ["hedging", "vague_answer"], "bad"));
  const checked = contradictions + agreements;
  const unsure = lineCount(hedges);
  const score = clampScore(4 - 2 * contradictions - (unsure >= 2 ? 1 : 0));
  const note =
    checked === 0
      ? `No claim matched a knowledge-base fact${unsure > 0 ? `; ${hedged(unsure)}` : ""}.`
      : `${
          contradictions === 0
            ? `${checked === 1 ? "The claim" : `All ${checked} claims`} checked against the knowledge base agreed with it`
            : checked === 1
              ? "The claim checked against the knowledge base contradicted it"
              : `${contradictions} of ${checked} checked claims contradicted the knowledge base`
        }${unsure > 0 ? `; ${hedged(unsure)}` : ""}.`;
  return {
    item: "accuracy",
    score,
    applicable: checked > 0 || hedges.length > 0,
    evidence: [...evidence, ...hedges],
    note,
  };
}

function scoreOwnership(analyses: readonly MessageAnalysis[]): QaItem {
  const agent = analyses.filter((a) => a.role === "agent");
  const good = agent.flatMap((a) => [
    ...cueEvidence(a, ["commitment", "next_step"], "good"),
    ...a.commitments.map((c): QaEvidence => ({
      index: a.index,
      start: c.start,
      end: c.end,
      cueKind: "commitment",
      polarity: "good",
    })),
  ]);
  const uniqueGood = outermost(good);
  const blame = agent.flatMap((a) => cueEvidence(a, ["blame_coworker"], "bad"));
  const defensive = agent.flatMap((a) => cueEvidence(a, ["defensiveness"], "bad"));
  const steps = stepCount(uniqueGood);
  const blamed = lineCount(blame);
  const defensiveLines = lineCount(defensive);
  const score = clampScore(2 + Math.min(2, steps) - 2 * blamed - defensiveLines);
  // Nothing to own: a question answered for a customer who raised no problem, with nothing promised
  // or deflected. It scored 2 of 4 ("took nothing on"), pulling a flawless short chat below half.
  const problem = analyses.some(isNegativeCustomerTurn);
  if (!problem && uniqueGood.length + blame.length + defensive.length === 0)
    return {
      item: "ownership",
      score,
      applicable: false,
      evidence: [],
      note: "The customer raised no problem to take on, and the agent neither promised nor deflected anything.",
    };
  return {
    item: "ownership",
    score,
    applicable: agent.length > 0,
    evidence: [...uniqueGood, ...blame, ...defensive],
    note: sentence(
      `${count(steps, "commitment or concrete step", "commitments or concrete steps")} taken on; ${
        blamed === 0 ? "never blamed a colleague or team" : `blamed a colleague or team ${times(blamed)}`
      }; ${count(defensiveLines, "defensive line", "defensive lines")}.`,
    ),
  };
}

function scoreNextSteps(analyses: readonly MessageAnalysis[]): QaItem {
  const agentTurns = analyses.filter((a) => a.role === "agent");
  const evidence = outermost(
    agentTurns.flatMap((a) => [
      ...cueEvidence(a, ["next_step"], "good"),
      ...a.commitments.map((c): QaEvidence => ({
        index: a.index,
        start: c.start,
        end: c.end,
        cueKind: "commitment",
        polarity: "good",
      })),
    ]),
  );
  const closing = new Set(agentTurns.slice(-3).map((a) => a.index));
  const nearEnd = evidence.some((e) => closing.has(e.index));
  // The customer's own last word can confirm it: "Perfect, thanks." says the need was met.
  const lastCustomer = analyses.filter((a) => a.role === "customer").at(-1);
  const content =
    lastCustomer !== undefined &&
    !isNegativeCustomerTurn(lastCustomer) &&
    (lastCustomer.customer?.emotion === "satisfied" ||
      lastCustomer.cues.some((c) => c.kind === "satisfaction" || c.kind === "thanks"));
  const confirmed =
    content ||
    analyses.some((a) => a.habits.some((h) => h.habit === "confirm_need_met" && h.status === "done"));
  const vague = agentTurns.flatMap((a) => cueEvidence(a, ["vague_answer"], "bad"));
  // Nothing left to happen: the customer was content at the end and nothing was promised. It
  // scored 1 of 4 ("no next steps"), as if an answered question had been left hanging.
  if (evidence.length === 0 && content && vague.length === 0)
    return {
      item: "clear_next_steps",
      score: clampScore(1 + (confirmed ? 1 : 0)),
      applicable: false,
      evidence: [],
      note: "The customer was content at the end and nothing was left to happen, so no next step was needed.",
    };
  const score = clampScore(
    (nearEnd ? 3 : evidence.length > 0 ? 2 : 1) + (confirmed ? 1 : 0) - (lineCount(vague) > 1 ? 1 : 0),
  );
  return {
    item: "clear_next_steps",
    score,
    applicable: agentTurns.length > 0,
    evidence: [...evidence, ...vague],
    note: `${sentence(count(stepCount(evidence), "concrete next step or commitment", "concrete next steps or commitments"))}${
      nearEnd ? ", one in the closing messages" : ""
    }; the agent ${confirmed ? "confirmed" : "did not confirm"} the need was met.`,
  };
}

function scoreHabits(analyses: readonly MessageAnalysis[]): QaItem {
  const evidence: QaEvidence[] = [];
  let done = 0;
  let missed = 0;
  const details: string[] = [];
  for (const a of analyses) {
    for (const h of a.habits) {
      if (h.status === "done") done++;
      else {
        missed++;
        if (details.length < 3) details.push(h.detail);
      }
      evidence.push({
        index: a.index,
        start: 0,
        end: 0,
        cueKind: h.status === "done" ? "habit_done" : "habit_missed",
        polarity: h.status === "done" ? "good" : "bad",
      });
    }
  }
  const thanks = analyses
    .filter((a) => a.role === "agent")
    .flatMap((a) => cueEvidence(a, ["thanks"], "good"));
  const total = done + missed;
  const score =
    total === 0 ? clampScore(thanks.length > 0 ? 4 : 3) : clampScore((QA_MAX_SCORE * done) / total);
  return {
    item: "habits",
    score,
    applicable: total > 0,
    evidence: [...evidence, ...thanks],
    note:
      total === 0
        ? "No habit was tested in this conversation."
        : `${sentence(count(done, "habit kept", "habits kept"))}, ${missed === 0 ? "none" : missed} missed${
            details.length > 0 ? ` (${details.join("; ")})` : ""
          }.`,
  };
}

/**
 * Fills in the QA scorecard for one finished conversation from the engine's analyses (one per
 * message, in order, as `observe` returned them). Every item carries the spans behind its score.
 *
 * @example
 * const analyses = messages.map((m) => ((r = observe(state, m, ctx)), (state = r.state), r.analysis));
 * scoreConversation(analyses, messages).items.find((i) => i.item === "empathy")?.score
 */
export function scoreConversation(
  analyses: readonly MessageAnalysis[],
  messages: readonly EngineMessage[],
): QaScorecard {
  if (!Array.isArray(analyses) || !Array.isArray(messages)) {
    throw new QaInputError("scoreConversation: analyses and messages must both be arrays");
  }
  if (analyses.length !== messages.length) {
    throw new QaInputError(
      `scoreConversation: ${analyses.length} analyses for ${messages.length} messages; pass one analysis per message`,
    );
  }
  analyses.forEach((a, i) => {
    if (a.role !== messages[i]?.role) {
      throw new QaInputError(
        `scoreConversation: analysis ${i} is for a ${a.role} message but message ${i} is ${messages[i]?.role}`,
      );
    }
  });
  const items = [
    scoreEmpathy(analyses),
    scoreListening(analyses),
    scoreAccuracy(analyses),
    scoreOwnership(analyses),
    scoreNextSteps(analyses),
    scoreHabits(analyses),
  ].map((item) => ({
    ...item,
    evidence: item.evidence.slice(0, MAX_EVIDENCE_PER_ITEM),
  }));
  const applicable = items.filter((i) => i.applicable);
  const overall =
    applicable.length === 0
      ? null
      : Math.round((applicable.reduce((s, i) => s + i.score, 0) / applicable.length) * 100) / 100;
  return { items, overall, percent: overall === null ? null : Math.round((overall / QA_MAX_SCORE) * 100) };
}

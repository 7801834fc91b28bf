import { compiledConfigOf, DEFAULT_ENGINE_CONFIG, type EngineConfig } from "./config.ts";
import { extractCommitments } from "./commitments.ts";
import {
  blendWithModel,
  emotionOf,
  instantFrustration,
  type EmotionScorer,
  type EmotionScores,
} from "./customer.ts";
import {
  asksForDetail,
  detectCustomerName,
  detectSlots,
  extractMirror,
  scanAgent,
  scanCustomer,
  spanOf,
  type AgentScan,
  isCorrection,
  saysNeedMet,
  type CustomerScan,
  type Span,
} from "./cues.ts";
import { decideStepIn, type Trigger } from "./decide.ts";
import { checkAgentClaims } from "./factCheck.ts";
import { scoreCustomerText } from "./model/index.ts";
import {
  canonicalStem,
  EMPTY_KNOWLEDGE_BASE,
  type CompiledKnowledgeBase,
  type FactKind,
} from "./knowledge.ts";
import { decayRiskCounters, forecastRisk } from "./risk.ts";
import { addCauseEvidence, decayCauses, presentRootCauses, topCause } from "./rootCause.ts";
import { appendBounded, copyState, createConversationState, type ConversationState } from "./state.ts";
import { clamp01, contentStems, round3, uniqueContentStems } from "./text.ts";
import type {
  Commitment,
  Cue,
  CustomerReading,
  EngineMessage,
  FactCheck,
  HabitEvent,
  MessageAnalysis,
  Trend,
} from "./types.ts";

/** What `observe` needs besides the message: the team's knowledge base and configuration. */
export interface EngineContext {
  kb: CompiledKnowledgeBase;
  config: EngineConfig;
  /**
   * Learned emotion scorer for customer text (CUST-MODEL-1). Omitted: the shipped model
   * (src/engine/model); null: rules only.
   */
  emotionScorer?: EmotionScorer | null;
}

/** Builds a context with defaults: empty KB, default config, the shipped emotion model. */
export function createEngineContext(partial: Partial<EngineContext> = {}): EngineContext {
  return {
    kb: partial.kb ?? EMPTY_KNOWLEDGE_BASE,
    config: partial.config ?? DEFAULT_ENGINE_CONFIG,
    emotionScorer: partial.emotionScorer === undefined ? scoreCustomerText : partial.emotionScorer,
  };
}

/** An agent reply this short, with no good move, to a customer who needs help is curt (RISK-3). */
const CURT_REPLY_WORDS = 6;
/** Recent customer messages (and agent replies) remembered for repetition (bounded). */
const REPETITION_MEMORY = 3;
/** Content stems kept per remembered customer message. */
const STEMS_PER_MESSAGE = 24;
/** Customer-message stems are compared only over this prefix, so long messages cost the same. */
const MAX_TEXT_FOR_STEMS = 600;
/**
 * CUE-REPEAT-4: an agent reply of at most this many content stems that mostly reuses the customer's
 * words and checks them ("Your blue jacket order 4421?") is an echo to confirm.
 */
const ECHO_MAX_STEMS = 8;
/** Echoed stems kept until the customer's next message (a few echoes in a row). */
const AGENT_ECHO_STEMS = 24;
/**
 * CUE-REPEAT-5: a greeting's open question asks nothing specific ("How can I help you today?",
 * "What seems to be the problem?"): a customer who states their problem again after it was not
 * read is repeating themself.
 */
/**
 * CUE-RESEND-1: an agent reply this much of whose content stems one of the agent's last
 * REPETITION_MEMORY replies holds, and the other way round, is the same reply sent again; a reply
 * needs at least AGENT_REPEAT_MIN_STEMS content stems ("One moment please" twice is no repeat).
 */
const AGENT_REPEAT_SIMILARITY = 0.8;
const AGENT_REPEAT_MIN_STEMS = 3;
/**
 * CUE-REPEAT-5: a reply saying the agent could not do or find what was asked ("I'm sorry, there are
 * no hotels in the south. Would you like another area?", "Unfortunately I can't find that order,
 * could you check the number?"). Its question offers a way round the failure; the customer saying
 * again what they asked for is pushing back, a repeat, not answering a question about their case.
 */
const COULD_NOT_RE =
  /\b(?:unfortunately|i(?:['’]m| am) afraid|unable to|(?:was|were|am|are|is|be)(?: not|n['’]t) able to|(?:can(?:no|['’])?t|could(?:n['’]t| not)|did(?:n['’]t| not)|was(?:n['’]t| not)) (?:find|book|locate|reserve|get|see)|there (?:are|is|were|was) (?:no|nothing)\b|no (?:\w+ )?(?:available|matching|matches)|nothing (?:matches|is available)|fully booked|unsuccessful)/i;
/**
 * CUE-REPEAT-7: a helpdesk's notice that the customer sent a file ("Visitor uploaded: photo.jpg Url:
 * … Type: image/jpeg Size: …", "[attachment: invoice.pdf]"). Every such notice has the same words,
 * so two uploads would read as the customer saying the same thing again; its words are left out of
 * the CUE-REPEAT-2 overlap. Matched on lower-cased text.
 */
const ATTACHMENT_NOTICE_RE =
  /\b(?:visitor|customer|user|client|guest|contact)\s+(?:uploaded|attached|sent|shared)(?:\s+(?:an?\s+|the\s+)?(?:file|image|photo|picture|screenshot|document|attachment)s?)?\s*:\s*\S*(?:[^\n:]{0,80}?\burl:\s*\S+)?(?:\s*type:\s*\S+)?(?:\s*size:\s*\S+)?|\[(?:attachment|file|image|photo|picture|screenshot)\b[^\]\n]{0,120}\]/g;

/** `lower` without the helpdesk's attachment notices (CUE-REPEAT-7). */
function withoutAttachmentNotices(lower: string): string {
  if (!lower.includes(":") && !lower.includes("[")) return lower;
  return lower.replace(ATTACHMENT_NOTICE_RE, " ");
}

/**
 * CUE-REPEAT-6: the customer turning down what the agent offered or checked and saying again what
 * they need ("No, I need three tickets", "Nope, I wanted a 4 star hotel"): the agent got it wrong.
 */
const NO_I_NEED_RE =
  /(?:^|[.!?]\s*)(?:no|nope)\b[,.!]?\s+(?:(?:sorry|actually)[,.]?\s+)?(?:i|we)(?: actually| really| just| only)? (?:need|want|wanted|asked|said|meant|would like|['’]d like)\b/i;
/** CUE-REPEAT-6: a reply ending in a question asking which, what, when… (nothing to turn down). */
const WH_QUESTION_RE = /(?:^|[.!?]\s+)(?:which|what|when|where|how|who|why)\b[^.!?]*\?\s*$/i;

/**
 * CUE-REPEAT-6: the agent asks the customer to confirm what it has just set out ("Please confirm
 * the following details: 2 tickets…", "Can you confirm that you want…", "A table for 2 at 12 pm, is
 * that right?"). That asks for a yes, not for a new detail (CUE-REPEAT-5); a "no" to it is the
 * customer putting the agent right. `CONFIRM_WORD_RE` needs "confirm"; `CHECK_QUESTION_RE` a "?".
 */
const CONFIRM_WORD_RE =
  /\b(?:please|kindly|(?:can|could|would|will) you(?: please| kindly)?|i (?:just )?(?:want|need|would like) to) confirm(?: the following| the details| these details| that| if| whether|:)|\bjust to confirm\b/i;
const CHECK_QUESTION_RE =
  /\b(?:(?:is|are) (?:that|this|it|these|those)(?: all)? (?:correct|right)|does (?:that|this) (?:sound|look) (?:right|correct|good))\s*\?/i;

/** Whether an agent reply asks the customer to confirm what it set out (CUE-REPEAT-6). */
function asksToConfirm(text: string, lower: string): boolean {
  return (
    (lower.includes("confirm") && CONFIRM_WORD_RE.test(text)) ||
    (text.includes("?") &&
      (lower.includes("right") || lower.includes("correct") || lower.includes("good")) &&
      CHECK_QUESTION_RE.test(text))
  );
}

/**
 * CUE-REPEAT-6: a "no" opening the reply to a confirmation request, with more after it ("No, make it
 * 12:45", "Nope, book it for three"); not "No, thanks" nor "No problem".
 */
const CORRECTION_RE = /^(\s*)(no|nope|nah)\b(?![,.!]?\s*(?:thanks?|thank you|problem|worries)\b)[,.!]*\s*\w/i;

/** `WH_QUESTION_RE` on the trimmed text, run only when the text ends in a question mark. */
function endsAskingWhich(text: string): boolean {
  let end = text.length - 1;
  while (end >= 0 && isSpace(text.charCodeAt(end))) end--;
  return end >= 0 && text.charCodeAt(end) === 63 /* ? */ && WH_QUESTION_RE.test(text.trim());
}

/** The characters `\s` matches (and `String.prototype.trim` removes). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** CUE-REPEAT-5: the overlap an answer to the agent's question needs to count as a repeat. */
const ANSWER_REPEAT_SIMILARITY = 0.85;
const OPEN_QUESTION_RE =
  /\b(?:how (?:can|may|could|might) (?:i|we) (?:help|assist|be of (?:help|assistance|service))|what can (?:i|we) (?:do|help)|what seems to be|how are you|what (?:do|did) you (?:need|want) help with)\b/i;

/**
 * Reads one message and returns the conversation's next state and this message's analysis.
 * Pure: `state` is not changed; the analysis of message i depends only on messages 0..i; the work
 * per message does not depend on how long the conversation already is (STATE-BOUNDED-1).
 *
 * @example
 * let state = createConversationState();
 * const context = createEngineContext({ kb: compileKnowledgeBase(kbJson) });
 * for (const message of messages) {
 *   const result = observe(state, message, context);
 *   state = result.state;
 *   if (result.analysis.stepIn.raise) notify(result.analysis);
 * }
 */
export function observe(
  previous: ConversationState,
  message: EngineMessage,
  context: EngineContext,
): { state: ConversationState; analysis: MessageAnalysis } {
  const state = copyState(previous);
  const { config, kb } = context;
  const lex = compiledConfigOf(config).lexicons;
  const t = config.thresholds;
  const index = state.index;
  const at = typeof message.at === "number" && Number.isFinite(message.at) ? message.at : null;
  const text = typeof message.text === "string" ? message.text : "";

  decayCauses(state);
  decayRiskCounters(state.risk, state.outlook);

  let cues: Cue[] = [];
  let factChecks: FactCheck[] = [];
  let commitments: Commitment[] = [];
  const habits: HabitEvent[] = [];
  const triggers: Trigger[] = [];
  let customer: CustomerReading | undefined;

  if (message.role === "agent") {
    const scan = scanAgent(text, lex, state.provided, state.customerName);
    cues = scan.cues;
    state.agentTurns++;
    const turn = state.agentTurns;

    // CUE-LONG-GAP-1: the customer waited too long for this reply (an e-mail by its own measure).
    const longGapMs = message.channel === "email" ? t.emailLongGapMs : t.longGapMs;
    if (at !== null && state.awaitingSince !== null && at - state.awaitingSince >= longGapMs) {
      const minutes = Math.round((at - state.awaitingSince) / 60_000);
      cues.push({
        kind: "long_gap",
        start: 0,
        end: 0,
        polarity: "bad",
        detail:
          minutes < 120 ? `customer waited ${minutes} min` : `customer waited ${Math.round(minutes / 60)} h`,
      });
      addCauseEvidence(state, "stress", 0.3, index, [0, 0]);
      state.risk.waiting += 1;
    }
    state.awaitingSince = null;

    // CUE-RESEND-1: the same answer pasted again, a canned line sent twice.
    const agentAllStems = uniqueStems(scan.lower);
    const agentStems = agentAllStems.slice(0, STEMS_PER_MESSAGE);
    const repeatedReply =
      agentStems.length >= AGENT_REPEAT_MIN_STEMS &&
      (state.recentAgentStems ?? []).some(
        (earlier) =>
          overlap(agentStems, earlier) >= AGENT_REPEAT_SIMILARITY &&
          overlap(earlier, agentStems) >= AGENT_REPEAT_SIMILARITY,
      );
    if (repeatedReply)
      cues.push({
        kind: "repeated_reply",
        start: 0,
        end: text.length,
        polarity: "bad",
        detail: "same content as an earlier reply",
      });
    if (agentStems.length > 0)
      state.recentAgentStems = appendBounded(state.recentAgentStems ?? [], agentStems, REPETITION_MEMORY);

    // Windows over recent agent turns (bounded).
    const windowStart = turn - t.agentWindowTurns + 1;
    if (scan.apology > 0) state.apologyTurns = appendBounded(state.apologyTurns, turn, t.agentWindowTurns);
    if (scan.hedge > 0 || scan.vague > 0)
      state.hedgeTurns = appendBounded(state.hedgeTurns, turn, t.agentWindowTurns);
    if (scan.defensive > 0)
      state.defensiveTurns = appendBounded(state.defensiveTurns, turn, t.agentWindowTurns);
    const apologies = countFrom(state.apologyTurns, windowStart);
    const hedges = countFrom(state.hedgeTurns, windowStart);
    const defensive = countFrom(state.defensiveTurns, windowStart);

    // CUE-APOLOGY-2: an apology that repeats one from the last few agent turns.
    if (scan.apology > 0 && apologies >= t.repeatedApologyCount) {
      const span = spanOf(cues, "apology");
      if (span !== null) {
        cues.push({
          kind: "repeated_apology",
          start: span[0],
          end: span[1],
          polarity: "bad",
          detail: `${apologies} in ${t.agentWindowTurns} turns`,
        });
      }
    }

    // FACT-1..5: claims against the knowledge base.
    factChecks = checkAgentClaims(text, kb, t.factMinKeywordHits);
    for (const check of factChecks) {
      if (check.verdict !== "contradicts") continue;
      cues.push({
        kind: "wrong_information",
        start: check.claimStart,
        end: check.claimEnd,
        polarity: "bad",
        detail: `claimed ${check.claimed}, KB ${check.factId} says ${check.expected}`,
      });
    }

    // COMMIT-1: promises with due times.
    commitments = extractCommitments(text, at ?? undefined, config, scan.lower);
    for (const c of commitments)
      cues.push({ kind: "commitment", start: c.start, end: c.end, polarity: "good" });

    updateAgentEvidence(state, scan, index, cues, factChecks);
    agentHabits(state, scan, at, habits, t, message.channel);
    agentTriggers(state, scan, factChecks, { apologies, hedges, defensive }, triggers, context, cues, text);

    const good = scan.empathy + scan.paraphrase + scan.nextStep + commitments.length;
    if (good > 0) state.goodMoveInStreak = true;
    // RISK-3: the agent's helpful and unhelpful moves.
    state.risk.agentGood += (good > 0 ? 1 : 0) + (scan.confirm > 0 ? 0.5 : 0);
    const curt = scan.words <= CURT_REPLY_WORDS && good === 0 && state.outlook.customerNeedsHelp;
    state.risk.agentBad +=
      (scan.defensive > 0 ? 1 : 0) +
      (scan.blame > 0 ? 1 : 0) +
      (apologies >= t.repeatedApologyRaiseCount ? 0.5 : 0) +
      ((scan.hedge > 0 || scan.vague > 0) && scan.nextStep === 0 ? 1 : 0) +
      (scan.redundant > 0 ? 0.5 : 0) +
      (repeatedReply ? 0.5 : 0) +
      (curt ? 0.5 : 0);
    if (scan.effort > 0) state.outlook.effortAsks += 1;
    state.outlook.customerNeedsHelp = false;
    if (scan.nameUsed) state.nameUsed = true;
    if (scan.beyondAuthority > 0) state.beyondAuthority = true;
    if (scan.redundant > 0) state.lastRedundantAgentTurn = turn;
    // CUE-REPEAT-4: a short reply checking the customer's own words ("Your blue jacket order
    // 4421?"): the customer saying them back to confirm is not repeating themself.
    const echoed = echoedStems(text, scan, agentAllStems, state.recentCustomerStems, t.repetitionSimilarity);
    if (echoed.length > 0)
      state.agentEchoStems = addStems(state.agentEchoStems ?? [], echoed, AGENT_ECHO_STEMS);
    // CUE-REPEAT-5: a question of the agent's the customer's next message answers (not the opener
    // "how can I help?" nor "anything else?", which ask nothing specific), or a request for a detail
    // or a step to try, question mark or not ("May I know which device you have", "Please restart
    // the app"): what the customer says next reports it. Read only when an earlier reply since the
    // customer's last message has not already asked, and cheapest first: the request lexicon runs
    // only when neither a question nor a step to try already says so. A request to confirm what the
    // agent set out asks for a yes, not for a detail (CUE-REPEAT-6).
    const confirmation = asksToConfirm(text, scan.lower);
    if (state.agentAsked !== true && !confirmation) {
      const asks =
        (text.includes("?") && scan.confirm === 0 && !OPEN_QUESTION_RE.test(text)) ||
        scan.effort > 0 ||
        asksForDetail(scan);
      if (asks && !COULD_NOT_RE.test(text)) state.agentAsked = true;
    }
    state.agentAskedWhich = endsAskingWhich(text);
    state.agentAskedConfirm = confirmation;
    state.lastAgentAt = at ?? state.lastAgentAt;
  } else if (message.role === "customer") {
    const scan = scanCustomer(text, lex);
    cues = scan.cues;
    state.customerTurns++;
    if (state.awaitingSince === null) state.awaitingSince = at;

    const name = state.customerName === null ? detectCustomerName(text, message.author) : null;
    if (name !== null) {
      state.customerName = name;
      state.nameKnownAtAgentTurn = state.agentTurns;
    }
    state.provided = detectSlots(text, state.provided, scan.lower);

    // CUE-REPEAT-2: the customer says again what they already said (content overlap).
    // CUE-REPEAT-7: a notice that they sent a file says nothing again.
    const stems = uniqueStems(withoutAttachmentNotices(scan.lower));
    // CUE-REPEAT-4: words the agent echoed back to check are the customer confirming them, not
    // repeating themself; unless the agent's latest reply asked for what they had already given.
    const redundantAsk = state.lastRedundantAgentTurn === state.agentTurns;
    const echoed = redundantAsk ? [] : (state.agentEchoStems ?? []);
    state.agentEchoStems = [];
    // CUE-REPEAT-5: an answer to the agent's question that brings something new, in one's own
    // earlier words, is no repeat; the same again, with next to nothing new, still is.
    const answering = state.agentAsked === true && !redundantAsk;
    state.agentAsked = false;
    // CUE-REPEAT-6: "No, I need…" to what the agent offered or checked.
    // ("no" in the lower-cased text: a cheap check that the pattern can match at all.)
    if (
      scan.repetition === 0 &&
      state.agentAskedWhich !== true &&
      state.agentTurns > 0 &&
      scan.lower.includes("no")
    ) {
      const m = NO_I_NEED_RE.exec(text);
      if (m !== null) {
        const start = m.index + m[0].search(/no/i);
        cues.push({
          kind: "repetition",
          start,
          end: m.index + m[0].length,
          polarity: "bad",
          detail: "turns down what the agent offered",
        });
        scan.repetition = 1;
      }
    }
    // CUE-REPEAT-6: "No, make it 12:45" to a request to confirm what the agent set out.
    if (scan.repetition === 0 && state.agentAskedConfirm === true) {
      const m = CORRECTION_RE.exec(text);
      if (m !== null) {
        const start = m[1]!.length;
        cues.push({
          kind: "repetition",
          start,
          end: start + m[2]!.length,
          polarity: "bad",
          detail: "corrects what the agent asked to confirm",
        });
        scan.repetition = 1;
      }
    }
    state.agentAskedWhich = false;
    state.agentAskedConfirm = false;
    const similarity = answering
      ? Math.max(t.repetitionSimilarity, ANSWER_REPEAT_SIMILARITY)
      : t.repetitionSimilarity;
    if (scan.repetition === 0 && stems.length >= t.repetitionMinTokens) {
      for (const earlier of state.recentCustomerStems) {
        const shared = overlap(stems, earlier, echoed);
        if (shared >= similarity) {
          // CUE-REPEAT-3: a correction brings a new detail ("no, it's order 4412, not 4421").
          if (shared < 1 && isCorrection(text)) break;
          cues.push({
            kind: "repetition",
            start: 0,
            end: text.length,
            polarity: "bad",
            detail: "same content as an earlier message",
          });
          scan.repetition = 1;
          break;
        }
      }
    }
    if (stems.length > 0)
      state.recentCustomerStems = appendBounded(
        state.recentCustomerStems,
        stems.slice(0, STEMS_PER_MESSAGE),
        REPETITION_MEMORY,
      );

    const scorer = context.emotionScorer === undefined ? scoreCustomerText : context.emotionScorer;
    const scores: EmotionScores | null = scorer === null ? null : scorer(text);
    customer = updateCustomerState(state, scan, scores, t, answering);
    updateCustomerEvidence(state, scan, index, text, kb, t.factMinKeywordHits);
    customerHabits(state, scan, text, habits);
    customerTriggers(state, scan, customer, triggers, context, cues, text);
  }

  if (at !== null) state.lastAt = at;
  // RC-REPORT-1 and the decision see the evidence including this message.
  const cause = topCause(state, t.minRootCauseConfidence);
  const stepIn = decideStepIn(triggers, state, { index, at, config, kb, topCause: cause });
  const trend = customer?.trend ?? trendOf(state, t.trendDelta);
  const risk = forecastRisk(state.frustration, trend, state.risk, state.outlook, config.risk);
  state.index = index + 1;

  const analysis: MessageAnalysis = {
    index,
    role: message.role,
    risk,
    stepIn,
    cues: cues.length > 1 ? cues.sort(byPosition) : cues,
    rootCauses: presentRootCauses(state, t.minRootCauseConfidence),
    factChecks,
    commitments,
    habits,
  };
  if (customer !== undefined) analysis.customer = customer;
  return { state, analysis };
}

type Thresholds = EngineConfig["thresholds"];

function byPosition(a: Cue, b: Cue): number {
  return a.start - b.start || a.end - b.end;
}

/** How many turn numbers in a window are at or after `from`. */
function countFrom(turns: readonly number[], from: number): number {
  let n = 0;
  for (const turn of turns) if (turn >= from) n++;
  return n;
}

function uniqueStems(lower: string): string[] {
  return uniqueContentStems(lower, MAX_TEXT_FOR_STEMS);
}

/** Share of `a`'s stems that also appear in `b`, leaving out those in `except` (CUE-REPEAT-4). */
function overlap(a: readonly string[], b: readonly string[], except: readonly string[] = []): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (const s of a) if (b.includes(s) && !except.includes(s)) shared++;
  return shared / a.length;
}

/**
 * CUE-REPEAT-4: the customer's words a short checking reply of the agent's echoes back ("Your blue
 * jacket order 4421?", "So the blue jacket, order 4421?"): its content stems, when there are at most
 * `ECHO_MAX_STEMS`, it asks or restates, and at least `similarity` of them are the customer's recent
 * words. Otherwise none: a longer answer that reuses the customer's words is no echo to confirm.
 * `stems` are the reply's distinct content stems, worked out once for CUE-RESEND-1 as well.
 */
function echoedStems(
  text: string,
  scan: AgentScan,
  stems: readonly string[],
  customerStems: readonly (readonly string[])[],
  similarity: number,
): string[] {
  if (customerStems.length === 0 || (scan.paraphrase === 0 && !text.includes("?"))) return [];
  if (stems.length === 0 || stems.length > ECHO_MAX_STEMS) return [];
  const theirs = stems.filter((s) => customerStems.some((earlier) => earlier.includes(s)));
  return theirs.length / stems.length >= similarity ? theirs : [];
}

/** `list` plus the stems of `add` it lacks, at most `max` (a new list; `list` is unchanged). */
function addStems(list: readonly string[], add: readonly string[], max: number): string[] {
  const out = list.slice(0, max);
  for (const s of add) {
    if (out.length >= max) break;
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

function trendOf(state: ConversationState, delta: number): Trend {
  const history = state.frustrationHistory;
  if (history.length < 2) return "steady";
  const diff = history[history.length - 1]! - history[0]!;
  return diff > delta ? "rising" : diff < -delta ? "falling" : "steady";
}

/** CUST-FRUST-2, CUST-TREND-1, CUST-EMOTION-1. */
function updateCustomerState(
  state: ConversationState,
  scan: CustomerScan,
  scores: EmotionScores | null,
  t: Thresholds,
  answering: boolean,
): CustomerReading {
  const instant = instantFrustration(scan);
  const value = blendWithModel(instant.value, instant.strongCue, scores);
  const positive = scan.satisfaction + scan.thanks > 0;
  let next: number;
  if (state.customerTurns === 1) next = value;
  else if (value >= state.frustration)
    next = t.frustrationSmoothing * value + (1 - t.frustrationSmoothing) * state.frustration;
  else {
    // Cooling is slower than heating, unless the customer says things are better.
    const alpha = positive ? Math.max(t.frustrationSmoothing, 0.7) : t.frustrationSmoothing * 0.6;
    next = alpha * value + (1 - alpha) * state.frustration;
  }
  state.frustration = round3(clamp01(next));
  state.frustrationHistory = appendBounded(state.frustrationHistory, state.frustration, t.trendSpan + 1);
  const emotion = emotionOf(scan, scores, answering);
  if (emotion !== null) state.emotion = emotion;
  else if (state.frustration < t.frustrationHigh) state.emotion = "neutral";

  // Streak of high frustration (for DEC-REASON-STALLED) and irate-after-help (ESC-IRATE).
  if (state.frustration >= t.frustrationHigh) {
    if (state.highStreak === 0) state.goodMoveInStreak = false;
    state.highStreak++;
  } else {
    state.highStreak = 0;
  }
  if (state.helpGivenAt !== null && !state.escalated) {
    state.irateSinceHelp = state.frustration >= t.frustrationIrate ? state.irateSinceHelp + 1 : 0;
  }

  const r = state.risk;
  r.attack += scan.attack > 0 ? 1 : 0;
  r.churn += scan.churn > 0 ? 1 : 0;
  r.legal += scan.legal > 0 ? 1 : 0;
  r.manager += scan.manager > 0 ? 1 : 0;
  r.safety += scan.safety > 0 ? 1 : 0;
  r.repetition += scan.repetition > 0 ? 1 : 0;
  r.waiting += scan.waiting > 0 ? 1 : 0;
  if (scan.attack > 0) state.attackCount++;
  if (scan.manager > 0) state.managerAsks++;
  if (scan.repetition > 0) state.repetitionCount++;

  updateOutlook(state, scan, instant.negativeCue, value, t);
  return { emotion: state.emotion, frustration: state.frustration, trend: trendOf(state, t.trendDelta) };
}

/** RISK-3: what this customer message adds to the conversation-level forecast. */
function updateOutlook(
  state: ConversationState,
  scan: CustomerScan,
  negativeCue: boolean,
  reading: number,
  t: Thresholds,
): void {
  const o = state.outlook;
  o.readings++;
  o.frustrationSum = round3(o.frustrationSum + reading);
  o.peak = Math.max(o.peak, state.frustration);
  const negative = negativeCue || reading >= t.frustrationHigh;
  if (negative) o.negativeTurns += 1;
  const answered = state.agentTurns > 0;
  const asks = scan.question && scan.satisfaction === 0;
  // After the agent has replied, a problem stated again or a new question means it is not solved.
  if (answered && scan.problem) o.unresolved += 1;
  if (answered && asks) o.openQuestions += 1;
  // Satisfaction counts as resolution only after the agent replied, and not beside a problem.
  if (answered && !scan.problem)
    state.risk.satisfied += scan.satisfaction > 0 ? 1 : scan.thanks > 0 ? 0.5 : 0;
  o.customerNeedsHelp = negative || scan.problem || asks;
}

/** RC-EVIDENCE-*: agent-side evidence for root causes. */
function updateAgentEvidence(
  state: ConversationState,
  scan: AgentScan,
  index: number,
  cues: Cue[],
  checks: FactCheck[],
): void {
  // The span is the first contradicted claim's; it names that claim's fact (RC-EVIDENCE-2).
  const wrong = spanOf(cues, "wrong_information");
  const wrongFact = checks.find((c) => c.verdict === "contradicts")?.factId;
  if (wrong !== null)
    addCauseEvidence(state, "knowledge_gap", 1.2, index, wrong, "wrong_information", wrongFact);
  if (scan.hedge > 0) addCauseEvidence(state, "knowledge_gap", 0.3, index, spanOf(cues, "hedging"));
  if (scan.vague > 0) addCauseEvidence(state, "knowledge_gap", 0.2, index, spanOf(cues, "vague_answer"));
  const repeated = spanOf(cues, "repeated_apology");
  if (repeated !== null) addCauseEvidence(state, "stress", 0.45, index, repeated);
  if (scan.filler > 1) addCauseEvidence(state, "stress", 0.3, index, spanOf(cues, "filler"));
  if (scan.defensive > 0) addCauseEvidence(state, "stress", 0.35, index, spanOf(cues, "defensiveness"));
  if (scan.words > 0 && scan.words <= 3 && state.frustration >= 0.5)
    addCauseEvidence(state, "stress", 0.2, index, [0, 0]);
  if (scan.jargon > 0) addCauseEvidence(state, "language_barrier", 0.3, index, spanOf(cues, "jargon"));
  if (scan.formal !== null) addCauseEvidence(state, "power_imbalance", 0.5, index, scan.formal);
  if (scan.casual !== null) addCauseEvidence(state, "power_imbalance", 0.5, index, scan.casual);
  if (scan.policyCite !== null) addCauseEvidence(state, "policy_dispute", 0.35, index, scan.policyCite);
  const redundant = spanOf(cues, "redundant_clarification");
  if (redundant !== null) addCauseEvidence(state, "unclear_expectations", 0.3, index, redundant);
}

/** RC-EVIDENCE-*: customer-side evidence, and the customer's own words for whispers. */
function updateCustomerEvidence(
  state: ConversationState,
  scan: CustomerScan,
  index: number,
  text: string,
  kb: CompiledKnowledgeBase,
  minHits: number,
): void {
  const causes: [Span, Parameters<typeof addCauseEvidence>[1], number][] = [
    [scan.billingError, "billing_error", 1.0],
    [scan.systemMalfunction, "system_malfunction", 0.9],
    [scan.policyDispute, "policy_dispute", 0.8],
    [scan.unclearExpectations, "unclear_expectations", 0.7],
    [scan.languageBarrier, "language_barrier", 1.0],
  ];
  let mirrorSpan: Span = null;
  for (const [span, cause, weight] of causes) {
    if (span === null) continue;
    addCauseEvidence(state, cause, weight, index, span);
    mirrorSpan ??= span;
  }
  if (scan.confusion > 0) {
    const span = spanOf(scan.cues, "confusion");
    addCauseEvidence(state, "language_barrier", 0.2, index, span);
    addCauseEvidence(state, "unclear_expectations", 0.15, index, span);
  }
  // WHISPER-MIRROR-1: remember the customer's words about the problem.
  if (mirrorSpan !== null || state.mirror === null) {
    const mirror = extractMirror(text, mirrorSpan);
    if (mirror !== null) state.mirror = mirror;
  }
  // A KB fact the customer is asking about, to cite when the agent is unsure (DEC-REASON-KNOWLEDGE).
  if (kb.facts.length > 0) {
    const checks = kb.facts.length > 0 ? topicFact(text, kb, minHits) : null;
    if (checks !== null) state.topicFactId = checks;
  }
}

function topicFact(text: string, kb: CompiledKnowledgeBase, minHits: number): string | null {
  const clipped = text.length > MAX_TEXT_FOR_STEMS ? text.slice(0, MAX_TEXT_FOR_STEMS) : text;
  const stems = new Set(contentStems(clipped).map(canonicalStem));
  const wanted = questionKind(clipped);
  let best: string | null = null;
  let bestScore = Math.max(1, minHits - 1);
  const hits = new Map<number, number>();
  for (const s of stems) {
    const facts = kb.byKeyword.get(s);
    if (facts === undefined) continue;
    for (const i of facts) hits.set(i, (hits.get(i) ?? 0) + 1);
  }
  for (const [i, hitCount] of hits) {
    const fact = kb.facts[i];
    if (fact === undefined) continue;
    // The kind of question ("how long", "how much") breaks ties between facts on one topic.
    const score = hitCount + (wanted !== null && wanted === fact.kind ? 0.5 : 0);
    if (score > bestScore || (best === null && score >= bestScore)) {
      best = fact.fact.id;
      bestScore = score;
    }
  }
  return best;
}

const QUESTION_KINDS: readonly (readonly [RegExp, FactKind])[] = [
  [/\b(?:how long|how many (?:days|weeks|hours|months)|when will|how soon|how quickly)\b/i, "duration"],
  [/\b(?:how much|cost|price|fee)\b/i, "money"],
  [/\b(?:what percent|percentage|discount)\b/i, "percent"],
  [/\b(?:how many)\b/i, "count"],
  [/\b(?:do you|can i|is it possible|are you able|do i get)\b/i, "boolean"],
];

function questionKind(text: string): FactKind | null {
  for (const [re, kind] of QUESTION_KINDS) if (re.test(text)) return kind;
  return null;
}

/** HABIT-*: the agent-side habit events of this message. */
function agentHabits(
  state: ConversationState,
  scan: AgentScan,
  at: number | null,
  habits: HabitEvent[],
  t: Thresholds,
  channel: EngineMessage["channel"],
): void {
  // HABIT-NAME-1/2
  if (state.customerName !== null && !state.nameUsed) {
    if (scan.nameUsed)
      habits.push({
        habit: "use_name",
        status: "done",
        detail: `used the customer's name (${state.customerName})`,
      });
    else if (
      !state.nameMissedReported &&
      state.nameKnownAtAgentTurn !== null &&
      state.agentTurns - state.nameKnownAtAgentTurn >= t.useNameAfterAgentTurns
    ) {
      state.nameMissedReported = true;
      habits.push({
        habit: "use_name",
        status: "missed",
        detail: `${state.agentTurns - state.nameKnownAtAgentTurn} replies without using ${state.customerName}'s name`,
      });
    }
  }
  // HABIT-UPDATE-1/2 and HABIT-ENGAGED-2: while the customer is on hold (a copy: the state's
  // nested records are shared with the caller's).
  const hold = state.hold === null ? null : { ...state.hold };
  if (hold !== null) {
    state.hold = hold;
    if (at !== null && hold.lastAgentAt !== null) {
      const silence = at - hold.lastAgentAt;
      if (silence > t.updateIntervalMaxMs) {
        habits.push({
          habit: "update_while_waiting",
          status: "missed",
          detail: `no update for ${Math.round(silence / 60_000)} min while the customer waited`,
        });
      } else if (!hold.reportedUpdate && hold.since !== null && at - hold.since >= t.updateIntervalMs) {
        hold.reportedUpdate = true;
        habits.push({
          habit: "update_while_waiting",
          status: "done",
          detail: "kept the waiting customer updated",
        });
      }
    }
    if (scan.holdNarration > 0 && !hold.narrated) {
      hold.narrated = true;
      habits.push({
        habit: "keep_engaged",
        status: "done",
        detail: "told the customer what they were doing while they waited",
      });
    }
    hold.lastAgentAt = at ?? hold.lastAgentAt;
    // The hold ends when the agent comes back with a result rather than another "one moment".
    if (scan.hold === 0 && scan.holdNarration === 0) state.hold = null;
  } else if (scan.hold > 0 && channel !== "email") {
    // An e-mail's "let me check" is no hold: the customer is not waiting on the line, and a reply
    // hours later read "no update for 180 min while the customer waited" (HABIT-UPDATE-3).
    state.hold = { since: at, lastAgentAt: at, narrated: false, reportedUpdate: false };
  }
  // HABIT-CONFIRM-1/2
  if (!state.confirmReported) {
    if (scan.confirm > 0) {
      state.confirmReported = true;
      habits.push({
        habit: "confirm_need_met",
        status: "done",
        detail: "checked the need was met before closing",
      });
    } else if (scan.closing > 0 && state.customerSaidDone === true) {
      // HABIT-CONFIRM-3: the customer already said the need is met; asking again is not needed.
      state.confirmReported = true;
    } else if (scan.closing > 0) {
      state.confirmReported = true;
      habits.push({
        habit: "confirm_need_met",
        status: "missed",
        detail: "closed without checking the customer's need was met and the next steps were clear",
      });
    }
  }
}

/** HABIT-ENGAGED-1, HABIT-CONFIRM-3. */
function customerHabits(
  state: ConversationState,
  scan: CustomerScan,
  text: string,
  habits: HabitEvent[],
): void {
  // HABIT-CONFIRM-3: "thanks, that's all I needed" after the agent's answer; a new problem or
  // question reopens the need.
  if (!state.confirmReported && state.agentTurns > 0) {
    const done = !scan.problem && !scan.question && saysNeedMet(text);
    if (done || state.customerSaidDone === true) state.customerSaidDone = done;
  }
  if (state.hold !== null && scan.waiting > 0) {
    habits.push({
      habit: "keep_engaged",
      status: "missed",
      detail: "the customer on hold asked whether anyone was there",
    });
  }
}

/** DEC-REASON-* from an agent message. */
function agentTriggers(
  state: ConversationState,
  scan: AgentScan,
  checks: FactCheck[],
  windows: { apologies: number; hedges: number; defensive: number },
  triggers: Trigger[],
  context: EngineContext,
  cues: Cue[],
  text: string,
): void {
  const t = context.config.thresholds;
  // A fact the agent now states rightly is corrected: no longer one to whisper (DEC-CAUSE-RUNG-1).
  // Its alert record goes too: stated wrongly again, it is raised again (DEC-COOLDOWN-2), since the
  // server revised the alert that asked to correct it.
  for (const c of checks)
    if (c.verdict === "agrees" && state.contradictedFacts.includes(c.factId)) {
      state.contradictedFacts = state.contradictedFacts.filter((id) => id !== c.factId);
      state.alerts = state.alerts.filter((a) => a.reason !== "wrong_information" || a.factId !== c.factId);
    }
  // DEC-REASON-WRONGINFO
  const wrong = checks.find((c) => c.verdict === "contradicts");
  if (wrong !== undefined) {
    triggers.push({
      reason: "wrong_information",
      rung: "whisper",
      rule: "DEC-REASON-WRONGINFO",
      variant: "wrong_information.fact",
      why: `agent said "${wrong.claimed}" but your team's knowledge says ${wrong.expected}`,
      factId: wrong.factId,
      needsAuthority: false,
    });
    state.risk.wrongInfo += 1;
    if (!state.contradictedFacts.includes(wrong.factId))
      state.contradictedFacts = appendBounded(state.contradictedFacts, wrong.factId, 8);
  }
  // DEC-REASON-BLAME
  if (scan.blame > 0) {
    triggers.push({
      reason: "not_solution_focused",
      rung: "whisper",
      rule: "DEC-REASON-BLAME",
      variant: "not_solution_focused.blame_coworker",
      why: `agent put the blame on someone else (a colleague, another team, the courier, the system) in front of the customer${quoteCue(text, cues, "blame_coworker")}`,
      factId: null,
      needsAuthority: false,
    });
  }
  // DEC-REASON-DEFENSIVE: one defensive line is noise unless the customer is already upset.
  if (scan.defensive > 0 && scan.blame === 0) {
    const strong = windows.defensive >= 3 ? "offer_takeover" : windows.defensive >= 2 ? "whisper" : null;
    const rung = strong ?? (state.frustration >= t.frustrationHigh ? "signal" : null);
    if (rung !== null) {
      triggers.push({
        reason: "not_solution_focused",
        rung,
        rule: "DEC-REASON-DEFENSIVE",
        variant: "not_solution_focused.defensiveness",
        why: `agent is defending themself rather than solving${quoteCue(text, cues, "defensiveness")}`,
        factId: null,
        needsAuthority: false,
      });
    }
  }
  // DEC-REASON-APOLOGIES: apology after apology with no step forward.
  if (scan.apology > 0 && windows.apologies >= t.repeatedApologyRaiseCount && scan.nextStep === 0) {
    triggers.push({
      reason: "not_solution_focused",
      rung: "signal",
      rule: "DEC-REASON-APOLOGIES",
      variant: "not_solution_focused.apologies",
      why: `${windows.apologies} apologies in the last ${t.agentWindowTurns} replies and no next step`,
      factId: null,
      needsAuthority: false,
    });
  }
  // DEC-REASON-KNOWLEDGE: hedging or vague replies turn after turn.
  if ((scan.hedge > 0 || scan.vague > 0) && windows.hedges >= t.hedgeRaiseCount) {
    const factId = state.topicFactId;
    triggers.push({
      reason: "needs_authority",
      rung: "whisper",
      rule: "DEC-REASON-KNOWLEDGE",
      variant: factId !== null ? "needs_authority.knowledge_fact" : "needs_authority.knowledge",
      why: `agent unsure or vague in ${windows.hedges} of the last ${t.agentWindowTurns} replies`,
      factId,
      needsAuthority: false,
    });
  }
  // DEC-REASON-BEYOND: the agent says they cannot approve what the customer needs.
  if (scan.beyondAuthority > 0) {
    triggers.push({
      reason: "needs_authority",
      rung: "whisper",
      rule: "DEC-REASON-BEYOND",
      variant: "needs_authority.beyond_authority",
      why: `agent says it is beyond their authority${quoteCue(text, cues, "beyond_authority")}`,
      factId: null,
      needsAuthority: true,
    });
  }
}

/** DEC-REASON-* and ESC-* from a customer message. */
function customerTriggers(
  state: ConversationState,
  scan: CustomerScan,
  reading: CustomerReading,
  triggers: Trigger[],
  context: EngineContext,
  cues: Cue[],
  text: string,
): void {
  const { thresholds: t, escalation } = context.config;
  // ESC-SAFETY / ESC-SECURITY: straight to the supervisor.
  if (scan.safety > 0) {
    triggers.push({
      reason: "needs_authority",
      rung: "escalate",
      rule: "ESC-SAFETY",
      variant: "escalate.safety",
      why: `safety risk${quoteCue(text, cues, "safety_threat")}`,
      factId: null,
      needsAuthority: true,
    });
  }
  if (scan.security > 0 && escalation.onSecurityRisk) {
    triggers.push({
      reason: "needs_authority",
      rung: "escalate",
      rule: "ESC-SECURITY",
      variant: "escalate.security",
      why: `security risk${quoteCue(text, cues, "security_risk")}`,
      factId: null,
      needsAuthority: true,
    });
  }
  // DEC-REASON-LEGAL / ESC-AUTHORITY
  if (scan.legal > 0) {
    triggers.push({
      reason: "needs_authority",
      rung: escalation.onLegalThreat ? "escalate" : "offer_takeover",
      rule: escalation.onLegalThreat ? "ESC-AUTHORITY" : "DEC-REASON-LEGAL",
      variant: "needs_authority.legal",
      why: `legal threat${quoteCue(text, cues, "legal_threat")}`,
      factId: null,
      needsAuthority: true,
    });
  }
  // DEC-REASON-MANAGER: a request for someone with more authority (not "my manager asked me…").
  if (scan.manager > 0) {
    const beyond = state.managerAsks >= 2 || state.beyondAuthority;
    triggers.push({
      reason: "needs_authority",
      rung: beyond ? "escalate" : "offer_takeover",
      rule: beyond ? "ESC-AUTHORITY" : "DEC-REASON-MANAGER",
      variant: beyond ? "escalate.authority" : "needs_authority.manager",
      why: `customer asked for someone with more authority${quoteCue(text, cues, "asks_manager")}${beyond ? " again, beyond the agent's authority" : ""}`,
      factId: null,
      needsAuthority: true,
    });
  }
  // DEC-NO-EARLY: reactions to the agent need the agent to have spoken first.
  if (state.agentTurns >= 1) {
    // DEC-REASON-ATTACK
    if (scan.attack > 0) {
      triggers.push({
        reason: "customer_reacting_to_agent",
        rung: state.attackCount >= 2 ? "offer_takeover" : "whisper",
        rule: "DEC-REASON-ATTACK",
        variant: "customer_reacting_to_agent.attack",
        why: `customer is now reacting to the agent personally${quoteCue(text, cues, "personal_attack")}`,
        factId: null,
        needsAuthority: false,
      });
    }
    // DEC-REASON-REPETITION: the customer feels unheard.
    const redundantRecently =
      state.lastRedundantAgentTurn !== null && state.agentTurns - state.lastRedundantAgentTurn <= 2;
    if (scan.repetition > 0 && scan.attack === 0 && (state.repetitionCount >= 2 || redundantRecently)) {
      triggers.push({
        reason: "customer_reacting_to_agent",
        rung:
          redundantRecently && state.repetitionCount >= 2
            ? "whisper"
            : redundantRecently
              ? "whisper"
              : "signal",
        rule: "DEC-REASON-REPETITION",
        variant: "customer_reacting_to_agent.repetition",
        why: `customer repeats themself${redundantRecently ? " after being asked for what they already gave" : ""}${quoteCue(text, cues, "repetition")}`,
        factId: null,
        needsAuthority: false,
      });
    }
  }
  // DEC-REASON-STALLED: high frustration for several turns and no good move from the agent.
  if (state.agentTurns >= 2 && state.highStreak >= t.persistentFrustrationTurns && !state.goodMoveInStreak) {
    triggers.push({
      reason: "not_solution_focused",
      rung: "signal",
      rule: "DEC-REASON-STALLED",
      variant: "not_solution_focused.stalled",
      why: `customer frustrated for ${state.highStreak} turns (${reading.frustration.toFixed(2)}, ${reading.trend}) with no empathy or next step`,
      factId: null,
      needsAuthority: false,
    });
  }
  // ESC-IRATE: still irate after a whisper or more.
  if (state.irateSinceHelp >= t.irateAfterHelpTurns && reading.trend !== "falling") {
    triggers.push({
      reason: state.lastReasons[0] ?? "customer_reacting_to_agent",
      rung: "escalate",
      rule: "ESC-IRATE",
      variant: "escalate.irate",
      why: `customer still irate ${state.irateSinceHelp} turns after help (${reading.frustration.toFixed(2)})`,
      factId: null,
      needsAuthority: true,
    });
  }
}

/** The evidence of the first cue of `kind`, quoted for a `why` line. */
/** Words a quote should not end on: "report this to" says less than "report this to my bank". */
const DANGLING_END = /\b(?:to|with|for|of|at|about|on|in|a|an|the|my|your|our|this|that)$/i;

function quoteCue(text: string, cues: readonly Cue[], kind: Cue["kind"]): string {
  const span = spanOf(cues, kind);
  if (span === null) return "";
  let end = span[1];
  // A cue that ends on a preposition or an article runs on, a word at a time (three at most), to
  // the word that says what it is about, and never past the end of its clause.
  for (let words = 0; words < 3 && DANGLING_END.test(text.slice(span[0], end)); words++) {
    const next = /^\s+[\p{L}\p{N}'’-]+/u.exec(text.slice(end));
    if (next === null) break;
    end += next[0].length;
  }
  const s = text.slice(span[0], end);
  return ` ("${s.length > 60 ? `${s.slice(0, 57)}…` : s}")`;
}

/**
 * Every message's analysis, in order, from a fresh state: the whole conversation at once (loop 2's
 * debrief and QA, evaluations). The live path calls `observe` per message and keeps the state.
 */
export function observeConversation(
  messages: readonly EngineMessage[],
  context: EngineContext = createEngineContext(),
): MessageAnalysis[] {
  let state = createConversationState();
  return messages.map((m) => {
    const r = observe(state, m, context);
    state = r.state;
    return r.analysis;
  });
}

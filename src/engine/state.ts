import type { CustomerEmotion, EvidenceSpan, RootCause, Rung, StepInReason } from "./types.ts";

/** Slots of information a customer can give, used to spot redundant clarification. */
export type Slot = "order" | "email" | "phone" | "account" | "address" | "name";

export const ROOT_CAUSES: readonly RootCause[] = [
  "knowledge_gap",
  "stress",
  "language_barrier",
  "power_imbalance",
  "unclear_expectations",
  "policy_dispute",
  "billing_error",
  "system_malfunction",
];

/** Running signals for the risk forecast: decayed counts, one per feature. */
export interface RiskCounters {
  attack: number;
  churn: number;
  legal: number;
  manager: number;
  safety: number;
  wrongInfo: number;
  agentBad: number;
  agentGood: number;
  repetition: number;
  waiting: number;
  satisfied: number;
}

/**
 * Conversation-level signals for the risk forecast (RISK-1, RISK-3): the worst and the mean
 * frustration so far, and slowly fading tallies of negative customer turns, problems still stated
 * after the agent replied, and questions the customer still has to ask.
 */
export interface ConversationOutlook {
  peak: number;
  frustrationSum: number;
  readings: number;
  negativeTurns: number;
  unresolved: number;
  openQuestions: number;
  /** Agent turns asking the customer to dig out details or carry out steps. */
  effortAsks: number;
  /** The customer's last message was negative, stated a problem or asked something. */
  customerNeedsHelp: boolean;
}

/** A fresh outlook (also fills in states stored before it existed). */
export function createOutlook(): ConversationOutlook {
  return {
    peak: 0,
    frustrationSum: 0,
    readings: 0,
    negativeTurns: 0,
    unresolved: 0,
    openQuestions: 0,
    effortAsks: 0,
    customerNeedsHelp: false,
  };
}

export interface AlertRecord {
  reason: StepInReason;
  rung: Rung;
  index: number;
  at: number | null;
  factId: string | null;
}

export interface CauseRecord {
  score: number;
  evidence: CauseEvidence[];
}

/**
 * A cause's evidence as the state keeps it: a wrong answer's span also names the fact it got wrong,
 * so that once the agent has put that fact right the line is no longer cited (`presentRootCauses`).
 * States stored before have no fact on their spans.
 */
export type CauseEvidence = EvidenceSpan & { factId?: string };

/**
 * Everything the engine remembers about one conversation. Plain JSON, bounded whatever the
 * conversation's length (STATE-BOUNDED-1): windows are fixed-size, counters decay, strings are
 * capped. The server stores it per conversation and hands it back after a restart.
 */
export interface ConversationState {
  version: 1;
  /** Index the next message will get. */
  index: number;
  agentTurns: number;
  customerTurns: number;
  lastAt: number | null;
  lastAgentAt: number | null;
  /** When the oldest customer message the agent has not yet answered arrived. */
  awaitingSince: number | null;
  /** Customer on hold: when the agent said "let me check", and the hold's bookkeeping. */
  hold: {
    since: number | null;
    lastAgentAt: number | null;
    narrated: boolean;
    reportedUpdate: boolean;
  } | null;
  customerName: string | null;
  nameKnownAtAgentTurn: number | null;
  nameUsed: boolean;
  nameMissedReported: boolean;
  confirmReported: boolean;
  /**
   * The customer's last word on their need was that it is met ("thanks, that's all I needed"), so
   * a close that does not ask again misses nothing (HABIT-CONFIRM-3). Optional: states stored
   * before it existed read as false.
   */
  customerSaidDone?: boolean;
  /** Agent-turn numbers (last few) carrying an apology / hedge / defensive line. */
  apologyTurns: number[];
  hedgeTurns: number[];
  defensiveTurns: number[];
  /** Agent turns since the customer's last redundant-clarification complaint window. */
  lastRedundantAgentTurn: number | null;
  /** Content stems of the last few customer messages (for repetition). */
  recentCustomerStems: string[][];
  /**
   * Content stems of the agent's last few replies (for CUE-RESEND-1). Optional: states
   * stored before it existed read as empty.
   */
  recentAgentStems?: string[][];
  /**
   * The customer's words the agent echoed back to check since the customer's last message
   * (bounded): saying them back is a confirmation, not a repetition (CUE-REPEAT-4). Optional:
   * states stored before it existed read as empty.
   */
  agentEchoStems?: string[];
  /**
   * The agent asked the customer something specific since their last message: their answer in
   * their own earlier words is no repeat (CUE-REPEAT-5). Optional: older states read as false.
   */
  agentAsked?: boolean;
  /**
   * The agent's latest reply ends asking which, what, when, where, how, who or why: a "No, I
   * need…" does not turn down anything it offered (CUE-REPEAT-6). Optional: older states read as
   * false.
   */
  agentAskedWhich?: boolean;
  /**
   * The agent's latest reply asks the customer to confirm what it set out ("Please confirm the
   * following details…"): a "no" to it puts the agent right (CUE-REPEAT-6). Optional: older states
   * read as false.
   */
  agentAskedConfirm?: boolean;
  provided: Slot[];
  frustration: number;
  frustrationHistory: number[];
  emotion: CustomerEmotion;
  /** Consecutive customer turns at or above the high-frustration threshold. */
  highStreak: number;
  /** A good agent move (empathy, paraphrase, next step) since the streak began. */
  goodMoveInStreak: boolean;
  repetitionCount: number;
  attackCount: number;
  managerAsks: number;
  beyondAuthority: boolean;
  /** Irate customer turns since the first whisper-or-higher alert. */
  irateSinceHelp: number;
  helpGivenAt: number | null;
  escalated: boolean;
  lastReasons: StepInReason[];
  alerts: AlertRecord[];
  contradictedFacts: string[];
  /** A KB fact the customer's own words point at, cited when the agent is unsure. */
  topicFactId: string | null;
  mirror: string | null;
  causes: Record<RootCause, CauseRecord>;
  risk: RiskCounters;
  outlook: ConversationOutlook;
}

/** A fresh state for a new conversation. */
export function createConversationState(): ConversationState {
  const causes = {} as Record<RootCause, CauseRecord>;
  for (const cause of ROOT_CAUSES) causes[cause] = { score: 0, evidence: [] };
  return {
    version: 1,
    index: 0,
    agentTurns: 0,
    customerTurns: 0,
    lastAt: null,
    lastAgentAt: null,
    awaitingSince: null,
    hold: null,
    customerName: null,
    nameKnownAtAgentTurn: null,
    nameUsed: false,
    nameMissedReported: false,
    confirmReported: false,
    customerSaidDone: false,
    apologyTurns: [],
    hedgeTurns: [],
    defensiveTurns: [],
    lastRedundantAgentTurn: null,
    recentCustomerStems: [],
    recentAgentStems: [],
    agentEchoStems: [],
    agentAsked: false,
    agentAskedWhich: false,
    agentAskedConfirm: false,
    provided: [],
    frustration: 0,
    frustrationHistory: [],
    emotion: "neutral",
    highStreak: 0,
    goodMoveInStreak: false,
    repetitionCount: 0,
    attackCount: 0,
    managerAsks: 0,
    beyondAuthority: false,
    irateSinceHelp: 0,
    helpGivenAt: null,
    escalated: false,
    lastReasons: [],
    alerts: [],
    contradictedFacts: [],
    topicFactId: null,
    mirror: null,
    causes,
    risk: {
      attack: 0,
      churn: 0,
      legal: 0,
      manager: 0,
      safety: 0,
      wrongInfo: 0,
      agentBad: 0,
      agentGood: 0,
      repetition: 0,
      waiting: 0,
      satisfied: 0,
    },
    outlook: createOutlook(),
  };
}

/**
 * A copy the engine may change without touching the caller's value (API-PURE-1). Structural
 * sharing: only the top level and the small records every message rewrites (risk counters, the
 * cause table) are copied; arrays and nested records are shared and never changed in place —
 * the engine replaces them (`appendBounded`, spread copies) when it needs a different value.
 */
export function copyState(s: ConversationState): ConversationState {
  // Field by field rather than a spread: every state then shares one object shape.
  return {
    version: s.version,
    index: s.index,
    agentTurns: s.agentTurns,
    customerTurns: s.customerTurns,
    lastAt: s.lastAt,
    lastAgentAt: s.lastAgentAt,
    awaitingSince: s.awaitingSince,
    hold: s.hold,
    customerName: s.customerName,
    nameKnownAtAgentTurn: s.nameKnownAtAgentTurn,
    nameUsed: s.nameUsed,
    nameMissedReported: s.nameMissedReported,
    confirmReported: s.confirmReported,
    customerSaidDone: s.customerSaidDone ?? false,
    apologyTurns: s.apologyTurns,
    hedgeTurns: s.hedgeTurns,
    defensiveTurns: s.defensiveTurns,
    lastRedundantAgentTurn: s.lastRedundantAgentTurn,
    recentCustomerStems: s.recentCustomerStems,
    recentAgentStems: s.recentAgentStems ?? [],
    agentEchoStems: s.agentEchoStems ?? [],
    agentAsked: s.agentAsked ?? false,
    agentAskedWhich: s.agentAskedWhich ?? false,
    agentAskedConfirm: s.agentAskedConfirm ?? false,
    provided: s.provided,
    frustration: s.frustration,
    frustrationHistory: s.frustrationHistory,
    emotion: s.emotion,
    highStreak: s.highStreak,
    goodMoveInStreak: s.goodMoveInStreak,
    repetitionCount: s.repetitionCount,
    attackCount: s.attackCount,
    managerAsks: s.managerAsks,
    beyondAuthority: s.beyondAuthority,
    irateSinceHelp: s.irateSinceHelp,
    helpGivenAt: s.helpGivenAt,
    escalated: s.escalated,
    lastReasons: s.lastReasons,
    alerts: s.alerts,
    contradictedFacts: s.contradictedFacts,
    topicFactId: s.topicFactId,
    mirror: s.mirror,
    causes: { ...s.causes },
    risk: { ...s.risk },
    // States stored before the outlook existed start with an empty one.
    outlook: s.outlook === undefined ? createOutlook() : { ...s.outlook },
  };
}

/** A new window: `list` plus `item`, keeping only the newest `max` entries. `list` is unchanged. */
export function appendBounded<T>(list: readonly T[], item: T, max: number): T[] {
  const from = list.length + 1 > max ? list.length + 1 - max : 0;
  const out = list.slice(from);
  out.push(item);
  return out;
}

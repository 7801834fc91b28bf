/**
 * Public types of the step-in engine (docs: src/engine/SPEC.md). Everything here is plain data:
 * the engine reads messages and returns analyses; it never performs I/O and never reads a clock.
 */

export type MessageRole = "customer" | "agent" | "system";

/** One utterance. `at` is epoch milliseconds; without it no timing cues or due dates are derived. */
export interface EngineMessage {
  role: MessageRole;
  text: string;
  at?: number;
  author?: string;
  /** The conversation's channel, when known: an e-mail's wait is judged in hours (`emailLongGapMs`). */
  channel?: "chat" | "email" | "voice" | "social";
}

export type CueKind =
  // agent, bad
  | "filler"
  | "apology"
  | "repeated_apology"
  | "hedging"
  | "vague_answer"
  | "redundant_clarification"
  | "defensiveness"
  | "blame_coworker"
  | "jargon"
  | "long_gap"
  | "hold"
  | "repeated_reply"
  // agent, good
  | "empathy"
  | "paraphrase"
  | "customer_name"
  | "thanks"
  | "next_step"
  | "beyond_authority"
  // customer
  | "frustration"
  | "anger"
  | "confusion"
  | "satisfaction"
  | "anxiety"
  | "repetition"
  | "waiting"
  | "churn_threat"
  | "legal_threat"
  | "asks_manager"
  | "personal_attack"
  | "safety_threat"
  | "security_risk"
  | "shouting"
  // either
  | "wrong_information"
  | "commitment";

export interface Cue {
  kind: CueKind;
  /** Character offsets into the message text, end exclusive. */
  start: number;
  end: number;
  polarity: "good" | "bad" | "neutral";
  detail?: string;
}

export type CustomerEmotion = "neutral" | "frustrated" | "angry" | "confused" | "satisfied" | "anxious";

export type StepInReason =
  "wrong_information" | "not_solution_focused" | "customer_reacting_to_agent" | "needs_authority";

export type Rung = "observe" | "signal" | "whisper" | "offer_takeover" | "escalate";

export type RootCause =
  | "knowledge_gap"
  | "stress"
  | "language_barrier"
  | "power_imbalance"
  | "unclear_expectations"
  | "policy_dispute"
  | "billing_error"
  | "system_malfunction";

export type Trend = "rising" | "steady" | "falling";

export interface EvidenceSpan {
  index: number;
  start: number;
  end: number;
  /**
   * The cue the span is, when the cause's evidence is one that names the line better than the
   * cause does: a wrong answer is evidence of a knowledge gap, and is shown as wrong information.
   */
  cue?: CueKind;
}

export interface RootCauseHypothesis {
  cause: RootCause;
  confidence: number;
  evidence: EvidenceSpan[];
}

export interface FactCheck {
  factId: string;
  claimStart: number;
  claimEnd: number;
  claimed: string;
  expected: string;
  verdict: "contradicts" | "agrees";
}

export interface Commitment {
  text: string;
  start: number;
  end: number;
  /** Epoch ms the promise falls due, resolved from the message time; null without `at`. */
  dueAt: number | null;
}

export type HabitName = "use_name" | "update_while_waiting" | "confirm_need_met" | "keep_engaged";

export interface HabitEvent {
  habit: HabitName;
  status: "missed" | "done";
  detail: string;
}

export interface StepInDecision {
  raise: boolean;
  reasons: StepInReason[];
  rung: Rung;
  escalate: boolean;
  /** One sentence for the helper to whisper, fitted to the cause; null when nothing is raised. */
  suggestion: string | null;
  factId: string | null;
  needsAuthority: boolean;
  /** One human-readable line: why this decision (or why nothing was raised). */
  why: string;
  /** Rule ids (SPEC.md) that produced this decision. */
  rules: string[];
  /** Reasons that were present but held back by a cooldown or as duplicates. */
  suppressed: StepInReason[];
  /**
   * The parts of `why` that say what the agent got wrong (DEC-REASON-WRONGINFO), each with the fact
   * it is about: a card drops them by this, not by their words, once the agent puts the fact right.
   * Absent from decisions that raise nothing and from analyses stored before it existed.
   */
  wrongFacts?: WrongFactWhy[];
}

/** A part of a step-in's why that says what the agent got wrong, and the fact it is about. */
export interface WrongFactWhy {
  factId: string;
  why: string;
}

export interface CustomerReading {
  emotion: CustomerEmotion;
  frustration: number;
  trend: Trend;
}

export interface MessageAnalysis {
  index: number;
  role: MessageRole;
  /** 0..1: how likely the conversation ends badly for the customer, forecast from the prefix. */
  risk: number;
  customer?: CustomerReading;
  stepIn: StepInDecision;
  cues: Cue[];
  rootCauses: RootCauseHypothesis[];
  factChecks: FactCheck[];
  commitments: Commitment[];
  habits: HabitEvent[];
}

export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

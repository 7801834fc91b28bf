/**
 * The scenario suite: realistic conversations with the decisions the engine must make, used by
 * scenarios.test.ts and handy for demos. Times: each message comes `wait` seconds (default 40)
 * after the previous one, from `start` (default Monday 2026-03-02 10:00 UTC).
 */
import escalation from "./escalation.json" with { type: "json" };
import habitsCommitments from "./habits-commitments.json" with { type: "json" };
import hardNegatives from "./hard-negatives.json" with { type: "json" };
import kb from "./kb.json" with { type: "json" };
import needsAuthority from "./needs-authority.json" with { type: "json" };
import notSolutionFocused from "./not-solution-focused.json" with { type: "json" };
import reactingToAgent from "./reacting-to-agent.json" with { type: "json" };
import rootCauses from "./root-causes.json" with { type: "json" };
import wrongInformation from "./wrong-information.json" with { type: "json" };
import type { KnowledgeBase } from "../knowledge.ts";
import type { CustomerEmotion, MessageRole, RootCause, Rung, StepInReason, Trend } from "../types.ts";

export interface ScenarioMessage {
  role: MessageRole;
  text: string;
  author?: string;
  /** Seconds after the previous message (default 40). */
  wait?: number;
}

export interface ExpectedRaise {
  index: number;
  rung: Rung;
  reasons?: StepInReason[];
  escalate?: boolean;
  factId?: string | null;
  needsAuthority?: boolean;
}

export interface ScenarioExpectations {
  /** Exactly the messages that raise; every other message must not. */
  raises: ExpectedRaise[];
  cues?: { index: number; kind: string }[];
  noCue?: { index: number; kind: string }[];
  factChecks?: { index: number; factId: string; verdict: "agrees" | "contradicts" }[];
  /** Exactly these commitments across the conversation. */
  commitments?: { index: number; dueAt?: string; dueAfterMs?: number }[];
  habits?: { index: number; habit: string; status: "missed" | "done" }[];
  rootCause?: { index: number; cause: RootCause };
  rootCauseAnywhere?: RootCause[];
  suggestionIncludes?: { index: number; text: string }[];
  customer?: { index: number; emotion?: CustomerEmotion; trend?: Trend }[];
  suppressed?: { index: number; reason: StepInReason }[];
  finalRisk?: { max?: number; min?: number };
}

export interface Scenario {
  id: string;
  title: string;
  covers: string[];
  start?: string;
  config?: Record<string, unknown>;
  messages: ScenarioMessage[];
  expect: ScenarioExpectations;
}

export const SCENARIO_START = "2026-03-02T10:00:00Z";
export const DEFAULT_WAIT_S = 40;

export const SCENARIO_KB: KnowledgeBase = kb as KnowledgeBase;

export const SCENARIOS: readonly Scenario[] = [
  ...wrongInformation,
  ...notSolutionFocused,
  ...reactingToAgent,
  ...needsAuthority,
  ...escalation,
  ...rootCauses,
  ...hardNegatives,
  ...habitsCommitments,
] as Scenario[];

/** The epoch-ms time of each message of a scenario. */
export function scenarioTimes(scenario: Scenario): number[] {
  let t = Date.parse(scenario.start ?? SCENARIO_START);
  return scenario.messages.map((m, i) => {
    if (i > 0) t += (m.wait ?? DEFAULT_WAIT_S) * 1000;
    return t;
  });
}

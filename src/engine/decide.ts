import type { EngineConfig } from "./config.ts";
import type { CompiledKnowledgeBase } from "./knowledge.ts";
import { appendBounded, type AlertRecord, type ConversationState } from "./state.ts";
import type { SuggestionKey } from "./suggestions.ts";
import type { RootCause, Rung, StepInDecision, StepInReason } from "./types.ts";

/**
 * DEC-*: from the triggers a message produced to one step-in decision. Triggers name a reason,
 * the lowest rung that can work, the rule that fired and a suggestion variant. This module
 * applies the ladder (climb only when earlier help did not work), cooldowns and duplicate
 * suppression, and writes the whisper.
 */

export interface Trigger {
  reason: StepInReason;
  rung: Exclude<Rung, "observe">;
  rule: string;
  variant: SuggestionKey;
  why: string;
  factId: string | null;
  needsAuthority: boolean;
}

const RUNG_RANK: Readonly<Record<Rung, number>> = {
  observe: 0,
  signal: 1,
  whisper: 2,
  offer_takeover: 3,
  escalate: 4,
};
const RUNGS: readonly Rung[] = ["observe", "signal", "whisper", "offer_takeover", "escalate"];

/** Variants whose wording is specific to what happened; others give way to the root cause. */
const SPECIFIC_VARIANTS: ReadonlySet<SuggestionKey> = new Set<SuggestionKey>([
  "wrong_information.fact",
  "not_solution_focused.blame_coworker",
  "customer_reacting_to_agent.repetition",
  // The customer turning on the agent is the card's strongest evidence then, over any root cause.
  "customer_reacting_to_agent.attack",
  "needs_authority.manager",
  "needs_authority.legal",
  "needs_authority.beyond_authority",
  "needs_authority.knowledge_fact",
  "escalate.safety",
  "escalate.security",
  "escalate.irate",
  "escalate.authority",
]);

/**
 * DEC-CAUSE-RUNG-1: the least intrusive step that can work for each root cause. A signal (a private
 * nudge that someone is watching) carries no words, so it fits where the agent has what they need
 * and lacks support or a moment to see it. It cannot correct a wrong fact or give a missing one:
 * an open knowledge gap needs at least a whisper, and the whisper carries the fact when one is known.
 */
export const CAUSE_RUNG: Readonly<Record<RootCause, Exclude<Rung, "observe">>> = {
  knowledge_gap: "whisper",
  stress: "signal",
  language_barrier: "signal",
  power_imbalance: "signal",
  unclear_expectations: "signal",
  policy_dispute: "signal",
  billing_error: "signal",
  system_malfunction: "signal",
};

export interface DecideContext {
  index: number;
  at: number | null;
  config: EngineConfig;
  kb: CompiledKnowledgeBase;
  topCause: RootCause | null;
}

/** Applies the ladder, cooldowns and duplicate suppression; updates the alert bookkeeping. */
export function decideStepIn(
  triggers: Trigger[],
  state: ConversationState,
  ctx: DecideContext,
): StepInDecision {
  if (triggers.length === 0) return observeDecision();
  const accepted: Trigger[] = [];
  const suppressed: StepInReason[] = [];
  const rules: string[] = [];
  for (const trigger of triggers) {
    if (trigger.rung === "escalate") {
      // ESC-ONCE: one escalation per conversation; the supervisor already has it.
      if (state.escalated) {
        addOnce(suppressed, trigger.reason);
        continue;
      }
      accepted.push(trigger);
      continue;
    }
    const previous = lastAlert(state.alerts, trigger.reason);
    if (previous !== null) {
      const withinTurns = ctx.index - previous.index < ctx.config.cooldown.turns;
      const withinMs =
        ctx.at !== null && previous.at !== null && ctx.at - previous.at < ctx.config.cooldown.ms;
      const newEvidence = trigger.reason === "wrong_information" && trigger.factId !== previous.factId;
      if (!newEvidence) {
        if ((withinTurns || withinMs) && RUNG_RANK[trigger.rung] <= RUNG_RANK[previous.rung]) {
          // DEC-COOLDOWN-1 / DEC-NO-DUP-1
          addOnce(suppressed, trigger.reason);
          continue;
        }
        if (!withinTurns && !withinMs) {
          // DEC-LADDER-CLIMB: the same problem after the cooldown means the last rung did not work.
          const climbed = Math.min(RUNG_RANK[previous.rung] + 1, RUNG_RANK.offer_takeover);
          if (climbed <= RUNG_RANK[previous.rung] && RUNG_RANK[trigger.rung] <= RUNG_RANK[previous.rung]) {
            addOnce(suppressed, trigger.reason); // DEC-NO-DUP-2: already at the top of the ladder
            continue;
          }
          if (climbed > RUNG_RANK[trigger.rung]) {
            trigger.rung = RUNGS[climbed] as Trigger["rung"];
            addOnce(rules, "DEC-LADDER-CLIMB");
          }
        }
      }
    }
    accepted.push(trigger);
  }

  if (accepted.length === 0) {
    return {
      raise: false,
      reasons: [],
      rung: "observe",
      escalate: false,
      suggestion: null,
      factId: null,
      needsAuthority: false,
      why:
        suppressed.length > 0
          ? `held back: ${suppressed.join(", ")} already raised recently (cooldown, no duplicates)`
          : "nothing to act on: keep watching",
      rules: suppressed.length > 0 ? ["DEC-COOLDOWN-1"] : ["DEC-OBSERVE"],
      suppressed,
    };
  }

  let top = accepted[0]!;
  for (const t of accepted) if (RUNG_RANK[t.rung] > RUNG_RANK[top.rung]) top = t;
  const reasons: StepInReason[] = [top.reason];
  for (const t of accepted) addOnce(reasons, t.reason);
  for (const t of accepted) addOnce(rules, t.rule);
  // DEC-CAUSE-RUNG-1: a step too light for the confident root cause rises to the least that fits,
  // and then says what that cause needs (a wrong fact the agent has not corrected, the KB's answer).
  let causeFactId: string | null = null;
  let byCause = false;
  if (
    ctx.topCause !== null &&
    RUNG_RANK[top.rung] < RUNG_RANK[CAUSE_RUNG[ctx.topCause]] &&
    (ctx.topCause !== "knowledge_gap" || knowledgeGapOpen(state))
  ) {
    top.rung = CAUSE_RUNG[ctx.topCause];
    byCause = true;
    addOnce(rules, "DEC-CAUSE-RUNG-1");
    if (ctx.topCause === "knowledge_gap") causeFactId = state.contradictedFacts.at(-1) ?? state.topicFactId;
  }
  const rung = top.rung;
  const factId = accepted.find((t) => t.factId !== null)?.factId ?? causeFactId;
  const needsAuthority = accepted.some((t) => t.needsAuthority);
  const escalate = rung === "escalate";

  // Bookkeeping: one alert record per reason (bounded by the four reasons).
  for (const t of accepted) {
    const record: AlertRecord = {
      reason: t.reason,
      rung: t.rung,
      index: ctx.index,
      at: ctx.at,
      factId: t.factId,
    };
    const i = state.alerts.findIndex((a) => a.reason === t.reason);
    if (i >= 0) state.alerts = state.alerts.map((a, j) => (j === i ? record : a));
    else state.alerts = appendBounded(state.alerts, record, 4);
  }
  if (RUNG_RANK[rung] >= RUNG_RANK.whisper && state.helpGivenAt === null) {
    state.helpGivenAt = ctx.index;
    state.irateSinceHelp = 0;
  }
  if (escalate) state.escalated = true;
  state.lastReasons = reasons.slice();

  const others = accepted.filter((t) => t !== top).map((t) => t.why);
  return {
    raise: true,
    reasons,
    rung,
    escalate,
    suggestion: writeSuggestion(top, rung, state, ctx, factId, byCause),
    factId,
    needsAuthority,
    why: `${top.why}${others.length > 0 ? `; also ${others.join("; ")}` : ""}`,
    rules,
    suppressed,
    wrongFacts: accepted.flatMap((t) =>
      t.reason === "wrong_information" && t.factId !== null ? [{ factId: t.factId, why: t.why }] : [],
    ),
  };
}

/**
 * A knowledge gap is open while a wrong fact stands uncorrected, or when it shows only as the agent
 * not knowing (hedging, vague answers); once every wrong fact has been put right it is closed.
 */
function knowledgeGapOpen(state: ConversationState): boolean {
  return (
    state.contradictedFacts.length > 0 ||
    !state.causes.knowledge_gap.evidence.some((e) => e.cue === "wrong_information")
  );
}

/** DEC-OBSERVE: nothing fired (the common case, built without the bookkeeping below). */
function observeDecision(): StepInDecision {
  return {
    raise: false,
    reasons: [],
    rung: "observe",
    escalate: false,
    suggestion: null,
    factId: null,
    needsAuthority: false,
    why: "nothing to act on: keep watching",
    rules: ["DEC-OBSERVE"],
    suppressed: [],
  };
}

/**
 * DEC-WHISPER-1..3: the one sentence to whisper. A step raised for its root cause
 * (DEC-CAUSE-RUNG-1) says what the cause needs; otherwise a specific variant (wrong fact, blame,
 * manager…) wins; an offer to take over uses its own wording; otherwise a confident root cause
 * picks the wording, and the reason's own variant is the fallback. Placeholders are filled with
 * the customer's own words, their name and the KB statement.
 */
function writeSuggestion(
  top: Trigger,
  rung: Rung,
  state: ConversationState,
  ctx: DecideContext,
  factId: string | null,
  byCause: boolean,
): string {
  const templates = ctx.config.suggestions;
  let key: SuggestionKey = top.variant;
  if (byCause && ctx.topCause !== null) {
    key = `cause.${ctx.topCause}`;
    // A knowledge gap with a known fact: correct the wrong one, or give the one the customer asks.
    if (ctx.topCause === "knowledge_gap" && factId !== null)
      key = state.contradictedFacts.includes(factId)
        ? "wrong_information.fact"
        : "needs_authority.knowledge_fact";
  } else if (!SPECIFIC_VARIANTS.has(top.variant)) {
    if (rung === "offer_takeover") key = "rung.offer_takeover";
    else if (ctx.topCause !== null) key = `cause.${ctx.topCause}`;
  }
  const fact = factId === null ? null : (ctx.kb.byId.get(factId)?.fact.statement ?? null);
  if ((key === "wrong_information.fact" || key === "needs_authority.knowledge_fact") && fact === null) {
    key = "needs_authority.knowledge";
  }
  return fillTemplate(templates[key], state, fact);
}

/** A suggestion template filled for a conversation: the customer's words, their name, the KB fact. */
export function fillTemplate(template: string, state: ConversationState, fact: string | null): string {
  const mirror = state.mirror === null ? "the problem" : `“${state.mirror}”`;
  // WHISPER-MIRROR-2: with no quote, an aside that would quote them ("say back what they said
  // ({mirror})") is left out rather than read "(the problem)".
  if (state.mirror === null) template = template.replaceAll(" ({mirror})", "");
  return template
    .replaceAll("{mirror}", mirror)
    .replaceAll("{name}", state.customerName ?? "the customer")
    .replaceAll("{fact}", fact === null ? "" : fact.replace(/[.\s]+$/, "") + ".");
}

function lastAlert(alerts: readonly AlertRecord[], reason: StepInReason): AlertRecord | null {
  for (const a of alerts) if (a.reason === reason) return a;
  return null;
}

function addOnce<T>(list: T[], item: T): void {
  if (!list.includes(item)) list.push(item);
}

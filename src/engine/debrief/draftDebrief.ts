// The two-minute debrief card, pre-filled from the evidence (docs/LOOP2.md, "Debrief"): what went
// well, what felt tricky, one thing to try next time — for the agent who handled the conversation
// and for the teammate who stepped in. Drafts only: both can edit before saving.
import type { CueKind, EngineMessage, MessageAnalysis, Rung } from "../index.ts";
import { quoteMessage, quoteSentence } from "./evidenceText.ts";

/** A frustration reading as people read it elsewhere (the floor, a handover summary): "41%", not "0.41". */
const percent = (x: number): string => `${Math.round(x * 100)}%`;

export type DebriefRole = "agent" | "helper";

/** A step-in that happened during the conversation, as the server recorded it. */
export interface DebriefIntervention {
  /** Index of the message after which the helper acted. */
  index: number;
  rung: Exclude<Rung, "observe">;
  /** For offers to take over: did the agent accept? For whispers: did the agent use it? */
  accepted?: boolean;
  /** The whisper or note the helper sent, if any. */
  text?: string;
}

export interface DebriefDraft {
  role: DebriefRole;
  wentWell: string[];
  tricky: string[];
  tryNext: string;
}

export class DebriefInputError extends Error {
  readonly code = "DEBRIEF_INPUT_INVALID";
}

/** Most lines per list: a two-minute card, not a report. */
export const MAX_DEBRIEF_LINES = 3;

interface Found {
  index: number;
  start: number;
  end: number;
  kind: CueKind;
}

function findCues(
  analyses: readonly MessageAnalysis[],
  role: "agent" | "customer",
  kinds: readonly CueKind[],
): Found[] {
  return analyses
    .filter((a) => a.role === role)
    .flatMap((a) =>
      a.cues
        .filter((c) => kinds.includes(c.kind))
        .map((c) => ({ index: a.index, start: c.start, end: c.end, kind: c.kind })),
    );
}

function frustrationAt(analyses: readonly MessageAnalysis[], from: number, to: number): number | null {
  let last: number | null = null;
  for (const a of analyses) {
    if (a.index < from || a.index > to) continue;
    if (a.customer !== undefined) last = a.customer.frustration;
  }
  return last;
}

function peakFrustration(analyses: readonly MessageAnalysis[]): { index: number; value: number } | null {
  let peak: { index: number; value: number } | null = null;
  for (const a of analyses) {
    const f = a.customer?.frustration;
    if (f !== undefined && (peak === null || f > peak.value)) peak = { index: a.index, value: f };
  }
  return peak;
}

/** A quote that ends its point: no full stop after one that ended its own sentence ("…Friday."). */
function quoted(text: string): string {
  return /[.!?…]$/.test(text) ? `"${text}"` : `"${text}".`;
}

function agentLines(analyses: readonly MessageAnalysis[], messages: readonly EngineMessage[]): DebriefDraft {
  const wentWell: string[] = [];
  const tricky: string[] = [];
  const q = (f: Found | undefined): string =>
    f === undefined ? "" : quoteSentence(messages[f.index], f.start, f.end);

  const empathy = findCues(analyses, "agent", ["empathy"])[0];
  if (empathy !== undefined) wentWell.push(`You named how the customer felt ("${q(empathy)}").`);
  const paraphrase = findCues(analyses, "agent", ["paraphrase"])[0];
  if (paraphrase !== undefined) wentWell.push(`You checked you had understood ("${q(paraphrase)}").`);
  const commitment = analyses.flatMap((a) => a.commitments.map((c) => ({ ...c, index: a.index })))[0];
  const nextStep = findCues(analyses, "agent", ["next_step"])[0];
  if (commitment !== undefined)
    wentWell.push(
      `You gave a clear commitment: ${quoted(quoteSentence(messages[commitment.index], commitment.start, commitment.end))}`,
    );
  else if (nextStep !== undefined) wentWell.push(`You gave a concrete next step ("${q(nextStep)}").`);
  const agreed = analyses.find((a) => a.factChecks.some((f) => f.verdict === "agrees"));
  const agreedFact = agreed?.factChecks.find((f) => f.verdict === "agrees");
  if (agreedFact !== undefined)
    wentWell.push(`Your answer matched the knowledge base (${agreedFact.expected}).`);
  if (findCues(analyses, "agent", ["customer_name"]).length > 0 && wentWell.length < MAX_DEBRIEF_LINES) {
    wentWell.push("You used the customer's name.");
  }
  const last = [...analyses].reverse().find((a) => a.customer !== undefined);
  if (
    last?.customer?.emotion === "satisfied" ||
    findCues(analyses.slice(-2), "customer", ["satisfaction"]).length > 0
  ) {
    wentWell.unshift("The customer left satisfied.");
  }

  const contradiction = analyses.flatMap((a) =>
    a.factChecks.filter((f) => f.verdict === "contradicts").map((f) => ({ ...f, index: a.index })),
  )[0];
  if (contradiction !== undefined) {
    tricky.push(`You said "${contradiction.claimed}"; your team's knowledge says ${contradiction.expected}.`);
  }
  const defensive = findCues(analyses, "agent", ["defensiveness", "blame_coworker"])[0];
  if (defensive !== undefined) {
    tricky.push(
      defensive.kind === "blame_coworker"
        ? `A colleague or team got the blame in front of the customer ("${q(defensive)}").`
        : `A line came across as defensive ("${q(defensive)}").`,
    );
  }
  const hedge = findCues(analyses, "agent", ["hedging", "vague_answer"])[0];
  if (hedge !== undefined) tricky.push(`An answer sounded unsure ("${q(hedge)}").`);
  const redundant = findCues(analyses, "agent", ["redundant_clarification"])[0];
  if (redundant !== undefined)
    tricky.push(`You asked for something the customer had already given ("${q(redundant)}").`);
  const repeated = findCues(analyses, "customer", ["repetition"])[0];
  if (repeated !== undefined)
    tricky.push(`The customer had to repeat themself ("${quoteMessage(messages[repeated.index])}").`);
  const peak = peakFrustration(analyses);
  if (peak !== null && peak.value >= 0.5) {
    tricky.push(`The customer was most upset at ${quoted(quoteMessage(messages[peak.index]))}`);
  }

  let tryNext: string;
  if (contradiction !== undefined) {
    tryNext = `Check the knowledge base before quoting figures like "${contradiction.claimed}" — it says ${contradiction.expected}.`;
  } else if (defensive !== undefined) {
    tryNext =
      "When the customer pushes back, paraphrase their point and say what you will do, before explaining why it happened.";
  } else if (redundant !== undefined || repeated !== undefined) {
    tryNext = "Read back what the customer already gave you before asking for anything new.";
  } else if (hedge !== undefined) {
    tryNext = 'Swap "I think" for a checked answer, or "let me find out — I\'ll reply by <time>".';
  } else if (commitment === undefined && nextStep === undefined) {
    tryNext = "Close with the next step and when it will happen, so the customer knows what to expect.";
  } else if (empathy === undefined && peak !== null && peak.value >= 0.3) {
    tryNext = "Name the customer's feeling in their own words before moving to the fix.";
  } else {
    tryNext =
      wentWell.length > 0
        ? `Keep doing this: ${wentWell[0]?.replace(/^You /, "").replace(/\.$/, "")}.`
        : "Keep going as you are.";
  }
  return {
    role: "agent",
    wentWell: wentWell.slice(0, MAX_DEBRIEF_LINES),
    tricky: tricky.slice(0, MAX_DEBRIEF_LINES),
    tryNext,
  };
}

const RUNG_ORDER: Record<DebriefIntervention["rung"], number> = {
  signal: 1,
  whisper: 2,
  offer_takeover: 3,
  escalate: 4,
};

function helperLines(
  analyses: readonly MessageAnalysis[],
  messages: readonly EngineMessage[],
  interventions: readonly DebriefIntervention[],
): DebriefDraft {
  const wentWell: string[] = [];
  const tricky: string[] = [];
  const sorted = [...interventions].sort((a, b) => a.index - b.index);
  const first = sorted[0];
  if (first === undefined) {
    return {
      role: "helper",
      wentWell: [],
      tricky: ["No step-in was recorded for this conversation."],
      tryNext: "If you watched this one, note what made you hold back — it helps tune when tagteam asks.",
    };
  }
  const firstRaised = analyses.find((a) => a.stepIn.raise);
  const before = frustrationAt(analyses, 0, first.index);
  const after = frustrationAt(analyses, first.index + 1, messages.length - 1);
  if (before !== null && after !== null && after < before - 0.05) {
    wentWell.push(
      `The customer calmed after you stepped in (frustration ${percent(before)} → ${percent(after)}).`,
    );
  } else if (before !== null && after !== null && after > before + 0.05) {
    tricky.push(
      `The customer was more upset after the step-in (frustration ${percent(before)} → ${percent(after)}).`,
    );
  }
  // The helper's own line where there is one: what they whispered, not only that they did.
  const firstWords = first.rung === "whisper" ? (first.text ?? "").trim() : "";
  if (firstWords !== "")
    wentWell.push(
      `You started low on the ladder with a whisper ("${quoteMessage({ role: "agent", text: firstWords })}"), which kept the agent in charge.`,
    );
  else if (first.rung === "signal" || first.rung === "whisper")
    wentWell.push(`You started low on the ladder (${first.rung}), which kept the agent in charge.`);
  const whisper = sorted.find((i) => i.rung === "whisper" && i.text !== undefined);
  if (whisper?.accepted === true)
    wentWell.push(
      whisper === first && firstWords !== ""
        ? "The agent used your whisper."
        : `The agent used your whisper: ${quoted(whisper.text ?? "")}`,
    );
  const declined = sorted.find((i) => i.accepted === false);
  if (declined !== undefined) tricky.push(`The agent declined the ${DECLINED_STEP_NAME[declined.rung]}.`);
  if (sorted.some((i) => i.rung === "escalate")) tricky.push("It still needed a supervisor.");
  // A takeover or escalation is a jump only above what tagteam itself suggested by then: when it
  // asked for someone with more authority or knowledge ("can someone who actually knows help me?"),
  // offering to take over was the step to take, not one to have tried a whisper before.
  const suggested = Math.max(
    0,
    ...analyses
      .slice(0, first.index + 1)
      .filter((a) => a.stepIn.raise)
      .map((a) =>
        a.stepIn.needsAuthority
          ? RUNG_ORDER.offer_takeover
          : a.stepIn.rung === "observe"
            ? 0
            : RUNG_ORDER[a.stepIn.rung],
      ),
  );
  const jumped =
    (first.rung === "offer_takeover" || first.rung === "escalate") && RUNG_ORDER[first.rung] > suggested;
  const late = firstRaised !== undefined && first.index - firstRaised.index >= 4;
  if (late && firstRaised !== undefined) {
    tricky.push(
      `tagteam first flagged this at message ${firstRaised.index + 1} (${firstRaised.stepIn.why}); you stepped in at message ${first.index + 1}.`,
    );
  }
  let tryNext: string;
  if (jumped && !sorted.some((i) => RUNG_ORDER[i.rung] <= 2)) {
    tryNext =
      "Try a whisper first (one sentence the agent can use), and offer to take over only if it doesn't land.";
  } else if (late) {
    tryNext = "Step in sooner once the customer starts reacting to the agent: a quiet signal costs nothing.";
  } else if (declined !== undefined) {
    tryNext = "When help is declined, keep watching and offer a concrete line rather than a takeover.";
  } else {
    tryNext =
      "Tell the agent one thing they did well in this conversation — it makes the next step-in easier to accept.";
  }
  return {
    role: "helper",
    wentWell: wentWell.slice(0, MAX_DEBRIEF_LINES),
    tricky: tricky.slice(0, MAX_DEBRIEF_LINES),
    tryNext,
  };
}

/**
 * Drafts the debrief card for the agent or the helper from a finished conversation's analyses
 * and the step-ins that happened. Every line comes from evidence in the conversation.
 *
 * @example
 * draftDebrief(analyses, messages, [{ index: 4, rung: "whisper", accepted: true, text: "Ask what a good outcome looks like." }], "helper")
 */
/** How a declined step reads in a debrief sentence ("The agent declined the takeover offer."). */
const DECLINED_STEP_NAME: Record<DebriefIntervention["rung"], string> = {
  signal: "signal of support",
  whisper: "whispered suggestion",
  offer_takeover: "takeover offer",
  escalate: "escalation",
};

export function draftDebrief(
  analyses: readonly MessageAnalysis[],
  messages: readonly EngineMessage[],
  interventions: readonly DebriefIntervention[] = [],
  role: DebriefRole = "agent",
): DebriefDraft {
  if (!Array.isArray(analyses) || !Array.isArray(messages) || analyses.length !== messages.length) {
    throw new DebriefInputError("draftDebrief: pass one analysis per message, in order");
  }
  if (role !== "agent" && role !== "helper")
    throw new DebriefInputError(`draftDebrief: unknown role "${String(role)}"`);
  for (const i of interventions) {
    if (!Number.isInteger(i.index) || i.index < 0 || i.index >= messages.length) {
      throw new DebriefInputError(
        `draftDebrief: intervention index ${String(i.index)} is outside the conversation`,
      );
    }
  }
  return role === "agent" ? agentLines(analyses, messages) : helperLines(analyses, messages, interventions);
}

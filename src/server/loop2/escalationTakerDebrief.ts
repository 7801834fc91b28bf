// The debrief card of a supervisor who took on an escalation and did nothing else the step-in
// drafts read (no signal, whisper, offer or line to the customer): the engine's helper card judges
// a step-in ("it still needed a supervisor", "try a whisper first"), which is not what they did.
// Pure: the conversation's analyses and the escalation's times in, the card out.
import { MAX_DEBRIEF_LINES, type DebriefDraft } from "../../engine/debrief/index.ts";
import type { MessageAnalysis } from "../../engine/index.ts";

/** A frustration reading as people read it elsewhere (the floor, a handover summary): "41%", not "0.41". */
const percent = (x: number): string => `${Math.round(x * 100)}%`;

/** Frustration moves by more than this to count as calmer or more upset (as the engine's cards). */
const FRUSTRATION_CHANGE = 0.05;

/** The customer's last frustration reading among these analyses, or null when they said nothing. */
function lastFrustration(analyses: readonly (MessageAnalysis | undefined)[]): number | null {
  let last: number | null = null;
  for (const a of analyses) if (a?.customer !== undefined) last = a.customer.frustration;
  return last;
}

/** "within a minute", "12 min after it was raised": how long the escalation waited to be taken on. */
function waited(ms: number): string {
  if (ms < 60_000) return "within a minute";
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min after it was raised`;
  return `${Math.round(ms / 3_600_000)} h after it was raised`;
}

/**
 * One card for a supervisor who took on an escalation and stepped in too (a signal, a whisper, an
 * offer): what they did as the supervisor, then the step-in's judgement of what they did after.
 * The supervisor's card alone read only "You did not write to the customer… tell the agent what
 * happens next"; the step-in's alone said nothing of having taken it on (a lead who took Ana's
 * escalation and whispered her the answer got only the whisperer's card). Taking it on leads; the
 * customer's mood is the step-in's reading where it gives one; the step-in's advice stands, and
 * not "you did not write to the customer": stepping in is telling the agent what happens next.
 */
export function withEscalationTaken(taker: DebriefDraft, stepIn: DebriefDraft): DebriefDraft {
  const mood = (line: string): boolean => line.startsWith("The customer ");
  const stepInMood = [...stepIn.wentWell, ...stepIn.tricky].some(mood);
  const kept = (lines: readonly string[]): string[] =>
    lines.filter((l) => l !== NOT_WRITTEN && !(stepInMood && mood(l)));
  return {
    role: "helper",
    wentWell: [...kept(taker.wentWell), ...stepIn.wentWell].slice(0, MAX_DEBRIEF_LINES),
    tricky: [...kept(taker.tricky), ...stepIn.tricky].slice(0, MAX_DEBRIEF_LINES),
    tryNext: stepIn.tryNext,
  };
}

const NOT_WRITTEN = "You did not write to the customer: the agent saw it through after you took it on.";

/**
 * The card of the supervisor who took on an escalation (`takenAt`) raised at `raisedAt`, with
 * `takenIndex` the last line before they took it. What went well: taking it on, and the customer
 * calming after; tricky: the customer more upset after, and that they never wrote to the customer
 * (the agent saw it through); try next: tell the agent what happens next.
 */
export function draftEscalationTakerDebrief(
  analyses: readonly (MessageAnalysis | undefined)[],
  escalation: { raisedAt: number; takenAt: number; takenIndex: number },
): DebriefDraft {
  const wentWell = [`You took on the escalation ${waited(escalation.takenAt - escalation.raisedAt)}.`];
  const tricky: string[] = [];
  const before = lastFrustration(analyses.slice(0, escalation.takenIndex + 1));
  const after = lastFrustration(analyses.slice(escalation.takenIndex + 1));
  if (before !== null && after !== null && after < before - FRUSTRATION_CHANGE)
    wentWell.push(
      `The customer calmed after you took it on (frustration ${percent(before)} → ${percent(after)}).`,
    );
  else if (before !== null && after !== null && after > before + FRUSTRATION_CHANGE)
    tricky.push(
      `The customer was more upset after you took it on (frustration ${percent(before)} → ${percent(after)}).`,
    );
  tricky.push(NOT_WRITTEN);
  return {
    role: "helper",
    wentWell,
    tricky,
    tryNext:
      "When you take on an escalation, tell the agent what happens next (a whisper, or joining the conversation), so they are not left holding it alone.",
  };
}

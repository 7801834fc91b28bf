import type {
  Channel,
  CustomerEmotion,
  InterventionKind,
  Rung,
  StepInReason,
} from "../../protocol/resources.ts";
import type { Tone } from "../ui/Badge.tsx";

/** What a team with no name (a blank one, from before names were required) is called on screen. */
export const UNNAMED_TEAM = "(unnamed team)";

/** A team's name to show: its own, or "(unnamed team)" for a blank one, which showed as nothing at all. */
export function teamLabel(team: { name: string }): string {
  return team.name.trim() === "" ? UNNAMED_TEAM : team.name;
}

/** "4m 05s", "1h 12m": how long something has run, from two instants in ms. */
export function formatDuration(fromMs: number, toMs: number): string {
  const s = Math.max(0, Math.floor((toMs - fromMs) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, "0")}m`;
}

/**
 * "4m", "1h 12m": elapsed time at minute granularity, for dense lists where a per-second tick
 * would redraw every row every second.
 */
export function formatElapsedMinutes(fromMs: number, toMs: number): string {
  const m = Math.max(0, Math.floor((toMs - fromMs) / 60_000));
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** What formatRunningTime says in a conversation's first minute. */
export const JUST_STARTED = "just started";

/**
 * How long a conversation has run, for the floor: "just started" in its first minute (it read
 * "0m", as if it had not run at all), then as formatElapsedMinutes.
 */
export function formatRunningTime(fromMs: number, toMs: number): string {
  return toMs - fromMs < 60_000 ? JUST_STARTED : formatElapsedMinutes(fromMs, toMs);
}

/** "10:04" in the viewer's locale. */
export function formatClock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** "10:04" today, "3 Dec, 10:04" on another day (lists that run back over days). */
export function formatWhen(iso: string, nowMs: number = Date.now()): string {
  const d = new Date(iso);
  if (d.toDateString() === new Date(nowMs).toDateString()) return formatClock(iso);
  return d.toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** "Tue 14:00" or "in 2h" style for due times. */
export function formatDue(iso: string | null, nowMs: number): string {
  if (iso === null) return "no due time";
  const due = Date.parse(iso);
  const diff = due - nowMs;
  if (diff < 0) return `overdue by ${formatDuration(due, nowMs)}`;
  if (diff < 24 * 3600_000) return `due in ${formatDuration(nowMs, due)}`;
  return `due ${new Date(iso).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" })}`;
}

/**
 * Turns an engine identifier ("repeated_apology", "promise.refund") into words ("repeated apology").
 * Text that is words already (a contradicted claim's label quoting the fact: "… says "15.00 USD."")
 * is shown as written: its full stops are part of it.
 */
export function humanize(id: string): string {
  return /^[\w.-]+$/.test(id) ? id.replace(/[_.]/g, " ") : id;
}

/**
 * An engine "why" as a sentence: the rung is shown beside it, so a leading "whisper: " (which
 * alerts raised before the engine stopped writing it still carry) is dropped, as is a fact's id,
 * and it starts with a capital. A wrong answer reads "but your team's knowledge says", as the
 * engine now writes it, on older alerts too.
 */
export function whySentence(why: string): string {
  const text = why
    .replace(/^(?:observe|signal|whisper|offer_takeover|escalate):\s*/, "")
    // Older alerts named the fact by its id ("but the KB (4411f3b5-…) says 15 USD"), then said
    // "but the knowledge base says 15 USD".
    .replace(/\bbut the (?:KB \([^)]*\)|knowledge base) says\b/g, "but your team's knowledge says");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const REASON_LABEL: Record<StepInReason, string> = {
  wrong_information: "Wrong information",
  not_solution_focused: "Defending, not solving",
  customer_reacting_to_agent: "Customer reacting to the agent",
  needs_authority: "Needs more authority",
  raised_hand: "Agent raised a hand",
  customer_waiting: "Customer left waiting",
};

export const RUNG_LABEL: Record<Rung, string> = {
  observe: "Observe",
  signal: "Signal support",
  whisper: "Whisper",
  offer_takeover: "Offer to take over",
  escalate: "Escalate",
};

const INTERVENTION_LABEL: Partial<Record<InterventionKind, string>> = {
  signal: "Signal",
  whisper: "Whisper",
  takeover_offer: "Takeover offer",
  warm_transfer: "Warm transfer",
  escalation: "Escalation",
};

/** Words for an intervention kind (new kinds from the server fall back to their id in words). */
export function labelIntervention(kind: InterventionKind): string {
  return INTERVENTION_LABEL[kind] ?? humanize(kind);
}

export const CHANNEL_LABEL: Record<Channel, string> = {
  chat: "Chat",
  email: "Email",
  voice: "Voice",
  social: "Social",
};

/** Tone per customer emotion, for badges. */
export const EMOTION_TONE: Record<CustomerEmotion, Tone> = {
  neutral: "neutral",
  satisfied: "ok",
  confused: "info",
  anxious: "warn",
  frustrated: "warn",
  angry: "bad",
};

/**
 * What the customer-state badge's word and number are, for its tooltip (the floor's and a
 * conversation's header): the word is how the customer's last message read, the number their
 * frustration over the conversation so far, and neither is the risk.
 */
export function customerReadingTitle(emotion: CustomerEmotion, frustration: number): string {
  return `The customer's last message read as ${emotion}. Their frustration over the conversation so far: ${Math.round(frustration * 100)}%. Risk (how likely the conversation needs someone to step in) is the separate bar.`;
}

import { describeDuration, type DeliveryProcessor } from "../../../protocol/deliveries.ts";
import { formatClock, formatDuration, humanize } from "../../lib/format.ts";
import type { Tone } from "../../ui/Badge.tsx";

/*
 * The admin's view of the deliveries out, in words: what each integration is, whether it runs, and
 * what its dead letters were. Pure: data and the time in, words out.
 */

/** An integration the server knows how to run, and the settings that turn it on. */
export interface IntegrationInfo {
  name: string;
  label: string;
  does: string;
  settings: readonly string[];
  /** An admin can also set it up for their own organisation, in this section of the page below. */
  setUpUnder?: string;
}

/** Every integration this server has, in the order the admin sees them. */
export const INTEGRATIONS: readonly IntegrationInfo[] = [
  {
    name: "alert-webhook",
    label: "Alert webhook",
    does: "Posts step-in alerts, escalations and possible incidents to a Slack-style chat channel.",
    settings: ["TAGTEAM_ALERT_WEBHOOK_URL"],
    setUpUnder: "Where alerts go",
  },
  {
    name: "chatwoot-notes",
    label: "Chatwoot notes",
    does: "Posts helpers’ whispers into their Chatwoot conversations as private notes.",
    settings: ["TAGTEAM_CHATWOOT_URL", "TAGTEAM_CHATWOOT_API_TOKEN"],
    setUpUnder: "Where replies and whispers go",
  },
  {
    name: "chatwoot-replies",
    label: "Chatwoot replies",
    does: "Sends teammates’ replies on Chatwoot conversations to the customer through Chatwoot.",
    settings: ["TAGTEAM_CHATWOOT_URL", "TAGTEAM_CHATWOOT_API_TOKEN"],
    setUpUnder: "Where replies and whispers go",
  },
  {
    name: "reply-webhook",
    label: "Reply webhook",
    does: "Sends teammates’ replies on your helpdesk’s conversations to the helpdesk, signed, to pass on to the customer.",
    settings: ["TAGTEAM_REPLY_WEBHOOK_URL", "TAGTEAM_REPLY_WEBHOOK_SECRET"],
    setUpUnder: "Where replies and whispers go",
  },
];

/** What is known of an integration by its processor name (one the server reports but this app does not know: its name). */
export function integrationInfo(name: string): IntegrationInfo {
  return (
    INTEGRATIONS.find((i) => i.name === name) ?? {
      name,
      label: humanize(name).replace(/-/g, " "),
      does: "",
      settings: [],
    }
  );
}

/** One row of the integrations table: what it is, and what the server says of it (null: never ran). */
export interface IntegrationRow {
  info: IntegrationInfo;
  processor: DeliveryProcessor | null;
}

/** The known integrations, then any other the server reports, each with its processor's state. */
export function integrationRows(processors: readonly DeliveryProcessor[]): IntegrationRow[] {
  const known = INTEGRATIONS.map((info) => ({
    info,
    processor: processors.find((p) => p.name === info.name) ?? null,
  }));
  const others = processors
    .filter((p) => !INTEGRATIONS.some((i) => i.name === p.name))
    .map((p) => ({ info: integrationInfo(p.name), processor: p }));
  return [...known, ...others];
}

export interface IntegrationStatus {
  kind: "not_set_up" | "turned_off" | "running" | "failing" | "not_running";
  label: string;
  tone: Tone;
  /** What it means ("" when the label says it all); the settings that turn it on are the caller's. */
  detail: string;
}

/** Whether the integration is set up and delivering, in an admin's words. */
export function integrationStatus(row: IntegrationRow, nowMs: number): IntegrationStatus {
  const p = row.processor;
  if (p === null) return { kind: "not_set_up", label: "Not set up", tone: "neutral", detail: "" };
  if (!p.configured) {
    return {
      kind: "turned_off",
      label: "Turned off",
      tone: "neutral",
      detail:
        "It ran before but is not set up on this server now. Turned back on in the server's settings, it carries on from where it stopped. " +
        "If it went off because the last organisation removed its own, where it stopped is forgotten: set up again, it sends only what happens from then on.",
    };
  }
  const keeps = p.maxAgeMs === null ? "" : ` for up to ${describeDuration(p.maxAgeMs)} after it happened`;
  if (leaseHolder(p, nowMs) !== null && p.failing !== null) {
    const f = p.failing;
    const next =
      f.nextAttemptAt === null
        ? "No event is waiting for a try now; the next one will be tried as it happens."
        : `Next try ${Date.parse(f.nextAttemptAt) <= nowMs ? "now" : `at ${formatTime(f.nextAttemptAt)}`}; waiting events go out in order once it answers.`;
    return {
      kind: "failing",
      label: "Receiver failing",
      tone: "bad",
      detail:
        `Every try has failed since ${formatWhen(f.since, nowMs)} (${formatAgo(f.since, nowMs)}), last: ${f.lastError}. ${next}` +
        (p.maxAgeMs === null
          ? ""
          : ` Events older than ${describeDuration(p.maxAgeMs)} are not sent (they become dead letters).`),
    };
  }
  if (leaseHolder(p, nowMs) !== null) {
    return {
      kind: "running",
      label: "Running",
      tone: "ok",
      detail: `Sends each event as it happens and retries failures${keeps}.`,
    };
  }
  return {
    kind: "not_running",
    label: "Not running",
    tone: "warn",
    detail:
      "Set up, but no server instance is delivering for it right now. One should take over within seconds; if this lasts, check the server’s log.",
  };
}

/** "10:04:31": a time to the second (a next try is seconds away). */
function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** The instance whose lease on the integration still runs, or null. */
export function leaseHolder(p: DeliveryProcessor, nowMs: number): string | null {
  if (p.leasedBy === null || p.leaseExpiresAt === null) return null;
  return Date.parse(p.leaseExpiresAt) > nowMs ? p.leasedBy : null;
}

/** Events not yet looked at, in words ("Up to date", "12 events to check"). */
export function describeLag(p: DeliveryProcessor | null): string {
  if (p === null || p.lag === null) return "—";
  if (p.lag === 0) return "Up to date";
  return p.lag === 1 ? "1 event to check" : `${p.lag} events to check`;
}

/** "12s ago", "4m 05s ago"; a date once it is more than a day old. */
export function formatAgo(iso: string, nowMs: number): string {
  const at = Date.parse(iso);
  if (nowMs - at >= 24 * 3600_000) return formatWhen(iso, nowMs);
  return `${formatDuration(at, nowMs)} ago`;
}

/** "10:04" today; "12 Mar, 10:04" on another day. */
export function formatWhen(iso: string, nowMs: number): string {
  const at = new Date(iso);
  if (at.toDateString() === new Date(nowMs).toDateString()) return formatClock(iso);
  return at.toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

const EVENT_LABEL: Record<string, string> = {
  "alert.raised": "Step-in alert",
  "escalation.raised": "Escalation",
  "incident.opened": "Possible incident",
  "whisper.sent": "Whisper",
  "reply.sent": "Reply to a customer",
};

/** An event type in words; null (the event was deleted since) says so. */
export function describeEventType(type: string | null): string {
  if (type === null) return "Event deleted";
  return EVENT_LABEL[type] ?? humanize(type);
}

import type { Channel, ConversationSummary } from "../../../protocol/resources.ts";
import { RISK_HIGH_FROM, RISK_MID_FROM } from "../../ui/RiskMeter.tsx";

export type RiskFilter = "all" | "watch" | "high";

export interface FloorFilterState {
  teamId: string | "all";
  channel: Channel | "all";
  risk: RiskFilter;
}

export const DEFAULT_FLOOR_FILTERS: FloorFilterState = { teamId: "all", channel: "all", risk: "all" };

/** The lowest risk a filter lets through. */
export function minRiskOf(filter: RiskFilter): number {
  return filter === "high" ? RISK_HIGH_FROM : filter === "watch" ? RISK_MID_FROM : 0;
}

/**
 * The floor's rows: the filters applied (again on the client, since live patches can move a row out
 * of its band) and ordered by risk, then by open alerts, then by the longest wait.
 */
export function presentFloor(
  rows: readonly ConversationSummary[],
  filters: FloorFilterState,
): ConversationSummary[] {
  const minRisk = minRiskOf(filters.risk);
  return rows
    .filter(
      (c) =>
        c.status === "open" &&
        c.risk >= minRisk &&
        (filters.teamId === "all" || c.teamId === filters.teamId) &&
        (filters.channel === "all" || c.channel === filters.channel),
    )
    .sort(
      (a, b) =>
        b.risk - a.risk ||
        b.openAlertCount - a.openAlertCount ||
        a.lastMessageAt.localeCompare(b.lastMessageAt),
    );
}

/** Headline figures for the floor; `nowMs` for the customers waiting long for a reply. */
export function summarizeFloor(rows: readonly ConversationSummary[], nowMs: number) {
  const high = rows.filter((c) => c.risk >= RISK_HIGH_FROM).length;
  const alerts = rows.reduce((n, c) => n + c.openAlertCount, 0);
  const frustrated = rows.filter(
    (c) => c.customerEmotion === "frustrated" || c.customerEmotion === "angry",
  ).length;
  const waiting = rows.filter((c) => waitsLong(c, waitingOf(c, nowMs))).length;
  return { open: rows.length, high, alerts, frustrated, waiting };
}

/** From this many minutes without a reply, the wait is shown in the floor's warning colour. */
export const LONG_WAIT_MINUTES = 3;
/** The same for an e-mail, answered in hours (the engine's default `emailLongGapMs`). */
export const EMAIL_LONG_WAIT_MINUTES = 240;

/** Whether a wait of `minutes` is long for the conversation's channel (an e-mail's by the hour). */
export function waitsLong(c: Pick<ConversationSummary, "channel">, minutes: number | null): boolean {
  return minutes !== null && minutes >= (c.channel === "email" ? EMAIL_LONG_WAIT_MINUTES : LONG_WAIT_MINUTES);
}

/** Whole minutes the customer has waited for a reply, or null (answered, or under a minute). */
export function waitingOf(c: ConversationSummary, nowMs: number): number | null {
  if (c.waitingSince === null) return null;
  const minutes = Math.floor((nowMs - Date.parse(c.waitingSince)) / 60_000);
  return minutes >= 1 ? minutes : null;
}

import type { Channel, ConversationSummary, Team } from "../../../protocol/resources.ts";
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
export function summarizeFloor(
  rows: readonly ConversationSummary[],
  nowMs: number,
  longWaits: LongWaits = NO_LONG_WAITS,
) {
  const high = rows.filter((c) => c.risk >= RISK_HIGH_FROM).length;
  const alerts = rows.reduce((n, c) => n + c.openAlertCount, 0);
  const frustrated = rows.filter(
    (c) => c.customerEmotion === "frustrated" || c.customerEmotion === "angry",
  ).length;
  const waiting = rows.filter((c) => waitsLong(c, waitingOf(c, nowMs), longWaits)).length;
  return { open: rows.length, high, alerts, frustrated, waiting };
}

/** From how long without a reply a customer's wait counts as long, by channel: a team's `longWait`. */
export interface LongWait {
  chatMs: number;
  emailMs: number;
}
/** The engine's defaults (`longGapMs`, `emailLongGapMs`): until a team's own are read. */
export const DEFAULT_LONG_WAIT: LongWait = { chatMs: 3 * 60_000, emailMs: 4 * 3_600_000 };
/** Each team's long waits, by team id (Admin → Thresholds, as GET /teams presents them). */
export type LongWaits = ReadonlyMap<string, LongWait>;
const NO_LONG_WAITS: LongWaits = new Map();

export function longWaitsOf(teams: readonly Pick<Team, "id" | "longWait">[] | undefined): LongWaits {
  return new Map((teams ?? []).map((t) => [t.id, t.longWait]));
}

/**
 * Whether a wait of `minutes` is long for the conversation's channel on its team, as the engine
 * reads a long gap (an e-mail's by the hour); the defaults for a team not read yet.
 */
export function waitsLong(
  c: Pick<ConversationSummary, "channel"> & { teamId?: string },
  minutes: number | null,
  longWaits: LongWaits = NO_LONG_WAITS,
): boolean {
  if (minutes === null) return false;
  const team = (c.teamId !== undefined ? longWaits.get(c.teamId) : undefined) ?? DEFAULT_LONG_WAIT;
  return minutes * 60_000 >= (c.channel === "email" ? team.emailMs : team.chatMs);
}

/** "3+ min", "4+ h": from how long a wait counts as long. */
const fromSpan = (ms: number): string =>
  ms >= 3_600_000 && ms % 3_600_000 === 0 ? `${ms / 3_600_000}+ h` : `${Math.round(ms / 60_000)}+ min`;

/**
 * The floor's "waiting long" label's thresholds: "3+ min; e-mail 4+ h" when the teams shown agree
 * (the defaults when none is known), else that each team's own count.
 */
export function describeLongWait(waits: readonly LongWait[]): string {
  const [first = DEFAULT_LONG_WAIT, ...rest] = waits;
  if (rest.some((w) => w.chatMs !== first.chatMs || w.emailMs !== first.emailMs))
    return "by each team's thresholds";
  return `${fromSpan(first.chatMs)}; e-mail ${fromSpan(first.emailMs)}`;
}

/** Whole minutes the customer has waited for a reply, or null (answered, or under a minute). */
export function waitingOf(c: ConversationSummary, nowMs: number): number | null {
  if (c.waitingSince === null) return null;
  const minutes = Math.floor((nowMs - Date.parse(c.waitingSince)) / 60_000);
  return minutes >= 1 ? minutes : null;
}

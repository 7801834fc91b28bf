import type { Pulse } from "../../../protocol/pulses.ts";

/*
 * What the Numbers page's pulse section draws, from the API's pulses: the closed ones with results
 * as points over time, and every pulse as a row of the table. Pure: no React, no fetching.
 */

/** A pulse's day, as the table and the chart's axis say it ("Mar 2"). */
export const pulseDay = (iso: string): string =>
  new Date(iso).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" });

/** eNPS with its sign: "+20", "0", "−20". */
export const formatEnps = (value: number): string =>
  value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : "0";

/** The closed pulses that show results, oldest first: the chart's points (x in seconds). */
export function enpsSeries(pulses: readonly Pulse[]): { x: number[]; y: number[]; shown: Pulse[] } {
  const shown = pulses
    .filter((p) => p.visibility === "shown" && p.results !== null)
    .sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt));
  return {
    x: shown.map((p) => Math.round(Date.parse(p.openedAt) / 1000)),
    y: shown.map((p) => p.results?.enps ?? 0),
    shown,
  };
}

/** The chart in one sentence (its label, and the line under it). */
export function enpsSummary(pulses: readonly Pulse[]): string {
  const { shown } = enpsSeries(pulses);
  const last = shown[shown.length - 1];
  const first = shown[0];
  if (last?.results == null || first?.results == null) return "No pulse has results yet.";
  const latest = `The latest eNPS is ${formatEnps(last.results.enps)} (${pulseDay(last.openedAt)}, ${last.answers} answers)`;
  if (shown.length === 1) return `${latest}.`;
  const change = last.results.enps - first.results.enps;
  return `${latest}; ${change === 0 ? "the same as" : `${formatEnps(change)} points since`} the first of ${shown.length} pulses with results (${pulseDay(first.openedAt)}).`;
}

/** The open pulse, if any (at most one per team). */
export const openPulseOf = (pulses: readonly Pulse[]): Pulse | undefined =>
  pulses.find((p) => p.status === "open");

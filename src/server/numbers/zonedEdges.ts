/*
 * Calendar days in a reader's time zone, for the numbers' periods: a day is from one local midnight
 * to the next (23 or 25 hours where the clocks change), so each point is the day its label says.
 * Pure: time comes in as data; the zone's rules come from Intl, read as the engine reads them
 * (engine/timeZone.ts).
 */

import { isKnownTimeZone, zoneOffsetMs } from "../../engine/timeZone.ts";

const DAY_MS = 86_400_000;

/** Whether `timeZone` is a time zone this runtime knows (an IANA name such as Europe/Berlin, or UTC). */
export const isTimeZone = isKnownTimeZone;

/** The wall-clock time at `t` in the zone, as if it were UTC (ms, whole seconds). */
function wallClock(t: number, timeZone: string): number {
  return Math.floor(t / 1000) * 1000 + zoneOffsetMs(t, timeZone);
}

/** The zone's offset from UTC at `t`, in minutes (60 for Paris in winter, 120 in summer). */
export function offsetMinutesAt(t: number, timeZone: string): number {
  return Math.round(zoneOffsetMs(t, timeZone) / 60_000);
}

/** The local calendar date at `t` in the zone, as the UTC midnight of that date (ms). */
export function localDateAt(t: number, timeZone: string): number {
  return Math.floor(wallClock(t, timeZone) / DAY_MS) * DAY_MS;
}

/**
 * The instant the local day `date` (a UTC midnight standing for a calendar date, as `localDateAt`
 * gives) starts in the zone. Where midnight itself does not exist (a clock change at midnight), the
 * first instant after it.
 */
export function localMidnight(date: number, timeZone: string): number {
  // The zone's offset near that wall-clock time, read twice: the second read is right across a change.
  let t = date - (wallClock(date, timeZone) - date);
  t = date - (wallClock(t, timeZone) - t);
  return wallClock(t, timeZone) < date ? t + 3_600_000 : t;
}

/**
 * The edges of one period per local day or week from `since`, the last one cut at `until`: `since`
 * first, then each local midnight `step` days after since's own local date.
 */
export function zonedPeriodEdges(since: number, until: number, stepDays: number, timeZone: string): number[] {
  const edges = [since];
  const first = localDateAt(since, timeZone);
  for (let k = 1; ; k++) {
    const edge = localMidnight(first + k * stepDays * DAY_MS, timeZone);
    if (edge >= until) break;
    if (edge > since) edges.push(edge);
  }
  edges.push(until);
  return edges;
}

/** The default range in the zone: `days` whole local days, today the last of them. */
export function zonedDefaultRange(
  now: number,
  days: number,
  timeZone: string,
): { since: number; until: number } {
  const tomorrow = localDateAt(now, timeZone) + DAY_MS;
  return {
    since: localMidnight(tomorrow - days * DAY_MS, timeZone),
    until: localMidnight(tomorrow, timeZone),
  };
}

import { describe, expect, it } from "vitest";
import { isTimeZone, localDateAt, localMidnight, zonedDefaultRange, zonedPeriodEdges } from "./zonedEdges.ts";

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString();
/** The local wall-clock time of each instant in the zone, "YYYY-MM-DD HH:mm". */
const wall = (ts: number[], timeZone: string) =>
  ts.map((t) =>
    new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "short" }).format(
      new Date(t),
    ),
  );

describe("calendar days in a time zone", () => {
  it("starts each day at local midnight across a clock change (23- and 25-hour days)", () => {
    // Berlin leaves summer time on Sunday 25 October 2026 (03:00 → 02:00).
    const since = Date.parse("2026-10-23T00:00:00+02:00");
    const until = Date.parse("2026-10-28T00:00:00+01:00");
    const edges = zonedPeriodEdges(since, until, 1, "Europe/Berlin");
    expect(wall(edges, "Europe/Berlin")).toEqual([
      "2026-10-23 00:00",
      "2026-10-24 00:00",
      "2026-10-25 00:00",
      "2026-10-26 00:00",
      "2026-10-27 00:00",
      "2026-10-28 00:00",
    ]);
    expect(edges[3]! - edges[2]!).toBe(25 * 3_600_000);
    // New York springs forward on 8 March 2026: a 23-hour day.
    const spring = zonedPeriodEdges(
      Date.parse("2026-03-07T00:00:00-05:00"),
      Date.parse("2026-03-10T00:00:00-04:00"),
      1,
      "America/New_York",
    );
    expect(wall(spring, "America/New_York")).toEqual([
      "2026-03-07 00:00",
      "2026-03-08 00:00",
      "2026-03-09 00:00",
      "2026-03-10 00:00",
    ]);
    expect(spring[2]! - spring[1]!).toBe(23 * 3_600_000);
  });

  it("steps weeks from since's own date, the first period starting at since itself", () => {
    const since = Date.parse("2026-10-14T09:30:00+02:00");
    const until = Date.parse("2026-11-01T00:00:00+01:00");
    expect(wall(zonedPeriodEdges(since, until, 7, "Europe/Berlin"), "Europe/Berlin")).toEqual([
      "2026-10-14 09:30",
      "2026-10-21 00:00",
      "2026-10-28 00:00",
      "2026-11-01 00:00",
    ]);
  });

  it("gives the default range as whole local days, today the last", () => {
    const now = Date.parse("2026-12-06T23:30:00-08:00"); // already 7 December in UTC
    const { since, until } = zonedDefaultRange(now, 56, "America/Los_Angeles");
    expect(wall([since, until], "America/Los_Angeles")).toEqual(["2026-10-12 00:00", "2026-12-07 00:00"]);
    expect(iso(localMidnight(localDateAt(now, "UTC"), "UTC"))).toBe("2026-12-07T00:00:00.000Z");
    expect(Math.round((until - since) / DAY)).toBe(56);
  });

  it("knows a time zone from a made-up one", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});

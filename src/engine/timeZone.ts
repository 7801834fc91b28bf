// Local wall-clock time in an IANA time zone (Europe/Berlin, America/New_York), for due times that
// fall after a clock change (COMMIT-DUE-8). Plain Intl: no time zone data of our own.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether this runtime knows `timeZone` (an IANA name such as Europe/Paris, or UTC). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at the moment `t` (epoch ms), in ms (UTC+2 → 7,200,000). */
export function zoneOffsetMs(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(t))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(
    parts["year"] ?? 1970,
    (parts["month"] ?? 1) - 1,
    parts["day"] ?? 1,
    parts["hour"] ?? 0,
    parts["minute"] ?? 0,
    parts["second"] ?? 0,
  );
  return wall - Math.floor(t / 1000) * 1000;
}

/**
 * The moment (epoch ms) a local wall-clock time (`wall`: local time expressed as epoch ms, UTC
 * fields = local fields) happens in `timeZone`, with the offset of that moment rather than of now.
 * A wall time skipped when the clocks go forward lands an hour later; one repeated when they go
 * back is its first occurrence.
 */
export function wallTimeToEpoch(wall: number, timeZone: string, guessOffsetMs: number): number {
  let t = wall - guessOffsetMs;
  for (let i = 0; i < 2; i++) {
    const next = wall - zoneOffsetMs(t, timeZone);
    if (next === t) break;
    t = next;
  }
  return t;
}

import type { EngineConfig } from "./config.ts";
import { NUMBER_SOURCE, parseNumber } from "./text.ts";
import { wallTimeToEpoch } from "./timeZone.ts";

/**
 * COMMIT-DUE-*: when a promise is due. A promise names a day ("tomorrow", "Friday", "end of the
 * month", "December 12"), a clock time ("at noon", "by 14:00", "3:30 pm"), both ("Thursday at
 * noon", "at 10 tomorrow": the clock time refines the day), or a time relative to the message
 * ("within 24 hours", "right away"). All of it is resolved from the message's own time in the
 * team's time zone (`config.timezoneOffsetMinutes`), with the team's hours for the parts of a day;
 * with an IANA zone (`config.timeZone`) a local time after a clock change takes that moment's
 * offset (COMMIT-DUE-8).
 *
 * Hand-written rather than chrono-node: see docs/ARCHITECTURE.md, "Commitment due times".
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** "Now", "right away", "shortly", "in a moment": due a few minutes after the message. */
export const IMMEDIATE_DUE_MS = 5 * MINUTE_MS;

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;
const WEEKDAY_SOURCE = WEEKDAYS.join("|");
const MONTH_SOURCE =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec";
const ORDINAL_SOURCE = "(?:st|nd|rd|th)";
const UNTIL_SOURCE = "(?:on|by|before|until|till|for)";

type Part = "morning" | "afternoon" | "evening";

/** A day named in a promise. */
interface DayAnchor {
  /** Start of the named day, local time expressed as epoch ms (UTC fields = local fields). */
  localDay: number;
  /** The part of the day named with it ("tomorrow morning"), if any. */
  part?: Part;
  /** A fixed hour for the day when no clock time is given ("end of day"); else from `part`. */
  hour?: number;
}

interface ClockTime {
  hour: number;
  minute: number;
  /** Written with am/pm, as 24-hour time or as noon/midnight: not adjusted by the part of day. */
  exact: boolean;
}

/** Local-day context shared by the rules below. */
interface Context {
  at: number;
  offsetMs: number;
  /** Start of the message's local day (local time expressed as epoch ms). */
  today: number;
  weekday: number;
  config: EngineConfig;
}

/**
 * Resolves the due time (epoch ms) of one promise, `text` being the promise's own words and `at`
 * the message time; null when the promise names no time we can resolve (COMMIT-DUE-*).
 *
 * @example resolveDueAt("I'll email you an update by Thursday at noon", mondayTenAm, config)
 *   // → Thursday 12:00 in the team's time zone
 */
export function resolveDueAt(text: string, at: number, config: EngineConfig): number | null {
  const offsetMs = config.timezoneOffsetMinutes * MINUTE_MS;
  const today = Math.floor((at + offsetMs) / DAY_MS) * DAY_MS;
  const ctx: Context = { at, offsetMs, today, weekday: new Date(today).getUTCDay(), config };
  const anchor = findDay(text, ctx);
  const clock = findClock(text);
  const textPart = partInText(text);
  if (anchor !== null || clock !== null) return resolveAnchored(anchor, clock, textPart, ctx);
  const relative = resolveRelative(text, at, ctx.weekday);
  if (relative !== null || textPart === undefined) return relative;
  // "first thing", "in the afternoon" and nothing else: the next such time.
  return resolveAnchored(null, null, textPart, ctx);
}

/**
 * COMMIT-DUE-2…6: a day and/or a clock time. A part of the day named apart from the day
 * (`textPart`: "at 8 in the evening") only says how to read a clock time without am/pm, or stands
 * for the time when nothing else is named.
 */
function resolveAnchored(
  anchor: DayAnchor | null,
  clock: ClockTime | null,
  textPart: Part | undefined,
  ctx: Context,
): number {
  const toEpoch = (localDay: number, hour: number, minute: number): number => {
    const wall = localDay + hour * HOUR_MS + minute * MINUTE_MS;
    // COMMIT-DUE-8: in the zone, the offset of the due moment (summer time may start in between).
    const zone = ctx.config.timeZone;
    return zone === null ? wall - ctx.offsetMs : wallTimeToEpoch(wall, zone, ctx.offsetMs);
  };
  if (anchor === null) {
    // A clock time alone ("at 3pm"), or with a part of the day ("at 4 in the afternoon",
    // "first thing"): the next such time, today or tomorrow.
    const { hour, minute } =
      clock === null ? { hour: partHour(textPart, ctx.config), minute: 0 } : clockIn(clock, textPart);
    const due = toEpoch(ctx.today, hour, minute);
    return due >= ctx.at ? due : toEpoch(ctx.today + DAY_MS, hour, minute);
  }
  const { hour, minute } =
    clock === null
      ? { hour: anchor.hour ?? partHour(anchor.part, ctx.config), minute: 0 }
      : clockIn(clock, anchor.part ?? textPart);
  const due = toEpoch(anchor.localDay, hour, minute);
  if (anchor.localDay !== ctx.today || due >= ctx.at) return due;
  // A day that is today cannot be due before the promise. "Today" or "end of day" said once the
  // working day is over still means today: by midnight (it read "overdue" the moment it was said,
  // in every evening shift). A clock time that has passed ("today before 4pm" at 5pm) was late
  // when promised: due at once.
  return clock === null ? toEpoch(ctx.today + DAY_MS, 0, 0) : ctx.at;
}

/** The team's hour for a part of the day; a day with no part is due at the end of the working day. */
function partHour(part: Part | undefined, config: EngineConfig): number {
  switch (part) {
    case "morning":
      return config.morningHour;
    case "afternoon":
      return Math.round((config.morningHour + config.endOfDayHour) / 2);
    case "evening":
      return Math.min(23, config.endOfDayHour + 2);
    default:
      return config.endOfDayHour;
  }
}

/**
 * A clock time written without am/pm ("at 4", "at 8 tonight") is read by the part of the day
 * named with it, else as working hours: 1 to 6 are afternoon, 7 to 12 as written.
 */
function clockIn(clock: ClockTime, part: Part | undefined): { hour: number; minute: number } {
  if (clock.exact) return clock;
  const h = clock.hour;
  if (part === "morning") return { hour: h === 12 ? 0 : h, minute: clock.minute };
  if (part === "afternoon" || part === "evening" || h <= 6)
    return { hour: h === 12 ? 12 : h + 12, minute: clock.minute };
  return clock;
}

// --- Days -------------------------------------------------------------------------------------

const PART_SUFFIX = `(?:\\s+(?:in\\s+the\\s+)?(morning|afternoon|evening|night)\\b|\\s+(first\\s+thing)\\b)?`;

interface DayRule {
  re: RegExp;
  resolve: (m: RegExpExecArray, ctx: Context) => DayAnchor | null;
}

const DAY_RULES: readonly DayRule[] = [
  // COMMIT-DUE-3: "first thing tomorrow / on Monday" is that day's morning.
  {
    re: new RegExp(`\\bfirst\\s+thing\\s+(?:on\\s+)?(tomorrow|${WEEKDAY_SOURCE})\\b`, "gi"),
    resolve: (m, ctx) => ({ localDay: ctx.today + daysUntil(m[1]!, ctx), part: "morning" }),
  },
  {
    re: new RegExp(`\\b(?:the\\s+)?day\\s+after\\s+tomorrow\\b${PART_SUFFIX}`, "gi"),
    resolve: (m, ctx) => ({ localDay: ctx.today + 2 * DAY_MS, part: suffixPart(m[1], m[2]) }),
  },
  {
    re: new RegExp(`\\btomorrow\\b${PART_SUFFIX}`, "gi"),
    resolve: (m, ctx) => ({ localDay: ctx.today + DAY_MS, part: suffixPart(m[1], m[2]) }),
  },
  // COMMIT-DUE-2: today, and the end of the day, week or month.
  {
    re: /\b(?:later\s+)?today\b|\bthis\s+(morning|afternoon|evening)\b|\b(tonight)\b/gi,
    resolve: (m, ctx) => ({ localDay: ctx.today, part: suffixPart(m[1] ?? m[2], undefined) }),
  },
  {
    re: /\b(?:end\s+of\s+(?:the\s+)?(?:business\s+|working\s+)?day|eod|close\s+of\s+business|cob|end\s+of\s+business)\b/gi,
    resolve: (_m, ctx) => ({ localDay: ctx.today, hour: ctx.config.endOfDayHour }),
  },
  {
    re: /\bend\s+of\s+(?:the\s+|this\s+)?(next\s+)?(?:working\s+|business\s+)?week\b/gi,
    resolve: (m, ctx) => ({
      localDay: ctx.today + (((5 - ctx.weekday + 7) % 7) + (m[1] === undefined ? 0 : 7)) * DAY_MS,
      hour: ctx.config.endOfDayHour,
    }),
  },
  {
    re: /\bend\s+of\s+(?:the\s+|this\s+)?(next\s+)?month\b/gi,
    resolve: (m, ctx) => {
      const d = new Date(ctx.today);
      const lastDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (m[1] === undefined ? 1 : 2), 0);
      return { localDay: lastDay, hour: ctx.config.endOfDayHour };
    },
  },
  // COMMIT-DUE-4: a weekday is its next occurrence after today; "next week" is a week from today.
  {
    re: new RegExp(`\\b(?:(?:next|this)\\s+)?(${WEEKDAY_SOURCE})\\b${PART_SUFFIX}`, "gi"),
    resolve: (m, ctx) => ({ localDay: ctx.today + daysUntil(m[1]!, ctx), part: suffixPart(m[2], m[3]) }),
  },
  {
    re: /\bnext\s+week\b/gi,
    resolve: (_m, ctx) => ({ localDay: ctx.today + 7 * DAY_MS, hour: ctx.config.endOfDayHour }),
  },
  // COMMIT-DUE-6: calendar dates.
  {
    // "December 12", "Dec 12th, 2026"
    re: new RegExp(
      `\\b(${MONTH_SOURCE})\\.?\\s+(?:the\\s+)?(\\d{1,2})${ORDINAL_SOURCE}?\\b(?!:)(?:,?\\s+(\\d{4})\\b)?`,
      "gi",
    ),
    resolve: (m, ctx) => dateAnchor(monthIndex(m[1]!), Number(m[2]), m[3], ctx),
  },
  {
    // "12 December", "the 12th of December"
    re: new RegExp(
      `\\b(\\d{1,2})${ORDINAL_SOURCE}?\\s+(?:of\\s+)?(${MONTH_SOURCE})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`,
      "gi",
    ),
    resolve: (m, ctx) => dateAnchor(monthIndex(m[2]!), Number(m[1]), m[3], ctx),
  },
  {
    // "on the 12th": this month's, or next month's once it has passed.
    re: new RegExp(
      `\\b${UNTIL_SOURCE}\\s+the\\s+(\\d{1,2})${ORDINAL_SOURCE}\\b(?!\\s+(?:of\\s+)?(?:${MONTH_SOURCE})\\b)`,
      "gi",
    ),
    resolve: (m, ctx) => dayOfMonthAnchor(Number(m[1]), ctx),
  },
  {
    // "by 12/12", "on 25/12/2026": only when day and month cannot be swapped (see numericDate).
    re: new RegExp(`\\b${UNTIL_SOURCE}\\s+(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?\\b(?![/\\d])`, "gi"),
    resolve: (m, ctx) => numericDate(Number(m[1]), Number(m[2]), m[3], ctx),
  },
  {
    // ISO "2026-12-12"
    re: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    resolve: (m, ctx) => dateAnchor(Number(m[2]) - 1, Number(m[3]), m[1], ctx),
  },
];

/** The leftmost day named in the promise (the longest one when two start at the same place). */
function findDay(text: string, ctx: Context): DayAnchor | null {
  let best: { index: number; length: number; anchor: DayAnchor } | null = null;
  for (const rule of DAY_RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m !== null; m = rule.re.exec(text)) {
      if (best !== null && (m.index > best.index || (m.index === best.index && m[0].length <= best.length)))
        break;
      const anchor = rule.resolve(m, ctx);
      if (anchor !== null) {
        best = { index: m.index, length: m[0].length, anchor };
        break;
      }
    }
  }
  return best?.anchor ?? null;
}

function daysUntil(day: string, ctx: Context): number {
  const lower = day.toLowerCase();
  if (lower === "tomorrow") return DAY_MS;
  const target = WEEKDAYS.indexOf(lower as (typeof WEEKDAYS)[number]);
  // Today's weekday means the same day next week.
  return ((target - ctx.weekday + 7) % 7 || 7) * DAY_MS;
}

function suffixPart(word: string | undefined, firstThing: string | undefined): Part | undefined {
  if (firstThing !== undefined) return "morning";
  switch (word?.toLowerCase()) {
    case "morning":
      return "morning";
    case "afternoon":
      return "afternoon";
    case "evening":
    case "night":
    case "tonight":
      return "evening";
    default:
      return undefined;
  }
}

function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  return MONTHS.findIndex((month) => month.startsWith(lower.slice(0, 3)));
}

/** Local day start of a valid calendar date, else null ("February 30"). */
function localDate(year: number, month: number, day: number): number | null {
  const t = Date.UTC(year, month, day);
  return new Date(t).getUTCDate() === day && new Date(t).getUTCMonth() === month ? t : null;
}

/** A month and day, this year's unless it has passed (then next year's), or in the year given. */
function dateAnchor(
  month: number,
  day: number,
  yearText: string | undefined,
  ctx: Context,
): DayAnchor | null {
  if (month < 0 || month > 11) return null;
  const hour = ctx.config.endOfDayHour;
  if (yearText !== undefined) {
    const year = Number(yearText.length === 2 ? `20${yearText}` : yearText);
    const localDay = localDate(year, month, day);
    return localDay === null ? null : { localDay, hour };
  }
  const thisYear = new Date(ctx.today).getUTCFullYear();
  for (const year of [thisYear, thisYear + 1, thisYear + 4]) {
    const localDay = localDate(year, month, day);
    if (localDay !== null && localDay >= ctx.today) return { localDay, hour };
  }
  return null;
}

/** "the 12th": this month's if it is today or later, else the next month that has it. */
function dayOfMonthAnchor(day: number, ctx: Context): DayAnchor | null {
  const d = new Date(ctx.today);
  for (let k = 0; k < 3; k++) {
    const month = d.getUTCMonth() + k;
    const localDay = localDate(d.getUTCFullYear() + Math.floor(month / 12), month % 12, day);
    if (localDay !== null && localDay >= ctx.today) return { localDay, hour: ctx.config.endOfDayHour };
  }
  return null;
}

/**
 * "12/12" or "25/12" or "12/25": day and month are read whichever way round is the only possible
 * one; "3/4" could be either (the team's date order is not known), so it names no day.
 */
function numericDate(a: number, b: number, yearText: string | undefined, ctx: Context): DayAnchor | null {
  if (a <= 12 && b <= 12 && a !== b) return null;
  const [month, day] = a > 12 ? [b, a] : [a, b];
  return dateAnchor(month - 1, day, yearText, ctx);
}

// --- Clock times ------------------------------------------------------------------------------

const CLOCK_RE = new RegExp(
  [
    `\\b(noon|midday|midnight)\\b`,
    `\\b(\\d{1,2})(?:[:.](\\d{2}))?\\s*([ap])\\.?m\\b\\.?`,
    `\\b(\\d{1,2}):(\\d{2})\\b`,
    // A bare hour needs a preposition and must end the phrase ("at 9.", "by 5 today"), so that
    // "by 3 business days" or "at 5%" are not read as times.
    `\\b(?:at|by|before|until|till|around)\\s+(\\d{1,2})(?=\\s*(?:o['’]?clock\\b|[,;!?)]|\\.(?!\\d)|$|(?:today|tomorrow|tonight|this|on|in\\s+the|at\\s+the\\s+latest|latest|sharp|and|or|then|${WEEKDAY_SOURCE})\\b))`,
  ].join("|"),
  "gi",
);

/** The first clock time in the promise. */
function findClock(text: string): ClockTime | null {
  CLOCK_RE.lastIndex = 0;
  for (let m = CLOCK_RE.exec(text); m !== null; m = CLOCK_RE.exec(text)) {
    const clock = readClock(m);
    if (clock !== null) return clock;
  }
  return null;
}

function readClock(m: RegExpExecArray): ClockTime | null {
  if (m[1] !== undefined) {
    const word = m[1].toLowerCase();
    return { hour: word === "midnight" ? 24 : 12, minute: 0, exact: true };
  }
  if (m[2] !== undefined) {
    const hour = Number(m[2]);
    const minute = m[3] === undefined ? 0 : Number(m[3]);
    if (hour < 1 || hour > 12 || minute > 59) return null;
    return { hour: (hour % 12) + (m[4]!.toLowerCase() === "p" ? 12 : 0), minute, exact: true };
  }
  if (m[5] !== undefined) {
    const hour = Number(m[5]);
    const minute = Number(m[6]);
    if (hour > 23 || minute > 59) return null;
    // "14:00" and "09:30" are 24-hour times; "4:30" is read like a bare hour.
    return { hour, minute, exact: hour === 0 || hour > 12 || m[5].startsWith("0") };
  }
  const hour = Number(m[7]);
  return hour >= 1 && hour <= 12 ? { hour, minute: 0, exact: false } : null;
}

const PART_IN_TEXT_RE =
  /\b(?:in\s+the|this)\s+(morning|afternoon|evening)\b|\b(tonight)\b|\bat\s+(night)\b|\b(first\s+thing)\b/i;

/** A part of the day named on its own ("in the afternoon", "first thing"). */
function partInText(text: string): Part | undefined {
  const m = PART_IN_TEXT_RE.exec(text);
  if (m === null) return undefined;
  return suffixPart(m[1] ?? m[2] ?? m[3], m[4]);
}

// --- Times relative to the message --------------------------------------------------------------

const RELATIVE_RE = new RegExp(
  [
    `\\b(?:within|in|under)\\s+(?:the\\s+next\\s+)?(?:a\\s+)?(${NUMBER_SOURCE})(?:\\s+of)?\\s+(business\\s+|working\\s+)?(minute|min|hour|hr|day|week)s?\\b`,
    `\\b(?:within|in|under)\\s+(?:the\\s+next\\s+)?half\\s+(?:an?\\s+)?(hour|day)\\b`,
    `\\bwithin\\s+the\\s+(hour|day|week)\\b`,
    `\\b(?:right|straight)\\s+away\\b|\\bimmediately\\b|\\bshortly\\b|\\bin\\s+(?:just\\s+)?a\\s+(?:moment|minute|sec|second|bit)\\b|(?<!\\b(?:for|from|until|till|by|than|as\\s+of)\\s+)\\bnow\\b(?!\\s+(?:that|on)\\b)`,
  ].join("|"),
  "i",
);

/** COMMIT-DUE-1: "within 24 hours", "in a couple of days", "in half an hour", "right away". */
function resolveRelative(text: string, at: number, weekday: number): number | null {
  const m = RELATIVE_RE.exec(text);
  if (m === null) return null;
  if (m[1] !== undefined) {
    const n = parseNumber(m[1]);
    if (Number.isNaN(n)) return null;
    const unit = m[3]!.toLowerCase();
    if (m[2] !== undefined && unit === "day") return addBusinessDays(at, n, weekday);
    return at + n * unitMs(unit);
  }
  if (m[4] !== undefined) return at + unitMs(m[4].toLowerCase()) / 2;
  if (m[5] !== undefined) return at + unitMs(m[5].toLowerCase());
  return at + IMMEDIATE_DUE_MS;
}

function unitMs(unit: string): number {
  switch (unit) {
    case "minute":
    case "min":
      return MINUTE_MS;
    case "hour":
    case "hr":
      return HOUR_MS;
    case "week":
      return 7 * DAY_MS;
    default:
      return DAY_MS;
  }
}

function addBusinessDays(at: number, days: number, weekday: number): number {
  let t = at;
  let wd = weekday;
  let left = Math.ceil(days);
  while (left > 0) {
    t += DAY_MS;
    wd = (wd + 1) % 7;
    if (wd !== 0 && wd !== 6) left--;
  }
  return t;
}

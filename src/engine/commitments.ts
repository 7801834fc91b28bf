import type { EngineConfig } from "./config.ts";
import { NUMBER_SOURCE, parseNumber } from "./text.ts";
import type { Commitment } from "./types.ts";

/**
 * COMMIT-*: promises the agent makes ("I'll call you back Tuesday", "you'll get an email within
 * 24 hours") with their due time resolved from the message's own time, in the team's time zone.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "ll" covers I'll, we'll, you'll, will and shall. */
const PROMISE_HINTS: readonly string[] = ["ll", "going to", "expect", "promise"];
const SENTENCE_RE = /(?:[^.!?\n]|\.(?=\d))+[.!?]*/g;
const PROMISE_RE =
  /\b(?:i|we)(?:['’]ll| will| shall|['’]m going to| am going to|['’]re going to| are going to)\b|\byou(?:['’]ll| will) (?:receive|get|hear|see|have)\b|\bexpect (?:a|an|the|it|your)\b|\bi promise\b/i;
const FOLLOW_UP_RE =
  /\b(?:call|ring|phone|email|e-mail|text|message|get back|follow up|follow-up|update|contact|reach out|send|ship|refund|credit|check in)\b/i;

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

const TIME_RE = new RegExp(
  [
    `\\b(?:within|in|under)\\s+(?:the\\s+next\\s+)?(${NUMBER_SOURCE})\\s+(business\\s+|working\\s+)?(minute|hour|day|week)s?\\b`,
    `\\bwithin\\s+the\\s+(hour|day|week)\\b`,
    `\\b(?:by|before)?\\s*(?:the\\s+)?(end of (?:the )?day|eod|close of business|cob|end of (?:the )?week|end of business)\\b`,
    `\\b(later today|this afternoon|this evening|tonight|today)\\b`,
    `\\b(tomorrow)(?:\\s+(morning|afternoon|evening))?\\b`,
    `\\b(?:on\\s+|by\\s+|next\\s+|this\\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\\s+(morning|afternoon|evening))?\\b`,
    `\\b(next week)\\b`,
    `\\bat\\s+(\\d{1,2})(?::(\\d{2}))?\\s*(am|pm)\\b`,
  ].join("|"),
  "i",
);

/** Extracts commitments from an agent message; `at` is the message time (epoch ms) or undefined. */
export function extractCommitments(
  text: string,
  at: number | undefined,
  config: EngineConfig,
  lower: string = text.toLowerCase(),
): Commitment[] {
  // Every promise holds one of these strings: a cheap test before the regexes.
  if (!PROMISE_HINTS.some((hint) => lower.includes(hint)) || !PROMISE_RE.test(text)) return [];
  const out: Commitment[] = [];
  SENTENCE_RE.lastIndex = 0;
  for (let m = SENTENCE_RE.exec(text); m !== null; m = SENTENCE_RE.exec(text)) {
    const sentence = m[0];
    if (!PROMISE_RE.test(sentence)) continue;
    // One sentence may hold several promises ("… by end of day, and I'll text you tomorrow").
    const starts: number[] = [];
    PROMISE_ALL_RE.lastIndex = 0;
    for (let p = PROMISE_ALL_RE.exec(sentence); p !== null; p = PROMISE_ALL_RE.exec(sentence))
      starts.push(p.index);
    for (let k = 0; k < starts.length; k++) {
      const from = k === 0 ? 0 : starts[k]!;
      const to = starts[k + 1] ?? sentence.length;
      const part = sentence.slice(from, to);
      const time = TIME_RE.exec(part);
      if (time === null && !FOLLOW_UP_RE.test(part)) continue;
      const trimmed = part.replace(TRAILING_JOIN_RE, "");
      const lead = trimmed.length - trimmed.trimStart().length;
      const start = m.index + from + lead;
      const end = m.index + from + trimmed.trimEnd().length;
      out.push({
        text: text.slice(start, end),
        start,
        end,
        dueAt: time === null || at === undefined ? null : resolveDue(time, at, config),
      });
    }
  }
  return out;
}

const PROMISE_ALL_RE = new RegExp(PROMISE_RE.source, "gi");
const TRAILING_JOIN_RE = /[\s,;]*(?:and|then|also)?[\s,;]*$/i;

/** Resolves a matched time expression to epoch ms (COMMIT-DUE-*). */
function resolveDue(m: RegExpExecArray, at: number, config: EngineConfig): number | null {
  const offsetMs = config.timezoneOffsetMinutes * MINUTE_MS;
  const local = at + offsetMs;
  const startOfLocalDay = Math.floor(local / DAY_MS) * DAY_MS;
  const weekday = new Date(startOfLocalDay).getUTCDay();
  const atHour = (dayStart: number, hour: number, minute = 0): number =>
    dayStart + hour * HOUR_MS + minute * MINUTE_MS - offsetMs;
  const partHour = (part: string | undefined): number => {
    switch (part?.toLowerCase()) {
      case "morning":
        return config.morningHour;
      case "afternoon":
        return Math.round((config.morningHour + config.endOfDayHour) / 2);
      case "evening":
        return Math.min(23, config.endOfDayHour + 2);
      default:
        return config.endOfDayHour;
    }
  };
  // COMMIT-DUE-1: "within N units" / "in N units" from the message time.
  if (m[1] !== undefined) {
    const n = parseNumber(m[1]);
    if (Number.isNaN(n)) return null;
    const unit = (m[3] ?? "day").toLowerCase();
    if (m[2] !== undefined && unit === "day") return addBusinessDays(at, n, weekday);
    const unitMs =
      unit === "minute" ? MINUTE_MS : unit === "hour" ? HOUR_MS : unit === "week" ? 7 * DAY_MS : DAY_MS;
    return at + n * unitMs;
  }
  if (m[4] !== undefined) {
    const unit = m[4].toLowerCase();
    return at + (unit === "hour" ? HOUR_MS : unit === "week" ? 7 * DAY_MS : DAY_MS);
  }
  // COMMIT-DUE-2: end of day / end of week, local time.
  if (m[5] !== undefined) {
    const phrase = m[5].toLowerCase();
    if (phrase.includes("week")) {
      const toFriday = (5 - weekday + 7) % 7;
      return atHour(startOfLocalDay + toFriday * DAY_MS, config.endOfDayHour);
    }
    return Math.max(at, atHour(startOfLocalDay, config.endOfDayHour));
  }
  if (m[6] !== undefined) {
    const phrase = m[6].toLowerCase();
    const hour =
      phrase === "this afternoon"
        ? partHour("afternoon")
        : phrase === "tonight" || phrase === "this evening"
          ? partHour("evening")
          : config.endOfDayHour;
    return Math.max(at, atHour(startOfLocalDay, hour));
  }
  // COMMIT-DUE-3: tomorrow (morning / afternoon / evening).
  if (m[7] !== undefined) return atHour(startOfLocalDay + DAY_MS, partHour(m[8]));
  // COMMIT-DUE-4: a weekday means its next occurrence after today.
  if (m[9] !== undefined) {
    const target = WEEKDAYS.indexOf(m[9].toLowerCase() as (typeof WEEKDAYS)[number]);
    const days = (target - weekday + 7) % 7 || 7;
    return atHour(startOfLocalDay + days * DAY_MS, partHour(m[10]));
  }
  if (m[11] !== undefined) return atHour(startOfLocalDay + 7 * DAY_MS, config.endOfDayHour);
  // COMMIT-DUE-5: a clock time today, or tomorrow when it has passed.
  if (m[12] !== undefined) {
    let hour = Number(m[12]) % 12;
    if ((m[14] ?? "").toLowerCase() === "pm") hour += 12;
    const minute = m[13] === undefined ? 0 : Number(m[13]);
    const today = atHour(startOfLocalDay, hour, minute);
    return today >= at ? today : today + DAY_MS;
  }
  return null;
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

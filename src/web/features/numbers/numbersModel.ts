import {
  NUMBER_DEFINITIONS,
  SURVEY_TAG_INFO,
  SURVEY_TAGS,
  type NumbersPeriod,
  type NumbersResponse,
} from "../../../protocol/numbers.ts";

/*
 * What the Numbers page draws, from the API's counts: each measure as a share (or a time) per
 * period, with the counts behind it, so a chart, its caption and the before/after table agree.
 * Pure: no React, no fetching.
 */

/** One line of a chart: a value per period (null: nothing to measure in that period). */
export interface Line {
  label: string;
  color: string;
  dashed?: boolean;
  values: (number | null)[];
  /** The counts behind each value ("16 of 20"), shown beside it; null where there is nothing. */
  detail?: (string | null)[];
}

/** "score": a scorecard's overall, 0 to 4. */
export type Unit = "count" | "share" | "seconds" | "score";

export interface Measure {
  id: string;
  title: string;
  definition: string;
  unit: Unit;
  lines: Line[];
  /** The whole range in words, with its counts: "42% (21 of 50 closed conversations)". */
  summary: string;
  /** Whether the range has anything to draw. */
  hasData: boolean;
  /** Drawn as a row a line (the survey's tags, good news then bad), not as one chart. */
  tagRows?: TagRow[];
  /** Said under the chart: a period not whole (this week, so far) and how it is drawn. */
  partialNote?: string;
}

/** One survey tag: its share per period, and over the whole range `part` of `whole` answers. */
export interface TagRow {
  label: string;
  tone: "good" | "bad";
  values: (number | null)[];
  part: number;
  whole: number;
}

export const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** A share per period with the counts behind it, so no percentage is shown without its n. */
export function sharesOf<P>(
  periods: readonly P[],
  part: (p: P) => number,
  whole: (p: P) => number,
): Pick<Line, "values" | "detail"> {
  return {
    values: periods.map((x) => share(part(x), whole(x))),
    detail: periods.map((x) => (whole(x) === 0 ? null : `${part(x)} of ${whole(x)}`)),
  };
}

/** Per period, the share of the closed conversations resolved at first contact. */
export const firstContactLine = (
  periods: readonly { resolvedFirstContact: number; closed: number }[],
): Line => ({
  label: "Resolved at first contact",
  color: "#1f8a5b",
  ...sharesOf(
    periods,
    (x) => x.resolvedFirstContact,
    (x) => x.closed,
  ),
});

/** A value and the counts behind it, as the figures table and the chart's tooltip show them. */
export function formatWithDetail(
  unit: Unit,
  value: number | null,
  detail: string | null | undefined,
): string {
  const shown = formatValue(unit, value);
  return detail === null || detail === undefined || value === null ? shown : `${shown} (${detail})`;
}

export function formatShare(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100)}%`;
}

export function formatSeconds(value: number | null): string {
  if (value === null) return "—";
  // Seconds up to two minutes, so an axis at 30 s steps reads 60 s, 90 s, 2 min, not "2 min" twice.
  if (value < 120) return `${Math.round(value)} s`;
  const minutes = value / 60;
  if (minutes < 10) return `${Math.round(minutes * 10) / 10} min`;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  return `${(value / 3600).toFixed(1)} h`;
}

export function formatValue(unit: Unit, value: number | null): string {
  return unit === "share"
    ? formatShare(value)
    : unit === "seconds"
      ? formatSeconds(value)
      : unit === "score"
        ? value === null
          ? "—"
          : value.toFixed(1)
        : String(value ?? 0);
}

export const of = (part: number, whole: number, what: string): string =>
  `${formatShare(share(part, whole))} (${part} of ${whole} ${what})`;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** How much of a period has passed by now, of a whole one (a day, a week). */
export interface PeriodSpan {
  elapsedMs: number;
  wholeMs: number;
  /** Shorter than a whole one: still running (today, this week), or cut by the range's end. */
  partial: boolean;
  /** Still running: it ends after now. */
  running: boolean;
}

export function periodSpan(
  p: Pick<NumbersPeriod, "start" | "end">,
  bucket: "day" | "week",
  nowMs: number,
): PeriodSpan {
  const start = Date.parse(p.start);
  const end = Date.parse(p.end);
  const wholeMs = (bucket === "week" ? 7 : 1) * DAY_MS;
  const elapsedMs = Math.max(0, Math.min(end, nowMs) - start);
  // A day of a clock change is an hour short or long: still a whole day.
  return { elapsedMs, wholeMs, partial: elapsedMs < wholeMs - 2 * HOUR_MS, running: end > nowMs };
}

/** A length of time as a lead reads it: "6 days 9 h", "9 h", "40 min". */
export function formatSpan(ms: number): string {
  const hours = Math.floor(ms / HOUR_MS);
  if (hours === 0) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const dayWords = days === 0 ? "" : `${days} ${days === 1 ? "day" : "days"}`;
  return [dayWords, rest === 0 ? "" : `${rest} h`].filter((w) => w !== "").join(" ");
}

/**
 * Conversations per period, a part-period (today, this week so far, a range ending mid-week) drawn
 * at its pace over a whole one: its bare count drew this week as a fall in volume every Monday
 * morning. The counts behind each point say which it is.
 */
export function conversationsLine(
  periods: readonly Pick<NumbersPeriod, "start" | "end" | "conversations">[],
  bucket: "day" | "week",
  nowMs: number,
): { line: Line; note?: string } {
  const spans = periods.map((x) => periodSpan(x, bucket, nowMs));
  const values = periods.map((x, i) => {
    const span = spans[i];
    if (span === undefined || !span.partial) return x.conversations;
    return span.elapsedMs === 0 ? null : Math.round((x.conversations * span.wholeMs) / span.elapsedMs);
  });
  const detail = periods.map((x, i) => {
    const span = spans[i];
    if (span === undefined || !span.partial || span.elapsedMs === 0) return null;
    return `pace for a whole ${bucket}: ${x.conversations} in ${formatSpan(span.elapsedMs)}${span.running ? " so far" : ""}`;
  });
  const line: Line = { label: "Conversations", color: "#2f6f9f", values, detail };
  const parts = periods.flatMap((x, i) => {
    const span = spans[i];
    if (span === undefined || !span.partial || span.elapsedMs === 0) return [];
    const day = new Date(x.start).toLocaleDateString(undefined, { month: "short", day: "numeric" });
    const name = bucket === "week" ? `The week from ${day}` : day;
    return [
      span.running
        ? `${name} is not over: ${formatSpan(span.elapsedMs)} so far, ${x.conversations} conversations.`
        : `${name} is cut short by the range: ${formatSpan(span.elapsedMs)}, ${x.conversations} conversations.`,
    ];
  });
  if (parts.length === 0) return { line };
  return {
    line,
    note: `${parts.join(" ")} ${parts.length === 1 ? "Its point is its pace" : "Their points are their pace"} over a whole ${bucket}, not a fall in volume.`,
  };
}

/** The measures of one range, in the page's order. */
export function measuresOf(
  data: Pick<NumbersResponse, "periods" | "total"> & { bucket?: NumbersResponse["bucket"] },
  nowMs: number = Date.now(),
): Measure[] {
  const p = data.periods;
  const t = data.total;
  const volume = conversationsLine(p, data.bucket ?? "day", nowMs);
  const series = (f: (x: NumbersPeriod) => number | null) => p.map(f);
  const tagShare = (tag: (typeof SURVEY_TAGS)[number]) => (x: NumbersPeriod) =>
    share(x.survey.tags[tag], x.survey.answered);
  return [
    {
      id: "conversations",
      title: "Conversations handled",
      definition: NUMBER_DEFINITIONS.conversations,
      unit: "count",
      lines: [volume.line],
      summary: `${t.conversations} conversations in the range.`,
      hasData: t.conversations > 0,
      ...(volume.note !== undefined ? { partialNote: volume.note } : {}),
    },
    {
      id: "fcr",
      title: "First-contact resolution",
      definition: NUMBER_DEFINITIONS.firstContactResolution,
      unit: "share",
      lines: [firstContactLine(p)],
      summary:
        t.closed === 0
          ? "No conversation that started in the range has closed yet."
          : `${of(t.resolvedFirstContact, t.closed, "closed conversations")}.`,
      hasData: t.closed > 0,
    },
    {
      id: "escalation",
      title: "Escalation rate",
      definition: NUMBER_DEFINITIONS.escalationRate,
      unit: "share",
      lines: [
        {
          label: "Escalated",
          color: "#c8372d",
          ...sharesOf(
            p,
            (x) => x.escalated,
            (x) => x.conversations,
          ),
        },
      ],
      summary:
        t.conversations === 0
          ? "No conversation started in the range."
          : `${of(t.escalated, t.conversations, "conversations")}.`,
      hasData: t.conversations > 0,
    },
    {
      id: "time-to-help",
      title: "Time to help",
      definition: NUMBER_DEFINITIONS.timeToHelp,
      unit: "seconds",
      lines: [
        {
          label: "Median",
          color: "#2f6f9f",
          values: series((x) => x.timeToHelp.medianSeconds),
          detail: p.map((x) => (x.timeToHelp.helped === 0 ? null : `${x.timeToHelp.helped} helped`)),
        },
        {
          label: "90th percentile",
          color: "#d19a17",
          dashed: true,
          values: series((x) => x.timeToHelp.p90Seconds),
        },
      ],
      summary:
        t.timeToHelp.helped === 0
          ? "No alert was answered with a step-in in the range."
          : `Median ${formatSeconds(t.timeToHelp.medianSeconds)}, 90th percentile ${formatSeconds(t.timeToHelp.p90Seconds)} (${t.timeToHelp.helped} of ${t.alerts.raised} alerts answered with a step-in).`,
      hasData: t.timeToHelp.helped > 0,
    },
    {
      id: "step-ins",
      title: "Did the customer recover after a step-in?",
      definition: NUMBER_DEFINITIONS.stepInOutcomes,
      unit: "share",
      lines: [
        {
          label: "Recovered",
          color: "#1f8a5b",
          ...sharesOf(
            p,
            (x) => x.stepIns.recovered,
            (x) => x.stepIns.total,
          ),
        },
        {
          label: "Not recovered",
          color: "#c8372d",
          ...sharesOf(
            p,
            (x) => x.stepIns.notRecovered,
            (x) => x.stepIns.total,
          ),
        },
        {
          label: "Too early to tell",
          color: "#8a929c",
          dashed: true,
          ...sharesOf(
            p,
            (x) => x.stepIns.tooEarly,
            (x) => x.stepIns.total,
          ),
        },
      ],
      summary:
        t.stepIns.total === 0
          ? "Nobody stepped in during the range."
          : `Of ${t.stepIns.total} conversations with a step-in: ${t.stepIns.recovered} recovered, ${t.stepIns.notRecovered} did not, ${t.stepIns.tooEarly} too early to tell.`,
      hasData: t.stepIns.total > 0,
    },
    {
      id: "alerts",
      title: "Alert usefulness",
      definition: NUMBER_DEFINITIONS.alerts,
      unit: "share",
      lines: [
        {
          label: "Acted on",
          color: "#1f8a5b",
          ...sharesOf(
            p,
            (x) => x.alerts.actedOn,
            (x) => x.alerts.raised,
          ),
        },
        {
          label: "Not useful",
          color: "#c8372d",
          ...sharesOf(
            p,
            (x) => x.alerts.notUseful,
            (x) => x.alerts.raised,
          ),
        },
        {
          label: "Expired",
          color: "#8a929c",
          dashed: true,
          ...sharesOf(
            p,
            (x) => x.alerts.expired,
            (x) => x.alerts.raised,
          ),
        },
        // Still waiting for an answer: without it a recent day's shares did not add up to 100%.
        {
          label: "Still open",
          color: "#2f6f9f",
          dashed: true,
          ...sharesOf(
            p,
            (x) => x.alerts.open,
            (x) => x.alerts.raised,
          ),
        },
      ],
      summary:
        t.alerts.raised === 0
          ? "No alert was raised in the range."
          : `Of ${t.alerts.raised} alerts: ${t.alerts.actedOn} acted on, ${t.alerts.notUseful} not useful, ${t.alerts.expired} expired, ${t.alerts.open} still open.`,
      hasData: t.alerts.raised > 0,
    },
    {
      id: "survey",
      title: "What customers said afterwards",
      definition: NUMBER_DEFINITIONS.survey,
      unit: "share",
      lines: SURVEY_TAGS.map((tag) => ({
        label: SURVEY_TAG_INFO[tag].label,
        color: TONE_COLOR[SURVEY_TAG_INFO[tag].tone],
        ...sharesOf(
          p,
          (x) => x.survey.tags[tag],
          (x) => x.survey.answered,
        ),
      })),
      tagRows: SURVEY_TAGS.map((tag) => ({
        label: SURVEY_TAG_INFO[tag].label,
        tone: SURVEY_TAG_INFO[tag].tone,
        values: series(tagShare(tag)),
        part: t.survey.tags[tag],
        whole: t.survey.answered,
      })),
      summary:
        t.survey.answered === 0
          ? `No survey answers with a tag in the range${t.survey.skipped > 0 ? ` (${t.survey.skipped} skipped)` : ""}.`
          : `${t.survey.answered} answers with a tag in the range (${t.survey.skipped} skipped).`,
      hasData: t.survey.answered > 0,
    },
  ];
}

/** Good news in green, bad news in red: the lines of the survey's table, each on its own row. */
export const TONE_COLOR = { good: "#1f8a5b", bad: "#c8372d" } as const;

/**
 * A tag's line, in words: where it started and ended and its highest, over the periods with
 * answers: "from 22% (week of Oct 8) to 10% (week of Nov 26), highest 33% (week of Oct 29)".
 */
export function describeTrend(
  values: readonly (number | null)[],
  starts: readonly string[],
  period: "day" | "week",
): string {
  const when = (i: number) => {
    const day = new Date(starts[i] ?? "").toLocaleDateString(undefined, { month: "short", day: "numeric" });
    return period === "week" ? `week of ${day}` : day;
  };
  const known = values.flatMap((v, i) => (v === null ? [] : [{ v, i }]));
  const first = known[0];
  const last = known.at(-1);
  if (first === undefined || last === undefined) return `no answers in any ${period} of the range`;
  if (first === last) return `${formatShare(first.v)} (${when(first.i)}), the only ${period} with answers`;
  const top = known.reduce((a, b) => (b.v > a.v ? b : a));
  const highest = top === first || top === last ? "" : `, highest ${formatShare(top.v)} (${when(top.i)})`;
  return `from ${formatShare(first.v)} (${when(first.i)}) to ${formatShare(last.v)} (${when(last.i)})${highest}`;
}

/** One row of the before/after table: each measure's headline value before and after, with its counts. */
export interface ComparisonRow {
  title: string;
  before: string;
  after: string;
  /** after − before, in the measure's unit (percentage points for shares); null when either side is empty. */
  change: string | null;
  /** Each side apart: its value ("79%") and the counts behind it ("57 of 72"; "" for a count). */
  sides: { before: { value: string; counts: string }; after: { value: string; counts: string } };
}

/**
 * Conversations a week over a side of the comparison. The two sides are rarely as long as each
 * other (a change made ten days before the end leaves seven weeks before it and ten days after),
 * so their totals compared said the volume fell when it had not.
 */
function perWeek(x: NumbersPeriod, nowMs: number): { value: number | null; counts: string } {
  // Up to now: the rest of today (or of a range ending later) has no conversations yet, and
  // counted as time it understated the side after a change made a few days ago.
  const ms = Math.min(Date.parse(x.end), nowMs) - Date.parse(x.start);
  if (!(ms > 0)) return { value: null, counts: `${x.conversations} in no time` };
  const days = ms / DAY_MS;
  const whole = Math.abs(days - Math.round(days)) * DAY_MS < 2 * HOUR_MS;
  return {
    value: Math.round(((x.conversations * 7) / days) * 10) / 10,
    counts: `${x.conversations} in ${whole ? `${Math.max(1, Math.round(days))} ${Math.round(days) === 1 ? "day" : "days"}` : formatSpan(ms)}`,
  };
}

function headline(
  x: NumbersPeriod,
  nowMs: number,
): { title: string; unit: Unit; value: number | null; counts: string }[] {
  const counted = (part: number, whole: number) => `${part} of ${whole}`;
  return [
    { title: "Conversations handled a week", unit: "count", ...perWeek(x, nowMs) },
    {
      title: "First-contact resolution",
      unit: "share",
      value: share(x.resolvedFirstContact, x.closed),
      counts: counted(x.resolvedFirstContact, x.closed),
    },
    {
      title: "Escalation rate",
      unit: "share",
      value: share(x.escalated, x.conversations),
      counts: counted(x.escalated, x.conversations),
    },
    {
      title: "Time to help (median)",
      unit: "seconds",
      value: x.timeToHelp.medianSeconds,
      counts: `${x.timeToHelp.helped} helped`,
    },
    {
      title: "Recovered after a step-in",
      unit: "share",
      value: share(x.stepIns.recovered, x.stepIns.total),
      counts: counted(x.stepIns.recovered, x.stepIns.total),
    },
    {
      title: "Alerts marked not useful",
      unit: "share",
      value: share(x.alerts.notUseful, x.alerts.raised),
      counts: counted(x.alerts.notUseful, x.alerts.raised),
    },
    ...SURVEY_TAGS.map((tag) => ({
      title: `“${SURVEY_TAG_INFO[tag].label}”`,
      unit: "share" as const,
      value: share(x.survey.tags[tag], x.survey.answered),
      counts: counted(x.survey.tags[tag], x.survey.answered),
    })),
  ];
}

/**
 * A value as its row shows it, in the unit the change is given in: a share in whole percentage
 * points (79%: 79), a time in the seconds its text stands for ("5.6 min": 336), a count to a tenth.
 */
function shownAs(unit: Unit, value: number): number {
  if (unit === "share") return Math.round(value * 100);
  if (unit === "count" || unit === "score") return Math.round(value * 10) / 10;
  if (value < 120) return Math.round(value);
  const minutes = value / 60;
  if (minutes < 10) return (Math.round(minutes * 10) / 10) * 60;
  if (minutes < 90) return Math.round(minutes) * 60;
  return Math.round(value / 360) * 360;
}

/** The before/after table's rows. */
export function comparisonRows(
  before: NumbersPeriod,
  after: NumbersPeriod,
  nowMs: number = Date.now(),
): ComparisonRow[] {
  const b = headline(before, nowMs);
  const a = headline(after, nowMs);
  return b.map((row, i) => {
    const other = a[i] ?? row;
    const show = (h: typeof row) =>
      `${formatValue(h.unit, h.value)}${h.counts !== "" ? ` (${h.counts})` : ""}`;
    let change: string | null = null;
    if (row.value !== null && other.value !== null) {
      // The change is the difference of the two figures as the row shows them, so it reads as the
      // sum a lead would do: 58% → 65% is +7 pts, 77% → 77% is ±0 pts (from the unrounded shares
      // it said +8 pts and +1 pts). Rounded before it is signed, so a change too small to show
      // reads ±0, not −0.
      const d = Math.round((shownAs(row.unit, other.value) - shownAs(row.unit, row.value)) * 10) / 10;
      const sign = d > 0 ? "+" : d < 0 ? "−" : "±";
      change =
        row.unit === "share"
          ? `${sign}${Math.abs(d)} pts`
          : row.unit === "seconds"
            ? `${sign}${formatSeconds(Math.abs(d))}`
            : `${sign}${Math.abs(d)}`;
    }
    const side = (h: typeof row) => ({ value: formatValue(h.unit, h.value), counts: h.counts });
    return {
      title: row.title,
      before: show(row),
      after: show(other),
      change,
      sides: { before: side(row), after: side(other) },
    };
  });
}

/**
 * The periods' starts that get a tick on the x axis: every one while they fit `spacePx` apart in
 * `widthPx`, else every second, third…, always from the first. A tick then stands where a point
 * is, and its date is the day that point's period starts.
 */
export function tickedStarts(x: readonly number[], widthPx: number, spacePx: number): number[] {
  const fit = Math.max(1, Math.floor(widthPx / spacePx));
  const every = Math.max(1, Math.ceil(x.length / fit));
  return x.filter((_, i) => i % every === 0);
}

/** The period's start as the chart's x value (seconds, as uPlot's time scale reads them). */
export const periodX = (p: Pick<NumbersPeriod, "start">): number => Date.parse(p.start) / 1000;

import { useMemo, useState } from "react";
import { EngineConfigError, resolveEngineConfig } from "../../../engine/config.ts";
import type { EngineOverrides, EngineSettings, EngineTunables } from "../../../protocol/engineSettings.ts";

/** One tunable number: where it lives in the overrides, and how an admin reads it. */
interface NumberField {
  path: string;
  label: string;
  hint: string;
  step: string;
  /**
   * Stored in milliseconds, asked in a unit people think in: the field shows the stored value
   * divided by `factor`, and saves what is typed multiplied by it.
   */
  unit?: { name: string; factor: number };
}

const SECONDS = { name: "seconds", factor: 1000 };
const MINUTES = { name: "minutes", factor: 60_000 };

export const THRESHOLD_FIELDS: readonly NumberField[] = [
  {
    path: "thresholds.frustrationHigh",
    label: "High frustration (0–1)",
    hint: "A customer's running frustration at or above this counts as high (a frustrated customer on the floor).",
    step: "0.01",
  },
  {
    path: "thresholds.frustrationIrate",
    label: "Irate (0–1)",
    hint: "At or above this, the customer counts as irate: the level that escalates when help has not calmed them.",
    step: "0.01",
  },
  {
    path: "thresholds.frustrationSmoothing",
    label: "Weight of the newest message (0–1)",
    hint: "How much the newest message moves the running frustration; lower follows the whole conversation more.",
    step: "0.01",
  },
  {
    path: "thresholds.trendDelta",
    label: "Trend change",
    hint: "A change in frustration at least this big over the trend span reads as rising or falling.",
    step: "0.01",
  },
  {
    path: "thresholds.trendSpan",
    label: "Trend span (customer turns)",
    hint: "How many customer turns the rising/falling trend looks back over.",
    step: "1",
  },
  {
    path: "thresholds.persistentFrustrationTurns",
    label: "High-frustration turns before a signal",
    hint: "High-frustration customer turns in a row, with no good move from the agent, before a teammate is signalled.",
    step: "1",
  },
  {
    path: "thresholds.irateAfterHelpTurns",
    label: "Irate turns after help before escalating",
    hint: "Customer turns still irate after a whisper or more before the conversation is escalated to a lead.",
    step: "1",
  },
  {
    path: "thresholds.repeatedApologyCount",
    label: "Apologies that make a cue",
    hint: "Apologies within the agent's recent turns that mark a repeated apology.",
    step: "1",
  },
  {
    path: "thresholds.repeatedApologyRaiseCount",
    label: "Apologies that raise an alert",
    hint: "Apologies within the recent turns, with no next step, that raise an alert (sorry instead of solving).",
    step: "1",
  },
  {
    path: "thresholds.agentWindowTurns",
    label: "Agent turns in the window",
    hint: "How many of the agent's recent turns the apology, hedge and defensiveness counts cover.",
    step: "1",
  },
  {
    path: "thresholds.hedgeRaiseCount",
    label: "Hedges that raise a knowledge need",
    hint: "Hedged or vague answers within the recent turns that raise a knowledge need (someone who knows).",
    step: "1",
  },
  {
    path: "thresholds.longGapMs",
    label: "Long wait (seconds)",
    hint: "A customer waiting this long for a reply marks a long wait on the agent's next message.",
    step: "1",
    unit: SECONDS,
  },
  {
    path: "thresholds.emailLongGapMs",
    label: "Long wait on e-mail (minutes)",
    hint: "The same for an e-mail conversation, answered in hours rather than minutes.",
    step: "1",
    unit: MINUTES,
  },
  {
    path: "thresholds.updateIntervalMs",
    label: "Update on hold every (minutes)",
    hint: "A customer on hold should hear from the agent at least this often (the update habit).",
    step: "1",
    unit: MINUTES,
  },
  {
    path: "thresholds.updateIntervalMaxMs",
    label: "Missed update after (minutes)",
    hint: "Silence on hold beyond this counts as a missed update.",
    step: "1",
    unit: MINUTES,
  },
  {
    path: "thresholds.repetitionSimilarity",
    label: "Repetition overlap (0–1)",
    hint: "How much a customer message must overlap an earlier one to count as repeating themself.",
    step: "0.01",
  },
  {
    path: "thresholds.repetitionMinTokens",
    label: "Shortest message compared (words)",
    hint: 'Messages shorter than this are never counted as repetition ("yes", "ok").',
    step: "1",
  },
  {
    path: "thresholds.minRootCauseConfidence",
    label: "Root-cause confidence (0–1)",
    hint: "Likely root causes below this confidence are not shown.",
    step: "0.01",
  },
  {
    path: "thresholds.useNameAfterAgentTurns",
    label: "Agent turns without the name",
    hint: "Agent turns without the customer's name, once known, before the use-the-name habit counts as missed.",
    step: "1",
  },
  {
    path: "thresholds.factMinKeywordHits",
    label: "Fact keywords before checking",
    hint: "Words an agent's sentence must share with a knowledge-base fact before it is checked against it; fewer checks more, and errs more.",
    step: "1",
  },
  {
    path: "cooldown.turns",
    label: "Cooldown (messages)",
    hint: "Messages after an alert during which the same reason is not raised again (no nagging).",
    step: "1",
  },
  {
    path: "cooldown.ms",
    label: "Cooldown (seconds)",
    hint: "Time after an alert during which the same reason is not raised again.",
    step: "1",
    unit: SECONDS,
  },
  {
    path: "timezoneOffsetMinutes",
    label: "Team time offset from UTC (minutes)",
    hint: 'The team\'s local time, for promises like "tomorrow morning" (e.g. 60 for UTC+1), when it has no time zone: fixed, it does not follow summer time.',
    step: "15",
  },
  {
    path: "endOfDayHour",
    label: "End of day (hour)",
    hint: 'The local hour "by end of day" and a bare weekday mean in a promise (17 = 5 pm).',
    step: "1",
  },
  {
    path: "morningHour",
    label: "Morning (hour)",
    hint: 'The local hour "in the morning" means in a promise.',
    step: "1",
  },
  {
    path: "incidents.threshold",
    label: "Incident: customers reporting one malfunction",
    hint: "Customers reporting the same malfunction that open a team-wide banner and a knowledge stub.",
    step: "1",
  },
  {
    path: "incidents.windowMs",
    label: "Incident: within (minutes)",
    hint: "…within this many minutes of each other.",
    step: "1",
    unit: MINUTES,
  },
];

export const BOOLEAN_FIELDS = [
  { path: "escalation.onLegalThreat", label: "A legal threat is beyond the agent’s authority" },
  { path: "escalation.onSecurityRisk", label: "A security risk escalates like a safety threat" },
] as const;

/** The stored value as the field shows it (in its unit). */
function shown(field: NumberField, stored: unknown): number {
  return typeof stored === "number" && field.unit ? stored / field.unit.factor : (stored as number);
}

/** What is typed, as stored (milliseconds for a field in seconds or minutes). */
function stored(field: NumberField, typed: number): number {
  return field.unit ? Math.round(typed * field.unit.factor) : typed;
}

/**
 * The engine names its ranges in what it stores ("in [0, 1000000000]" milliseconds): said again in
 * the field's unit, so the admin reads the limit in what they typed.
 */
function inFieldUnit(field: NumberField, problem: string): string {
  const unit = field.unit;
  if (!unit) return problem;
  const say = (ms: string) => String(Number(ms) / unit.factor);
  return problem
    .replace(
      /in \[(-?[\d.e+]+), (-?[\d.e+]+)\], got (-?[\d.e+]+)/,
      (_, lo: string, hi: string, got: string) => `in [${say(lo)}, ${say(hi)}] ${unit.name}, got ${say(got)}`,
    )
    .replace(
      /of ms within (\d+)\.\.(\d+)/,
      (_, lo: string, hi: string) => `of ${unit.name} within ${say(lo)}..${say(hi)}`,
    );
}

/** "UTC+1", "UTC+5:30", "UTC−4", "UTC": an offset from UTC in minutes, as people write it. */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const mins = abs % 60;
  return `UTC${minutes > 0 ? "+" : "−"}${Math.floor(abs / 60)}${mins === 0 ? "" : `:${String(mins).padStart(2, "0")}`}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `atMs` in minutes, or null for a name the browser does not know. */
export function zoneOffsetAt(timeZone: string, atMs: number): number | null {
  try {
    let format = offsetFormatters.get(timeZone);
    if (format === undefined) {
      format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
      offsetFormatters.set(timeZone, format);
    }
    const name = format.formatToParts(new Date(atMs)).find((p) => p.type === "timeZoneName")?.value;
    const m = /GMT(?:([+\-−])(\d{1,2})(?::(\d{2}))?)?$/.exec(name ?? "");
    if (m === null) return null;
    if (m[1] === undefined) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === "+" ? minutes : -minutes;
  } catch {
    return null;
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * What a team time zone means now, in words: its offset today and when the clocks next change
 * ("UTC+1 now; UTC+2 from 29 Mar 2026, when the clocks change"): the first day within a year whose
 * offset differs, then the hour, by halving.
 */
export function describeZone(timeZone: string, nowMs: number): string | null {
  const now = zoneOffsetAt(timeZone, nowMs);
  if (now === null) return null;
  for (let day = 1; day <= 366; day++) {
    let hi = nowMs + day * DAY_MS;
    const then = zoneOffsetAt(timeZone, hi);
    if (then === null || then === now) continue;
    let lo = hi - DAY_MS;
    while (hi - lo > HOUR_MS) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (zoneOffsetAt(timeZone, mid) === now) lo = mid;
      else hi = mid;
    }
    const date = new Date(hi).toLocaleDateString("en-GB", {
      timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
    });
    return `${formatUtcOffset(now)} now; ${formatUtcOffset(then)} from ${date}, when the clocks change.`;
  }
  return `${formatUtcOffset(now)} all year.`;
}

/** The time zones the browser knows, for the field's suggestions (none in an older browser). */
function knownZones(): readonly string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

/** Field errors by dotted path (e.g. "thresholds.frustrationHigh"); empty when saved. */
export type FieldErrors = Record<string, string>;

/**
 * The engine's own problems with the values that are numbers, by field, checked here as the server
 * checks them (its ranges, in the engine's words), for a form that cannot be sent yet: a blank
 * field kept back every other problem until it was filled, so the admin fixed one and met the next.
 * The incident values and the time zone are the server's to check, on the next save.
 */
function engineProblems(overrides: Record<string, unknown>): FieldErrors {
  const { incidents: _incidents, timeZone: _timeZone, ...engine } = overrides;
  try {
    resolveEngineConfig(engine);
    return {};
  } catch (error) {
    if (!(error instanceof EngineConfigError)) throw error;
    const problems: FieldErrors = {};
    // The engine words each problem as "<dotted.path> must …", as the server passes it on.
    for (const issue of error.issues) {
      const match = /^([\w.[\]]+) (.*)$/.exec(issue);
      const path = match?.[1] ?? "";
      const problem = match?.[2] ?? issue;
      problems[path] = problems[path] !== undefined ? `${problems[path]}; ${problem}` : problem;
    }
    return problems;
  }
}

function read(values: EngineTunables, path: string): unknown {
  let current: unknown = values;
  for (const part of path.split(".")) current = (current as Record<string, unknown>)[part];
  return current;
}

function write(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let current = target;
  for (const part of parts.slice(0, -1)) {
    current[part] ??= {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] ?? ""] = value;
}

/**
 * A team's engine thresholds. Only values that differ from the engine's defaults are saved as
 * overrides, so a team keeps following the defaults for what it never touched. The engine checks
 * the ranges; each problem it reports is shown beside its field.
 */
export function ThresholdsAdmin({
  settings,
  busy,
  onSave,
  justSaved = false,
}: {
  settings: EngineSettings;
  busy: boolean;
  onSave: (overrides: EngineOverrides) => Promise<FieldErrors>;
  /**
   * The page saved these settings a moment ago. A save changes the settings' `updatedAt`, which
   * the page keys this form by, so the form starts afresh and its own "saved" is lost with it.
   */
  justSaved?: boolean;
}) {
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      THRESHOLD_FIELDS.map((f) => [f.path, String(shown(f, read(settings.effective, f.path)))]),
    ),
  );
  const [flags, setFlags] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(BOOLEAN_FIELDS.map((f) => [f.path, Boolean(read(settings.effective, f.path))])),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  // A time zone makes the offset follow summer time; the fixed offset is used only without one.
  const [zone, setZone] = useState(settings.overrides.timeZone ?? "");
  const zoneNow = useMemo(() => (zone.trim() === "" ? null : describeZone(zone.trim(), Date.now())), [zone]);
  const zoneOffset = zone.trim() === "" ? null : zoneOffsetAt(zone.trim(), Date.now());
  const [zones] = useState(knownZones);

  const submit = async () => {
    setSaved(false);
    const local: FieldErrors = {};
    const overrides: Record<string, unknown> = {};
    if (zone.trim() !== "") {
      if (zoneOffset === null) local.timeZone = "is not a time zone: use a name such as Europe/Paris";
      overrides.timeZone = zone.trim();
    }
    for (const f of THRESHOLD_FIELDS) {
      // With a time zone, the offset is the zone's: the fixed one is not saved.
      if (f.path === "timezoneOffsetMinutes" && zone.trim() !== "") continue;
      const raw = (text[f.path] ?? "").trim();
      const value = Number(raw);
      if (raw === "" || !Number.isFinite(value)) {
        local[f.path] = "must be a number";
        continue;
      }
      const asStored = stored(f, value);
      if (asStored !== read(settings.defaults, f.path)) write(overrides, f.path, asStored);
    }
    for (const f of BOOLEAN_FIELDS) {
      if (flags[f.path] !== read(settings.defaults, f.path)) write(overrides, f.path, flags[f.path]);
    }
    const byPath = new Map(THRESHOLD_FIELDS.map((f) => [f.path, f]));
    const inUnits = (problems: FieldErrors): FieldErrors =>
      Object.fromEntries(
        Object.entries(problems).map(([path, problem]) => {
          const field = byPath.get(path);
          return [path, field ? inFieldUnit(field, problem) : problem];
        }),
      );
    if (Object.keys(local).length > 0) {
      // Nothing is sent while a value is missing; every other problem is said with it, at once.
      setErrors({ ...inUnits(engineProblems(overrides)), ...local });
      return;
    }
    const problems = await onSave(overrides as EngineOverrides);
    setErrors(inUnits(problems));
    setSaved(Object.keys(problems).length === 0);
  };

  const problemCount = Object.keys(errors).length;
  return (
    <form
      className="stack"
      aria-label="Alert thresholds"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {problemCount > 0 ? (
        <div className="notice error" role="alert">
          {problemCount === 1 ? "One value needs fixing." : `${problemCount} values need fixing.`}
        </div>
      ) : null}
      <div className="field" style={{ maxWidth: 420 }}>
        <label htmlFor="threshold-timeZone" style={{ fontSize: 12, fontWeight: 600, color: "var(--text-2)" }}>
          Team time zone
        </label>
        <input
          id="threshold-timeZone"
          className="input"
          list="threshold-time-zones"
          placeholder="e.g. Europe/Paris"
          value={zone}
          aria-invalid={errors.timeZone !== undefined}
          aria-describedby={`threshold-timeZone-hint${errors.timeZone !== undefined ? " threshold-timeZone-error" : ""}`}
          onChange={(e) => setZone(e.target.value)}
        />
        <datalist id="threshold-time-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <small id="threshold-timeZone-hint" className="muted">
          The team&rsquo;s local time for promises like &ldquo;tomorrow morning&rdquo;, summer time included.{" "}
          {zone.trim() === ""
            ? "None set: the fixed offset below is used, and does not change with the clocks."
            : (zoneNow ?? "Not a time zone this browser knows.")}
        </small>
        {errors.timeZone !== undefined ? (
          <small id="threshold-timeZone-error" className="field-error" style={{ color: "var(--bad)" }}>
            {errors.timeZone}
          </small>
        ) : null}
      </div>
      <div className="filters" style={{ flexWrap: "wrap" }}>
        {THRESHOLD_FIELDS.map((f) => {
          const byZone = f.path === "timezoneOffsetMinutes" && zone.trim() !== "";
          const id = `threshold-${f.path.replace(/\./g, "-")}`;
          const error = errors[f.path];
          const changed = stored(f, Number(text[f.path])) !== read(settings.defaults, f.path);
          return (
            <div className="field" key={f.path} style={{ width: 260 }}>
              <label htmlFor={id} style={{ fontSize: 12, fontWeight: 600, color: "var(--text-2)" }}>
                {f.label}
                {changed ? " •" : ""}
              </label>
              <input
                id={id}
                className="input"
                type="number"
                step={f.step}
                value={byZone ? String(zoneOffset ?? "") : (text[f.path] ?? "")}
                readOnly={byZone}
                aria-invalid={error !== undefined}
                aria-describedby={`${id}-hint${error !== undefined ? ` ${id}-error` : ""}`}
                onChange={(e) => setText({ ...text, [f.path]: e.target.value })}
              />
              {/* What it does and its default, in view: they were in a hover-only title, and most
                  fields had none, so an admin tuned 26 numbers by name alone. */}
              <small id={`${id}-hint`} className="muted">
                {byZone ? (
                  `The team's time zone's, now${zoneOffset !== null ? ` (${formatUtcOffset(zoneOffset)})` : ""}: it follows the clocks.`
                ) : (
                  <>
                    {f.hint}
                    {f.path === "timezoneOffsetMinutes" && Number.isFinite(Number(text[f.path]))
                      ? ` Now ${formatUtcOffset(Number(text[f.path]))}.`
                      : ""}{" "}
                    Default: {String(shown(f, read(settings.defaults, f.path)))}
                    {f.unit ? ` ${f.unit.name}` : ""}.
                  </>
                )}
              </small>
              {error !== undefined ? (
                <small id={`${id}-error`} className="field-error" style={{ color: "var(--bad)" }}>
                  {error}
                </small>
              ) : null}
            </div>
          );
        })}
      </div>
      {BOOLEAN_FIELDS.map((f) => (
        <label className="row" key={f.path}>
          <input
            type="checkbox"
            checked={flags[f.path] ?? false}
            onChange={(e) => setFlags({ ...flags, [f.path]: e.target.checked })}
          />
          <span>{f.label}</span>
        </label>
      ))}
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>
          Save thresholds
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => {
            setZone(settings.defaults.timeZone ?? "");
            setText(
              Object.fromEntries(
                THRESHOLD_FIELDS.map((f) => [f.path, String(shown(f, read(settings.defaults, f.path)))]),
              ),
            );
            setFlags(
              Object.fromEntries(
                BOOLEAN_FIELDS.map((f) => [f.path, Boolean(read(settings.defaults, f.path))]),
              ),
            );
          }}
        >
          Back to the defaults
        </button>
      </div>
      {/* Said beside the button pressed: the form is taller than a laptop's screen, so a notice
          at its top alone went unseen, and the admin could not tell the values were kept. */}
      {problemCount > 0 ? (
        <p className="small" style={{ color: "var(--bad)", margin: 0 }}>
          Not saved: {problemCount === 1 ? "one value needs fixing" : `${problemCount} values need fixing`}{" "}
          (marked above).
        </p>
      ) : saved || justSaved ? (
        <div className="notice" role="status">
          Saved. The team’s conversations use these values from their next message.
        </div>
      ) : null}
    </form>
  );
}

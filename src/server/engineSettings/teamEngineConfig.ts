import {
  DEFAULT_ENGINE_CONFIG,
  EngineConfigError,
  resolveEngineConfig,
  type EngineConfig,
} from "../../engine/index.ts";
import {
  engineOverridesSchema,
  type EngineOverrides,
  type EngineTunables,
  type ValidationIssue,
} from "../../protocol/index.ts";
import type { JsonValue } from "../../store/index.ts";
import { isTimeZone, offsetMinutesAt } from "../numbers/zonedEdges.ts";

/** Resolved configs by their overrides' JSON: resolving compiles lexicons, so do it once per shape. */
const resolved = new Map<string, EngineConfig>();
const RESOLVED_CACHE_MAX_ENTRIES = 500;

/**
 * The engine configuration a team runs with: its stored overrides on the engine's defaults. An
 * unreadable or no-longer-valid stored value falls back to the defaults rather than stopping the
 * floor (the admin screen shows the problem when they next save).
 */
export function resolveTeamEngineConfig(
  stored: JsonValue | null | undefined,
  /** The moment the config is for: a team's time zone gives its offset then (summer time or not). */
  atMs: number = Date.now(),
): EngineConfig {
  if (stored === null || stored === undefined) return DEFAULT_ENGINE_CONFIG;
  const parsed = engineOverridesSchema.safeParse(stored);
  if (!parsed.success) return DEFAULT_ENGINE_CONFIG;
  const { incidents: _incidents, timeZone, ...rest } = parsed.data;
  // The zone's offset of the moment (the live engine's context is read again every few minutes, so
  // a clock change is followed within them), and the zone itself, so a promise due after the next
  // clock change is due at that moment's offset; a zone this runtime does not know keeps the fixed one.
  const engine =
    timeZone !== undefined && isTimeZone(timeZone)
      ? { ...rest, timezoneOffsetMinutes: offsetMinutesAt(atMs, timeZone), timeZone }
      : rest;
  if (Object.keys(engine).length === 0) return DEFAULT_ENGINE_CONFIG;
  const key = JSON.stringify(engine);
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  let config: EngineConfig;
  try {
    config = resolveEngineConfig(engine);
  } catch {
    config = DEFAULT_ENGINE_CONFIG;
  }
  if (resolved.size >= RESOLVED_CACHE_MAX_ENTRIES) resolved.clear();
  resolved.set(key, config);
  return config;
}

/**
 * Validates overrides with the engine. Returns every problem as a validation issue under
 * `body.overrides`, or an empty list when the engine accepts them.
 */
export function checkEngineOverrides(overrides: EngineOverrides): ValidationIssue[] {
  const { incidents, timeZone, ...engine } = overrides;
  const issues: ValidationIssue[] = [];
  if (timeZone !== undefined && !isTimeZone(timeZone))
    issues.push({
      path: ["body", "overrides", "timeZone"],
      message: `'${timeZone}' is not a time zone: use an IANA name such as Europe/Paris or America/New_York`,
      code: "invalid_time_zone",
    });
  const at = (key: string, message: string): ValidationIssue => ({
    path: ["body", "overrides", "incidents", key],
    message,
    code: "out_of_range",
  });
  const threshold = incidents?.threshold;
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 2 || threshold > 1000))
    issues.push(at("threshold", "must be a whole number of conversations within 2..1000"));
  const windowMs = incidents?.windowMs;
  if (windowMs !== undefined && (!Number.isInteger(windowMs) || windowMs < 60_000 || windowMs > 86_400_000))
    issues.push(at("windowMs", "must be a whole number of ms within 60000..86400000 (one minute to a day)"));
  return [...issues, ...checkEngineOnly(engine)];
}

function checkEngineOnly(overrides: EngineOverrides): ValidationIssue[] {
  try {
    resolveEngineConfig(overrides);
    return [];
  } catch (error) {
    if (!(error instanceof EngineConfigError)) throw error;
    return error.issues.map((issue) => {
      // The engine words each issue as "<dotted.path> must …"; the path becomes the issue's path.
      const match = /^([\w.[\]]+) (.*)$/.exec(issue);
      const path = match?.[1]?.split(".") ?? [];
      return {
        path: ["body", "overrides", ...path],
        message: match?.[2] ?? issue,
        code: "out_of_range",
      };
    });
  }
}

/** A team's incident rules: its overrides on the server's defaults (TAGTEAM_INCIDENT_*). */
export function teamIncidentRules(
  stored: JsonValue | null | undefined,
  defaults: { threshold: number; windowMs: number },
): { threshold: number; windowMs: number } {
  const parsed = engineOverridesSchema.safeParse(stored ?? {});
  const own = parsed.success ? (parsed.data.incidents ?? {}) : {};
  const rules = {
    threshold: own.threshold ?? defaults.threshold,
    windowMs: own.windowMs ?? defaults.windowMs,
  };
  // A stored value the checks above would refuse today falls back to the default.
  return checkEngineOverrides({ incidents: rules }).length === 0 ? rules : { ...defaults };
}

/** The values an admin may tune, read from a full engine configuration and the team's incident rules. */
export function readTunables(
  config: EngineConfig,
  incidents: { threshold: number; windowMs: number },
  timeZone: string | null = null,
): EngineTunables {
  return {
    incidents: { threshold: incidents.threshold, windowMs: incidents.windowMs },
    timeZone,
    timezoneOffsetMinutes: config.timezoneOffsetMinutes,
    endOfDayHour: config.endOfDayHour,
    morningHour: config.morningHour,
    thresholds: { ...config.thresholds },
    cooldown: { ...config.cooldown },
    escalation: { ...config.escalation },
  };
}

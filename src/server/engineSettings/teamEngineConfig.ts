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

/** Resolved configs by their overrides' JSON: resolving compiles lexicons, so do it once per shape. */
const resolved = new Map<string, EngineConfig>();
const RESOLVED_CACHE_MAX_ENTRIES = 500;

/**
 * The engine configuration a team runs with: its stored overrides on the engine's defaults. An
 * unreadable or no-longer-valid stored value falls back to the defaults rather than stopping the
 * floor (the admin screen shows the problem when they next save).
 */
export function resolveTeamEngineConfig(stored: JsonValue | null | undefined): EngineConfig {
  if (stored === null || stored === undefined) return DEFAULT_ENGINE_CONFIG;
  const parsed = engineOverridesSchema.safeParse(stored);
  if (!parsed.success || Object.keys(parsed.data).length === 0) return DEFAULT_ENGINE_CONFIG;
  const key = JSON.stringify(parsed.data);
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  let config: EngineConfig;
  try {
    config = resolveEngineConfig(parsed.data);
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

/** The values an admin may tune, read from a full engine configuration. */
export function readTunables(config: EngineConfig): EngineTunables {
  return {
    timezoneOffsetMinutes: config.timezoneOffsetMinutes,
    endOfDayHour: config.endOfDayHour,
    morningHour: config.morningHour,
    thresholds: { ...config.thresholds },
    cooldown: { ...config.cooldown },
    escalation: { ...config.escalation },
  };
}

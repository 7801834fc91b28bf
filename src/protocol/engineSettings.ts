import { z } from "zod";

/**
 * The engine values an admin may tune per team (the engine's EngineConfig, without lexicons,
 * risk weights and suggestion wording). The shape is checked here; ranges are checked by the
 * engine's resolveEngineConfig, whose every problem comes back as a VALIDATION_FAILED issue with
 * the path `body.overrides.<group>.<key>`.
 */
export const ENGINE_THRESHOLD_KEYS = [
  "repeatedApologyCount",
  "repeatedApologyRaiseCount",
  "agentWindowTurns",
  "hedgeRaiseCount",
  "longGapMs",
  "emailLongGapMs",
  "updateIntervalMs",
  "updateIntervalMaxMs",
  "repetitionSimilarity",
  "repetitionMinTokens",
  "frustrationHigh",
  "frustrationIrate",
  "frustrationSmoothing",
  "trendDelta",
  "trendSpan",
  "persistentFrustrationTurns",
  "irateAfterHelpTurns",
  "minRootCauseConfidence",
  "useNameAfterAgentTurns",
  "factMinKeywordHits",
] as const;
export type EngineThresholdKey = (typeof ENGINE_THRESHOLD_KEYS)[number];

const thresholdShape = Object.fromEntries(ENGINE_THRESHOLD_KEYS.map((k) => [k, z.number()])) as Record<
  EngineThresholdKey,
  z.ZodNumber
>;

/** Every tunable value, as the server reports a team's effective configuration. */
export const engineTunablesSchema = z.object({
  /** The team's time zone (IANA), when it has one: the offset follows its clock changes. */
  timeZone: z.string().nullable(),
  /** The offset from UTC the team's promises are read in now: the time zone's today, if it has one. */
  timezoneOffsetMinutes: z.number(),
  endOfDayHour: z.number(),
  morningHour: z.number(),
  thresholds: z.object(thresholdShape),
  cooldown: z.object({ turns: z.number(), ms: z.number() }),
  escalation: z.object({ onLegalThreat: z.boolean(), onSecurityRisk: z.boolean() }),
  /** Incident surge: this many conversations reporting one malfunction within windowMs open an incident. */
  incidents: z.object({ threshold: z.number(), windowMs: z.number() }),
});
export type EngineTunables = z.infer<typeof engineTunablesSchema>;

/** A team's overrides: any subset of the tunables; unknown keys are refused. */
export const engineOverridesSchema = z.strictObject({
  /**
   * The team's time zone (IANA, e.g. Europe/Paris): its offset from UTC, summer time included, in
   * place of `timezoneOffsetMinutes`, which is fixed and had to be changed by hand twice a year.
   * Not the engine's: the server turns it into the offset of the moment (teamEngineConfig.ts).
   */
  timeZone: z.string().max(64).optional(),
  timezoneOffsetMinutes: z.number().optional(),
  endOfDayHour: z.number().optional(),
  morningHour: z.number().optional(),
  thresholds: z.strictObject(thresholdShape).partial().optional(),
  cooldown: z.strictObject({ turns: z.number(), ms: z.number() }).partial().optional(),
  escalation: z
    .strictObject({ onLegalThreat: z.boolean(), onSecurityRisk: z.boolean() })
    .partial()
    .optional(),
  /** Not the engine's: checked by the server (teamEngineConfig.ts), used by the incident detector. */
  incidents: z.strictObject({ threshold: z.number(), windowMs: z.number() }).partial().optional(),
});
export type EngineOverrides = z.infer<typeof engineOverridesSchema>;

export const engineSettingsSchema = z.object({
  teamId: z.string(),
  /** What the team changed (empty: the defaults). */
  overrides: engineOverridesSchema,
  /** The defaults with the overrides applied: what the engine runs with for this team. */
  effective: engineTunablesSchema,
  /** The engine's defaults, for "reset" and for showing what changed. */
  defaults: engineTunablesSchema,
  /** null: never saved. */
  updatedAt: z.string().nullable(),
});
export type EngineSettings = z.infer<typeof engineSettingsSchema>;

export const putEngineSettingsBodySchema = z.strictObject({ overrides: engineOverridesSchema });
export const engineSettingsResponseSchema = z.object({ settings: engineSettingsSchema });

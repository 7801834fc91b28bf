import { DEFAULT_LEXICONS, type LexiconName, type Lexicons } from "./lexicons.ts";
import { DEFAULT_SUGGESTIONS, withoutRetiredDefaults, type SuggestionTemplates } from "./suggestions.ts";
import { compileLexiconSet, type LexiconSet } from "./lexiconGate.ts";
import { isKnownTimeZone } from "./timeZone.ts";
import type { DeepPartial } from "./types.ts";

/** Weights of the risk forecast (RISK-1): a logistic model over the conversation's running features. */
export interface RiskWeights {
  bias: number;
  /** The customer's running frustration now. */
  frustration: number;
  /** The worst running frustration so far (fading slowly). */
  peakFrustration: number;
  /** The mean of the customer's per-message readings so far. */
  meanFrustration: number;
  rising: number;
  falling: number;
  attack: number;
  churn: number;
  legal: number;
  manager: number;
  safety: number;
  wrongInfo: number;
  agentBad: number;
  agentGood: number;
  repetition: number;
  waiting: number;
  satisfied: number;
  /** Customer turns with a negative cue or a high reading. */
  negativeTurns: number;
  /** Customer turns still stating a problem after the agent replied. */
  unresolved: number;
  /** Customer turns still asking questions after the agent replied. */
  openQuestions: number;
  /** Agent turns handing work to the customer (details to find, steps to try). */
  customerEffort: number;
}

/** Everything a team can tune. Plain data: store it as JSON, diff it, review it. */
export interface EngineConfig {
  /** Offset of the team's local time from UTC, for "tomorrow morning" and "Tuesday". */
  timezoneOffsetMinutes: number;
  /**
   * The team's IANA time zone (Europe/Berlin), or null for the fixed offset alone. With a zone, a due
   * time after a clock change ("Monday 5pm", said on the Saturday before summer time) takes the
   * offset of that moment; `timezoneOffsetMinutes` is still the one of the message's moment.
   */
  timeZone: string | null;
  /** Local hour that "end of day" and bare weekdays resolve to. */
  endOfDayHour: number;
  /** Local hour that "morning" resolves to. */
  morningHour: number;
  thresholds: {
    /** Apologies within the apology window that make a `repeated_apology` cue. */
    repeatedApologyCount: number;
    /** Apologies within the window (with no next step) that raise `not_solution_focused`. */
    repeatedApologyRaiseCount: number;
    /** How many recent agent turns the apology/hedge/defensiveness windows cover. */
    agentWindowTurns: number;
    /** Hedges or vague answers within the window (no specifics) that raise a knowledge need. */
    hedgeRaiseCount: number;
    /** Unanswered customer wait that makes a `long_gap` cue on the agent's next message. */
    longGapMs: number;
    /**
     * The same on an e-mail conversation (a message with `channel: "email"`): e-mail is answered
     * in hours, and a chat's three minutes marked every e-mail reply as a long wait.
     */
    emailLongGapMs: number;
    /** The customer on hold should hear from the agent at least this often (habit). */
    updateIntervalMs: number;
    /** Beyond this silence while on hold, the update habit counts as missed. */
    updateIntervalMaxMs: number;
    /** Token overlap (0..1) with an earlier customer message that counts as repetition. */
    repetitionSimilarity: number;
    /** Messages shorter than this many content tokens are not compared for repetition. */
    repetitionMinTokens: number;
    /** Frustration at or above this counts as high. */
    frustrationHigh: number;
    /** Frustration at or above this counts as irate. */
    frustrationIrate: number;
    /** Weight of the newest customer message in the running frustration (0..1). */
    frustrationSmoothing: number;
    /** Change in frustration over the trend span that counts as rising or falling. */
    trendDelta: number;
    /** Customer turns the trend looks back over. */
    trendSpan: number;
    /** Consecutive high-frustration customer turns, with no good agent move, before a signal. */
    persistentFrustrationTurns: number;
    /** Customer turns still irate after a whisper (or more) before escalation. */
    irateAfterHelpTurns: number;
    /** Root-cause hypotheses below this confidence are not reported. */
    minRootCauseConfidence: number;
    /** Agent turns without the customer's name (once known) before the habit counts as missed. */
    useNameAfterAgentTurns: number;
    /** Distinct fact keywords a sentence must share with a fact before it is checked. */
    factMinKeywordHits: number;
  };
  cooldown: {
    /** Messages after an alert during which the same reason at the same rung is not raised again. */
    turns: number;
    /** Milliseconds after an alert during which the same reason at the same rung is not raised again. */
    ms: number;
  };
  escalation: {
    /** A legal threat counts as beyond the agent's authority. */
    onLegalThreat: boolean;
    /** A security risk (hacked account, fraud) escalates like a safety threat. */
    onSecurityRisk: boolean;
  };
  risk: RiskWeights;
  lexicons: Lexicons;
  suggestions: SuggestionTemplates;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = deepFreeze({
  timezoneOffsetMinutes: 0,
  timeZone: null,
  endOfDayHour: 17,
  morningHour: 9,
  thresholds: {
    repeatedApologyCount: 2,
    repeatedApologyRaiseCount: 3,
    agentWindowTurns: 4,
    hedgeRaiseCount: 3,
    longGapMs: 180_000,
    emailLongGapMs: 4 * 3_600_000,
    updateIntervalMs: 600_000,
    updateIntervalMaxMs: 900_000,
    repetitionSimilarity: 0.6,
    repetitionMinTokens: 4,
    frustrationHigh: 0.6,
    frustrationIrate: 0.7,
    frustrationSmoothing: 0.6,
    trendDelta: 0.08,
    trendSpan: 2,
    persistentFrustrationTurns: 3,
    irateAfterHelpTurns: 2,
    minRootCauseConfidence: 0.3,
    useNameAfterAgentTurns: 4,
    factMinKeywordHits: 2,
  },
  cooldown: { turns: 4, ms: 120_000 },
  escalation: { onLegalThreat: true, onSecurityRisk: true },
  // RISK-1 weights, hand-set (SPEC.md, "Risk"): a calm conversation sits near 0.05, an upset
  // customer whose problem persists near 0.7, a threat or an attack adds about one logit.
  risk: {
    bias: -3.2,
    frustration: 1.8,
    peakFrustration: 1.0,
    meanFrustration: 1.2,
    rising: 0.5,
    falling: -0.5,
    negativeTurns: 0.6,
    unresolved: 1.0,
    openQuestions: 0.5,
    customerEffort: 0.6,
    attack: 1.1,
    churn: 1.0,
    legal: 1.2,
    manager: 0.6,
    safety: 2.5,
    wrongInfo: 0.9,
    agentBad: 1.2,
    agentGood: -0.6,
    repetition: 0.5,
    waiting: 0.5,
    satisfied: -1.8,
  },
  lexicons: DEFAULT_LEXICONS,
  suggestions: DEFAULT_SUGGESTIONS,
});

/**
 * The lexicons compiled once (CFG-1): each entry wrapped in word-edge guards, with the word gate
 * that picks the entries a message can match (CUE-GATE-1); see lexiconGate.ts.
 */
export interface CompiledLexicons {
  index: Record<LexiconName, number>;
  set: LexiconSet;
}

export interface CompiledConfig {
  lexicons: CompiledLexicons;
}

const compiledConfigs = new WeakMap<EngineConfig, CompiledConfig>();

/** Thrown when a configuration or knowledge base is malformed; `issues` lists every problem. */
export class EngineConfigError extends Error {
  readonly code = "ENGINE_CONFIG_INVALID";
  constructor(readonly issues: string[]) {
    super(`invalid engine configuration: ${issues.join("; ")}`);
    this.name = "EngineConfigError";
  }
}

/**
 * Merges a team's overrides onto the defaults, validates the result and compiles its lexicons
 * once, so `observe` never builds a regular expression.
 *
 * Lexicon arrays replace the default list; to extend one, spread it:
 * @example
 * const config = resolveEngineConfig({
 *   cooldown: { turns: 6 },
 *   lexicons: { jargon: [...DEFAULT_ENGINE_CONFIG.lexicons.jargon, "mpls"] },
 * });
 */
export function resolveEngineConfig(overrides: DeepPartial<EngineConfig> = {}): EngineConfig {
  // Saved wording that is exactly an earlier default follows today's (a team's own is kept).
  const current =
    overrides.suggestions === undefined
      ? overrides
      : { ...overrides, suggestions: withoutRetiredDefaults(overrides.suggestions) };
  const merged = deepMerge(DEFAULT_ENGINE_CONFIG, current) as EngineConfig;
  const issues = validateConfig(merged);
  const compiled = compileLexicons(merged.lexicons, issues);
  if (issues.length > 0) throw new EngineConfigError(issues);
  const frozen = deepFreeze(merged);
  compiledConfigs.set(frozen, { lexicons: compiled });
  return frozen;
}

/** The compiled form of a config; compiled on first use when the config was built by hand. */
export function compiledConfigOf(config: EngineConfig): CompiledConfig {
  let compiled = compiledConfigs.get(config);
  if (compiled === undefined) {
    const issues: string[] = [];
    compiled = { lexicons: compileLexicons(config.lexicons, issues) };
    if (issues.length > 0) throw new EngineConfigError(issues);
    compiledConfigs.set(config, compiled);
  }
  return compiled;
}

function compileLexicons(lexicons: Lexicons, issues: string[]): CompiledLexicons {
  const index = {} as Record<LexiconName, number>;
  const validLists: string[][] = [];
  for (const name of Object.keys(DEFAULT_LEXICONS) as LexiconName[]) {
    const entries = lexicons[name];
    index[name] = validLists.length;
    if (!Array.isArray(entries)) {
      issues.push(`lexicons.${name} must be an array of patterns`);
      validLists.push([]);
      continue;
    }
    const valid: string[] = [];
    for (const [i, entry] of entries.entries()) {
      if (typeof entry !== "string" || entry.length === 0) {
        issues.push(`lexicons.${name}[${i}] must be a non-empty string`);
        continue;
      }
      try {
        new RegExp(entry, "i");
        valid.push(entry);
      } catch (error) {
        issues.push(`lexicons.${name}[${i}] is not a valid pattern: ${(error as Error).message}`);
      }
    }
    // Longest first, so "i'm not sure" wins over "sure"-like shorter alternatives at one position.
    valid.sort((a, b) => b.length - a.length);
    validLists.push(valid);
  }
  return { index, set: compileLexiconSet(validLists) };
}

function validateConfig(config: EngineConfig): string[] {
  const issues: string[] = [];
  const checkNumber = (path: string, value: unknown, min: number, max: number): void => {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      issues.push(`${path} must be a number in [${min}, ${max}], got ${JSON.stringify(value)}`);
    }
  };
  checkNumber("timezoneOffsetMinutes", config.timezoneOffsetMinutes, -14 * 60, 14 * 60);
  if (
    config.timeZone !== null &&
    (typeof config.timeZone !== "string" || !isKnownTimeZone(config.timeZone))
  ) {
    issues.push(
      `timeZone must be an IANA time zone such as Europe/Paris, got ${JSON.stringify(config.timeZone)}`,
    );
  }
  checkNumber("endOfDayHour", config.endOfDayHour, 0, 23);
  checkNumber("morningHour", config.morningHour, 0, 23);
  for (const [key, value] of Object.entries(config.thresholds)) {
    const unit = key.endsWith("Ms") ? 1e9 : 1e6;
    checkNumber(`thresholds.${key}`, value, 0, unit);
  }
  for (const key of ["frustrationHigh", "frustrationIrate", "frustrationSmoothing", "repetitionSimilarity"]) {
    checkNumber(`thresholds.${key}`, (config.thresholds as unknown as Record<string, unknown>)[key], 0, 1);
  }
  checkNumber("cooldown.turns", config.cooldown.turns, 0, 1e6);
  checkNumber("cooldown.ms", config.cooldown.ms, 0, 1e10);
  for (const [key, value] of Object.entries(config.risk)) checkNumber(`risk.${key}`, value, -100, 100);
  for (const [key, value] of Object.entries(config.suggestions)) {
    if (typeof value !== "string" || value.length === 0) issues.push(`suggestions.${key} must be a sentence`);
  }
  return issues;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) out[key] = deepMerge(base[key], value);
    return out;
  }
  if (Array.isArray(override)) return [...(override as unknown[])];
  return override;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

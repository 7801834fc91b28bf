import { describe, expect, it } from "vitest";
import { DEFAULT_ENGINE_CONFIG } from "../../engine/index.ts";
import { ENGINE_THRESHOLD_KEYS } from "../../protocol/index.ts";
import { checkEngineOverrides, readTunables, resolveTeamEngineConfig } from "./teamEngineConfig.ts";

describe("team engine config", () => {
  it("the protocol lists exactly the engine's thresholds", () => {
    expect([...ENGINE_THRESHOLD_KEYS].sort()).toEqual(Object.keys(DEFAULT_ENGINE_CONFIG.thresholds).sort());
  });

  it("merges stored overrides onto the defaults; nothing stored or unreadable means the defaults", () => {
    const config = resolveTeamEngineConfig({ thresholds: { frustrationHigh: 0.5 }, cooldown: { turns: 7 } });
    expect(config.thresholds.frustrationHigh).toBe(0.5);
    expect(config.thresholds.frustrationIrate).toBe(DEFAULT_ENGINE_CONFIG.thresholds.frustrationIrate);
    expect(config.cooldown).toEqual({ turns: 7, ms: DEFAULT_ENGINE_CONFIG.cooldown.ms });
    expect(resolveTeamEngineConfig(null)).toBe(DEFAULT_ENGINE_CONFIG);
    expect(resolveTeamEngineConfig({ nonsense: true })).toBe(DEFAULT_ENGINE_CONFIG);
    expect(resolveTeamEngineConfig({ thresholds: { frustrationHigh: 7 } })).toBe(DEFAULT_ENGINE_CONFIG);
  });

  it("reports every problem the engine finds, each with its field's path", () => {
    const issues = checkEngineOverrides({
      endOfDayHour: 30,
      thresholds: { frustrationHigh: 1.5, longGapMs: -1 },
    });
    expect(issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining([
        "body.overrides.endOfDayHour",
        "body.overrides.thresholds.frustrationHigh",
        "body.overrides.thresholds.longGapMs",
      ]),
    );
    expect(issues.every((i) => i.message.startsWith("must be"))).toBe(true);
    expect(checkEngineOverrides({ thresholds: { frustrationHigh: 0.55 } })).toEqual([]);
  });

  it("reads the tunable values of a configuration", () => {
    expect(readTunables(DEFAULT_ENGINE_CONFIG).thresholds.longGapMs).toBe(180_000);
  });
});

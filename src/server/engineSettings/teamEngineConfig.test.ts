import { describe, expect, it } from "vitest";
import { extractCommitments } from "../../engine/commitments.ts";
import { DEFAULT_ENGINE_CONFIG } from "../../engine/index.ts";
import { ENGINE_THRESHOLD_KEYS } from "../../protocol/index.ts";
import {
  checkEngineOverrides,
  readTunables,
  resolveTeamEngineConfig,
  teamIncidentRules,
} from "./teamEngineConfig.ts";

describe("team engine config", () => {
  it("a team's time zone gives the offset of the moment, summer time included; an unknown zone is refused", () => {
    // A fixed offset was all there was: Paris at 60 read "tomorrow morning" an hour off all summer.
    const stored = { timeZone: "Europe/Paris", timezoneOffsetMinutes: 0 };
    expect(resolveTeamEngineConfig(stored, Date.parse("2026-01-15T12:00:00Z")).timezoneOffsetMinutes).toBe(
      60,
    );
    expect(resolveTeamEngineConfig(stored, Date.parse("2026-07-15T12:00:00Z")).timezoneOffsetMinutes).toBe(
      120,
    );
    // The clocks go forward at 01:00 UTC on the last Sunday of March.
    expect(resolveTeamEngineConfig(stored, Date.parse("2026-03-29T00:59:00Z")).timezoneOffsetMinutes).toBe(
      60,
    );
    expect(resolveTeamEngineConfig(stored, Date.parse("2026-03-29T01:00:00Z")).timezoneOffsetMinutes).toBe(
      120,
    );
    expect(
      resolveTeamEngineConfig({ timeZone: "America/New_York" }, Date.parse("2026-07-15T12:00:00Z"))
        .timezoneOffsetMinutes,
    ).toBe(-240);
    expect(resolveTeamEngineConfig({ timeZone: "Asia/Kolkata" }, 0).timezoneOffsetMinutes).toBe(330);
    expect(checkEngineOverrides({ timeZone: "Europe/Paris" })).toEqual([]);
    expect(checkEngineOverrides({ timeZone: "Mars/Olympus" })).toEqual([
      expect.objectContaining({ path: ["body", "overrides", "timeZone"] }),
    ]);
    expect(
      readTunables(DEFAULT_ENGINE_CONFIG, { threshold: 5, windowMs: 60_000 }, "Europe/Paris").timeZone,
    ).toBe("Europe/Paris");
  });

  it("the engine gets the team's zone, so a promise due after the clock change is at that moment's offset", () => {
    const saturday = Date.parse("2026-03-28T09:00:00Z"); // 10:00 in Paris, the day before summer time
    const config = resolveTeamEngineConfig({ timeZone: "Europe/Paris" }, saturday);
    expect(config.timeZone).toBe("Europe/Paris");
    const [promise] = extractCommitments("I'll call you back by Monday 5pm.", saturday, config);
    expect(new Date(promise?.dueAt ?? 0).toISOString()).toBe("2026-03-30T15:00:00.000Z");
    // A fixed offset alone has no zone.
    expect(resolveTeamEngineConfig({ timezoneOffsetMinutes: 60 }, saturday).timeZone).toBeNull();
  });

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
    const tunables = readTunables(DEFAULT_ENGINE_CONFIG, { threshold: 5, windowMs: 900_000 });
    expect(tunables.thresholds.longGapMs).toBe(180_000);
    expect(tunables.incidents).toEqual({ threshold: 5, windowMs: 900_000 });
  });

  it("checks a team's incident rules, and falls back to the defaults for a stored value no longer allowed", () => {
    const issues = checkEngineOverrides({ incidents: { threshold: 1, windowMs: 1000.5 } });
    expect(issues.map((i) => i.path.join("."))).toEqual([
      "body.overrides.incidents.threshold",
      "body.overrides.incidents.windowMs",
    ]);
    expect(checkEngineOverrides({ incidents: { threshold: 12, windowMs: 600_000 } })).toEqual([]);
    const defaults = { threshold: 5, windowMs: 900_000 };
    expect(teamIncidentRules({ incidents: { threshold: 12 } }, defaults)).toEqual({
      threshold: 12,
      windowMs: 900_000,
    });
    expect(teamIncidentRules({ incidents: { threshold: 1 } }, defaults)).toEqual(defaults);
    expect(teamIncidentRules(null, defaults)).toEqual(defaults);
  });
});

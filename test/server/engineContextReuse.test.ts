import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ENGINE_CONTEXT_REFRESH_AHEAD_MS,
  ENGINE_CONTEXT_TTL_MS,
  LiveEngine,
} from "../../src/server/live/liveEngine.ts";
import { createKnowledgeFact } from "../../src/store/index.ts";
import { saveTeamEngineSettings } from "../../src/store/teamEngineSettings.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

describe("a team's engine context read again after its minute of reuse", () => {
  it("is the same context while the team's facts and thresholds are unchanged, and a new one once they change", async () => {
    let now = 1_000_000;
    const engine = new LiveEngine(() => now);
    const first = await engine.contextFor(world.store, world.orgId, world.teams.a);
    now += ENGINE_CONTEXT_TTL_MS + 1;
    // Read again and found unchanged: the very same context (nothing compiled again, and the
    // pipeline's readings made from it ahead of a group stay usable).
    expect(await engine.contextFor(world.store, world.orgId, world.teams.a)).toBe(first);

    // Another instance publishes a fact: seen once the minute is up, in a new context.
    await createKnowledgeFact(world.store, {
      orgId: world.orgId,
      teamId: world.teams.a,
      key: "exchange_window_days",
      value: 45,
      unit: "day",
      topic: "returns",
      statement: "Exchanges are accepted within 45 days of delivery.",
      status: "published",
    });
    expect(await engine.contextFor(world.store, world.orgId, world.teams.a)).toBe(first);
    now += ENGINE_CONTEXT_TTL_MS + 1;
    const withFact = await engine.contextFor(world.store, world.orgId, world.teams.a);
    expect(withFact).not.toBe(first);
    expect(withFact.kb.facts.map((f) => f.fact.statement)).toContain(
      "Exchanges are accepted within 45 days of delivery.",
    );
    expect(withFact.config).toEqual(first.config);

    // …and changed thresholds likewise.
    await saveTeamEngineSettings(world.store, {
      orgId: world.orgId,
      teamId: world.teams.a,
      overrides: { thresholds: { frustrationHigh: 0.5 } },
    });
    now += ENGINE_CONTEXT_TTL_MS + 1;
    const withSettings = await engine.contextFor(world.store, world.orgId, world.teams.a);
    expect(withSettings).not.toBe(withFact);
    expect(withSettings.config.thresholds.frustrationHigh).toBe(0.5);
    expect(withSettings.kb.facts).toHaveLength(withFact.kb.facts.length);

    // An edit on this instance is seen at once, minute or not.
    engine.invalidateKnowledge();
    const afterEdit = await engine.contextFor(world.store, world.orgId, world.teams.a);
    expect(afterEdit).not.toBe(withSettings);
    expect(afterEdit.config.thresholds.frustrationHigh).toBe(0.5);
  });

  it("is read again ahead of its expiry, outside any group: kept when unchanged, replaced when changed", async () => {
    let now = 5_000_000;
    const engine = new LiveEngine(() => now);
    const first = await engine.contextFor(world.store, world.orgId, world.teams.b);
    // Not yet due: nothing is read.
    now += ENGINE_CONTEXT_TTL_MS - ENGINE_CONTEXT_REFRESH_AHEAD_MS - 1_000;
    await engine.refreshExpiring(world.store, ENGINE_CONTEXT_REFRESH_AHEAD_MS);
    now += 2_000;
    await engine.refreshExpiring(world.store, ENGINE_CONTEXT_REFRESH_AHEAD_MS);
    // Past the first minute, the same context is still cached: no group has to read it.
    now += ENGINE_CONTEXT_REFRESH_AHEAD_MS;
    expect(engine.cachedContext(world.orgId, world.teams.b)).toBe(first);

    await createKnowledgeFact(world.store, {
      orgId: world.orgId,
      teamId: world.teams.b,
      key: "exchange_window_days",
      value: 40,
      unit: "day",
      topic: "returns",
      statement: "Exchanges are accepted within 40 days of delivery.",
      status: "published",
    });
    now += ENGINE_CONTEXT_TTL_MS - ENGINE_CONTEXT_REFRESH_AHEAD_MS - 2_000;
    await engine.refreshExpiring(world.store, ENGINE_CONTEXT_REFRESH_AHEAD_MS);
    const refreshed = engine.cachedContext(world.orgId, world.teams.b);
    expect(refreshed).not.toBe(first);
    expect(refreshed?.kb.facts.map((f) => f.fact.statement)).toContain(
      "Exchanges are accepted within 40 days of delivery.",
    );
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_ENGINE_CONFIG, EngineConfigError, resolveEngineConfig } from "./config.ts";
import { createConversationState, createEngineContext, observe } from "./index.ts";

describe("resolveEngineConfig", () => {
  it("CFG-1: merges overrides onto the defaults without touching them", () => {
    const config = resolveEngineConfig({ cooldown: { turns: 9 }, thresholds: { frustrationHigh: 0.5 } });
    expect(config.cooldown).toEqual({ turns: 9, ms: DEFAULT_ENGINE_CONFIG.cooldown.ms });
    expect(config.thresholds.frustrationHigh).toBe(0.5);
    expect(DEFAULT_ENGINE_CONFIG.cooldown.turns).toBe(4);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("CFG-1: lists every problem at once", () => {
    try {
      resolveEngineConfig({
        thresholds: { frustrationHigh: 3 },
        lexicons: { anger: ["(unclosed"] },
        cooldown: { ms: -1 },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EngineConfigError);
      const issues = (error as EngineConfigError).issues.join("\n");
      expect(issues).toContain("thresholds.frustrationHigh");
      expect(issues).toContain("lexicons.anger[0]");
      expect(issues).toContain("cooldown.ms");
    }
  });

  it("CFG-1: a team's lexicon changes what the engine sees", () => {
    const config = resolveEngineConfig({ lexicons: { jargon: ["mpls circuit"] } });
    const context = createEngineContext({ config });
    const agent = (text: string) =>
      observe(
        observe(createConversationState(), { role: "customer", text: "hi" }, context).state,
        { role: "agent", text },
        context,
      );
    expect(agent("Your MPLS circuit is down.").analysis.cues.map((c) => c.kind)).toContain("jargon");
    expect(agent("Check the SKU.").analysis.cues.map((c) => c.kind)).not.toContain("jargon");
  });
});

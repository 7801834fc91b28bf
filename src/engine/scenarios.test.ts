import { describe, expect, it } from "vitest";
import {
  compileKnowledgeBase,
  createConversationState,
  createEngineContext,
  observe,
  resolveEngineConfig,
} from "./index.ts";
import { SCENARIO_KB, SCENARIOS, scenarioTimes, type Scenario } from "./scenarios/index.ts";
import type { MessageAnalysis, RootCause, Rung, StepInReason } from "./types.ts";

const kb = compileKnowledgeBase(SCENARIO_KB);

function run(scenario: Scenario): MessageAnalysis[] {
  const config = resolveEngineConfig(scenario.config ?? {});
  const context = createEngineContext({ kb, config });
  const times = scenarioTimes(scenario);
  let state = createConversationState();
  return scenario.messages.map((m, i) => {
    const message = { role: m.role, text: m.text, at: times[i]!, ...(m.author ? { author: m.author } : {}) };
    const result = observe(state, message, context);
    state = result.state;
    return result.analysis;
  });
}

describe("scenario suite (SPEC: DEC-*, ESC-*, RC-*, HABIT-*, COMMIT-*)", () => {
  it("has at least 40 conversations covering every reason, rung and root cause, and hard negatives", () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(40);
    const covers = new Set(SCENARIOS.flatMap((s) => s.covers));
    const reasons: StepInReason[] = [
      "wrong_information",
      "not_solution_focused",
      "customer_reacting_to_agent",
      "needs_authority",
    ];
    const rungs: Rung[] = ["signal", "whisper", "offer_takeover", "escalate"];
    const causes: RootCause[] = [
      "knowledge_gap",
      "stress",
      "language_barrier",
      "power_imbalance",
      "unclear_expectations",
      "policy_dispute",
      "billing_error",
      "system_malfunction",
    ];
    for (const r of reasons) expect(covers, `reason:${r}`).toContain(`reason:${r}`);
    for (const r of rungs) expect(covers, `rung:${r}`).toContain(`rung:${r}`);
    for (const c of causes) expect(covers, `cause:${c}`).toContain(`cause:${c}`);
    expect(SCENARIOS.filter((s) => s.covers.includes("negative")).length).toBeGreaterThanOrEqual(10);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    // Each claimed reason/rung is really produced by the scenario's expected raises.
    for (const s of SCENARIOS) {
      const produced = new Set(
        s.expect.raises.flatMap((r) => [`rung:${r.rung}`, ...(r.reasons ?? []).map((x) => `reason:${x}`)]),
      );
      for (const c of s.covers.filter((c) => c.startsWith("rung:") || c.startsWith("reason:"))) {
        expect(produced, `${s.id} claims ${c}`).toContain(c);
      }
    }
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: ${scenario.title}`, () => {
      const analyses = run(scenario);
      const e = scenario.expect;
      const times = scenarioTimes(scenario);

      // DEC-*: exactly the expected messages raise, at the expected rung, for the expected reasons.
      const raised = analyses.filter((a) => a.stepIn.raise).map((a) => a.index);
      expect(
        raised,
        `raised at ${JSON.stringify(analyses.filter((a) => a.stepIn.raise).map((a) => [a.index, a.stepIn.rung, a.stepIn.why]))}`,
      ).toEqual(e.raises.map((r) => r.index));
      for (const r of e.raises) {
        const d = analyses[r.index]!.stepIn;
        expect(d.rung, `rung at ${r.index}: ${d.why}`).toBe(r.rung);
        if (r.reasons) expect(d.reasons, `reasons at ${r.index}`).toEqual(r.reasons);
        if (r.escalate !== undefined) expect(d.escalate).toBe(r.escalate);
        if (r.factId !== undefined) expect(d.factId).toBe(r.factId);
        if (r.needsAuthority !== undefined) expect(d.needsAuthority).toBe(r.needsAuthority);
        expect(d.suggestion, "a raised alert carries one whisper sentence").toBeTruthy();
        expect(d.why.length).toBeGreaterThan(10);
      }
      for (const a of analyses) {
        if (!a.stepIn.raise) {
          expect(a.stepIn.rung).toBe("observe");
          expect(a.stepIn.suggestion).toBeNull();
        }
        expect(a.risk).toBeGreaterThanOrEqual(0);
        expect(a.risk).toBeLessThanOrEqual(1);
        const text = scenario.messages[a.index]!.text;
        for (const cue of a.cues) {
          expect(cue.start).toBeGreaterThanOrEqual(0);
          expect(cue.end).toBeLessThanOrEqual(text.length);
          expect(cue.end).toBeGreaterThanOrEqual(cue.start);
        }
      }
      for (const c of e.cues ?? []) {
        expect(
          analyses[c.index]!.cues.map((x) => x.kind),
          `cue ${c.kind} at ${c.index}`,
        ).toContain(c.kind);
      }
      for (const c of e.noCue ?? []) {
        expect(
          analyses[c.index]!.cues.map((x) => x.kind),
          `no cue ${c.kind} at ${c.index}`,
        ).not.toContain(c.kind);
      }
      for (const f of e.factChecks ?? []) {
        const found = analyses[f.index]!.factChecks.find((x) => x.factId === f.factId);
        expect(found?.verdict, `fact ${f.factId} at ${f.index}`).toBe(f.verdict);
      }
      if (e.commitments !== undefined) {
        const got = analyses.flatMap((a) => a.commitments.map((c) => ({ index: a.index, dueAt: c.dueAt })));
        expect(got.length, JSON.stringify(got)).toBe(e.commitments.length);
        e.commitments.forEach((c, i) => {
          expect(got[i]!.index).toBe(c.index);
          if (c.dueAt !== undefined) expect(new Date(got[i]!.dueAt!).toISOString()).toBe(c.dueAt);
          if (c.dueAfterMs !== undefined) expect(got[i]!.dueAt! - times[c.index]!).toBe(c.dueAfterMs);
        });
      }
      for (const h of e.habits ?? []) {
        expect(
          analyses[h.index]!.habits.map((x) => `${x.habit}:${x.status}`),
          `habit at ${h.index}`,
        ).toContain(`${h.habit}:${h.status}`);
      }
      if (e.rootCause) {
        expect(
          analyses[e.rootCause.index]!.rootCauses[0]?.cause,
          JSON.stringify(analyses[e.rootCause.index]!.rootCauses),
        ).toBe(e.rootCause.cause);
      }
      for (const cause of e.rootCauseAnywhere ?? []) {
        expect(analyses.some((a) => a.rootCauses.some((r) => r.cause === cause))).toBe(true);
      }
      for (const s of e.suggestionIncludes ?? []) {
        expect(analyses[s.index]!.stepIn.suggestion).toContain(s.text);
      }
      for (const c of e.customer ?? []) {
        const reading = analyses[c.index]!.customer;
        if (c.emotion) expect(reading?.emotion).toBe(c.emotion);
        if (c.trend) expect(reading?.trend).toBe(c.trend);
      }
      for (const s of e.suppressed ?? []) expect(analyses[s.index]!.stepIn.suppressed).toContain(s.reason);
      const last = analyses[analyses.length - 1]!;
      if (e.finalRisk?.max !== undefined) expect(last.risk).toBeLessThanOrEqual(e.finalRisk.max);
      if (e.finalRisk?.min !== undefined) expect(last.risk).toBeGreaterThanOrEqual(e.finalRisk.min);
    });
  }
});

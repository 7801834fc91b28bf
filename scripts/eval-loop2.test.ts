import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  computeSpearman,
  DEFAULT_DATASETS_DIR,
  evaluateEpitome,
  evaluateFeedback,
  evaluateLoop2,
  evaluateMaia,
  evaluatePii,
} from "./eval-loop2.ts";

const has = (name: string): boolean => existsSync(path.join(DEFAULT_DATASETS_DIR, name));
for (const name of ["presidio_synth_pii", "epitome", "maia_dqe"]) {
  if (!has(name))
    console.warn(`skipped: dataset "${name}" is absent (looked in ${path.join(DEFAULT_DATASETS_DIR, name)})`);
}

describe("eval-loop2", () => {
  it("computeSpearman handles ties and perfect orderings", () => {
    expect(computeSpearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(computeSpearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(computeSpearman([1, 1, 2, 2], [1, 1, 2, 2])).toBeCloseTo(1);
    expect(Number.isNaN(computeSpearman([1, 1, 1], [1, 2, 3]))).toBe(true);
  });

  it("the feedback section reports the held-out split with its command", () => {
    const md = evaluateFeedback();
    expect(md).toContain("Command: `npm run eval:loop2`");
    expect(md).toMatch(/\*\*Held-out split \(not tuned on\)\*\* \(\d+ sentences\)/);
    expect(md).toMatch(/\| judgement_of_person \| \d+ \| \d+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
  });

  it("reports a missing dataset as skipped instead of failing or passing silently", async () => {
    const md = await evaluateLoop2("/nonexistent/datasets");
    expect(md).toMatch(/Skipped: .*presidio_synth_pii.* is absent/);
    expect(md).toContain("Skipped: epitome is absent.");
    expect(md).toContain("Skipped: maia_dqe is absent.");
  });

  it.skipIf(!has("presidio_synth_pii"))(
    "PII on the Presidio set: formats with checksums are found exactly",
    () => {
      const md = evaluatePii(DEFAULT_DATASETS_DIR);
      const row = (type: string): string[] =>
        md
          .split("\n")
          .find((l) => l.startsWith(`| ${type} |`))
          ?.split("|") ?? [];
      // columns: type, gold types, gold, predicted, exact P, exact R, overlap P, overlap R
      expect(Number(row("CARD")[6])).toBeGreaterThanOrEqual(95);
      expect(Number(row("EMAIL")[6])).toBeGreaterThanOrEqual(95);
      expect(md).toMatch(/Speed: [\d.]+ µs per text/);
    },
  );

  it.skipIf(!has("epitome"))("EPITOME slice: the empathy item is compared with the labels", () => {
    const md = evaluateEpitome(DEFAULT_DATASETS_DIR, 200);
    expect(md).toMatch(/200 Reddit \(post, reply\) pairs/);
    expect(md).toMatch(/\| AUC, empathy item vs \(ER or IN ≥ 1\) \| [\d.]+ \|/);
  });

  it.skipIf(!has("maia_dqe"))("MAIA-DQE slice: turn and dialogue comparisons are computed", () => {
    const md = evaluateMaia(DEFAULT_DATASETS_DIR, 20);
    expect(md).toMatch(/20 real customer-support chats/);
    expect(md).toMatch(/\| dialogue: QA overall vs Task Success \| \d+ \|/);
  });
});

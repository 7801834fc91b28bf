import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATASETS_DIR } from "./eval-loop2.ts";
import {
  evaluateKnowledgeGaps,
  KNOWLEDGE_GAPS_COMMAND,
  measureKnowledgeGaps,
} from "./eval-knowledge-gaps.ts";

const hasMaia = existsSync(path.join(DEFAULT_DATASETS_DIR, "maia_dqe"));
if (!hasMaia) {
  console.warn(
    `skipped: dataset "maia_dqe" is absent (looked in ${path.join(DEFAULT_DATASETS_DIR, "maia_dqe")})`,
  );
}

describe("eval-knowledge-gaps", () => {
  it("reports missing datasets as skipped", () => {
    expect(evaluateKnowledgeGaps("/nonexistent/datasets")).toContain(
      "Skipped: abcd_sample and maia_dqe are absent.",
    );
  });

  it.skipIf(!hasMaia)("lists gaps by reason and scores its sample with the hand labels", () => {
    const m = measureKnowledgeGaps(DEFAULT_DATASETS_DIR);
    // The first 50 in the sample's order, or every gap when fewer are listed.
    expect(m?.gaps).toBeGreaterThan(0);
    expect(m?.sample.length).toBe(Math.min(50, m?.gaps ?? 0));
    expect(Object.values(m?.byReason ?? {}).reduce((a, b) => a + b, 0)).toBe(m?.gaps);
    const md = evaluateKnowledgeGaps(DEFAULT_DATASETS_DIR);
    expect(md).toContain(`Command: \`${KNOWLEDGE_GAPS_COMMAND}\``);
    expect(md).toMatch(
      /\| precision on the hand-labelled sample of 50 \| [\d.]+ \(\d+ \/ 50\) \| [\d.]+ \(\d+ \/ \d+\)/,
    );
  });
});

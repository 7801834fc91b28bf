// ESConv (Liu et al., ACL 2021; CC BY-NC 4.0 — measure only): emotional-support conversations in
// which every supporter reply is labelled with the strategy it uses. The `*WithStrategy_short.tsv`
// files hold one example per line: the last few utterances, separated by " EOS ", each written as
// "<score> <speaker> <turn> [Strategy] text", speaker 0 the help-seeker and 1 the supporter; the
// example's last utterance is the supporter reply being labelled.
import { readFileSync } from "node:fs";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

export const ESCONV_STRATEGIES = [
  "Questions",
  "Restatement or Paraphrasing",
  "Reflection of feelings",
  "Self-disclosure",
  "Affirmation and Reassurance",
  "Providing Suggestions",
  "Information",
  "Other",
] as const;

export type EsconvStrategy = (typeof ESCONV_STRATEGIES)[number];

export interface EsconvUtterance {
  /** The help-seeker (0 in the file) or the supporter (1). */
  speaker: "seeker" | "supporter";
  text: string;
}

export interface EsconvExample {
  /** Line number in its file (1-based), for error messages and stable hashing. */
  line: number;
  /** The utterances before the reply, oldest first. */
  context: EsconvUtterance[];
  /** The supporter reply being labelled. */
  reply: string;
  strategy: EsconvStrategy;
}

const UTTERANCE_RE = /^\S+ ([01]) \d+ (?:\[([^\]]+)\] )?([\s\S]*)$/;
const STRATEGIES: ReadonlySet<string> = new Set(ESCONV_STRATEGIES);

/** Reads one split: "dev" (2,985 examples) or "test" (2,775). */
export function loadEsconv(split: "dev" | "test"): EsconvExample[] {
  requireDataset("esconv");
  const file = resolveDatasetPath("esconv", `${split}WithStrategy_short.tsv`);
  const examples: EsconvExample[] = [];
  readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (raw.trim().length === 0) return;
      const parts = raw.split(" EOS ").map((part) => {
        const m = UTTERANCE_RE.exec(part.trim());
        if (m === null) throw new Error(`${file}:${i + 1}: cannot read utterance "${part.slice(0, 60)}"`);
        return { speaker: m[1] === "1" ? "supporter" : "seeker", strategy: m[2], text: (m[3] ?? "").trim() };
      });
      const last = parts[parts.length - 1];
      if (last === undefined || last.speaker !== "supporter") {
        throw new Error(`${file}:${i + 1}: the last utterance is not the supporter's`);
      }
      if (last.strategy === undefined || !STRATEGIES.has(last.strategy)) {
        throw new Error(`${file}:${i + 1}: unknown strategy "${last.strategy ?? ""}"`);
      }
      examples.push({
        line: i + 1,
        context: parts
          .slice(0, -1)
          .map((p) => ({ speaker: p.speaker as EsconvUtterance["speaker"], text: p.text })),
        reply: last.text,
        strategy: last.strategy as EsconvStrategy,
      });
    });
  return examples;
}

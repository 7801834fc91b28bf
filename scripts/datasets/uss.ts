// USS, User Satisfaction Simulation (Sun et al., SIGIR 2021; no licence stated — measure only):
// task-oriented dialogues in which every user turn carries 3–4 raters' satisfaction (1–5) with the
// conversation so far, and each dialogue an overall rating. Files: tab-separated lines "role, text,
// action, ratings" (ratings comma-separated), dialogues separated by blank lines, the overall rating
// on a last "USER OVERALL" line.
import { readFileSync } from "node:fs";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

export const USS_CORPORA = ["MWOZ", "SGD", "ReDial", "CCPE"] as const;
export type UssCorpus = (typeof USS_CORPORA)[number];

export interface UssTurn {
  role: "user" | "system";
  text: string;
  /** The raters' mean satisfaction, 1–5 (user turns only). */
  satisfaction?: number;
}

export interface UssDialogue {
  corpus: UssCorpus;
  /** Position in its file, 0-based. */
  index: number;
  turns: UssTurn[];
  /** The raters' mean overall satisfaction with the dialogue, 1–5. */
  overall: number;
}

function meanRating(field: string | undefined, where: string): number {
  const values = (field ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v.length > 0)
    .map(Number);
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1 || v > 5)) {
    throw new Error(`${where}: expected ratings 1–5 separated by commas, got "${field ?? ""}"`);
  }
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Reads one corpus's dialogues (1,000 each; CCPE 500). */
export function loadUss(corpus: UssCorpus): UssDialogue[] {
  requireDataset("uss_user_satisfaction");
  const file = resolveDatasetPath("uss_user_satisfaction", `${corpus}.txt`);
  const dialogues: UssDialogue[] = [];
  let turns: UssTurn[] = [];
  readFileSync(file, "utf8")
    .split(/\r?\n/)
    .forEach((line, i) => {
      const where = `${file}:${i + 1}`;
      if (line.trim().length === 0) {
        if (turns.length > 0) throw new Error(`${where}: dialogue without an OVERALL line`);
        return;
      }
      const [role, text, , ratings] = line.split("\t");
      if (role === "USER" && text === "OVERALL") {
        dialogues.push({ corpus, index: dialogues.length, turns, overall: meanRating(ratings, where) });
        turns = [];
      } else if (role === "USER") {
        turns.push({ role: "user", text: text ?? "", satisfaction: meanRating(ratings, where) });
      } else if (role === "SYSTEM") {
        turns.push({ role: "system", text: text ?? "" });
      } else {
        throw new Error(`${where}: expected USER or SYSTEM, got "${role ?? ""}"`);
      }
    });
  if (turns.length > 0) throw new Error(`${file}: the last dialogue has no OVERALL line`);
  return dialogues;
}

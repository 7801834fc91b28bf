// EPITOME (Sharma et al., EMNLP 2020; academic licence — measure only): empathy in peer-support replies.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

export type EpitomeMechanism = "emotional-reactions" | "interpretations" | "explorations";

export interface EpitomePair {
  id: string;
  seekerPost: string;
  responsePost: string;
  /** 0 = none, 1 = weak, 2 = strong communication of this empathy mechanism. */
  level: 0 | 1 | 2;
}

/** Reads the (seeker post, response) pairs labelled for one empathy mechanism (3,084 each). */
export function loadEpitome(mechanism: EpitomeMechanism): EpitomePair[] {
  requireDataset("epitome");
  const file = resolveDatasetPath("epitome", `${mechanism}-reddit.csv`);
  const rows = parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return rows.map((row, i) => {
    const level = Number(row["level"]);
    if (level !== 0 && level !== 1 && level !== 2) throw new Error(`${file}: row ${i + 2}: bad level`);
    return {
      id: `${row["sp_id"] ?? ""}/${row["rp_id"] ?? ""}`,
      seekerPost: row["seeker_post"] ?? "",
      responsePost: row["response_post"] ?? "",
      level,
    };
  });
}

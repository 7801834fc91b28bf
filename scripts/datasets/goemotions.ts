// GoEmotions (Demszky et al., ACL 2020; Apache-2.0): Reddit comments with 27 emotions + neutral.
// The only emotion corpus we may train shipped weights on (see ../shared/datasets/README.md).
import { readFileSync } from "node:fs";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

export type GoEmotionsSplit = "train" | "dev" | "test";

export interface GoEmotionsExample {
  id: string;
  text: string;
  /** Label names from `original/labels.txt` (a comment may carry several). */
  labels: string[];
}

/** The 28 label names in file order (index = the number used in the TSV). */
export function loadGoEmotionsLabelNames(folder: "original" | "group" | "ekman" = "original"): string[] {
  requireDataset("goemotions");
  return readFileSync(resolveDatasetPath("goemotions", folder, "labels.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Reads one split of GoEmotions with label names (`folder` picks original / group / ekman labels). */
export function loadGoEmotions(
  split: GoEmotionsSplit,
  folder: "original" | "group" | "ekman" = "original",
): GoEmotionsExample[] {
  const names = loadGoEmotionsLabelNames(folder);
  const file = resolveDatasetPath("goemotions", folder, `${split}.tsv`);
  const out: GoEmotionsExample[] = [];
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((line, lineIndex) => {
    if (line.trim().length === 0) return;
    const parts = line.split("\t");
    if (parts.length < 3) throw new Error(`${file}:${lineIndex + 1}: expected 3 tab-separated fields`);
    const [text = "", labelField = "", id = ""] = parts;
    const labels = labelField.split(",").map((raw) => {
      const name = names[Number(raw)];
      if (name === undefined) throw new Error(`${file}:${lineIndex + 1}: unknown label index "${raw}"`);
      return name;
    });
    out.push({ id, text, labels });
  });
  return out;
}

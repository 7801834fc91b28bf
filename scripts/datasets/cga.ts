// Conversations Gone Awry, Reddit ChangeMyView, validation split (Chang & Danescu-Niculescu-Mizil,
// EMNLP 2019; GPL-3.0 repository — measure only). Balanced: half the prefixes derail next.
import { readFileSync } from "node:fs";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

export interface CgaConversation {
  id: string;
  /** The comments of the prefix, oldest first (lower-cased upstream). */
  comments: string[];
  /** True when the conversation derails (a moderator removes the next comment). */
  derails: boolean;
}

/** Reads the 1,368 CGA-CMV validation prefixes. */
export function loadCgaConversations(): CgaConversation[] {
  requireDataset("cga_cmv");
  const file = resolveDatasetPath("cga_cmv", "cga_cmv_base_valid_decoded.jsonl");
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const row = JSON.parse(line) as { src?: string; tgt?: boolean; convo_id?: number | string };
      if (typeof row.src !== "string" || typeof row.tgt !== "boolean") {
        throw new Error(`${file}:${i + 1}: expected "src" (string) and "tgt" (boolean)`);
      }
      const comments = row.src
        .split("[SEP]")
        .map((c) => c.trim())
        .filter((c) => c.length > 0);
      return { id: String(row.convo_id ?? i), comments, derails: row.tgt };
    });
}

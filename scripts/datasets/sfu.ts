// SFU Review corpus with speculation/negation (Konstantinova et al., LREC 2012; GPL-3.0 — measure only).
// A sentence is "hedged" when the annotators marked a speculation cue in it.
import { readdirSync, readFileSync } from "node:fs";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

export interface SfuSentence {
  /** `<domain>/<file>#<sentence index>` */
  id: string;
  text: string;
  hedged: boolean;
  /** The speculation cue words as annotated (e.g. "might", "I think"). */
  cues: string[];
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
};
/** The reviews were scraped as Windows-1252: character references 145–151 mean curly quotes and dashes. */
const CP1252: Record<number, string> = { 145: "'", 146: "'", 147: '"', 148: '"', 150: "-", 151: "-" };

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => CP1252[Number(code)] ?? String.fromCharCode(Number(code)))
    .replace(/&[a-z]+;/g, (entity) => ENTITIES[entity] ?? entity);
}

/** Joins tokens the way the review was written ("I 've had it ." → "I've had it."). */
function detokenize(words: string[]): string {
  return words
    .join(" ")
    .replace(/ ([.,!?;:%)]|'s|'m|'re|'ve|'ll|'d|n't)/g, "$1")
    .replace(/\( /g, "(");
}

/** Reads every sentence of the 400 reviews (about 17k sentences). */
export function loadSfuSentences(): SfuSentence[] {
  const root = requireDataset("sfu_review_speculation");
  const out: SfuSentence[] = [];
  const domains = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const domain of domains) {
    const files = readdirSync(resolveDatasetPath("sfu_review_speculation", domain))
      .filter((name) => name.endsWith(".xml"))
      .sort();
    for (const file of files) {
      const xml = readFileSync(resolveDatasetPath("sfu_review_speculation", domain, file), "utf8");
      let index = 0;
      for (const match of xml.matchAll(/<SENTENCE>([\s\S]*?)<\/SENTENCE>/g)) {
        const body = match[1] ?? "";
        const words = [...body.matchAll(/<W>([\s\S]*?)<\/W>/g)].map((w) => decodeEntities(w[1] ?? ""));
        if (words.length === 0) continue;
        const cues = [...body.matchAll(/<cue [^>]*type="speculation"[^>]*>([\s\S]*?)<\/cue>/g)].map((c) =>
          [...(c[1] ?? "").matchAll(/<W>([\s\S]*?)<\/W>/g)].map((w) => decodeEntities(w[1] ?? "")).join(" "),
        );
        out.push({
          id: `${domain}/${file}#${index}`,
          text: detokenize(words),
          hedged: cues.length > 0,
          cues,
        });
        index += 1;
      }
    }
  }
  return out;
}

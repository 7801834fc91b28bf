// Stanford Politeness Corpus (Danescu-Niculescu-Mizil et al., ACL 2013; CC BY 4.0 — may train).
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { hashString } from "./metrics.ts";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

export interface PolitenessRequest {
  community: "wikipedia" | "stack-exchange";
  id: string;
  text: string;
  /** The corpus's normalised politeness score (z-scored per annotator, averaged). */
  score: number;
}

/** Reads both communities' annotated requests (4,353 Wikipedia + 6,603 Stack Exchange). */
export function loadPolitenessRequests(): PolitenessRequest[] {
  requireDataset("stanford_politeness");
  const out: PolitenessRequest[] = [];
  for (const community of ["wikipedia", "stack-exchange"] as const) {
    const file = resolveDatasetPath("stanford_politeness", `${community}.annotated.csv`);
    const rows = parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    rows.forEach((row, i) => {
      const score = Number(row["Normalized Score"]);
      const text = row["Request"];
      if (!Number.isFinite(score) || text === undefined) {
        throw new Error(`${file}: row ${i + 2}: missing Request or Normalized Score`);
      }
      out.push({ community, id: `${community}:${row["Id"] ?? i}`, text, score });
    });
  }
  return out;
}

/**
 * The usual task: requests in the top quartile (polite, 1) vs the bottom quartile (impolite, 0),
 * quartiles computed within each community as in the original paper.
 */
export function selectPolitenessQuartiles(
  requests: PolitenessRequest[],
): { request: PolitenessRequest; polite: 0 | 1 }[] {
  const out: { request: PolitenessRequest; polite: 0 | 1 }[] = [];
  for (const community of ["wikipedia", "stack-exchange"] as const) {
    const group = requests.filter((r) => r.community === community);
    const sorted = group.map((r) => r.score).sort((a, b) => a - b);
    const q1 = sorted[Math.floor(sorted.length * 0.25)] ?? 0;
    const q3 = sorted[Math.floor(sorted.length * 0.75)] ?? 0;
    for (const request of group) {
      if (request.score >= q3) out.push({ request, polite: 1 });
      else if (request.score <= q1) out.push({ request, polite: 0 });
    }
  }
  return out;
}

/** The fixed 20 % of requests held out from training for the figures (by a hash of the id). */
export function isPolitenessHeldOut(id: string): boolean {
  return hashString(id) % 5 === 0;
}

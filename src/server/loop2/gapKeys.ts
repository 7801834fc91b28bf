// A knowledge gap's stored keys (its topic, which huddles and the Knowledge page group by, and its
// question key, which an answer is found by) are derived from its question by the engine. When that
// derivation changes (its code's fingerprint, gapKeysDerivation.ts), the gaps written before are
// derived again at start, so old gaps group with new ones: a topic written before redaction
// placeholders were left out of key words read "parcel sent address" for "Was my parcel sent to
// [ADDRESS]?".
import { gapTopic, questionKey } from "../../engine/knowledge/index.ts";
import { listGapsToRekey, rekeyKnowledgeGaps, type Queryable } from "../../store/index.ts";
import { gapKeysDerivation } from "./gapKeysDerivation.ts";

/** Gaps derived again per statement, so one statement never holds the store for long. */
const REKEY_BATCH = 500;

/**
 * Derives again the stored keys of every gap written by another derivation than `derivation` (this
 * code's); returns how many it changed. Idempotent across instances (a row already derived by it is
 * left), and a restart midway carries on where it stopped.
 */
export async function rederiveGapKeys(db: Queryable, derivation = gapKeysDerivation()): Promise<number> {
  let changed = 0;
  for (;;) {
    const rows = await listGapsToRekey(db, { derivation, limit: REKEY_BATCH });
    if (rows.length === 0) return changed;
    const done = await rekeyKnowledgeGaps(db, {
      derivation,
      rows: rows.map((g) => ({
        id: g.id,
        topic: gapTopic(g.question),
        questionKey: questionKey(g.question),
      })),
    });
    changed += done;
    // Another instance took them meanwhile, or none were left: either way the next list says.
    if (rows.length < REKEY_BATCH) return changed;
  }
}

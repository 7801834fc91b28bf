import { randomUUID } from "node:crypto";
import { StoreError } from "./errors.ts";
import { buildUnnest, buildValues } from "./rows.ts";
import type { Store } from "./types.ts";

/** "unnest": one array parameter per column (what the repositories use); "values": one per value. */
export type RawInsertMethod = "unnest" | "values";

export interface RawInsertRate {
  rows: number;
  batchSize: number;
  method: RawInsertMethod;
  seconds: number;
  rowsPerSecond: number;
}

/** ~100 characters, like a chat message. */
export const SAMPLE_TEXT =
  "Hi, I was charged twice for my subscription this month and I'd like the duplicate payment refunded";
/** ~300 bytes of JSON, like a stored analysis summary. */
export const SAMPLE_JSON = JSON.stringify({
  risk: 0.42,
  rung: "signal",
  cues: [
    { kind: "repeated_apology", start: 0, end: 12, polarity: "bad" },
    { kind: "hedging", start: 20, end: 31, polarity: "bad" },
  ],
  customer: { emotion: "frustrated", frustration: 0.61, trend: "rising" },
  why: "customer repeats the question; agent hedges",
});

/**
 * The store's ceiling for the live pipeline: how many message-like rows per second it takes as
 * multi-row INSERTs (autocommit, one statement per `batchSize` rows) into a scratch table shaped
 * like `messages` (uuid key, unique sender id, text, jsonb, timestamps). The table is dropped
 * afterwards. `bench:live` prints this beside the pipeline's own rate, measured in the same run.
 * The default method, "unnest", is the encoding the repositories use; "values"
 * (`VALUES ($1,…),(…)`) is the classic form. For a plain INSERT the two are within noise of each
 * other on this machine, so a benchmark may print both, or the higher as the ceiling.
 */
export async function measureRawInsertRate(
  store: Store,
  rows: number,
  options: { batchSize?: number; method?: RawInsertMethod } = {},
): Promise<RawInsertRate> {
  const batchSize = options.batchSize ?? 500;
  const method = options.method ?? "unnest";
  if (method !== "unnest" && method !== "values") {
    throw new StoreError("INVALID_INPUT", 'method must be "unnest" or "values"');
  }
  if (!Number.isInteger(rows) || rows <= 0)
    throw new StoreError("INVALID_INPUT", "rows must be a positive integer");
  if (!Number.isInteger(batchSize) || batchSize <= 0 || batchSize > 2_000) {
    throw new StoreError("INVALID_INPUT", "batchSize must be an integer within 1..2000");
  }
  const table = `raw_insert_probe_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  await store.query(
    `CREATE TABLE ${table} (
       id uuid PRIMARY KEY,
       conversation_id uuid NOT NULL,
       position integer NOT NULL,
       role text NOT NULL,
       text text NOT NULL,
       external_id text NOT NULL UNIQUE,
       analysis jsonb NOT NULL,
       sent_at timestamptz NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
  );
  try {
    const conversations = Array.from({ length: 64 }, () => randomUUID());
    const batches: { sql: string; params: unknown[] }[] = [];
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      const build = method === "unnest" ? buildUnnest : buildValues;
      batches.push(
        build(
          Array.from({ length: count }, (_, i) => {
            const n = start + i;
            return [
              randomUUID(),
              conversations[n % conversations.length],
              n,
              n % 2 === 0 ? "customer" : "agent",
              SAMPLE_TEXT,
              `probe-${n}`,
              SAMPLE_JSON,
              new Date(),
            ];
          }),
          ["uuid", "uuid", "int", "text", "text", "text", "jsonb", "timestamptz"],
        ),
      );
    }
    // Rows are built before the clock starts: the figure is the store's, not JavaScript's.
    const started = process.hrtime.bigint();
    for (const batch of batches) {
      await store.query(
        `INSERT INTO ${table} (id, conversation_id, position, role, text, external_id, analysis, sent_at)
         ${method === "unnest" ? `SELECT * FROM ${batch.sql}` : `VALUES ${batch.sql}`}`,
        batch.params,
      );
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [counted] = await store.query(`SELECT count(*)::int AS n FROM ${table}`);
    if (Number(counted?.n) !== rows) {
      throw new StoreError("CONFLICT", `probe wrote ${String(counted?.n)} rows, expected ${rows}`);
    }
    return { rows, batchSize, method, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await store.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

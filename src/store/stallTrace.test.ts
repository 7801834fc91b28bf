// Stall tracing (TAGTEAM_TRACE_STALLS_MS): off, nothing is written; on, a statement or a
// transaction that held the database past the threshold is written as one `stall {json}` line.
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Store } from "./types.ts";

async function stallLinesOf(threshold: string | undefined, work: (store: Store) => Promise<void>) {
  vi.resetModules();
  if (threshold !== undefined) vi.stubEnv("TAGTEAM_TRACE_STALLS_MS", threshold);
  const { createPGliteStore } = await import("./pgliteStore.ts");
  const store = createPGliteStore(await PGlite.create());
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  const keep = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    if (String(chunk).startsWith("stall ")) {
      lines.push(String(chunk));
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  const spy = vi.spyOn(process.stderr, "write").mockImplementation(keep);
  try {
    await work(store);
  } finally {
    spy.mockRestore();
    await store.close();
  }
  return lines.map((line) => JSON.parse(line.slice("stall ".length)) as Record<string, unknown>);
}

describe("stall tracing", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("writes nothing when off", async () => {
    const lines = await stallLinesOf(undefined, async (store) => {
      await store.query("SELECT pg_sleep(0.03)");
    });
    expect(lines).toEqual([]);
  });

  it("names a slow statement and a slow transaction with how long they held the database", async () => {
    const lines = await stallLinesOf("20", async (store) => {
      await store.query("SELECT 1");
      await store.query("SELECT pg_sleep(0.03)");
      await store.transaction(async (tx) => {
        await tx.query("SELECT pg_sleep(0.01)");
        await new Promise((resolve) => setTimeout(resolve, 30));
      });
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ kind: "held", sql: "SELECT pg_sleep(0.03)" });
    expect(lines[0]?.ms).toBeGreaterThanOrEqual(25);
    // The transaction held the database ~40 ms, ~10 of them running its statement.
    expect(lines[1]).toMatchObject({ kind: "held", sql: "SELECT pg_sleep(0.01)" });
    expect(lines[1]?.ms).toBeGreaterThanOrEqual(35);
    expect(lines[1]?.busy).toBeLessThan(30);
  });
});

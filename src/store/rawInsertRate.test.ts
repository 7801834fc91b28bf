import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/testStore.ts";
import { StoreError } from "./errors.ts";
import { measureRawInsertRate } from "./rawInsertRate.ts";
import type { Store } from "./types.ts";

describe("measureRawInsertRate", () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.close());

  it.each(["unnest", "values"] as const)(
    "%s: inserts exactly the rows asked for, in batches, and leaves no table behind",
    async (method) => {
      const rate = await measureRawInsertRate(store, 1_250, { batchSize: 500, method });
      expect(rate.method).toBe(method);
      expect(rate.rows).toBe(1_250);
      expect(rate.batchSize).toBe(500);
      expect(rate.seconds).toBeGreaterThan(0);
      expect(rate.rowsPerSecond).toBeCloseTo(1_250 / rate.seconds);
      const leftovers = await store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'raw_insert_probe_%'",
      );
      expect(leftovers).toEqual([]);
    },
  );

  it("refuses a nonsensical size", async () => {
    await expect(measureRawInsertRate(store, 0)).rejects.toBeInstanceOf(StoreError);
    await expect(measureRawInsertRate(store, 10, { batchSize: 5_000 })).rejects.toThrow(/batchSize/);
  });
});

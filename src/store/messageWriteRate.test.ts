import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestStore } from "../../test/support/testStore.ts";
import { StoreError } from "./errors.ts";
import { measureMessageWriteRate } from "./messageWriteRate.ts";
import type { Store } from "./types.ts";

const countOf = async (store: Store, table: string): Promise<number> =>
  Number((await store.query(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);

describe("measureMessageWriteRate", () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.close());

  it("writes the messages asked for through appendMessages, then deletes its organisation and all it wrote", async () => {
    const before = {
      organisations: await countOf(store, "organisations"),
      conversations: await countOf(store, "conversations"),
      messages: await countOf(store, "messages"),
    };
    // Spy on what reaches the store while it runs: every message lands in `messages`, with its
    // conversation's count and reading bumped in the same statement.
    const seen: string[] = [];
    const spy: Store = {
      ...store,
      query: (sql, params) => store.query(sql, params),
      transaction: (fn) =>
        store.transaction((tx) =>
          fn({
            ...tx,
            query: (sql, params) => {
              seen.push(sql);
              return tx.query(sql, params);
            },
            exec: (sql) => tx.exec(sql),
          }),
        ),
    };
    const rate = await measureMessageWriteRate(spy, 1_250, { batchSize: 500, conversations: 600 });
    expect(rate).toMatchObject({ rows: 1_250, batchSize: 500, conversations: 600 });
    expect(rate.seconds).toBeGreaterThan(0);
    expect(rate.rowsPerSecond).toBeCloseTo(1_250 / rate.seconds);
    expect(seen).toHaveLength(3);
    for (const sql of seen) {
      expect(sql).toMatch(/UPDATE conversations/);
      expect(sql).toMatch(/INSERT INTO messages/);
    }
    expect({
      organisations: await countOf(store, "organisations"),
      conversations: await countOf(store, "conversations"),
      messages: await countOf(store, "messages"),
    }).toEqual(before);
  });

  it("refuses nonsensical sizes, naming each, and creates nothing", async () => {
    const organisations = await countOf(store, "organisations");
    const error = await measureMessageWriteRate(store, 0, { batchSize: 5_000, conversations: 10 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe("INVALID_INPUT");
    expect((error as StoreError).message).toMatch(/rows.*batchSize.*conversations/);
    expect(await countOf(store, "organisations")).toBe(organisations);
  });
});

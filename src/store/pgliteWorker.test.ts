// The store contract against PGlite on a worker thread (what the server runs), plus what only the
// thread boundary can break: errors keep their fields, transactions end exactly once, a dead or
// closed worker fails calls instead of hanging them.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedTemplate } from "../../test/support/testStore.ts";
import { describeStoreContract } from "./contract/storeContract.ts";
import { isUniqueViolation, StoreError } from "./errors.ts";
import { openPGliteWorkerStore } from "./pgliteWorkerStore.ts";
import type { Store } from "./types.ts";

describeStoreContract("PGlite on a worker thread", {
  open: async () => openPGliteWorkerStore({ loadDataDir: await migratedTemplate() }),
  openFresh: async () => ({ store: await openPGliteWorkerStore() }),
});

describe("PGlite on a worker thread: the boundary", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPGliteWorkerStore();
    await store.query("CREATE TABLE t (id int PRIMARY KEY, at timestamptz, doc jsonb, tags text[])");
  });
  afterAll(() => store.close());

  it("returns rows with their types: timestamps as Dates, jsonb as objects, arrays as arrays", async () => {
    const at = new Date("2026-11-23T10:00:00.000Z");
    await store.query("INSERT INTO t VALUES ($1, $2, $3, $4)", [
      1,
      at,
      JSON.stringify({ a: [1, 2] }),
      ["x", "y"],
    ]);
    const [row] = await store.query<{ id: number; at: Date; doc: unknown; tags: string[] }>(
      "SELECT * FROM t WHERE id = $1",
      [1],
    );
    expect(row).toEqual({ id: 1, at, doc: { a: [1, 2] }, tags: ["x", "y"] });
    expect(row?.at).toBeInstanceOf(Date);
  });

  it("keeps PostgreSQL's SQLSTATE on errors, so callers still recognise them", async () => {
    await store.query("INSERT INTO t (id) VALUES (2)");
    const error = await store.query("INSERT INTO t (id) VALUES (2)").catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/duplicate key/);
    const syntax = await store.query("SELEC nothing").catch((e: unknown) => e);
    expect((syntax as { code?: string }).code).toBe("42601");
  });

  it("commits what fn wrote, and rolls back everything when fn throws", async () => {
    await store.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (10)");
      await tx.query("INSERT INTO t (id) VALUES (11)");
    });
    const failed = await store
      .transaction(async (tx) => {
        await tx.query("INSERT INTO t (id) VALUES (12)");
        throw new Error("changed my mind");
      })
      .catch((e: unknown) => e);
    expect((failed as Error).message).toBe("changed my mind");
    const ids = await store.query<{ id: number }>("SELECT id FROM t WHERE id >= 10 ORDER BY id");
    expect(ids.map((r) => r.id)).toEqual([10, 11]);
  });

  it("refuses a transaction handle once its transaction has ended", async () => {
    let kept: { query: (sql: string) => Promise<unknown> } | null = null;
    await store.transaction(async (tx) => {
      kept = tx;
      await tx.query("SELECT 1");
    });
    const error = await kept!.query("SELECT 1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/is not open/);
    // One that ran nothing never started on the worker (its first statement would have started
    // it): its handle must not start one now and leave it open.
    await store.transaction(async (tx) => {
      kept = tx;
    });
    const late = await kept!.query("INSERT INTO t (id) VALUES (90)").catch((e: unknown) => e);
    expect((late as StoreError).message).toMatch(/is not open/);
    expect(await store.query("SELECT id FROM t WHERE id = 90")).toEqual([]);
  });

  it("makes a query issued during a transaction wait for its COMMIT", async () => {
    const order: string[] = [];
    let outside: Promise<unknown> | null = null;
    await store.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (20)");
      outside = store.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE id = 21").then((rows) => {
        order.push(`outside saw ${rows[0]?.n}`);
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.query("INSERT INTO t (id) VALUES (21)");
      order.push("committing");
    });
    await outside;
    expect(order).toEqual(["committing", "outside saw 1"]);
  });

  it("delivers notifications from the worker to listeners here", async () => {
    const channel = `ch_${randomUUID().replaceAll("-", "").slice(0, 8)}`;
    const got: string[] = [];
    const unlisten = await store.listen(channel, (payload) => got.push(payload));
    await store.notify(channel, "hello");
    await expect.poll(() => got).toEqual(["hello"]);
    await unlisten();
    await store.notify(channel, "after");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got).toEqual(["hello"]);
  });

  it("fails calls on a closed store instead of hanging them", async () => {
    const mine = await openPGliteWorkerStore();
    await mine.close();
    await expect(mine.query("SELECT 1")).rejects.toMatchObject({ code: "STORE_CLOSED" });
    await mine.close();
  });
});

describe("PGlite's settings", () => {
  it("creates WAL segments without filling them with zeroes, on either thread", async () => {
    const { openStore } = await import("./openStore.ts");
    for (const pgliteThread of ["worker", "main"] as const) {
      const opened = await openStore({ memory: true, pgliteThread });
      try {
        expect(await opened.query("SHOW wal_init_zero")).toEqual([{ wal_init_zero: "off" }]);
        // PGlite's own parameters are kept.
        expect(await opened.query("SHOW search_path")).toEqual([{ search_path: "public" }]);
      } finally {
        await opened.close();
      }
    }
  });
});

describe("openStore's choice of thread", () => {
  it("refuses an unknown pgliteThread, naming the choices", async () => {
    const { openStore } = await import("./openStore.ts");
    await expect(openStore({ memory: true, pgliteThread: "elsewhere" as "main" })).rejects.toThrow(
      /pgliteThread must be "worker" or "main"/,
    );
  });
});

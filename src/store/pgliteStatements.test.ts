// Prepared statements on PGlite: results identical to PGlite's own query path, a failure leaves
// nothing broken behind it, a change of table shape is picked up, and the cache stays bounded.
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstKeyword, PGliteStatements } from "./pgliteStatements.ts";
import { createPGliteStore } from "./pgliteStore.ts";
import type { Store } from "./types.ts";

describe("firstKeyword", () => {
  it("skips blanks and comments", () => {
    expect(firstKeyword("  SELECT 1")).toBe("select");
    expect(firstKeyword("-- a note\n  /* more */ WITH x AS (SELECT 1) SELECT * FROM x")).toBe("with");
    expect(firstKeyword("\n\tCREATE TABLE t (id int)")).toBe("create");
    expect(firstKeyword("-- only a comment")).toBe("");
  });
});

describe("PGlite store with prepared statements", () => {
  let db: PGlite;
  let store: Store;
  beforeAll(async () => {
    db = await PGlite.create();
    store = createPGliteStore(db);
    await store.query("CREATE TABLE t (id int PRIMARY KEY, tags text[], doc jsonb, at timestamptz)");
  });
  afterAll(async () => {
    await store.close();
  });

  it("returns what PGlite's own query returns, for arrays, JSON, times and NULLs", async () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const sql = "INSERT INTO t (id, tags, doc, at) VALUES ($1, $2, $3, $4) RETURNING *";
    const mine = await store.query(sql, [1, ["a", 'b "quoted"', "c,d"], { n: 1, s: "x" }, at]);
    const theirs = (await db.query("SELECT * FROM t WHERE id = $1", [1])).rows;
    expect(mine).toEqual(theirs);
    expect(mine[0]).toEqual({ id: 1, tags: ["a", 'b "quoted"', "c,d"], doc: { n: 1, s: "x" }, at });
    const nulls = await store.query(sql, [2, null, null, null]);
    expect(nulls[0]).toEqual({ id: 2, tags: null, doc: null, at: null });
  });

  it("reads rows from the statement's own description: no rows, a column named twice, and several rows of every type", async () => {
    const write = "INSERT INTO t (id, tags, doc, at) VALUES ($1, $2, $3, $4)";
    expect(await store.query(write, [-50, ["x"], [1, 2], new Date(0)])).toEqual([]);
    expect(await store.query(write, [-49, [], { s: "text" }, null])).toEqual([]);
    const read = "SELECT id, tags, doc, at, id + 1 AS id, NULL::int AS none FROM t WHERE id <= $1 ORDER BY 1";
    const mine = await store.query(read, [-49]);
    const theirs = (await db.query(read, [-49])).rows;
    expect(mine).toEqual(theirs);
    expect(mine).toEqual([
      { id: -49, tags: ["x"], doc: [1, 2], at: new Date(0), none: null },
      { id: -48, tags: [], doc: { s: "text" }, at: null, none: null },
    ]);
    expect(await store.query("SELECT id FROM t WHERE id = $1", [-1])).toEqual([]);
  });

  it("leaves a statement usable after it failed, and caches nothing for a text that does not parse", async () => {
    const sql = "INSERT INTO t (id) VALUES ($1) RETURNING id";
    await store.query(sql, [10]);
    await expect(store.query(sql, [10])).rejects.toMatchObject({ code: "23505" });
    expect(await store.query(sql, [11])).toEqual([{ id: 11 }]);
    await expect(store.query("SELECT FROM WHERE nonsense", [])).rejects.toMatchObject({ code: "42601" });
    expect(await store.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE id >= $1", [10])).toEqual(
      [{ n: 2 }],
    );
  });

  it("rolls back a failed transaction and keeps working", async () => {
    const sql = "INSERT INTO t (id) VALUES ($1)";
    await expect(
      store.transaction(async (tx) => {
        await tx.query(sql, [20]);
        await tx.query(sql, [20]);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await store.query("SELECT id FROM t WHERE id = $1", [20])).toEqual([]);
    await store.transaction(async (tx) => {
      await tx.query(sql, [20]);
    });
    expect(await store.query("SELECT id FROM t WHERE id = $1", [20])).toEqual([{ id: 20 }]);
  });

  it("never runs a query between a transaction's statements", async () => {
    await store.query("CREATE TABLE lock_probe (id int)");
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstWritten: () => void = () => {};
    const written = new Promise<void>((resolve) => (firstWritten = resolve));
    const tx = store.transaction(async (t) => {
      await t.query("INSERT INTO lock_probe VALUES ($1)", [1]);
      firstWritten();
      await held;
      await t.query("INSERT INTO lock_probe VALUES ($1)", [2]);
    });
    await written;
    // Issued while the transaction is open: it must wait for COMMIT, and then see both rows.
    const count = store.query<{ n: number }>("SELECT count(*)::int AS n FROM lock_probe");
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await tx;
    expect(await count).toEqual([{ n: 2 }]);
  });

  it("sees a table's new shape after DDL, in a query or in a script", async () => {
    const sql = "SELECT * FROM t WHERE id = $1";
    expect(Object.keys((await store.query(sql, [1]))[0] ?? {})).toEqual(["id", "tags", "doc", "at"]);
    await store.query("ALTER TABLE t ADD COLUMN note text");
    expect(Object.keys((await store.query(sql, [1]))[0] ?? {})).toEqual(["id", "tags", "doc", "at", "note"]);
    await store.transaction((tx) =>
      tx.exec("ALTER TABLE t DROP COLUMN note; ALTER TABLE t ADD COLUMN rank int"),
    );
    expect(Object.keys((await store.query(sql, [1]))[0] ?? {})).toEqual(["id", "tags", "doc", "at", "rank"]);
  });

  it("sends BEGIN with a transaction's first statement and COMMIT in one call; a transaction that ran nothing sends neither", async () => {
    // PGlite's own transaction made five calls into the backend for one statement: BEGIN and COMMIT
    // through its simple-query path, two calls each.
    const calls: number[] = [];
    const raw = db.execProtocolRaw.bind(db);
    db.execProtocolRaw = (message, options) => {
      calls.push(message.length);
      return raw(message, options);
    };
    try {
      // The statement is prepared already (a new text is parsed first, one call more).
      await store.query("INSERT INTO t (id) VALUES ($1) RETURNING id", [29]);
      calls.length = 0;
      const rows = await store.transaction((tx) =>
        tx.query<{ id: number }>("INSERT INTO t (id) VALUES ($1) RETURNING id", [30]),
      );
      expect(rows).toEqual([{ id: 30 }]);
      expect(calls).toHaveLength(2);
      calls.length = 0;
      expect(await store.transaction(async () => "nothing")).toBe("nothing");
      expect(calls).toHaveLength(0);
    } finally {
      db.execProtocolRaw = raw;
    }
    expect(await store.query("SELECT id FROM t WHERE id = $1", [30])).toEqual([{ id: 30 }]);
  });

  it("runs statements that are not kept prepared inside the transaction, first or later", async () => {
    const seen = await store.transaction(async (tx) => {
      await tx.query("SET LOCAL statement_timeout = '1234ms'");
      const inside = await tx.query<{ statement_timeout: string }>("SHOW statement_timeout");
      await tx.query("INSERT INTO t (id) VALUES ($1)", [31]);
      return inside;
    });
    expect(seen).toEqual([{ statement_timeout: "1234ms" }]);
    // SET LOCAL ended with the transaction: it was one.
    expect(await store.query("SHOW statement_timeout")).not.toEqual(seen);
    expect(await store.query("SELECT id FROM t WHERE id = $1", [31])).toEqual([{ id: 31 }]);
  });

  it("rolls back everything when the first statement fails, even if the function carries on", async () => {
    await store.query("INSERT INTO t (id) VALUES ($1)", [40]);
    const failed = await store
      .transaction(async (tx) => {
        // BEGIN went with this statement, so the transaction is aborted from here on.
        await tx.query("INSERT INTO t (id) VALUES ($1)", [40]).catch(() => undefined);
        await tx.query("SELECT 1 AS one").catch(() => undefined);
        return "carried on";
      })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: "CONFLICT" });
    const script = await store
      .transaction(async (tx) => {
        await tx.exec("INSERT INTO t (id) VALUES (41); INSERT INTO t (id) VALUES (42)");
        throw new Error("changed my mind");
      })
      .catch((e: unknown) => e);
    expect((script as Error).message).toBe("changed my mind");
    expect(await store.query("SELECT id FROM t WHERE id BETWEEN 40 AND 42 ORDER BY id")).toEqual([
      { id: 40 },
    ]);
    // And the database is out of the transaction: the next one commits.
    await store.transaction((tx) => tx.query("INSERT INTO t (id) VALUES ($1)", [43]));
    expect(await store.query("SELECT id FROM t WHERE id = $1", [43])).toEqual([{ id: 43 }]);
  });
});

describe("PGliteStatements", () => {
  it("prepares a text once, keeps at most its limit, and closes what it evicts", async () => {
    const db = await PGlite.create();
    try {
      const statements = new PGliteStatements(db, { maxStatements: 3 });
      const run = (sql: string, params: unknown[] = []) =>
        db.runExclusive(() => statements.run<{ v: number }>(sql, params));
      expect(await run("SELECT $1::int AS v", [1])).toEqual([{ v: 1 }]);
      expect(await run("SELECT $1::int AS v", [2])).toEqual([{ v: 2 }]);
      expect(statements.size).toBe(1);
      for (let i = 0; i < 5; i++)
        expect(await run(`SELECT ${i} + $1::int AS v`, [1])).toEqual([{ v: i + 1 }]);
      expect(statements.size).toBe(3);
      // The evicted ones were closed in the backend, and an evicted text prepares again.
      expect(await run("SELECT $1::int AS v", [3])).toEqual([{ v: 3 }]);
      const open = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements");
      expect(open.rows[0]?.n).toBe(3);
    } finally {
      await db.close();
    }
  });
});

describe("PGlite store without prepared statements", () => {
  it("runs everything through PGlite.query and prepares nothing", async () => {
    const db = await PGlite.create();
    const store = createPGliteStore(db, { preparedStatements: false });
    try {
      expect(await store.query("SELECT $1::int + 1 AS v", [1])).toEqual([{ v: 2 }]);
      await store.transaction(async (tx) => {
        expect(await tx.query("SELECT $1::text AS v", ["x"])).toEqual([{ v: "x" }]);
      });
      const open = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements");
      expect(open.rows[0]?.n).toBe(0);
    } finally {
      await store.close();
    }
  });
});

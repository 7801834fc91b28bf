import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PGlite, type Transaction as PGliteTransaction } from "@electric-sql/pglite";
import { assertChannelName } from "./channels.ts";
import { StoreError } from "./errors.ts";
import { DATA_DIR_LOCK_FILE } from "./dataDirLock.ts";
import { PGliteStatements } from "./pgliteStatements.ts";
import type { Queryable, Store, Transaction } from "./types.ts";
import { stallTraceMs, traceClock, traceStall } from "./stallTrace.ts";

export interface PGliteStoreOptions {
  /** A directory on disk (created when missing); omitted → in memory. */
  dataDir?: string;
  /** Start from a `dumpDataDir()` tarball (in memory), e.g. a migrated template for tests. */
  loadDataDir?: Blob | File;
}

/**
 * Inside `PGlite.transaction` the transaction lock is held; a prepared statement takes the query
 * lock as PGlite's own `tx.query` does.
 */
function wrapTransaction(db: PGlite, tx: PGliteTransaction, statements: PGliteStatements): Transaction {
  return {
    async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
      if (statements.canPrepare(sql)) return db.runExclusive(() => statements.run<T>(sql, params ?? []));
      const result = await tx.query<T>(sql, params);
      statements.afterUnprepared(sql);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      statements.invalidate();
      await tx.exec(sql);
    },
  };
}

/**
 * A transaction with BEGIN, COMMIT and ROLLBACK as prepared statements (`PGliteStatements.begin`):
 * PGlite's own `transaction` sends each through its simple-query path, two calls into the backend
 * apiece, and BEGIN on its own. Here BEGIN goes with the first statement and COMMIT is one call
 * (docs/ARCHITECTURE.md, "Where the ingest time goes"). The caller holds the transaction lock;
 * every statement, COMMIT and ROLLBACK take the query lock, so they run in the order issued.
 */
async function preparedTransaction<T>(
  db: PGlite,
  statements: PGliteStatements,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  let open = true;
  const checkOpen = (): void => {
    if (!open) throw new StoreError("INVALID_INPUT", "the transaction has ended");
  };
  // Stall tracing (TAGTEAM_TRACE_STALLS_MS): how long the transaction held the database, how much
  // of that its statements ran, and its first statement.
  const heldAt = stallTraceMs === 0 ? 0 : traceClock();
  let busy = 0;
  let firstSql: string | undefined;
  const timed = async <R>(sql: string, run: () => Promise<R>): Promise<R> => {
    if (stallTraceMs === 0) return run();
    firstSql ??= sql;
    const at = traceClock();
    try {
      return await run();
    } finally {
      busy += traceClock() - at;
    }
  };
  const tx: Transaction = {
    async query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
      checkOpen();
      if (statements.canPrepare(sql))
        return db.runExclusive(() => timed(sql, () => statements.run<R>(sql, params ?? [])));
      return db.runExclusive(() =>
        timed(sql, async () => {
          const rows = await statements.runOnce<R>(sql, params ?? []);
          statements.afterUnprepared(sql);
          return rows;
        }),
      );
    },
    async exec(sql: string): Promise<void> {
      checkOpen();
      statements.invalidate();
      await db.runExclusive(() => statements.script(sql));
    },
  };
  statements.begin();
  let result: T;
  try {
    result = await fn(tx);
  } catch (error) {
    open = false;
    await db.runExclusive(() => statements.end(false));
    throw error;
  }
  open = false;
  const ended = await db
    .runExclusive(() => statements.end(true))
    .catch(async (error: unknown) => {
      await db.runExclusive(() => statements.end(false)).catch(() => undefined);
      throw error;
    });
  // A statement that failed (one issued without waiting, say) aborted the transaction: PostgreSQL
  // answers COMMIT by rolling back.
  if (stallTraceMs !== 0)
    traceStall("held", heldAt, traceClock() - heldAt, {
      busy: Math.round(busy),
      sql: firstSql?.trim().split("\n")[0]?.slice(0, 120),
    });
  if (ended === "ROLLBACK")
    throw new StoreError("CONFLICT", "the transaction was rolled back: one of its statements failed");
  return result;
}

/**
 * A Store over an already open PGlite (the test helpers use this with `loadDataDir`).
 * `preparedStatements: false` runs every statement through `PGlite.query` (`npm run bench:store`
 * compares the two).
 */
export function createPGliteStore(
  db: PGlite,
  options: { preparedStatements?: boolean } = {},
): Store & { readonly pglite: PGlite } {
  let closed = false;
  const ensureOpen = (): void => {
    if (closed) throw new StoreError("STORE_CLOSED", "the store is closed");
  };
  const statements = new PGliteStatements(db, { enabled: options.preparedStatements !== false });
  const queryable: Queryable = {
    async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
      ensureOpen();
      if (statements.canPrepare(sql)) {
        // Both locks, as `PGlite.query` takes them: no transaction may be running meanwhile.
        return db._runExclusiveTransaction(() =>
          db.runExclusive(async () => {
            const at = stallTraceMs === 0 ? 0 : traceClock();
            const rows = await statements.run<T>(sql, params ?? []);
            await db.syncToFs();
            if (stallTraceMs !== 0)
              traceStall("held", at, traceClock() - at, { sql: sql.trim().split("\n")[0]?.slice(0, 120) });
            return rows;
          }),
        );
      }
      const at = stallTraceMs === 0 ? 0 : traceClock();
      const result = await db.query<T>(sql, params);
      statements.afterUnprepared(sql);
      // With the wait for the locks: PGlite takes them inside.
      if (stallTraceMs !== 0)
        traceStall("held", at, traceClock() - at, { sql: sql.trim().split("\n")[0]?.slice(0, 120) });
      return result.rows;
    },
  };
  return {
    kind: "pglite",
    pglite: db,
    query: queryable.query,
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      ensureOpen();
      if (options.preparedStatements === false)
        return db.transaction((tx) => fn(wrapTransaction(db, tx, statements)));
      return db._runExclusiveTransaction(() => preparedTransaction(db, statements, fn));
    },
    async listen(channel, onPayload) {
      ensureOpen();
      assertChannelName(channel);
      // PGlite is one in-process backend: its listener never disconnects, so onReconnect never fires.
      const unlisten = await db.listen(channel, onPayload);
      return async () => {
        if (!closed) await unlisten();
      };
    },
    async notify(channel, payload) {
      ensureOpen();
      assertChannelName(channel);
      await db.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
    async dumpDataDir() {
      ensureOpen();
      await queryable.query("CHECKPOINT");
      // The transaction lock first, as `query` takes it: no transaction is half done in the copy.
      const dump = await db._runExclusiveTransaction(() => db.dumpDataDir("gzip"));
      return new Uint8Array(await dump.arrayBuffer());
    },
  };
}

/**
 * Turns a `dumpDataDir()` tarball back into a data directory on disk, which must not exist yet or
 * be empty (a restore never overwrites a database). Opens it once, so a damaged tarball fails
 * here rather than at the next start, and closes it.
 */
export async function restorePGliteDataDir(tarball: Uint8Array, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new StoreError("CONFLICT", `${dataDir} is not empty: restore into a new directory`);
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    const db = await PGlite.create({
      dataDir,
      loadDataDir: new Blob([new Uint8Array(tarball)]),
      startParams: [...PGLITE_START_PARAMS],
    });
    try {
      await db.query("SELECT count(*) FROM schema_migrations");
    } finally {
      await db.close();
    }
    // A backup of a running server carries its lock, naming that server: the copy is nobody's yet.
    rmSync(join(dataDir, DATA_DIR_LOCK_FILE), { force: true });
  } catch (error) {
    // Nothing half restored is left behind: the directory is as empty as it was.
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    throw new StoreError(
      "INVALID_INPUT",
      `not a backup this server can restore (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** Refuses dataDir with loadDataDir, and creates dataDir when missing (both ways of opening PGlite). */
export function checkPGliteOptions(options: PGliteStoreOptions): void {
  if (options.dataDir !== undefined && options.loadDataDir !== undefined) {
    throw new StoreError("INVALID_INPUT", "give either dataDir or loadDataDir, not both");
  }
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
}

/**
 * PGlite's own start parameters, plus `wal_init_zero=off`: PostgreSQL fills each new 16 MB WAL
 * segment with zeroes before using it, a write that held the database for ~40 ms every time a
 * busy floor filled a segment (every few seconds at 2,000 messages/s). The zeroes make the
 * segment's space certain on disk before it is needed, which PGlite cannot rely on anyway: it
 * runs with fsync off (`-F`), so what it promises is surviving the process, not the machine.
 * Without them only the segment's last byte is written.
 */
export const PGLITE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams,
  "-c",
  "wal_init_zero=off",
];

/** Opens (creating on first start) an embedded PostgreSQL: on disk, in memory, or from a dump. */
export async function openPGliteStore(
  options: PGliteStoreOptions,
): Promise<Store & { readonly pglite: PGlite }> {
  checkPGliteOptions(options);
  const db = await PGlite.create({
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir !== undefined ? { loadDataDir: options.loadDataDir } : {}),
    startParams: [...PGLITE_START_PARAMS],
  });
  return createPGliteStore(db);
}

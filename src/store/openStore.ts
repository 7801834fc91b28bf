import { lockDataDir } from "./dataDirLock.ts";
import { openPGliteStore } from "./pgliteStore.ts";
import { openPGliteWorkerStore } from "./pgliteWorkerStore.ts";
import { openPostgresStore } from "./postgresStore.ts";
import { StoreError } from "./errors.ts";
import type { Store } from "./types.ts";

/** Where PGlite keeps its files when nothing else is configured. */
export const DEFAULT_DATA_DIR = "./data";

export interface OpenStoreOptions {
  /** `postgres://…`: use that PostgreSQL server (what `DATABASE_URL` sets). */
  databaseUrl?: string;
  /** PGlite data directory, created on first start. Default `./data`. */
  dataDir?: string;
  /** PGlite in memory (nothing on disk). */
  memory?: boolean;
  /** PGlite in memory, starting from a `dumpDataDir()` tarball. */
  loadDataDir?: Blob | File;
  /**
   * PGlite only: "worker" (default) runs the database on a worker thread, so its WebAssembly does
   * not stop HTTP, WebSockets and the engine while a statement runs; "main" runs it in-process.
   */
  pgliteThread?: "worker" | "main";
  /** PostgreSQL pool size. */
  maxConnections?: number;
  /** PostgreSQL: named prepared statements (default true; off behind PgBouncer's transaction mode). */
  preparedStatements?: boolean;
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is given, otherwise PGlite (on disk in `dataDir`,
 * default `./data`, or in memory). Does not migrate: call `migrate(store)` next.
 *
 * @example
 * const store = await openStore({ databaseUrl: process.env.DATABASE_URL });
 * await migrate(store);
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { databaseUrl, dataDir, memory, loadDataDir } = options;
  const thread = options.pgliteThread ?? "worker";
  if (thread !== "worker" && thread !== "main") {
    throw new StoreError("INVALID_INPUT", 'pgliteThread must be "worker" or "main"');
  }
  const openPGlite = thread === "worker" ? openPGliteWorkerStore : openPGliteStore;
  if (databaseUrl !== undefined && databaseUrl !== "") {
    if (dataDir !== undefined || memory || loadDataDir !== undefined) {
      throw new StoreError(
        "INVALID_INPUT",
        "databaseUrl cannot be combined with dataDir, memory or loadDataDir",
      );
    }
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new StoreError("INVALID_INPUT", "databaseUrl must start with postgres:// or postgresql://");
    }
    return openPostgresStore({
      databaseUrl,
      ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
      ...(options.preparedStatements !== undefined ? { preparedStatements: options.preparedStatements } : {}),
    });
  }
  if (memory && dataDir !== undefined) {
    throw new StoreError("INVALID_INPUT", "memory cannot be combined with dataDir");
  }
  if (loadDataDir !== undefined) {
    if (dataDir !== undefined)
      throw new StoreError("INVALID_INPUT", "loadDataDir cannot be combined with dataDir");
    return openPGlite({ loadDataDir });
  }
  if (memory) return openPGlite({});
  // One process per data directory: a second one would corrupt it (dataDirLock.ts).
  const dir = dataDir ?? DEFAULT_DATA_DIR;
  const lock = await lockDataDir(dir);
  let store: Store;
  try {
    store = await openPGlite({ dataDir: dir });
  } catch (error) {
    await lock.release();
    throw error;
  }
  const close = store.close.bind(store);
  store.close = async () => {
    try {
      await close();
    } finally {
      await lock.release();
    }
  };
  return store;
}

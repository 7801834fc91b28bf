/** Anything SQL can run against: a store, or the transaction handed to `Store.transaction`. */
export interface Queryable {
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** A transaction: queries plus multi-statement scripts (migrations use `exec`). */
export interface Transaction extends Queryable {
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
}

export type StoreKind = "pglite" | "postgres";

/** Options for `Store.listen`: PostgreSQL's listener reconnects by itself; this says when it did. */
export interface ListenOptions {
  /**
   * Called after the listening connection was lost and re-established. Notifications sent while
   * it was down are gone, so callers catch up from the table (e.g. `findEventsAfter`).
   */
  onReconnect?: () => void;
}

export interface Store extends Queryable {
  readonly kind: StoreKind;
  /**
   * One BEGIN..COMMIT; rolls back (nothing written) when `fn` throws, and rethrows. Inside `fn`
   * use only `tx`: PGlite has one connection, so a `store.query` issued inside waits for the
   * transaction to end — which waits for it (a deadlock); on PostgreSQL it would run outside the
   * transaction. Keep `fn` short: no network calls or user waits while it holds locks.
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Subscribes to a channel; resolves once listening. The returned function unsubscribes. */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    options?: ListenOptions,
  ): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
  /**
   * PGlite only: the whole database as a gzipped tarball of its data directory, taken while no
   * transaction runs (writes wait for it), after a checkpoint so a restore needs no WAL replay.
   * `restorePGliteDataDir` turns it back into a data directory. PostgreSQL has pg_dump instead.
   */
  dumpDataDir?(): Promise<Uint8Array>;
}

/** A JSON value as stored in jsonb columns. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

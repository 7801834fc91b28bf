import pg from "pg";
import { assertChannelName } from "./channels.ts";
import { StoreError } from "./errors.ts";
import type { ListenOptions, Store, Transaction } from "./types.ts";

export interface PostgresStoreOptions {
  databaseUrl: string;
  /** Pool size; the listener uses one more, dedicated connection. */
  maxConnections?: number;
  /**
   * Named prepared statements (default true): each connection parses and plans a statement once.
   * Turn off behind a pooler that hands one session's statements to other server connections
   * (PgBouncer in transaction mode before 1.21), which would not know the names.
   */
  preparedStatements?: boolean;
}

/** Most statement texts given a name; later new texts run unnamed (see `StatementNames`). */
export const MAX_NAMED_STATEMENTS = 1_000;

/**
 * Names for statement texts, so node-postgres prepares each on a connection once and then only
 * binds and executes it: PostgreSQL skips parsing and, after a few runs, planning. The ingest
 * path's statements keep one text whatever the number of rows (arrays as parameters), so a few
 * dozen names cover it. Only statements with parameters are named (the rest are scripts and
 * one-offs), and at most MAX_NAMED_STATEMENTS texts, so a caller building texts by count cannot
 * fill every connection with prepared statements.
 */
class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly enabled: boolean) {}

  config(text: string, values: unknown[] | undefined): pg.QueryConfig {
    if (values === undefined || values.length === 0) return { text };
    if (!this.enabled) return { text, values };
    let name = this.names.get(text);
    if (name === undefined) {
      if (this.names.size >= MAX_NAMED_STATEMENTS) return { text, values };
      name = `tagteam_${this.names.size}`;
      this.names.set(text, name);
    }
    return { name, text, values };
  }

  get size(): number {
    return this.names.size;
  }
}

const RECONNECT_FIRST_DELAY_MS = 100;
const RECONNECT_MAX_DELAY_MS = 5_000;

type Subscriber = { onPayload: (payload: string) => void; onReconnect: (() => void) | undefined };

/**
 * LISTEN needs one long-lived connection (a pooled one would lose its subscriptions). When it
 * drops, it reconnects with backoff, re-LISTENs every channel, and tells subscribers so they can
 * catch up from the table: notifications sent meanwhile are lost by PostgreSQL's design.
 */
class Listener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly channels = new Map<string, Set<Subscriber>>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelayMs = RECONNECT_FIRST_DELAY_MS;

  constructor(private readonly databaseUrl: string) {}

  async subscribe(channel: string, subscriber: Subscriber): Promise<() => Promise<void>> {
    let set = this.channels.get(channel);
    const first = set === undefined;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(subscriber);
    if (first) {
      try {
        const client = await this.connect();
        await client.query(`LISTEN "${channel}"`);
      } catch (error) {
        set.delete(subscriber);
        if (set.size === 0) this.channels.delete(channel);
        throw error;
      }
    }
    return async () => {
      const current = this.channels.get(channel);
      if (!current) return;
      current.delete(subscriber);
      if (current.size === 0) {
        this.channels.delete(channel);
        if (this.client && !this.closed) await this.client.query(`UNLISTEN "${channel}"`).catch(() => {});
      }
    };
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      const client = new pg.Client({ connectionString: this.databaseUrl });
      client.on("notification", (message) => {
        const subscribers = this.channels.get(message.channel);
        if (!subscribers) return;
        for (const subscriber of subscribers) subscriber.onPayload(message.payload ?? "");
      });
      client.on("error", () => this.lose(client));
      client.on("end", () => this.lose(client));
      try {
        await client.connect();
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private lose(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => {});
    if (!this.closed) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed || this.channels.size === 0) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.reconnect();
    }, this.reconnectDelayMs);
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_DELAY_MS);
  }

  private async reconnect(): Promise<void> {
    try {
      const client = await this.connect();
      for (const channel of this.channels.keys()) await client.query(`LISTEN "${channel}"`);
      this.reconnectDelayMs = RECONNECT_FIRST_DELAY_MS;
      for (const subscribers of this.channels.values()) {
        for (const subscriber of subscribers) subscriber.onReconnect?.();
      }
    } catch {
      if (this.client) this.lose(this.client);
      else this.scheduleReconnect();
    }
  }

  /** Ends the connection as if the server dropped it; tests use this to prove reconnection. */
  async dropConnectionForTest(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const [row] = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows;
    const killer = new pg.Client({ connectionString: this.databaseUrl });
    await killer.connect();
    try {
      await killer.query("SELECT pg_terminate_backend($1)", [row?.pid]);
    } finally {
      await killer.end();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const pending = this.connecting;
    if (pending) await pending.catch(() => null);
    const client = this.client;
    this.client = null;
    this.channels.clear();
    if (client) await client.end().catch(() => {});
  }
}

export type PostgresStore = Store & {
  readonly pool: pg.Pool;
  /** Test hook: terminates the LISTEN connection server-side to exercise reconnection. */
  dropListenerConnectionForTest(): Promise<void>;
  /** How many statement texts have a name (prepared once per connection). */
  namedStatementCount(): number;
};

/** A Store over a PostgreSQL server: a pg Pool for queries, one dedicated LISTEN connection. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.maxConnections ?? 10 });
  // An idle pooled client that errors (server restart) is dropped by the pool; without a handler
  // the 'error' event would crash the process.
  pool.on("error", () => {});
  // Fail fast with the driver's message when the URL is wrong.
  await pool.query("SELECT 1");
  const listener = new Listener(options.databaseUrl);
  const statements = new StatementNames(options.preparedStatements ?? true);
  let closed = false;
  const ensureOpen = (): void => {
    if (closed) throw new StoreError("STORE_CLOSED", "the store is closed");
  };

  return {
    kind: "postgres",
    pool,
    async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
      ensureOpen();
      const result = await pool.query<T>(statements.config(sql, params));
      return result.rows;
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      ensureOpen();
      const client = await pool.connect();
      // Statements issued together (without awaiting each) run one after another in the order they
      // were issued, as on PGlite; COMMIT and ROLLBACK wait behind them. pg itself would queue them
      // too, but that use of a client is deprecated.
      let previous: Promise<unknown> = Promise.resolve();
      const inOrder = <R>(run: () => Promise<R>): Promise<R> => {
        const next = previous.then(run, run);
        previous = next.catch(() => undefined);
        return next;
      };
      const tx: Transaction = {
        query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> {
          return inOrder(async () => (await client.query<R>(statements.config(sql, params))).rows);
        },
        async exec(sql: string): Promise<void> {
          await inOrder(() => client.query(sql));
        },
      };
      try {
        await client.query("BEGIN");
        const result = await fn(tx);
        const committed = await inOrder(() => client.query("COMMIT"));
        // A statement issued without waiting failed: PostgreSQL answers COMMIT by rolling back.
        if (committed.command === "ROLLBACK")
          throw new StoreError("CONFLICT", "the transaction was rolled back: one of its statements failed");
        client.release();
        return result;
      } catch (error) {
        try {
          await inOrder(() => client.query("ROLLBACK"));
          client.release();
        } catch (rollbackError) {
          // The connection is unusable: destroy it rather than hand it to the next caller.
          client.release(rollbackError instanceof Error ? rollbackError : true);
        }
        throw error;
      }
    },
    async listen(channel: string, onPayload: (payload: string) => void, listenOptions?: ListenOptions) {
      ensureOpen();
      assertChannelName(channel);
      return listener.subscribe(channel, { onPayload, onReconnect: listenOptions?.onReconnect });
    },
    async notify(channel, payload) {
      ensureOpen();
      assertChannelName(channel);
      await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    dropListenerConnectionForTest: () => listener.dropConnectionForTest(),
    namedStatementCount: () => statements.size,
    async close() {
      if (closed) return;
      closed = true;
      await listener.close();
      await pool.end();
    },
  };
}

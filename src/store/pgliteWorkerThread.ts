// The PGlite database, run on a worker thread (see pgliteWorkerStore.ts for the other side).
//
// PGlite is PostgreSQL compiled to WebAssembly: every statement runs synchronously on the thread
// that calls it. On the server's main thread a 20 ms group write stops HTTP, WebSockets and the
// engine for 20 ms. Here it runs beside them. This side hosts an ordinary `createPGliteStore` and
// answers its methods over `postMessage`; transactions stay open between messages, so the caller's
// `fn` runs on the main thread while the worker holds BEGIN … COMMIT.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { StoreError } from "./errors.ts";
import { createPGliteStore, PGLITE_START_PARAMS } from "./pgliteStore.ts";
import { stallTraceMs, traceClock, traceStall } from "./stallTrace.ts";
import type { Transaction } from "./types.ts";

/** What the main thread passes as `workerData`. */
export interface WorkerOptions {
  dataDir?: string;
  /** A `dumpDataDir()` tarball's bytes (transferred, not copied). */
  loadDataDir?: ArrayBuffer;
  preparedStatements: boolean;
}

/**
 * Requests, main → worker. `id` pairs each with its reply. A transaction's first statement carries
 * `begin`: the transaction starts here with it, without a message of its own (one that never ran a
 * statement sends nothing at all).
 */
export type WorkerRequest =
  | { kind: "query"; id: number; sql: string; params: unknown[]; tx?: number; begin?: true }
  | { kind: "exec"; id: number; sql: string; tx: number; begin?: true }
  | { kind: "end"; id: number; tx: number; commit: boolean }
  | { kind: "listen"; id: number; channel: string }
  | { kind: "unlisten"; id: number; listener: number }
  | { kind: "notify"; id: number; channel: string; payload: string }
  | { kind: "dump"; id: number }
  | { kind: "close"; id: number };

/** An error as it crosses threads: its name, message, and PostgreSQL's fields (code, detail, …). */
export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

/** Messages, worker → main. */
export type WorkerReply =
  | { kind: "ready" }
  | { kind: "failed"; error: SerializedError }
  | { kind: "result"; id: number; value: unknown }
  | { kind: "error"; id: number; error: SerializedError }
  | { kind: "notification"; listener: number; payload: string };

/** Own properties worth keeping: SQLSTATE `code`, `detail`, `constraint`, StoreError `details`… */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === "function") continue;
    try {
      structuredClone(value);
      fields[key] = value;
    } catch {
      fields[key] = String(value);
    }
  }
  return { name: error.name, message: error.message, fields };
}

/** Thrown inside PGlite's transaction callback to make it roll back. */
const ROLLBACK = Symbol("rollback");

async function serve(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("pgliteWorkerThread runs only as a worker thread");
  const options = workerData as WorkerOptions;
  const post = (reply: WorkerReply): void => port.postMessage(reply);
  let store: ReturnType<typeof createPGliteStore>;
  try {
    const db = await PGlite.create({
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir !== undefined ? { loadDataDir: new Blob([options.loadDataDir]) } : {}),
      startParams: [...PGLITE_START_PARAMS],
    });
    store = createPGliteStore(db, { preparedStatements: options.preparedStatements });
  } catch (error) {
    post({ kind: "failed", error: serializeError(error) });
    return;
  }

  let nextListener = 1;
  /**
   * Transactions by the id the main thread gave them. An entry is there from the request that
   * carries `begin` on, and resolves once the store's transaction has started, so the main thread
   * sends its statements without waiting for a reply; messages are handled in order, so the entry
   * always exists by the next one. `finish` commits or rolls back, and names the request its
   * outcome answers.
   */
  const transactions = new Map<
    number,
    Promise<{ tx: Transaction; finish: (commit: boolean, endId: number) => void }>
  >();
  const listeners = new Map<number, () => Promise<void>>();

  const answer = (id: number, work: () => Promise<unknown>, sql?: string): void => {
    const at = stallTraceMs === 0 ? 0 : traceClock();
    // Through a promise, so a synchronous throw becomes an error reply, not a dead worker.
    Promise.resolve()
      .then(work)
      .finally(() => {
        // On the worker: the statement itself (in a transaction) or its wait for the database and run.
        if (stallTraceMs !== 0)
          traceStall("worker", at, traceClock() - at, { sql: sql?.trim().split("\n")[0]?.slice(0, 120) });
      })
      .then(
        (value) => post({ kind: "result", id, value }),
        (error: unknown) => post({ kind: "error", id, error: serializeError(error) }),
      );
  };
  const openTransaction = async (tx: number | undefined): Promise<Transaction> => {
    const open = tx === undefined ? undefined : transactions.get(tx);
    if (open === undefined) throw new StoreError("INVALID_INPUT", `transaction ${tx} is not open`);
    return (await open).tx;
  };

  const begin = (txId: number): void => {
    let endId: number | null = null;
    const opened = new Promise<{ tx: Transaction; finish: (commit: boolean, endId: number) => void }>(
      (opening, failed) => {
        store
          .transaction(
            (tx) =>
              new Promise<void>((resolve, reject) =>
                opening({
                  tx,
                  finish: (commit, id) => {
                    endId = id;
                    if (commit) resolve();
                    else reject(ROLLBACK);
                  },
                }),
              ),
          )
          .then(
            () => {
              if (endId !== null) post({ kind: "result", id: endId, value: null });
            },
            (error: unknown) => {
              // Before the transaction started, the failure reaches every request of this
              // transaction through `opened`; after, it answers the end request.
              failed(error);
              if (endId === null) return;
              if (error === ROLLBACK) post({ kind: "result", id: endId, value: null });
              else post({ kind: "error", id: endId, error: serializeError(error) });
            },
          );
      },
    );
    opened.catch(() => undefined);
    transactions.set(txId, opened);
  };

  port.on("message", (request: WorkerRequest) => {
    if (
      (request.kind === "query" || request.kind === "exec") &&
      request.begin === true &&
      request.tx !== undefined
    )
      begin(request.tx);
    switch (request.kind) {
      case "query":
        answer(
          request.id,
          () =>
            request.tx === undefined
              ? store.query(request.sql, request.params)
              : openTransaction(request.tx).then((tx) => tx.query(request.sql, request.params)),
          request.sql,
        );
        return;
      case "exec":
        answer(request.id, () => openTransaction(request.tx).then((tx) => tx.exec(request.sql)), request.sql);
        return;
      case "end": {
        const open = transactions.get(request.tx);
        transactions.delete(request.tx);
        if (open === undefined) {
          post({
            kind: "error",
            id: request.id,
            error: serializeError(new StoreError("INVALID_INPUT", `transaction ${request.tx} is not open`)),
          });
          return;
        }
        open.then(
          (entry) => entry.finish(request.commit, request.id),
          (error: unknown) => post({ kind: "error", id: request.id, error: serializeError(error) }),
        );
        return;
      }
      case "listen":
        answer(request.id, async () => {
          const listener = nextListener++;
          const unlisten = await store.listen(request.channel, (payload) =>
            post({ kind: "notification", listener, payload }),
          );
          listeners.set(listener, unlisten);
          return listener;
        });
        return;
      case "unlisten":
        answer(request.id, async () => {
          const unlisten = listeners.get(request.listener);
          listeners.delete(request.listener);
          await unlisten?.();
          return null;
        });
        return;
      case "notify":
        answer(request.id, () => store.notify(request.channel, request.payload).then(() => null));
        return;
      case "dump":
        answer(request.id, async () => {
          if (store.dumpDataDir === undefined)
            throw new StoreError("INVALID_INPUT", "no data directory to dump");
          return store.dumpDataDir();
        });
        return;
      case "close":
        answer(request.id, async () => {
          await store.close();
          return null;
        });
        return;
    }
  });
  post({ kind: "ready" });
}

await serve();

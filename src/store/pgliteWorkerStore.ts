import { Worker } from "node:worker_threads";
import { assertChannelName } from "./channels.ts";
import { StoreError, type StoreErrorCode } from "./errors.ts";
import type { SerializedError, WorkerOptions, WorkerReply, WorkerRequest } from "./pgliteWorkerThread.ts";
import { checkPGliteOptions, type PGliteStoreOptions } from "./pgliteStore.ts";
import { stallTraceMs, traceCaller, traceClock, traceStall } from "./stallTrace.ts";
import type { Store, Transaction } from "./types.ts";

/** Rebuilds an error from the worker: a StoreError stays one; a PostgreSQL error keeps `code`, `detail`…. */
function deserializeError(error: SerializedError): Error {
  if (error.name === "StoreError") {
    const details = error.fields.details as Record<string, unknown> | undefined;
    return new StoreError(error.fields.code as StoreErrorCode, error.message, details);
  }
  const rebuilt = new Error(error.message);
  Object.assign(rebuilt, error.fields);
  rebuilt.name = error.name;
  return rebuilt;
}

/** A statement's first line, to name it in a stall trace. */
const firstLine = (sql: string): string => sql.trim().split("\n")[0]?.slice(0, 120) ?? "";

/** Everything that leaves a pending request: one place, so a dead worker fails them all alike. */
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * PGlite on a worker thread: the same store as `openPGliteStore`, but its WebAssembly runs beside
 * the main thread instead of on it, so HTTP, WebSockets and the engine keep going while a
 * statement runs. Each call is one `postMessage` each way (parameters and rows are copied by
 * structured clone); a transaction's BEGIN … COMMIT is held open on the worker while `fn` runs here.
 * The server uses it (docs/ARCHITECTURE.md, "PGlite on its own thread"); tests mostly use the
 * in-process store, and the store contract runs against both.
 */
export async function openPGliteWorkerStore(
  options: PGliteStoreOptions & { preparedStatements?: boolean } = {},
): Promise<Store> {
  checkPGliteOptions(options);
  const loadDataDir = options.loadDataDir !== undefined ? await options.loadDataDir.arrayBuffer() : undefined;
  const workerData: WorkerOptions = {
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(loadDataDir !== undefined ? { loadDataDir } : {}),
    preparedStatements: options.preparedStatements !== false,
  };
  const worker = new Worker(new URL("./pgliteWorkerEntry.mjs", import.meta.url), {
    workerData,
    ...(loadDataDir !== undefined ? { transferList: [loadDataDir] } : {}),
  });

  const pending = new Map<number, Pending>();
  const notifications = new Map<number, (payload: string) => void>();
  let nextId = 1;
  let nextTx = 1;
  let failure: Error | null = null;
  let closed = false;

  const failAll = (error: Error): void => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    const onMessage = (reply: WorkerReply): void => {
      if (reply.kind === "ready") {
        worker.off("error", onStartError);
        resolve();
      } else if (reply.kind === "failed") {
        reject(deserializeError(reply.error));
        void worker.terminate();
      }
    };
    const onStartError = (error: Error): void => reject(error);
    worker.once("message", onMessage);
    worker.once("error", onStartError);
  });
  worker.on("message", (reply: WorkerReply) => {
    if (reply.kind === "result" || reply.kind === "error") {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.kind === "result") p?.resolve(reply.value);
      else p?.reject(deserializeError(reply.error));
    } else if (reply.kind === "notification") {
      notifications.get(reply.listener)?.(reply.payload);
    }
  });
  worker.on("error", (error) => failAll(error));
  worker.on("exit", (code) =>
    failAll(new StoreError("STORE_CLOSED", `the PGlite worker thread exited (code ${code})`)),
  );

  // Distributes the request type over its union, so each call site names one kind's fields.
  type Without<T> = T extends unknown ? Omit<T, "id"> : never;
  const call = <T>(request: Without<WorkerRequest>): Promise<T> => {
    if (failure !== null) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };
  const ensureOpen = (): void => {
    if (closed) throw new StoreError("STORE_CLOSED", "the store is closed");
  };

  return {
    kind: "pglite",
    async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
      ensureOpen();
      if (stallTraceMs === 0) return call<T[]>({ kind: "query", sql, params: params ?? [] });
      const at = traceClock();
      const caller = traceCaller();
      const rows = await call<T[]>({ kind: "query", sql, params: params ?? [] });
      traceStall("query", at, traceClock() - at, { caller, sql: firstLine(sql) });
      return rows;
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      ensureOpen();
      if (failure !== null) throw failure;
      // The first statement starts the transaction on the worker, in the same message, and nothing
      // waits for BEGIN: the worker handles messages in order (see pgliteWorkerThread.ts). A
      // transaction that issued no statement has nothing to end.
      const tx = nextTx++;
      let begun = false;
      let ended = false;
      // A handle kept past its transaction must not start another one on the worker.
      const begin = (): { begin?: true } | null => {
        if (ended) return null;
        if (begun) return {};
        begun = true;
        return { begin: true };
      };
      const notOpen = (): Promise<never> =>
        Promise.reject(new StoreError("INVALID_INPUT", `transaction ${tx} is not open`));
      const handle: Transaction = {
        query: <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => {
          const first = begin();
          return first === null
            ? notOpen()
            : call<R[]>({ kind: "query", sql, params: params ?? [], tx, ...first });
        },
        exec: (sql: string) => {
          const first = begin();
          return first === null ? notOpen() : call<void>({ kind: "exec", sql, tx, ...first });
        },
      };
      const at = stallTraceMs === 0 ? 0 : traceClock();
      const caller = stallTraceMs === 0 ? "" : traceCaller();
      let result: T;
      try {
        result = await fn(handle);
      } catch (error) {
        ended = true;
        if (begun) await call({ kind: "end", tx, commit: false }).catch(() => undefined);
        throw error;
      }
      ended = true;
      if (begun) await call({ kind: "end", tx, commit: true });
      if (stallTraceMs !== 0) traceStall("transaction", at, traceClock() - at, { caller });
      return result;
    },
    async listen(channel, onPayload) {
      ensureOpen();
      assertChannelName(channel);
      const listener = await call<number>({ kind: "listen", channel });
      notifications.set(listener, onPayload);
      return async () => {
        notifications.delete(listener);
        if (!closed) await call({ kind: "unlisten", listener });
      };
    },
    async notify(channel, payload) {
      ensureOpen();
      assertChannelName(channel);
      await call({ kind: "notify", channel, payload });
    },
    async dumpDataDir() {
      ensureOpen();
      return call<Uint8Array>({ kind: "dump" });
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await call({ kind: "close" });
      } finally {
        await worker.terminate();
      }
    },
  };
}

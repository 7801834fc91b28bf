import { migrate, openStore, type Store } from "../store/index.ts";
import { buildApp, type App } from "./app.ts";
import { bootstrap, ensureDemoWorkspace, type BootstrapResult, type DemoWorkspace } from "./bootstrap.ts";
import type { ServerConfig } from "./config.ts";
import { loop2ProcessorOf } from "./loop2/index.ts";
import { traceMainThread } from "./stallTrace.ts";

export interface RunningServer {
  url: string;
  app: App;
  store: Store;
  boot: BootstrapResult;
  demo: DemoWorkspace | null;
  stop(): Promise<void>;
}

/**
 * Opens the store, migrates, starts the app and listens, then creates the first admin (and the
 * demo workspace when asked). The caller prints credentials and handles signals.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const store = await openStore(
    config.databaseUrl !== undefined
      ? { databaseUrl: config.databaseUrl, preparedStatements: config.pgPreparedStatements }
      : { dataDir: config.dataDir, pgliteThread: config.pgliteThread },
  );
  let app: App | null = null;
  const stopTrace = traceMainThread();
  try {
    await migrate(store);
    app = await buildApp({ config, store });
    await app.start();
    // Listen before the first admin is created: when the port is taken, the start fails before a
    // generated password exists that nobody would ever see. Meanwhile requests are told to wait.
    app.setReady(false);
    const url = await app.app.listen({ host: config.host, port: config.port });
    const boot = await bootstrap(store, config.admin);
    const demo = config.demo !== "off" ? await ensureDemoWorkspace(store, boot.orgId) : null;
    // Loop 2's start-up sweep ran when the server began listening, before the demo's history was
    // written (closed straight in the store, without close events): it sweeps again now, in the
    // background (some seconds on a first start), so the skill map has the history on a first
    // start too and not only from the next one.
    if (demo !== null) void loop2ProcessorOf(app.ctx).sweep();
    app.setReady(true);
    const started = app;
    return {
      url,
      app,
      store,
      boot,
      demo,
      stop: async () => {
        stopTrace();
        await started.close();
        await store.close();
      },
    };
  } catch (error) {
    stopTrace();
    // Its background jobs stop before the store closes under them.
    await app?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

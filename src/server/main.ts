import { migrate, openStore, type Store } from "../store/index.ts";
import { buildApp, type App } from "./app.ts";
import { bootstrap, ensureDemoWorkspace, type BootstrapResult, type DemoWorkspace } from "./bootstrap.ts";
import type { ServerConfig } from "./config.ts";

export interface RunningServer {
  url: string;
  app: App;
  store: Store;
  boot: BootstrapResult;
  demo: DemoWorkspace | null;
  stop(): Promise<void>;
}

/**
 * Opens the store, migrates, creates the first admin (and the demo workspace when asked), then
 * listens. The caller prints credentials and handles signals.
 */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const store = await openStore(
    config.databaseUrl !== undefined
      ? { databaseUrl: config.databaseUrl, preparedStatements: config.pgPreparedStatements }
      : { dataDir: config.dataDir, pgliteThread: config.pgliteThread },
  );
  try {
    await migrate(store);
    const boot = await bootstrap(store, config.admin);
    const demo = config.demo !== "off" ? await ensureDemoWorkspace(store, boot.orgId) : null;
    const app = await buildApp({ config, store });
    await app.start();
    const url = await app.app.listen({ host: config.host, port: config.port });
    return {
      url,
      app,
      store,
      boot,
      demo,
      stop: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

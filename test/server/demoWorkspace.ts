/*
 * The demo workspace as the demo tests need it, made in one place: in a store alone (its history,
 * notes and pulses as `ensureDemoWorkspace` writes them), or on a running server started as
 * `npm start -- --demo workspace` starts it, with the first start's scoring of the history done.
 *
 * Writing the demo's history takes a minute or more on a busy machine, and eight files need it, so
 * each kind is made once per test run (test/support/runTemplate.ts) and every file starts from a
 * copy of its own: a store loaded from the dump, or a server started on a copied data directory.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bootstrap, ensureDemoWorkspace } from "../../src/server/bootstrap.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { startServer, type RunningServer } from "../../src/server/main.ts";
import type { Store } from "../../src/store/index.ts";
import { createPGliteStore } from "../../src/store/pgliteStore.ts";
import { runTemplate } from "../support/runTemplate.ts";
import { createTestStore } from "../support/testStore.ts";
import { testConfig } from "./factories.ts";

export const DEMO_LEAD = "lee.lead@demo.tagteam.local";

interface DemoStoreTemplate {
  orgId: string;
  teamId: string;
  /** When the history was written (`Date.now()` just before): its days are counted back from it. */
  writtenAt: number;
}

/** The run's store with an organisation and its demo workspace, dumped (data.tar) with meta.json. */
async function demoStoreTemplate(): Promise<{ dump: string; meta: DemoStoreTemplate }> {
  const dir = await runTemplate("demo-store", async (into) => {
    const store = await createTestStore();
    try {
      const { orgId } = await bootstrap(store, {
        email: "admin@example.com",
        password: "correct horse battery staple",
      });
      const writtenAt = Date.now();
      const { teamId } = await ensureDemoWorkspace(store, orgId);
      const dump = await store.pglite.dumpDataDir("none");
      writeFileSync(join(into, "data.tar"), Buffer.from(await dump.arrayBuffer()));
      writeFileSync(join(into, "meta.json"), JSON.stringify({ orgId, teamId, writtenAt }));
    } finally {
      await store.close();
    }
  });
  return {
    dump: join(dir, "data.tar"),
    meta: JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as DemoStoreTemplate,
  };
}

/**
 * A store of its own with an organisation and its demo workspace (close the store when done).
 * `writtenAt` is when the demo's history was written, which its days are counted back from.
 */
export async function demoStore(): Promise<{ store: Store } & DemoStoreTemplate> {
  const { dump, meta } = await demoStoreTemplate();
  const db = await PGlite.create({ loadDataDir: new Blob([readFileSync(dump)]) });
  return { store: createPGliteStore(db), ...meta };
}

/** The first admin of the demo server's data directory (`demoServerDataDir`). */
export const DEMO_SERVER_ADMIN = { email: "admin@demo-server.test", password: "demo-server-admin-password" };

function demoServerConfig(dataDir: string) {
  return testConfig({
    TAGTEAM_DATA_DIR: dataDir,
    TAGTEAM_DEMO: "workspace",
    PORT: "0",
    TAGTEAM_HOST: "127.0.0.1",
    TAGTEAM_ADMIN_EMAIL: DEMO_SERVER_ADMIN.email,
    TAGTEAM_ADMIN_PASSWORD: DEMO_SERVER_ADMIN.password,
    TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE: "1000",
  });
}

/**
 * The run's data directory (data/) of a server's first start with the demo workspace, stopped
 * once loop 2 had scored the history: made exactly as `npm start -- --demo workspace` makes it.
 * A test that starts `tagteam serve` itself copies it (never opens it); its admin is
 * DEMO_SERVER_ADMIN.
 */
export async function demoServerDataDir(): Promise<string> {
  const dir = await runTemplate("demo-server", async (into) => {
    const running = await startServer(demoServerConfig(join(into, "data")));
    try {
      if (running.demo === null) throw new Error("no demo workspace");
      await loop2ProcessorOf(running.app.ctx).catchUp();
    } finally {
      await running.stop();
    }
  });
  return join(dir, "data");
}

/**
 * A server with the demo workspace, in a data directory of its own (a copy of the run's first
 * start, whose loop 2 had scored the history: the replay's closes would otherwise queue behind
 * it). `stop` also removes the directory.
 */
export async function startDemoServer(
  name: string,
): Promise<{ running: RunningServer; teamId: string; stop: () => Promise<void> }> {
  const template = await demoServerDataDir();
  const dataDir = mkdtempSync(join(tmpdir(), `tagteam-${name}-`));
  cpSync(template, dataDir, { recursive: true });
  const running = await startServer(demoServerConfig(dataDir));
  if (running.demo === null) throw new Error("no demo workspace");
  await loop2ProcessorOf(running.app.ctx).catchUp();
  return {
    running,
    teamId: running.demo.teamId,
    stop: async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

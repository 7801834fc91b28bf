/*
 * The demo workspace as the demo tests need it, made in one place: in a store alone (its history,
 * notes and pulses as `ensureDemoWorkspace` writes them), or on a running server started as
 * `npm start -- --demo workspace` starts it, with the first start's scoring of the history done.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootstrap, ensureDemoWorkspace } from "../../src/server/bootstrap.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { startServer, type RunningServer } from "../../src/server/main.ts";
import type { Store } from "../../src/store/index.ts";
import { createTestStore } from "../support/testStore.ts";
import { testConfig } from "./factories.ts";

export const DEMO_LEAD = "lee.lead@demo.tagteam.local";

/** A store with an organisation and its demo workspace (close the store when done). */
export async function demoStore(): Promise<{ store: Store; orgId: string; teamId: string }> {
  const store = await createTestStore();
  const { orgId } = await bootstrap(store, {
    email: "admin@example.com",
    password: "correct horse battery staple",
  });
  const { teamId } = await ensureDemoWorkspace(store, orgId);
  return { store, orgId, teamId };
}

/**
 * A server with the demo workspace, in a data directory of its own, once loop 2 has scored the
 * history (the replay's closes would otherwise queue behind it). `stop` also removes the directory.
 */
export async function startDemoServer(
  name: string,
): Promise<{ running: RunningServer; teamId: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `tagteam-${name}-`));
  const running = await startServer(
    testConfig({
      TAGTEAM_DATA_DIR: dataDir,
      TAGTEAM_DEMO: "workspace",
      PORT: "0",
      TAGTEAM_HOST: "127.0.0.1",
      TAGTEAM_ADMIN_EMAIL: `admin@${name}.test`,
      TAGTEAM_ADMIN_PASSWORD: `${name}-admin-password`,
      TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE: "1000",
    }),
  );
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

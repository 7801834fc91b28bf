// Starting `tagteam serve` where it cannot run says why in one line and changes nothing: a data
// directory another tagteam has open (two processes would corrupt it), or a port already taken
// (and then no first admin is created whose one-time password nobody would see).
import { spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.ts";
import { migratedDataDir } from "../support/testStore.ts";
import { spawnServer, type SpawnedServer } from "./spawnServer.ts";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `tagteam serve` to its exit; returns the exit code and everything it printed. */
function serve(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/tagteam.mjs", "serve"], {
      cwd: REPO_ROOT,
      env: { ...process.env, TAGTEAM_LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tagteam-startup-"));
  // Both data directories start as copies of the run's migrated, empty one (no initdb, no
  // migrations to wait for): "shared" for two servers, "fresh" for one that finds its port taken.
  const migrated = await migratedDataDir();
  for (const name of ["shared", "fresh"]) await cp(migrated, join(root, name), { recursive: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("tagteam serve refuses to start where it cannot run", () => {
  it("on a data directory another tagteam has open: one line naming it; the running one is unharmed", async () => {
    const dataDir = join(root, "shared");
    let first: SpawnedServer | undefined;
    try {
      first = await spawnServer({ TAGTEAM_DATA_DIR: dataDir });
      const second = await serve({ TAGTEAM_DATA_DIR: dataDir, PORT: "0" });
      expect(second.code).toBe(1);
      expect(second.output).toContain(
        `the data directory ${dataDir} is in use by another tagteam (process ${first.child.pid}`,
      );
      expect(second.output).not.toMatch(/at \S+ \(/); // no stack trace
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      first?.child.kill("SIGTERM");
      await first?.exited;
    }
  }, 60_000);

  it("on a port already taken: one line naming it, and no first admin created", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = join(root, "fresh");
    try {
      const result = await serve({
        TAGTEAM_DATA_DIR: dataDir,
        PORT: String(port),
        TAGTEAM_HOST: "127.0.0.1",
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`127.0.0.1:${port} is already in use`);
      expect(result.output).not.toContain("First admin created");
      expect(result.output).not.toContain("the store is closed");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    // The directory was freed, and holds no admin: the next start creates one and prints it.
    const store = await openStore({ dataDir, pgliteThread: "main" });
    try {
      expect(await store.query("SELECT count(*)::int AS n FROM people")).toEqual([{ n: 0 }]);
    } finally {
      await store.close();
    }
  }, 60_000);
});

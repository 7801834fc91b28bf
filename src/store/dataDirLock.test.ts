// One process per PGlite data directory: a second claim names the holder and opens nothing; a lock
// left by a process that is gone is taken over; closing the store frees the directory.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATA_DIR_LOCK_FILE, lockDataDir } from "./dataDirLock.ts";
import { StoreError } from "./errors.ts";
import { migrate } from "./migrate.ts";
import { openStore } from "./openStore.ts";
import { restorePGliteDataDir } from "./pgliteStore.ts";

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "tagteam-lock-")), "data");
});
afterEach(async () => {
  await rm(join(dir, ".."), { recursive: true, force: true });
});

const refusal = async (promise: Promise<unknown>): Promise<StoreError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
};

describe("the data directory lock", () => {
  it("refuses a second claim while the first holds, naming the holder; frees it on release", async () => {
    const first = await lockDataDir(dir);
    const error = await refusal(lockDataDir(dir));
    expect(error.code).toBe("DATA_DIR_IN_USE");
    expect(error.message).toContain(`process ${process.pid}`);
    expect(error.message).toContain("--data-dir");
    await first.release();
    const again = await lockDataDir(dir);
    await again.release();
  });

  it("takes over a lock left by a process that no longer runs, and a file it cannot read", async () => {
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const deadPid = Number(gone.stdout.toString());
    const path = join(dir, DATA_DIR_LOCK_FILE);
    await lockDataDir(dir).then((l) => l.release());
    await writeFile(path, JSON.stringify({ pid: deadPid, host: hostname(), since: "2026-01-01T00:00:00Z" }));
    const taken = await lockDataDir(dir);
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ pid: process.pid });
    await taken.release();
    await writeFile(path, "not json");
    await (await lockDataDir(dir)).release();
  });

  it("refuses a lock held on another machine (it cannot tell whether that process runs)", async () => {
    await lockDataDir(dir).then((l) => l.release());
    await writeFile(
      join(dir, DATA_DIR_LOCK_FILE),
      JSON.stringify({ pid: 1234, host: `not-${hostname()}`, since: "2026-01-01T00:00:00Z" }),
    );
    const error = await refusal(lockDataDir(dir));
    expect(error.message).toContain(`on not-${hostname()}`);
  });

  it("a second store on an open PGlite directory is refused and the first keeps working; closing frees it", async () => {
    const store = await openStore({ dataDir: dir, pgliteThread: "main" });
    try {
      expect((await refusal(openStore({ dataDir: dir, pgliteThread: "main" }))).code).toBe("DATA_DIR_IN_USE");
      expect(await store.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
    }
    const reopened = await openStore({ dataDir: dir, pgliteThread: "main" });
    await reopened.close();
  });

  it("a backup taken from a running server restores to a directory nobody holds", async () => {
    const store = await openStore({ dataDir: dir, pgliteThread: "main" });
    try {
      await migrate(store);
      const tarball = await store.dumpDataDir?.();
      if (tarball === undefined) throw new Error("PGlite dumps its data directory");
      const copy = join(dir, "..", "restored");
      await restorePGliteDataDir(tarball, copy);
      const restored = await openStore({ dataDir: copy, pgliteThread: "main" });
      await restored.close();
    } finally {
      await store.close();
    }
  });
});

import { mkdir, open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { StoreError } from "./errors.ts";

/** The file in a PGlite data directory naming the process that has it open (PostgreSQL's postmaster.pid, in spirit). */
export const DATA_DIR_LOCK_FILE = "tagteam.pid";

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function readHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid === "number" && typeof value.host === "string" && typeof value.since === "string") {
      return { pid: value.pid, host: value.host, since: value.since };
    }
  } catch {
    // A half-written or foreign file: nobody we can name holds it.
  }
  return null;
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Claims a PGlite data directory for this process, so a second tagteam started on the same
 * directory stops with a clear error instead of opening the same database files: two processes
 * writing one PGlite directory corrupt it (PGlite, unlike a PostgreSQL server, has no lock of its
 * own). A lock left by a process that no longer runs is taken over. Creates the directory.
 */
export async function lockDataDir(dir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, DATA_DIR_LOCK_FILE);
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // "wx": created only if absent, atomically, so two starting processes cannot both succeed.
      const file = await open(path, "wx");
      try {
        await file.writeFile(mine);
        await file.sync();
      } finally {
        await file.close();
      }
      return {
        release: async () => {
          // Only our own claim: never remove a lock another process has taken over since.
          const now = await readFile(path, "utf8").catch(() => null);
          if (now === mine) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(await readFile(path, "utf8").catch(() => ""));
    if (holder !== null && (holder.host !== hostname() || isRunning(holder.pid))) {
      const where =
        holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.host}`;
      throw new StoreError(
        "DATA_DIR_IN_USE",
        `the data directory ${dir} is in use by another tagteam (${where}, since ${holder.since}). ` +
          `Stop it first, or start this one with another data directory (--data-dir or TAGTEAM_DATA_DIR). ` +
          `If no tagteam uses it, delete ${path}.`,
        { dataDir: dir, pid: holder.pid, host: holder.host },
      );
    }
    // Left behind by a process that is gone (a crash, kill -9): take it over.
    await unlink(path).catch(() => undefined);
  }
  throw new StoreError(
    "DATA_DIR_IN_USE",
    `could not claim the data directory ${dir}: ${path} keeps reappearing`,
  );
}

/*
 * Something costly that every test file of a run may start from, made once per run: the first
 * file to ask makes it (under a lock, in the run's directory from globalSetup.ts) and every file,
 * the first too, gets the same finished directory to copy from. Files asking meanwhile wait for
 * it. A maker that fails releases the lock and the next file to ask tries again; a maker whose
 * process died is noticed by its process id.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { inject } from "vitest";

let ownDir: string | null = null;

/** The run's templates directory (a directory of this process's own outside `vitest run`'s global setup). */
function templatesDir(): string {
  const shared = inject("runTemplatesDir") as string | undefined;
  if (shared !== undefined && existsSync(shared)) return shared;
  if (ownDir === null) {
    const dir = mkdtempSync(join(tmpdir(), "tagteam-file-templates-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    ownDir = dir;
  }
  return ownDir;
}

function holderIsGone(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, "pid"), "utf8"));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOENT: the lock was taken and its pid file is not written yet, or it was just released.
    return code === "ESRCH";
  }
}

/**
 * The directory of the run's template `name`, made by `make(dir)` (into an empty directory of its
 * own) the first time any file of the run asks. Copy from it; never write to it.
 */
export async function runTemplate(name: string, make: (dir: string) => Promise<void>): Promise<string> {
  const root = templatesDir();
  const done = join(root, name);
  const lock = join(root, `${name}.lock`);
  for (;;) {
    if (existsSync(done)) return done;
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (!mine) {
      if (holderIsGone(lock)) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
      continue;
    }
    try {
      writeFileSync(join(lock, "pid"), String(process.pid));
      if (existsSync(done)) return done;
      const partial = join(root, `${name}.${randomUUID()}.partial`);
      mkdirSync(partial);
      try {
        await make(partial);
        renameSync(partial, done);
      } catch (error) {
        rmSync(partial, { recursive: true, force: true });
        throw error;
      }
      return done;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

// Where the shared datasets live: `../shared/datasets` relative to the repository root, never a
// fixed absolute path, so CI (which checks the repository out beside `shared/`) finds the same files.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The shared datasets folder, resolved from the repository root. */
export const DATASETS_DIR = path.resolve(REPO_ROOT, "../shared/datasets");

/** The absolute path of one dataset's folder (it may not exist; see `hasDataset`). */
export function resolveDatasetPath(name: string, ...rest: string[]): string {
  return path.join(DATASETS_DIR, name, ...rest);
}

/** Whether a dataset folder is present (tests skip with a message when it is not). */
export function hasDataset(name: string): boolean {
  return existsSync(resolveDatasetPath(name));
}

/** Throws a clear error naming the missing dataset folder; call before reading it. */
export function requireDataset(name: string): string {
  const dir = resolveDatasetPath(name);
  if (!existsSync(dir)) {
    throw new Error(`dataset "${name}" not found at ${dir} (expected ../shared/datasets beside the repo)`);
  }
  return dir;
}

/** The message a test prints when it skips for want of a dataset. */
export function describeMissingDataset(name: string): string {
  return `skipped: dataset "${name}" is absent (looked in ${resolveDatasetPath(name)})`;
}

/*
 * Once per `vitest run`: a temporary directory that the run's test files share for what is costly
 * to make and the same for every file (the demo workspace, test/server/demoWorkspace.ts). The
 * first file that needs such a thing makes it there and the others copy it; the directory goes
 * when the run ends. Nothing is made here, so a run that needs none of it pays nothing.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's shared directory for templates (see test/support/runTemplate.ts). */
    runTemplatesDir: string;
  }
}

/** A run stopped before its teardown leaves its directory: gone after half a day (no run lasts that long). */
const STALE_MS = 12 * 3_600_000;

export default function setup(project: TestProject): () => void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith("tagteam-run-templates-")) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by its own run.
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "tagteam-run-templates-"));
  project.provide("runTemplatesDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

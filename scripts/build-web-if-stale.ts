/**
 * `npm start` runs this first: builds the web app into dist/web when it is missing or older than
 * any of its sources (src/web, src/protocol, vite.config.ts, package-lock.json), so a fresh clone
 * serves a working UI without a separate build step.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const BUILT_MARKER = join(root, "dist/web/index.html");
const SOURCES = ["src/web", "src/protocol", "vite.config.ts", "package-lock.json"];
const ASSETS = join(root, "dist/web/assets");
/** How long before the previous build's end its files may have been written. */
const BUILD_WINDOW_MS = 5 * 60_000;

/** The newest modification time (ms) of a file or of any file under a directory. */
export function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)));
  return newest;
}

function main(): number {
  const builtAt = existsSync(BUILT_MARKER) ? statSync(BUILT_MARKER).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtimeMs(join(root, s))));
  if (builtAt > sourcesAt) {
    console.log("web app: dist/web is up to date");
    return 0;
  }
  console.log(
    builtAt === 0 ? "web app: building dist/web…" : "web app: sources changed, rebuilding dist/web…",
  );
  // The previous build's files stay: a tab opened on it fetches each page's code when the page
  // opens (src/web/app/App.tsx), so removing them would break its next page. Older ones go.
  const result = spawnSync(
    process.execPath,
    [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn", "--emptyOutDir", "false"],
    {
      cwd: root,
      stdio: "inherit",
      // Vite builds for whatever NODE_ENV says, and vitest sets it to "test": the end-to-end tests'
      // build shipped React's development build (twice the size, and slower).
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status === 0 && builtAt > 0) removeAssetsOlderThan(builtAt - BUILD_WINDOW_MS);
  return result.status ?? 1;
}

/** Removes the files in dist/web/assets last written before `cutoffMs` (by a build before the previous one). */
function removeAssetsOlderThan(cutoffMs: number): void {
  if (!existsSync(ASSETS)) return;
  for (const name of readdirSync(ASSETS)) {
    const file = join(ASSETS, name);
    if (statSync(file).mtimeMs < cutoffMs) rmSync(file, { force: true });
  }
}

process.exitCode = main();

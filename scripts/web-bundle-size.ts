/**
 * What a browser fetches before the staff app can start: the scripts index.html loads and
 * preloads (and its stylesheets), raw and gzip-compressed, and the same for the chat widget.
 *
 *   npx tsx scripts/web-bundle-size.ts [dist/web]
 *
 * The page the app opens then fetches its own chunk (src/web/app/App.tsx); that is not counted.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export interface FirstLoad {
  files: { path: string; raw: number; gzip: number }[];
  js: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
}

/** The files an HTML page of the build loads at once: module scripts, module preloads, stylesheets. */
export function firstLoad(webDir: string, page = "index.html"): FirstLoad {
  const html = readFileSync(join(webDir, page), "utf8");
  const paths = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) paths.add(m[1] ?? "");
  for (const m of html.matchAll(/<link[^>]*\srel="(?:modulepreload|stylesheet)"[^>]*\shref="([^"]+)"/g))
    paths.add(m[1] ?? "");
  const files = [...paths]
    .filter((p) => p.startsWith("/"))
    .map((path) => {
      const body = readFileSync(join(webDir, path));
      return { path, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
  const sum = (ext: string) =>
    files
      .filter((f) => f.path.endsWith(ext))
      .reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, js: sum(".js"), css: sum(".css") };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const webDir = resolve(process.argv[2] ?? "dist/web");
  for (const page of ["index.html", "widget.html"]) {
    const load = firstLoad(webDir, page);
    console.log(`${page}:`);
    for (const f of load.files)
      console.log(`  ${f.path.padEnd(44)} ${kB(f.raw).padStart(10)} ${kB(f.gzip).padStart(10)} gzip`);
    console.log(
      `  ${"JavaScript".padEnd(44)} ${kB(load.js.raw).padStart(10)} ${kB(load.js.gzip).padStart(10)} gzip`,
    );
    console.log(
      `  ${"CSS".padEnd(44)} ${kB(load.css.raw).padStart(10)} ${kB(load.css.gzip).padStart(10)} gzip`,
    );
  }
}

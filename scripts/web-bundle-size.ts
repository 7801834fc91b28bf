/**
 * What a browser fetches before the staff app can start: the scripts index.html loads and
 * preloads (and its stylesheets), raw, gzip- and Brotli-compressed (the build writes both beside
 * each file and the server sends the one the browser accepts), and the same for the chat widget.
 *
 *   npx tsx scripts/web-bundle-size.ts [dist/web]
 *
 * The page the app opens then fetches its own chunk (src/web/app/App.tsx); that is not counted.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

interface Size {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface FirstLoad {
  files: ({ path: string } & Size)[];
  js: Size;
  css: Size;
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
      const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
      return { path, raw: body.length, gzip: gzipSync(body, { level: 9 }).length, brotli: brotli.length };
    });
  const sum = (ext: string) =>
    files
      .filter((f) => f.path.endsWith(ext))
      .reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip, brotli: a.brotli + f.brotli }), {
        raw: 0,
        gzip: 0,
        brotli: 0,
      });
  return { files, js: sum(".js"), css: sum(".css") };
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const webDir = resolve(process.argv[2] ?? "dist/web");
  const row = (name: string, size: Size) =>
    `  ${name.padEnd(44)} ${kB(size.raw).padStart(9)} ${kB(size.gzip).padStart(9)} ${kB(size.brotli).padStart(9)}`;
  for (const page of ["index.html", "widget.html"]) {
    const load = firstLoad(webDir, page);
    console.log(`${page}:${" ".repeat(46 - page.length)}      raw      gzip    brotli`);
    for (const f of load.files) console.log(row(f.path, f));
    console.log(row("JavaScript", load.js));
    console.log(row("CSS", load.css));
  }
}

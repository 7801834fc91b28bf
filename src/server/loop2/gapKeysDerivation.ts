// Which derivation wrote a knowledge gap's stored keys (its topic and question key): a fingerprint
// of the code that derives them, the modules gapTopic.ts and questionKey.ts and every module they
// import (their word lists included), followed import by import. A change to any of it gives
// another fingerprint, and the gaps stored with the old one are derived again at the next start
// (gapKeys.ts), with no number to remember to bump. The code is fingerprinted as it runs (compiled
// by esbuild, as tsx runs it): a comment, a type or the formatting changes nothing a key is made
// of, so editing one keys no gap again. Why the code rather than a test of the keys of some sample
// questions: docs/ARCHITECTURE.md, "Knowledge gaps' keys".
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

const ENGINE = fileURLToPath(new URL("../../engine/", import.meta.url));

/** The modules whose exports derive a gap's stored keys, from the engine's folder. */
export const GAP_KEY_MODULES: readonly string[] = ["knowledge/gapTopic.ts", "knowledge/questionKey.ts"];

/**
 * Relative modules a source imports for their values: `import … from "./x.ts"`, `export … from`,
 * `import "./x.ts"`; not `import type` / `export type`, which leave nothing in the running code.
 */
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']/gm;

/**
 * The sources of `roots` and of every relative module they import, transitively, by path relative
 * to `base` (so the fingerprint is the same in every checkout). `read` reads a file.
 */
export function sourceClosure(
  base: string,
  roots: readonly string[],
  read: (path: string) => string = (path) => readFileSync(path, "utf8"),
): Map<string, string> {
  const out = new Map<string, string>();
  const todo = roots.map((r) => resolve(base, r));
  for (let path = todo.pop(); path !== undefined; path = todo.pop()) {
    const name = relative(base, path).split("\\").join("/");
    if (out.has(name)) continue;
    const source = read(path);
    out.set(name, source);
    for (const m of source.matchAll(IMPORT)) if (m[1] !== undefined) todo.push(resolve(dirname(path), m[1]));
  }
  return out;
}

/**
 * A TypeScript source as it runs: compiled by esbuild, without its comments (legal ones too), its
 * types or its own layout.
 */
export function runningCode(source: string): string {
  return transformSync(source, { loader: "ts", legalComments: "none", minifyWhitespace: true }).code;
}

/**
 * The fingerprint of some sources: sha-256 of each path and its running code, in path order (16
 * hex digits). Two sources that differ only in comments, types or formatting have the same.
 */
export function fingerprintOf(sources: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const name of [...sources.keys()].sort())
    hash.update(`${name}\0${runningCode(sources.get(name) ?? "")}\0`);
  return hash.digest("hex").slice(0, 16);
}

let derivation: string | null = null;

/** This code's derivation of gaps' stored keys (read once; the sources do not change while it runs). */
export function gapKeysDerivation(): string {
  derivation ??= fingerprintOf(sourceClosure(ENGINE, GAP_KEY_MODULES));
  return derivation;
}

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Replaces (or appends) one "## heading" section of docs/BENCHMARKS.md, re-reading the file
 * first: each benchmark owns its own sections and leaves the others as they are.
 */
export function writeBenchmarkSection(heading: string, section: readonly string[]): void {
  const file = fileURLToPath(new URL("../docs/BENCHMARKS.md", import.meta.url));
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = current.indexOf(`\n${heading}\n`);
  let before = current;
  let after = "";
  if (start >= 0) {
    before = current.slice(0, start + 1);
    const next = current.indexOf("\n## ", start + heading.length + 1);
    after = next >= 0 ? current.slice(next + 1) : "";
  } else before = `${current.trimEnd()}\n\n`;
  writeFileSync(file, `${before}${section.join("\n")}\n${after}`);
  process.stdout.write(`wrote docs/BENCHMARKS.md (${heading.replace(/^#+\s*/, "")} section)\n`);
}

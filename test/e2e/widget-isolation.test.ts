import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../src/web");
const IMPORT = /^\s*import\s+(?:type\s+)?(?:[^"']*?from\s+)?["']([^"']+)["']/gm;

/** Every local module reachable from an entry by value imports (type-only imports ship nothing). */
function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!/\.tsx?$/.test(file)) return;
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(IMPORT)) {
      const spec = m[1] ?? "";
      if (!spec.startsWith(".")) continue;
      if (/^\s*import\s+type\s/.test(m[0])) continue;
      visit(resolve(dirname(file), spec));
    }
  };
  visit(entry);
  return seen;
}

describe("customer chat widget bundle", () => {
  it("reaches only the widget's own files, the stylesheet and the customer chat protocol — nothing internal", () => {
    const files = [...reachableFrom(resolve(webRoot, "features/widget/widgetMain.tsx"))]
      .map((f) => relative(webRoot, f))
      .sort();
    expect(files).toEqual([
      "features/widget/ChatWidget.tsx",
      "features/widget/chatApi.ts",
      "features/widget/chatHttp.ts",
      "features/widget/widget.css",
      "features/widget/widgetMain.tsx",
      // Keeps the keyboard's place while a button is busy (27b6b8c); it imports nothing.
      "ui/keepFocusThroughBusy.ts",
      "ui/theme.css",
    ]);
  });
});

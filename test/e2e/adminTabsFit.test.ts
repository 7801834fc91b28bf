/**
 * Admin's section tabs on a 1280 px laptop, in chromium: all on one row. They wrapped, leaving
 * "Backup" alone on a second row under the others. The shell's own CSS and markup (sidebar beside
 * the page), with the tabs the Admin page shows; no server is needed to lay them out.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADMIN_TABS } from "../../src/web/features/admin/AdminPage.tsx";
import { hasChromium } from "./fixture.ts";
import { REPO_ROOT, launchBrowser } from "./harness.ts";

const css = readFileSync(join(REPO_ROOT, "src/web/ui/theme.css"), "utf8");
const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const html = `<!doctype html><html><head><style>${css}</style></head><body><div id="root">
  <div class="shell"><nav class="sidebar" aria-label="Main"></nav>
    <main class="main" id="main"><div class="page-header"><h1>Admin</h1></div>
      <div class="tabs" role="tablist" aria-label="Admin sections">
        ${ADMIN_TABS.map((t, i) => `<button type="button" role="tab" aria-selected="${i === 0}">${escape(t.label)}</button>`).join("")}
      </div>
      <div style="height: 2000px"></div>
    </main>
  </div></div></body></html>`;

/** The rows the tabs take: each row's labels, top to bottom. */
async function rowsAt(width: number): Promise<string[][]> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.setContent(html);
    return await page.locator('[role="tab"]').evaluateAll((tabs) => {
      const rows = new Map<number, string[]>();
      for (const tab of tabs) {
        const top = Math.round(tab.getBoundingClientRect().top);
        rows.set(top, [...(rows.get(top) ?? []), tab.textContent ?? ""]);
      }
      return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, labels]) => labels);
    });
  } finally {
    await browser.close();
  }
}

describe.skipIf(!hasChromium)("Admin's tabs on a laptop, in chromium", () => {
  it("fit on one row at 1280 px, Backup beside the rest", async () => {
    const rows = await rowsAt(1280);
    expect(rows).toEqual([ADMIN_TABS.map((t) => t.label)]);
  }, 60_000);
});

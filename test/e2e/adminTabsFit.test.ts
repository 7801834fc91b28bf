/**
 * Admin's section tabs on a 1280 px laptop, in chromium: all on one row. They wrapped, leaving
 * "Backup" alone on a second row under the others. Narrower (1100 px, a laptop zoomed in) they
 * stay on one row and the row scrolls sideways inside itself: it wrapped onto two rows, with the
 * chosen tab's underline drawn across the middle of the block. The shell's own CSS and markup
 * (sidebar beside the page), with the tabs the Admin page shows; no server is needed to lay them out.
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
        ${ADMIN_TABS.map((t, i) => `<button type="button" role="tab" aria-selected="${i === ADMIN_TABS.length - 1}">${escape(t.label)}</button>`).join("")}
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

/** How the tab row sits in the page at `width`: the tabs' rows, and how it scrolls. */
async function rowAt(width: number) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.setContent(html);
    const list = page.getByRole("tablist", { name: "Admin sections" });
    const before = await list.evaluate((el) => ({
      tops: [...new Set([...el.children].map((t) => Math.round(t.getBoundingClientRect().top)))].length,
      sideways: el.scrollWidth > el.clientWidth,
      upAndDown: el.scrollHeight - el.clientHeight,
      pageSideways: document.documentElement.scrollWidth - window.innerWidth,
    }));
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await page.screenshot({
        path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/admin-tabs-${width}-start.png`,
        clip: { x: 0, y: 0, width, height: 160 },
      });
    // The last tab, scrolled to as a keyboard's End or a link to /admin/backup does: whole, inside the row.
    const last = await page.getByRole("tab", { name: "Backup" }).evaluate((tab) => {
      tab.scrollIntoView({ block: "nearest", inline: "nearest" });
      const row = (tab.parentElement as HTMLElement).getBoundingClientRect();
      const r = tab.getBoundingClientRect();
      return r.left >= row.left - 0.5 && r.right <= row.right + 0.5;
    });
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await page.screenshot({
        path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/admin-tabs-${width}.png`,
        clip: { x: 0, y: 0, width, height: 160 },
      });
    return { ...before, lastWhole: last };
  } finally {
    await browser.close();
  }
}

describe.skipIf(!hasChromium)("Admin's tabs on a laptop, in chromium", () => {
  it("fit on one row at 1280 px, Backup beside the rest", async () => {
    const rows = await rowsAt(1280);
    expect(rows).toEqual([ADMIN_TABS.map((t) => t.label)]);
  }, 60_000);

  it("stay on one row at 1100 px and scroll sideways inside it, the page itself not", async () => {
    const row = await rowAt(1100);
    expect(row).toEqual({ tops: 1, sideways: true, upAndDown: 0, pageSideways: 0, lastWhole: true });
  }, 60_000);
});

/**
 * The web app's first load and its pages' chunks, on the real build and server: what index.html
 * loads carries the shell (no page, no chart library) within a budget; a page's code arrives when
 * it opens, by the navigation or by a link opened afresh, compressed by the build and with the
 * hashed files cached for a year; and a page whose code cannot be fetched says so and offers a
 * reload, while the others still open.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { firstLoad } from "../../scripts/web-bundle-size.ts";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { REPO_ROOT, ensureWebBuilt } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const WEB_DIR = join(REPO_ROOT, "dist/web");
/** The staff app's first-load JavaScript, gzip-compressed (130 kB when this was written). */
const FIRST_LOAD_GZIP_BUDGET = 150_000;
/** Chunks that belong to one page or to a library only some pages use. */
const PAGE_CHUNK = /\/(\w+Page|uplot|papaparse)-[\w-]+\.js$/;

describe("the web app's first load", () => {
  beforeAll(async () => {
    await ensureWebBuilt();
  }, 120_000);

  it("carries the shell and its libraries only, within the budget", () => {
    const app = firstLoad(WEB_DIR, "index.html");
    expect(app.files.map((f) => f.path).filter((p) => PAGE_CHUNK.test(p))).toEqual([]);
    expect(app.files.some((f) => /\/react-[\w-]+\.js$/.test(f.path))).toBe(true);
    expect(app.js.gzip, `first-load JavaScript: ${app.js.gzip} bytes gzip`).toBeLessThan(
      FIRST_LOAD_GZIP_BUDGET,
    );
    // The customer chat shares React and nothing of the staff app's.
    const widget = firstLoad(WEB_DIR, "widget.html");
    expect(widget.files.map((f) => f.path).filter((p) => /\/(app|zod|tanstack-query)-/.test(p))).toEqual([]);
  });
});

describe.skipIf(!hasChromium)("the pages' code, loaded when they open, in chromium", () => {
  const e2e = useChromiumWorkspace({});

  it("Numbers fetches the chart library when it opens, and a reload of /numbers opens it again", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    const fetched: { url: string; cacheControl?: string; encoding?: string }[] = [];
    page.on("response", (r) => {
      const headers = r.headers();
      fetched.push({
        url: r.url(),
        cacheControl: headers["cache-control"],
        encoding: headers["content-encoding"],
      });
    });
    await page.getByRole("heading", { level: 1, name: "The floor" }).waitFor();
    expect(fetched.filter((f) => /\/uplot-/.test(f.url))).toEqual([]);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers" }).click();
    await page.getByRole("heading", { level: 1, name: "Numbers" }).waitFor();
    const chunks = fetched.filter((f) => /\/(NumbersPage|uplot)-[\w-]+\.js$/.test(f.url));
    expect(chunks.length).toBe(2);
    for (const c of chunks) {
      expect(c.cacheControl).toBe("public, max-age=31536000, immutable");
      // The build's compressed copy: Brotli (chromium asks for it on localhost and HTTPS), or gzip.
      expect(c.encoding).toMatch(/^(br|gzip)$/);
    }

    // The address opened afresh (a reload, a bookmark, a link in a message).
    fetched.length = 0;
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Numbers" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/numbers");
    expect(fetched.find((f) => new URL(f.url).pathname === "/numbers")?.cacheControl).toBe("no-cache");
    await context.close();
  }, 60_000);

  it("a page whose code cannot be fetched says so and offers a reload; other pages still open", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.getByRole("heading", { level: 1, name: "My console" }).waitFor();
    // As if the connection dropped, or an update removed the file this tab was built with.
    await page.route(/\/assets\/JournalPage-[\w-]+\.js$/, (route) => route.abort("internetdisconnected"));
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Journal" }).click();
    const notice = page.getByRole("alert").filter({ hasText: "This page didn’t load" });
    await notice.waitFor();
    expect(await notice.getByRole("button", { name: "Reload" }).isVisible()).toBe(true);
    // The navigation stays, and another page opens as usual.
    await nav.getByRole("link", { name: "Feedback" }).click();
    await page.getByRole("heading", { level: 1, name: "Feedback" }).waitFor();
    expect(await notice.count()).toBe(0);
    // The reload fetches the page's code again.
    await page.unroute(/\/assets\/JournalPage-[\w-]+\.js$/);
    await nav.getByRole("link", { name: "Journal" }).click();
    await notice.getByRole("button", { name: "Reload" }).click();
    await page.getByRole("heading", { level: 1, name: "Journal" }).waitFor();
    await context.close();
  }, 60_000);
});

/**
 * On a laptop, the offline banner (stuck to the top of the window while the page scrolls) no longer
 * covers the top of the sidebar: the sidebar, sticky too, starts below it while it shows, so its
 * mark and first links stay in view. On a phone and a laptop zoomed to 200 % it is one line too (it
 * wrapped onto three at 320 px and kept them over the scrolled page), and a screen reader still
 * hears all of it.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

describe.skipIf(!hasChromium)("the offline banner and the sidebar, in chromium", () => {
  const e2e = useChromiumWorkspace({ seed: false });

  it("keeps the sidebar's top in view below the banner on a scrolled page", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    // A short window, so the admin's people page scrolls.
    await page.setViewportSize({ width: 1366, height: 360 });
    await page.goto("/admin/people");
    await page.getByRole("form", { name: "Add a person" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.setOffline(true);
    const banner = page.getByText(/You are offline/);
    await banner.waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.mouse.wheel(0, 2000);
    await expect
      .poll(() => page.evaluate(() => window.scrollY), { timeout: STEP_TIMEOUT_MS })
      .toBeGreaterThan(40);
    const bar = await banner.boundingBox();
    const sidebar = await page.getByRole("navigation", { name: "Main" }).boundingBox();
    expect(bar).not.toBeNull();
    expect(sidebar?.y ?? 0).toBeGreaterThanOrEqual((bar?.y ?? 0) + (bar?.height ?? 0) - 1);
    await context.close();
  }, 90_000);

  it("is one line on a phone and at 200 % zoom, its whole sentence still read out", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/people");
    await page.getByRole("form", { name: "Add a person" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.setOffline(true);
    const banner = page.getByRole("status").filter({ hasText: "You are offline" });
    await banner.waitFor({ timeout: STEP_TIMEOUT_MS });
    for (const size of [
      { width: 320, height: 640 },
      { width: 390, height: 844 },
      { width: 683, height: 384 },
      { width: 820, height: 1180 },
    ]) {
      await page.setViewportSize(size);
      const box = await banner.boundingBox();
      expect(box?.height, `the banner's height at ${size.width} px`).toBeLessThanOrEqual(40);
      // Its first sentence shows whole, not cut short.
      const line = page.locator(".offline-line");
      expect(await line.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await banner.ariaSnapshot()).toContain(
        "You are offline — reconnecting. Live updates will resume and nothing will be missed.",
      );
    }
    await context.close();
  }, 90_000);
});

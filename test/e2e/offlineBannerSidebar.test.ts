/**
 * On a laptop, the offline banner (stuck to the top of the window while the page scrolls) no longer
 * covers the top of the sidebar: the sidebar, sticky too, starts below it while it shows, so its
 * mark and first links stay in view.
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
});

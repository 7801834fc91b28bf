/**
 * A mistyped address, in chromium against the real server: the page says no page is there, naming
 * the address, with a link to the person's start page, and no page of the navigation lit. It
 * landed quietly on the start page.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("A mistyped address, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("says the page is not found and leads an agent to their console", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/no-such-page");
    const alert = page.getByRole("alert");
    await alert
      .getByRole("heading", { level: 1, name: "Page not found" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await alert.innerText()).toContain("/no-such-page");
    expect(new URL(page.url()).pathname).toBe("/no-such-page");
    // Its own name in the tab's title.
    expect(await page.title()).toMatch(/^(\(\d+\) )?Page not found · tagteam$/);
    await alert.getByRole("link", { name: "Go to your console" }).click();
    await page.waitForURL(/\/console$/, { timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => page.title(), { timeout: STEP_TIMEOUT_MS }).toMatch(/My console · tagteam$/);
    // An old link under a page's address, followed within the app: not that page's name either.
    await page.evaluate(() => {
      history.pushState(null, "", "/console/old/link");
      dispatchEvent(new PopStateEvent("popstate"));
    });
    await alert
      .getByRole("heading", { level: 1, name: "Page not found" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => page.title(), { timeout: STEP_TIMEOUT_MS }).toMatch(/Page not found · tagteam$/);
    // Nor is that page lit in the navigation: a page not found is no page of it ("My console" was).
    const lit = page.getByRole("navigation", { name: "Main" }).locator('[aria-current="page"]');
    expect(await lit.count()).toBe(0);
    await context.close();
  }, 90_000);
});

/**
 * The laptop sidebar's foot (your name, your availability, Sign out) on a 1366 × 768 laptop, in
 * chromium, for a lead and an admin, whose navigation is the longest: the whole sidebar fits the
 * screen. Each line of the foot had its own row and the foot ran 54 px below the screen: Sign out
 * and the availability menu were found only by scrolling the sidebar itself. On a phone the same
 * controls are in the opened menu.
 */
import { describe, expect, it } from "vitest";
import { VIEWPORTS, inFirstScreen, signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("the sidebar's foot on a laptop, in chromium", () => {
  const e2e = useChromiumWorkspace({});

  for (const who of [
    { role: "a lead", email: PEOPLE.lead.email, password: PASSWORD, last: "Numbers" },
    { role: "an admin", email: ADMIN.email, password: ADMIN.password, last: "Numbers" },
  ]) {
    it(`shows ${who.role} Sign out, their availability and every link without scrolling at 1366 × 768`, async () => {
      const { context, page } = await signInPage(e2e.browser, e2e.server.url, who.email, who.password);
      const height = VIEWPORTS.laptop.height;
      expect(height).toBe(768);
      await page.goto("/floor");
      const nav = page.getByRole("navigation", { name: "Main" });
      const signOut = nav.getByRole("button", { name: "Sign out" });
      await signOut.waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(inFirstScreen(await signOut.boundingBox(), height)).toBe(true);
      expect(inFirstScreen(await nav.getByLabel("My availability").boundingBox(), height)).toBe(true);
      expect(inFirstScreen(await nav.getByRole("link", { name: who.last }).boundingBox(), height)).toBe(true);
      // Nothing hidden below: the sidebar has nothing to scroll.
      const sidebar = await page.evaluate(() => {
        const s = document.querySelector("nav.sidebar");
        return s === null ? null : { scroll: s.scrollHeight, client: s.clientHeight };
      });
      expect(sidebar).not.toBeNull();
      expect(sidebar!.scroll).toBeLessThanOrEqual(sidebar!.client);
      await context.close();
    }, 120_000);
  }

  it("keeps Sign out and the availability menu in the phone's opened menu", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/floor");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("button", { name: "Menu" }).click();
    expect(await nav.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    expect(await nav.getByLabel("My availability").isVisible()).toBe(true);
    // Within the phone's width: nothing pushed off its right edge.
    const box = await nav.getByRole("button", { name: "Sign out" }).boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    await context.close();
  }, 120_000);
});

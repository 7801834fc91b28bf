/**
 * Admin at 1100 px (a laptop zoomed in), in the real app: the tab row scrolls sideways, and a link
 * to a tab past its end (/admin/backup) opens with that tab in sight, chosen, and the page beneath.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

describe.skipIf(!hasChromium)("Admin's tab row at 1100 px, in chromium", () => {
  const e2e = useChromiumWorkspace({ helpdesk: false });

  it("opens /admin/backup with the Backup tab scrolled into the row", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, ADMIN.email, ADMIN.password);
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.goto("/admin/backup");
    const tab = page.getByRole("tab", { name: "Backup" });
    await tab.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await tab.getAttribute("aria-selected")).toBe("true");
    await expect
      .poll(
        () =>
          tab.evaluate((el) => {
            const row = (el.parentElement as HTMLElement).getBoundingClientRect();
            const r = el.getBoundingClientRect();
            return r.left >= row.left - 0.5 && r.right <= row.right + 0.5;
          }),
        { timeout: STEP_TIMEOUT_MS },
      )
      .toBe(true);
    const list = page.getByRole("tablist", { name: "Admin sections" });
    expect(await list.evaluate((el) => el.scrollLeft > 0 && el.scrollHeight === el.clientHeight)).toBe(true);
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/admin-backup-1100.png` });

    // The arrow keys walk back along the row, each tab they reach in sight.
    await tab.focus();
    await page.keyboard.press("Home");
    const people = page.getByRole("tab", { name: "People" });
    await expect.poll(() => people.getAttribute("aria-selected"), { timeout: STEP_TIMEOUT_MS }).toBe("true");
    expect(await list.evaluate((el) => el.scrollLeft)).toBe(0);
    await context.close();
  }, 120_000);
});

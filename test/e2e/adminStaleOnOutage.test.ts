/**
 * Admin's forms while the server cannot be reached (a restart, a laptop waking): a refresh that
 * failed replaced the escalation protocol, engine thresholds and retention forms with 'Cannot reach
 * the server' (or put it above People and the audit log), with an edit half-made in them. They now
 * keep what they show under the offline banner, like every other page (loadFailed).
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, refreshWhileUnreachable, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

describe.skipIf(!hasChromium)("Admin's forms while the server cannot be reached, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("keeps People, the protocol, the thresholds, retention and the audit log on screen", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password, "laptop", {
      clock: true,
    });
    const unreachable = page.getByText("Cannot reach the server");
    const stays = async (tab: string, shown: (p: Page) => Locator, edit?: (l: Locator) => Promise<void>) => {
      await page.unroute("**/api/v1/**");
      await page.goto(`/admin/${tab}`);
      await shown(page).waitFor({ timeout: STEP_TIMEOUT_MS });
      if (edit !== undefined) await edit(shown(page));
      await refreshWhileUnreachable(page);
      expect.soft(await unreachable.count(), tab).toBe(0);
      expect.soft(await shown(page).count(), tab).toBe(1);
    };

    await stays("people", (p) => p.getByRole("button", { name: "Add person" }));
    const minutes = (p: Page) => p.getByLabel("Minutes to acknowledge").first();
    await stays("protocol", minutes, (l) => l.fill("12"));
    // The edit being made is still there.
    expect.soft(await minutes(page).inputValue()).toBe("12");
    await stays("thresholds", (p) => p.getByRole("form", { name: "Alert thresholds" }));
    await stays("retention", (p) => p.getByRole("form", { name: "Retention" }));
    await stays("audit", (p) => p.getByRole("button", { name: "Refresh", exact: true }));

    await page.unroute("**/api/v1/**");
    await context.close();
  }, 120_000);
});

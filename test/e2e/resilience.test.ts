/**
 * What people see when things go wrong, in a real browser against the real server: the connection
 * drops while a lead is scrolled down a long conversation page.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("when the connection or the server goes, in chromium", () => {
  let conversationId: string;
  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(0, 1) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[0]!.customer);
    },
  });

  it("keeps the offline banner in view on a page scrolled down", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize({ width: 1366, height: 600 });
    await page.goto(`/conversations/${conversationId}`);
    await page.getByRole("group", { name: "Step in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page
      .getByText("● live")
      .or(page.getByRole("log", { name: "Transcript" }))
      .first()
      .waitFor();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);

    await context.setOffline(true);
    const banner = page.getByRole("status").filter({ hasText: "You are offline" });
    await banner.waitFor({ timeout: STEP_TIMEOUT_MS });
    const box = await banner.boundingBox();
    expect(box).not.toBeNull();
    // In the viewport, at its top: not scrolled away above it.
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(10);
    await context.setOffline(false);
    await banner.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);
});

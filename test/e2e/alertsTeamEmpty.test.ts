/**
 * A lead's Alerts page, "Whole team", with no alert open in the team, in chromium: it says so of
 * the team. It said "Nothing needs you right now", a sentence about the lead's own alerts.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("the whole team's alerts when none are open, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("speaks of the team, not of the lead", async () => {
    const { server, browser } = e2e;
    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/alerts?scope=team");
    await page.getByText("No open alerts in your teams right now.").waitFor();
    expect(await page.getByText(/Nothing needs you right now/).count()).toBe(0);
    await page.goto("/alerts");
    await page.getByText(/Nothing needs you right now/).waitFor();
  }, 60_000);
});

/**
 * A conversation opened from the Alerts page, in chromium against the real server: the navigation
 * keeps "Alerts for me" lit and the breadcrumb leads back there, also after a reload; opened by its
 * address alone, it is under "Conversations". "Conversations" was lit whichever page it came from,
 * and the breadcrumb always said "Floor".
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, STEP_TIMEOUT_MS, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD } from "./seed.ts";

describe.skipIf(!hasChromium)("a conversation opened from the alerts, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("keeps the Alerts page lit in the navigation and leads back to it", async () => {
    const { server, browser, admin } = e2e;
    const conversationId = await e2e.postChat({
      id: "opened-from-alerts-1",
      customer: "Nora Quinn",
      topic: "returns",
      lines: [
        ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ],
    });
    const { alerts } = await admin.call<{
      alerts: { conversationId: string; helperId: string | null; status: string }[];
    }>("GET", "/alerts?scope=team&status=all");
    const alert = alerts.find((a) => a.conversationId === conversationId && a.status === "raised");
    expect(alert?.helperId).toBeTruthy();
    const { people } = await admin.call<{ people: { id: string; email: string }[] }>("GET", "/people");
    const helper = people.find((p) => p.id === alert!.helperId)!;
    const { page, context } = await signInPage(browser, server.url, helper.email, PASSWORD);
    const lit = () =>
      page.getByRole("navigation", { name: "Main" }).locator('[aria-current="page"]').allInnerTexts();

    await page.goto("/alerts");
    const card = page.getByRole("article", { name: /Nora Quinn with/ });
    await card.getByRole("button", { name: "Open and help" }).click({ timeout: STEP_TIMEOUT_MS });
    await page.waitForURL(`**/conversations/${conversationId}`, { timeout: STEP_TIMEOUT_MS });
    const crumb = page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link");
    await crumb.filter({ hasText: "Alerts for me" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await lit()).toEqual(["Alerts for me"]);
    // A reload keeps the history entry, and with it the page it was opened from.
    await page.reload();
    await crumb.filter({ hasText: "Alerts for me" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await lit()).toEqual(["Alerts for me"]);
    await crumb.click();
    await page.waitForURL(/\/alerts$/, { timeout: STEP_TIMEOUT_MS });
    expect(await lit()).toEqual(["Alerts for me"]);

    // Its address typed in: the list of conversations is its place.
    await page.goto(`/conversations/${conversationId}`);
    await crumb.filter({ hasText: "Conversations" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await lit()).toEqual(["Conversations"]);
    await context.close();
  }, 90_000);
});

/**
 * A conversation opened from the Alerts page, in chromium against the real server: the navigation
 * keeps "Alerts for me" lit and the breadcrumb leads back there, also after a reload; opened by its
 * address alone, it is under "Conversations". "Conversations" was lit whichever page it came from,
 * and the breadcrumb always said "Floor".
 */
import { describe, expect, it } from "vitest";
import {
  hasChromium,
  signInAsHelperOfWrongAnswer,
  STEP_TIMEOUT_MS,
  useChromiumWorkspace,
} from "./fixture.ts";

describe.skipIf(!hasChromium)("a conversation opened from the alerts, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("keeps the Alerts page lit in the navigation and leads back to it", async () => {
    const { conversationId, page, context } = await signInAsHelperOfWrongAnswer(e2e, "opened-from-alerts-1");
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

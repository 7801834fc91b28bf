/**
 * The Knowledge page as an agent sees it before they have captured anything, in chromium against
 * the real server: it says where insights are captured, with a link there.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("an agent's empty Knowledge page, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("points to the scorecards, where 'Capture an insight' is", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/knowledge");
    const empty = page.getByText("No drafts.");
    await empty.waitFor({ timeout: STEP_TIMEOUT_MS });
    // It said "Capture one from a conversation", and the conversation page has no such button.
    expect(await empty.innerText()).toContain("Capture an insight");
    await page.getByRole("main").getByRole("link", { name: "Scorecards" }).click();
    await page
      .getByRole("heading", { level: 1, name: "Scorecards", exact: true })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);
});

/**
 * The post-shift huddle of a day with nothing to go over, in chromium against the real server: it
 * says why and what to do. It read "0 conversations this day. The top patterns, each with a
 * procedure update for a champion to write." over "No pattern showed…", promising patterns it did
 * not have and leaving the lead to guess.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("a quiet day's huddle, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("says there was nothing that day and to pick a day the team worked", async () => {
    const { server, browser } = e2e;
    const { page, context } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/huddles?date=2026-01-05");
    const wrapUp = page.getByRole("region", { name: "After the shift: huddle (15 minutes)" });
    await wrapUp
      .getByText(
        "Nothing to go over: the team had no conversations this day. Pick a day it worked (Day, above).",
      )
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const text = await wrapUp.innerText();
    expect(text).toContain("0 conversations this day.");
    expect(text).not.toContain("The top patterns");
    await context.close();
  }, 60_000);
});

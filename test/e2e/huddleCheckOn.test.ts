/**
 * The mid-shift check-in's "Check on", in chromium against the real server: the lead is told who has
 * had several hard conversations lately, and one click opens that teammate's conversations of the
 * day, to see what they are up against before checking in with them.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, SCENARIOS, postScenarios } from "./seed.ts";

/** Ten minutes before `now`, kept within its day so the conversations are that day's shift. */
function earlierThatDay(now: number): number {
  const day = new Date(now);
  const midnight = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  return Math.max(now - 10 * 60_000, midnight);
}

describe.skipIf(!hasChromium)("checking on a teammate from the huddles, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("links each teammate to check on to their conversations of the day", async () => {
    const { server, browser } = e2e;
    // The shift's day is read when the test runs, and the page keeps to it: a run that crosses
    // midnight still asks for the day the conversations are in (a past day's check-in reads its
    // last two hours).
    const now = Date.now();
    await postScenarios(server.url, e2e.ws, PEOPLE.agent.email, SCENARIOS, earlierThatDay(now));
    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.clock.setFixedTime(now);
    await lead.page.goto("/huddles");
    const checkIn = lead.page.getByRole("region", {
      name: "Mid-shift: check-in (10 minutes, pairs rotated)",
    });
    const note = checkIn.getByRole("note");
    await note.getByText(PEOPLE.agent.name).waitFor({ timeout: STEP_TIMEOUT_MS });
    await note.getByRole("link", { name: /hard conversations/ }).click();
    await lead.page.waitForURL(/\/conversations\?/, { timeout: STEP_TIMEOUT_MS });
    const url = new URL(lead.page.url());
    expect(url.searchParams.get("agentId")).toBe(e2e.ws.ids.agent);
    expect(url.searchParams.get("from")).toBe(url.searchParams.get("to"));
    // The conversations page lists the agent's conversations of that day.
    const table = lead.page.getByRole("table");
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect(table.getByRole("row").count()).resolves.toBeGreaterThan(2);
    await lead.context.close();
  }, 90_000);
});

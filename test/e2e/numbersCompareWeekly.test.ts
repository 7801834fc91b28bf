/**
 * Numbers' before/after table in chromium against the real server: conversations handled are
 * compared a week at a time. The two sides of a chosen day are rarely as long as each other; the
 * table compared their totals, so a lead who changed something late in the range read that the
 * team handled fewer conversations after it when it handled more.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

const localDate = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const DAY_MS = 86_400_000;

describe.skipIf(!hasChromium)("Numbers before and after a day, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: { only: SCENARIOS.slice(0, 2) } });

  it("compares conversations handled a week, with each side's total and length", async () => {
    const { server, browser } = e2e;
    const { page, context } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    // Two weeks shown, the change made yesterday: twelve days before it, and after it yesterday and
    // today so far (today's two conversations). Their totals read 0 → 2; a week, 0 → 2 over the
    // time since yesterday began, up to now: the rest of today has not happened yet.
    const now = Date.now();
    await page.goto(
      `/numbers?from=${localDate(now - 13 * DAY_MS)}&to=${localDate(now)}&compare=${localDate(now - DAY_MS)}`,
    );
    const table = page.getByRole("table", { name: /Before and after/ });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    const row = table.getByRole("row", { name: /^Conversations handled a week/ });
    const cells = await row.getByRole("cell").allInnerTexts();
    const [before, after, change] = cells;
    expect(before).toBe("0 (0 in 12 days)");
    const shown = /^([\d.]+) \(2 in \d+ days?(?: \d+ h)?\)$/.exec(after ?? "");
    expect(shown, after).not.toBeNull();
    const yesterday = new Date(now - DAY_MS);
    yesterday.setHours(0, 0, 0, 0);
    expect(Number(shown![1])).toBeCloseTo((2 * 7 * DAY_MS) / (now - yesterday.getTime()), 0);
    expect(change).toBe(`+${shown![1]}`);
    await context.close();
  }, 60_000);
});

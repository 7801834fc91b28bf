/**
 * The floor on a phone (390 × 844, and 320 px), in a real browser: each live conversation is a
 * card the screen's width (the customer, their state, the agent, the risk, the running time named
 * as such), the customer's name opens the conversation, and nothing scrolls sideways. As a table
 * it scrolled sideways in its panel: the customer's state cut off and the agent out of view.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("the floor on a phone, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: true });

  it("shows each conversation as a card, its customer, state, agent, risk and time in view", async () => {
    const { server, browser } = e2e;
    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    for (const { width, height } of [
      { width: 390, height: 844 },
      { width: 320, height: 640 },
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto("/floor");
      const table = page.getByRole("table", { name: "Live conversations by risk" });
      const row = table.getByRole("row").filter({ hasText: "Dana Whitfield" });
      await row.waitFor();
      // Nothing scrolls sideways: not the page, nor the table in its panel (no scrolling region).
      expect(await page.getByRole("region", { name: "Live conversations by risk" }).count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      await row.scrollIntoViewIfNeeded();
      const cells = await row.getByRole("cell").all();
      expect(cells.length).toBe(7);
      const [risk, customer, state, agent, , running] = cells;
      for (const [what, cell] of Object.entries({ risk, customer, state, agent, running })) {
        const box = await cell!.boundingBox();
        expect(box, what).not.toBeNull();
        expect(box!.x, `${what} at ${width} px`).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${what} at ${width} px`).toBeLessThanOrEqual(width);
        expect(box!.width, `${what} at ${width} px`).toBeGreaterThan(20);
        // Its words whole, not cut at the cell's edge.
        expect(await cell!.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), what).toBe(true);
      }
      await expect(agent!.textContent()).resolves.toMatch(/\S/);
      // The running time (Dana's is past its first minute) says what it is, as the table's column
      // does: "Running 13m", not a bare "13m".
      const shown = await running!.evaluate(
        (el) => `${getComputedStyle(el, "::before").content} ${(el as HTMLElement).innerText}`,
      );
      expect(shown).toMatch(/^"Running ?" \d+m/);
    }
    const name = page.getByRole("table", { name: "Live conversations by risk" }).getByRole("link", {
      name: "Dana Whitfield",
    });
    await name.click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]+$/);
    await page.getByRole("heading", { name: "Dana Whitfield" }).waitFor();
  }, 60_000);
});

/**
 * Admin → People on a phone (390 × 844), in chromium: each person is a card the screen's width,
 * their role, teams, topics, availability, load and account actions all in view, nothing to scroll
 * sideways. As a table it scrolled sideways in its panel: the teams and the account actions a
 * swipe past the name.
 */
import { describe, expect, it } from "vitest";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";
import { PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("Admin → People on a phone, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("shows each person as a card, every field and action within the screen's width", async () => {
    const width = 390;
    const context = await e2e.browser.newContext({
      baseURL: e2e.server.url,
      viewport: { width, height: 844 },
    });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto("/admin/people");
    const table = page.getByRole("table", { name: "People" });
    const row = table.getByRole("row").filter({ hasText: PEOPLE.agent.email });
    await row.waitFor({ timeout: STEP_TIMEOUT_MS });
    // Nothing scrolls sideways: not the page, nor the table in its panel (no scrolling region).
    expect(await page.getByRole("region", { name: "People" }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
    const fields = [
      row.getByText(PEOPLE.agent.name, { exact: true }),
      row.getByLabel(`Role of ${PEOPLE.agent.name}`),
      row.getByRole("cell", { name: /^Teams/ }),
      row.getByLabel(`Topics ${PEOPLE.agent.name} knows`),
      row.getByRole("cell", { name: /^Availability/ }),
      row.getByRole("cell", { name: /^Load/ }),
      row.getByRole("button", { name: /Deactivate/ }),
    ];
    for (const field of fields) {
      await field.scrollIntoViewIfNeeded();
      const box = await field.boundingBox();
      expect(box, String(field)).not.toBeNull();
      expect(box!.x, String(field)).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, String(field)).toBeLessThanOrEqual(width);
    }
    // A card, not a screen: the whole person fits in one.
    expect((await row.boundingBox())!.height).toBeLessThan(844);
    await context.close();
  }, 120_000);
});

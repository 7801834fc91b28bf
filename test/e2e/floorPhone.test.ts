/**
 * The floor on a phone, in a real browser: every column keeps its width (the table scrolls
 * sideways in its panel), so the customer's name shows and opens the conversation. The table's
 * fixed columns alone were wider than a 320 px screen, and the customer, agent and cue columns
 * were squeezed to nothing: no name to read or tap.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("the floor on a 320 px phone, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: true });

  it("shows every column, and the customer's name opens the conversation", async () => {
    const { server, browser } = e2e;
    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto("/floor");
    const table = page.getByRole("table", { name: "Live conversations by risk" });
    await table.locator("tbody tr").first().waitFor();
    const widths = await table.evaluate((t) =>
      Object.fromEntries(
        Array.from(t.querySelectorAll("thead th")).map((th) => [
          th.textContent ?? "",
          th.getBoundingClientRect().width,
        ]),
      ),
    );
    for (const column of ["Customer", "Agent", "Active cues"])
      expect(widths[column], `${column} column: ${JSON.stringify(widths)}`).toBeGreaterThan(80);
    // The page itself does not scroll sideways: the table does, in its panel.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await page.getByRole("region", { name: "Live conversations by risk" }).count()).toBe(1);

    const name = table.getByRole("link", { name: "Dana Whitfield" });
    await name.click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]+$/);
    await page.getByRole("heading", { name: "Dana Whitfield" }).waitFor();
  }, 60_000);
});

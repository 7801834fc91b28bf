/**
 * Numbers with dates that cannot work, typed past the date inputs' limits, in chromium: the page
 * says in the form's own words what to change, and asks the server nothing. It used to replace
 * every chart with "Invalid request: query.until: must be later than since".
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("Numbers with impossible dates, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("says which date to change, and shows the charts again once it is changed", async () => {
    const { server, browser } = e2e;
    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    const refused: string[] = [];
    page.on("response", (r) => {
      if (r.status() >= 400 && r.url().includes("/numbers")) refused.push(`${r.status()} ${r.url()}`);
    });
    await page.goto("/numbers");
    await page.getByRole("heading", { name: "Conversations handled" }).waitFor();
    const from = page.getByRole("textbox", { name: "From", exact: true });
    const to = page.getByRole("textbox", { name: "to", exact: true });
    const compare = page.getByRole("textbox", { name: "Before / after" });

    await from.fill("2026-11-20");
    await to.fill("2026-11-10");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toBe(
      "The “to” date is before the “From” date: pick a “to” date on or after it.",
    );

    await to.fill("2026-11-30");
    await compare.fill("2026-12-15");
    await page.getByText(/The “Before \/ after” date has to fall inside the dates shown/).waitFor();
    expect(await page.getByRole("alert").innerText()).toBe(
      "The “Before / after” date has to fall inside the dates shown: after 2026-11-20 and no later than 2026-11-30.",
    );

    await compare.fill("2026-11-25");
    await page.getByRole("heading", { name: "Conversations handled" }).waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(refused).toEqual([]);

    // On a 320 px phone the before/after table fits: "After" and "Change" need no sideways scroll.
    await page.setViewportSize({ width: 320, height: 640 });
    const table = page.getByRole("table", { name: /^Before and after/ });
    await table.waitFor();
    const fit = await page
      .getByRole("region", { name: "Before and after, scrollable" })
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(fit).toBeLessThanOrEqual(0);
    const change = await table.getByRole("columnheader", { name: "Change" }).boundingBox();
    expect((change?.x ?? 999) + (change?.width ?? 0)).toBeLessThanOrEqual(320);
  }, 60_000);
});

/**
 * The floor at 200 % zoom (a 1366 × 900 laptop: 683 × 450 CSS px), in chromium: its first
 * conversations are on the first screen, under figures a line or two high. The five figures, each a
 * big number above a label of up to four lines, took two rows and the whole screen below the
 * heading: the first conversation began past its bottom edge.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const ZOOMED = { width: 683, height: 450 };

describe.skipIf(!hasChromium)("the floor's first screen at 200 % zoom", () => {
  const e2e = useChromiumWorkspace({ scenarios: true });

  it("shows the riskiest conversations below the figures, without scrolling", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize(ZOOMED);
    await page.goto("/floor");
    const rows = page.getByRole("table", { name: "Live conversations by risk" }).locator("tbody tr");
    await rows.nth(1).waitFor({ timeout: STEP_TIMEOUT_MS });
    // Each figure still says what it counts, whole.
    const figures = await page
      .locator(".stats .stat")
      .evaluateAll((els) =>
        els.map((el) => ({ text: el.textContent ?? "", height: el.getBoundingClientRect().height })),
      );
    expect(figures.map((f) => f.text.replace(/^\d+/, ""))).toEqual([
      "Live conversations",
      "High risk",
      "Open alerts",
      "Frustrated or angry customers",
      expect.stringMatching(/^Waiting long for a reply/),
    ]);
    for (const f of figures) expect(f.height, f.text).toBeLessThanOrEqual(60);
    // The riskiest conversation is whole on the screen, the next one begun.
    const first = await rows.nth(0).boundingBox();
    const second = await rows.nth(1).boundingBox();
    expect((first?.y ?? 999) + (first?.height ?? 0)).toBeLessThanOrEqual(ZOOMED.height);
    expect(second?.y ?? 999).toBeLessThan(ZOOMED.height - 20);
    await context.close();
  }, 90_000);
});

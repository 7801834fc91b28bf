/**
 * The keyboard's focus can be seen, at 200 % zoom (683 × 450) and on a phone (390 × 844), in
 * chromium:
 * - the floor's Risk choices (ui/Segmented) draw their focus ring inside each button: the ring
 *   around it was cut off by the group's clipping box and painted over by the next button;
 * - the agent's conversations on the console (a list button, as on Debriefs and Scorecards) draw it
 *   inside too: in a list that scrolls, the ring of the item just scrolled into view was cut off;
 * - in a table that scrolls sideways in its panel (Admin → People), each control Tab reaches is
 *   whole in the box with its ring: a row's first field after Tab across the row before, or a link
 *   in the last column, stayed half cut off at the box's edge.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN, type ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const ZOOMED = { width: 683, height: 450 };
const PHONE = { width: 390, height: 844 };

/** Tab until `target` has the focus (at most 80 presses). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error("Tab never reached the control");
}

/**
 * Whether the focus shows on the control's own top edge: the 2 px inside its box, focused by the
 * keyboard and then blurred, differ. A ring drawn outside a box that clips it leaves them the same.
 */
async function ringOnItsEdge(page: Page, target: Locator): Promise<boolean> {
  await tabTo(page, target);
  const box = await target.boundingBox();
  if (box === null) throw new Error("the control has no box");
  const clip = { x: box.x + 4, y: box.y, width: box.width - 8, height: 2 };
  const focused = await page.screenshot({ clip });
  await target.evaluate((el) => (el as HTMLElement).blur());
  const blurred = await page.screenshot({ clip });
  return !focused.equals(blurred);
}

describe.skipIf(!hasChromium)("the keyboard's focus can be seen at 200 % zoom and on a phone", () => {
  const e2e = useChromiumWorkspace({ scenarios: true });

  it("the floor's Risk choices show the focus ring inside each button", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize(ZOOMED);
    await page.goto("/floor");
    const risk = page.getByRole("group", { name: "Risk" });
    await risk.getByRole("button").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.mouse.move(0, 0);
    const seen: string[] = [];
    for (const button of await risk.getByRole("button").all()) {
      await page.evaluate(() => document.querySelector<HTMLElement>("#main")?.focus());
      seen.push(`${await button.textContent()}: ${(await ringOnItsEdge(page, button)) ? "seen" : "unseen"}`);
    }
    expect(seen).toEqual(["All: seen", "Watch ≥30%: seen", "High ≥60%: seen"]);
    await context.close();
  }, 90_000);

  it("the console's list of conversations shows the focus ring inside each item", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.agent.email, PASSWORD);
    await page.setViewportSize(PHONE);
    await page.goto("/console");
    const items = page.locator(".list-button");
    await items.nth(2).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.mouse.move(0, 0);
    const unseen: number[] = [];
    for (let i = 0; i < (await items.count()); i++) {
      await page.evaluate(() => document.querySelector<HTMLElement>("#main")?.focus());
      if (!(await ringOnItsEdge(page, items.nth(i)))) unseen.push(i);
    }
    expect(unseen).toEqual([]);
    await context.close();
  }, 90_000);

  it("Tab through a table that scrolls sideways: each control whole in the box, with its ring", async () => {
    const admin: ApiSession = e2e.admin;
    expect((await admin.call<{ people: unknown[] }>("GET", "/people")).people.length).toBeGreaterThan(3);
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, ADMIN.email, ADMIN.password);
    await page.setViewportSize(ZOOMED);
    await page.goto("/admin/people");
    const region = page.locator(".table-scroll.scrolls");
    await region.locator("tbody select").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await region.focus();
    const cut: string[] = [];
    let reached = 0;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const seen = await region.evaluate((box) => {
        const el = document.activeElement;
        if (el === null || el === box || !box.contains(el)) return null;
        const shown = box.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        const left = shown.left + box.clientLeft;
        const right = left + box.clientWidth;
        const name = el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName;
        return r.left - 4 >= left && r.right + 4 <= right
          ? "whole"
          : `${name}: ${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(left)}–${Math.round(right)}`;
      });
      if (seen === null) {
        if (reached > 0) break;
        continue;
      }
      reached++;
      if (seen !== "whole") cut.push(seen);
    }
    expect(reached).toBeGreaterThan(8);
    expect(cut).toEqual([]);
    await context.close();
  }, 90_000);
});

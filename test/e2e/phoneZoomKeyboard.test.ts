/**
 * A phone (390 × 844), a laptop zoomed to 200 % and a keyboard alone, in chromium against the real
 * server:
 * - a busy floor (70 live conversations, virtualised: only the rows near the viewport exist): the
 *   row whose link has the keyboard's focus stays in the page when the page scrolls it out of view,
 *   so the focus stays on it and the arrow keys go on from it (the row was removed and the focus fell
 *   to the page's start: the next Tab began again from the skip link); and when the focused
 *   conversation closes and leaves the floor, the focus goes to the row now in its place;
 * - the skill map on a phone: every explanation (ui/Tip) a tap or the keyboard opens is whole on the
 *   screen; one near the right edge ran off it, cut off by the table scrolling in its panel;
 * - a laptop at 200 % zoom (683 × 450): Shift+Tab up a scorecard's items stops on each score with
 *   it in sight, not hidden under the table's column headers stuck to the top of the window;
 * - the floor at 200 % zoom: a row's active cues are shown whole, with how many more there are (the
 *   column was 80 px wide: the first cue was cut off and the rest, and "+3", hidden).
 */
import { describe, expect, it } from "vitest";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { signInPage } from "./browser.ts";
import type { Page } from "playwright-core";
import { ADMIN, ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS, postCalmCallers, postScenarios } from "./seed.ts";

const PHONE = { width: 390, height: 844 };
/** A 1366 × 900 laptop at 200 % zoom, in CSS pixels. */
const ZOOMED = { width: 683, height: 450 };
const FLOOR_ROWS = 70;

/**
 * Once `selector` is on the page: from the end of the page up to its start with Shift+Tab, more
 * than two stops match `selector` (at most 30 are checked), and each is in sight (what is seen at
 * its middle is itself), not hidden under something else.
 */
async function expectShiftTabUpInSight(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const checked: string[] = [];
  for (let i = 0; i < 150 && checked.length < 30; i++) {
    await page.keyboard.press("Shift+Tab");
    const seen = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (el === null || el === document.body) return "end";
      if (!el.matches(sel)) return null;
      const r = el.getBoundingClientRect();
      const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const name = el.getAttribute("aria-label") ?? el.textContent ?? "";
      return at !== null && (el === at || el.contains(at))
        ? name
        : `${name} hidden under ${at?.tagName ?? "nothing"}`;
    }, selector);
    if (seen === "end") break;
    if (seen !== null) checked.push(seen);
  }
  expect(checked.length).toBeGreaterThan(2);
  expect(checked.filter((s) => s.includes("hidden"))).toEqual([]);
}

describe.skipIf(!hasChromium)("a phone, 200 % zoom and the keyboard, in chromium", () => {
  const e2e = useChromiumWorkspace({
    scenarios: true,
    setup: async (w) => {
      // The scenarios close and are scored: the agent's skill map has verdicts and trends.
      const { conversations } = await w.admin.call<{ conversations: { id: string }[] }>(
        "GET",
        "/conversations?status=open",
      );
      for (const c of conversations) await w.admin.call("POST", `/conversations/${c.id}/close`);
      const agent = await ApiSession.signIn(w.server.url, PEOPLE.agent.email, PASSWORD);
      const scored = async () =>
        (await agent.call<{ scorecards: unknown[] }>("GET", "/scorecards")).scorecards.length;
      for (let i = 0; i < 150 && (await scored()) < conversations.length; i++)
        await new Promise((r) => setTimeout(r, 200));
      // One live conversation with several cues.
      await postScenarios(w.server.url, w.ws, PEOPLE.agent.email, [{ ...SCENARIOS[0]!, id: "hd-1001-live" }]);
      // A calm question each from 70 customers: past the 60 rows the floor renders in full.
      await postCalmCallers(w.server.url, w.ws, FLOOR_ROWS);
    },
  });

  /** A page signed in as `who` (a seeded person, or the admin), at `size`, on `path`. */
  const pageAt = async (who: "lead" | "agent" | "admin", size: typeof PHONE, path: string) => {
    const { email, password } = who === "admin" ? ADMIN : { email: PEOPLE[who].email, password: PASSWORD };
    const opened = await signInPage(e2e.browser, e2e.server.url, email, password);
    await opened.page.setViewportSize(size);
    await opened.page.goto(path);
    return opened;
  };

  it("a busy floor keeps the focused row, and the focus, when the page scrolls it out of view", async () => {
    const { context, page } = await pageAt("lead", PHONE, "/floor");
    const table = page.getByRole("table", { name: "Live conversations by risk" });
    await table.getByRole("link").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    // Into the table with the keyboard, two rows down.
    await table.getByRole("link").first().focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const focusedName = () => page.evaluate(() => document.activeElement?.textContent ?? "");
    const name = await focusedName();
    expect(name).toMatch(/^Caller \d\d$/);
    // The page scrolls far down (Space on the link, a swipe or the wheel): that row is long gone
    // from the screen, and from the rows rendered around it.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect
      .poll(() => table.locator(`tbody tr[aria-rowindex="${FLOOR_ROWS + 1}"]`).count(), {
        timeout: STEP_TIMEOUT_MS,
      })
      .toBe(1);
    expect(await focusedName()).toBe(name);
    // The arrow keys go on from it, back into view.
    await page.keyboard.press("ArrowDown");
    await expect.poll(focusedName, { timeout: STEP_TIMEOUT_MS }).not.toBe(name);
    const next = await focusedName();
    expect(next).toMatch(/^Caller \d\d$/);
    const inView = await page.evaluate(() => {
      const r = document.activeElement?.getBoundingClientRect();
      return r !== undefined && r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    await context.close();
  }, 90_000);

  it("on a phone, every explanation of the skill map opens whole on the screen", async () => {
    const { context, page } = await pageAt("agent", PHONE, "/skills");
    const tips = page.locator(".tip-button");
    await tips.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const count = await tips.count();
    expect(count).toBeGreaterThan(2);
    for (let i = 0; i < count; i++) {
      const tip = tips.nth(i);
      await tip.focus();
      await page.keyboard.press("Enter");
      // Whole in the window, and what is seen at each of its corners is the explanation itself
      // (not cut off by the table's panel, not under something else).
      const seen = await tip.evaluate((button) => {
        const text = button.parentElement?.querySelector(".tip-text");
        if (!text) return "no explanation";
        const r = text.getBoundingClientRect();
        if (r.width === 0) return "not shown";
        if (r.left < 0 || r.right > window.innerWidth || r.top < 0 || r.bottom > window.innerHeight)
          return `outside the window: ${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.top)}–${Math.round(r.bottom)}`;
        for (const [x, y] of [
          [r.left + 2, r.top + 2],
          [r.right - 2, r.top + 2],
          [r.left + 2, r.bottom - 2],
          [r.right - 2, r.bottom - 2],
        ] as const)
          if (!text.contains(document.elementFromPoint(x, y)))
            return `hidden at ${Math.round(x)},${Math.round(y)}`;
        return "whole";
      });
      expect(seen, `explanation ${i + 1}: ${await tip.textContent()}`).toBe("whole");
      await page.keyboard.press("Escape");
    }
    await context.close();
  }, 90_000);

  it("at 200 % zoom, Shift+Tab up a scorecard stops on each control in sight, not under the stuck column headers", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize(ZOOMED);
    const [card] = (
      await (
        await ApiSession.signIn(e2e.server.url, PEOPLE.lead.email, PASSWORD)
      ).call<{
        scorecards: { conversationId: string }[];
      }>("GET", "/scorecards")
    ).scorecards;
    if (card === undefined) throw new Error("no scorecard");
    await page.goto(`/qa/${card.conversationId}`);
    await expectShiftTabUpInSight(page, ".table tbody select");
    await context.close();
  }, 90_000);

  it("at 200 % zoom, Shift+Tab up the audit log stops on each entry's details in sight", async () => {
    const { context, page } = await pageAt("admin", ZOOMED, "/admin/audit");
    await expectShiftTabUpInSight(page, ".table tbody summary");
    await context.close();
  }, 90_000);

  it("at 200 % zoom, the floor shows a row's active cues whole, and how many more", async () => {
    const { context, page } = await pageAt("lead", ZOOMED, "/floor");
    const row = page.locator("tbody tr").filter({ hasText: SCENARIOS[0]!.customer });
    await row.locator(".cues .badge").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const shown = await row.locator(".cues").evaluate((cell) => {
      const box = cell.getBoundingClientRect();
      return Array.from(cell.children).map((el) => {
        const r = el.getBoundingClientRect();
        const text = (el.querySelector("[aria-hidden]") ?? el).textContent ?? "";
        const whole = r.width > 0 && r.right <= box.right + 0.5 && el.scrollWidth <= el.clientWidth;
        return `${text}: ${whole ? "whole" : "cut off"}`;
      });
    });
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.filter((s) => s.endsWith("cut off"))).toEqual([]);
    await context.close();
  }, 90_000);

  it("the focused conversation leaves the floor: the focus goes to the row now in its place", async () => {
    const { context, page } = await pageAt("lead", PHONE, "/floor");
    const table = page.getByRole("table", { name: "Live conversations by risk" });
    await table.getByRole("link").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await table.getByRole("link").first().focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    const focused = () =>
      page.evaluate(() => {
        const row = document.activeElement?.closest<HTMLElement>("tr[data-conversation-id]");
        return row
          ? { id: row.dataset.conversationId ?? "", index: row.getAttribute("aria-rowindex") }
          : null;
      });
    const before = await focused();
    if (before === null) throw new Error("no row focused");
    await e2e.admin.call("POST", `/conversations/${before.id}/close`);
    await table.locator(`tr[data-conversation-id="${before.id}"]`).waitFor({ state: "detached" });
    await expect.poll(focused, { timeout: STEP_TIMEOUT_MS }).toEqual({
      id: expect.not.stringMatching(before.id) as unknown,
      index: before.index,
    });
    // And the arrow keys go on from there.
    await page.keyboard.press("ArrowUp");
    expect((await focused())?.index).toBe(String(Number(before.index) - 1));
    await context.close();
  }, 90_000);
});

/**
 * What a keyboard reaches, in chromium against the real server:
 * - a toast (a lead's whisper): Alt+T takes the focus to it from anywhere in the page, Escape
 *   dismisses it and gives the focus back where it was (a toast was reachable only by Tabbing through
 *   the whole page to its end);
 * - a busy floor of 70 live conversations (virtualised: only the rows near the viewport exist): it is
 *   one Tab stop, the arrow keys move from row to row and End reaches the last, which was not even in
 *   the page (Tab walked through every row's link before reaching anything after the table).
 */
import { describe, expect, it } from "vitest";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { signInPage } from "./browser.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS, postCalmCallers } from "./seed.ts";

const FLOOR_ROWS = 70;

describe.skipIf(!hasChromium)("keyboard reach, in chromium", () => {
  let conversationId: string;

  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(2, 3) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[2]!.customer);
      // A calm question each from 69 more customers: 70 live conversations, past the 60 the floor
      // renders in full.
      await postCalmCallers(w.server.url, w.ws, FLOOR_ROWS - 1);
    },
  });

  it("Alt+T reaches the newest toast, Escape dismisses it and goes back where the focus was", async () => {
    const { page, context, welcomed } = await signInPage(
      e2e.browser,
      e2e.server.url,
      PEOPLE.agent.email,
      PASSWORD,
    );
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Skill map" }).click();
    await page.getByRole("heading", { name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const journal = nav.getByRole("link", { name: "Journal" });
    await journal.focus();
    const lead = await ApiSession.signIn(e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/step-in`, {
      kind: "whisper",
      text: "Ask which day suits them for the callback.",
    });
    const toast = page.getByRole("status").filter({ hasText: `${PEOPLE.lead.name} whispered a suggestion` });
    await toast.waitFor({ timeout: STEP_TIMEOUT_MS });
    // Said with it: how to get there.
    expect(await toast.textContent()).toContain("Alt+T to reach it");
    await page.keyboard.press("Alt+T");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Read it");
    await page.keyboard.press("Escape");
    await toast.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Journal");
    // With none showing, the key says so instead of doing nothing.
    await page.keyboard.press("Alt+T");
    await page.locator(".toasts").getByText("No notifications.").waitFor({ state: "attached" });
    // The Account page lists the key.
    await page.goto("/account");
    const shortcuts = page.getByRole("definition").filter({ hasText: "newest notification" });
    await shortcuts.waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);

  it("a floor of 70 is one Tab stop; the arrows move row to row, End reaches the last", async () => {
    const { page, context } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/floor");
    const table = page.getByRole("table", { name: "Live conversations by risk" });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect
      .poll(() => table.getAttribute("aria-rowcount"), { timeout: STEP_TIMEOUT_MS })
      .toBe(String(FLOOR_ROWS + 1));
    const focusedRow = () =>
      page.evaluate(() => document.activeElement?.closest("tr")?.getAttribute("aria-rowindex") ?? null);
    const rowLinks = table.locator("tbody .cell-link");
    // One link in the tab order, whatever number of rows are rendered.
    expect(await rowLinks.count()).toBeGreaterThan(5);
    expect(await table.locator('tbody .cell-link:not([tabindex="-1"])').count()).toBe(1);
    await rowLinks.first().focus();
    expect(await focusedRow()).toBe("2");
    // Tab leaves the table at once.
    await page.keyboard.press("Tab");
    expect(await focusedRow()).toBeNull();
    await page.keyboard.press("Shift+Tab");
    expect(await focusedRow()).toBe("2");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    expect(await focusedRow()).toBe("5");
    // Shown while the focus is in the table: how the keys work.
    expect(await page.getByText("the up and down arrows move").isVisible()).toBe(true);
    await page.keyboard.press("End");
    await expect.poll(focusedRow, { timeout: STEP_TIMEOUT_MS }).toBe(String(FLOOR_ROWS + 1));
    await page.keyboard.press("PageUp");
    await expect.poll(focusedRow, { timeout: STEP_TIMEOUT_MS }).toBe(String(FLOOR_ROWS + 1 - 10));
    await page.keyboard.press("Home");
    await expect.poll(focusedRow, { timeout: STEP_TIMEOUT_MS }).toBe("2");
    // Enter opens the conversation, as a link does.
    const name = await page.evaluate(() => document.activeElement?.textContent ?? "");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => u.pathname.startsWith("/conversations/"), { timeout: STEP_TIMEOUT_MS });
    expect(name).not.toBe("");
    await context.close();
  }, 120_000);
});

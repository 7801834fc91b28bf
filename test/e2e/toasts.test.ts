/**
 * Toasts in chromium against the real server: a lead whispers three times to an agent who is on
 * their skill map. On a phone (320 px) the toasts run the screen's width at its bottom, a line or
 * two each with the action and a close button, the newest two only behind "+1 more", and the page
 * keeps room to scroll its end above them; on a laptop they stack at the right as before. Either
 * way each is announced (a status in a polite live region) and reached by the keyboard.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ServerFrame } from "../../src/protocol/ws.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

const WHISPER = "Ask which day suits them for the callback.";

describe.skipIf(!hasChromium)("toasts in chromium, on a phone and on a laptop", () => {
  let conversationId: string;

  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(2, 3) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[2]!.customer);
    },
  });

  /** The agent on their skill map at this size, and three whispers from the lead, shown as toasts. */
  async function threeToasts(viewport: { width: number; height: number }): Promise<Page> {
    const { server, browser } = e2e;
    const context = await browser.newContext({ baseURL: server.url, viewport });
    const page = await context.newPage();
    let welcomed = false;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if ((JSON.parse(String(f.payload)) as ServerFrame).type === "welcome") welcomed = true;
      }),
    );
    await page.goto("/");
    await page.getByLabel("Email").fill(PEOPLE.agent.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.waitFor();
    // On a phone the links are behind the Menu button.
    const menu = nav.getByRole("button", { name: "Menu" });
    if (await menu.isVisible()) await menu.click();
    await nav.getByRole("link", { name: "Skill map" }).click();
    await page.getByRole("heading", { name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // Whisper once the realtime connection has its welcome, or the first could pass unseen.
    await expect.poll(() => welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const toasts = page
      .getByRole("status", { includeHidden: true })
      .filter({ hasText: `${PEOPLE.lead.name} whispered a suggestion` });
    // All three at once: a toast leaves after nine seconds, so one by one the first could be gone.
    await Promise.all(
      [1, 2, 3].map(() =>
        lead.call("POST", `/conversations/${conversationId}/step-in`, { kind: "whisper", text: WHISPER }),
      ),
    );
    await expect.poll(() => toasts.count(), { timeout: STEP_TIMEOUT_MS }).toBe(3);
    return page;
  }

  /** Each toast's box, in the order they stand in the page (oldest first); hidden ones are null. */
  const boxes = (page: Page) =>
    page
      .getByRole("status", { includeHidden: true })
      .filter({ hasText: `${PEOPLE.lead.name} whispered a suggestion` })
      .evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return r.height === 0 ? null : { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        }),
      );

  it("on a phone: compact at the bottom, the newest two and +1 more, announced, reached by the keyboard", async () => {
    const page = await threeToasts({ width: 320, height: 640 });
    // The keyboard on "+1 more" holds them (a toast waits while the focus is in the stack).
    const more = page.getByRole("button", { name: "+1 more" });
    await more.focus();
    const shown = await boxes(page);
    // The oldest waits behind "+1 more"; the newest two span the screen at its bottom, a line or two each.
    expect(shown[0]).toBeNull();
    for (const box of shown.slice(1)) {
      expect(box).not.toBeNull();
      expect(box?.left).toBeGreaterThanOrEqual(0);
      expect(box?.right).toBeLessThanOrEqual(320);
      expect((box?.bottom ?? 0) - (box?.top ?? 0)).toBeLessThanOrEqual(60);
    }
    const stack = await page.locator(".toasts").boundingBox();
    expect(stack?.height ?? 999).toBeLessThanOrEqual(640 * 0.25);
    expect(640 - (stack?.y ?? 0) - (stack?.height ?? 0)).toBeLessThanOrEqual(12);
    // Announced as before: the newest is a status inside a polite live region.
    const newest = page
      .getByRole("status")
      .filter({ hasText: `${PEOPLE.lead.name} whispered a suggestion` })
      .last();
    expect(await newest.evaluate((el) => el.closest("[aria-live]")?.getAttribute("aria-live"))).toBe(
      "polite",
    );
    // The close button is named in words though it shows a ×.
    expect(await newest.getByRole("button", { name: "Dismiss" }).isVisible()).toBe(true);

    // The page's end scrolls above the toasts: nothing is hidden under them for good.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const gap = await page.evaluate(() => {
      const main = document.querySelector("main");
      const last = main?.lastElementChild?.getBoundingClientRect();
      const toasts = document.querySelector(".toasts")?.getBoundingClientRect();
      return (toasts?.top ?? 0) - (last?.bottom ?? 0);
    });
    expect(gap).toBeGreaterThanOrEqual(0);

    // "+1 more" opens the whole stack, from the keyboard too.
    await more.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Show fewer" }).waitFor();
    expect(await page.getByRole("button", { name: "Show fewer" }).getAttribute("aria-expanded")).toBe("true");
    expect((await boxes(page)).every((b) => b !== null)).toBe(true);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Read it");
    // Dismissing one leaves two: the stack is short again.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await boxes(page)).length).toBe(2);
    expect(await page.getByRole("button", { name: /more|Show fewer/ }).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it("on a phone the navigation folds behind Menu: opened, closed by Escape or by choosing a page", async () => {
    const { server, browser } = e2e;
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("Email").fill(PEOPLE.agent.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = nav.getByRole("button", { name: "Menu" });
    await menu.waitFor({ timeout: STEP_TIMEOUT_MS });
    const skills = nav.getByRole("link", { name: "Skill map" });
    // Folded: the top bar is the brand and the button, and the page starts right below it.
    expect(await skills.isVisible()).toBe(false);
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect((await nav.boundingBox())?.height ?? 999).toBeLessThan(80);
    await menu.click();
    const close = nav.getByRole("button", { name: "Close menu" });
    expect(await close.getAttribute("aria-expanded")).toBe("true");
    await skills.waitFor();
    // Escape from inside the links folds them and gives the focus back to the button.
    await skills.focus();
    await page.keyboard.press("Escape");
    expect(await skills.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls"))).toBe(
      "nav-links",
    );
    // Choosing a page opens it and folds the links again.
    await menu.click();
    await skills.click();
    await page.getByRole("heading", { name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await skills.isVisible()).toBe(false);
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    // On a laptop there is no Menu button: the sidebar shows every link.
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(await menu.isVisible()).toBe(false);
    expect(await skills.isVisible()).toBe(true);
    await context.close();
  }, 120_000);

  it("on a laptop: all three at the bottom right, with the word Dismiss and no +N more", async () => {
    const page = await threeToasts({ width: 1366, height: 768 });
    const shown = await boxes(page);
    expect(shown.every((b) => b !== null && b.left > 1366 / 2 && b.right <= 1366)).toBe(true);
    expect(await page.getByRole("button", { name: /more$/ }).isVisible()).toBe(false);
    const newest = page
      .getByRole("status")
      .filter({ hasText: `${PEOPLE.lead.name} whispered a suggestion` })
      .last();
    expect(await newest.getByRole("button", { name: "Dismiss" }).innerText()).toBe("Dismiss");
    await newest.getByRole("link", { name: "Read it" }).click();
    await page.waitForURL((u) => u.pathname === `/console/${conversationId}`, { timeout: STEP_TIMEOUT_MS });
    await page.context().close();
  }, 120_000);
});

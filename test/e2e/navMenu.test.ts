/**
 * The navigation at 200 % zoom (a 1366 × 900 laptop: 683 × 450 CSS px) and on a 390 × 844 phone, in
 * chromium: one bar with the brand and a Menu button, the page's heading right below it (the links
 * wrapped into three rows and took a third of the zoomed screen before any content). The menu is a
 * disclosure the keyboard works: Enter opens it (aria-expanded), Tab goes through its links, Escape
 * closes it and gives the focus back to the button, a page chosen from it closes it with the focus
 * on the page's content (the current page too), and Tab past its end closes it. Its links keep the
 * laptop sidebar's groups, each under its heading and named by it for a screen reader.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const ZOOMED = { width: 683, height: 450 };
const PHONE = { width: 390, height: 844 };

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.id === "main" ? "main" : (el?.textContent?.trim() ?? "");
  });

describe.skipIf(!hasChromium)("the navigation folds behind Menu at 200 % zoom and on a phone", () => {
  const e2e = useChromiumWorkspace({});

  it("at 200 % zoom: one bar, the heading below it, and a menu the keyboard opens, walks and closes", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize(ZOOMED);
    await page.goto("/alerts");
    const heading = page.getByRole("heading", { level: 1, name: "Alerts for me" });
    await heading.waitFor({ timeout: STEP_TIMEOUT_MS });
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = nav.getByRole("button", { name: "Menu" });
    // One bar: the brand and the button, the links hidden; the page's heading right below it.
    expect((await nav.boundingBox())?.height).toBeLessThan(60);
    expect((await heading.boundingBox())?.y).toBeLessThan(100);
    expect(await nav.getByRole("link", { name: "Escalations" }).isVisible()).toBe(false);
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await menu.getAttribute("aria-controls")).toBe("nav-links");

    // The skip link, then the button.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("Menu");
    await page.keyboard.press("Enter");
    const close = nav.getByRole("button", { name: "Close menu" });
    expect(await close.getAttribute("aria-expanded")).toBe("true");
    expect(await focused(page)).toBe("Close menu");
    // Tab goes into the links; Escape closes the menu, the focus back on its button.
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("Floor");
    await page.keyboard.press("Escape");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await focused(page)).toBe("Menu");
    expect(await nav.getByRole("link", { name: "Floor" }).isVisible()).toBe(false);
    // Escape on the button itself closes it too.
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");

    // A page chosen from the menu: it opens with the focus on its content, the menu closed.
    await page.keyboard.press("Enter");
    await nav.getByRole("link", { name: "Knowledge" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Knowledge" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.waitForFunction(() => document.activeElement?.id === "main");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");

    // Tab past the menu's last control (Sign out) closes it: the page below is whole again.
    await menu.focus();
    await page.keyboard.press("Enter");
    await nav.getByRole("button", { name: "Sign out" }).focus();
    await page.keyboard.press("Tab");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect((await nav.boundingBox())?.height).toBeLessThan(60);
    await context.close();
  }, 90_000);

  it("on a phone: the current page chosen from the menu closes it, the focus on the page", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.agent.email, PASSWORD);
    await page.setViewportSize(PHONE);
    await page.goto("/journal");
    await page.getByRole("heading", { level: 1, name: "Journal" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const nav = page.getByRole("navigation", { name: "Main" });
    expect((await nav.boundingBox())?.height).toBeLessThan(60);
    await nav.getByRole("button", { name: "Menu" }).click();
    const current = nav.getByRole("link", { name: "Journal" });
    expect(await current.getAttribute("aria-current")).toBe("page");
    await current.click();
    expect(await nav.getByRole("button", { name: "Menu" }).getAttribute("aria-expanded")).toBe("false");
    expect(await focused(page)).toBe("main");
    await context.close();
  }, 90_000);

  it("the open menu groups its links under the sidebar's headings, each group named by its heading", async () => {
    const { context, page } = await signInPage(e2e.browser, e2e.server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize(ZOOMED);
    await page.goto("/floor");
    await page.getByRole("heading", { level: 1, name: "The floor" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("button", { name: "Menu" }).click();
    for (const [heading, links] of [
      [
        "After the conversation",
        ["Debriefs", "Feedback", "Journal", "Knowledge", "Scorecards", "Follow-ups"],
      ],
      ["Grow the team", ["Practice", "Huddles", "Skill map", "Numbers"]],
    ] as const) {
      const group = nav.getByRole("group", { name: heading });
      // The heading shows, above the group's links.
      const title = group.getByText(heading, { exact: true });
      expect(await title.isVisible(), heading).toBe(true);
      for (const name of links) {
        const link = group.getByRole("link", { name });
        expect(await link.isVisible(), name).toBe(true);
        expect((await link.boundingBox())!.y).toBeGreaterThan((await title.boundingBox())!.y);
      }
    }
    // The live pages before the first heading: in a group of their own, under the organisation's name.
    const first = nav.getByRole("group").first();
    expect(await first.getByRole("link", { name: "Floor" }).isVisible()).toBe(true);
    expect(await first.getByRole("link", { name: "Debriefs" }).count()).toBe(0);
    await context.close();
  }, 90_000);
});

/**
 * The skill map in chromium against the real server: conversations close, loop 2 scores them, the
 * agent opens their own map from the navigation and follows a skill to a scorecard behind it; the
 * lead picks the agent (the choice lives in the address) and sees the team's mentorship, and that
 * read is in the audit log.
 */
import { createRequire } from "node:module";
import type { AxeResults, RunOptions } from "axe-core";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage, VIEWPORTS } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

/** The accessibility test's rules (test/e2e/accessibility.test.ts): WCAG 2 A and AA, best practices. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const AXE_SOURCE: string = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

/**
 * Where each drawn trend line begins in its box (CSS px from the box's left edge), and the box's
 * width: the leftmost painted column of its canvas. A chart with nothing drawn (fewer than two
 * weeks) has no canvas and is left out.
 */
async function trendStarts(page: Page): Promise<{ start: number; width: number }[]> {
  return page.getByRole("img", { name: "Trend line" }).evaluateAll((charts) =>
    charts.flatMap((chart) => {
      const canvas = chart.querySelector("canvas");
      const ctx = canvas?.getContext("2d");
      if (!canvas || !ctx || canvas.width === 0) return [];
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let x = 0; x < canvas.width; x++)
        for (let y = 0; y < canvas.height; y++)
          if (data[(y * canvas.width + x) * 4 + 3]! > 0)
            return [{ start: (x * canvas.clientWidth) / canvas.width, width: canvas.clientWidth }];
      return [];
    }),
  );
}

/**
 * The trend lines begin at their boxes' left: the weeks before the person's first scored
 * conversation are not drawn as empty room before them (the lines sat at the right of their
 * boxes, off to one side). The earliest line starts within its first step, at most a quarter of
 * the box in (two weeks); the rest may start later, as their skill's evidence does.
 */
async function expectTrendsFromTheLeft(page: Page, what: string): Promise<void> {
  const starts = await trendStarts(page);
  if (starts.length === 0) return;
  const earliest = Math.min(...starts.map((s) => s.start));
  expect(earliest, `the earliest trend line's start in its box, ${what}`).toBeLessThanOrEqual(
    starts[0]!.width / 4 + 4,
  );
}

describe.skipIf(!hasChromium)("the skill map, in chromium", () => {
  const e2e = useChromiumWorkspace({
    scenarios: true,
    setup: async ({ server, admin }) => {
      const { conversations } = await admin.call<{ conversations: { id: string }[] }>(
        "GET",
        "/conversations?status=open",
      );
      for (const c of conversations) await admin.call("POST", `/conversations/${c.id}/close`);
      // The scorecards are written by the server's loop-2 processor just after each close commits.
      const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
      for (let i = 0; i < 150; i++) {
        const { scorecards } = await agent.call<{ scorecards: unknown[] }>("GET", "/scorecards");
        if (scorecards.length === conversations.length) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error("the closed conversations were not all scored");
    },
  });

  it("an agent opens their own map from the navigation and follows a skill to a scorecard behind it", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Skill map" }).click();
    const table = page.getByRole("table", { name: `Skills of ${PEOPLE.agent.name}` });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    // An agent has no one else to pick.
    await expect(page.getByLabel("Person").count()).resolves.toBe(0);
    await expectTrendsFromTheLeft(page, "on a laptop");
    // Alone in the team so far: nobody to compare with, so nothing is judged yet.
    const steps = table.getByRole("row", { name: /^Clear next steps/ });
    await expect(steps.getByText("Not enough yet").count()).resolves.toBe(1);
    const behind = page.getByRole("list", { name: "Conversations behind Clear next steps" });
    await behind.getByRole("link").first().click();
    // The agent's own card of that conversation (a helper's map links to the helper's: ?person=).
    await page.waitForURL(/\/qa\/[0-9a-f-]{36}\?person=[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT_MS });
    await page.getByRole("heading", { name: "Scorecard", exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 60_000);

  it("on a phone (390 and 320 px) each skill is a card: verdict, trend and the conversations behind it in view, nothing scrolls sideways", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    for (const { width, height } of [
      { width: 390, height: 844 },
      { width: 320, height: 640 },
    ]) {
      await page.setViewportSize({ width, height });
      await page.goto("/skills");
      const table = page.getByRole("table", { name: `Skills of ${PEOPLE.agent.name}` });
      await table.waitFor({ timeout: STEP_TIMEOUT_MS });
      // As a table it scrolled sideways in its panel: the verdict cut ("Like the tea…"), the trend
      // and the examples a swipe away. Now no scrolling region, and the page does not scroll either
      // (the trend's and the verdict's words for screen readers stay in its width too).
      await expect(
        page.getByRole("region", { name: `Skills of ${PEOPLE.agent.name}` }).count(),
      ).resolves.toBe(0);
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).resolves.toBe(0);
      const row = table.getByRole("row", { name: /^Clear next steps/ });
      await row.scrollIntoViewIfNeeded();
      const within = async (what: string, box: { x: number; width: number } | null) => {
        expect(box, what).not.toBeNull();
        expect(box!.x, `${what} at ${width} px`).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${what} at ${width} px`).toBeLessThanOrEqual(width);
      };
      await within("the verdict", await row.getByText("Not enough yet").boundingBox());
      // The verdict's words are whole, not cut at the cell's edge.
      await expect(
        row.getByText("Not enough yet").evaluate((el) => el.scrollWidth <= el.clientWidth),
      ).resolves.toBe(true);
      await within("the level", await row.getByRole("cell", { name: /^Level/ }).boundingBox());
      await within("the team's level", await row.getByRole("cell", { name: /^Team/ }).boundingBox());
      await within("the trend", await row.getByRole("cell", { name: /^Trend/ }).boundingBox());
      const behind = page.getByRole("list", { name: "Conversations behind Clear next steps" });
      await within("a conversation behind it", await behind.getByRole("link").first().boundingBox());
      // A card fits in a screen: the skill's meaning takes the card's width, not a word a line.
      expect((await row.boundingBox())!.height).toBeLessThan(height * 0.75);
      await expectTrendsFromTheLeft(page, `at ${width} px`);
    }
    await context.close();
  }, 60_000);

  it("a lead picks the agent (kept in the address) and sees the team's mentorship; the read is audited", async () => {
    const { server, browser, admin, ws } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/skills");
    const person = page.getByLabel("Person");
    await person.waitFor({ timeout: STEP_TIMEOUT_MS });
    await person.selectOption({ label: PEOPLE.agent.name });
    await page.waitForURL(new RegExp(`person=${ws.ids.agent}`), { timeout: STEP_TIMEOUT_MS });
    await page
      .getByRole("table", { name: `Skills of ${PEOPLE.agent.name}` })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await page
      .getByRole("heading", { name: "Team mentorship", level: 2 })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByText("No pairing agreed yet.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.reload();
    await expect
      .poll(() => page.getByLabel("Person").inputValue(), { timeout: STEP_TIMEOUT_MS })
      .toBe(ws.ids.agent);
    const { entries } = await admin.call<{ entries: { actor: { id: string }; target: { id: string } }[] }>(
      "GET",
      "/audit?action=skill_map.read",
    );
    expect(entries.some((e) => e.actor.id === ws.ids.lead && e.target.id === ws.ids.agent)).toBe(true);
    await context.close();
  }, 60_000);

  it("has no serious or critical accessibility violations (axe-core), for the agent and the lead", async () => {
    const { server, browser, ws } = e2e;
    for (const who of ["agent", "lead"] as const) {
      // The app's Content-Security-Policy allows this server's scripts only; axe is injected inline.
      const context = await browser.newContext({
        viewport: VIEWPORTS.laptop,
        baseURL: server.url,
        bypassCSP: true,
      });
      const page = await context.newPage();
      await page.goto("/");
      await page.getByLabel("Email").fill(PEOPLE[who].email);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Main" }).waitFor();
      await page.goto(who === "lead" ? `/skills?person=${ws.ids.agent}` : "/skills");
      await page
        .getByRole("table", { name: `Skills of ${PEOPLE.agent.name}` })
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.addScriptTag({ content: AXE_SOURCE });
      const serious = await page.evaluate(async (tags) => {
        const axe = (
          window as unknown as { axe: { run: (c: Document, o: RunOptions) => Promise<AxeResults> } }
        ).axe;
        const result = await axe.run(document, { runOnly: tags });
        return result.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }, AXE_TAGS);
      expect(serious, `${who}: ${serious.join("\n")}`).toEqual([]);
      await context.close();
    }
  }, 60_000);
});

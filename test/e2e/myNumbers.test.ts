/**
 * "My numbers" in chromium against the real server: an agent opens their own figures from the
 * navigation (their conversations, the whisper a teammate sent them and whether the customer
 * recovered), the teammate who whispered finds it under the help they gave, neither can read the
 * other's numbers (the API answers 404), and the team's lead opens the agent's numbers from
 * Numbers. On a laptop and a 320 px phone, with nothing wider than the screen.
 */
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, SCENARIOS, whisperIntoFirstThenClose } from "./seed.ts";

const AXE_SOURCE: string = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

/** Serious and critical axe violations on the page as it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<AxeResults> } }).axe;
    const result = await axe.run(document, {
      runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** Signed in as `email` on a laptop, in a context that lets axe run (the app's CSP allows no inline script). */
async function signInForAxe(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    baseURL: baseUrl,
    bypassCSP: true,
  });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return { context, page };
}

/** The summary line under a measure's chart, found by the measure's heading. */
const summaryOf = (page: Page, title: string) =>
  page.getByRole("region", { name: title, exact: true }).locator(".numbers-summary");

describe.skipIf(!hasChromium)("My numbers, in chromium", () => {
  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(0, 2) },
    // Priya whispers into Sam's first conversation; then both are closed.
    setup: ({ server, admin }) => whisperIntoFirstThenClose(server.url, admin),
  });

  it("an agent sees their own conversations and the help they got; the helper sees the help they gave", async () => {
    const { server, browser, ws } = e2e;
    const { page, context } = await signInForAxe(browser, server.url, PEOPLE.agent.email);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My numbers" }).click();
    await page.getByRole("heading", { level: 1, name: "My numbers" }).waitFor();
    await summaryOf(page, "Your conversations").getByText("2 conversations in the range").waitFor({
      timeout: STEP_TIMEOUT_MS,
    });
    expect(await summaryOf(page, "Recovered after help").innerText()).toMatch(
      /^Of 1 conversation where a teammate helped you: /,
    );
    expect(await summaryOf(page, "Help you gave teammates").innerText()).toBe(
      "You did not step into a teammate's conversation in the range.",
    );
    // The charts are drawn (uPlot's canvas), each with its words for a screen reader.
    const chart = page.getByRole("region", { name: "Your conversations", exact: true }).getByRole("img");
    expect(await chart.getAttribute("aria-label")).toMatch(
      /^Your conversations, a point per week\. 2 conversations/,
    );
    expect(await chart.locator("canvas").count()).toBeGreaterThan(0);
    expect(await page.title()).toMatch(/My numbers · tagteam$/);
    // Every panel's figures opened: no serious accessibility problem in the charts or the tables.
    for (const more of await page.getByText(/^Figures per (day|week)$/).all()) await more.click();
    expect(await seriousViolations(page)).toEqual([]);

    // Another agent's numbers are not theirs to read: the API answers as if nobody were there,
    // and the page ignores a person in the address.
    const other = await page.evaluate(
      (id) => fetch(`/api/v1/numbers/people/${id}`).then((r) => r.status),
      ws.ids.helper,
    );
    expect(other).toBe(404);
    await page.goto(`/my-numbers?person=${ws.ids.helper}`);
    await summaryOf(page, "Your conversations").getByText("2 conversations in the range").waitFor();
    expect(await page.getByRole("combobox", { name: "Person" }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();

    const helper = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await helper.page.goto("/my-numbers");
    await summaryOf(helper.page, "Help you gave teammates")
      .getByText(/^Of 1 teammate's conversation you stepped into: /)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await summaryOf(helper.page, "Your conversations").innerText()).toBe(
      "0 conversations in the range (0 escalated to a lead).",
    );
    expect(
      await helper.page.evaluate(
        (id) => fetch(`/api/v1/numbers/people/${id}`).then((r) => r.status),
        ws.ids.agent,
      ),
    ).toBe(404);
    await helper.context.close();
  }, 90_000);

  it("the lead opens one agent's numbers from Numbers; on a 320 px phone nothing is wider than the screen", async () => {
    const { server, browser, ws } = e2e;
    const { page, context } = await signInForAxe(browser, server.url, PEOPLE.lead.email);
    await page.goto("/numbers");
    await page.getByRole("link", { name: "Each agent's own numbers" }).click();
    await page.getByRole("heading", { level: 1, name: "Agents' numbers" }).waitFor();
    await page.getByRole("combobox", { name: "Person" }).selectOption(ws.ids.agent);
    await page.getByText(`${PEOPLE.agent.name} · Customer Care`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await summaryOf(page, "Conversations").getByText("2 conversations in the range").waitFor();
    expect(page.url()).toContain(`person=${ws.ids.agent}`);
    expect(await page.title()).toMatch(/Agents' numbers · tagteam$/);
    await page.setViewportSize({ width: 320, height: 640 });
    await summaryOf(page, "Recovered after help").scrollIntoViewIfNeeded();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 90_000);

  it("a chart's tooltip names the period under the pointer and its value with the counts behind it", async () => {
    const { server, browser } = e2e;
    const { page, context } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/my-numbers");
    const fcr = page.getByRole("region", { name: "Resolved at first contact", exact: true });
    const over = fcr.locator(".u-over");
    await over.waitFor({ timeout: STEP_TIMEOUT_MS });
    const tip = fcr.locator(".chart-tooltip");
    expect(await tip.isVisible()).toBe(false);
    // The last week, where both of Sam's conversations started (half a week of room after it).
    const box = await over.boundingBox();
    if (box === null) throw new Error("the chart is not drawn");
    await page.mouse.move(box.x + box.width * 0.93, box.y + box.height / 2);
    await tip.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
    const text = await tip.innerText();
    expect(text).toMatch(/^Week from [A-Z][a-z]{2} \d{1,2}\n/);
    expect(text).toContain("Resolved at first contact: 100% (2 of 2)");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 60);
    await tip.waitFor({ state: "hidden", timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 60_000);
});

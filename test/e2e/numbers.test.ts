/**
 * The team's numbers and the after-chat survey in chromium against the real server: a customer
 * ends a chat in the widget and taps the tags that fit; the team's lead opens Numbers from the
 * navigation and finds the charts drawn (uPlot on canvas), the survey counted, a before/after table
 * for a chosen day kept in the address, and no serious accessibility problem on a laptop or a
 * 320 px phone.
 */
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const AXE_SOURCE: string = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

/** A local calendar date, as a date input takes it. */
const localDate = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

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

describe.skipIf(!hasChromium)("numbers and the after-chat survey, in chromium", () => {
  const e2e = useChromiumWorkspace({
    scenarios: true,
    setup: async ({ admin }) => {
      const { conversations } = await admin.call<{ conversations: { id: string }[] }>(
        "GET",
        "/conversations?status=open",
      );
      for (const c of conversations) await admin.call("POST", `/conversations/${c.id}/close`);
    },
  });

  it("a customer ends a chat and taps what fits; the lead sees it counted on the Numbers page", async () => {
    const { server, browser, ws } = e2e;
    const customerContext = await browser.newContext({ baseURL: server.url, bypassCSP: true });
    const customer = await customerContext.newPage();
    const errors: string[] = [];
    customer.on("pageerror", (e) => errors.push(e.message));
    // The chat key is the team's: read it as the lead would from the admin's embed snippet.
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const { teams } = await lead.call<{ teams: { id: string; chatKey: string }[] }>("GET", "/teams");
    const chatKey = teams.find((t) => t.id === ws.teamId)?.chatKey ?? "";
    await customer.goto(`/widget.html?key=${encodeURIComponent(chatKey)}`);
    await customer.getByLabel("Your name").fill("Ravi Menon");
    await customer.getByLabel("How can we help?").fill("Where is my parcel? It was due on Monday.");
    await customer.getByRole("button", { name: "Start chat" }).click();
    await customer.getByRole("log", { name: "Conversation" }).getByText("due on Monday").waitFor();
    await customer.getByRole("button", { name: "End chat" }).click();
    await customer.getByRole("button", { name: "Yes, end it" }).click();
    const survey = customer.getByRole("region", { name: "How was this chat?" });
    await survey.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await seriousViolations(customer)).toEqual([]);
    await survey.getByRole("button", { name: "I felt heard" }).click();
    await survey.getByRole("button", { name: "It was quick" }).click();
    await survey.getByRole("button", { name: "Send" }).click();
    await customer.getByText("Thank you for telling us.").waitFor({ timeout: STEP_TIMEOUT_MS });
    // A reload finds it answered: not asked again.
    await customer.reload();
    await customer.getByRole("button", { name: "Start a new chat" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect(customer.getByRole("region", { name: "How was this chat?" }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await customerContext.close();

    const context = await browser.newContext({
      baseURL: server.url,
      bypassCSP: true,
      viewport: { width: 1366, height: 900 },
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("/");
    await page.getByLabel("Email").fill(PEOPLE.lead.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Numbers" }).click();
    const handled = page.getByRole("region", { name: "Conversations handled" });
    await handled.locator("canvas").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const said = page.getByRole("region", { name: "What customers said afterwards" });
    // A row a tag: the customer's two, each in every answer, with its line drawn.
    const heard = said.getByRole("row", { name: /I felt heard/ });
    await expect.poll(() => heard.innerText(), { timeout: STEP_TIMEOUT_MS }).toMatch(/1 of 1 answers\s+100%/);
    await heard.locator("canvas").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await said.getByRole("row", { name: /It was quick/ }).innerText()).toContain("100%");
    expect(await said.getByRole("row", { name: /It took too long/ }).innerText()).toMatch(
      /0 of 1 answers\s+0%/,
    );
    // Every measure with something to draw has its chart.
    expect(await page.locator(".numbers-card canvas").count()).toBeGreaterThanOrEqual(4);
    expect(await seriousViolations(page)).toEqual([]);

    // Before and after yesterday: the table, and the day kept in the address.
    await page.getByLabel("Before / after").fill(localDate(Date.now() - 86_400_000));
    const table = page.getByRole("table", { name: /Before and after/ });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await table.getByRole("row", { name: /First-contact resolution/ }).innerText()).toContain("%");
    expect(new URL(page.url()).searchParams.get("compare")).toBe(localDate(Date.now() - 86_400_000));
    await page.reload();
    await page.getByRole("table", { name: /Before and after/ }).waitFor({ timeout: STEP_TIMEOUT_MS });

    await page.setViewportSize({ width: 320, height: 640 });
    await handled.locator("canvas").first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // Nothing on the page is wider than the screen (the before/after table scrolls in its own box).
    const tooWide = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".numbers-card, .numbers-card canvas, .numbers-filters"))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => el.className),
    );
    expect(tooWide).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("is not in an agent's navigation, and an agent asking for the numbers is refused", async () => {
    const { server, browser, ws } = e2e;
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByLabel("Email").fill(PEOPLE.agent.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.waitFor();
    // The team's numbers are not theirs; their own are ("My numbers").
    await expect(nav.getByRole("link", { name: "Numbers", exact: true }).count()).resolves.toBe(0);
    await expect(nav.getByRole("link", { name: "My numbers", exact: true }).count()).resolves.toBe(1);
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    await expect(agent.call("GET", `/numbers?teamId=${ws.teamId}`)).rejects.toThrow(/403/);
    await context.close();
  }, 60_000);
});

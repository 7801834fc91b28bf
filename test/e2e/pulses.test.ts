/**
 * Employee pulses (eNPS) in chromium against the real server: the team's lead starts a pulse on the
 * Numbers page; the prompt appears on an agent's open page without a reload, and the agent answers
 * it with the keyboard; four more teammates answer over the API; the lead sees only the count while
 * it is open, closes it, and sees the eNPS, the table and the chart; the prompt leaves the screen of
 * the one teammate who did not answer. No serious accessibility
 * problem in the prompt or the section, on a laptop or a 320 px phone.
 */
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const AXE_SOURCE: string = (createRequire(import.meta.url)("axe-core") as { source: string }).source;
const QUESTION = "How likely are you to recommend working on this team to a friend?";
const NEWCOMER = { email: "noor@tagteam.test", name: "Noor Haddad" };
/** A sixth teammate who leaves the prompt unanswered: it leaves their screen when the lead closes the pulse. */
const QUIET = { email: "omar@tagteam.test", name: "Omar Farouk" };

/** Serious and critical axe violations inside `selector`. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run: (d: object, o: object) => Promise<AxeResults> } }).axe;
    const result = await axe.run(
      { include: [include] },
      { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    );
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, selector);
}

/** Signed in through the form, in a context that lets axe's script in (the app's CSP would not). */
async function signedIn(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    bypassCSP: true,
    viewport: { width: 1366, height: 900 },
  });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return page;
}

describe.skipIf(!hasChromium)("employee pulses, in chromium", () => {
  const e2e = useChromiumWorkspace({
    setup: async ({ admin, ws }) => {
      // A fifth and a sixth teammate: a pulse shows results from five answers.
      for (const p of [NEWCOMER, QUIET])
        await admin.call("POST", "/people", {
          email: p.email,
          name: p.name,
          role: "agent",
          password: PASSWORD,
          teamIds: [ws.teamId],
        });
    },
  });

  it("a lead starts a pulse, five teammates answer (one through the prompt), the lead closes it and sees the eNPS", async () => {
    const { server, browser } = e2e;
    const errors: string[] = [];
    const agent = await signedIn(browser, server.url, PEOPLE.agent.email);
    agent.on("pageerror", (e) => errors.push(e.message));
    await agent.goto("/console");
    const quiet = await signedIn(browser, server.url, QUIET.email);
    quiet.on("pageerror", (e) => errors.push(e.message));
    const lead = await signedIn(browser, server.url, PEOPLE.lead.email);
    lead.on("pageerror", (e) => errors.push(e.message));
    await lead.goto("/numbers");
    const section = lead.getByRole("region", { name: "Employee pulse (eNPS)" });
    await section.getByText("No pulse has closed yet").waitFor({ timeout: STEP_TIMEOUT_MS });
    await section.getByLabel("Open for").selectOption("2");
    await section.getByRole("button", { name: "Start a pulse" }).click();
    await section.getByText("0 of 6 answered").waitFor({ timeout: STEP_TIMEOUT_MS });

    // The agents' pages were open before: the prompt arrives over the socket, no reload.
    const prompt = agent.getByRole("region", { name: /A quick, anonymous question from Customer Care/ });
    await prompt.waitFor({ timeout: STEP_TIMEOUT_MS });
    const quietPrompt = quiet.getByRole("region", { name: /A quick, anonymous question/ });
    await quietPrompt.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await seriousViolations(agent, ".pulse-prompt")).toEqual([]);
    const scale = prompt.getByRole("group", { name: QUESTION });
    // Keyboard: focus the 7, arrow right twice to the 9.
    await scale.getByRole("radio", { name: "7" }).focus();
    await agent.keyboard.press("Space");
    await agent.keyboard.press("ArrowRight");
    await agent.keyboard.press("ArrowRight");
    expect(await scale.getByRole("radio", { name: "9" }).isChecked()).toBe(true);
    await prompt
      .getByLabel("What would make this team a better place to work? (optional)")
      .fill("Quieter Mondays would help.");
    await prompt.getByRole("button", { name: "Send" }).click();
    await agent.getByText("Thank you: your answer is in, without your name.").waitFor();
    await agent.reload();
    await agent.getByRole("navigation", { name: "Main" }).waitFor();
    expect(await agent.getByRole("region", { name: /A quick, anonymous question/ }).count()).toBe(0);

    // Four more over the API: 10, 8, 6, 3 (with the 9: promoters 2, passives 1, detractors 2 → 0).
    const api = async (email: string) => ApiSession.signIn(server.url, email, PASSWORD);
    const leadApi = await api(PEOPLE.lead.email);
    const { pulses } = await leadApi.call<{ pulses: { id: string }[] }>("GET", "/pulses/mine");
    const pulseId = pulses[0]?.id ?? "";
    for (const [email, score] of [
      [PEOPLE.helper.email, 10],
      [PEOPLE.peer.email, 8],
      [NEWCOMER.email, 6],
      [PEOPLE.lead.email, 3],
    ] as const)
      await (await api(email)).call("POST", `/pulses/${pulseId}/answers`, { score });

    // Open: the count only.
    await lead.reload();
    await section.getByText("5 of 6 answered").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await section.getByRole("table", { name: "Past pulses" }).count()).toBe(0);
    expect(await seriousViolations(lead, ".pulse-section")).toEqual([]);
    await section.getByRole("button", { name: "Close now…" }).click();
    await section.getByRole("button", { name: "Close it now" }).click();

    const table = section.getByRole("table", { name: "Past pulses" });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    const row = table.getByRole("row").nth(1);
    expect(await row.getByRole("cell").allTextContents()).toEqual(["0", "5 / 6", "2", "1", "2"]);
    await section.locator(".pulse-chart canvas").waitFor({ timeout: STEP_TIMEOUT_MS });
    // Closed: the prompt leaves the sixth teammate's screen, no reload.
    await quietPrompt.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await section.getByText("Quieter Mondays would help.").waitFor();
    expect(await section.getByText(/The latest eNPS is 0 /).count()).toBe(1);
    // A new pulse may start again.
    await section.getByRole("button", { name: "Start a pulse" }).waitFor();
    expect(await seriousViolations(lead, ".pulse-section")).toEqual([]);

    // On a 320 px phone the section and the prompt fit: nothing scrolls the page sideways.
    await lead.setViewportSize({ width: 320, height: 640 });
    await section.scrollIntoViewIfNeeded();
    expect(await lead.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(errors).toEqual([]);
  }, 120_000);
});

/**
 * A lead reading one agent's numbers (Agents' numbers) in chromium against the real server: the
 * figures speak of the agent by name, not to the reader. The page used the agent's own second
 * person, so Lee read "You did not step into a teammate's conversation in the range" under "Help
 * you gave teammates" about Sam, as if it were about Lee. The agent's own page still says "you".
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, SCENARIOS, whisperIntoFirstThenClose } from "./seed.ts";

/** The summary line under a measure's chart, found by the measure's heading. */
const summaryOf = (page: Page, title: string) =>
  page.getByRole("region", { name: title, exact: true }).locator(".numbers-summary");

/** The measures' headings, in the page's order. */
const titlesOf = (page: Page) =>
  page
    .locator(".numbers-summary")
    .evaluateAll((els) => els.map((el) => el.closest("section")?.querySelector("h2, h3")?.textContent ?? ""));

describe.skipIf(!hasChromium)("a lead reads an agent's numbers, in chromium", () => {
  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(0, 2) },
    // Priya whispers into Sam's first conversation; then both are closed.
    setup: ({ server, admin }) => whisperIntoFirstThenClose(server.url, admin),
  });

  it("names the agent in every title and sentence; the agent's own page speaks to them", async () => {
    const { server, browser, ws } = e2e;
    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.goto(`/my-numbers?person=${ws.ids.agent}`);
    await lead.page.getByRole("heading", { level: 1, name: "Agents' numbers" }).waitFor();
    await summaryOf(lead.page, "Conversations")
      .getByText("2 conversations in the range")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await summaryOf(lead.page, "Help given to teammates").innerText()).toBe(
      `${PEOPLE.agent.name} did not step into a teammate's conversation in the range.`,
    );
    expect(await summaryOf(lead.page, "Recovered after help").innerText()).toMatch(
      new RegExp(`^Of 1 conversation where a teammate helped ${PEOPLE.agent.name}: `),
    );
    const leadTitles = await titlesOf(lead.page);
    expect(leadTitles).toContain("What their customers said");
    for (const title of leadTitles) expect(title).not.toMatch(/\b(you|your)\b/i);
    const summaries = await lead.page.locator(".numbers-summary").allInnerTexts();
    for (const summary of summaries) expect(summary).not.toMatch(/\b(you|your)\b/i);
    await lead.context.close();

    const agent = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent.page.goto("/my-numbers");
    await summaryOf(agent.page, "Help you gave teammates")
      .getByText("You did not step into a teammate's conversation in the range.")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await titlesOf(agent.page)).toEqual([
      "Your conversations",
      "Resolved at first contact",
      "Recovered after help",
      "Help you gave teammates",
      "Scorecard trend",
      "What your customers said",
    ]);
    await agent.context.close();
  }, 90_000);
});

/**
 * An agent disputes a QA score and their lead resolves it, in chromium against the real server:
 * the agent's card has a Dispute action per item with a reason box; the lead's QA page lists the
 * dispute to resolve (with its count), opens the card at the disputed item, with the reason and the
 * lines tagteam quoted, and changes the score with a note (on a phone); the agent's card shows the
 * outcome as it happens.
 * An agent had no say when the engine's score was wrong.
 */
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

const REASON = "I said sorry twice and offered to look into it: that is acknowledging how Dana felt.";
const NOTE = "Fair: the apology was there, the blame on the warehouse was the problem.";

describe.skipIf(!hasChromium)("a QA dispute, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: { only: SCENARIOS.slice(0, 1) } });

  it("the agent disputes an item, the lead changes it on a phone, the agent sees the outcome", async () => {
    const { server, browser } = e2e;
    const shots = process.env.TAGTEAM_SCREENSHOT_DIR;
    if (shots) mkdirSync(shots, { recursive: true });
    const conversationId = await e2e.openConversationId(SCENARIOS[0]?.customer ?? "");
    const leadApi = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await leadApi.call("POST", `/conversations/${conversationId}/close`);

    const agent = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent.page.setViewportSize({ width: 1366, height: 900 });
    await agent.page.goto(`/qa/${conversationId}`);
    await agent.page.getByRole("table", { name: "Scorecard items" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // No reason, no dispute: the button waits for words.
    await agent.page.getByRole("button", { name: "Dispute the empathy score" }).click();
    const box = agent.page.getByLabel("Why is the empathy score wrong?");
    await box.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await agent.page.getByRole("button", { name: "Send dispute" }).isDisabled()).toBe(true);
    await box.fill(REASON);
    await agent.page.getByRole("button", { name: "Send dispute" }).click();
    const entry = agent.page.getByRole("listitem", { name: "Dispute: Empathy" });
    await entry.getByText("Waiting for a lead").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await entry.textContent()).toContain(REASON);
    // The item is marked, and its Dispute action gone while the dispute is open.
    await agent.page
      .getByRole("table", { name: "Scorecard items" })
      .getByText("disputed")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await agent.page.getByRole("button", { name: "Dispute the empathy score" }).count()).toBe(0);
    // So is the card in the list.
    const listed = agent.page.getByRole("list", { name: "Scorecards" }).getByText("disputed");
    await listed.waitFor({ timeout: STEP_TIMEOUT_MS });
    if (shots) await agent.page.screenshot({ path: `${shots}/agent-disputed-1366.png`, fullPage: true });

    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.setViewportSize({ width: 390, height: 844 });
    await lead.page.goto("/qa");
    const queue = lead.page.getByRole("list", { name: "Disputes to resolve" });
    await queue.waitFor({ timeout: STEP_TIMEOUT_MS });
    await lead.page.getByText("Disputes to resolve (1)").waitFor({ timeout: STEP_TIMEOUT_MS });
    // The navigation's Scorecards link counts it, from any page.
    await lead.page
      .getByLabel("1 dispute to resolve")
      .waitFor({ state: "attached", timeout: STEP_TIMEOUT_MS });
    if (shots) await lead.page.screenshot({ path: `${shots}/lead-queue-390.png`, fullPage: true });
    await queue.getByRole("link", { name: new RegExp(`${PEOPLE.agent.name} disputes empathy`) }).click();
    const disputed = lead.page.getByRole("listitem", { name: "Dispute: Empathy" });
    await disputed.waitFor({ timeout: STEP_TIMEOUT_MS });
    // The card opens at the disputed item: its row marked and on the screen (the queue above it and
    // the card's top had it below the fold), the keyboard at the dispute and its resolve form.
    await lead.page.waitForFunction(
      () => {
        const row = document.querySelector('table[aria-label="Scorecard items"] tr[aria-current="true"]');
        const box = row?.getBoundingClientRect();
        return box !== undefined && box.top >= 0 && box.bottom <= window.innerHeight;
      },
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
    expect(
      await lead.page.evaluate(
        () => document.querySelector('tr[aria-current="true"] > th')?.textContent ?? null,
      ),
    ).toBe("Empathy");
    expect(await disputed.evaluate((el) => el === document.activeElement)).toBe(true);
    if (shots) await lead.page.screenshot({ path: `${shots}/lead-at-dispute-390.png` });
    expect(await disputed.textContent()).toContain(REASON);
    // The lines tagteam quoted for the item, beside the agent's reason.
    expect(await disputed.textContent()).toContain("Lines tagteam quoted");
    const form = disputed.getByRole("form", { name: "Resolve the dispute of empathy" });
    await form.getByLabel("Decision").selectOption("change");
    await form.getByLabel("New empathy score").selectOption("3");
    await form.getByLabel(`Note to ${PEOPLE.agent.name}`).fill(NOTE);
    if (shots) await lead.page.screenshot({ path: `${shots}/lead-resolve-390.png`, fullPage: true });
    await form.getByRole("button", { name: "Resolve" }).click();
    await disputed.getByText("Changed to 3").waitFor({ timeout: STEP_TIMEOUT_MS });
    await lead.page.getByText("Disputes to resolve (0)").waitFor({ timeout: STEP_TIMEOUT_MS });
    await lead.page
      .getByLabel("1 dispute to resolve")
      .waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    // The page does not scroll sideways on the phone.
    expect(await lead.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The agent's open card follows without a reload: the outcome, the lead's note, the new score.
    await entry.getByText("Changed to 3").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await entry.textContent()).toContain(NOTE);
    const empathyRow = agent.page
      .getByRole("table", { name: "Scorecard items" })
      .getByRole("row")
      .filter({ hasText: "Empathy" });
    await empathyRow.getByText("lead").waitFor({ timeout: STEP_TIMEOUT_MS });
    await listed.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    // The card says it: no toast on top of it.
    expect(await agent.page.getByText("A lead changed the score you disputed").count()).toBe(0);
    if (shots) await agent.page.screenshot({ path: `${shots}/agent-outcome-1366.png`, fullPage: true });
    await agent.page.setViewportSize({ width: 390, height: 844 });
    if (shots) await agent.page.screenshot({ path: `${shots}/agent-outcome-390.png`, fullPage: true });
    await lead.context.close();
    await agent.context.close();
  }, 180_000);
});

/**
 * The escalation queue on a phone (390 px, and 320 px): each escalation is a card the screen's
 * width, its reason in full and "I’m on it" in view, nothing to scroll sideways. The reason column
 * was first squeezed to a letter a line (each row a screen tall), then the table scrolled sideways
 * in its panel, "I’m on it" a swipe past the reason.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS, postScenarios } from "./seed.ts";

const REASON = "Refund over my limit; the customer asked for a manager twice";

describe.skipIf(!hasChromium)("the escalation queue on a phone", () => {
  const e2e = useChromiumWorkspace();

  it("shows each escalation as a card, its reason whole and “I’m on it” in view", async () => {
    const { server, browser, ws, admin } = e2e;
    await postScenarios(server.url, ws, PEOPLE.agent.email, SCENARIOS.slice(1, 2));
    const { conversations } = await admin.call<{ conversations: { id: string; externalId: string }[] }>(
      "GET",
      "/conversations",
    );
    const conversation = conversations.find((c) => c.externalId === SCENARIOS[1]?.id);
    if (conversation === undefined) throw new Error("the seeded conversation is missing");
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    await agent.call("POST", `/conversations/${conversation.id}/escalate`, { reason: REASON });

    const { page, context } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto("/escalations");
      const reason = page.getByRole("cell", { name: REASON });
      await reason.waitFor({ timeout: STEP_TIMEOUT_MS });
      // The reason takes the card's width, a line or two, not a letter a line.
      expect((await reason.boundingBox())?.width).toBeGreaterThanOrEqual(width - 60);
      const row = page.getByRole("row").filter({ hasText: REASON });
      expect((await row.boundingBox())?.height).toBeLessThan(260);
      // Nothing scrolls sideways: not the page, nor the table in its panel (no scrolling region).
      expect(await page.getByRole("region", { name: "Escalation queue" }).count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      const onIt = row.getByRole("button", { name: /^I’m on it/ });
      const box = await onIt.boundingBox();
      expect(box !== null && box.x >= 0 && box.x + box.width <= width).toBe(true);
    }
    const row = page.getByRole("row").filter({ hasText: REASON });
    await row.getByRole("button", { name: /^I’m on it/ }).click();
    await row.getByText(/^Taken on by \S+$/).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
    await context.close();
  }, 90_000);
});

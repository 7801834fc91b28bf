/**
 * The escalation queue on a phone (320 px): a reason keeps room for its words and the table scrolls
 * sideways in its panel to the lead's "I’m on it". The reason column was squeezed to a letter a
 * line, so each row was a screen tall.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS, postScenarios } from "./seed.ts";

const REASON = "Refund over my limit; the customer asked for a manager twice";

describe.skipIf(!hasChromium)("the escalation queue on a phone", () => {
  const e2e = useChromiumWorkspace();

  it("gives the reason room and reaches “I’m on it” by scrolling the table", async () => {
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
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto("/escalations");
    const reason = page.getByRole("cell", { name: REASON });
    await reason.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect((await reason.boundingBox())?.width).toBeGreaterThanOrEqual(200);
    const row = page.getByRole("row").filter({ hasText: REASON });
    expect((await row.boundingBox())?.height).toBeLessThan(200);
    const onIt = row.getByRole("button", { name: "I’m on it" });
    await onIt.scrollIntoViewIfNeeded();
    await onIt.click();
    await row.getByText(/^Taken on by \S+$/).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
    await context.close();
  }, 90_000);
});

/**
 * The phone's Menu badge (alerts for me + escalations waiting) against the escalation queue, in
 * chromium at 390 × 844: an admin's page counts their teams' waiting escalations; a lead the
 * escalation was asked of takes it on elsewhere.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN, ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS, postScenarios } from "./seed.ts";

describe.skipIf(!hasChromium)("the phone's Menu badge", () => {
  const e2e = useChromiumWorkspace();

  it("agrees with the escalation queue once the escalation is taken on elsewhere", async () => {
    const { server, browser, ws, admin } = e2e;
    await postScenarios(server.url, ws, PEOPLE.agent.email, SCENARIOS.slice(1, 2));
    const { conversations } = await admin.call<{ conversations: { id: string; externalId: string }[] }>(
      "GET",
      "/conversations",
    );
    const conversation = conversations.find((c) => c.externalId === SCENARIOS[1]?.id)!;
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const made = await agent.call<{ intervention: { id: string } }>(
      "POST",
      `/conversations/${conversation.id}/escalate`,
      { reason: "The customer asked for a manager twice" },
    );

    const { page, context } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/floor");
    const menu = page.getByRole("button", { name: /^Menu/ });
    const badge = menu.locator(".nav-count");
    await expect.poll(() => badge.textContent(), { timeout: STEP_TIMEOUT_MS }).toBe("1");

    // The lead it was asked of takes it on, from their own screen.
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/interventions/${made.intervention.id}/acknowledge`, {});

    await menu.click();
    await page.getByRole("link", { name: /^Escalations/ }).click();
    await page.getByText(/^Taken on by /).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByText("waiting", { exact: true }).count()).toBe(0);
    // Nothing waits: the badge says so too.
    await expect.poll(() => badge.count(), { timeout: 3_000 }).toBe(0);
    await context.close();
  }, 90_000);
});

/**
 * The agent's console in chromium against the real server: what it tells the agent about their own
 * promises to customers.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, postScenarios } from "./seed.ts";

describe.skipIf(!hasChromium)("the agent's console, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("with no conversations assigned, says so and what will open where, not to pick one", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.peer.email, PASSWORD);
    await page.goto("/console");
    await page.getByText("No conversations assigned to you.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await page
      .getByText("No conversation to open. When one is assigned to you, it opens here to read and answer.")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    // It said "Pick a conversation." beside the empty list.
    expect(await page.getByText(/^Pick/).count()).toBe(0);
    await context.close();
  }, 60_000);

  it("names the customer of each commitment, in a conversation since closed too", async () => {
    const { server, browser, ws } = e2e;
    const scenario = {
      id: "hd-console-promise",
      customer: "Nadia Brooks",
      topic: "shipping",
      channel: "email",
      lines: [
        ["customer", "My parcel never arrived. Can someone look into it?"],
        ["agent", "I'll email you the tracking update by tomorrow at 10am."],
      ],
    } as const;
    await postScenarios(server.url, ws, PEOPLE.agent.email, [scenario]);
    const conversationId = await e2e.openConversationId(scenario.customer);
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/close`);
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto("/console");
    const item = page
      .getByRole("list", { name: "My commitments" })
      .getByRole("listitem")
      .filter({ hasText: "tracking update" });
    await item.waitFor({ timeout: STEP_TIMEOUT_MS });
    // It read "conversation" once the conversation had left the open list.
    await item.getByRole("link", { name: scenario.customer }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);
});

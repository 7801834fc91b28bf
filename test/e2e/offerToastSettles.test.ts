/**
 * A teammate's offer to take over comes as a toast ("… offers to take over", with Answer). Once
 * the agent has answered it on the console, the toast goes at once: it stayed for its full turn
 * behind older toasts, asking about an offer already answered.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("the toast of an offer to take over, in chromium", () => {
  let conversationId: string;
  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(2, 3) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[2]!.customer);
    },
  });

  it("goes as soon as the agent answers the offer, while older toasts stay", async () => {
    const { server, browser } = e2e;
    const { context, page, welcomed } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Skill map" }).click();
    await page.getByRole("heading", { name: "Skill map" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);

    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const toast = (text: string) => page.getByRole("status").filter({ hasText: text });
    const whispers = toast(`${PEOPLE.lead.name} whispered a suggestion`);
    const offer = toast(`${PEOPLE.lead.name} offers to take over`);
    // Toasts leave oldest first, nine seconds apart: three whispers keep the offer up for ~36 s.
    await Promise.all(
      [1, 2, 3].map(() =>
        lead.call("POST", `/conversations/${conversationId}/step-in`, {
          kind: "whisper",
          text: "Ask which day suits them for the callback.",
        }),
      ),
    );
    await expect.poll(() => whispers.count(), { timeout: STEP_TIMEOUT_MS }).toBe(3);
    await lead.call("POST", `/conversations/${conversationId}/step-in`, {
      kind: "takeover_offer",
      text: "I know this refund case well.",
    });
    await offer.waitFor({ timeout: STEP_TIMEOUT_MS });

    // The agent goes to the console by the navigation (following the toast's Answer closes it).
    await nav.getByRole("link", { name: "My console" }).click();
    const prompt = page.getByRole("alertdialog", { name: /offers to take over this conversation/ });
    await prompt.getByRole("button", { name: "Decline, I’ve got it" }).click();
    await prompt.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await offer.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    // Gone because it was answered, not because its turn came: the older whispers are still up.
    expect(await whispers.count()).toBeGreaterThan(0);
    await context.close();
  });
});

/**
 * A helper who whispers from an alert's card, in chromium: the card leaves the list and a line says
 * what was done, with a way to follow the conversation they are now helping with. Walking loop 1:
 * the card vanished with nothing said ("Nothing needs you right now"), and the helper had no way
 * back to the customer but the menu.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, STEP_TIMEOUT_MS, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("acting on an alert from its card, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("says what was done and links to the conversation", async () => {
    const { server, browser, admin } = e2e;
    const conversationId = await e2e.postChat({
      id: "acted-notice-1",
      customer: "Nora Quinn",
      topic: "returns",
      lines: [
        ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ],
    });
    const { alerts } = await admin.call<{
      alerts: { conversationId: string; helperId: string | null; status: string }[];
    }>("GET", "/alerts?scope=team&status=all");
    const alert = alerts.find((a) => a.conversationId === conversationId && a.status === "raised");
    expect(alert?.helperId).toBeTruthy();
    const { people } = await admin.call<{ people: { id: string; email: string }[] }>("GET", "/people");
    const helper = people.find((p) => p.id === alert!.helperId)!;
    const { page } = await signInPage(browser, server.url, helper.email, PASSWORD);
    await page.goto("/alerts");
    const card = page.getByRole("article", { name: /Nora Quinn with/ });
    await card.getByRole("button", { name: "Whisper the suggestion" }).click({ timeout: STEP_TIMEOUT_MS });
    const status = page.getByRole("status").filter({ hasText: "You whispered the suggestion" });
    await status.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await status.innerText()).toContain(`You whispered the suggestion to ${PEOPLE.agent.name}`);
    await card.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await status.getByRole("link", { name: "Follow Nora Quinn’s conversation" }).click();
    await page.waitForURL(`**/conversations/${conversationId}`, { timeout: STEP_TIMEOUT_MS });
  }, 90_000);
});

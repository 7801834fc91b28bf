/**
 * A helper who whispers from an alert's card, in chromium: the card leaves the list and a line says
 * what was done, with a way to follow the conversation they are now helping with. Walking loop 1:
 * the card vanished with nothing said ("Nothing needs you right now"), and the helper had no way
 * back to the customer but the menu.
 */
import { describe, expect, it } from "vitest";
import {
  hasChromium,
  signInAsHelperOfWrongAnswer,
  STEP_TIMEOUT_MS,
  useChromiumWorkspace,
} from "./fixture.ts";
import { PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("acting on an alert from its card, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("says what was done and links to the conversation", async () => {
    const { conversationId, page } = await signInAsHelperOfWrongAnswer(e2e, "acted-notice-1");
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

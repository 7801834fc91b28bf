/**
 * The helper's Alerts page, open while the agent puts right the wrong fact its alert asked to
 * correct, in chromium. The card kept asking them to "Correct it before it sticks" until a new
 * reading replaced it; the alert now ends with the correction, and the page drops the card at
 * once (the `alert.expired` event reaches it).
 */
import { describe, expect, it } from "vitest";
import {
  STEP_TIMEOUT_MS,
  hasChromium,
  signInAsHelperOfWrongAnswer,
  useChromiumWorkspace,
} from "./fixture.ts";

describe.skipIf(!hasChromium)("an alert whose wrong fact the agent puts right, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("leaves the helper's open Alerts page as the correction comes in", async () => {
    const { page, context } = await signInAsHelperOfWrongAnswer(e2e, "corrected-live");
    let welcomed = false;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if (String(f.payload).includes('"welcome"')) welcomed = true;
      }),
    );
    await page.goto("/alerts");
    const card = page.locator("article[data-alert-id]").filter({ hasText: "Nora Quinn" });
    await card
      .getByText("Correct it before it sticks", { exact: false })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);

    await e2e.postChat({
      id: "corrected-live",
      customer: "Nora Quinn",
      topic: "returns",
      lines: [
        ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
        ["agent", "I need to correct what I said: items can be returned within 30 days of delivery."],
      ],
    });
    await card.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await page
      .getByText("Nothing needs you right now", { exact: false })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);
});

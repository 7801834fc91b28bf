/**
 * A panel's title keeps its words whole on a phone. On the conversation page at 390 px, the
 * Transcript panel's head holds "marked: evidence the engine used" and the Close conversation
 * button beside the title, and the title broke mid-word ("Transc" / "ript"): a heading may break
 * anywhere (a customer's unbroken name must not widen the page), so the row squeezed it to a few
 * letters. Seen walking loop 1 as the helper who had taken the conversation over.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("a panel title on a phone, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("the conversation page's Transcript title stays one word at 390 × 844", async () => {
    const { server, browser } = e2e;
    const customer = "Rosa Delgado";
    const conversationId = await e2e.postChat({
      id: "panel-title-phone",
      customer,
      topic: "returns",
      lines: [
        ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ],
    });
    const { page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/conversations/${conversationId}`);
    await page.getByRole("button", { name: "Close conversation" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const title = page.getByRole("heading", { name: "Transcript", exact: true });
    // One line: as tall as one line of its own text, not two.
    const { height, lineHeight } = await title.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight:
        parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.4,
    }));
    expect(height).toBeLessThan(lineHeight * 1.5);
  });

  it("the console's conversation keeps the customer's name on one line beside the close prompt at 1366 × 768", async () => {
    const { server, browser } = e2e;
    const customer = "Maya Chen";
    const conversationId = await e2e.postChat({
      id: "panel-title-console",
      customer,
      topic: "returns",
      lines: [
        ["customer", "Hi, I'd like to return a jacket I bought. It arrived three weeks ago and doesn't fit."],
        ["agent", "Sorry to hear that, Maya. Let me look at your order."],
      ],
    });
    const { page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.goto(`/console/${conversationId}`);
    await page.getByRole("button", { name: "Close conversation" }).click();
    await page.getByRole("button", { name: "Keep it open" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // The actions went below the name rather than squeezing it onto two lines ("Maya" / "Chen").
    const title = page.getByRole("heading", { name: customer, exact: true });
    const { height, lineHeight } = await title.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight:
        parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.4,
    }));
    expect(height).toBeLessThan(lineHeight * 1.5);
  });
});

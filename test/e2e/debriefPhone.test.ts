/**
 * A debrief card on a phone shows the whole draft. Each box had one row per drafted line, and at
 * 390 px a line wraps to two or three rows: the rest of "what went well" was hidden behind a scroll
 * inside the box, which the agent had no reason to try.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("a debrief card on a phone, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("every box is tall enough for its text at 390 × 844", async () => {
    const { server, browser } = e2e;
    const customer = "Rosa Delgado";
    const conversationId = await e2e.postChat({
      id: "hd-debrief-phone",
      customer,
      topic: "refunds",
      lines: [
        ["customer", "I returned my headphones two weeks ago and I still haven't got my refund."],
        ["agent", "Sorry, I'm not sure, I think refunds can take up to 30 business days. It's not my fault."],
        ["customer", "You clearly don't know what you're doing. Your own website says 5 days."],
        [
          "agent",
          "You're right Rosa, I'm sorry: refunds reach your card within 5 business days. I'll email you the confirmation today.",
        ],
        ["customer", "Thank you, that's all I needed."],
      ],
    });
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    await helper.call("POST", `/conversations/${conversationId}/step-in`, {
      kind: "whisper",
      text: "Refunds take 5 business days: correct it and apologise.",
    });
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/close`);
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    await expect
      .poll(
        async () =>
          (
            await agent.call<{ debriefs: { conversationId: string }[] }>(
              "GET",
              `/debriefs?conversationId=${conversationId}`,
            )
          ).debriefs.length,
        { timeout: STEP_TIMEOUT_MS },
      )
      .toBeGreaterThan(0);

    const { page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/debriefs");
    const card = page.getByRole("form", { name: `Agent debrief — ${PEOPLE.agent.name}` });
    await card.waitFor({ timeout: STEP_TIMEOUT_MS });
    const boxes = card.locator("textarea");
    expect(await boxes.count()).toBe(3);
    const wentWell = await boxes.nth(0).inputValue();
    expect(wentWell.split("\n").length).toBeGreaterThan(1);
    const hidden = await boxes.evaluateAll((els) =>
      els.map((el) => el.scrollHeight - el.clientHeight).filter((overflow) => overflow > 1),
    );
    expect(hidden).toEqual([]);

    // Typing a longer line grows the box with it.
    const tryNext = boxes.nth(2);
    await tryNext.fill(
      "Check the knowledge base before quoting any figure, then say it once, plainly, with the date the customer can expect it, and what I will do if it does not come.",
    );
    expect(await tryNext.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
  }, 120_000);
});

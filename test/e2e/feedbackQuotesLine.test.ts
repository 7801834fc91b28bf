/**
 * Feedback about a conversation quotes the receiver's own line, in chromium against the real
 * server. The composer asked the writer to "quote them" but had no way to see the conversation: a
 * lead reading a scorecard went to Feedback, picked the agent, and wrote from memory, with nothing
 * linking the feedback to the conversation. "Give feedback" on a scorecard now opens the composer to
 * that agent, about that conversation, with the agent's own lines to quote (found walking loops 2
 * and 3).
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const UNSURE = "Um, I think it might be with the courier, I'm not sure to be honest.";

describe.skipIf(!hasChromium)("Feedback from a scorecard, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("opens the composer to the card's agent, quotes their line and links the conversation", async () => {
    const { server, browser } = e2e;
    const id = await e2e.postChat({
      id: "fb-quote-1",
      customer: "Maya Lopez",
      topic: "shipping",
      lines: [
        ["customer", "My parcel never arrived. Where is it?"],
        ["agent", UNSURE],
        ["customer", "That's not good enough. I need it this week."],
        ["agent", "I'll call you back tomorrow with the courier's answer."],
      ],
    });
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${id}/close`);
    // The scorecard is written by the loop-2 processor just after the close commits.
    for (let i = 0; i < 100; i++) {
      const scored = await lead.call("GET", `/conversations/${id}/scorecard`).then(
        () => true,
        () => false,
      );
      if (scored) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const { page, context } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`/qa/${id}`);
    await page.getByRole("link", { name: "Give feedback" }).click({ timeout: STEP_TIMEOUT_MS });
    await page.getByRole("heading", { level: 1, name: "Feedback" }).waitFor();
    await page
      .getByRole("list", { name: "Their lines in this conversation" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("combobox", { name: "To" }).inputValue()).toBe(e2e.ws.ids.agent);
    await page.getByRole("button", { name: `Quote “${UNSURE}”` }).click();
    const box = page.getByRole("textbox", { name: /^Feedback/ });
    expect(await box.inputValue()).toBe(`When you said “${UNSURE}”, `);
    await box.press("End");
    await box.pressSequentially(
      "the customer pushed back straight away. Next time, check the tracking first and give her the date.",
    );
    await page.getByRole("button", { name: "Send privately" }).click();
    await page.getByText(/^Sent privately to Sam Ortiz/).waitFor({ timeout: STEP_TIMEOUT_MS });
    // The thread links the conversation it is about.
    expect(
      await page
        .getByRole("article", { name: "Feedback to Sam Ortiz" })
        .getByRole("link", { name: "Its conversation" })
        .getAttribute("href"),
    ).toBe(`/conversations/${id}`);
    await context.close();

    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const { feedback } = await agent.call<{ feedback: { conversationId: string | null; text: string }[] }>(
      "GET",
      "/feedback",
    );
    expect(feedback[0]).toMatchObject({ conversationId: id });
    expect(feedback[0]?.text.startsWith(`When you said “${UNSURE}”, the customer pushed back`)).toBe(true);
  }, 120_000);
});

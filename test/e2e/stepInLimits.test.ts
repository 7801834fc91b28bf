/**
 * A teammate stepping in from the conversation page, in chromium against the real server: the
 * whisper, the warm transfer's note and the escalation's reason stop at the server's limits and
 * say so near them, instead of being refused after they were written.
 */
import { describe, expect, it } from "vitest";
import { HANDOVER_NOTE_MAX_CHARS, WHISPER_MAX_CHARS } from "../../src/protocol/http.ts";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("stepping in, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: { only: SCENARIOS.slice(0, 1) } });

  it("the whisper, transfer note and escalation reason stop at the server's limits", async () => {
    const { server, browser } = e2e;
    const conversationId = await e2e.openConversationId(SCENARIOS[0]?.customer ?? "");
    const { context, page } = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await page.goto(`/conversations/${conversationId}`);
    const long = "Ask which day suits them, and name the date the refund lands. ".repeat(60);

    await page.getByRole("button", { name: "Whisper…" }).click({ timeout: STEP_TIMEOUT_MS });
    const whisper = page.getByLabel(/Whisper to the agent/);
    await whisper.fill(long);
    expect((await whisper.inputValue()).length).toBe(WHISPER_MAX_CHARS);
    await page
      .getByRole("status")
      .filter({ hasText: "That is the limit: 1,000 characters." })
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    await page.getByRole("button", { name: "Warm transfer…" }).click();
    const note = page.getByLabel("Note for the receiver (added to the summary)");
    await note.fill(long);
    expect((await note.inputValue()).length).toBe(HANDOVER_NOTE_MAX_CHARS);

    await page.getByRole("button", { name: "Escalate…" }).click();
    const reason = page.getByLabel("Why escalate (the lead reads this)");
    await reason.fill(long);
    expect((await reason.inputValue()).length).toBe(HANDOVER_NOTE_MAX_CHARS);
    await context.close();
  }, 120_000);
});

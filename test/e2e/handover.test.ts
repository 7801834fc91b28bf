/**
 * A warm transfer in real browsers: the lead hands a conversation to a teammate from its page; the
 * teammate, with tagteam open on their console, is told at once and finds the handover summary
 * (what the customer asked, where it stands, the lead's note) above the conversation. The summary
 * used to be stored and shown nowhere the receiver works: no notification, nothing on the console.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const NOTE = "She has tried the app twice already; the refund is approved.";

describe.skipIf(!hasChromium)("a handover reaches whoever takes the conversation, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: true });

  it("the receiver is told, and reads the summary and the note on their console", async () => {
    const { server, browser } = e2e;
    const conversationId = await e2e.openConversationId("Dana Whitfield");

    const { page: receiver } = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await receiver.goto("/console");
    await receiver.getByRole("heading", { name: "My console" }).waitFor();

    const { page: lead } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.goto(`/conversations/${conversationId}`);
    await lead.getByRole("button", { name: "Warm transfer…" }).click();
    const to = lead.getByLabel("Transfer to");
    const value = await to.locator("option", { hasText: PEOPLE.helper.name }).getAttribute("value");
    await to.selectOption(value ?? "");
    await lead.getByLabel(/Note for the receiver/).fill(NOTE);
    await lead.getByRole("button", { name: "Transfer with summary" }).click();

    await receiver
      .getByText("A conversation was handed to you, with a summary")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await receiver.getByRole("link", { name: "Open it" }).click();
    await receiver.waitForURL(new RegExp(`/console/${conversationId}$`));
    const note = receiver.getByRole("region", { name: "Handed over to you" });
    await note.waitFor({ timeout: STEP_TIMEOUT_MS });
    const text = await note.innerText();
    expect(text).toContain(`${PEOPLE.lead.name} handed this conversation to you`);
    expect(text).toContain("Dana Whitfield");
    expect(text).toContain(`Note from ${PEOPLE.lead.name}: ${NOTE}`);
    // The conversation is theirs now: they can reply.
    expect(await receiver.getByRole("button", { name: "Send" }).count()).toBeGreaterThan(0);
  }, 90_000);

  it("a helper who offered and moved on is told the agent accepted, and finds the summary", async () => {
    const { server, browser } = e2e;
    const conversationId = await e2e.openConversationId("Marcus Lee");
    const helper = await ApiSession.signIn(server.url, PEOPLE.peer.email, PASSWORD);
    const { intervention: offer } = await helper.call<{ intervention: { id: string } }>(
      "POST",
      `/conversations/${conversationId}/step-in`,
      { kind: "takeover_offer" },
    );
    // The helper has gone on to other things.
    const { page } = await signInPage(browser, server.url, PEOPLE.peer.email, PASSWORD);
    await page.goto("/alerts");
    await page.getByRole("heading", { name: "Alerts for me" }).waitFor();
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    await agent.call("POST", `/interventions/${offer.id}/accept`, {});

    await page
      .getByText("Your offer was accepted: the conversation is yours now")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByRole("link", { name: "Open it" }).click();
    await page.waitForURL(new RegExp(`/console/${conversationId}$`));
    const note = page.getByRole("region", { name: "Handed over to you" });
    await note.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await note.innerText()).toContain(`${PEOPLE.agent.name} accepted your offer to take over`);
    expect(await note.innerText()).toContain("Marcus Lee");
  }, 90_000);
});

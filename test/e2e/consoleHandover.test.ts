/**
 * The agent hands a conversation over, or escalates it, from their console, with a teammate
 * watching theirs at the same time. The console offered only "Raise a hand" and "Close": an agent
 * whose customer asked for "someone who can" had to leave the chat for the conversation's own page
 * (through Conversations) to find the warm transfer or the escalation.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const NOTE = "She wants a $50 credit for the wait; I can't give credits.";

describe.skipIf(!hasChromium)("handing over from the agent's console, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("a warm transfer reaches the teammate with its summary, and the agent's chat says who has it", async () => {
    const { server, browser } = e2e;
    const customer = "Rosa Delgado";
    const conversationId = await e2e.postChat({
      id: "hd-console-handover",
      customer,
      topic: "refunds",
      lines: [
        ["customer", "My refund for order 88412 still hasn't arrived after two weeks."],
        ["agent", "Let me look into order 88412 for you."],
        ["customer", "And I want a $50 credit for the hassle, or get me someone who can."],
      ],
    });

    const { page: receiver } = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await receiver.goto("/console");
    await receiver.getByRole("heading", { name: "My console" }).waitFor();

    const { page: agent } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent.goto(`/console/${conversationId}`);
    const handOver = agent.getByRole("region", { name: "Hand over or escalate" });
    await handOver.getByRole("button", { name: "Warm transfer…" }).click({ timeout: STEP_TIMEOUT_MS });
    const to = handOver.getByLabel("Transfer to");
    const options = await to.locator("option").allInnerTexts();
    // Teammates of the conversation's team, never the agent themself.
    expect(options.some((o) => o.startsWith(PEOPLE.agent.name))).toBe(false);
    const value = await to.locator("option", { hasText: PEOPLE.helper.name }).getAttribute("value");
    await to.selectOption(value ?? "");
    await handOver.getByLabel(/Note for the receiver/).fill(NOTE);
    await handOver.getByRole("button", { name: "Transfer with summary" }).click();

    // The agent's chat says it is with the teammate now; the hand-over panel is gone with it.
    await agent
      .getByText(`${PEOPLE.helper.name} has taken over this conversation.`)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await agent.getByRole("region", { name: "Hand over or escalate" }).count()).toBe(0);

    await receiver
      .getByText("A conversation was handed to you, with a summary")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await receiver.getByRole("link", { name: "Open it" }).click();
    const note = receiver.getByRole("region", { name: "Handed over to you" });
    await note.waitFor({ timeout: STEP_TIMEOUT_MS });
    const text = await note.innerText();
    expect(text).toContain(`${PEOPLE.agent.name} handed this conversation to you`);
    expect(text).toContain(`Note from ${PEOPLE.agent.name}: ${NOTE}`);
  }, 120_000);

  it("an escalation goes to the lead, with the agent's reason", async () => {
    const { server, browser } = e2e;
    const customer = "Marta Quinn";
    const conversationId = await e2e.postChat({
      id: "hd-console-escalate",
      customer,
      topic: "billing",
      lines: [
        ["customer", "You charged me twice for March."],
        ["agent", "I can see both charges; let me check what I can do."],
      ],
    });
    const { page: agent } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD, "tablet");
    await agent.goto(`/console/${conversationId}`);
    const handOver = agent.getByRole("region", { name: "Hand over or escalate" });
    await handOver.getByRole("button", { name: "Escalate…" }).click({ timeout: STEP_TIMEOUT_MS });
    await handOver.getByLabel(/Why escalate/).fill("Refunding a double charge is above my limit.");
    await handOver.getByRole("button", { name: "Escalate to a lead" }).click();
    // The form closes once the server took it.
    await handOver.getByLabel(/Why escalate/).waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    expect(await handOver.getByRole("alert").count()).toBe(0);

    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const { interventions } = await lead.call<{
      interventions: { conversationId: string; kind: string; fromName: string | null; text: string | null }[];
    }>("GET", "/interventions?scope=team&kind=escalation");
    const escalation = interventions.find((i) => i.conversationId === conversationId);
    expect(escalation?.fromName).toBe(PEOPLE.agent.name);
    expect(escalation?.text).toBe("Refunding a double charge is above my limit.");
  }, 120_000);

  it("the lead handed the conversation they took on is not told they may join or take it over", async () => {
    const { server, browser, ws } = e2e;
    const customer = "Lina Park";
    const conversationId = await e2e.postChat({
      id: "hd-console-escalated-to-me",
      customer,
      topic: "billing",
      lines: [
        ["customer", "I was charged twice and I want it back today."],
        ["agent", "I can see both charges; let me find out who can refund one today."],
      ],
    });
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const { intervention } = await agent.call<{ intervention: { id: string } }>(
      "POST",
      `/conversations/${conversationId}/escalate`,
      { reason: "A double charge to refund today" },
    );
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/interventions/${intervention.id}/acknowledge`);
    await agent.call("POST", `/conversations/${conversationId}/transfer`, { toPersonId: ws.ids.lead });

    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`/console/${conversationId}`);
    await page.getByRole("region", { name: "Handed over to you" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByRole("region", { name: "Hand over or escalate" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    // "…; Lee Park has taken it on and may join or take it over", to Lee Park, about their own conversation.
    expect(await page.getByRole("status", { name: "Escalated" }).count()).toBe(0);
  }, 120_000);
});

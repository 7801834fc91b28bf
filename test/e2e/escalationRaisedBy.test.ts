/**
 * An escalation tagteam raised by the team's protocol says so wherever a lead reads it. It is stored
 * in the agent's name (the agent is told "tagteam, by the team's protocol, escalated this"), and the
 * lead's queue said "Raised by Sam Ortiz", the conversation's history "Escalation by Sam Ortiz": the
 * lead read that the agent had given up on a customer who had in fact asked for a manager.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, postScenarios } from "./seed.ts";

const BY_PROTOCOL = "tagteam (the team's protocol)";

describe.skipIf(!hasChromium)("who raised an escalation, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("the queue and the conversation's history name tagteam for the protocol's, the teammate for theirs", async () => {
    const { server, browser, ws } = e2e;
    await postScenarios(server.url, ws, PEOPLE.agent.email, [
      {
        id: "hd-auto-escalation",
        customer: "Rosa Delgado",
        topic: "refunds",
        channel: "chat",
        lines: [
          ["customer", "I returned my headphones two weeks ago and still have no refund."],
          ["agent", "Refunds can take up to 30 business days, so you'll just have to wait."],
          ["customer", "You clearly don't know what you're doing. I want a $50 credit for this."],
          [
            "agent",
            "I can't give credits, sorry, that's just the policy. There's nothing I can do about it.",
          ],
          [
            "customer",
            "Then get me someone who can. I want to speak to a manager right now, or I'm calling my lawyer.",
          ],
        ],
      },
      {
        id: "hd-teammate-escalation",
        customer: "Marta Quinn",
        topic: "billing",
        channel: "chat",
        lines: [
          ["customer", "You charged me twice for March."],
          ["agent", "I can see both charges; let me check what I can do."],
        ],
      },
    ]);
    const automatic = await e2e.openConversationId("Rosa Delgado");
    const byTeammate = await e2e.openConversationId("Marta Quinn");
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    await helper.call("POST", `/conversations/${byTeammate}/escalate`, {
      reason: "A double charge to refund",
    });
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const { interventions } = await lead.call<{
      interventions: { conversationId: string; alertId: string | null; fromName: string | null }[];
    }>("GET", "/interventions?scope=team&kind=escalation");
    // The protocol escalated the first itself (from its alert), in the agent's name.
    const stored = interventions.find((i) => i.conversationId === automatic);
    expect(stored?.alertId).not.toBeNull();
    expect(stored?.fromName).toBe(PEOPLE.agent.name);

    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/escalations");
    const rows = page.getByRole("table", { name: "Escalation queue" }).locator("tbody tr");
    const auto = rows.filter({ hasText: "Rosa Delgado" });
    const manual = rows.filter({ hasText: "Marta Quinn" });
    await auto.waitFor({ timeout: STEP_TIMEOUT_MS });
    await manual.waitFor({ timeout: STEP_TIMEOUT_MS });
    // The third column is "Raised by".
    expect(await auto.locator("td").nth(2).innerText()).toBe(BY_PROTOCOL);
    expect(await manual.locator("td").nth(2).innerText()).toBe(PEOPLE.helper.name);

    await page.goto(`/conversations/${automatic}`);
    const history = page.getByRole("list", { name: "Intervention history" });
    const entry = history.getByRole("listitem").filter({ hasText: "Escalation" });
    await entry.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await entry.innerText()).toContain(`Escalation by ${BY_PROTOCOL} → ${PEOPLE.lead.name}`);
  }, 120_000);
});

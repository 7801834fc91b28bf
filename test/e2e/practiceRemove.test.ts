/**
 * Removing a practice scenario, in chromium against the real server: the lead asks, confirms with a
 * second press that names what goes (the drills played on it), and the scenario leaves the list;
 * an agent has no such button.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, postMessage, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const LINES: readonly (readonly ["customer" | "agent", string])[] = [
  ["customer", "My refund never arrived and I already told you twice. I'm really angry."],
  ["agent", "Sorry, sorry, I'm not sure, maybe billing messed it up, it's not my fault."],
  ["customer", "You are useless. Get me a manager or I'm calling my lawyer."],
];

describe.skipIf(!hasChromium)("removing a practice scenario, in chromium", () => {
  let title = "";
  const e2e = useChromiumWorkspace({
    setup: async ({ server, ws }) => {
      let conversationId = "";
      for (const [i, [role, text]] of LINES.entries())
        conversationId = await postMessage(server.url, ws, {
          senderMessageId: `remove-${i}`,
          conversationId: "practice-remove",
          role,
          text,
          topic: "refunds",
          author: role === "agent" ? PEOPLE.agent.email : "Noor Haddad",
        });
      const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
      await lead.call("POST", `/conversations/${conversationId}/close`);
      const { scenario } = await lead.call<{ scenario: { id: string; title: string } }>(
        "POST",
        "/practice/scenarios",
        { conversationId },
      );
      title = scenario.title;
      const agent = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
      await agent.call("POST", "/practice/sessions", { scenarioId: scenario.id });
    },
  });

  it("the lead removes it after a second press; an agent cannot", async () => {
    const { server, browser } = e2e;
    const agent = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await agent.page.goto("/practice");
    const agentList = agent.page.getByRole("list", { name: "Practice scenarios" });
    await agentList.getByText(title).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await agentList.getByRole("button", { name: /Remove/ }).count()).toBe(0);
    await agent.context.close();

    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.goto("/practice");
    const list = lead.page.getByRole("list", { name: "Practice scenarios" });
    await list
      .getByRole("button", { name: `Remove the scenario: ${title}` })
      .click({ timeout: STEP_TIMEOUT_MS });
    const confirm = list.getByRole("group", { name: `Remove: ${title}` });
    await expect(confirm.innerText()).resolves.toContain("The drills played on it go with it.");
    await confirm.getByRole("button", { name: "Remove it" }).click();
    await lead.page
      .getByRole("status")
      .filter({ hasText: `Scenario removed: “${title}”, with 1 drill.` })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await lead.page.getByText("No scenarios yet.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await lead.context.close();
  }, 90_000);
});

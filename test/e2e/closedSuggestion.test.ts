/**
 * A closed conversation suggests no step. Walking loop 1, the lead opened a conversation that had
 * just closed calmly and its Diagnosis still said "Suggested step: Escalate — Don't argue the legal
 * point…", the last reading's suggestion, as if something were still to do.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, postScenarios } from "./seed.ts";

describe.skipIf(!hasChromium)("a closed conversation's diagnosis, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("says the conversation has ended instead of the last suggestion", async () => {
    const { server, browser, ws } = e2e;
    const customer = "Rosa Delgado";
    await postScenarios(server.url, ws, PEOPLE.agent.email, [
      {
        id: "closed-suggestion",
        customer,
        topic: "returns",
        channel: "chat",
        lines: [
          ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
          ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
        ],
      },
    ]);
    const conversationId = await e2e.openConversationId(customer);
    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`/conversations/${conversationId}`);
    const diagnosis = page.getByRole("heading", { name: "Suggested step" }).locator("..");
    await diagnosis
      .getByText("Correct it before it sticks", { exact: false })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", `/conversations/${conversationId}/close`);
    await diagnosis
      .getByText("None: the conversation has ended.", { exact: false })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await diagnosis.getByText("Correct it before it sticks", { exact: false }).count()).toBe(0);
  });
});

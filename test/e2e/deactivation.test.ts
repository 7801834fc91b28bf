/**
 * Someone leaves mid-shift, in a real browser against the real server: a teammate has offered to
 * take over the agent's conversation and the agent's console asks them to answer; an admin
 * deactivates that teammate, and the agent's console drops the question by itself (the
 * `intervention.withdrawn` event); the conversation's history says why.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("deactivating someone mid-shift, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: true });

  it("a takeover offer from someone deactivated leaves the agent's console on its own", async () => {
    const { server, browser, admin, ws } = e2e;
    const conversationId = await e2e.openConversationId("Aisha Khan");
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    await helper.call("POST", `/conversations/${conversationId}/step-in`, { kind: "takeover_offer" });

    const { page: agent } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent.goto(`/console/${conversationId}`);
    const question = agent.getByRole("heading", {
      name: `${PEOPLE.helper.name} offers to take over this conversation`,
    });
    await question.waitFor({ timeout: STEP_TIMEOUT_MS });

    await admin.call("PATCH", `/people/${ws.ids.helper}`, { active: false });
    await question.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });

    // The conversation's history says what happened to the offer.
    await agent.goto(`/conversations/${conversationId}`);
    await agent
      .getByRole("list", { name: "Intervention history" })
      .getByText("withdrawn: a teammate was deactivated")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const { interventions } = await admin.call<{
      interventions: { id: string; status: string; withdrawnReason: string | null }[];
    }>("GET", `/interventions?scope=team&teamId=${ws.teamId}&status=all`);
    expect(interventions.map((i) => [i.status, i.withdrawnReason])).toEqual([
      ["withdrawn", "person_deactivated"],
    ]);
  }, 120_000);
});

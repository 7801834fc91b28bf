/**
 * A conversation handed on, in chromium: its page says whose it is in the history and who has it
 * now. Sam answered Rosa and transferred her to Priya, who closed it; the history lists it under
 * Sam (his scorecard), while its own page said only "agent Priya Nair".
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("a conversation handed on, in chromium", () => {
  let conversationId = "";
  const e2e = useChromiumWorkspace({
    setup: async (w) => {
      conversationId = await w.postChat({
        id: "handed-on-header",
        customer: "Rosa Delgado",
        topic: "returns",
        lines: [
          ["customer", "My jacket arrived torn. Can I send it back?"],
          ["agent", "I'm sorry it arrived like that. Let me pass you to Priya, who handles returns."],
        ],
      });
      const sam = await ApiSession.signIn(w.server.url, PEOPLE.agent.email, PASSWORD);
      await sam.call("POST", `/conversations/${conversationId}/transfer`, { toPersonId: w.ws.ids.helper });
      const priya = await ApiSession.signIn(w.server.url, PEOPLE.helper.email, PASSWORD);
      await priya.call("POST", `/conversations/${conversationId}/close`);
    },
  });

  it("reads 'handled by Sam · now with Priya' once scored, as the history lists it under Sam", async () => {
    const { server, browser, admin } = e2e;
    // Scored in the background after the close: then the history counts it for Sam.
    await expect
      .poll(
        async () =>
          (
            await admin.call<{
              conversation: { creditedAgentName: string | null; assigneeName: string | null };
            }>("GET", `/conversations/${conversationId}`)
          ).conversation,
        { timeout: 60_000, interval: 500 },
      )
      .toMatchObject({ creditedAgentName: PEOPLE.agent.name, assigneeName: PEOPLE.helper.name });

    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto(`/conversations/${conversationId}`);
    await page.getByRole("heading", { name: "Rosa Delgado", level: 1 }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const header = page.locator("header.page-header");
    await header
      .getByText(`handled by ${PEOPLE.agent.name} · now with ${PEOPLE.helper.name}`)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await header.getByText(`agent ${PEOPLE.helper.name}`).count()).toBe(0);

    // The history lists it under the same person the page names first.
    await page.goto("/conversations?status=closed");
    const row = page.getByRole("table", { name: "Conversations" }).getByRole("row", { name: /Rosa Delgado/ });
    await row.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await row.innerText()).toContain(PEOPLE.agent.name);
    await context.close();
  }, 120_000);
});

/**
 * The lead's escalation queue in a real browser: an escalation still waiting comes first, above
 * those already handled (which used to come first, being older, so weeks of handled escalations
 * pushed today's waiting one to the bottom), and a handled one says when it was raised.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("the escalation queue, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: true });

  it("lists the waiting escalation first, then the handled one with when it was raised", async () => {
    const { server, browser } = e2e;
    const aisha = await e2e.openConversationId("Aisha Khan");
    const dana = await e2e.openConversationId("Dana Whitfield");
    const helper = await ApiSession.signIn(server.url, PEOPLE.helper.email, PASSWORD);
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    // Earlier: an escalation the lead already took on.
    const handled = await helper.call<{ intervention: { id: string } }>(
      "POST",
      `/conversations/${aisha}/escalate`,
      { reason: "Earlier: a refund over my limit" },
    );
    await lead.call("POST", `/interventions/${handled.intervention.id}/acknowledge`);
    await new Promise((r) => setTimeout(r, 50));
    // Now: one waiting for a lead.
    await helper.call("POST", `/conversations/${dana}/escalate`, {
      reason: "Now: customer asks for a manager",
    });

    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/escalations");
    const rows = page.getByRole("table", { name: "Escalation queue" }).locator("tbody tr");
    await rows.nth(1).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => rows.count()).toBe(2);

    const first = rows.nth(0);
    expect(await first.innerText()).toContain("Dana Whitfield");
    expect(await first.getByText("waiting", { exact: true }).count()).toBe(1);
    expect(await first.getByRole("button", { name: "I’m on it" }).count()).toBe(1);

    const second = rows.nth(1);
    expect(await second.innerText()).toContain("Aisha Khan");
    // What became of it, in words (e2a90c5): "Taken on by <who>", not the status word "accepted".
    expect(await second.getByText(/^Taken on by \S+$/).count()).toBe(1);
    // When it was raised (a clock time today), not a bare dash.
    expect(await second.locator("td").first().innerText()).toMatch(/\d{1,2}:\d{2}/);
  });
});

/**
 * Incident surge in a real browser: customers of three conversations report the checkout failing;
 * an agent's open app shows the banner without a reload, lists the conversations, and the lead
 * resolves it from the banner, which then goes away for everyone.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const REPORTS = [
  ["Dana Whitfield", "Your checkout keeps failing with error 502, I can't pay for my order"],
  ["Omar Haddad", "hi, the checkout page won't load at all"],
  ["Mei Lin", "Checkout is broken?? It keeps giving me error 502"],
] as const;

describe.skipIf(!hasChromium)("incident surge in chromium", () => {
  const e2e = useChromiumWorkspace({ env: { TAGTEAM_INCIDENT_THRESHOLD: "3" } });

  it("shows the banner live to the team, lists the conversations, and the lead resolves it", async () => {
    const { server, browser, ws } = e2e;
    const agent = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await agent.page.goto("/floor");
    await lead.page.goto("/floor");
    const bannerOf = (page: typeof agent.page) =>
      page.getByRole("region", { name: /Possible incident: \d+ customers report “checkout” not working/ });
    // Give both pages' sockets time to join their team's room before the surge.
    await agent.page.getByText("● live").waitFor({ timeout: STEP_TIMEOUT_MS });
    await lead.page.getByText("● live").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await bannerOf(agent.page).count()).toBe(0);

    for (const [i, [customer, text]] of REPORTS.entries()) {
      const r = await fetch(`${server.url}/api/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${ws.ingestToken}` },
        body: JSON.stringify({
          senderMessageId: `surge-${i}`,
          conversationId: `surge-${i}`,
          teamId: ws.teamId,
          channel: "chat",
          role: "customer",
          text,
          author: customer,
          at: new Date().toISOString(),
        }),
      });
      expect(r.status).toBe(200);
    }

    const banner = bannerOf(agent.page);
    await banner.waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => banner.textContent()).toContain("3 customers");
    // An agent sees no "Mark resolved": that is the lead's call.
    expect(await banner.getByRole("button", { name: "Mark resolved" }).count()).toBe(0);
    await banner.getByRole("button", { name: "Conversations" }).click();
    const list = banner.getByRole("list", { name: "Conversations reporting it" });
    await list.getByRole("listitem").nth(2).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await list.getByRole("link").allTextContents()).toEqual(
      expect.arrayContaining(["Dana Whitfield", "Omar Haddad", "Mei Lin"]),
    );
    // On the floor, the conversations that reported it say so.
    await agent.page
      .getByRole("row")
      .filter({ hasText: "Dana Whitfield" })
      .getByText("incident: checkout")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await agent.page.screenshot({ path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/incident-banner.png` });

    const leadBanner = bannerOf(lead.page);
    await leadBanner.waitFor({ timeout: STEP_TIMEOUT_MS });
    // On a phone the banner keeps to its headline and two buttons (it took a quarter of a 320 px
    // screen); since when and the latest report show once it is opened.
    await lead.page.setViewportSize({ width: 320, height: 640 });
    const since = leadBanner.getByText(/^since /);
    await since.waitFor({ state: "hidden", timeout: STEP_TIMEOUT_MS });
    expect((await leadBanner.boundingBox())?.height).toBeLessThan(120);
    await leadBanner.getByRole("button", { name: "Mark resolved" }).waitFor();
    await leadBanner.getByRole("button", { name: "Conversations" }).click();
    await since.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
    await leadBanner.getByRole("button", { name: "Hide conversations" }).click();
    await lead.page.setViewportSize({ width: 1366, height: 768 });
    await since.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
    await leadBanner.getByRole("button", { name: "Mark resolved" }).click();
    await leadBanner.getByLabel("What fixed it (optional)").fill("Payment provider restored their gateway");
    await leadBanner.getByRole("button", { name: "Resolve for the team" }).click();
    await leadBanner.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    // The agent's banner goes too, through the incident.resolved event.
    await banner.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    await agent.context.close();
    await lead.context.close();
  }, 90_000);
});

/**
 * On a phone with a banner showing (a possible incident), a short page's header bar keeps its own
 * height: the banner took the shell's first grid row and the bar the stretching one, so on a page
 * with little on it (Alerts, nothing open) the dark bar filled a third of the 320 px screen.
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

describe.skipIf(!hasChromium)("the header bar on a phone, under a banner", () => {
  const e2e = useChromiumWorkspace({ env: { TAGTEAM_INCIDENT_THRESHOLD: "3" } });

  it("keeps to its content's height on a short page", async () => {
    const { server, browser, ws } = e2e;
    const { page, context } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.setViewportSize({ width: 320, height: 640 });
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
    await page.goto("/alerts");
    await page.getByRole("region", { name: /Possible incident/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByText(/Nothing needs you right now/).waitFor({ timeout: STEP_TIMEOUT_MS });
    const bar = await page.getByRole("navigation", { name: "Main" }).boundingBox();
    expect(bar?.height).toBeLessThan(80);
    await context.close();
  }, 90_000);
});

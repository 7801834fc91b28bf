/**
 * An admin changes a lead's access while the lead's page is open, in a real browser against the
 * real server: demoted to agent, the page says so at once and its navigation becomes an agent's
 * (no reload, no reconnect); deactivated, the page goes to the sign-in page.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)(
  "an admin changes a lead's access while their page is open, in chromium",
  () => {
    const e2e = useChromiumWorkspace({ timeoutMs: 180_000 });

    it("says so and shows an agent's navigation once demoted, and the sign-in page once deactivated", async () => {
      const { server, browser, admin, ws } = e2e;
      const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: /^Escalations/ }).waitFor({ timeout: STEP_TIMEOUT_MS });
      const banner = page.getByRole("status").filter({ hasText: "An admin changed your role or teams" });
      expect(await banner.count()).toBe(0);

      await admin.call("PATCH", `/people/${ws.ids.lead}`, { role: "agent" });
      await banner.waitFor({ timeout: STEP_TIMEOUT_MS });
      await nav
        .getByRole("link", { name: /^Escalations/ })
        .waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
      await nav.getByRole("link", { name: "My console" }).waitFor({ timeout: STEP_TIMEOUT_MS });
      await banner.getByRole("button", { name: "Dismiss" }).click();
      await banner.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });

      await admin.call("PATCH", `/people/${ws.ids.lead}`, { active: false });
      await page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
      // The sign-in page says why.
      await page
        .getByRole("status")
        .filter({ hasText: "An admin deactivated your account, so you were signed out" })
        .waitFor({ timeout: STEP_TIMEOUT_MS });
    }, 120_000);

    it("says a session ended elsewhere was signed out, and says nothing after one's own sign-out", async () => {
      const { server, browser } = e2e;
      const here = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
      const there = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
      await here.page.goto("/floor");
      await there.page.goto("/floor");
      await here.page.getByText("● live").waitFor({ timeout: STEP_TIMEOUT_MS });
      await there.page.getByText("● live").waitFor({ timeout: STEP_TIMEOUT_MS });
      // Signed out from the other browser: "Sign out every other session" there.
      const r = await there.page.request.post(`${server.url}/api/v1/me/sessions/revoke-others`);
      expect(r.status()).toBe(200);
      await here.page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
      await here.page
        .getByRole("status")
        .filter({ hasText: "You were signed out: this session was ended" })
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      // One's own sign-out goes to the sign-in page of a fresh start page (it used to stay on the
      // last screen, "offline"), and needs no explaining. (The old page shows "Signing out…" until
      // then, never the form: waiting for the start page's address is waiting for the fresh page.)
      await there.page.getByRole("button", { name: "Sign out" }).click();
      await there.page.waitForURL(`${server.url}/`, { timeout: STEP_TIMEOUT_MS });
      await there.page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await there.page.getByText("You were signed out").count()).toBe(0);
      await here.context.close();
      await there.context.close();
    }, 120_000);
  },
);

/**
 * Admin → Integrations, "Where alerts go", in a real browser against the real server: an admin
 * pastes their organisation's Slack-style incoming webhook (a real local HTTP receiver stands in
 * for Slack), a bad address is refused at the field and nothing is saved, the page then shows only
 * the address's host and last four characters, and "Send a test" shows what the receiver answered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeReceiver } from "../server/fakeReceiver.ts";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

interface Settings {
  settings: { alertWebhook: { own: { host: string; urlLast4: string } | null } };
}

const SECRET_PATH = "/services/T0001/B0002/sEcReTpAtHxYz9";

describe.skipIf(!hasChromium)(
  "Admin → Integrations: the organisation's own alert webhook, in chromium",
  () => {
    const slack = new FakeReceiver();
    beforeAll(() => slack.start());
    afterAll(() => slack.stop());
    const e2e = useChromiumWorkspace({ helpdesk: false });

    it("sets the alert webhook, shows only its host and last four, and shows what a test got back", async () => {
      const { server, browser, admin } = e2e;
      const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
      await page.goto("/admin/integrations");
      const form = page.getByRole("form", { name: "Where alerts go" });
      await form.waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await form.getByTestId("alert-webhook-state").textContent()).toContain(
        "Alerts are shown in tagteam only",
      );

      // A bad address: said at the field, nothing saved.
      const address = form.getByLabel("Incoming webhook address");
      await address.fill("hooks.slack.com/services/x");
      await form.getByRole("button", { name: "Save alert webhook" }).click();
      await form.getByText(/Paste the incoming webhook’s address, starting with https:\/\//).waitFor();
      expect(await address.getAttribute("aria-invalid")).toBe("true");
      expect(
        (await admin.call<Settings>("GET", "/admin/integrations/settings")).settings.alertWebhook.own,
      ).toBeNull();

      await address.fill(slack.url(SECRET_PATH));
      await form.getByRole("button", { name: "Save alert webhook" }).click();
      await form
        .getByTestId("alert-webhook-state")
        .filter({ hasText: `posted to your webhook at ${new URL(slack.url()).host}, address ending xYz9` })
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      // The address is a secret: once saved it is not on the page, not even in the field.
      expect(await form.getByLabel("A new incoming webhook address").inputValue()).toBe("");
      expect(await page.content()).not.toContain("sEcReTpAtH");

      slack.answers.push({ status: 200, body: "ok" });
      await form.getByRole("button", { name: "Send a test" }).click();
      await form
        .getByRole("status")
        .filter({
          hasText:
            "Test delivered to your webhook. Your webhook answered 200: alerts will reach it. It said: “ok”.",
        })
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(slack.received.at(-1)?.url).toBe(SECRET_PATH);
      expect((slack.received.at(-1)?.body as { text: string }).text).toMatch(/^A test from tagteam/);

      // Slack refuses (the channel was deleted): the page says so, with Slack's own words.
      slack.answers.push({ status: 404, body: "channel_not_found" });
      await form.getByRole("button", { name: "Send a test" }).click();
      await form
        .getByRole("status")
        .filter({ hasText: "Test not delivered to your webhook. Your webhook answered 404" })
        .filter({ hasText: "It said: “channel_not_found”." })
        .waitFor({ timeout: STEP_TIMEOUT_MS });

      await page.reload();
      await form.waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await page.content()).not.toContain("sEcReTpAtH");
      if (process.env.TAGTEAM_SCREENSHOT_DIR)
        await form.screenshot({ path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/alert-webhook-settings.png` });
      await context.close();
    }, 120_000);
  },
);

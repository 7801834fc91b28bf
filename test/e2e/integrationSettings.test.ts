/**
 * Admin → Integrations, "Where replies and whispers go", in a real browser against the real server:
 * an admin sets the organisation's reply webhook (a real local HTTP receiver stands in for the
 * helpdesk), sees its secret once, sends a signed test and reads what the webhook answered; a bad
 * address is refused in the form and nothing is saved; then sets the organisation's Chatwoot, and
 * "Connect Chatwoot" says whispers and replies now go out through it.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeReceiver } from "../server/fakeReceiver.ts";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

interface Settings {
  settings: { replyWebhook: { own: { url: string } | null }; chatwoot: { own: { url: string } | null } };
}

describe.skipIf(!hasChromium)("Admin → Integrations: the organisation's own outlets, in chromium", () => {
  const helpdesk = new FakeReceiver();
  beforeAll(() => helpdesk.start());
  afterAll(() => helpdesk.stop());
  // No server-wide reply webhook: the organisation's own is the only one.
  const e2e = useChromiumWorkspace({ helpdesk: false });

  it("sets the reply webhook, shows its secret once, tests it, and sets Chatwoot", async () => {
    const { server, browser, admin } = e2e;
    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/integrations");
    const webhook = page.getByRole("form", { name: /Reply webhook/ });
    await webhook.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await webhook.getByTestId("reply-webhook-state").textContent()).toContain("are refused");
    // This server has no TAGTEAM_SECRETS_KEY: the page says what is saved is not encrypted, and how to fix it.
    expect(await page.getByTestId("secrets-unencrypted").textContent()).toContain(
      "stored unencrypted in tagteam’s database",
    );
    expect(await page.getByTestId("secrets-unencrypted").textContent()).toContain("TAGTEAM_SECRETS_KEY");

    // A bad address: said at the field, nothing saved.
    const address = webhook.getByLabel("Your helpdesk’s address for replies");
    await address.fill("ftp://helpdesk.example/replies");
    await webhook.getByRole("button", { name: "Save reply webhook" }).click();
    await webhook.getByText("Enter your helpdesk’s address, starting with https:// or http://.").waitFor();
    expect(await address.getAttribute("aria-invalid")).toBe("true");
    expect(
      (await admin.call<Settings>("GET", "/admin/integrations/settings")).settings.replyWebhook.own,
    ).toBeNull();

    await address.fill(helpdesk.url("/replies"));
    await webhook.getByRole("button", { name: "Save reply webhook" }).click();
    const secretField = webhook.getByTestId("reply-webhook-secret");
    await secretField.waitFor({ timeout: STEP_TIMEOUT_MS });
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await webhook.getByTestId("reply-webhook-state").textContent()).toContain(
      `posted to ${helpdesk.url("/replies")}, signed with the secret ending ${secret.slice(-4)}`,
    );

    await webhook.getByRole("button", { name: "Send a test" }).click();
    await webhook
      .getByRole("status")
      .filter({
        hasText: "Test delivered to your webhook. Your webhook answered 200: replies will reach it.",
      })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const post = helpdesk.received.at(-1);
    expect(post?.body).toMatchObject({ type: "test" });
    const [t, v1] = String(post?.headers["x-tagteam-signature"])
      .split(",")
      .map((p) => p.split("=")[1]);
    expect(createHmac("sha256", secret).update(`${t}.${post?.raw}`).digest("hex")).toBe(v1);

    // The receiver refuses: the page says so.
    helpdesk.answers.push(500);
    await webhook.getByRole("button", { name: "Send a test" }).click();
    await webhook
      .getByRole("status")
      .filter({ hasText: "Test not delivered to your webhook. Your webhook answered 500" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // Read again, the secret is not on the page: only its last four characters.
    await page.reload();
    await webhook.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await webhook.getByTestId("reply-webhook-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // Chatwoot: the first time, the token is needed.
    const chatwoot = page.getByRole("form", { name: /Chatwoot/ });
    expect(await page.getByRole("heading", { name: /Whispers and replies out/ }).textContent()).toContain(
      "Off",
    );
    await chatwoot.getByLabel(/Chatwoot’s address/).fill("https://chatwoot.example");
    await chatwoot.getByRole("button", { name: "Save Chatwoot" }).click();
    await chatwoot.getByText("Paste the access token: this Chatwoot has none yet.").waitFor();
    await chatwoot.getByLabel(/Access token of the Chatwoot user/).fill("cw-browser-token-9c1e");
    await chatwoot.getByRole("button", { name: "Save Chatwoot" }).click();
    await chatwoot
      .getByTestId("chatwoot-outlet-state")
      .filter({ hasText: "Token ending 9c1e" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("heading", { name: /Whispers and replies out/ }).textContent()).toContain(
      "On",
    );
    expect(await page.content()).not.toContain("cw-browser-token-9c1e");
    if (process.env.TAGTEAM_SCREENSHOT_DIR)
      await page.screenshot({
        path: `${process.env.TAGTEAM_SCREENSHOT_DIR}/integration-settings.png`,
        fullPage: true,
      });
    await context.close();
  }, 120_000);
});

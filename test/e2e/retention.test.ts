/**
 * Admin → Retention in chromium against the real server: the admin sees the server's default,
 * sets the organisation's own period, and finds it saved after a reload; a bad number is refused
 * before anything is sent.
 */
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import {
  ADMIN,
  ApiSession,
  CHROMIUM_PATH,
  ensureWebBuilt,
  launchBrowser,
  startServer,
  type RunningServer,
} from "./harness.ts";

const hasChromium = existsSync(CHROMIUM_PATH);
const STEP_TIMEOUT_MS = 20_000;

describe.skipIf(!hasChromium)("Admin → Retention, in chromium", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an admin sets how long closed conversations are kept, and it stays set", async () => {
    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/retention");
    const form = page.getByRole("form", { name: "Retention" });
    await form.getByText("kept for good").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const days = form.getByLabel("Days to keep closed conversations");
    await days.fill("0");
    await form.getByRole("alert").getByText("Days must be a whole number").waitFor();
    await expect(form.getByRole("button", { name: "Save retention" }).isDisabled()).resolves.toBe(true);
    await days.fill("90");
    await form.getByRole("button", { name: "Save retention" }).click();
    await form.getByRole("status").getByText("Saved.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.reload();
    await page
      .getByRole("form", { name: "Retention" })
      .getByText("erased 90 days after they close")
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    // The API says the same.
    const admin = await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password);
    await expect(admin.call("GET", "/admin/retention")).resolves.toMatchObject({
      retentionDays: 90,
      effectiveDays: 90,
    });
    await context.close();
  }, 60_000);
});

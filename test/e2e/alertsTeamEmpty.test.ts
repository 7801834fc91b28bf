/**
 * A lead's Alerts page, "Whole team", with no alert open in the team, in chromium: it says so of
 * the team. It said "Nothing needs you right now", a sentence about the lead's own alerts.
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
import { PASSWORD, PEOPLE, seedWorkspace } from "./seed.ts";

const hasChromium = existsSync(CHROMIUM_PATH);

describe.skipIf(!hasChromium)("the whole team's alerts when none are open, in chromium", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    await seedWorkspace(await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("speaks of the team, not of the lead", async () => {
    const { page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/alerts?scope=team");
    await page.getByText("No open alerts in your teams right now.").waitFor();
    expect(await page.getByText(/Nothing needs you right now/).count()).toBe(0);
    await page.goto("/alerts");
    await page.getByText(/Nothing needs you right now/).waitFor();
  }, 60_000);
});

/**
 * Admin → Escalation protocol in chromium, as a person edits it: the minutes field can be cleared
 * and retyped (it snapped back to 1 at once, so clearing "5" to type "10" gave "110"), and saving
 * says it saved (the form started afresh with no word, so it looked like nothing happened).
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
import { seedWorkspace, type Workspace } from "./seed.ts";

const hasChromium = existsSync(CHROMIUM_PATH);

describe.skipIf(!hasChromium)("editing the escalation protocol, in chromium", () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiSession;
  let ws: Workspace;

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startServer();
    browser = await launchBrowser();
    admin = await ApiSession.signIn(server.url, ADMIN.email, ADMIN.password);
    ws = await seedWorkspace(admin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("retypes a level's minutes, saves, and says so", async () => {
    const { page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/protocol");
    const minutes = page.getByLabel("Minutes to acknowledge").first();
    await minutes.waitFor();
    // As a person does it: click at the end, delete what is there, type the new number.
    await minutes.click();
    await page.keyboard.press("End");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
    expect(await minutes.inputValue()).toBe("");
    await page.keyboard.type("10");
    expect(await minutes.inputValue()).toBe("10");

    await page.getByRole("button", { name: "Save protocol" }).click();
    const saved = page.getByRole("status").filter({ hasText: "Saved." });
    await saved.waitFor();
    expect(await saved.innerText()).toBe("Saved. Escalations from now on follow this protocol.");

    const { protocol } = await admin.call<{ protocol: { levels: { acknowledgeWithinMs: number }[] } }>(
      "GET",
      `/teams/${ws.teamId}/escalation-protocol`,
    );
    expect(protocol.levels[0]?.acknowledgeWithinMs).toBe(10 * 60_000);
    await page.reload();
    await page.getByLabel("Minutes to acknowledge").first().waitFor();
    expect(await page.getByLabel("Minutes to acknowledge").first().inputValue()).toBe("10");
  }, 60_000);
});

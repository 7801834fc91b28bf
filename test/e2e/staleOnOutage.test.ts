/**
 * While the server cannot be reached (a restart, a laptop waking), a page that already shows its
 * data keeps showing it under the offline banner: a refresh that failed used to replace the
 * conversation history and the journal with 'Cannot reach the server' until the server was back.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

/** Cuts the page off from the server, then makes it refresh what it shows (a focus after a while). */
async function refreshWhileUnreachable(page: Page): Promise<void> {
  await page.route("**/api/v1/**", (route) => route.abort("connectionrefused"));
  await page.clock.fastForward("02:00");
  await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
  await page.getByRole("status").filter({ hasText: "You are offline" }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.waitForLoadState("networkidle");
}

describe.skipIf(!hasChromium)("a page's data while the server cannot be reached, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: { only: SCENARIOS.slice(0, 1) } });

  it("keeps the conversation history and the journal on screen under the offline banner", async () => {
    const { server, browser } = e2e;
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", "/journal", { text: "Dana's return: ask for the order number first." });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto("/");
    await page.getByLabel("Email").fill(PEOPLE.lead.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.waitFor({ timeout: STEP_TIMEOUT_MS });
    const unreachable = page.getByText("Cannot reach the server");

    // The history, as the offline banner comes.
    await nav.getByRole("link", { name: "Conversations" }).click();
    const table = page.getByRole("table", { name: "Conversations" });
    await table.getByRole("link", { name: "Dana Whitfield" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await refreshWhileUnreachable(page);
    expect(await unreachable.count()).toBe(0);
    expect(await table.getByRole("link", { name: "Dana Whitfield" }).count()).toBe(1);

    // Back, then the journal, and the server goes again.
    await page.unroute("**/api/v1/**");
    await page.reload();
    await nav.getByRole("link", { name: "Journal" }).click();
    const entries = page.getByRole("list", { name: "Journal entries" });
    await entries.getByText("ask for the order number first").waitFor({ timeout: STEP_TIMEOUT_MS });
    await refreshWhileUnreachable(page);
    expect(await unreachable.count()).toBe(0);
    expect(await entries.getByText("ask for the order number first").count()).toBe(1);

    await page.unroute("**/api/v1/**");
    await context.close();
  }, 120_000);
});

/**
 * While the server cannot be reached (a restart, a laptop waking), a page that already shows its
 * data keeps showing it under the offline banner: a refresh that failed used to replace the
 * conversation history and the journal with 'Cannot reach the server' until the server was back.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, refreshWhileUnreachable, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("a page's data while the server cannot be reached, in chromium", () => {
  const e2e = useChromiumWorkspace({ scenarios: { only: SCENARIOS.slice(0, 1) } });

  it("keeps the conversation history and the journal on screen under the offline banner", async () => {
    const { server, browser } = e2e;
    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("POST", "/journal", { text: "Dana's return: ask for the order number first." });
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD, "laptop", {
      clock: true,
    });
    const nav = page.getByRole("navigation", { name: "Main" });
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

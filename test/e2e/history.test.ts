/**
 * The conversation history in chromium against the real server: a lead finds a conversation by a
 * part of the customer's name, opens it, and finds a closed one with the status filter.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("the conversation history, in chromium", () => {
  const e2e = useChromiumWorkspace({
    scenarios: true,
    setup: async (w) => {
      await w.admin.call("POST", `/conversations/${await w.openConversationId("Marcus Lee")}/close`);
    },
  });

  it("a lead finds a conversation by part of a name, opens it, and filters the closed ones", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Conversations" }).click();
    const table = page.getByRole("table", { name: "Conversations" });
    await table.getByRole("link", { name: "Dana Whitfield" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const filters = page.getByRole("search", { name: "Filter the conversations" });

    await filters.getByLabel("Customer or subject").fill("whitf");
    await expect
      .poll(() => table.getByRole("link").allInnerTexts(), { timeout: STEP_TIMEOUT_MS })
      .toEqual(["Dana Whitfield"]);
    await table.getByRole("link", { name: "Dana Whitfield" }).click();
    await page
      .getByRole("heading", { name: "Dana Whitfield", level: 1 })
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // Back returns to the search as it was (it lives in the address).
    await page.goBack();
    await expect.poll(() => filters.getByLabel("Customer or subject").inputValue()).toBe("whitf");
    await filters.getByRole("button", { name: "Clear filters" }).click();
    await filters.getByLabel("Status").selectOption("closed");
    await expect
      .poll(() => table.getByRole("link").allInnerTexts(), { timeout: STEP_TIMEOUT_MS })
      .toEqual(["Marcus Lee"]);
    await expect(table.getByText("closed by a teammate").count()).resolves.toBe(1);
    await filters.getByLabel("Customer or subject").fill("nobody by this name");
    await page.getByText("No conversation matches these filters.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 60_000);

  it("a lead's choice of the whole team's alerts lives in the address: a reload or a link keeps it", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await page.goto("/alerts");
    await page.getByRole("button", { name: "Whole team" }).click();
    await page
      .getByRole("table", { name: "What became of the team's alerts" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(new URL(page.url()).searchParams.get("scope")).toBe("team");
    await page.reload();
    await page
      .getByRole("table", { name: "What became of the team's alerts" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("button", { name: "Whole team" }).getAttribute("aria-pressed")).toBe("true");
    await page.getByRole("button", { name: "Mine" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("scope")).toBeNull();
    await context.close();
  }, 60_000);
});

/**
 * Follow-ups with nothing open, in chromium against the real server: the page says where follow-ups
 * come from (a promise with a time, said to a customer), for an agent of their own and for a lead
 * of their agents'. It said only "No open follow-ups.", and an agent opening it from the navigation
 * was left looking for a way to add one.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("Follow-ups with none open, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("tells an agent and a lead how follow-ups get there", async () => {
    const { server, browser } = e2e;
    const agent = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await agent.page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Follow-ups" })
      .click();
    await agent.page.getByRole("heading", { level: 1, name: "Follow-ups" }).waitFor();
    await agent.page
      .getByText(/^No open follow-ups\. When you promise a customer something with a time/)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await agent.page.locator("main").innerText()).toContain("lists it here with its due date");
    await agent.context.close();

    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.goto("/follow-ups");
    await lead.page
      .getByText(/^No open follow-ups\. When an agent promises a customer something with a time/)
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await lead.context.close();
  }, 60_000);
});

/**
 * A new workspace in chromium: the first admin signs in to an empty floor and finds a
 * getting-started list (create a team, add people, bring in conversations, publish facts, set each
 * team's protocol), each step ticked as it is done elsewhere and linked to where it is done; the
 * list can be hidden and stays hidden. Before, the first admin met an empty floor and no hint of
 * what to do first. A person in no team is told why their floor is empty.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, STEP_TIMEOUT_MS, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

const AGENT = { email: "new.agent@example.test", password: "a-long-enough-password" };

describe.skipIf(!hasChromium)("getting started, in chromium", () => {
  const e2e = useChromiumWorkspace({ seed: false });

  it("lists the steps on the admin's floor, ticks them as they are done, and hides for good", async () => {
    const { page, context } = await signInPage(e2e.browser, e2e.server.url, ADMIN.email, ADMIN.password);
    const list = page.getByRole("region", { name: /Get tagteam ready/ });
    await list.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await list.textContent()).toContain("0 of 5 done");
    // The empty floor says where conversations come from (it said "No live conversations match
    // these filters" with no filter set); with a filter set, that the filter hides them.
    const nothingLive = page.getByText(
      /^No live conversations right now\. They appear here as customers write/,
    );
    await nothingLive.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await nothingLive.getByRole("link", { name: "API tokens" }).count()).toBe(1);
    await page.getByRole("button", { name: "High ≥60%" }).click();
    await page.getByText("No live conversations match these filters.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByRole("button", { name: "All", exact: true }).click();
    for (const step of ["Create a team", "Add your agents and leads", "Bring in your conversations"]) {
      expect(await list.getByText(`${step} (to do)`).count(), step).toBe(1);
    }

    // The link goes where the step is done.
    await list.getByRole("link", { name: "Teams" }).first().click();
    await page.waitForURL(/\/admin\/teams$/);

    // A team, made through the API as the Teams tab would; the floor shows it ticked.
    await e2e.admin.call("POST", "/teams", { name: "Support" });
    await page.goto("/floor");
    await list.getByText("Create a team (done)").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await list.textContent()).toContain("1 of 5 done");
    expect(await list.textContent()).toContain("1 team still on the default");

    // Someone in no team sees why nothing reaches them.
    await e2e.admin.call("POST", "/people", {
      email: AGENT.email,
      name: "Nia New",
      role: "agent",
      password: AGENT.password,
    });
    const agent = await signInPage(e2e.browser, e2e.server.url, AGENT.email, AGENT.password);
    await agent.page.getByText("You are not in a team yet").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await agent.page.getByRole("region", { name: /Get tagteam ready/ }).count()).toBe(0);
    await agent.context.close();

    await list.getByRole("button", { name: "Hide the getting-started list" }).click();
    expect(await list.count()).toBe(0);
    await page.reload();
    await page.getByRole("heading", { name: "The floor" }).waitFor();
    expect(await page.getByRole("region", { name: /Get tagteam ready/ }).count()).toBe(0);
    await context.close();
  });
});

/**
 * Admin → People changes someone's teams in a real browser against the real server: someone added
 * with the form's default "No team" could only be put in a team through the API.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

describe.skipIf(!hasChromium)("changing someone's teams, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("puts a person added with no team into the team, and the server has it", async () => {
    const { server, browser, admin, ws } = e2e;
    const { person } = await admin.call<{ person: { id: string } }>("POST", "/people", {
      email: "no.team@tagteam.test",
      name: "Noa Teamless",
      role: "agent",
      teamIds: [],
      topics: [],
    });
    const { page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/people");
    const row = page.getByRole("row", { name: /Noa Teamless/ });
    await row.getByText("no team").waitFor({ timeout: STEP_TIMEOUT_MS });
    await row.getByRole("button", { name: "Change teams of Noa Teamless" }).click();
    await row.getByRole("checkbox", { name: "Customer Care" }).check();
    await row.getByRole("button", { name: "Save teams" }).click();
    // "no team" goes once the server has saved it and the list is read again.
    await row.getByText("no team").waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });
    expect(await row.getByText("Customer Care").count()).toBe(1);
    const { people } = await admin.call<{ people: { id: string; teamIds: string[] }[] }>("GET", "/people");
    expect(people.find((p) => p.id === person.id)?.teamIds).toEqual([ws.teamId]);
  }, 60_000);
});

/**
 * A form the server refuses says what to fix, once, in plain words, in a real browser: adding a
 * person with a name over the limit read "Invalid request: body.name: Too big: expected string to
 * have <=200 characters name: Too big: expected string to have <=200 characters".
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

describe.skipIf(!hasChromium)("a refused form, in chromium", () => {
  const e2e = useChromiumWorkspace({ seed: false });

  it("adding a person with too long a name says which field and the limit, once", async () => {
    const { server, browser, admin } = e2e;
    const { page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/people");
    await page.getByLabel("Name").fill("N".repeat(250));
    await page.getByLabel("Email").fill("new.person@tagteam.test");
    await page.getByLabel(/^Password/).fill("a long enough password");
    await page.getByRole("button", { name: "Add person" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "name" });
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toBe("Please check: name: at most 200 characters.");
    // Nothing was written.
    const { people } = await admin.call<{ people: { email: string }[] }>("GET", "/people");
    expect(people.map((p) => p.email)).not.toContain("new.person@tagteam.test");
  }, 60_000);
  it("a refused new team or person is said in its own form, and what was typed stays to correct", async () => {
    const { server, browser, admin } = e2e;
    await admin.call("POST", "/teams", { name: "Support" });
    await admin.call("POST", "/people", {
      email: "lena@tagteam.test",
      name: "Lena Lead",
      role: "lead",
      teamIds: [],
      topics: [],
    });
    const { page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);

    await page.goto("/admin/teams");
    const teamForm = page.getByRole("form", { name: "Add a team" });
    await teamForm.getByLabel("Team name").fill("support ");
    await teamForm.getByRole("button", { name: "Add team" }).click();
    const teamRefusal = teamForm.getByRole("alert");
    await teamRefusal.waitFor();
    expect(await teamRefusal.innerText()).toBe("a team named Support already exists");
    expect(await teamForm.getByLabel("Team name").inputValue()).toBe("support ");
    // Said once, in the form: not again above the tab.
    expect(await page.getByRole("alert").count()).toBe(1);

    await page.goto("/admin/people");
    const personForm = page.getByRole("form", { name: "Add a person" });
    await personForm.getByLabel("Name").fill("Lena Again");
    await personForm.getByLabel("Email").fill("lena@tagteam.test");
    await personForm.getByRole("button", { name: "Add person" }).click();
    const personRefusal = personForm.getByRole("alert");
    await personRefusal.waitFor();
    expect(await personRefusal.innerText()).toContain("lena@tagteam.test already exists");
    expect(await personForm.getByLabel("Name").inputValue()).toBe("Lena Again");
    expect(await page.getByRole("alert").count()).toBe(1);
  }, 60_000);
});

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
});

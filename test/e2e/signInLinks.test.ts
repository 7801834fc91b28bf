/**
 * One-time sign-in links in chromium: the admin adds someone without choosing their password and
 * gets a link to send them; the new person opens it in their own browser, chooses a password,
 * lands signed in, and the link is spent. Before, the admin had to invent a password and pass it on.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN, ApiSession } from "./harness.ts";

describe.skipIf(!hasChromium)("sign-in links, in chromium", () => {
  const e2e = useChromiumWorkspace({ seed: false });

  it("the admin adds someone with a link; they choose their password with it and are signed in", async () => {
    const { server, browser } = e2e;
    const { page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/people");
    const form = page.getByRole("form", { name: "Add a person" });
    await form.getByLabel("Name").fill("Nia Novak");
    await form.getByLabel("Email").fill("nia.novak@tagteam.test");
    await form.getByRole("button", { name: "Add person" }).click();
    const box = page.getByLabel("Sign-in link for Nia Novak", { exact: true });
    await box.waitFor({ timeout: STEP_TIMEOUT_MS });
    const url = await box.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/welcome/[\\w-]{40,}$`));

    // Nia, in her own browser, at phone width.
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const nia = await context.newPage();
    await nia.goto(url);
    await nia.getByRole("heading", { name: "Welcome to tagteam, Nia" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await nia.getByLabel("New password").fill("short one");
    await nia.getByLabel("The same password again").fill("short one");
    await nia.getByRole("button", { name: "Set password and sign in" }).click();
    await nia.getByRole("alert").getByText("at least 12 characters").waitFor({ timeout: STEP_TIMEOUT_MS });
    await nia.getByLabel("New password").fill("nia's own long password");
    await nia.getByLabel("The same password again").fill("nia's own long password");
    await nia.getByRole("button", { name: "Set password and sign in" }).click();
    await nia.getByRole("navigation", { name: "Main" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(new URL(nia.url()).pathname).not.toContain("/welcome/");
    const me = await nia.evaluate(() => fetch("/api/v1/me").then((r) => r.json()));
    expect(me.me.email).toBe("nia.novak@tagteam.test");

    // The password is hers now, and the link is spent.
    await ApiSession.signIn(server.url, "nia.novak@tagteam.test", "nia's own long password");
    const again = await context.newPage();
    await again.goto(url);
    await again
      .getByRole("heading", { name: "This link cannot be used" })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 90_000);
});

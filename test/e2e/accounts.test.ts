/**
 * Accounts in a real browser against the real server: a teammate changes their password on the
 * Account page; an admin deactivates someone who left on Admin → People, and that person's open
 * browser goes back to the sign-in page, which then tells them the account is deactivated; a
 * teammate signed in on two devices signs the other out from "Where you're signed in".
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN, ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const NEW_PASSWORD = "three unrelated words please";

describe.skipIf(!hasChromium)("accounts in chromium", () => {
  const e2e = useChromiumWorkspace({
    // A short heartbeat: an open page learns within a second that its sign-in no longer holds.
    env: { TAGTEAM_HEARTBEAT_MS: "1000" },
  });

  it("a teammate changes their own password on the Account page", async () => {
    const { server, browser } = e2e;
    const { page } = await signInPage(browser, server.url, PEOPLE.peer.email, PASSWORD);
    await page.getByRole("link", { name: PEOPLE.peer.name }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    const form = page.getByRole("form", { name: "Change your password" });
    await form.getByLabel("Current password").fill("not my password");
    await form.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel("New password again").fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await form
      .getByText("Current password is not your current password")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await form.getByLabel("Current password").fill(PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await form.getByText("Your password is changed.").waitFor({ timeout: STEP_TIMEOUT_MS });
    // Still signed in here; the new password is the one that works from now on.
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    const old = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: PEOPLE.peer.email, password: PASSWORD }),
    });
    expect(old.status).toBe(401);
    await ApiSession.signIn(server.url, PEOPLE.peer.email, NEW_PASSWORD);
  }, 120_000);

  it("an admin deactivates someone who left: their open page signs out, and signing in says why", async () => {
    const { server, browser } = e2e;
    const { page: theirs } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await theirs.goto("/floor");
    await theirs.getByRole("heading", { name: "The floor" }).waitFor();

    const { page: admin } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await admin.goto("/admin/people");
    const row = admin.getByRole("row").filter({ hasText: PEOPLE.agent.email });
    await row.getByRole("button", { name: "Deactivate…" }).click();
    await admin.getByRole("button", { name: `Deactivate ${PEOPLE.agent.name}` }).click();
    await row.getByText("deactivated").waitFor({ timeout: STEP_TIMEOUT_MS });

    // Their page, without anyone touching it, is back at the sign-in form.
    await theirs.getByRole("button", { name: "Sign in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await theirs.getByLabel("Email").fill(PEOPLE.agent.email);
    await theirs.getByLabel("Password").fill(PASSWORD);
    await theirs.getByRole("button", { name: "Sign in" }).click();
    await theirs
      .getByText("This account has been deactivated; ask an admin of your team")
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // Reactivated, they can sign in again.
    await row.getByRole("button", { name: "Reactivate" }).click();
    await row.getByRole("button", { name: "Deactivate…" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await theirs.getByRole("button", { name: "Sign in" }).click();
    await theirs.getByRole("navigation", { name: "Main" }).waitFor({ timeout: STEP_TIMEOUT_MS });
  }, 120_000);

  it("signed in on two devices, a teammate signs the other out from the Account page, which returns to sign-in", async () => {
    const { server, browser } = e2e;
    const person = PEOPLE.helper;
    const { context: laptop, page } = await signInPage(browser, server.url, person.email, PASSWORD);
    // The other device: another browser (its own cookies), saying it is Firefox on Windows.
    const phone = await browser.newContext({
      baseURL: server.url,
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
    });
    const theirs = await phone.newPage();
    await theirs.goto("/");
    await theirs.getByLabel("Email").fill(person.email);
    await theirs.getByLabel("Password").fill(PASSWORD);
    await theirs.getByRole("button", { name: "Sign in" }).click();
    await theirs.getByRole("navigation", { name: "Main" }).waitFor({ timeout: STEP_TIMEOUT_MS });

    await page.getByRole("link", { name: person.name }).click();
    const table = page.getByRole("table", { name: "Where you're signed in" });
    await table.waitFor({ timeout: STEP_TIMEOUT_MS });
    const here = table.getByRole("row").filter({ hasText: "This device" });
    await here.getByText("Active now").waitFor();
    const other = table.getByRole("row").filter({ hasText: "Firefox on Windows" });
    await other.getByText("127.0.0.1").waitFor();
    await other.getByRole("button", { name: /^Sign out Firefox on Windows/ }).click();
    await page
      .getByRole("status")
      .getByText("Signed out Firefox on Windows.")
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await other.waitFor({ state: "detached", timeout: STEP_TIMEOUT_MS });

    // The other browser, untouched, is back at the sign-in form (its socket closed at the next
    // heartbeat); this one is still signed in.
    await theirs.getByRole("button", { name: "Sign in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.reload();
    await page.getByRole("table", { name: "Where you're signed in" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.getByRole("table", { name: "Where you're signed in" }).getByRole("row").count()).toBe(
      2,
    );
    await page.getByText("You are signed in only here.").waitFor();
    await phone.close();
    await laptop.close();
  }, 120_000);

  it("an admin downloads a backup from Admin → Backup", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/backup");
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: STEP_TIMEOUT_MS }),
      page.getByRole("button", { name: "Download a backup" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^tagteam-backup-.+\.tar\.gz$/);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    await page.getByText(/^Saved tagteam-backup-/).waitFor({ timeout: STEP_TIMEOUT_MS });
    await context.close();
  }, 120_000);
});

/**
 * Admin → Retention in chromium against the real server: the admin sees the server's default,
 * sets the organisation's own period, and finds it saved after a reload; a bad number is refused
 * before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

describe.skipIf(!hasChromium)("Admin → Retention, in chromium", () => {
  const e2e = useChromiumWorkspace({ seed: false });

  it("an admin sets how long closed conversations are kept, and it stays set", async () => {
    const { server, browser, admin } = e2e;
    const { context, page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/retention");
    const form = page.getByRole("form", { name: "Retention" });
    await form.getByText("kept for good").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const days = form.getByLabel("Days to keep closed conversations");
    await days.fill("0");
    await form.getByRole("alert").getByText("Days must be a whole number").waitFor();
    await expect(form.getByRole("button", { name: "Save retention" }).isDisabled()).resolves.toBe(true);
    await days.fill("90");
    await form.getByRole("button", { name: "Save retention" }).click();
    await form.getByRole("status").getByText("Saved.").waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.reload();
    await page
      .getByRole("form", { name: "Retention" })
      .getByText("erased 90 days after they close")
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    // The API says the same.
    await expect(admin.call("GET", "/admin/retention")).resolves.toMatchObject({
      retentionDays: 90,
      effectiveDays: 90,
    });
    await context.close();
  }, 60_000);
});

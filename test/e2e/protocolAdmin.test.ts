/**
 * Admin → Escalation protocol in chromium, as a person edits it: the minutes field can be cleared
 * and retyped (it snapped back to 1 at once, so clearing "5" to type "10" gave "110"), and saving
 * says it saved (the form started afresh with no word, so it looked like nothing happened).
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ADMIN } from "./harness.ts";

describe.skipIf(!hasChromium)("editing the escalation protocol, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("retypes a level's minutes, saves, and says so", async () => {
    const { server, browser, admin, ws } = e2e;
    const { page } = await signInPage(browser, server.url, ADMIN.email, ADMIN.password);
    await page.goto("/admin/protocol");
    const minutes = page.getByLabel("Minutes to acknowledge").first();
    await minutes.waitFor();
    // As a person does it: click at the end, delete what is there, type the new number.
    await minutes.click();
    await page.keyboard.press("End");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
    expect(await minutes.inputValue()).toBe("");
    await page.keyboard.type("10");
    expect(await minutes.inputValue()).toBe("10");

    await page.getByRole("button", { name: "Save protocol" }).click();
    const saved = page.getByRole("status").filter({ hasText: "Saved." });
    await saved.waitFor();
    expect(await saved.innerText()).toBe("Saved. Escalations from now on follow this protocol.");

    const { protocol } = await admin.call<{ protocol: { levels: { acknowledgeWithinMs: number }[] } }>(
      "GET",
      `/teams/${ws.teamId}/escalation-protocol`,
    );
    expect(protocol.levels[0]?.acknowledgeWithinMs).toBe(10 * 60_000);
    await page.reload();
    await page.getByLabel("Minutes to acknowledge").first().waitFor();
    expect(await page.getByLabel("Minutes to acknowledge").first().inputValue()).toBe("10");
  }, 60_000);
});

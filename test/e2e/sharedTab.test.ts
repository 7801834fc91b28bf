/**
 * One browser tab, two people: Sam's session ends while his page is open (signed out from another
 * device), the tab shows the sign-in page, and Jon signs in there. Jon must never see what Sam's
 * pages had loaded: Sam's private journal stayed in the tab's memory and showed on Jon's Journal
 * page until it was read again.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

const SAMS_ENTRY = "Sam's private note: I froze when the customer raised his voice";

describe.skipIf(!hasChromium)("a tab shared after a session ended elsewhere, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("shows the next person nothing the previous one had loaded", async () => {
    const { server, browser } = e2e;
    const here = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    const elsewhere = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    const created = await here.page.request.post(`${server.url}/api/v1/journal`, {
      data: { text: SAMS_ENTRY },
    });
    expect(created.status()).toBe(201);
    const nav = here.page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Journal" }).click();
    await here.page.getByText(SAMS_ENTRY).waitFor({ timeout: STEP_TIMEOUT_MS });

    // Sam signs out every other session from his other device: this tab goes to the sign-in page.
    const r = await elsewhere.page.request.post(`${server.url}/api/v1/me/sessions/revoke-others`);
    expect(r.status()).toBe(200);
    await here.page.getByRole("button", { name: "Sign in" }).waitFor({ timeout: STEP_TIMEOUT_MS });

    // Anything of Sam's journal showing from here on (the observer sees every change) is a leak.
    await here.page.evaluate((text) => {
      const w = window as unknown as { leaked: boolean };
      w.leaked = false;
      new MutationObserver(() => {
        if (document.body.innerText.includes(text)) w.leaked = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, SAMS_ENTRY);
    await here.page.getByLabel("Email").fill(PEOPLE.peer.email);
    await here.page.getByLabel("Password").fill(PASSWORD);
    await here.page.getByRole("button", { name: "Sign in" }).click();
    await nav.waitFor({ timeout: STEP_TIMEOUT_MS });
    // Jon's own (empty) journal, read from the server.
    await here.page
      .getByRole("heading", { name: /journal/i })
      .first()
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await here.page.waitForLoadState("networkidle");
    expect(await here.page.evaluate(() => (window as unknown as { leaked: boolean }).leaked)).toBe(false);
    expect(await here.page.getByText(SAMS_ENTRY).count()).toBe(0);
    await here.context.close();
    await elsewhere.context.close();
  }, 120_000);
});

/**
 * Naming a champion tells them, in chromium against the real server: the teammate a lead names to
 * write a procedure update gets a toast wherever they are in the app, and its link shows them the
 * update on the huddles page, marked theirs.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

function today(): string {
  const d = new Date();
  const pad = (x: number) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

describe.skipIf(!hasChromium)("a champion is told, in chromium", () => {
  const e2e = useChromiumWorkspace();

  it("gets a toast naming the lead, whose link shows the update as theirs", async () => {
    const { server, browser, ws } = e2e;
    const champion = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await champion.page.goto("/practice");
    await champion.page.getByRole("heading", { name: "Practice" }).waitFor({ timeout: STEP_TIMEOUT_MS });

    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    await lead.call("PUT", "/huddles/actions", {
      teamId: ws.teamId,
      date: today(),
      pattern: "cue:hedging",
      title: "Two plain answers to the commonest fee questions",
      ownerId: ws.ids.helper,
    });

    const toast = champion.page
      .getByRole("status")
      .filter({ hasText: `${PEOPLE.lead.name} named you champion of a procedure update` });
    await toast.getByRole("link", { name: "See it" }).click({ timeout: STEP_TIMEOUT_MS });
    await champion.page.waitForURL(/\/huddles/, { timeout: STEP_TIMEOUT_MS });
    const item = champion.page
      .getByRole("list", { name: "Still open" })
      .getByRole("listitem")
      .filter({ hasText: "Two plain answers to the commonest fee questions" });
    await item.waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect(item.innerText()).resolves.toContain("Champion: you");
    await champion.context.close();
  }, 90_000);
});

/**
 * The huddles' "Other procedure updates still open", in chromium against the real server: each procedure
 * update left open from an earlier day says whose it is, so its champion finds theirs the next day
 * and the lead sees whom to ask about each.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

/** A day some days before today, in the browser's (the machine's) time zone. */
function daysAgo(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() - n);
  const pad = (x: number) => String(x).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

describe.skipIf(!hasChromium)("procedure updates still open from earlier days, in chromium", () => {
  const e2e = useChromiumWorkspace({
    setup: async ({ server, ws }) => {
      const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
      for (const [owner, title] of [
        ["helper", "An opener for refund complaints: one apology, then the next step"],
        ["peer", "Answer the open late-fee questions in the knowledge base"],
      ] as const)
        await lead.call("PUT", "/huddles/actions", {
          teamId: ws.teamId,
          date: daysAgo(2),
          pattern: `pattern-${owner}`,
          title,
          ownerId: ws.ids[owner],
        });
    },
  });

  it("name each one's champion: 'you' for the reader's own, the teammate's name for the others", async () => {
    const { server, browser } = e2e;
    const champion = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await champion.page.goto("/huddles");
    const open = champion.page.getByRole("list", { name: "Still open" });
    await open.waitFor({ timeout: STEP_TIMEOUT_MS });
    const mine = open.getByRole("listitem").filter({ hasText: "An opener for refund complaints" });
    await expect(mine.innerText()).resolves.toContain("Champion: you");
    await mine.getByRole("button", { name: "Mark written" }).waitFor();
    const theirs = open.getByRole("listitem").filter({ hasText: "late-fee questions" });
    await expect(theirs.innerText()).resolves.toContain(`Champion: ${PEOPLE.peer.name}`);
    await champion.context.close();

    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.goto("/huddles");
    const leadOpen = lead.page.getByRole("list", { name: "Still open" });
    await leadOpen.waitFor({ timeout: STEP_TIMEOUT_MS });
    const text = await leadOpen.innerText();
    expect(text).toContain(`Champion: ${PEOPLE.helper.name}`);
    expect(text).toContain(`Champion: ${PEOPLE.peer.name}`);
    await lead.context.close();
  }, 90_000);
});

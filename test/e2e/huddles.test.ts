/**
 * The huddles (loop 3's buddy-boost routine) in chromium against the real server: a lead opens the
 * day's agendas, names a champion for one of the day's patterns, and the champion marks the
 * procedure update written; a teammate sees it and cannot change it.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE, morningOfADay } from "./seed.ts";

describe.skipIf(!hasChromium)("the huddles, in chromium", () => {
  const { date, at } = morningOfADay();

  const e2e = useChromiumWorkspace({ scenarios: { startAt: at } });

  it("a lead names a champion for a pattern of the day; the champion marks the update written", async () => {
    const { server, browser } = e2e;
    const lead = await signInPage(browser, server.url, PEOPLE.lead.email, PASSWORD);
    await lead.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Huddles" }).click();
    await lead.page.waitForURL(/\/huddles/);
    await lead.page.goto(`/huddles?date=${date}`);
    const wrapUp = lead.page.getByRole("region", { name: "After the shift: huddle (15 minutes)" });
    const form = wrapUp.getByRole("form").first();
    await form.waitFor({ timeout: STEP_TIMEOUT_MS });
    const patternLabel = ((await form.getAttribute("aria-label")) ?? "").replace("Champion for: ", "");
    expect(patternLabel.length).toBeGreaterThan(0);
    await form.getByLabel("Champion").selectOption({ label: PEOPLE.helper.name });
    await form.getByLabel("Update to write").fill("Two lines for upset customers, then the next step");
    await form.getByRole("button", { name: "Name champion" }).click();
    await wrapUp.getByText(`Champion: ${PEOPLE.helper.name}`).waitFor({ timeout: STEP_TIMEOUT_MS });
    // The warm-up and check-in are there too, with everyone paired.
    await lead.page
      .getByRole("region", { name: "Before the shift: warm-up (5 minutes, in pairs)" })
      .getByText(PEOPLE.agent.name)
      .waitFor();
    await lead.context.close();

    // A teammate sees the champion but cannot change the update.
    const peer = await signInPage(browser, server.url, PEOPLE.peer.email, PASSWORD);
    await peer.page.goto(`/huddles?date=${date}`);
    const peerWrapUp = peer.page.getByRole("region", { name: "After the shift: huddle (15 minutes)" });
    await peerWrapUp.getByText(`Champion: ${PEOPLE.helper.name}`).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect(peerWrapUp.getByRole("button", { name: "Mark written" }).count()).resolves.toBe(0);
    await expect(peerWrapUp.getByRole("form").count()).resolves.toBe(0);
    await peer.context.close();

    // The champion marks it written.
    const champion = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await champion.page.goto(`/huddles?date=${date}`);
    const mine = champion.page.getByRole("region", { name: "After the shift: huddle (15 minutes)" });
    await mine.getByText("Champion: you").waitFor({ timeout: STEP_TIMEOUT_MS });
    await mine.getByText("Two lines for upset customers, then the next step").waitFor();
    await mine.getByRole("button", { name: "Mark written" }).click();
    await mine.getByText("written", { exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await champion.context.close();
  }, 90_000);
});

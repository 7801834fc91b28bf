/**
 * A desktop notification about an offer to take over, answered while no tagteam page was open,
 * goes when the next page loads, in chromium. The agent is notified of a lead's offer in a
 * background tab, closes it, and answers the offer elsewhere (here through the API): no event
 * reaches the next page (a new tab resumes none), so the notification stayed, and clicking it led
 * to an offer already answered. The browser's Notification is a recording stand-in (headless
 * chromium shows none), and the tab says it is hidden. The unit test (desktopNotifications, "close
 * on the next page load") covers the same for both kinds; the alert side has its own chromium test.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import {
  backgroundTabWithNotifications,
  closedIn,
  notifiedIn,
  shownIn,
} from "./desktopNotificationStandIn.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

describe.skipIf(!hasChromium)("a desktop notification about an offer answered while no page was open", () => {
  let conversationId: string;
  const e2e = useChromiumWorkspace({
    scenarios: { only: SCENARIOS.slice(2, 3) },
    setup: async (w) => {
      conversationId = await w.openConversationId(SCENARIOS[2]!.customer);
    },
  });

  it("closes on the next page load", async () => {
    const { server, browser } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.agent.email, PASSWORD);
    await context.addInitScript(backgroundTabWithNotifications);
    let welcomed = false;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if (String(f.payload).includes('"welcome"')) welcomed = true;
      }),
    );
    await page.goto("/console");
    await page.getByRole("heading", { name: "My console" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => welcomed, { timeout: STEP_TIMEOUT_MS }).toBe(true);

    const lead = await ApiSession.signIn(server.url, PEOPLE.lead.email, PASSWORD);
    const agent = await ApiSession.signIn(server.url, PEOPLE.agent.email, PASSWORD);
    const offerOf = async (text: string): Promise<string> => {
      const made = await lead.call<{ intervention: { id: string } }>(
        "POST",
        `/conversations/${conversationId}/step-in`,
        { kind: "takeover_offer", text },
      );
      return made.intervention.id;
    };
    const offer = await offerOf("I know this refund case well.");
    await notifiedIn(page, offer);
    const shown = await shownIn(page);
    const note = shown.find((n) => n.tag === offer)!;
    expect(note).toMatchObject({ title: `${PEOPLE.lead.name} offers to take over`, closed: false });

    // The tab is closed; the agent declines the offer elsewhere.
    await page.close();
    await agent.call("POST", `/interventions/${offer}/decline`, {});

    const next = await context.newPage();
    const asked: string[] = [];
    next.on("request", (r) => {
      if (r.url().includes("/api/v1/interventions")) asked.push(r.url());
    });
    await next.goto("/console");
    await next.getByRole("heading", { name: "My console" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await closedIn(next, offer);
    // A silent one of its tag, closed at once: it takes the earlier page's away.
    expect(await shownIn(next)).toEqual([{ title: note.title, tag: offer, closed: true }]);
    expect(asked.some((url) => url.includes("kind=takeover_offer"))).toBe(true);
    await context.close();
  }, 120_000);
});

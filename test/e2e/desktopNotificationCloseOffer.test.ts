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
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { ApiSession } from "./harness.ts";
import { PASSWORD, PEOPLE, SCENARIOS } from "./seed.ts";

interface Shown {
  title: string;
  tag: string;
  closed: boolean;
}

/** Runs in the page before the app: notifications on and granted, the tab in the background. */
function backgroundTabWithNotifications(): void {
  const shown: { title: string; tag: string; closed: boolean }[] = [];
  (window as unknown as { __shown: typeof shown }).__shown = shown;
  class RecordingNotification {
    static permission = "granted";
    static requestPermission = async () => "granted";
    onclick: (() => void) | null = null;
    onclose: (() => void) | null = null;
    private readonly record: { title: string; tag: string; closed: boolean };
    constructor(title: string, options: { tag?: string } = {}) {
      this.record = { title, tag: options.tag ?? "", closed: false };
      shown.push(this.record);
    }
    close(): void {
      this.record.closed = true;
      this.onclose?.();
    }
  }
  (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  localStorage.setItem("tagteam.desktopNotifications", "on");
  Object.defineProperty(Document.prototype, "visibilityState", { configurable: true, get: () => "hidden" });
  Object.defineProperty(Document.prototype, "hidden", { configurable: true, get: () => true });
}

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
    const notified = (tag: string) =>
      page.waitForFunction(
        (t) => (window as unknown as { __shown: Shown[] }).__shown.some((n) => n.tag === t),
        tag,
        { timeout: STEP_TIMEOUT_MS },
      );
    const offer = await offerOf("I know this refund case well.");
    await notified(offer);
    const shown = await page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown);
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
    await next.waitForFunction(
      (tag) =>
        (window as unknown as { __shown: Shown[] }).__shown.find((n) => n.tag === tag)?.closed === true,
      offer,
      { timeout: STEP_TIMEOUT_MS },
    );
    // A silent one of its tag, closed at once: it takes the earlier page's away.
    expect(await next.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown)).toEqual([
      { title: note.title, tag: offer, closed: true },
    ]);
    expect(asked.some((url) => url.includes("kind=takeover_offer"))).toBe(true);
    await context.close();
  }, 120_000);
});

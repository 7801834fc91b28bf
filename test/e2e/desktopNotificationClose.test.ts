/**
 * A desktop notification about an alert goes once the alert is over, in chromium: the helper works
 * in another tab (tagteam's in the background) and is notified of an alert; a lead then acts on it
 * elsewhere, or the conversation ends and the alert expires. The notification stayed, and clicking
 * it led to an alert nobody needed any more. The browser's Notification is a recording stand-in
 * (headless chromium shows none), and the tab says it is hidden. One shown before the page was
 * loaded again stayed too: the new page had no handle on it (it replaces it by its tag now). One
 * whose alert was handled while no tagteam page was open stayed, as no event told the next page.
 */
import { describe, expect, it } from "vitest";
import { signInPage } from "./browser.ts";
import {
  backgroundTabWithNotifications,
  closedIn,
  notifiedIn,
  shownIn,
  type Shown,
} from "./desktopNotificationStandIn.ts";
import { STEP_TIMEOUT_MS, hasChromium, useChromiumWorkspace } from "./fixture.ts";
import { PASSWORD, PEOPLE } from "./seed.ts";

describe.skipIf(!hasChromium)("a desktop notification about an alert that is over", () => {
  const e2e = useChromiumWorkspace();

  it("closes when a lead acts on the alert elsewhere, when its conversation ends, after a reload, and on the next page load when it was handled meanwhile", async () => {
    const { server, browser, admin } = e2e;
    const { context, page } = await signInPage(browser, server.url, PEOPLE.helper.email, PASSWORD);
    await context.addInitScript(backgroundTabWithNotifications);
    await page.goto("/console");
    await page.getByRole("heading", { name: "My console" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    const shown = () => shownIn(page);

    const { people } = await admin.call<{ people: { id: string; email: string }[] }>("GET", "/people");
    const helperId = people.find((p) => p.email === PEOPLE.helper.email)!.id;
    const alertOf = async (conversationId: string): Promise<string> => {
      const { alerts } = await admin.call<{
        alerts: { id: string; conversationId: string; helperId: string | null; status: string }[];
      }>("GET", "/alerts?scope=team&status=all");
      const alert = alerts.find((a) => a.conversationId === conversationId && a.status === "raised");
      // Priya has tagteam open and knows returns: she is asked.
      expect(alert?.helperId).toBe(helperId);
      return alert!.id;
    };
    const notified = async (alertId: string): Promise<Shown> => {
      await notifiedIn(page, alertId);
      return (await shown()).find((n) => n.tag === alertId)!;
    };
    const closedSoon = (alertId: string) => closedIn(page, alertId);

    // A lead acts on it from their own screen: "Handled".
    const first = await e2e.postChat({
      id: "notify-close-1",
      customer: "Nora Quinn",
      topic: "returns",
      lines: [
        ["customer", "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit."],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ],
    });
    const firstAlert = await alertOf(first);
    const note = await notified(firstAlert);
    expect(note.closed).toBe(false);
    expect(note.title).toContain(PEOPLE.agent.name);
    await admin.call("POST", `/alerts/${firstAlert}/dismiss`, { reason: "handled" });
    await closedSoon(firstAlert);

    // The conversation ends: its alert expires.
    const second = await e2e.postChat({
      id: "notify-close-2",
      customer: "Omar Haddad",
      topic: "returns",
      lines: [
        ["customer", "Hello, can I still send back the boots I got three weeks ago?"],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take them back."],
      ],
    });
    const secondAlert = await alertOf(second);
    await notified(secondAlert);
    await admin.call("POST", `/conversations/${second}/close`, {});
    await closedSoon(secondAlert);

    // One shown before the page was loaded again: the new page has no handle on it, and replaces
    // it with a silent one of its tag, closed at once, when a lead acts on the alert.
    const third = await e2e.postChat({
      id: "notify-close-3",
      customer: "Ines Kowalski",
      topic: "returns",
      lines: [
        ["customer", "Hi, the lamp I ordered three weeks ago is not what I wanted. Can I return it?"],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ],
    });
    const thirdAlert = await alertOf(third);
    const shownBefore = await notified(thirdAlert);
    let welcomes = 0;
    page.on("websocket", (socket) =>
      socket.on("framereceived", (f) => {
        if (String(f.payload).includes('"welcome"')) welcomes += 1;
      }),
    );
    await page.reload();
    await page.getByRole("heading", { name: "My console" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect.poll(() => welcomes, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(0);
    expect(await shown()).toEqual([]);
    await admin.call("POST", `/alerts/${thirdAlert}/dismiss`, { reason: "handled" });
    await closedSoon(thirdAlert);
    expect(await shown()).toEqual([{ title: shownBefore.title, tag: thirdAlert, closed: true }]);

    // Handled while no tagteam page was open (the tab closed; a new tab resumes no events): no
    // event reaches the next page, which closes it once it knows the helper's open alerts (a
    // silent one of its tag, closed at once).
    const fourth = await e2e.postChat({
      id: "notify-close-4",
      customer: "Jonas Berg",
      topic: "returns",
      lines: [
        ["customer", "Hi, I want to return the kettle I bought three weeks ago. It leaks."],
        ["agent", "Sorry, returns are only accepted within 14 days, so I can't take it back."],
      ],
    });
    const fourthAlert = await alertOf(fourth);
    const shownAway = await notified(fourthAlert);
    await page.close();
    await admin.call("POST", `/alerts/${fourthAlert}/dismiss`, { reason: "handled" });
    const next = await context.newPage();
    await next.goto("/console");
    await next.getByRole("heading", { name: "My console" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await closedIn(next, fourthAlert);
    expect(await shownIn(next)).toEqual([{ title: shownAway.title, tag: fourthAlert, closed: true }]);
    await context.close();
  }, 120_000);
});

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  closeDesktopNotification,
  desktopNotificationState,
  notifyDesktop,
  turnOffDesktopNotifications,
  turnOnDesktopNotifications,
} from "./desktopNotifications.ts";
import { titleFor } from "./Shell.tsx";

/**
 * The browser's Notification API as a test double (happy-dom has none): it records what was shown
 * and answers the permission prompt as told.
 */
class BrowserNotification {
  static permission: NotificationPermission = "default";
  static answer: NotificationPermission = "granted";
  static shown: BrowserNotification[] = [];
  static async requestPermission(): Promise<NotificationPermission> {
    BrowserNotification.permission = BrowserNotification.answer;
    return BrowserNotification.answer;
  }
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions = {},
  ) {
    BrowserNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

let visibility: DocumentVisibilityState = "visible";
beforeEach(() => {
  BrowserNotification.permission = "default";
  BrowserNotification.answer = "granted";
  BrowserNotification.shown = [];
  localStorage.clear();
  (globalThis as { Notification?: unknown }).Notification = BrowserNotification;
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
});
afterEach(() => {
  delete (globalThis as { Notification?: unknown }).Notification;
  visibility = "visible";
});

const notify = (onClick: () => void = () => undefined) =>
  notifyDesktop({ title: "You are best placed to help a teammate", tag: "41", onClick });

describe("desktop notifications", () => {
  it("are off until the person turns them on, and then show only while the tab is in the background", async () => {
    expect(desktopNotificationState()).toBe("off");
    visibility = "hidden";
    expect(notify()).toBe(false);
    expect(await turnOnDesktopNotifications()).toBe("on");
    visibility = "visible";
    expect(notify()).toBe(false);
    visibility = "hidden";
    let opened = 0;
    expect(notify(() => opened++)).toBe(true);
    const [shown] = BrowserNotification.shown;
    expect(shown?.title).toBe("You are best placed to help a teammate");
    expect(shown?.options.tag).toBe("41");
    shown?.onclick?.();
    expect([opened, shown?.closed]).toEqual([1, true]);
  });

  it("close by their tag once what they asked about is over, and only theirs", async () => {
    expect(await turnOnDesktopNotifications()).toBe("on");
    visibility = "hidden";
    expect(notifyDesktop({ title: "An alert", tag: "alert-1", onClick: () => undefined })).toBe(true);
    expect(notifyDesktop({ title: "Another", tag: "alert-2", onClick: () => undefined })).toBe(true);
    const [first, second] = BrowserNotification.shown;
    closeDesktopNotification("alert-1");
    expect([first?.closed, second?.closed]).toEqual([true, false]);
    // None with that tag (closed already, or shown by another page): nothing happens.
    closeDesktopNotification("alert-1");
    closeDesktopNotification("no-such-tag");
    expect(BrowserNotification.shown.filter((n) => n.closed)).toHaveLength(1);
    // Clicked, it goes too, and a later close of its tag does nothing more.
    second?.onclick?.();
    expect(second?.closed).toBe(true);
  });

  it("close one an earlier page load showed, by replacing it silently with one of its tag", async () => {
    expect(await turnOnDesktopNotifications()).toBe("on");
    visibility = "hidden";
    expect(notifyDesktop({ title: "An alert", tag: "alert-7", onClick: () => undefined })).toBe(true);
    // The page is loaded again: it has no handle on what the last load showed.
    vi.resetModules();
    const later = await import("./desktopNotifications.ts");
    BrowserNotification.shown = [];
    visibility = "visible";
    later.closeDesktopNotification("alert-7");
    expect(
      BrowserNotification.shown.map((n) => [n.title, n.options.tag, n.options.silent, n.closed]),
    ).toEqual([["An alert", "alert-7", true, true]]);
    // Once only, and never for a tag no page showed.
    later.closeDesktopNotification("alert-7");
    later.closeDesktopNotification("alert-8");
    expect(BrowserNotification.shown).toHaveLength(1);
  });

  it("about an alert or an offer handled while no page was open close on the next page load", async () => {
    expect(await turnOnDesktopNotifications()).toBe("on");
    visibility = "hidden";
    const now = vi.spyOn(Date, "now").mockReturnValue(1_000_000);
    const show = (tag: string, about?: "alert" | "offer") =>
      notifyDesktop({ title: `About ${tag}`, tag, ...(about ? { about } : {}), onClick: () => undefined });
    expect(show("alert-1", "alert")).toBe(true);
    expect(show("alert-2", "alert")).toBe(true);
    expect(show("offer-3", "offer")).toBe(true);
    // A whisper's notification is tagged by its event: nothing to be open or over.
    expect(show("event-4")).toBe(true);
    // The page is loaded again; meanwhile alert-1 was handled and another page showed alert-5.
    vi.resetModules();
    const later = await import("./desktopNotifications.ts");
    now.mockReturnValue(2_000_000);
    expect(show("alert-5", "alert")).toBe(true);
    BrowserNotification.shown = [];
    const loadedAt = 1_500_000;
    expect(later.desktopNotificationsShownBefore("offer", loadedAt)).toEqual(["offer-3"]);
    expect(later.desktopNotificationsShownBefore("offer", 999_999)).toEqual([]);
    // The open alerts: alert-2 only. alert-5 came after this page loaded: its events close it.
    later.closeDesktopNotificationsNoLongerOpen("alert", new Set(["alert-2"]), loadedAt);
    expect(
      BrowserNotification.shown.map((n) => [n.title, n.options.tag, n.options.silent, n.closed]),
    ).toEqual([["About alert-1", "alert-1", true, true]]);
    // The offer is open still; then it is not.
    later.closeDesktopNotificationsNoLongerOpen("offer", new Set(["offer-3"]), loadedAt);
    expect(BrowserNotification.shown).toHaveLength(1);
    later.closeDesktopNotificationsNoLongerOpen("offer", new Set(), loadedAt);
    expect(BrowserNotification.shown.map((n) => n.options.tag)).toEqual(["alert-1", "offer-3"]);
    // Each once only.
    later.closeDesktopNotificationsNoLongerOpen("alert", new Set(), loadedAt);
    expect(BrowserNotification.shown.map((n) => n.options.tag)).toEqual(["alert-1", "offer-3", "alert-2"]);
    now.mockRestore();
  });

  it("say so when the browser blocks them or has none, and can be turned off", async () => {
    BrowserNotification.answer = "denied";
    expect(await turnOnDesktopNotifications()).toBe("blocked");
    BrowserNotification.permission = "granted";
    expect(await turnOnDesktopNotifications()).toBe("on");
    expect(turnOffDesktopNotifications()).toBe("off");
    visibility = "hidden";
    expect(notify()).toBe(false);
    delete (globalThis as { Notification?: unknown }).Notification;
    expect(desktopNotificationState()).toBe("unsupported");
  });
});

describe("the tab's title", () => {
  it("counts what waits for me", () => {
    expect(titleFor(0)).toBe("tagteam");
    expect(titleFor(3)).toBe("(3) tagteam");
  });

  it("names the page first", () => {
    expect(titleFor(0, "Floor")).toBe("Floor · tagteam");
    expect(titleFor(2, "Alerts for me")).toBe("(2) Alerts for me · tagteam");
  });
});

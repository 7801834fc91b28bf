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

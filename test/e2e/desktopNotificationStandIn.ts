/**
 * A recording stand-in for the browser's desktop notifications, for the chromium tests of when
 * one closes (headless chromium shows none): every notification the page shows is kept in
 * `window.__shown` with its title, tag and whether it was closed, and the tab says it is hidden.
 */
import type { Page } from "playwright-core";
import { STEP_TIMEOUT_MS } from "./fixture.ts";

/** A notification the page showed. */
export interface Shown {
  title: string;
  tag: string;
  closed: boolean;
}

/**
 * Runs in the page before the app (`context.addInitScript`): notifications on and granted, each
 * one recorded, and the tab in the background (a notification shows only then).
 */
export function backgroundTabWithNotifications(): void {
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

/** The notifications the page has shown so far. */
export const shownIn = (page: Page): Promise<Shown[]> =>
  page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown);

/** Resolves once the page has shown a notification of this tag. */
export const notifiedIn = (page: Page, tag: string) =>
  page.waitForFunction(
    (t) => (window as unknown as { __shown: Shown[] }).__shown.some((n) => n.tag === t),
    tag,
    { timeout: STEP_TIMEOUT_MS },
  );

/** Resolves once the page's notification of this tag is closed. */
export const closedIn = (page: Page, tag: string) =>
  page.waitForFunction(
    (t) => (window as unknown as { __shown: Shown[] }).__shown.find((n) => n.tag === t)?.closed === true,
    tag,
    { timeout: STEP_TIMEOUT_MS },
  );

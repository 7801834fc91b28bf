/*
 * Desktop notifications for what is addressed to me (an alert routed to me, a whisper, an offer to
 * take over), shown only while tagteam's tab is in the background: a helper usually works in the
 * helpdesk's own tab, where the in-page toasts cannot be seen. Off until the person turns them on
 * (the browser asks for permission then), remembered per browser.
 */

const PREFERENCE_KEY = "tagteam.desktopNotifications";

/** unsupported: no Notification API; blocked: the browser said no; off/on: the person's choice. */
export type DesktopNotificationState = "unsupported" | "blocked" | "off" | "on";

type NotificationApi = {
  permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): Notification;
};

const api = (): NotificationApi | null =>
  typeof globalThis.Notification === "function"
    ? (globalThis.Notification as unknown as NotificationApi)
    : null;

const preference = (): boolean => {
  try {
    return globalThis.localStorage?.getItem(PREFERENCE_KEY) === "on";
  } catch {
    return false;
  }
};

const remember = (on: boolean): void => {
  try {
    globalThis.localStorage?.setItem(PREFERENCE_KEY, on ? "on" : "off");
  } catch {
    // Private browsing without storage: the choice lasts for this page only.
  }
};

export function desktopNotificationState(): DesktopNotificationState {
  const n = api();
  if (n === null) return "unsupported";
  if (n.permission === "denied") return "blocked";
  return n.permission === "granted" && preference() ? "on" : "off";
}

/** Asks the browser (it must follow a click) and remembers the choice; returns the new state. */
export async function turnOnDesktopNotifications(): Promise<DesktopNotificationState> {
  const n = api();
  if (n === null) return "unsupported";
  const permission = n.permission === "granted" ? "granted" : await n.requestPermission();
  if (permission === "granted") remember(true);
  return desktopNotificationState();
}

export function turnOffDesktopNotifications(): DesktopNotificationState {
  remember(false);
  return desktopNotificationState();
}

/** The notifications this page showed that are still up, by tag (to close when they go stale). */
const showing = new Map<string, Notification>();

/**
 * Shows one notification when they are on and the page is not visible; clicking it brings the
 * tab forward and runs `onClick`. `tag` makes a repeat of the same event (or another about the same
 * subject: an alert, an offer) replace, not stack, and lets `closeDesktopNotification` take it
 * away. Returns whether one was shown.
 */
export function notifyDesktop(n: {
  title: string;
  body?: string;
  tag: string;
  onClick: () => void;
}): boolean {
  const Api = api();
  if (Api === null || desktopNotificationState() !== "on") return false;
  if (typeof document !== "undefined" && document.visibilityState === "visible") return false;
  const shown = new Api(n.title, { tag: n.tag, ...(n.body !== undefined ? { body: n.body } : {}) });
  showing.set(n.tag, shown);
  shown.onclick = () => {
    globalThis.focus?.();
    n.onClick();
    closeDesktopNotification(n.tag);
  };
  shown.onclose = () => {
    if (showing.get(n.tag) === shown) showing.delete(n.tag);
  };
  return true;
}

/**
 * Takes away the notification this page showed with `tag`, if it is still up: what it asked about
 * is over (an alert acted on elsewhere, dismissed, expired or handed to someone else; an offer
 * answered or withdrawn), and clicking it would lead to nothing.
 */
export function closeDesktopNotification(tag: string): void {
  const shown = showing.get(tag);
  if (shown === undefined) return;
  showing.delete(tag);
  shown.close();
}

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
 * Notifications shown by this browser's tagteam pages, by tag, kept across page loads: one shown
 * before a reload (or by a tab since closed) stays on the desktop, and this page has no handle on
 * it. Its tag is enough: a notification with the same tag replaces it, and closing that takes it
 * away. Kept for a day, at most 100.
 */
const SHOWN_KEY = "tagteam.desktopNotifications.shown";
const SHOWN_KEPT_MS = 24 * 60 * 60 * 1000;
const SHOWN_KEPT = 100;
/** What a notification's tag names: an alert's id, an offer's id, or (none) just its event. */
export type NotificationAbout = "alert" | "offer";
type ShownBefore = Record<string, { title: string; at: number; about?: NotificationAbout }>;

const shownBefore = (): ShownBefore => {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(SHOWN_KEY) ?? "{}");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    const kept: ShownBefore = {};
    for (const [tag, v] of Object.entries(parsed as Record<string, unknown>)) {
      const { title, at, about } = (v ?? {}) as { title?: unknown; at?: unknown; about?: unknown };
      if (typeof title === "string" && typeof at === "number" && Date.now() - at < SHOWN_KEPT_MS)
        kept[tag] = { title, at, ...(about === "alert" || about === "offer" ? { about } : {}) };
    }
    return kept;
  } catch {
    return {};
  }
};

const keepShown = (shown: ShownBefore): void => {
  const newest = Object.entries(shown)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, SHOWN_KEPT);
  try {
    globalThis.localStorage?.setItem(SHOWN_KEY, JSON.stringify(Object.fromEntries(newest)));
  } catch {
    // Without storage, only this page's own notifications can be closed.
  }
};

/** Forgets a notification shown with `tag`; returns its title, or null when none is kept. */
const forgetShown = (tag: string): string | null => {
  const shown = shownBefore();
  const was = shown[tag];
  if (was === undefined) return null;
  delete shown[tag];
  keepShown(shown);
  return was.title;
};

/**
 * Shows one notification when they are on and the page is not visible; clicking it brings the
 * tab forward and runs `onClick`. `tag` makes a repeat of the same event (or another about the same
 * subject: an alert, an offer) replace, not stack, and lets `closeDesktopNotification` take it
 * away. `about` says the tag is an alert's or an offer's id: a later page load closes it once that
 * is no longer open (`closeDesktopNotificationsNoLongerOpen`). Returns whether one was shown.
 */
export function notifyDesktop(n: {
  title: string;
  body?: string;
  tag: string;
  about?: NotificationAbout;
  onClick: () => void;
}): boolean {
  const Api = api();
  if (Api === null || desktopNotificationState() !== "on") return false;
  if (typeof document !== "undefined" && document.visibilityState === "visible") return false;
  const shown = new Api(n.title, { tag: n.tag, ...(n.body !== undefined ? { body: n.body } : {}) });
  showing.set(n.tag, shown);
  keepShown({
    ...shownBefore(),
    [n.tag]: { title: n.title, at: Date.now(), ...(n.about !== undefined ? { about: n.about } : {}) },
  });
  shown.onclick = () => {
    globalThis.focus?.();
    n.onClick();
    closeDesktopNotification(n.tag);
  };
  shown.onclose = () => {
    if (showing.get(n.tag) !== shown) return;
    showing.delete(n.tag);
    forgetShown(n.tag);
  };
  return true;
}

/**
 * Takes away the notification shown with `tag`, if it is still up: what it asked about is over (an
 * alert acted on elsewhere, dismissed, expired or handed to someone else; an offer answered or
 * withdrawn), and clicking it would lead to nothing. One an earlier page load showed is replaced,
 * silently, by one with its tag, which is closed at once.
 */
export function closeDesktopNotification(tag: string): void {
  const shown = showing.get(tag);
  const before = forgetShown(tag);
  if (shown !== undefined) {
    showing.delete(tag);
    shown.close();
    return;
  }
  const Api = api();
  if (before === null || Api === null || Api.permission !== "granted") return;
  try {
    new Api(before, { tag, silent: true }).close();
  } catch {
    // A browser that shows notifications only through a service worker: none was shown either.
  }
}

/**
 * The tags of the notifications about an alert or an offer (`about`) that this browser showed
 * before `before` (epoch ms) and that may still be up.
 */
export function desktopNotificationsShownBefore(about: NotificationAbout, before: number): string[] {
  return Object.entries(shownBefore())
    .filter(([, n]) => n.about === about && n.at < before)
    .map(([tag]) => tag);
}

/**
 * Takes away the notifications about an alert or an offer shown before `before` (by an earlier page
 * load, or a tab since closed) whose alert or offer is not among those still open for the person:
 * it was handled while no tagteam page was open to hear of it, and the notification stayed until
 * its tag was used again. Those shown later are this page's, closed by the events it hears.
 */
export function closeDesktopNotificationsNoLongerOpen(
  about: NotificationAbout,
  open: ReadonlySet<string>,
  before: number,
): void {
  for (const tag of desktopNotificationsShownBefore(about, before))
    if (!open.has(tag)) closeDesktopNotification(tag);
}

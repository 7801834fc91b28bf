import { useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { Link, useLocation } from "wouter";
import type { EventType, TagteamEvent } from "../../protocol/events.ts";
import type { Me } from "../../protocol/resources.ts";
import { ALERT_IDS_MAX } from "../../protocol/http.ts";
import { useInterventions, useMyOpenAlertsAmong, usePeople } from "../lib/queries.ts";
import { useRealtimeEvents } from "../realtime/RealtimeProvider.tsx";
import {
  closeDesktopNotification,
  closeDesktopNotificationsNoLongerOpen,
  desktopNotificationsShownBefore,
  notifyDesktop,
  type NotificationAbout,
} from "./desktopNotifications.ts";

/** What a toast says, where its button goes, and when it is not worth one. */
export interface ToastSpec {
  /** Said as is, or with the name of who did it ("A teammate" when it is not known). */
  title: string | ((who: string, e: TagteamEvent) => string);
  /** Who did it (a person id), when the title names them: the step-in's sender by default. */
  actor?: (e: TagteamEvent) => string | undefined;
  href: (e: TagteamEvent) => string;
  action: string;
  /** My own doing (a drill step I took myself): no notification at all. */
  mine?: (e: TagteamEvent, meId: string) => boolean;
  /** Another event tells the same person the same thing (its own toast): none for this one. */
  said?: (e: TagteamEvent) => boolean;
  /**
   * The element (by id) the action brings into view and focus once its page shows it: on a phone the
   * console's consent prompt and private inbox sit below the list of conversations, and following the
   * link to the page already open did nothing.
   */
  focusId?: (e: TagteamEvent) => string;
  /** The page at this path shows it already: no toast there (a desktop one still, when hidden). */
  shownAt?: (e: TagteamEvent, path: string) => boolean;
  /**
   * What the toast asks about (an offer's id): once it is settled — answered on the console, or
   * withdrawn — the toast goes at once instead of asking for seconds more about nothing.
   */
  subject?: (e: TagteamEvent) => string | undefined;
  /** What the subject is the id of: a later page load closes its desktop notification once it is over. */
  subjectIs?: NotificationAbout;
}

/** Events that settle a toast's subject, wherever they come from. */
const SETTLING: Partial<Record<EventType, (e: TagteamEvent) => string | undefined>> = {
  "intervention.withdrawn": (e) => e.data.interventionId,
  "takeover.accepted": (e) => e.data.interventionId,
  "takeover.declined": (e) => e.data.interventionId,
  // The helper acted on the alert (here or in another tab): nothing left to ask.
  "alert.resolved": (e) => e.data.alertId,
  "alert.dismissed": (e) => e.data.alertId,
};

/**
 * Events that end an alert without its helper (replaced by a new reading, the wrong fact it was
 * about put right by the agent, its conversation closed or reassigned, or handed to someone
 * else): its toast says so and leads nowhere. "See the alert" opened "Nothing needs you right now".
 */
const ENDING: Partial<Record<EventType, string>> = {
  "alert.expired":
    "That alert is over: a newer one replaced it, the agent put it right, or its conversation closed or moved",
  "alert.rerouted": "That alert was handed to another teammate: nothing needed from you",
};

/**
 * The toasts once `event` is known: those whose subject it settles go; an alert's it ends say it
 * was taken and lose their link; a new alert on a conversation replaces the toasts of its earlier
 * ones. `incoming` is the toast the event brings, if any.
 */
export function toastsAfter(toasts: readonly Toast[], event: TagteamEvent, incoming?: Toast): Toast[] {
  const settled = SETTLING[event.type]?.(event);
  const ended = ENDING[event.type];
  let next = toasts.filter((t) => settled === undefined || t.subject !== settled);
  if (ended !== undefined && event.data.alertId !== undefined)
    next = next.map((t) => {
      if (t.subject !== event.data.alertId) return t;
      const { href: _href, action: _action, focusId: _focusId, ...rest } = t;
      return { ...rest, title: ended };
    });
  if (incoming === undefined) return next;
  if (incoming.about !== undefined) next = next.filter((t) => t.about !== incoming.about);
  return [...next.slice(-3), incoming];
}

/**
 * The subject (an alert's or an offer's id) `event` settles or ends, if any: its toast goes or
 * says it is over, and its desktop notification goes.
 */
export function subjectOver(event: TagteamEvent): string | undefined {
  const settled = SETTLING[event.type]?.(event);
  if (settled !== undefined) return settled;
  return ENDING[event.type] !== undefined ? event.data.alertId : undefined;
}

const settledListeners = new Set<(subject: string) => void>();

/** The subject (an offer's id) is settled here, in this page: its toasts and notification go. */
export function settleToasts(subject: string): void {
  closeDesktopNotification(subject);
  for (const listener of settledListeners) listener(subject);
}

const drillHref = (e: TagteamEvent): string => `/practice/${e.data.sessionId ?? ""}`;
const drill = (title: ToastSpec["title"], action: string): ToastSpec => ({
  title,
  // A drill's events carry who took the step.
  actor: (e) => e.data.personId,
  href: drillHref,
  action,
  mine: (e, meId) => e.data.personId === meId,
  // The drill's page, or for a swap the finished drill's page, which offers the next one itself.
  shownAt: (e, path) =>
    path === drillHref(e) ||
    (e.data.previousSessionId !== undefined && path === `/practice/${e.data.previousSessionId}`),
});

/**
 * The disputed card: the person's card of the conversation (theirs as agent or as helper), opened
 * at the disputed item.
 */
const disputedCard = (e: TagteamEvent): string => {
  const params = new URLSearchParams({
    ...(e.data.personId !== undefined ? { person: e.data.personId } : {}),
    ...(e.data.disputeId !== undefined ? { dispute: e.data.disputeId } : {}),
  }).toString();
  return `/qa/${e.conversationId ?? ""}${params !== "" ? `?${params}` : ""}`;
};

/** Events addressed to me that deserve a notification, and what it says. */
export const TOAST_TEXT: Partial<Record<EventType, ToastSpec>> = {
  // The Alerts page lists a new alert as it comes: a toast there would only cover its buttons.
  "alert.raised": {
    // Who could use help, so the helper knows at a glance (it said only "a teammate").
    title: (who, e) =>
      e.data.reason === "raised_hand"
        ? e.data.update === true
          ? `${who} raised a hand on the conversation you are helping with`
          : `${who} raised a hand: you are best placed to help`
        : e.data.update === true
          ? // They are on it already: a new reason there, not a new teammate to help.
            `New on ${e.data.agentId !== undefined ? `${who}’s` : "the"} conversation you are helping with`
          : e.data.agentId !== undefined
            ? `${who} could use your help: you are best placed`
            : "You are best placed to help a teammate",
    actor: (e) => e.data.agentId,
    // The lead the same reading escalated to hears it once, by "A conversation was escalated".
    said: (e) => e.data.escalated === true,
    href: () => "/alerts",
    action: "See the alert",
    shownAt: (_e, path) => path === "/alerts",
    subject: (e) => e.data.alertId,
    subjectIs: "alert",
  },
  // No toast for `alert.rerouted`: it goes to the helper the alert left (who passed it on, went
  // away, or was deactivated); it said "An alert was routed to you". The new helper hears of it by
  // its `alert.raised`.
  "whisper.sent": {
    title: (who) => `${who} whispered a suggestion`,
    href: (e) => `/console/${e.conversationId ?? ""}`,
    action: "Read it",
    focusId: () => "private-inbox",
  },
  // A dead letter shows only on Admin → Integrations: the teammate who whispered believes the agent
  // read it in Chatwoot, so they are told it never got there.
  "whisper.undelivered": {
    title: (who, e) =>
      `Your whisper never reached ${e.data.personId !== undefined && who !== "A teammate" ? who : "the agent"} in Chatwoot: tell them another way`,
    actor: (e) => e.data.personId,
    href: (e) => `/conversations/${e.conversationId ?? ""}`,
    action: "Open the conversation",
    shownAt: (e, path) => path === `/conversations/${e.conversationId ?? ""}`,
  },
  // The transcript marks the reply "Not sent"; the teammate may be elsewhere by then, and the
  // customer is still waiting for an answer.
  "reply.undelivered": {
    title: "Your reply never reached the customer: answer them in your helpdesk",
    href: (e) => `/console/${e.conversationId ?? ""}`,
    action: "Open the conversation",
    shownAt: (e, path) => path === `/console/${e.conversationId ?? ""}`,
  },
  "signal.sent": {
    title: (who) => `${who} is here if you need them`,
    href: (e) => `/console/${e.conversationId ?? ""}`,
    action: "Open",
    focusId: () => "private-inbox",
  },
  "takeover.offered": {
    title: (who) => `${who} offers to take over`,
    href: (e) => `/console/${e.conversationId ?? ""}`,
    action: "Answer",
    focusId: (e) => `consent-${String(e.data.interventionId ?? "")}`,
    subject: (e) => e.data.interventionId,
    subjectIs: "offer",
  },
  "transfer.completed": {
    title: "A conversation was handed to you, with a summary",
    href: (e) => `/console/${e.conversationId ?? ""}`,
    action: "Open it",
    shownAt: (e, path) => path === `/console/${e.conversationId ?? ""}`,
  },
  "takeover.accepted": {
    title: "Your offer was accepted: the conversation is yours now",
    href: (e) => `/console/${e.conversationId ?? ""}`,
    action: "Open it",
    shownAt: (e, path) => path === `/console/${e.conversationId ?? ""}`,
  },
  "takeover.declined": {
    title: "Your offer to take over was declined: the agent keeps the conversation",
    href: (e) => `/conversations/${e.conversationId ?? ""}`,
    action: "See it",
    shownAt: (e, path) => path === `/conversations/${e.conversationId ?? ""}`,
  },
  "conversation.escalated": {
    title: (who, e) =>
      e.data.automatic === true
        ? "One of your conversations was escalated to a lead, by the team's protocol"
        : `${who} escalated one of your conversations to a lead`,
    href: (e) => `/console/${e.conversationId ?? ""}`,
    action: "Open it",
    // The console shows it above the conversation.
    shownAt: (e, path) => path === `/console/${e.conversationId ?? ""}`,
  },
  "escalation.acknowledged": {
    // Who took it on ("I'm on it", or handed the conversation), to whoever escalated it (the agent
    // did not escalate one the team's protocol did: it is in their name), to the agent who had it
    // when someone else did, and to the lead it was asked of when another took it on.
    title: (name, e) => {
      // Events from before it was said who (no personId) read "A lead", as they did.
      const who = e.data.personId === undefined ? "A lead" : name;
      return e.data.reason === "asked"
        ? `${who} took on the escalation you were asked to take`
        : e.data.reason === "agent"
          ? `${who} took on your conversation that was escalated`
          : e.data.automatic === true
            ? `${who} took on your conversation that tagteam escalated`
            : `${who} took on the conversation you escalated`;
    },
    actor: (e) => e.data.personId,
    href: (e) => `/conversations/${e.conversationId ?? ""}`,
    action: "See it",
    shownAt: (e, path) => path === `/conversations/${e.conversationId ?? ""}`,
  },
  "escalation.raised": {
    title: "A conversation was escalated",
    href: () => "/escalations",
    action: "Open the queue",
    shownAt: (_e, path) => path === "/escalations",
  },
  // Promises to customers: a reminder before one falls due, and word when one is missed (to whoever
  // owes it and to the team's leads). The Follow-ups page lists them already.
  "commitment.due": {
    title: "A promise you made to a customer falls due within 15 minutes",
    href: () => "/follow-ups",
    action: "See it",
    shownAt: (_e, path) => path === "/follow-ups",
  },
  "commitment.missed": {
    title: (who, e) =>
      e.personId === e.data.personId
        ? "A promise you made to a customer is overdue: it is still owed"
        : `${who}'s promise to a customer is overdue`,
    actor: (e) => e.data.personId,
    href: () => "/follow-ups",
    action: "See it",
    shownAt: (_e, path) => path === "/follow-ups",
  },
  // QA disputes: the lead hears of a new one, the agent of its outcome (the leads' copy only
  // refreshes their queue).
  "scorecard.disputed": {
    title: (who) => `${who} disputed a score on their QA scorecard`,
    actor: (e) => e.data.personId,
    href: disputedCard,
    action: "Open it",
    shownAt: (e, path) => path === `/qa/${e.conversationId ?? ""}`,
  },
  "scorecard.dispute_resolved": {
    title: (_who, e) =>
      e.data.status === "changed"
        ? "A lead changed the score you disputed"
        : "A lead answered your QA dispute: the score stands",
    href: disputedCard,
    action: "See why",
    mine: (e, meId) => e.data.personId !== meId,
    // The card open shows the outcome as it comes.
    shownAt: (e, path) => path === `/qa/${e.conversationId ?? ""}`,
  },
  "drill.partner_joined": drill((who) => `${who} started a pair drill with you`, "Join the drill"),
  "drill.roles_swapped": drill("Your partner swapped roles for the next drill", "Join the drill"),
  "drill.line_said": drill("Your partner said their line: it’s your turn in the drill", "Open the drill"),
  "drill.ended": drill("Your pair drill is over, and scored", "See the score"),
  "drill.commented": drill("A lead commented on your drill", "Read it"),
  // Feedback is private between two teammates: its events name the other one (data.personId).
  "feedback.sent": {
    title: (who) => `${who} sent you feedback`,
    actor: (e) => e.data.personId,
    href: () => "/feedback",
    action: "Read it",
    shownAt: (_e, path) => path === "/feedback",
  },
  "feedback.replied": {
    title: (who) => `${who} replied to your feedback`,
    actor: (e) => e.data.personId,
    href: () => "/feedback",
    action: "Read it",
    shownAt: (_e, path) => path === "/feedback",
  },
  "pairing.agreed": {
    title: "Your lead set up a mentorship pairing with you",
    href: () => "/skills",
    action: "See your skill map",
  },
  "pairing.ended": {
    title: "A mentorship pairing of yours has ended",
    href: () => "/skills",
    action: "See your skill map",
  },
  // Today's huddle lists it, or its open ones from an earlier day.
  "huddle.champion_named": {
    title: (who) => `${who} named you champion of a procedure update`,
    actor: (e) => e.data.personId,
    href: () => "/huddles",
    action: "See it",
    shownAt: (_e, path) => path === "/huddles",
  },
};

const TOAST_VISIBLE_MS = 9_000;

/** The key that takes the keyboard to the newest toast, and back (the Account page lists it). */
export const TOASTS_SHORTCUT = "Alt+T";

/**
 * Alt+T by the key's place (`code`), not the character it types: on a Mac, Option+T types "†".
 * Shift, Ctrl and the Command key left alone, for the browser's and the system's own shortcuts.
 */
export function isToastsShortcut(
  e: Pick<KeyboardEvent, "altKey" | "ctrlKey" | "metaKey" | "shiftKey" | "code">,
) {
  return e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && e.code === "KeyT";
}

export interface Toast {
  id: string;
  title: string;
  /** Where its button goes; none once what it told of is over (it only says so then). */
  href?: string;
  action?: string;
  focusId?: string;
  subject?: string;
  /** An alert's conversation: a newer alert there replaces this toast. */
  about?: string;
}

/**
 * Where the keyboard goes in a toast (Alt+T, or Escape on the one after it): its link, or its
 * Dismiss button when it has none. A toast about an alert that is over has no link, and Alt+T
 * looked for links only: it said "No notifications" with one on screen, and never reached it.
 */
export function toastControl(toast: Element | null | undefined): HTMLElement | null {
  return toast?.querySelector<HTMLElement>(".toast-actions a[href], .toast-actions button") ?? null;
}

/** Focuses (and so scrolls to) the element once the page shows it, waiting up to 3 s for it. */
function focusWhenShown(id: string): void {
  const until = Date.now() + 3000;
  const tick = () => {
    const el = document.getElementById(id);
    if (el !== null) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: "center" });
    } else if (Date.now() < until) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** On a phone, the newest this many show; the older ones wait behind "+N more" (CSS hides them). */
const NARROW_SHOWN = 2;

/**
 * Private notifications for the signed-in person, from realtime events addressed to them: a toast
 * in the page, and a desktop notification too when the tab is in the background and they turned
 * those on (Account page). On a laptop they stack at the bottom right; on a phone they run the
 * width of the screen at its bottom, a line or two each with the action and a close button, the
 * newest two only (the others behind "+N more"), and the page gets room below its end to scroll
 * what they cover into view.
 */
export function Toasts({ me }: { me: Me }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [path, navigate] = useLocation();
  const people = usePeople();
  useCloseStaleDesktopNotifications();
  useEffect(() => {
    const listener = (subject: string) => setToasts((t) => t.filter((x) => x.subject !== subject));
    settledListeners.add(listener);
    return () => {
      settledListeners.delete(listener);
    };
  }, []);
  useRealtimeEvents((event) => {
    setToasts((t) => toastsAfter(t, event));
    // What a desktop notification asked about is over: nobody should click a stale one.
    const over = subjectOver(event);
    if (over !== undefined) closeDesktopNotification(over);
    if (event.personId !== me.id) return;
    const spec = TOAST_TEXT[event.type];
    if (spec === undefined || spec.mine?.(event, me.id) === true || spec.said?.(event) === true) return;
    const actorId = (spec.actor ?? ((e: TagteamEvent) => e.data.fromPersonId))(event);
    const who = people.data?.find((p) => p.id === actorId)?.name ?? "A teammate";
    const title = typeof spec.title === "string" ? spec.title : spec.title(who, event);
    // In the background, the toast alone would go unseen.
    const subject = spec.subject?.(event);
    notifyDesktop({
      title,
      body: `${spec.action} in tagteam`,
      // By what it asks about (an alert, an offer), so it can be closed once that is over.
      tag: subject ?? event.id,
      ...(subject !== undefined && spec.subjectIs !== undefined ? { about: spec.subjectIs } : {}),
      onClick: () => navigate(spec.href(event)),
    });
    if (spec.shownAt?.(event, path) === true) return;
    const incoming: Toast = {
      id: event.id,
      title,
      href: spec.href(event),
      action: spec.action,
      ...(spec.focusId !== undefined ? { focusId: spec.focusId(event) } : {}),
      ...(subject !== undefined ? { subject } : {}),
      ...(event.type === "alert.raised" && typeof event.conversationId === "string"
        ? { about: event.conversationId }
        : {}),
    };
    setToasts((t) => toastsAfter(t, event, incoming));
  });
  // A toast waits while the pointer is on it or the keyboard focus is in it (WCAG 2.2.1): reaching
  // its button by Tab, or reading it with a screen reader, takes longer than a glance.
  const [held, setHeld] = useState(false);
  const [expanded, setExpanded] = useState(false);
  useEffect(() => {
    if (toasts.length === 0 || held) return;
    const timer = setTimeout(() => setToasts((t) => t.slice(1)), TOAST_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [toasts, held]);
  const close = (id: string) => setToasts((t) => t.filter((x) => x.id !== id));
  useEffect(() => {
    if (toasts.length === 0) setHeld(false);
    if (toasts.length <= NARROW_SHOWN) setExpanded(false);
  }, [toasts.length]);
  const box = useRef<HTMLDivElement>(null);
  useToastsHeight(box);
  // Where the keyboard was before Alt+T brought it here: Escape (on the last toast) or Alt+T again
  // goes back. A toast never takes the focus by itself; without a key to reach one, a keyboard user
  // had to Tab through the whole page to its end, and a screen reader user heard of an offer they
  // could not get to before it went.
  const cameFrom = useRef<HTMLElement | null>(null);
  const [nothingToReach, setNothingToReach] = useState(false);
  const goBack = () => {
    const back = cameFrom.current;
    cameFrom.current = null;
    if (back !== null && back.isConnected) back.focus();
    else document.getElementById("main")?.focus();
  };
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isToastsShortcut(e)) return;
      e.preventDefault();
      const el = box.current;
      if (el === null) return;
      if (el.contains(document.activeElement)) return goBack();
      const newest = toastControl(Array.from(el.querySelectorAll(".toast")).at(-1));
      if (newest === null) return setNothingToReach(true);
      const active = document.activeElement;
      cameFrom.current = active instanceof HTMLElement && active !== document.body ? active : null;
      newest.focus();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
  useEffect(() => {
    if (toasts.length > 0) setNothingToReach(false);
  }, [toasts.length]);
  /** Escape in a toast dismisses it; the keyboard goes to the next one, or back where it was. */
  const dismissByKey = (id: string) => {
    const rest = toasts.filter((t) => t.id !== id);
    close(id);
    const next = rest.at(-1);
    if (next === undefined) return goBack();
    requestAnimationFrame(() =>
      toastControl(
        Array.from(box.current?.querySelectorAll<HTMLElement>(".toast") ?? []).find(
          (t) => t.dataset.toastId === next.id,
        ),
      )?.focus(),
    );
  };
  const older = toasts.length - NARROW_SHOWN;
  return (
    <div
      ref={box}
      className="toasts"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setHeld(false);
      }}
    >
      {older > 0 ? (
        <button
          type="button"
          className="btn small toasts-more"
          aria-expanded={expanded}
          aria-controls="toast-list"
          onClick={() => setExpanded((x) => !x)}
        >
          {expanded ? "Show fewer" : `+${older} more`}
        </button>
      ) : null}
      <div id="toast-list" className={expanded ? "toast-list all" : "toast-list"} aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className="toast"
            role="status"
            data-toast-id={t.id}
            onKeyDown={(e) => {
              if (e.key !== "Escape") return;
              e.preventDefault();
              dismissByKey(t.id);
            }}
          >
            <div className="toast-title">
              {t.title}
              {/* Said with the toast, to whoever cannot see it appear: how to get to it. */}
              <span className="visually-hidden"> ({TOASTS_SHORTCUT} to reach it, Escape to dismiss it.)</span>
            </div>
            <div className="toast-actions">
              {t.href !== undefined ? (
                <Link
                  href={t.href}
                  className="btn small primary"
                  aria-keyshortcuts={TOASTS_SHORTCUT}
                  onClick={() => {
                    close(t.id);
                    if (t.focusId !== undefined) focusWhenShown(t.focusId);
                  }}
                >
                  {t.action}
                </Link>
              ) : null}
              <button
                type="button"
                className="btn small ghost toast-dismiss"
                aria-label="Dismiss"
                aria-keyshortcuts={t.href === undefined ? TOASTS_SHORTCUT : undefined}
                // Pressed from the keyboard (no pointer: detail 0), the focus goes on as Escape's
                // does, not to the page's body with the button.
                onClick={(e) => (e.detail === 0 ? dismissByKey(t.id) : close(t.id))}
              >
                <span className="toast-dismiss-word">Dismiss</span>
                <span className="toast-dismiss-x" aria-hidden="true">
                  ×
                </span>
              </button>
            </div>
          </div>
        ))}
        {nothingToReach ? <span className="visually-hidden">No notifications.</span> : null}
      </div>
    </div>
  );
}

/**
 * Once this page knows the person's open alerts (and, when one was notified, their open offers):
 * closes the desktop notifications an earlier page showed about an alert or an offer handled since,
 * while no tagteam page was open to hear it. Those stayed up until their tag was used again, and
 * clicking one led to nothing.
 */
function useCloseStaleDesktopNotifications(): void {
  const [loadedAt] = useState(() => Date.now());
  // Asked about by id, only those an earlier page notified: the first page of the person's open
  // alerts (100) left out the rest, so a lead with more kept stale notifications.
  const alertsShown = useMemo(
    () => desktopNotificationsShownBefore("alert", loadedAt).slice(0, ALERT_IDS_MAX),
    [loadedAt],
  );
  const alerts = useMyOpenAlertsAmong(alertsShown);
  // The open offers are asked for only when an earlier page showed one.
  const offersShown = useMemo(
    () => desktopNotificationsShownBefore("offer", loadedAt).length > 0,
    [loadedAt],
  );
  const offers = useInterventions("mine", "takeover_offer", "active", offersShown);
  const done = useRef({ alert: false, offer: false });
  useEffect(() => {
    if (done.current.alert || alertsShown.length === 0 || alerts.data === undefined) return;
    done.current.alert = true;
    closeDesktopNotificationsNoLongerOpen("alert", new Set(alerts.data.map((a) => a.id)), loadedAt);
  }, [alerts.data, alertsShown, loadedAt]);
  useEffect(() => {
    if (done.current.offer || !offersShown || offers.data === undefined) return;
    done.current.offer = true;
    closeDesktopNotificationsNoLongerOpen("offer", new Set(offers.data.map((i) => i.id)), loadedAt);
  }, [offers.data, offersShown, loadedAt]);
}

/**
 * The toasts' height as `--toasts-height` on the page, while any show: on a phone the page keeps
 * that much room below its end (theme.css), so whatever they cover can be scrolled above them.
 */
function useToastsHeight(box: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const el = box.current;
    if (el === null || typeof ResizeObserver === "undefined") return;
    const root = document.documentElement;
    // Their height and the gap below them (8 px, theme.css), or nothing while none show.
    const observer = new ResizeObserver(() =>
      root.style.setProperty("--toasts-height", el.offsetHeight > 0 ? `${el.offsetHeight + 8}px` : "0px"),
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty("--toasts-height");
    };
  }, [box]);
}

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { AVAILABILITIES, type Availability, type Me } from "../../protocol/resources.ts";
import { apiClient } from "../lib/api.ts";
import { queryKeys, useAlerts, useInterventions } from "../lib/queries.ts";
import {
  useRealtimeAccessChanges,
  useRealtimeEvents,
  useRealtimeStatus,
} from "../realtime/RealtimeProvider.tsx";
import { qaKeys, useOpenDisputes } from "../features/qa/api.ts";
import { Toasts } from "./Toasts.tsx";
import { PageTitleContext } from "./pageTitle.ts";
import { navLocationFor, useOpenedFrom } from "./openedFrom.ts";
import { IncidentBanners } from "../features/incidents/IncidentBanner.tsx";
import { PulsePrompts } from "../features/pulses/PulsePrompt.tsx";
import { startSigningOut } from "../features/auth/signingOut.ts";

export interface NavItem {
  href: string;
  label: string;
  count?: number;
  /** What the count means, said to a screen reader ("2 new" when omitted). */
  countLabel?: string;
  /** A heading shown above this item: it starts a group (after the conversation, growing the team). */
  section?: string;
}

/** The navigation each role sees, in order. */
export function navFor(
  role: Me["role"],
  counts: { alerts: number; escalations: number; disputes?: number },
): NavItem[] {
  const alerts = { href: "/alerts", label: "Alerts for me", count: counts.alerts };
  const floor = { href: "/floor", label: "Floor" };
  const history = { href: "/conversations", label: "Conversations" };
  const consoleItem = { href: "/console", label: "My console" };
  const escalations = { href: "/escalations", label: "Escalations", count: counts.escalations };
  const admin = { href: "/admin", label: "Admin" };
  // Loop 2, after the conversation: the same for every role; import & export for leads and admins.
  const after: NavItem[] = [
    { href: "/debriefs", label: "Debriefs", section: "After the conversation" },
    { href: "/feedback", label: "Feedback" },
    { href: "/journal", label: "Journal" },
    { href: "/knowledge", label: "Knowledge" },
    // A lead's open QA disputes wait on the Scorecards page.
    {
      href: "/qa",
      label: "Scorecards",
      ...(role !== "agent" && (counts.disputes ?? 0) > 0
        ? {
            count: counts.disputes,
            countLabel: `${counts.disputes ?? 0} dispute${counts.disputes === 1 ? "" : "s"} to resolve`,
          }
        : {}),
    },
    { href: "/follow-ups", label: "Follow-ups" },
  ];
  const exportsItem = { href: "/exports", label: "Import & export" };
  // Loop 3, growing the team: the same for every role (each page shows each role its part), and
  // the team's numbers over time for leads and admins.
  const grow: NavItem[] = [
    { href: "/practice", label: "Practice", section: "Grow the team" },
    { href: "/huddles", label: "Huddles" },
    { href: "/skills", label: "Skill map" },
  ];
  const numbers = { href: "/numbers", label: "Numbers" };
  // An agent's own figures; a lead opens their agents' from Numbers.
  const myNumbers = { href: "/my-numbers", label: "My numbers" };
  switch (role) {
    case "agent":
      return [consoleItem, floor, history, alerts, ...after, ...grow, myNumbers];
    case "lead":
      return [floor, history, alerts, escalations, consoleItem, ...after, exportsItem, ...grow, numbers];
    case "admin":
      return [floor, history, alerts, escalations, admin, ...after, exportsItem, ...grow, numbers];
  }
}

/**
 * The navigation's groups, each under its heading: the first under the organisation's name, then one
 * from each item that starts a section ("After the conversation", "Grow the team").
 */
export function navGroups(
  items: readonly NavItem[],
  firstHeading: string,
): { heading: string; items: NavItem[] }[] {
  const groups: { heading: string; items: NavItem[] }[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last === undefined || item.section !== undefined)
      groups.push({ heading: item.section ?? firstHeading, items: [item] });
    else last.items.push(item);
  }
  return groups;
}

/**
 * The tab's title: how many alerts and escalations wait for me, the page (first, so a screen reader
 * or a row of tabs tells pages apart), then the product.
 */
export const titleFor = (waiting: number, page?: string): string => {
  const base = page !== undefined ? `${page} · tagteam` : "tagteam";
  return waiting > 0 ? `(${waiting}) ${base}` : base;
};

/** The page's name for the title: its navigation item's, or the few pages outside the navigation. */
export function pageNameFor(location: string, items: readonly NavItem[]): string | undefined {
  if (location === "/account") return "Your account";
  if (location === "/my-numbers" && !items.some((i) => i.href === "/my-numbers")) return "Agents' numbers";
  if (/^\/conversations\/[^/]+/.test(location)) return "Conversation";
  if (/^\/qa\/[^/]+/.test(location)) return "Scorecard";
  return items.find((i) => location === i.href || location.startsWith(i.href + "/"))?.label;
}

/**
 * The offline banner: shown whenever the realtime connection is down. One line at every width (it
 * stays stuck to the top of a scrolled page): on a narrow screen the reassurance after the first
 * sentence is for screen readers only, which read the whole banner; wrapped onto three lines at
 * 320 px it covered a fifth of the screen.
 */
export function OfflineBanner() {
  const status = useRealtimeStatus();
  if (status !== "offline") return null;
  return (
    <div className="banner offline shell-banner" role="status">
      <span className="offline-line">
        You are offline — reconnecting.
        <span className="offline-more"> Live updates will resume and nothing will be missed.</span>
      </span>
    </div>
  );
}

/**
 * Shown once an admin changed my role or teams while the page was open: the pages refetch with the
 * new access (the provider does it), and this says why something may have gone.
 */
export function AccessChangedBanner() {
  const [changed, setChanged] = useState(false);
  useRealtimeAccessChanges(() => setChanged(true));
  if (!changed) return null;
  return (
    <div className="banner access shell-banner" role="status">
      An admin changed your role or teams. tagteam now shows only what your new access lets you see.
      <button type="button" className="btn small ghost" onClick={() => setChanged(false)}>
        Dismiss
      </button>
    </div>
  );
}

/** The signed-in frame: sidebar navigation by role, the offline banner, toasts. */
export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const [location] = useLocation();
  const queryClient = useQueryClient();
  const lead = me.role !== "agent";
  const alerts = useAlerts("mine");
  // Only leads and admins may list the team's escalations.
  const escalations = useInterventions("team", "escalation", "active", me.role !== "agent");
  const disputes = useOpenDisputes(lead);
  // A dispute opened or resolved anywhere moves the count (the events reach the team's leads).
  useRealtimeEvents((e) => {
    if (e.type === "scorecard.disputed" || e.type === "scorecard.dispute_resolved")
      void queryClient.invalidateQueries({ queryKey: [...qaKeys.all, "disputes"] });
  });
  const counts = {
    alerts: alerts.data?.filter((a) => a.status === "raised").length ?? 0,
    escalations: lead ? (escalations.data?.filter((i) => i.status === "offered").length ?? 0) : 0,
    disputes: lead ? (disputes.data?.open ?? 0) : 0,
  };
  const items = navFor(me.role, counts);
  // What waits for me shows in the tab's title, seen from any other tab; then the page's name.
  const waiting = counts.alerts + counts.escalations;
  // A page outside the navigation may name itself (Page not found).
  const [ownName, setOwnName] = useState<string | null>(null);
  const pageName = ownName ?? pageNameFor(location, items);
  // The item lit: the page's own; for a conversation, the page it was opened from (the alerts, the
  // queue); none for a page outside the navigation (Page not found at /console/old/link lit "My
  // console").
  const openedFrom = useOpenedFrom();
  const navLocation =
    ownName !== null
      ? null
      : navLocationFor(
          location,
          openedFrom,
          items.map((i) => i.href),
        );
  useEffect(() => {
    document.title = titleFor(waiting, pageName);
  }, [waiting, pageName]);
  // A page opened from the navigation takes the keyboard focus to its content, as a page load
  // would: a screen reader starts reading there, and Tab goes on from there, not from the sidebar.
  // So does one opened from a link in the last page (a row of the escalation queue): that link
  // left with its page or, while the next page's code loads, is hidden with it, and the browser
  // then dropped the focus to the body.
  const mainRef = useRef<HTMLElement>(null);
  const previousLocation = useRef(location);
  useEffect(() => {
    if (previousLocation.current === location) return;
    previousLocation.current = location;
    const active = document.activeElement;
    if (
      active === null ||
      active === document.body ||
      active.closest(".sidebar") !== null ||
      !active.isConnected ||
      !active.checkVisibility()
    )
      mainRef.current?.focus({ preventScroll: true });
  }, [location]);
  // Wherever the navigation is a top bar (a phone, a tablet, a laptop zoomed to 200 %) it folds
  // behind a Menu button: its links took a third of the screen before any content. It folds again
  // once a page is chosen (the current one too), on Escape, and when the keyboard leaves it.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setMenuOpen(false), [location]);
  const closeMenu = (focus: "button" | "main" | "stay") => {
    setMenuOpen(false);
    if (focus === "button") menuButton.current?.focus();
    // The link chosen is hidden with the menu: the focus goes where a page opened from it goes.
    if (focus === "main") mainRef.current?.focus({ preventScroll: true });
  };
  // Routing asks only available teammates; anyone may set their own availability.
  const setAvailability = async (availability: Availability) => {
    await apiClient.updatePerson(me.id, { availability }).catch(() => undefined);
    await queryClient.invalidateQueries({ queryKey: queryKeys.me });
  };
  const signOut = async () => {
    // "Signing out…" at once: the session ends (and the live connection closes) before the answer
    // comes, and the sign-in form must not show on this page only to be emptied by the reload.
    startSigningOut();
    await apiClient.signOut().catch(() => undefined);
    // A fresh load of the start page: nothing of the session stays in this tab's memory (cached
    // pages, the realtime client), and the sign-in page shows. Clearing the query cache in place
    // left the page on its last screen, "offline", with the old data still on it.
    window.location.assign("/");
  };
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to main content
      </a>
      <OfflineBanner />
      <AccessChangedBanner />
      <IncidentBanners me={me} />
      <nav
        className="sidebar"
        aria-label="Main"
        onKeyDown={(e) => {
          if (e.key !== "Escape" || !menuOpen) return;
          e.stopPropagation();
          closeMenu("button");
        }}
        onBlur={(e) => {
          // Tab past its last item (or Shift+Tab before the button): the page below is whole again.
          // A click on nothing in particular (no next focus) leaves it as it is.
          const next = e.relatedTarget;
          if (menuOpen && next instanceof Node && !e.currentTarget.contains(next)) closeMenu("stay");
        }}
      >
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            tt
          </span>
          tagteam
        </div>
        <button
          ref={menuButton}
          type="button"
          className="btn small nav-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav-links"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? "Close menu" : "Menu"}
          {!menuOpen && waiting > 0 ? (
            <span className="nav-count" aria-label={`${waiting} waiting`}>
              {waiting}
            </span>
          ) : null}
        </button>
        <div id="nav-links" className={menuOpen ? "nav-links open" : "nav-links"}>
          {navGroups(items, me.orgName).map((group, g) => (
            // A named group per heading: a screen reader hears "After the conversation, group" on
            // entering it, as the eye reads the heading above its links.
            <div key={group.heading} className="nav-group" role="group" aria-labelledby={`nav-group-${g}`}>
              <div className="nav-section" id={`nav-group-${g}`}>
                {group.heading}
              </div>
              {group.items.map((item) => {
                const current =
                  navLocation !== null &&
                  (navLocation === item.href || navLocation.startsWith(item.href + "/"));
                return (
                  <Link
                    key={item.href}
                    href={item.href}
                    className="nav-link"
                    aria-current={current ? "page" : undefined}
                    onClick={() => {
                      if (menuOpen && location === item.href) closeMenu("main");
                    }}
                  >
                    <span>{item.label}</span>
                    {item.count ? (
                      <span className="nav-count" aria-label={item.countLabel ?? `${item.count} new`}>
                        {item.count}
                      </span>
                    ) : null}
                  </Link>
                );
              })}
            </div>
          ))}
          {/* Name and role on one line, availability and Sign out on the next: on a 1366 × 768 laptop a
              lead's or admin's foot, a line each, ran below the screen (Sign out and availability
              were found only by scrolling the sidebar). */}
          <div className="sidebar-foot">
            <div className="who-line">
              <Link href="/account" className="who" title="Your account: password and details">
                {me.name}
              </Link>
              <span className="role">{me.role}</span>
            </div>
            <label className="visually-hidden" htmlFor="my-availability">
              My availability
            </label>
            <select
              id="my-availability"
              className="availability"
              value={me.availability}
              onChange={(e) => void setAvailability(e.target.value as Availability)}
            >
              {AVAILABILITIES.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn small ghost"
              style={{ color: "#c9d4dc" }}
              onClick={() => void signOut()}
            >
              Sign out
            </button>
          </div>
        </div>
      </nav>
      <main className="main" id="main" ref={mainRef} tabIndex={-1}>
        {/* The team's employee pulse, when one waits for my answer: above whatever page is open. */}
        <PulsePrompts />
        {/* Leads and agents see their teams' work only: in none, every page is empty, so say why. */}
        {me.role !== "admin" && me.teamIds.length === 0 ? (
          <div className="notice no-team" role="status">
            You are not in a team yet, so no conversations or alerts reach you. An admin can add you to one.
          </div>
        ) : null}
        <PageTitleContext.Provider value={setOwnName}>{children}</PageTitleContext.Provider>
      </main>
      <Toasts me={me} />
    </div>
  );
}

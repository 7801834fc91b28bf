import { useHistoryState } from "wouter/use-browser-location";

/**
 * The page a conversation was opened from (the alerts, the escalation queue, the floor), kept in the
 * browser's history entry: the navigation keeps that page lit, and the conversation's breadcrumb
 * leads back to it (with its filters), as a scorecard or a debrief opened from its list keeps its
 * list's place. Opened from the Alerts page, "Conversations" was lit and the breadcrumb said "Floor".
 * Back, Forward and a reload keep it (the history entry holds it); an address typed or pasted has
 * none, and the conversation is under "Conversations".
 */
export interface OpenedFrom {
  /** The page's address, with its query ("/alerts?scope=team"). */
  openedFrom: string;
}

/** The history state a link to a conversation carries: the page it was followed from. */
export const openedFromHere = (): OpenedFrom => ({
  openedFrom: `${window.location.pathname}${window.location.search}`,
});

/** The page this entry was opened from, if it carried one (an address within the app only). */
export function openedFromOf(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("openedFrom" in state)) return null;
  const from = state.openedFrom;
  return typeof from === "string" && /^\/[^/]/.test(from) ? from : null;
}

/** The page this history entry was opened from (null: none). */
export function useOpenedFrom(): string | null {
  return openedFromOf(useHistoryState<unknown>());
}

/**
 * The address the navigation lights: a conversation's is the page it was opened from, if any. A
 * lead's or admin's navigation has no "My numbers" (their "Numbers" page links to each agent's
 * own): there "Numbers" stays lit, where no item was.
 */
export function navLocationFor(
  location: string,
  openedFrom: string | null,
  hrefs: readonly string[] = [],
): string {
  if (location === "/my-numbers" && !hrefs.includes(location) && hrefs.includes("/numbers"))
    return "/numbers";
  if (openedFrom === null || !/^\/conversations\/[^/]+$/.test(location)) return location;
  return openedFrom.split("?")[0] ?? location;
}

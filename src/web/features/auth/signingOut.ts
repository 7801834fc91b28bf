import { useSyncExternalStore } from "react";

/**
 * This page's own sign-out, from the press of Sign out until the fresh load of the start page.
 * The server ends the session before it answers, so the page's live connection closes ("signed
 * out") and its reads answer 401 while the answer is on its way: the page showed the sign-in form,
 * saying the session was ended elsewhere, until the reload replaced it and lost what had been
 * typed there (the next person's email, on a shared computer).
 */
let signingOut = false;
const listeners = new Set<() => void>();

/** Sign out was pressed: the page shows only "Signing out…" until it loads afresh. */
export function startSigningOut(): void {
  signingOut = true;
  for (const listener of listeners) listener();
}

/** Whether this page is signing out (it stays so until the page is replaced). */
export function useSigningOut(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => signingOut,
  );
}

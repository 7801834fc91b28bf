/**
 * Why the server signed this page out, kept in memory until the sign-in page shows it: the socket's
 * close reason (4401 "account deactivated" or "signed out") says more than a bare sign-in form.
 * (One's own sign-out from this page reloads it, which forgets any notice.)
 */
let notice: string | null = null;

/** The sentence for a 4401 close reason from the realtime socket. */
export function signOutNoticeFor(reason: string): string {
  return reason === "account deactivated"
    ? "An admin deactivated your account, so you were signed out. Ask an admin if you need it back."
    : "You were signed out: this session was ended (a sign-out elsewhere, or a password change). Sign in again.";
}

/** The server ended this page's session (its socket closed with 4401). */
export function setSignOutNotice(text: string): void {
  notice = text;
}

/** Signed in again: nothing left to explain. */
export function clearSignOutNotice(): void {
  notice = null;
}

export function signOutNotice(): string | null {
  return notice;
}

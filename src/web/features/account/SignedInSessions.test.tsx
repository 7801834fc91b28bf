// @vitest-environment happy-dom
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AccountSession } from "../../../protocol/http.ts";
import { ApiError } from "../../lib/http.ts";
import { SESSIONS_REFRESH_MS, SignedInSessions } from "./SignedInSessions.tsx";

afterEach(cleanup);

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const session = (over: Partial<AccountSession> & { id: string }): AccountSession => ({
  device: "Chrome on Linux",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0",
  ip: "203.0.113.9",
  createdAt: ago(3 * 3600_000),
  lastUsedAt: ago(1000),
  expiresAt: new Date(Date.now() + 12 * 3600_000).toISOString(),
  current: false,
  ...over,
});

/** A stand-in server: the sessions it holds, what it was asked. */
function fakeServer(initial: AccountSession[]) {
  let sessions = [...initial];
  const calls: string[] = [];
  return {
    calls,
    load: async () => ({ sessions }),
    revoke: async (id: string) => {
      calls.push(`revoke ${id}`);
      sessions = sessions.filter((s) => s.id !== id);
      return { ok: true as const };
    },
    revokeOthers: async () => {
      calls.push("revoke-others");
      const n = sessions.filter((s) => !s.current).length;
      sessions = sessions.filter((s) => s.current);
      return { ok: true as const, signedOutSessions: n };
    },
  };
}

const HERE = session({ id: "here", current: true });
const PHONE = session({
  id: "phone",
  device: "Safari on iPhone",
  ip: "198.51.100.4",
  lastUsedAt: ago(2 * 3600_000),
});
const OLD = session({
  id: "old",
  device: "Firefox on Windows",
  ip: null,
  createdAt: ago(4 * 86_400_000),
  lastUsedAt: ago(3 * 86_400_000),
});

describe("SignedInSessions", () => {
  it("lists each session with its device, address and last activity, this device marked and not offered", async () => {
    const server = fakeServer([HERE, PHONE, OLD]);
    render(<SignedInSessions {...server} />);
    const table = await screen.findByRole("table", { name: "Where you're signed in" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("Chrome on Linux This device203.0.113.9"),
      expect.stringContaining("Safari on iPhone198.51.100.4"),
      expect.stringContaining("Firefox on Windows—"),
    ]);
    expect(rows[0]?.textContent).toContain("Active now");
    expect(rows[1]?.textContent).toContain("2 h ago");
    expect(rows[2]?.textContent).toContain("3 days ago");
    expect(within(rows[0] as HTMLElement).queryByRole("button")).toBeNull();
    expect(
      within(rows[1] as HTMLElement).getByRole("button", {
        name: "Sign out Safari on iPhone (198.51.100.4)",
      }),
    ).toBeTruthy();
  });

  it("signs out one other session and lists what is left", async () => {
    const server = fakeServer([HERE, PHONE, OLD]);
    render(<SignedInSessions {...server} />);
    await userEvent.click(
      await screen.findByRole("button", { name: "Sign out Safari on iPhone (198.51.100.4)" }),
    );
    expect(await screen.findByRole("status")).toHaveProperty("textContent", "Signed out Safari on iPhone.");
    expect(server.calls).toEqual(["revoke phone"]);
    expect(screen.queryByText("Safari on iPhone")).toBeNull();
    expect(screen.getByText("Firefox on Windows")).toBeTruthy();
  });

  it("signs out everywhere else only once confirmed; cancelling sends nothing", async () => {
    const server = fakeServer([HERE, PHONE, OLD]);
    render(<SignedInSessions {...server} />);
    await userEvent.click(await screen.findByRole("button", { name: "Sign out everywhere else" }));
    const confirm = screen.getByRole("group", { name: "Confirm signing out everywhere else" });
    expect(confirm.textContent).toContain("Sign out all 2 other sessions? This one stays signed in.");
    await userEvent.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(server.calls).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Sign out everywhere else" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, sign them out" }));
    expect(await screen.findByRole("status")).toHaveProperty("textContent", "Signed out 2 other sessions.");
    expect(server.calls).toEqual(["revoke-others"]);
    expect(await screen.findByText("You are signed in only here.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Sign out everywhere else" })).toBeNull();
  });

  it("shows the server's refusal, and a list that cannot load", async () => {
    const server = fakeServer([HERE, PHONE]);
    render(
      <SignedInSessions
        {...server}
        revoke={async () => {
          throw new ApiError(404, "NOT_FOUND", "session not found");
        }}
      />,
    );
    await userEvent.click(await screen.findByRole("button", { name: /^Sign out Safari on iPhone/ }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "session not found");
    cleanup();
    render(
      <SignedInSessions
        {...server}
        load={async () => {
          throw new ApiError(403, "FORBIDDEN", "Sign in to see where you are signed in: an API token cannot");
        }}
      />,
    );
    expect(await screen.findByRole("alert")).toHaveProperty(
      "textContent",
      "Sign in to see where you are signed in: an API token cannot",
    );
  });

  it("reads the list again each minute while open: a sign-in elsewhere appears", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let sessions = [HERE];
      render(<SignedInSessions load={async () => ({ sessions })} />);
      await screen.findByText("Chrome on Linux");
      expect(screen.queryByText("Safari on iPhone")).toBeNull();
      sessions = [HERE, PHONE];
      await vi.advanceTimersByTimeAsync(SESSIONS_REFRESH_MS);
      expect(await screen.findByText("Safari on iPhone")).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});

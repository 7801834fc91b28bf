import { useCallback, useEffect, useState } from "react";
import type { AccountSession } from "../../../protocol/http.ts";
import { apiClient } from "../../lib/api.ts";
import { useNow } from "../../lib/useNow.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { formatWhen } from "../admin/integrations.ts";
import { relativeTime } from "../admin/auditModel.ts";
import { describeError } from "../conversation/ConversationPage.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

/** How often the list is read again while the page is open. */
export const SESSIONS_REFRESH_MS = 60_000;

/**
 * "Where you're signed in": the person's live sessions (browser and system, address, when each
 * signed in and was last active), with this device marked. Any other one can be signed out, or all
 * of them at once after a confirmation. The API calls are props so a test can stand in for them.
 */
export function SignedInSessions({
  load = apiClient.sessions,
  revoke = apiClient.revokeSession,
  revokeOthers = apiClient.revokeOtherSessions,
}: {
  load?: typeof apiClient.sessions;
  revoke?: typeof apiClient.revokeSession;
  revokeOthers?: typeof apiClient.revokeOtherSessions;
}) {
  const nowMs = useNow(30_000);
  const [sessions, setSessions] = useState<AccountSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const refresh = useCallback(
    () =>
      load()
        .then((r) => setSessions(r.sessions))
        .catch((e: unknown) => setError(describeError(e))),
    [load],
  );
  // Read again each minute while the page is open: a sign-in elsewhere appears, an ended one goes.
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), SESSIONS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  /** Runs an action, says how it went, and reads the list again either way. */
  const act = (key: string, run: () => Promise<string>) => {
    setBusy(key);
    setError(null);
    setDone(null);
    run()
      .then(setDone)
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => {
        setBusy(null);
        setConfirming(false);
        void refresh();
      });
  };

  const others = (sessions ?? []).filter((s) => !s.current);
  return (
    <div className="stack">
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {done !== null ? (
        <div className="notice ok" role="status">
          {done}
        </div>
      ) : null}
      {sessions === null ? (
        error === null ? (
          <p className="muted" style={{ margin: 0 }}>
            Loading…
          </p>
        ) : null
      ) : sessions.length === 0 ? (
        <EmptyState>No sessions.</EmptyState>
      ) : (
        <TableScroll label="Where you're signed in">
          <table className="table" aria-label="Where you're signed in">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">IP address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    <span title={s.userAgent ?? undefined}>{s.device}</span>
                    {s.current ? (
                      <>
                        {" "}
                        <Badge tone="ok">This device</Badge>
                      </>
                    ) : null}
                  </td>
                  <td className="mono">{s.ip ?? "—"}</td>
                  <td title={new Date(s.createdAt).toLocaleString()}>{formatWhen(s.createdAt, nowMs)}</td>
                  <td title={new Date(s.lastUsedAt).toLocaleString()}>
                    {s.current ? "Active now" : relativeTime(s.lastUsedAt, nowMs)}
                  </td>
                  <td>
                    {s.current ? null : (
                      <button
                        type="button"
                        className="btn small"
                        disabled={busy !== null}
                        aria-label={`Sign out ${s.device}${s.ip !== null ? ` (${s.ip})` : ""}`}
                        onClick={() => act(s.id, () => revoke(s.id).then(() => `Signed out ${s.device}.`))}
                      >
                        Sign out
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {others.length === 0 ? (
        sessions !== null && sessions.length > 0 ? (
          <p className="small muted" style={{ margin: 0 }}>
            You are signed in only here.
          </p>
        ) : null
      ) : confirming ? (
        <div role="group" aria-label="Confirm signing out everywhere else" className="row">
          <span>
            Sign out {others.length === 1 ? "the 1 other session" : `all ${others.length} other sessions`}?
            This one stays signed in.
          </span>
          <button
            type="button"
            className="btn small danger"
            disabled={busy !== null}
            onClick={() =>
              act("others", () =>
                revokeOthers().then((r) =>
                  r.signedOutSessions === 0
                    ? "There were no other sessions to sign out."
                    : `Signed out ${r.signedOutSessions} other ${r.signedOutSessions === 1 ? "session" : "sessions"}.`,
                ),
              )
            }
          >
            Yes, sign them out
          </button>
          <button type="button" className="btn small" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <div>
          <button type="button" className="btn" disabled={busy !== null} onClick={() => setConfirming(true)}>
            Sign out everywhere else
          </button>
        </div>
      )}
    </div>
  );
}

import { useState } from "react";
import type { Me, Team } from "../../../protocol/resources.ts";
import { apiClient } from "../../lib/api.ts";
import { ApiError } from "../../lib/http.ts";
import { useTeams } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { PageHeader, Panel } from "../../ui/Panel.tsx";
import {
  desktopNotificationState,
  turnOffDesktopNotifications,
  turnOnDesktopNotifications,
  type DesktopNotificationState,
} from "../../app/desktopNotifications.ts";
import { describeError } from "../conversation/ConversationPage.tsx";
import { SignedInSessions } from "./SignedInSessions.tsx";
import { TOASTS_SHORTCUT } from "../../app/Toasts.tsx";

type Field = "currentPassword" | "newPassword" | "confirm";

/** The server's validation issues by field ("body.newPassword" → "newPassword"); the rest as "". */
function fieldErrors(error: unknown): Partial<Record<Field | "", string>> {
  const issues = error instanceof ApiError ? error.details?.["issues"] : undefined;
  if (!Array.isArray(issues) || issues.length === 0) return { "": describeError(error) };
  const out: Partial<Record<Field | "", string>> = {};
  for (const issue of issues as { path?: unknown[]; message?: string }[]) {
    const field = Array.isArray(issue.path) ? String(issue.path.at(-1) ?? "") : "";
    const key: Field | "" = field === "currentPassword" || field === "newPassword" ? field : "";
    out[key] = issue.message ?? "invalid";
  }
  return out;
}

/** The signed-in person's own account: who they are here, their password, and where they are signed in. */
export function AccountPage({ me }: { me: Me }) {
  const teams = useTeams();
  const teamName = new Map((teams.data ?? []).map((t: Team) => [t.id, t.name]));
  return (
    <>
      <PageHeader title="Your account" sub={`${me.name} · ${me.email}`} />
      <div className="two-col">
        <div className="stack">
          <Panel title="You">
            <dl className="facts">
              <dt>Role</dt>
              <dd>{me.role}</dd>
              <dt>Organisation</dt>
              <dd>{me.orgName}</dd>
              <dt>Teams</dt>
              <dd>
                {me.teamIds.length === 0 ? (
                  <span className="muted">none yet</span>
                ) : (
                  <span className="cues">
                    {me.teamIds.map((t) => (
                      <Badge key={t}>{teamName.get(t) ?? t}</Badge>
                    ))}
                  </span>
                )}
              </dd>
              <dt>Topics you know</dt>
              <dd>
                {me.topics.length === 0 ? <span className="muted">none recorded</span> : me.topics.join(", ")}
              </dd>
            </dl>
          </Panel>
          <Panel title="Notifications on this computer">
            <DesktopNotificationsSetting />
          </Panel>
        </div>
        <Panel title="Change your password">
          <ChangePasswordForm />
        </Panel>
      </div>
      <Panel title="Where you're signed in">
        <SignedInSessions />
      </Panel>
      <Panel title="Keyboard shortcuts">
        <KeyboardShortcuts />
      </Panel>
    </>
  );
}

/** Current password, the new one twice; other sessions are signed out when it changes. */
export function ChangePasswordForm({
  change = apiClient.changePassword,
}: {
  change?: typeof apiClient.changePassword;
}) {
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: "",
    newPassword: "",
    confirm: "",
  });
  const [errors, setErrors] = useState<Partial<Record<Field | "", string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The hint or the error sits outside the label, so the field's name is the label alone.
  const field = (name: Field, label: string, autoComplete: string, hint?: string) => (
    <div className="stack" style={{ gap: 4 }}>
      <label className="field">
        <span>{label}</span>
        <input
          className="input"
          type="password"
          autoComplete={autoComplete}
          required
          value={values[name]}
          aria-invalid={errors[name] !== undefined}
          aria-describedby={errors[name] !== undefined || hint !== undefined ? `${name}-note` : undefined}
          onChange={(e) => setValues({ ...values, [name]: e.target.value })}
        />
      </label>
      {errors[name] !== undefined ? (
        <span className="field-error" id={`${name}-note`}>
          {label} {errors[name]}
        </span>
      ) : hint !== undefined ? (
        <span className="small muted" id={`${name}-note`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
  return (
    <form
      className="stack"
      aria-label="Change your password"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        if (values.newPassword !== values.confirm) {
          setErrors({ confirm: "does not match the new password" });
          return;
        }
        setErrors({});
        setBusy(true);
        change({ currentPassword: values.currentPassword, newPassword: values.newPassword })
          .then((r) => {
            setValues({ currentPassword: "", newPassword: "", confirm: "" });
            setDone(
              r.signedOutSessions === 0
                ? "Your password is changed."
                : `Your password is changed. ${r.signedOutSessions} other ${r.signedOutSessions === 1 ? "session was" : "sessions were"} signed out.`,
            );
          })
          .catch((error: unknown) => setErrors(fieldErrors(error)))
          .finally(() => setBusy(false));
      }}
    >
      {field("currentPassword", "Current password", "current-password")}
      {field(
        "newPassword",
        "New password",
        "new-password",
        "At least 12 characters. A few unrelated words work well.",
      )}
      {field("confirm", "New password again", "new-password")}
      {errors[""] !== undefined ? (
        <div className="notice error" role="alert">
          {errors[""]}
        </div>
      ) : null}
      {done !== null ? (
        <div className="notice ok" role="status">
          {done}
        </div>
      ) : null}
      <div>
        <button type="submit" className="btn primary" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}

const NOTIFICATION_TEXT: Record<DesktopNotificationState, string> = {
  on: "On. When tagteam is in a background tab, an alert routed to you, a whisper or an offer to take over also shows as a desktop notification.",
  off: "Off. Alerts show only inside tagteam. Turn this on if you work in another tab (your helpdesk) and want to know at once when a teammate needs you.",
  blocked:
    "Your browser blocks notifications from tagteam. Allow them in the browser's site settings, then turn them on here.",
  unsupported: "This browser cannot show desktop notifications.",
};

/** Desktop notifications for this browser: off until the person asks (the browser asks too). */
export function DesktopNotificationsSetting() {
  const [state, setState] = useState<DesktopNotificationState>(() => desktopNotificationState());
  return (
    <div className="stack">
      <p style={{ margin: 0 }}>{NOTIFICATION_TEXT[state]}</p>
      {state === "off" ? (
        <div>
          <button
            type="button"
            className="btn primary"
            onClick={() => void turnOnDesktopNotifications().then(setState)}
          >
            Turn on desktop notifications
          </button>
        </div>
      ) : state === "on" ? (
        <div>
          <button type="button" className="btn" onClick={() => setState(turnOffDesktopNotifications())}>
            Turn them off
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The keys tagteam adds to the browser's own, on every page (and where each works). */
export function KeyboardShortcuts() {
  return (
    <dl className="facts" aria-label="Keyboard shortcuts">
      <dt>
        <kbd>{TOASTS_SHORTCUT}</kbd>
      </dt>
      <dd>
        Go to the newest notification (a whisper, an offer to take over, an alert), and back to where you
        were. Tab reaches the others; <kbd>Escape</kbd> dismisses the one you are on.
      </dd>
      <dt>
        <kbd>Tab</kbd> first on a page
      </dt>
      <dd>“Skip to main content”, past the navigation.</dd>
      <dt>
        <kbd>↑</kbd> <kbd>↓</kbd> on the floor
      </dt>
      <dd>
        Move from conversation to conversation (<kbd>Page Up</kbd>, <kbd>Page Down</kbd>, <kbd>Home</kbd> and{" "}
        <kbd>End</kbd> too); the table is one Tab stop, so <kbd>Tab</kbd> goes on past it.
      </dd>
    </dl>
  );
}

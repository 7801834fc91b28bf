import type { ReactNode } from "react";
import { describeProblem } from "../../lib/http.ts";

/** Whether `text` is an http(s) address: what a webhook's or Chatwoot's address field must hold. */
export const isHttpUrl = (text: string): boolean => {
  try {
    const u = new URL(text.trim());
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
};

/** What a "Send a test" post to a webhook came to; the alert webhook also says what the receiver answered. */
export interface WebhookTestOutcome {
  ok: boolean;
  message: string;
  source: "organisation" | "server";
  answer?: string | null;
}

/**
 * The status line under a webhook's buttons: a failed save, test or removal first, then the last
 * test's outcome, then what the last change did (`done`), else nothing.
 *
 * @example
 * webhookStatusText({ failure: undefined, test: { ok: true, source: "server", message: "It answered 200." }, done: null })
 * // "Test delivered to the server’s webhook. It answered 200."
 */
export function webhookStatusText({
  failure,
  test,
  done,
}: {
  failure: { error: unknown } | undefined;
  test: WebhookTestOutcome | null;
  done: string | null;
}): string {
  if (failure !== undefined) return `That did not work: ${describeProblem(failure.error)}`;
  if (test !== null) {
    const whose = test.source === "organisation" ? "your" : "the server’s";
    const said = test.answer !== undefined && test.answer !== null ? ` It said: “${test.answer}”.` : "";
    return `Test ${test.ok ? "delivered" : "not delivered"} to ${whose} webhook. ${test.message}${said}`;
  }
  return done ?? "";
}

/** A button beside Save: its label, whether it is busy, and what it does. */
export interface WebhookAction {
  label: string;
  busy: boolean;
  onClick: () => void;
}

/**
 * A webhook form's foot (Admin → Integrations, reply webhook and alert webhook): Save (the form's
 * submit), "Send a test" when some webhook serves the organisation, any further actions (a new
 * secret, removing one's own), and the status line that says how the last of them went.
 */
export function WebhookActions({
  saveLabel,
  saving,
  test,
  more = [],
  status,
  statusTestId,
}: {
  saveLabel: string;
  saving: boolean;
  /** "Send a test", or null when no webhook serves the organisation, so there is nothing to test. */
  test: { busy: boolean; onClick: () => void } | null;
  more?: WebhookAction[];
  status: ReactNode;
  statusTestId: string;
}) {
  return (
    <>
      <div className="row" style={{ gap: 8, flexWrap: "wrap" }}>
        <button type="submit" className="btn" disabled={saving}>
          {saveLabel}
        </button>
        {test !== null ? (
          <button type="button" className="btn" disabled={test.busy} onClick={test.onClick}>
            {test.busy ? "Sending a test…" : "Send a test"}
          </button>
        ) : null}
        {more.map((a) => (
          <button key={a.label} type="button" className="btn" disabled={a.busy} onClick={a.onClick}>
            {a.label}
          </button>
        ))}
      </div>
      <span role="status" className="small" data-testid={statusTestId}>
        {status}
      </span>
    </>
  );
}

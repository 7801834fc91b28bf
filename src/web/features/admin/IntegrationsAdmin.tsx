import { Fragment, useState } from "react";
import { teamLabel } from "../../lib/format.ts";
import { Link } from "wouter";
import type {
  DeliveryFailure,
  DeliveryOutcome,
  ListDeliveriesResponse,
} from "../../../protocol/deliveries.ts";
import type { Team } from "../../../protocol/resources.ts";
import { useNow } from "../../lib/useNow.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import {
  describeEventType,
  describeLag,
  formatAgo,
  formatWhen,
  integrationInfo,
  integrationRows,
  integrationStatus,
  leaseHolder,
  type IntegrationRow,
} from "./integrations.ts";
import { TableScroll } from "../../ui/TableScroll.tsx";

/** What asking to send a dead letter again came to. */
export type RetryResult =
  /** Delivered (or nothing to send for it any more): it is no longer a dead letter. */
  | { kind: "delivered"; outcome: DeliveryOutcome }
  /** Tried, and the receiver failed again: the dead letter as it is now. */
  | { kind: "failed"; error: string; deadLetter: DeliveryFailure | null }
  /** Not tried: the server refused the request, or could not be reached. */
  | { kind: "refused"; message: string };

type RowState =
  | { kind: "pending" }
  | { kind: "failed"; error: string; deadLetter: DeliveryFailure | null }
  | { kind: "refused"; message: string };

/**
 * Deliveries out, for admins: each integration (set up? delivering? how far behind?) and the events
 * they gave up on, each of which can be sent again. The page refreshes the data; this shows it.
 */
export function IntegrationsAdmin({
  overview,
  teams,
  updatedAtMs,
  refreshMs,
  onRetry,
  nowMs,
}: {
  overview: ListDeliveriesResponse;
  teams: readonly Team[];
  /** When the data was fetched (0: never). */
  updatedAtMs: number;
  /** How often the page refreshes the data. */
  refreshMs: number;
  onRetry: (deadLetter: DeliveryFailure) => Promise<RetryResult>;
  /** The current time; the clock when not given (tests pass one). */
  nowMs?: number;
}) {
  const clock = useNow(1000);
  const now = nowMs ?? clock;
  const rows = integrationRows(overview.processors);
  const noneSetUp = rows.every((r) => r.processor === null || !r.processor.configured);
  const [states, setStates] = useState<Record<string, RowState>>({});
  const [sent, setSent] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const teamName = new Map(teams.map((t) => [t.id, teamLabel(t)]));
  const configured = new Set(overview.processors.filter((p) => p.configured).map((p) => p.name));

  const setState = (id: string, state: RowState | null) =>
    setStates((all) => {
      const next = { ...all };
      if (state === null) delete next[id];
      else next[id] = state;
      return next;
    });

  const retry = async (d: DeliveryFailure) => {
    const what = `${describeEventType(d.eventType)} #${d.eventId}`;
    const to = integrationInfo(d.processor).label;
    setState(d.id, { kind: "pending" });
    setAnnouncement(null);
    const result = await onRetry(d);
    switch (result.kind) {
      case "delivered":
        setState(d.id, null);
        setSent((s) => new Set([...s, d.id]));
        setAnnouncement(
          result.outcome === "sent"
            ? `Sent: ${what} went out through ${to}, and is no longer a dead letter.`
            : `Nothing to send for ${what} any more; it is no longer a dead letter.`,
        );
        return;
      case "failed":
        setState(d.id, { kind: "failed", error: result.error, deadLetter: result.deadLetter });
        return;
      case "refused":
        setState(d.id, { kind: "refused", message: result.message });
        return;
    }
  };

  const letters = overview.deadLetters.filter((d) => !sent.has(d.id));
  return (
    <div className="stack" style={{ gap: 0 }}>
      <section aria-labelledby="integrations-title">
        <div className="panel-head">
          <h2 id="integrations-title">Integrations</h2>
          <span className="muted small">
            {updatedAtMs > 0 ? `Updated ${formatAgo(new Date(updatedAtMs).toISOString(), now)} · ` : ""}
            refreshes every {Math.round(refreshMs / 1000)} s
          </span>
        </div>
        {noneSetUp ? (
          <div className="panel-body">
            <div className="notice" role="note">
              <strong>No integration is set up.</strong> tagteam can post alerts to your Slack-style chat
              channel once you set it up below, under “Where alerts go” (or on the server:{" "}
              <code>TAGTEAM_ALERT_WEBHOOK_URL</code>). Whispers and replies go to your Chatwoot or your
              helpdesk once you set them up below, under “Where replies and whispers go” (or on the server:{" "}
              <code>TAGTEAM_CHATWOOT_URL</code> and <code>TAGTEAM_CHATWOOT_API_TOKEN</code>,{" "}
              <code>TAGTEAM_REPLY_WEBHOOK_URL</code> and <code>TAGTEAM_REPLY_WEBHOOK_SECRET</code>). Every
              server setting is listed in <code>.env.example</code>.
            </div>
          </div>
        ) : null}
        {/* Named apart from the section around it, which already bears the heading's name. */}
        <TableScroll label="Integrations table">
          <table className="table" aria-labelledby="integrations-title">
            <thead>
              <tr>
                <th scope="col">Integration</th>
                <th scope="col">Status</th>
                <th scope="col">Waiting</th>
                <th scope="col">Last progress</th>
                <th scope="col">Delivered by</th>
                <th scope="col" className="num">
                  Dead letters
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <IntegrationTableRow key={row.info.name} row={row} nowMs={now} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="dead-letters-title" style={{ borderTop: "1px solid var(--line)" }}>
        <div className="panel-head">
          <h2 id="dead-letters-title">Dead letters</h2>
          <span className="muted small">
            {letters.length === 0
              ? "none"
              : letters.length === 1
                ? "1 event not delivered"
                : `${letters.length} events not delivered`}
          </span>
        </div>
        <p className="panel-body muted small" style={{ paddingBottom: letters.length === 0 ? 0 : undefined }}>
          Events an integration gave up on: the receiver refused them, or still failed after every retry. They
          are not sent again on their own; “Send again” tries once, now.
        </p>
        <div
          role="status"
          className={announcement !== null ? "notice" : "visually-hidden"}
          style={announcement !== null ? { margin: "10px 14px 0" } : undefined}
        >
          {announcement}
        </div>
        {letters.length === 0 ? (
          <EmptyState>No dead letters: everything was delivered.</EmptyState>
        ) : (
          <TableScroll label="Dead letters table">
            <table className="table" aria-labelledby="dead-letters-title">
              <thead>
                <tr>
                  <th scope="col">Failed</th>
                  <th scope="col">Integration</th>
                  <th scope="col">Event</th>
                  <th scope="col">About</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Last error</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {letters.map((d) => (
                  <DeadLetterRow
                    key={d.id}
                    deadLetter={d}
                    state={states[d.id] ?? null}
                    teamName={teamName}
                    canRetry={configured.has(d.processor)}
                    nowMs={now}
                    onRetry={() => void retry(d)}
                  />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

function IntegrationTableRow({ row, nowMs }: { row: IntegrationRow; nowMs: number }) {
  const status = integrationStatus(row, nowMs);
  const p = row.processor;
  const holder = p === null ? null : leaseHolder(p, nowMs);
  return (
    <tr>
      <td style={{ maxWidth: 280 }}>
        <strong>{row.info.label}</strong>
        {row.info.does !== "" ? <div className="muted small">{row.info.does}</div> : null}
      </td>
      <td style={{ maxWidth: 320 }}>
        <Badge tone={status.tone}>{status.label}</Badge>
        <div className="muted small">
          {status.detail}
          {(status.kind === "not_set_up" || status.kind === "turned_off") && row.info.settings.length > 0 ? (
            <>
              {status.detail !== "" ? " " : ""}
              {row.info.setUpUnder !== undefined
                ? `Set it up below, under “${row.info.setUpUnder}”, or set `
                : "Set "}
              {row.info.settings.map((s, i) => (
                <Fragment key={s}>
                  {i > 0 ? " and " : ""}
                  <code>{s}</code>
                </Fragment>
              ))}{" "}
              {row.info.setUpUnder !== undefined
                ? "on the server and restart it."
                : "and restart the server to turn it on."}
            </>
          ) : null}
        </div>
      </td>
      <td style={{ whiteSpace: "nowrap" }}>{describeLag(p)}</td>
      <td style={{ whiteSpace: "nowrap" }}>
        {p?.updatedAt ? (
          <time dateTime={p.updatedAt} title={new Date(p.updatedAt).toLocaleString()}>
            {formatAgo(p.updatedAt, nowMs)}
          </time>
        ) : (
          "—"
        )}
      </td>
      <td>
        {holder !== null && p?.leaseExpiresAt ? (
          <>
            Instance <span className="mono">{holder}</span>
            <div className="muted small">
              holds it until {formatWhen(p.leaseExpiresAt, nowMs)}, renewed while it runs
            </div>
          </>
        ) : p?.configured ? (
          <span className="muted">no instance</span>
        ) : (
          "—"
        )}
      </td>
      <td className="num">
        {p === null || p.deadLetters === 0 ? "0" : <Badge tone="bad">{String(p.deadLetters)}</Badge>}
      </td>
    </tr>
  );
}

function DeadLetterRow({
  deadLetter: listed,
  state,
  teamName,
  canRetry,
  nowMs,
  onRetry,
}: {
  deadLetter: DeliveryFailure;
  state: RowState | null;
  teamName: ReadonlyMap<string, string>;
  canRetry: boolean;
  nowMs: number;
  onRetry: () => void;
}) {
  // Until the next refresh, the answer to "Send again" is newer than the list.
  const d =
    state?.kind === "failed" && state.deadLetter !== null && state.deadLetter.attempts > listed.attempts
      ? state.deadLetter
      : listed;
  const info = integrationInfo(d.processor);
  const event = describeEventType(d.eventType);
  const team = d.teamId !== null ? (teamName.get(d.teamId) ?? "a team") : null;
  const pending = state?.kind === "pending";
  const firstFailed = d.attempts > 1 ? `; first failed ${new Date(d.firstFailedAt).toLocaleString()}` : "";
  return (
    <tr aria-busy={pending}>
      <td style={{ whiteSpace: "nowrap" }}>
        <time dateTime={d.lastFailedAt} title={`${new Date(d.lastFailedAt).toLocaleString()}${firstFailed}`}>
          {formatWhen(d.lastFailedAt, nowMs)}
        </time>
      </td>
      <td>{info.label}</td>
      <td>
        {event}
        <div className="muted small">event #{d.eventId}</div>
      </td>
      <td>
        {d.conversationId !== null ? (
          <Link href={`/conversations/${d.conversationId}`}>
            Conversation{team !== null ? ` in ${team}` : ""}
          </Link>
        ) : team !== null ? (
          `Team ${team}`
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="num">{d.attempts}</td>
      <td style={{ maxWidth: 320, overflowWrap: "anywhere" }}>
        <span className="mono small">{d.lastError}</span>
      </td>
      <td style={{ minWidth: 150, maxWidth: 280 }}>
        {canRetry ? (
          <button
            type="button"
            className="btn small"
            disabled={pending}
            onClick={onRetry}
            aria-label={`${pending ? "Sending again" : "Send again"}: ${event} #${d.eventId}`}
          >
            {pending ? "Sending…" : "Send again"}
          </button>
        ) : (
          <span className="muted small">Set up {info.label} to send it again.</span>
        )}
        {state?.kind === "failed" ? (
          <div className="field-error" role="alert">
            Failed again{state.deadLetter !== null ? ` (attempt ${state.deadLetter.attempts})` : ""}:{" "}
            {state.error}
          </div>
        ) : state?.kind === "refused" ? (
          <div className="field-error" role="alert">
            Not sent: {state.message}
          </div>
        ) : null}
      </td>
    </tr>
  );
}

import { useState } from "react";
import { Link } from "wouter";
import type { Incident } from "../../../protocol/incidents.ts";
import type { Me } from "../../../protocol/resources.ts";
import { formatClock } from "../../lib/format.ts";
import { useIncident, useOpenIncidents, useResolveIncident } from "./api.ts";

/**
 * Incident surge: one banner per open incident in my teams, above every page. Many customers
 * reporting the same malfunction is one problem for the team, not a dozen separate struggles:
 * the banner says what fails, how many customers report it and since when; anyone can open the
 * list of conversations, and the team's lead marks it resolved (it also closes itself once reports stop).
 * On a phone the banner keeps to its headline and two buttons: since when, the latest report and
 * the knowledge stub show once "Conversations" is opened (it took a quarter of a 320 px screen).
 */
export function IncidentBanners({ me }: { me: Me }) {
  const incidents = useOpenIncidents();
  if (!incidents.data || incidents.data.length === 0) return null;
  return (
    <div className="shell-banner incident-banners">
      {incidents.data.map((incident) => (
        <IncidentBanner key={incident.id} incident={incident} me={me} />
      ))}
    </div>
  );
}

export function IncidentBanner({ incident, me }: { incident: Incident; me: Me }) {
  const [open, setOpen] = useState(false);
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState("");
  const detail = useIncident(incident.id, open);
  const resolve = useResolveIncident();
  const canResolve = me.role === "admin" || (me.role === "lead" && me.teamIds.includes(incident.teamId));
  const headingId = `incident-${incident.id}`;
  return (
    <section
      className={`banner surge incident${open ? " open" : ""}`}
      aria-labelledby={headingId}
      data-incident-id={incident.id}
    >
      <div className="incident-line">
        <strong id={headingId}>
          Possible incident: {incident.conversationCount} customers report “{incident.label}” not working
        </strong>
        <span className="small incident-detail">
          since {formatClock(incident.openedAt)} · latest {formatClock(incident.lastReportAt)} · “
          {incident.example}”
        </span>
        <span className="incident-actions">
          <button type="button" className="btn small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "Hide conversations" : "Conversations"}
          </button>
          {incident.insightId !== null ? (
            <Link href="/knowledge" className="btn small ghost incident-detail">
              Knowledge stub
            </Link>
          ) : null}
          {canResolve && !resolving ? (
            <button type="button" className="btn small" onClick={() => setResolving(true)}>
              Mark resolved
            </button>
          ) : null}
        </span>
      </div>
      {resolving ? (
        <form
          className="incident-line"
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate({ id: incident.id, note });
          }}
        >
          <label htmlFor={`${headingId}-note`}>What fixed it (optional)</label>
          <input
            id={`${headingId}-note`}
            className="input"
            value={note}
            maxLength={1000}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="btn small primary" disabled={resolve.isPending}>
            Resolve for the team
          </button>
          <button type="button" className="btn small ghost" onClick={() => setResolving(false)}>
            Cancel
          </button>
          {resolve.isError ? <span role="alert">{resolve.error.message}</span> : null}
        </form>
      ) : null}
      {open ? (
        <ul className="incident-conversations" aria-label="Conversations reporting it">
          {detail.isPending ? <li>Loading…</li> : null}
          {detail.data?.conversations.map((c) => (
            <li key={c.conversationId}>
              <Link href={`/conversations/${c.conversationId}`}>
                {c.customerName ?? c.subject ?? "A customer"}
              </Link>{" "}
              <span className="small">
                {formatClock(c.reportedAt)} · “{c.phrase}”
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

import { Link } from "wouter";
import type { AuditEntry, AuditTarget } from "../../../protocol/audit.ts";
import type { Person } from "../../../protocol/resources.ts";
import type { AuditFilters } from "../../lib/api.ts";
import { humanize } from "../../lib/format.ts";
import { useNow } from "../../lib/useNow.ts";
import { Badge } from "../../ui/Badge.tsx";
import { DateRangeFields } from "../../ui/DateRangeFields.tsx";
import { EmptyState, ErrorNotice } from "../../ui/Panel.tsx";
import {
  actionChoiceLabel,
  actionChoices,
  dateRange,
  detailsInWords,
  describeAction,
  exactTime,
  isNotable,
  relativeTime,
  summarizeDetails,
} from "./auditModel.ts";
import { TableScroll } from "../../ui/TableScroll.tsx";

/** What the admin chose to see; "" is "any". */
export interface AuditLogFilterState {
  /** An action, or a prefix ending in "." (a whole group). */
  action: string;
  actorId: string;
  /** Local calendar dates, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  /** One thing's history, chosen from a row. */
  target: { type: string; id: string; label: string } | null;
}

export const NO_AUDIT_FILTERS: AuditLogFilterState = {
  action: "",
  actorId: "",
  from: "",
  to: "",
  target: null,
};

/** The filters as the API takes them. */
export function toAuditFilters(state: AuditLogFilterState): AuditFilters {
  return {
    ...(state.action !== "" ? { action: state.action } : {}),
    ...(state.actorId !== "" ? { actorId: state.actorId } : {}),
    ...(state.target !== null ? { targetType: state.target.type, targetId: state.target.id } : {}),
    ...dateRange(state.from, state.to),
  };
}

/** "From" after "To": nothing can match, and the page does not ask. */
export const isRangeInverted = (f: AuditLogFilterState): boolean =>
  f.from !== "" && f.to !== "" && f.from > f.to;

const isFiltered = (f: AuditLogFilterState) =>
  f.action !== "" || f.actorId !== "" || f.from !== "" || f.to !== "" || f.target !== null;

/**
 * The audit log, for admins: who did what, to what, when, newest first, with filters and "Load
 * older". The page fetches; this shows what it is given.
 */
export function AuditLog({
  entries,
  people,
  filters,
  onFiltersChange,
  loading,
  error,
  hasOlder,
  loadingOlder,
  onLoadOlder,
  refreshing,
  onRefresh,
  nowMs,
}: {
  entries: readonly AuditEntry[];
  /** Everyone, deactivated people too: the "who" filter's choices. */
  people: readonly Person[];
  filters: AuditLogFilterState;
  onFiltersChange: (next: AuditLogFilterState) => void;
  /** The first page is on its way. */
  loading: boolean;
  error: unknown;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  refreshing: boolean;
  onRefresh: () => void;
  /** The current time; the clock when not given (tests pass one). */
  nowMs?: number;
}) {
  const clock = useNow(30_000);
  const now = nowMs ?? clock;
  const set = (patch: Partial<AuditLogFilterState>) => onFiltersChange({ ...filters, ...patch });
  const sortedPeople = [...people].sort((a, b) => a.name.localeCompare(b.name));
  const badRange = isRangeInverted(filters);

  return (
    <div className="stack" style={{ gap: 0 }}>
      <div className="panel-head">
        <h2 id="audit-title">Audit log</h2>
        <div className="row">
          <span className="small muted" aria-live="polite">
            {refreshing && !loading && !loadingOlder ? "updating…" : "newest first"}
          </span>
          <button type="button" className="btn small ghost" onClick={onRefresh} disabled={refreshing}>
            Refresh
          </button>
        </div>
      </div>
      <div className="panel-body stack" style={{ gap: 10 }}>
        <p className="muted small" style={{ margin: 0 }}>
          Every change made in tagteam, by whom and when: people, teams, API tokens, knowledge, protocols and
          thresholds, exports, and what tagteam did on its own (alerts that expired, escalations moved on,
          step-ins withdrawn, conversations erased).
        </p>
        <div className="filters" role="search" aria-label="Filter the audit log">
          <label className="field">
            <span>What</span>
            <select
              className="select"
              value={filters.action}
              onChange={(e) => set({ action: e.target.value })}
            >
              <option value="">Everything</option>
              {actionChoices().map(({ group, options }) => (
                <optgroup key={group} label={group}>
                  {options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Who</span>
            <select
              className="select"
              value={filters.actorId}
              onChange={(e) => set({ actorId: e.target.value })}
            >
              <option value="">Anyone</option>
              {sortedPeople.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.active ? "" : " (deactivated)"}
                </option>
              ))}
            </select>
          </label>
          <DateRangeFields from={filters.from} to={filters.to} fromLabel="From" toLabel="To" onChange={set} />
          {filters.target !== null ? (
            <span className="badge info" style={{ alignSelf: "center" }}>
              History of {filters.target.label}
              <button
                type="button"
                className="btn small ghost"
                style={{ marginLeft: 4, padding: "0 4px" }}
                aria-label={`Stop showing only the history of ${filters.target.label}`}
                onClick={() => set({ target: null })}
              >
                ×
              </button>
            </span>
          ) : null}
          {isFiltered(filters) ? (
            <button type="button" className="btn small" onClick={() => onFiltersChange(NO_AUDIT_FILTERS)}>
              Clear filters
            </button>
          ) : null}
        </div>
      </div>
      {error !== null && error !== undefined ? (
        <div className="panel-body">
          <ErrorNotice error={error} />
        </div>
      ) : null}
      {badRange ? (
        <EmptyState>
          <span role="alert">“From” is after “To”: nothing can match. Swap the dates.</span>
        </EmptyState>
      ) : loading ? (
        <div className="empty" role="status" aria-busy="true">
          Loading the audit log…
        </div>
      ) : entries.length === 0 ? (
        error !== null && error !== undefined ? null : (
          <EmptyState>
            {isFiltered(filters) ? (
              <>
                {describeNoMatch(filters, people)}{" "}
                <button type="button" className="btn small" onClick={() => onFiltersChange(NO_AUDIT_FILTERS)}>
                  Clear filters
                </button>
              </>
            ) : (
              "Nothing recorded yet. When someone adds a person, changes a protocol, downloads an export, or tagteam expires an alert or withdraws a step-in, it appears here."
            )}
          </EmptyState>
        )
      ) : (
        <>
          <TableScroll labelledBy="audit-title">
            <table className="table" aria-labelledby="audit-title">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">On what</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <AuditRow
                    key={e.id}
                    entry={e}
                    nowMs={now}
                    onHistory={(target) =>
                      set({ target: { type: target.type, id: target.id, label: targetName(target) } })
                    }
                    showHistory={
                      filters.target === null ||
                      filters.target.type !== e.target?.type ||
                      filters.target.id !== e.target.id
                    }
                  />
                ))}
              </tbody>
            </table>
          </TableScroll>
          <div className="panel-body row" style={{ justifyContent: "center" }}>
            {hasOlder ? (
              <button
                type="button"
                className="btn"
                onClick={onLoadOlder}
                disabled={loadingOlder}
                aria-busy={loadingOlder}
              >
                {loadingOlder ? "Loading older entries…" : "Load older"}
              </button>
            ) : (
              <span className="small muted">
                {entries.length === 1 ? "1 entry" : `${entries.length} entries`}: that is all
                {isFiltered(filters) ? " that match" : ""}.
              </span>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** "No “Person deactivated” entries by Ada Admin since 2026-03-01.": an empty result, in words. */
function describeNoMatch(f: AuditLogFilterState, people: readonly Person[]): string {
  const parts = [f.action !== "" ? `No “${actionChoiceLabel(f.action)}” entries` : "No entries"];
  if (f.actorId !== "") parts.push(`by ${people.find((p) => p.id === f.actorId)?.name ?? "that person"}`);
  if (f.target !== null) parts.push(`on ${f.target.label}`);
  if (f.from !== "" && f.to !== "") parts.push(`from ${f.from} to ${f.to}`);
  else if (f.from !== "") parts.push(`since ${f.from}`);
  else if (f.to !== "") parts.push(`up to ${f.to}`);
  return `${parts.join(" ")}.`;
}

const TARGET_NOUN: Record<string, string> = {
  person: "Person",
  team: "Team",
  api_token: "API token",
  knowledge_fact: "Knowledge fact",
  conversation: "Conversation",
  alert: "Alert",
  intervention: "Step-in",
  incident: "Incident",
  insight: "Insight",
  export: "Export",
  delivery_failure: "Dead letter",
  store: "Database",
};

/** Targets that are not rows (so without a label, but not gone either). */
const NOT_ROWS = new Set(["export", "delivery_failure", "store"]);

/** What the target is, in words: its label, else its kind and a short id. */
function targetName(t: AuditTarget): string {
  if (t.label !== null) return t.label;
  const noun = TARGET_NOUN[t.type] ?? humanize(t.type);
  if (t.type === "export") return `${noun} of ${humanize(t.id)}`;
  if (t.type === "store") return `${noun} (${t.id})`;
  return `${noun} ${t.id.length > 12 ? `${t.id.slice(0, 8)}…` : t.id}`;
}

/** Where the admin screen shows a target of this type, if anywhere. */
const TARGET_HREF: Record<string, string> = {
  person: "/admin/people",
  team: "/admin/teams",
  api_token: "/admin/tokens",
  knowledge_fact: "/admin/knowledge",
  delivery_failure: "/admin/integrations",
};

/** A button that reads as a link, for the quiet "history" next to each target. */
const LINK_BUTTON = {
  background: "none",
  border: 0,
  // Text-sized, but a 24px-high target (WCAG 2.5.8) for a finger or an unsteady hand.
  padding: "4px 0",
  font: "inherit",
  color: "var(--accent)",
  textDecoration: "underline",
  cursor: "pointer",
} as const;

function TargetCell({ target, onHistory }: { target: AuditTarget; onHistory: (() => void) | null }) {
  const name = targetName(target);
  const noun = TARGET_NOUN[target.type] ?? humanize(target.type);
  const href = TARGET_HREF[target.type];
  const gone = target.label === null && !NOT_ROWS.has(target.type);
  let main;
  let meta: string | null;
  if (target.conversationId !== null) {
    const link = (
      <Link href={`/conversations/${target.conversationId}`}>
        {target.label ?? (target.type === "conversation" ? "Conversation" : "its conversation")}
      </Link>
    );
    main =
      target.type === "conversation" ? (
        link
      ) : (
        <>
          {noun} on {link}
        </>
      );
    meta = target.type === "conversation" ? noun : null;
  } else {
    main = href !== undefined && !gone ? <Link href={href}>{name}</Link> : name;
    meta = gone
      ? "no longer on file"
      : target.label !== null && TARGET_NOUN[target.type] !== undefined
        ? noun
        : null;
  }
  return (
    <>
      <div className="audit-target">{main}</div>
      {meta !== null || onHistory !== null ? (
        <div className="small muted">
          {meta}
          {meta !== null && onHistory !== null ? " · " : ""}
          {onHistory !== null ? (
            <button
              type="button"
              style={LINK_BUTTON}
              aria-label={`Show only the history of ${name}`}
              onClick={onHistory}
            >
              history
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function AuditRow({
  entry: e,
  nowMs,
  onHistory,
  showHistory,
}: {
  entry: AuditEntry;
  nowMs: number;
  onHistory: (target: AuditTarget) => void;
  showHistory: boolean;
}) {
  const sentence = describeAction(e);
  const detailCount = Object.keys(e.details).length;
  const summary = summarizeDetails(e.details, 3, e.people);
  return (
    <tr>
      <td style={{ whiteSpace: "nowrap" }}>
        <time dateTime={e.at} title={new Date(e.at).toLocaleString()}>
          {exactTime(e.at, nowMs)}
        </time>
        <div className="small muted">{relativeTime(e.at, nowMs)}</div>
      </td>
      <td>
        {e.actor.kind === "system" || e.actor.kind === "customer" ? (
          <span className="muted">{e.actor.name}</span>
        ) : (
          <>
            {e.actor.name} {e.actor.kind === "api_token" ? <Badge tone="info">API token</Badge> : null}{" "}
            {e.actor.deactivated ? <Badge tone="bad">deactivated</Badge> : null}
          </>
        )}
      </td>
      <td style={{ maxWidth: 360 }}>
        {sentence !== null ? (
          isNotable(e.action) ? (
            <Badge tone="warn">{sentence}</Badge>
          ) : (
            sentence
          )
        ) : (
          <span className="mono small">{e.action}</span>
        )}
      </td>
      <td style={{ maxWidth: 280 }}>
        {e.target !== null ? (
          <TargetCell
            target={e.target}
            onHistory={showHistory ? () => e.target !== null && onHistory(e.target) : null}
          />
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td style={{ maxWidth: 320 }}>
        <details>
          <summary className="small" style={{ cursor: "pointer", overflowWrap: "anywhere" }}>
            {summary !== "" ? summary : <span className="muted">{detailsInWords(e.details)}</span>}
          </summary>
          {detailCount > 0 ? (
            <pre
              className="mono small"
              style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: "6px 0" }}
            >
              {JSON.stringify(e.details, null, 2)}
            </pre>
          ) : null}
          <div className="small muted">
            {e.requestId !== null ? (
              <>
                Request <span className="mono">{e.requestId}</span>
              </>
            ) : (
              "Done by tagteam itself, not by a request"
            )}{" "}
            · entry #{e.id}
          </div>
        </details>
      </td>
    </tr>
  );
}

import { Link } from "wouter";
import { useSearchPatch } from "../../lib/useSearchPatch.ts";
import { CHANNELS, type Channel, type ConversationSummary, type Me } from "../../../protocol/resources.ts";
import type { HistoryFilters } from "../../lib/api.ts";
import { CHANNEL_LABEL, formatDuration, formatWhen } from "../../lib/format.ts";
import { loadFailed, useConversationHistory, usePeople, useTeams } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { ShowOlder } from "../../ui/ShowOlder.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { DateRangeFields, dateRange } from "../../ui/DateRangeFields.tsx";
import { RiskMeter } from "../../ui/RiskMeter.tsx";
import { closedLabel } from "../conversation/ConversationHeader.tsx";
import { useDebounced } from "../feedback/api.ts";
import { TableScroll } from "../../ui/TableScroll.tsx";

/** The search waits for a pause in typing before it asks the server. */
export const HISTORY_SEARCH_PAUSE_MS = 300;

interface FormState {
  q: string;
  status: HistoryFilters["status"];
  teamId: string;
  channel: "" | Channel;
  agentId: string;
  from: string;
  to: string;
}

const EMPTY: FormState = { q: "", status: "all", teamId: "", channel: "", agentId: "", from: "", to: "" };

/** The form lives in the address (…/conversations?q=rosa&status=closed): Back returns to it, and it can be shared. */
export function formFromSearch(params: URLSearchParams): FormState {
  const status = params.get("status");
  const channel = params.get("channel");
  return {
    q: params.get("q") ?? "",
    status: status === "open" || status === "closed" ? status : "all",
    teamId: params.get("teamId") ?? "",
    channel: CHANNELS.includes(channel as Channel) ? (channel as Channel) : "",
    agentId: params.get("agentId") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
}

/** The form's values as the API's filters (blank fields left out). */
export function historyFilters(form: FormState, q: string): HistoryFilters {
  return {
    status: form.status,
    ...(q !== "" ? { q } : {}),
    ...(form.teamId !== "" ? { teamId: form.teamId } : {}),
    ...(form.channel !== "" ? { channel: form.channel } : {}),
    ...(form.agentId !== "" ? { agentId: form.agentId } : {}),
    ...dateRange(form.from, form.to),
  };
}

/**
 * Every conversation in the caller's teams, open or closed, newest first by when it began: found by
 * customer or subject, filtered, a page at a time. The floor shows what is live; this is where a
 * lead finds last Tuesday's conversation again.
 */
export function HistoryPage({ me }: { me: Me }) {
  const [params, setPatch, reset] = useSearchPatch((key, value) => value === EMPTY[key as keyof FormState]);
  const form = formFromSearch(params);
  const q = useDebounced(form.q.trim(), HISTORY_SEARCH_PAUSE_MS);
  const filters = historyFilters(form, q);
  const history = useConversationHistory(filters);
  const teams = useTeams();
  const people = usePeople();
  const set = (patch: Partial<FormState>): void => setPatch(patch as Record<string, string>);
  const rows = history.data?.pages.flatMap((p) => p.conversations) ?? [];
  const teamName = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
  const filtered = JSON.stringify({ ...form, q: form.q.trim() }) !== JSON.stringify(EMPTY);
  const nowMs = Date.now();
  return (
    <>
      <PageHeader
        title="Conversations"
        sub={`Every conversation in ${me.role === "admin" ? "the organisation" : "your teams"}, newest first: find one by customer or subject.`}
      />
      <Panel flush>
        <form
          className="filters"
          style={{ padding: "12px 14px" }}
          role="search"
          aria-label="Filter the conversations"
          onSubmit={(e) => e.preventDefault()}
        >
          <label className="field" style={{ minWidth: 240 }}>
            <span>Customer or subject</span>
            <input
              className="input"
              type="search"
              value={form.q}
              maxLength={100}
              placeholder="Name, subject or conversation id"
              onChange={(e) => set({ q: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Status</span>
            <select
              className="select"
              value={form.status}
              onChange={(e) => set({ status: e.target.value as FormState["status"] })}
            >
              <option value="all">Open and closed</option>
              <option value="open">Open</option>
              <option value="closed">Closed</option>
            </select>
          </label>
          {(teams.data?.length ?? 0) > 1 ? (
            <label className="field">
              <span>Team</span>
              <select
                className="select"
                value={form.teamId}
                onChange={(e) => set({ teamId: e.target.value })}
              >
                <option value="">All my teams</option>
                {teams.data?.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="field">
            <span>Channel</span>
            <select
              className="select"
              value={form.channel}
              onChange={(e) => set({ channel: e.target.value as FormState["channel"] })}
            >
              <option value="">All channels</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Agent</span>
            <select
              className="select"
              value={form.agentId}
              onChange={(e) => set({ agentId: e.target.value })}
            >
              <option value="">Anyone</option>
              {[...(people.data ?? [])]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          </label>
          <DateRangeFields
            from={form.from}
            to={form.to}
            fromLabel="Started from"
            toLabel="to"
            onChange={set}
          />
          {filtered ? (
            <button type="button" className="btn small ghost" onClick={() => reset()}>
              Clear filters
            </button>
          ) : null}
        </form>
        {loadFailed(history) ? (
          <ErrorNotice error={history.error} />
        ) : history.isPending ? (
          <div className="empty">Loading…</div>
        ) : rows.length === 0 ? (
          <EmptyState>
            {filtered ? "No conversation matches these filters." : "No conversations yet."}
          </EmptyState>
        ) : (
          <>
            <TableScroll label="Conversations">
              <table className="table" aria-label="Conversations">
                <thead>
                  <tr>
                    <th>Started</th>
                    <th>Customer</th>
                    <th>Agent</th>
                    <th>Status</th>
                    <th className="num">Messages</th>
                    <th>Risk</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((c) => (
                    <HistoryRow
                      key={c.id}
                      c={c}
                      nowMs={nowMs}
                      team={(teams.data?.length ?? 0) > 1 ? (teamName.get(c.teamId) ?? null) : null}
                    />
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <ShowOlder shown={rows.length} noun="conversation" pages={history} />
          </>
        )}
      </Panel>
    </>
  );
}

function HistoryRow({ c, nowMs, team }: { c: ConversationSummary; nowMs: number; team: string | null }) {
  const end = c.status === "closed" && c.closedAt !== null ? Date.parse(c.closedAt) : nowMs;
  return (
    <tr>
      <td>
        {formatWhen(c.startedAt, nowMs)}
        <div className="muted small">
          {c.status === "closed" ? "lasted" : "running"} {formatDuration(Date.parse(c.startedAt), end)}
        </div>
      </td>
      <td>
        <Link href={`/conversations/${c.id}`} className="cell-link">
          {c.customerName ?? "Customer"}
        </Link>
        <div className="muted small">
          {CHANNEL_LABEL[c.channel]}
          {c.topic !== null ? ` · ${c.topic}` : ""}
          {team !== null ? ` · ${team}` : ""}
        </div>
      </td>
      <td>{c.agentName ?? <span className="muted">unassigned</span>}</td>
      <td>
        {c.status === "open" ? (
          <Badge tone="ok">open</Badge>
        ) : (
          <span className="small">{closedLabel(c)}</span>
        )}
      </td>
      <td className="num">{c.messageCount}</td>
      <td>
        <RiskMeter risk={c.risk} />
      </td>
    </tr>
  );
}

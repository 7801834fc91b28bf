import { useState } from "react";
import { API_BASE_PATH, EXPORT_KINDS, EXPORT_MAX_ROWS, type Me } from "../../../protocol/index.ts";
import { apiClient } from "../../lib/api.ts";
import { useTeams } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { PageHeader, Panel } from "../../ui/Panel.tsx";
import { ImportPanel } from "./ImportPanel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";
import { DateRangeFields, dateRange } from "../../ui/DateRangeFields.tsx";

type ExportKind = (typeof EXPORT_KINDS)[number];

/** What a download holds: the team (all the reader's when ""), how many, and the conversations' period. */
export interface ExportChoice {
  teamId: string;
  limit: number;
  from: string;
  to: string;
  unredacted: boolean;
}

/** The sizes offered: the server's default and its most. */
export const EXPORT_LIMITS = [1000, EXPORT_MAX_ROWS] as const;

/** The download's address. The period is the conversations export's only (the others refuse one). */
export function exportHref(kind: ExportKind, format: "csv" | "json", choice: ExportChoice): string {
  const query = new URLSearchParams({ format });
  if (choice.unredacted) query.set("redact", "false");
  if (choice.teamId !== "") query.set("teamId", choice.teamId);
  if (choice.limit !== EXPORT_LIMITS[0]) query.set("limit", String(choice.limit));
  if (kind === "conversations") {
    const { since, until } = dateRange(choice.from, choice.to);
    if (since !== undefined) query.set("since", since);
    if (until !== undefined) query.set("until", until);
  }
  return `${API_BASE_PATH}/exports/${kind}?${query.toString()}`;
}

const LABEL: Record<(typeof EXPORT_KINDS)[number], string> = {
  conversations: "Conversations (one row per message)",
  scorecards: "Scorecards",
  debriefs: "Debrief cards",
};

/**
 * Leads and admins: download links for CSV and JSON exports (personal data is redacted unless an
 * admin says otherwise, audited), and importing transcripts from a file into a team.
 */
export function ExportsPage({ me }: { me: Me }) {
  const [unredacted, setUnredacted] = useState(false);
  const [teamId, setTeamId] = useState("");
  const [limit, setLimit] = useState<number>(EXPORT_LIMITS[0]);
  const [period, setPeriod] = useState({ from: "", to: "" });
  const teams = useTeams();
  const admin = me.role === "admin";
  // A lead exports the teams they lead; an admin any team.
  const choosable = (teams.data ?? []).filter((t) => admin || me.teamIds.includes(t.id));
  const choice: ExportChoice = { teamId, limit, ...period, unredacted: unredacted && admin };
  const href = (kind: ExportKind, format: "csv" | "json") => exportHref(kind, format, choice);
  return (
    <>
      <PageHeader
        title="Import & export"
        sub="Your teams’ conversations, scorecards and debriefs as CSV or JSON, and transcripts from other tools brought in."
      />
      <Panel title="Export">
        <div className="stack">
          <p className="muted" style={{ margin: 0 }}>
            Emails, phone and card numbers, addresses and names are redacted.
          </p>
          {admin ? (
            <label className="row">
              <input type="checkbox" checked={unredacted} onChange={(e) => setUnredacted(e.target.checked)} />
              <span>Include personal data (admins only; every download is recorded in the audit log)</span>
              {unredacted ? <Badge tone="bad">Unredacted</Badge> : <Badge tone="ok">Redacted</Badge>}
            </label>
          ) : (
            <div>
              <Badge tone="ok">Redacted</Badge>
            </div>
          )}
          <div className="filters">
            {choosable.length > 1 ? (
              <label className="field">
                <span>Team to export</span>
                <select className="input" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
                  <option value="">{admin ? "All teams" : "All my teams"}</option>
                  {choosable.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="field">
              <span>At most</span>
              <select className="input" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
                {EXPORT_LIMITS.map((n) => (
                  <option key={n} value={n}>
                    {n.toLocaleString("en")}
                  </option>
                ))}
              </select>
            </label>
            <DateRangeFields
              from={period.from}
              to={period.to}
              fromLabel="Conversations started from"
              toLabel="to (that day included)"
              onChange={(patch) => setPeriod((p) => ({ ...p, ...patch }))}
            />
          </div>
          <p className="muted small" style={{ margin: 0 }} data-testid="export-scope">
            Each download holds at most {limit.toLocaleString("en")} conversations, scorecards or debrief
            cards, the most recent first
            {period.from !== "" || period.to !== ""
              ? "; the conversations export only those started in the period."
              : ". For older conversations, choose a period."}
          </p>
          <TableScroll label="Exports">
            <table className="table" aria-label="Exports">
              <tbody>
                {EXPORT_KINDS.map((kind) => (
                  <tr key={kind}>
                    <th scope="row">{LABEL[kind]}</th>
                    <td>
                      <a className="btn small" href={href(kind, "csv")} download>
                        CSV
                      </a>{" "}
                      <a className="btn small" href={href(kind, "json")} download>
                        JSON
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      </Panel>
      {teams.isPending ? null : (
        <ImportPanel teams={teams.data ?? []} importBatch={apiClient.importConversations} />
      )}
    </>
  );
}

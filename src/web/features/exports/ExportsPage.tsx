import { useState } from "react";
import { API_BASE_PATH, EXPORT_KINDS, type Me } from "../../../protocol/index.ts";
import { apiClient } from "../../lib/api.ts";
import { useTeams } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { PageHeader, Panel } from "../../ui/Panel.tsx";
import { ImportPanel } from "./ImportPanel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

const LABEL: Record<(typeof EXPORT_KINDS)[number], string> = {
  conversations: "Conversations (one row per message)",
  scorecards: "QA scorecards",
  debriefs: "Debrief cards",
};

/**
 * Leads and admins: download links for CSV and JSON exports (personal data is redacted unless an
 * admin says otherwise, audited), and importing transcripts from a file into a team.
 */
export function ExportsPage({ me }: { me: Me }) {
  const [unredacted, setUnredacted] = useState(false);
  const teams = useTeams();
  const admin = me.role === "admin";
  const href = (kind: string, format: "csv" | "json") =>
    `${API_BASE_PATH}/exports/${kind}?format=${format}${unredacted && admin ? "&redact=false" : ""}`;
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

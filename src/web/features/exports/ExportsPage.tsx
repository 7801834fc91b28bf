import { useState } from "react";
import { API_BASE_PATH, EXPORT_KINDS, type Me } from "../../../protocol/index.ts";
import { Badge } from "../../ui/Badge.tsx";
import { PageHeader, Panel } from "../../ui/Panel.tsx";

const LABEL: Record<(typeof EXPORT_KINDS)[number], string> = {
  conversations: "Conversations (one row per message)",
  scorecards: "QA scorecards",
  debriefs: "Debrief cards",
};

/** Download links for CSV and JSON exports; personal data is redacted unless an admin says otherwise (audited). */
export function ExportsPage({ me }: { me: Me }) {
  const [unredacted, setUnredacted] = useState(false);
  const admin = me.role === "admin";
  const href = (kind: string, format: "csv" | "json") =>
    `${API_BASE_PATH}/exports/${kind}?format=${format}${unredacted && admin ? "&redact=false" : ""}`;
  return (
    <>
      <PageHeader
        title="Exports"
        sub="Your teams’ conversations, scorecards and debriefs as CSV or JSON. Emails, phone and card numbers, addresses and names are redacted."
      />
      <Panel>
        <div className="stack">
          {admin ? (
            <label className="row">
              <input type="checkbox" checked={unredacted} onChange={(e) => setUnredacted(e.target.checked)} />
              <span>Include personal data (admins only; every download is recorded in the audit log)</span>
              {unredacted ? <Badge tone="bad">Unredacted</Badge> : <Badge tone="ok">Redacted</Badge>}
            </label>
          ) : (
            <Badge tone="ok">Redacted</Badge>
          )}
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
        </div>
      </Panel>
    </>
  );
}

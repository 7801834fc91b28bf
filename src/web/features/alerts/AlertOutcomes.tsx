import type { AlertOutcomes } from "../../../protocol/http.ts";
import { REASON_LABEL, humanize } from "../../lib/format.ts";
import { EmptyState } from "../../ui/Panel.tsx";
import { TableScroll } from "../../ui/TableScroll.tsx";

type Counts = AlertOutcomes["total"];

const label = (reason: string): string =>
  (REASON_LABEL as Record<string, string | undefined>)[reason] ?? humanize(reason);

const percent = (part: number, whole: number): string =>
  whole === 0 ? "—" : `${Math.round((100 * part) / whole)} %`;

/** One stacked bar: acted on, not useful, expired, open, as shares of what was raised. */
function OutcomeBar({ c }: { c: Counts }) {
  if (c.raised === 0) return null;
  const parts: [keyof Counts, string][] = [
    ["actedOn", "var(--ok)"],
    ["notUseful", "var(--bad)"],
    ["expired", "var(--text-3)"],
    ["open", "var(--info)"],
  ];
  return (
    <div className="outcome-bar" aria-hidden="true">
      {parts.map(([key, color]) =>
        c[key] > 0 ? (
          <span key={key} style={{ width: `${(100 * c[key]) / c.raised}%`, background: color }} />
        ) : null,
      )}
    </div>
  );
}

/**
 * What became of the team's alerts, by the engine's reason: the feedback a lead tunes thresholds
 * with (a reason often marked "not useful" asks too early; one that often expires asks people who
 * are not there).
 */
export function AlertOutcomesTable({ outcomes }: { outcomes: AlertOutcomes }) {
  if (outcomes.total.raised === 0)
    return <EmptyState>No alerts were raised in these days, so there is nothing to tune yet.</EmptyState>;
  const rows: { key: string; name: string; c: Counts }[] = [
    ...outcomes.byReason.map((r) => ({ key: r.reason, name: label(r.reason), c: r })),
    { key: "all", name: "All alerts", c: outcomes.total },
  ];
  return (
    <TableScroll label="What became of the team's alerts">
      <table className="table" aria-label="What became of the team's alerts">
        <thead>
          <tr>
            <th scope="col">Why it was raised</th>
            <th scope="col" className="num">
              Raised
            </th>
            <th scope="col" className="num">
              Acted on
            </th>
            <th scope="col" className="num">
              Not useful
            </th>
            <th scope="col" className="num">
              Expired
            </th>
            <th scope="col" className="num">
              Open
            </th>
            <th scope="col" style={{ width: "28%" }}>
              <span className="visually-hidden">Shares</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, name, c }) => (
            <tr key={key} className={key === "all" ? "total" : undefined}>
              <th scope="row" style={{ fontWeight: key === "all" ? 600 : 400 }}>
                {name}
              </th>
              <td className="num">{c.raised}</td>
              <td className="num">{c.actedOn}</td>
              <td className="num" title={`${percent(c.notUseful, c.raised)} of those raised`}>
                {c.notUseful} <span className="small muted">({percent(c.notUseful, c.raised)})</span>
              </td>
              <td className="num">{c.expired}</td>
              <td className="num">{c.open}</td>
              <td>
                <OutcomeBar c={c} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

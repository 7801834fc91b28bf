import { Link } from "wouter";
import type { AlertOutcomes } from "../../../protocol/http.ts";
import { REASON_LABEL, humanize } from "../../lib/format.ts";
import { BOOLEAN_FIELDS, THRESHOLD_FIELDS } from "../admin/ThresholdsAdmin.tsx";
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
 * The team settings (Admin → Thresholds) that decide when the engine raises each reason, as the
 * engine reads them (src/engine/observe.ts): what to look at when a reason is often marked not
 * useful. A raised hand is a person asking, and a waiting customer follows the server's
 * TAGTEAM_UNANSWERED_ALERT_MS: neither has a team setting.
 */
export const SETTINGS_BY_REASON: Readonly<Record<string, readonly string[]>> = {
  wrong_information: ["thresholds.factMinKeywordHits"],
  not_solution_focused: [
    "thresholds.repeatedApologyRaiseCount",
    "thresholds.persistentFrustrationTurns",
    "thresholds.frustrationHigh",
  ],
  needs_authority: ["thresholds.hedgeRaiseCount", "escalation.onLegalThreat", "escalation.onSecurityRisk"],
  customer_reacting_to_agent: ["thresholds.repetitionSimilarity", "thresholds.repetitionMinTokens"],
};

/** A reason is worth tuning once this many of its alerts were raised and this share marked not useful. */
export const TUNE_MIN_RAISED = 10;
export const TUNE_NOT_USEFUL_SHARE = 0.3;

const settingLabel = (path: string): string =>
  THRESHOLD_FIELDS.find((f) => f.path === path)?.label ??
  BOOLEAN_FIELDS.find((f) => f.path === path)?.label ??
  path;

/** The reasons often marked not useful, with the settings that decide them, worst first. */
export function reasonsWorthTuning(
  outcomes: AlertOutcomes,
): { reason: string; name: string; notUseful: number; raised: number; settings: string[] }[] {
  return outcomes.byReason
    .filter(
      (r) =>
        r.raised >= TUNE_MIN_RAISED &&
        r.notUseful / r.raised >= TUNE_NOT_USEFUL_SHARE &&
        (SETTINGS_BY_REASON[r.reason]?.length ?? 0) > 0,
    )
    .sort((a, b) => b.notUseful / b.raised - a.notUseful / a.raised)
    .map((r) => ({
      reason: r.reason,
      name: label(r.reason),
      notUseful: r.notUseful,
      raised: r.raised,
      settings: (SETTINGS_BY_REASON[r.reason] ?? []).map(settingLabel),
    }));
}

/** A reason whose alerts mostly expire unanswered is worth a look too (no setting decides that). */
export const TUNE_EXPIRED_SHARE = 0.5;

/** The reasons whose alerts mostly expired with nobody answering, worst first. */
export function reasonsOftenExpired(
  outcomes: AlertOutcomes,
): { reason: string; name: string; expired: number; raised: number }[] {
  return outcomes.byReason
    .filter((r) => r.raised >= TUNE_MIN_RAISED && r.expired / r.raised >= TUNE_EXPIRED_SHARE)
    .sort((a, b) => b.expired / b.raised - a.expired / a.raised)
    .map((r) => ({ reason: r.reason, name: label(r.reason), expired: r.expired, raised: r.raised }));
}

/**
 * Under the table: the reasons the team keeps marking not useful, with the settings that decide
 * them, and those whose alerts mostly expire with nobody answering.
 */
function WorthALook({ outcomes, canTune }: { outcomes: AlertOutcomes; canTune: boolean }) {
  const tune = reasonsWorthTuning(outcomes);
  const expired = reasonsOftenExpired(outcomes);
  if (tune.length === 0 && expired.length === 0) return null;
  return (
    <div className="panel-body worth-tuning">
      {tune.length > 0 ? (
        <>
          <h3 className="small">Often marked not useful</h3>
          <ul aria-label="Often marked not useful">
            {tune.map((w) => (
              <li key={w.reason}>
                <strong>{w.name}</strong>: {w.notUseful} of {w.raised} marked not useful (
                {percent(w.notUseful, w.raised)}). What decides it: {w.settings.join("; ")}.
              </li>
            ))}
          </ul>
          <p className="small muted">
            {canTune ? (
              <>
                Raise them for the team in <Link href="/admin/thresholds">Admin → Thresholds</Link> so these
                alerts come later, when stepping in helps.
              </>
            ) : (
              <>An admin can raise them for the team in Admin → Thresholds so these alerts come later.</>
            )}
          </p>
        </>
      ) : null}
      {expired.length > 0 ? (
        <>
          <h3 className="small">Often unanswered</h3>
          <ul aria-label="Often unanswered">
            {expired.map((w) => (
              <li key={w.reason}>
                <strong>{w.name}</strong>: {w.expired} of {w.raised} expired with nobody answering (
                {percent(w.expired, w.raised)}).
              </li>
            ))}
          </ul>
          <p className="small muted">
            Alerts go to the best-placed teammate marked available. When they often expire, people may be
            shown available while away, or the shift may need more helpers.
          </p>
        </>
      ) : null}
    </div>
  );
}

/**
 * What became of the team's alerts, by the engine's reason: the feedback a lead tunes thresholds
 * with (a reason often marked "not useful" asks too early; one that often expires asks people who
 * are not there).
 */
export function AlertOutcomesTable({
  outcomes,
  canTune = false,
}: {
  outcomes: AlertOutcomes;
  /** Whether the reader may change the team's thresholds (admins): the hint then links there. */
  canTune?: boolean;
}) {
  if (outcomes.total.raised === 0)
    return <EmptyState>No alerts were raised in these days, so there is nothing to tune yet.</EmptyState>;
  const rows: { key: string; name: string; c: Counts }[] = [
    ...outcomes.byReason.map((r) => ({ key: r.reason, name: label(r.reason), c: r })),
    { key: "all", name: "All alerts", c: outcomes.total },
  ];
  return (
    <>
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
      <WorthALook outcomes={outcomes} canTune={canTune} />
    </>
  );
}

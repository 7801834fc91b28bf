import { useMemo } from "react";
import { Link } from "wouter";
import { useSearchPatch } from "../../lib/useSearchPatch.ts";
import { NUMBERS_DEFAULT_DAYS, type NumbersResponse } from "../../../protocol/numbers.ts";
import type { Me, Team } from "../../../protocol/resources.ts";
import { loadFailed, useTeams } from "../../lib/queries.ts";
import { DateRangeFields, dateRange } from "../../ui/DateRangeFields.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { PulseSection } from "../pulses/PulseSection.tsx";
import { useNumbers, type NumbersFilters } from "./api.ts";
import { NumbersChart } from "./NumbersChart.tsx";
import { SurveyTags } from "./SurveyTags.tsx";
import { comparisonRows, formatWithDetail, measuresOf, periodX, type Measure } from "./numbersModel.ts";
import "./numbers.css";

/** The page's filters, kept in the address (…/numbers?team=…&from=2026-03-01&compare=2026-03-15). */
export interface NumbersForm {
  team: string;
  from: string;
  to: string;
  compare: string;
}

const FORM_KEYS: (keyof NumbersForm)[] = ["team", "from", "to", "compare"];

export function formFromSearch(params: URLSearchParams): NumbersForm {
  return {
    team: params.get("team") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    compare: params.get("compare") ?? "",
  };
}

/** The teams whose numbers I may read: the ones I lead (admins: all). */
export function teamsToShow(me: Pick<Me, "role" | "teamIds">, teams: readonly Team[]): Team[] {
  return me.role === "admin"
    ? [...teams]
    : me.role === "lead"
      ? teams.filter((t) => me.teamIds.includes(t.id))
      : [];
}

/** A local calendar date, "YYYY-MM-DD", as the date inputs give it. */
function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/**
 * What is wrong with the dates, in the form's own words, or null. Typed dates get past the
 * inputs' min and max; asked of the server, such a range came back as "Invalid request:
 * query.until: must be later than since" in place of every chart.
 */
export function datesProblem(form: NumbersForm, nowMs: number = Date.now()): string | null {
  if (form.from !== "" && form.to !== "" && form.to < form.from)
    return "The “to” date is before the “From” date: pick a “to” date on or after it.";
  if (form.compare === "") return null;
  const start =
    form.from !== ""
      ? form.from
      : form.to === ""
        ? localDate(nowMs - (NUMBERS_DEFAULT_DAYS - 1) * 86_400_000)
        : "";
  const end = form.to !== "" ? form.to : localDate(nowMs);
  if ((start !== "" && form.compare <= start) || form.compare > end)
    return `The “Before / after” date has to fall inside the dates shown: ${start !== "" ? `after ${start} and ` : ""}no later than ${end}.`;
  return null;
}

/**
 * The browser's time zone, sent with every range: the server then draws each day from a local
 * midnight (and the default range as whole local days), so a point is the day its label says.
 */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The form as the API's parameters; null without a team, or while its dates are wrong. */
export function filtersOf(form: NumbersForm, teamId: string | undefined): NumbersFilters | null {
  if (teamId === undefined || datesProblem(form) !== null) return null;
  const compareAt = dateRange(form.compare, "").since;
  return {
    teamId,
    ...dateRange(form.from, form.to),
    ...(compareAt !== undefined ? { compareAt } : {}),
    timeZone: browserTimeZone(),
  };
}

/**
 * The team's numbers over time, for its leads and admins: a chart per measure, each with its
 * definition and the counts behind it, and before against after a chosen date.
 */
export function NumbersPage({ me }: { me: Me }) {
  const [params, setPatch, reset] = useSearchPatch();
  const form = formFromSearch(params);
  const teams = useTeams();
  const mine = useMemo(() => teamsToShow(me, teams.data ?? []), [me, teams.data]);
  const team = mine.find((t) => t.id === form.team) ?? mine[0];
  const filters = filtersOf(form, team?.id);
  const numbers = useNumbers(filters);
  const set = (patch: Partial<NumbersForm>): void => setPatch(patch as Record<string, string>);
  return (
    <>
      <NumbersView
        form={form}
        teams={mine}
        teamId={team?.id ?? ""}
        teamsLoading={teams.isPending}
        data={numbers.data}
        loading={numbers.isPending && filters !== null}
        refreshing={numbers.isFetching && numbers.isPlaceholderData}
        error={loadFailed(numbers) ? numbers.error : null}
        onChange={set}
        onClear={() => reset(team !== undefined && form.team !== "" ? { team: form.team } : {})}
      />
      {/* The employee side: the team's own people, asked anonymously (not bound to the dates above). */}
      {team !== undefined ? <PulseSection team={team} /> : null}
    </>
  );
}

/** The page itself, from data (no fetching), so its states can be tested. */
export function NumbersView({
  form,
  teams,
  teamId,
  teamsLoading,
  data,
  loading,
  refreshing,
  error,
  onChange,
  onClear,
}: {
  form: NumbersForm;
  teams: readonly Team[];
  teamId: string;
  teamsLoading: boolean;
  data: NumbersResponse | undefined;
  loading: boolean;
  refreshing: boolean;
  error: unknown;
  onChange: (patch: Partial<NumbersForm>) => void;
  onClear: () => void;
}) {
  const filtered = FORM_KEYS.some((k) => k !== "team" && form[k] !== "");
  const teamName = teams.find((t) => t.id === teamId)?.name;
  return (
    <>
      <PageHeader
        title="Numbers"
        sub={
          teamName !== undefined
            ? `How ${teamName} is doing over time${form.from === "" && form.to === "" ? ` (the last ${NUMBERS_DEFAULT_DAYS / 7} weeks)` : ""}: each chart says what it counts.`
            : "Your teams' numbers over time."
        }
        actions={
          teams.length > 0 ? (
            <Link href="/my-numbers" className="btn small ghost">
              Each agent's own numbers
            </Link>
          ) : undefined
        }
      />
      <Panel flush>
        <form
          className="filters numbers-filters"
          style={{ padding: "12px 14px" }}
          aria-label="Choose the team and the dates"
          onSubmit={(e) => e.preventDefault()}
        >
          {teams.length > 1 ? (
            <label className="field">
              <span>Team</span>
              <select className="select" value={teamId} onChange={(e) => onChange({ team: e.target.value })}>
                {teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <DateRangeFields from={form.from} to={form.to} fromLabel="From" toLabel="to" onChange={onChange} />
          <label className="field">
            <span>Before / after</span>
            <input
              className="input"
              type="date"
              value={form.compare}
              min={form.from !== "" ? form.from : undefined}
              max={form.to !== "" ? form.to : undefined}
              aria-describedby="numbers-compare-hint"
              onChange={(e) => onChange({ compare: e.target.value })}
            />
          </label>
          {filtered ? (
            <button type="button" className="btn small ghost" onClick={onClear}>
              Clear dates
            </button>
          ) : null}
          <p id="numbers-compare-hint" className="small muted numbers-hint">
            Pick the day something changed (new thresholds, a coaching push) to see each measure before and
            after it.
          </p>
        </form>
      </Panel>
      {teamsLoading ? (
        <div className="empty">Loading…</div>
      ) : teams.length === 0 ? (
        <EmptyState>You lead no team yet, so there are no numbers to show.</EmptyState>
      ) : datesProblem(form) !== null ? (
        <div className="notice error" role="alert">
          {datesProblem(form)}
        </div>
      ) : error !== null && error !== undefined ? (
        <ErrorNotice error={error} />
      ) : loading || data === undefined ? (
        <div className="empty" role="status">
          Loading the numbers…
        </div>
      ) : (
        <NumbersBody data={data} refreshing={refreshing} />
      )}
    </>
  );
}

function NumbersBody({ data, refreshing }: { data: NumbersResponse; refreshing: boolean }) {
  const measures = useMemo(() => measuresOf(data), [data]);
  return (
    <div aria-busy={refreshing}>
      {data.comparison !== null ? <Comparison comparison={data.comparison} /> : null}
      <MeasureGrid measures={measures} periods={data.periods} bucket={data.bucket} />
    </div>
  );
}

/**
 * A panel per measure: its definition, its chart (or the survey's tags), the whole range in words
 * and its figures per period. The team's Numbers and an agent's own draw the same way.
 */
export function MeasureGrid({
  measures,
  periods,
  bucket,
}: {
  measures: readonly Measure[];
  periods: readonly { start: string }[];
  bucket: "day" | "week";
}) {
  const x = useMemo(() => periods.map(periodX), [periods]);
  const starts = useMemo(() => periods.map((p) => p.start), [periods]);
  const period = bucket === "day" ? "day" : "week";
  return (
    <div className="numbers-grid">
      {measures.map((m) => (
        <Panel key={m.id} title={m.title} labelledBy={`numbers-${m.id}`} className="numbers-card">
          <p className="small muted numbers-definition">{m.definition}</p>
          {m.hasData && m.tagRows !== undefined ? (
            <SurveyTags rows={m.tagRows} starts={starts} period={period} />
          ) : m.hasData ? (
            <NumbersChart
              x={x}
              lines={m.lines}
              unit={m.unit}
              bucket={bucket}
              label={`${m.title}, a point per ${period}. ${m.summary}${m.partialNote !== undefined ? ` ${m.partialNote}` : ""}`}
            />
          ) : (
            <EmptyState>Nothing to measure in this range yet.</EmptyState>
          )}
          {m.hasData && m.partialNote !== undefined ? (
            <p className="small muted numbers-partial">{m.partialNote}</p>
          ) : null}
          <p className="numbers-summary">
            {m.summary}
            {m.id === "alerts" && m.hasData ? (
              <>
                {" "}
                <Link href="/alerts">By reason, on Alerts</Link>
              </>
            ) : null}
          </p>
          {m.hasData ? <Figures measure={m} starts={starts} period={period} /> : null}
        </Panel>
      ))}
    </div>
  );
}

/** The chart's values as a table, on request: exact figures, and the chart for a screen reader. */
function Figures({
  measure,
  starts,
  period,
}: {
  measure: Measure;
  starts: readonly string[];
  period: "day" | "week";
}) {
  const label = `${measure.title}, per ${period}`;
  return (
    <details className="numbers-figures">
      <summary className="small">Figures per {period}</summary>
      <div className="numbers-table-wrap" role="region" aria-label={`${label}, scrollable`} tabIndex={0}>
        <table className="table" aria-label={label}>
          <thead>
            <tr>
              <th scope="col">{period === "day" ? "Day" : "Week from"}</th>
              {measure.lines.map((l) => (
                <th key={l.label} scope="col" className="num">
                  {l.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {starts.map((start, i) => (
              <tr key={start}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  {new Date(start).toLocaleDateString(undefined, { month: "short", day: "numeric" })}
                </th>
                {measure.lines.map((l) => (
                  <td key={l.label} className="num">
                    {formatWithDetail(measure.unit, l.values[i] ?? null, l.detail?.[i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function Comparison({ comparison }: { comparison: NonNullable<NumbersResponse["comparison"]> }) {
  const rows = comparisonRows(comparison.before, comparison.after);
  const day = new Date(comparison.at).toLocaleDateString(undefined, { dateStyle: "medium" });
  return (
    <Panel title={`Before and after ${day}`} labelledBy="numbers-comparison">
      {/* It scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too. */}
      <div
        className="numbers-table-wrap"
        role="region"
        aria-label="Before and after, scrollable"
        tabIndex={0}
      >
        <table className="table numbers-comparison" aria-labelledby="numbers-comparison">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col" className="num">
                Before
              </th>
              <th scope="col" className="num">
                After
              </th>
              <th scope="col" className="num">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.title}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  {r.title}
                </th>
                {[r.sides.before, r.sides.after].map((side, i) => (
                  <td key={i} className="num">
                    {side.value}
                    {side.counts !== "" ? <span className="numbers-counts"> ({side.counts})</span> : null}
                  </td>
                ))}
                <td className="num">{r.change ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

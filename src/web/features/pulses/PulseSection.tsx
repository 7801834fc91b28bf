import { useId, useMemo, useState } from "react";
import {
  PULSE_DEFAULT_DAYS,
  PULSE_MAX_DAYS,
  PULSE_MIN_ANSWERS,
  PULSE_MIN_DAYS,
  PULSE_QUESTION,
  PULSE_TOO_FEW_EXPLANATION,
  PULSE_WHILE_OPEN_EXPLANATION,
  type Pulse,
} from "../../../protocol/pulses.ts";
import { formatClock } from "../../lib/format.ts";
import { EmptyState, ErrorNotice, Panel } from "../../ui/Panel.tsx";
import { useClosePulse, useOpenPulse, useTeamPulses } from "./api.ts";
import { PulseChart } from "./PulseChart.tsx";
import { enpsSeries, enpsSummary, formatEnps, openPulseOf, pulseDay } from "./pulsesModel.ts";
import "./pulses.css";
import { loadFailed } from "../../lib/queries.ts";

const DAY_CHOICES = Array.from({ length: PULSE_MAX_DAYS - PULSE_MIN_DAYS + 1 }, (_, i) => PULSE_MIN_DAYS + i);

/**
 * The Numbers page's employee pulse (eNPS) for a team's leads: start one, follow the open one
 * (how many answered, never who), and the closed ones as a chart of eNPS over time, a table and
 * their comments.
 */
export function PulseSection({ team }: { team: { id: string; name: string } }) {
  const pulses = useTeamPulses(team.id);
  return (
    <Panel title="Employee pulse (eNPS)" labelledBy="pulse-heading" className="pulse-section">
      <p className="small muted pulse-intro">
        Ask {team.name} anonymously: “{PULSE_QUESTION}” (0 to 10, with an optional comment). eNPS is the share
        who answer 9 or 10 (promoters) minus the share who answer 0 to 6 (detractors), from −100 to +100.
      </p>
      {pulses.isPending ? (
        <div className="empty" role="status">
          Loading the pulses…
        </div>
      ) : loadFailed(pulses) ? (
        <ErrorNotice error={pulses.error} />
      ) : (
        <PulseBody teamId={team.id} pulses={pulses.data.pulses} />
      )}
    </Panel>
  );
}

export function PulseBody({ teamId, pulses }: { teamId: string; pulses: readonly Pulse[] }) {
  const open = openPulseOf(pulses);
  const closed = pulses.filter((p) => p.status === "closed");
  return (
    <>
      {open !== undefined ? <OpenPulse pulse={open} /> : <StartPulse teamId={teamId} />}
      <h3 className="pulse-subhead">Past pulses</h3>
      {closed.length === 0 ? (
        <EmptyState>No pulse has closed yet: results appear here once one has.</EmptyState>
      ) : (
        <PulseHistory pulses={closed} />
      )}
    </>
  );
}

function StartPulse({ teamId }: { teamId: string }) {
  const [days, setDays] = useState(PULSE_DEFAULT_DAYS);
  const start = useOpenPulse();
  const daysId = useId();
  return (
    <form
      className="pulse-start"
      aria-label="Start a pulse"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate({ teamId, days });
      }}
    >
      <label className="field" htmlFor={daysId}>
        <span>Open for</span>
        <select id={daysId} className="select" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {DAY_CHOICES.map((d) => (
            <option key={d} value={d}>
              {d} {d === 1 ? "day" : "days"}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn primary" disabled={start.isPending}>
        Start a pulse
      </button>
      <p className="small muted pulse-start-hint">
        Everyone in the team, you included, sees the question the next time they have tagteam open, and
        answers once. You see how many have answered, never who said what.
      </p>
      {start.isError ? <ErrorNotice error={start.error} /> : null}
    </form>
  );
}

/**
 * The open pulse: how many answered, and "Close now". When its time runs out the sweeper sends
 * `pulse.closed` to the team's room, and the section reads the pulses again for its results
 * (realtime/invalidation.ts), with no timer here.
 */
function OpenPulse({ pulse }: { pulse: Pulse }) {
  const close = useClosePulse();
  const [confirming, setConfirming] = useState(false);
  const tooFew = pulse.answers < PULSE_MIN_ANSWERS;
  const progressId = useId();
  return (
    <div className="pulse-open" data-pulse-id={pulse.id}>
      <p className="pulse-open-line">
        <strong>A pulse is open</strong> since {pulseDay(pulse.openedAt)}; it closes on{" "}
        {pulseDay(pulse.closesAt)} at {formatClock(pulse.closesAt)}.
      </p>
      <div className="pulse-progress">
        <span id={progressId}>
          {pulse.answers} of {pulse.invited} answered
        </span>
        <progress
          max={Math.max(1, pulse.invited)}
          value={Math.min(pulse.answers, pulse.invited)}
          aria-labelledby={progressId}
        />
      </div>
      <p className="small muted">{PULSE_WHILE_OPEN_EXPLANATION}</p>
      {confirming ? (
        <div className="pulse-confirm" role="group" aria-label="Close the pulse now?">
          <p className="small">
            {tooFew
              ? `Only ${pulse.answers} ${pulse.answers === 1 ? "person has" : "people have"} answered. Closed now, this pulse will never show results, since it needs at least ${PULSE_MIN_ANSWERS}.`
              : "Closed now, it takes no more answers and shows its results."}
          </p>
          <button
            type="button"
            className="btn small primary"
            disabled={close.isPending}
            onClick={() => close.mutate(pulse.id, { onSuccess: () => setConfirming(false) })}
          >
            Close it now
          </button>{" "}
          <button type="button" className="btn small ghost" onClick={() => setConfirming(false)}>
            Keep it open
          </button>
        </div>
      ) : (
        <button type="button" className="btn small" onClick={() => setConfirming(true)}>
          Close now…
        </button>
      )}
      {close.isError ? <ErrorNotice error={close.error} /> : null}
    </div>
  );
}

function PulseHistory({ pulses }: { pulses: readonly Pulse[] }) {
  const series = useMemo(() => enpsSeries(pulses), [pulses]);
  const summary = enpsSummary(pulses);
  const anyTooFew = pulses.some((p) => p.visibility === "too_few");
  const withComments = [...series.shown].reverse().filter((p) => (p.results?.comments.length ?? 0) > 0);
  return (
    <>
      {series.x.length > 0 ? (
        <PulseChart x={series.x} y={series.y} label={`eNPS over time, a point per pulse. ${summary}`} />
      ) : null}
      <p className="numbers-summary">{summary}</p>
      <div className="numbers-table-wrap" role="region" aria-label="Past pulses, scrollable" tabIndex={0}>
        <table className="table pulse-table" aria-label="Past pulses">
          <thead>
            <tr>
              <th scope="col">Opened</th>
              <th scope="col" className="num">
                eNPS
              </th>
              <th scope="col" className="num">
                Answered
              </th>
              <th scope="col" className="num">
                Promoters
              </th>
              <th scope="col" className="num">
                Passives
              </th>
              <th scope="col" className="num">
                Detractors
              </th>
            </tr>
          </thead>
          <tbody>
            {pulses.map((p) => (
              <tr key={p.id}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  {pulseDay(p.openedAt)}
                  {p.closedEarly ? <span className="small muted"> (closed early)</span> : null}
                </th>
                {p.results !== null ? (
                  <>
                    <td className="num">
                      <strong>{formatEnps(p.results.enps)}</strong>
                    </td>
                    <td className="num">
                      {p.answers} / {p.invited}
                    </td>
                    <td className="num">{p.results.promoters}</td>
                    <td className="num">{p.results.passives}</td>
                    <td className="num">{p.results.detractors}</td>
                  </>
                ) : (
                  <>
                    <td className="muted pulse-too-few">Too few answers to show</td>
                    <td className="num">
                      {p.answers} / {p.invited}
                    </td>
                    <td colSpan={3} />
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {anyTooFew ? <p className="small muted">{PULSE_TOO_FEW_EXPLANATION}</p> : null}
      {withComments.length > 0 ? (
        <div className="pulse-comments">
          <h3 className="pulse-subhead">What would make the team a better place to work</h3>
          <p className="small muted">Comments are shown in a random order and never beside their score.</p>
          {withComments.map((p, i) => (
            <details key={p.id} open={i === 0}>
              <summary>
                {pulseDay(p.openedAt)} · {p.results?.comments.length}{" "}
                {p.results?.comments.length === 1 ? "comment" : "comments"}
              </summary>
              <ul>
                {p.results?.comments.map((c, j) => (
                  <li key={j}>{c}</li>
                ))}
              </ul>
            </details>
          ))}
        </div>
      ) : null}
    </>
  );
}

import { useEffect, useRef, useState } from "react";
import { Link, useLocation } from "wouter";
import type { Me } from "../../../protocol/index.ts";
import type { PracticeScenario, PracticeSession } from "../../../protocol/practice.ts";
import { formatWhen, humanize } from "../../lib/format.ts";
import { loadFailed, useAction, usePeople } from "../../lib/queries.ts";
import { useRealtimeEvents, useRealtimeRoom } from "../../realtime/RealtimeProvider.tsx";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { describeError } from "../conversation/ConversationPage.tsx";
import {
  practiceApi,
  practiceKeys,
  useCandidates,
  usePracticeSession,
  usePracticeSessions,
  useScenarios,
} from "./api.ts";
import { DrillView, STATUS_LABEL, STATUS_TONE } from "./DrillView.tsx";

function SessionList({
  sessions,
  label,
  showTrainee,
}: {
  sessions: readonly PracticeSession[];
  label: string;
  showTrainee: boolean;
}) {
  return (
    <ul className="timeline scroll-list" aria-label={label}>
      {sessions.map((s) => (
        <li key={s.id}>
          <Link
            href={`/practice/${s.id}`}
            className="list-button"
            style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center" }}
          >
            <span className="grow">
              {showTrainee ? `${s.traineeName ?? "Trainee"} · ` : ""}
              {s.scenarioTitle}
            </span>
            {s.mode === "pair" ? <Badge tone="info">pair</Badge> : null}
            <Badge tone={STATUS_TONE[s.status]}>{STATUS_LABEL[s.status]}</Badge>
            <span className="mono">{s.score?.overall == null ? "—" : s.score.overall.toFixed(1)}</span>
            {s.review !== null ? <Badge tone="ok">commented</Badge> : null}
            <span className="muted small">{formatWhen(s.createdAt)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** A lead of the scenario's team (or an admin) may remove it. */
function canRemove(me: Me, teamId: string): boolean {
  return me.role === "admin" || (me.role === "lead" && me.teamIds.includes(teamId));
}

/** Roles rotate: drill with a teammate who plays the customer (or play the customer for them). */
function PairStart({
  me,
  scenario,
  busy,
  onStart,
}: {
  me: Me;
  scenario: PracticeScenario;
  busy: boolean;
  onStart: (pair: { partnerId: string; play: "agent" | "customer" }) => void;
}) {
  const people = usePeople();
  const [partnerId, setPartnerId] = useState("");
  const [play, setPlay] = useState<"agent" | "customer">("agent");
  const teammates = (people.data ?? [])
    .filter((p) => p.active && p.id !== me.id && p.teamIds.includes(scenario.teamId))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (teammates.length === 0) return null;
  return (
    <form
      className="row small"
      aria-label={`Pair drill: ${scenario.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (partnerId !== "") onStart({ partnerId, play });
      }}
    >
      <label className="field">
        <span>Play with</span>
        <select className="select" value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
          <option value="">Choose a teammate…</option>
          {teammates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>I play</span>
        <select
          className="select"
          value={play}
          onChange={(e) => setPlay(e.target.value === "customer" ? "customer" : "agent")}
        >
          <option value="agent">the agent</option>
          <option value="customer">the customer</option>
        </select>
      </label>
      <button type="submit" className="btn small" disabled={busy || partnerId === ""}>
        Start a pair drill
      </button>
    </form>
  );
}

/**
 * One drill, opened from the list (its trainee replies; a lead reviews). A pair drill's page is
 * live: the partner's lines, the end and a comment arrive as realtime events (realtime/invalidation.ts
 * refetches the session), and when the partner swaps roles this page offers the next drill. A lead
 * (or admin) watching a running pair drill joins its room while it runs, for its lines and its end.
 */
function SessionPanel({ id, meId }: { id: string; meId: string }) {
  const [, navigate] = useLocation();
  const session = usePracticeSession(id);
  const watching =
    session.data?.id === id &&
    session.data.mode === "pair" &&
    session.data.status === "active" &&
    session.data.myRole === "reviewer";
  useRealtimeRoom(watching ? { kind: "drill", id } : null);
  const [error, setError] = useState<string | null>(null);
  const [swapped, setSwapped] = useState<{ from: string; to: string } | null>(null);
  useRealtimeEvents((e) => {
    const { sessionId, previousSessionId, personId } = e.data;
    if (e.type !== "drill.roles_swapped" || previousSessionId !== id || personId === meId) return;
    if (sessionId !== undefined) setSwapped({ from: id, to: sessionId });
  });
  const next = swapped?.from === id ? swapped.to : null;
  // On a phone the finished drill's page sits scrolled to its score: bring the offer into view.
  const offer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (next !== null) offer.current?.scrollIntoView?.({ block: "nearest" });
  }, [next]);
  const partnerName =
    session.data?.myRole === "customer" ? session.data.traineeName : session.data?.customerPlayerName;
  const act = useAction((run: () => Promise<unknown>) => run(), [practiceKeys.sessions]);
  const run = (f: () => Promise<unknown>) => {
    setError(null);
    return act.mutateAsync([f]).catch((e: unknown) => {
      setError(describeError(e));
      throw e;
    });
  };
  return (
    <Panel title={session.data?.scenarioTitle ?? "Drill"} actions={<Link href="/practice">All drills</Link>}>
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {next !== null ? (
        <div ref={offer} className="notice ok row" role="status" style={{ marginBottom: 10 }}>
          <span className="grow">
            {partnerName ?? "Your partner"} swapped the roles: the next drill is ready, and you play the other
            part.
          </span>
          <Link href={`/practice/${next}`} className="btn small primary">
            Join the next drill
          </Link>
        </div>
      ) : null}
      {loadFailed(session) ? (
        <ErrorNotice error={session.error} />
      ) : session.data === undefined ? (
        <div className="empty">Loading…</div>
      ) : (
        <DrillView
          session={session.data}
          busy={act.isPending}
          onReply={(text) =>
            run(() =>
              session.data?.mode === "pair" ? practiceApi.line(id, text) : practiceApi.reply(id, text),
            )
          }
          onEnd={(outcome) => void run(() => practiceApi.end(id, outcome)).catch(() => undefined)}
          onReview={(comment) => void run(() => practiceApi.review(id, comment)).catch(() => undefined)}
          // Once the partner has swapped, the notice above leads to their drill instead of a second one.
          onSwap={
            next !== null
              ? undefined
              : () => {
                  const s = session.data;
                  if (s === undefined) return;
                  const partnerId = s.myRole === "agent" ? s.customerPlayerId : s.traineeId;
                  if (partnerId === null) return;
                  const play = s.myRole === "agent" ? "customer" : "agent";
                  setError(null);
                  practiceApi
                    .start(s.scenarioId, { partnerId, play, swapOf: s.id })
                    .then((r) => navigate(`/practice/${r.session.id}`))
                    .catch((e: unknown) => setError(describeError(e)));
                }
          }
        />
      )}
    </Panel>
  );
}

/**
 * Role-play drills: scenarios built from the team's real hard conversations (anonymised), a
 * simulated customer that reacts to how each reply lands as tagteam's engine reads it, and the
 * recorded sessions (the trainee's own; the team's for its leads, who comment on them).
 */
export function PracticePage({ me, sessionId }: { me: Me; sessionId?: string | undefined }) {
  const lead = me.role !== "agent";
  const [, navigate] = useLocation();
  const scenarios = useScenarios();
  const mine = usePracticeSessions(true, me.id);
  const team = usePracticeSessions(false, me.id, lead);
  const candidates = useCandidates(lead);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const start = useAction(
    (scenarioId: string, pair?: { partnerId: string; play: "agent" | "customer" }) =>
      practiceApi.start(scenarioId, pair),
    [practiceKeys.sessions],
  );
  const make = useAction(
    (conversationId: string) => practiceApi.makeScenario(conversationId),
    [practiceKeys.all],
  );
  const remove = useAction((id: string) => practiceApi.removeScenario(id), [practiceKeys.all]);
  // The scenario whose removal waits for a second press (it takes its drills with it).
  const [removing, setRemoving] = useState<string | null>(null);
  const others = (team.data ?? []).filter((s) => s.traineeId !== me.id);
  return (
    <>
      <PageHeader
        title="Practice"
        sub="Drill on real hard conversations, anonymised. The customer reacts to how each reply lands, as tagteam reads it."
      />
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      {note !== null ? (
        <div className="notice ok" role="status">
          {note}
        </div>
      ) : null}
      {sessionId !== undefined ? <SessionPanel id={sessionId} meId={me.id} /> : null}
      <div className="two-col">
        <Panel title="Scenarios">
          {loadFailed(scenarios) ? (
            <ErrorNotice error={scenarios.error} />
          ) : scenarios.isPending ? (
            <div className="empty">Loading…</div>
          ) : scenarios.data.length === 0 ? (
            <EmptyState>
              No scenarios yet.{" "}
              {lead
                ? "Make one from a suggested conversation below."
                : "Your lead makes them from hard conversations."}
            </EmptyState>
          ) : (
            <ul
              className="stack"
              aria-label="Practice scenarios"
              style={{ margin: 0, padding: 0, listStyle: "none" }}
            >
              {scenarios.data.map((s) => (
                <li
                  key={s.id}
                  className="stack"
                  style={{ gap: 4, borderBottom: "1px solid var(--line)", paddingBottom: 10 }}
                >
                  <div className="row">
                    <strong className="grow">{s.title}</strong>
                    <button
                      type="button"
                      className="btn small primary"
                      disabled={start.isPending}
                      aria-label={`Start a drill: ${s.title}`}
                      onClick={() => {
                        setError(null);
                        start
                          .mutateAsync([s.id, undefined])
                          .then((r) => navigate(`/practice/${r.session.id}`))
                          .catch((e: unknown) => setError(describeError(e)));
                      }}
                    >
                      Start a drill
                    </button>
                  </div>
                  <div className="small">
                    <span className="muted">The customer:</span> {s.persona.summary}
                    {s.rootCause !== null ? (
                      <>
                        {" "}
                        · <span className="muted">root cause:</span> {humanize(s.rootCause)}
                      </>
                    ) : null}
                  </div>
                  <PairStart
                    me={me}
                    scenario={s}
                    busy={start.isPending}
                    onStart={(pair) => {
                      setError(null);
                      start
                        .mutateAsync([s.id, pair])
                        .then((r) => navigate(`/practice/${r.session.id}`))
                        .catch((e: unknown) => setError(describeError(e)));
                    }}
                  />
                  <details className="small">
                    <summary>What a good reply addresses</summary>
                    <ul>
                      {s.goodReply.map((g) => (
                        <li key={g}>{g}</li>
                      ))}
                    </ul>
                  </details>
                  {canRemove(me, s.teamId) ? (
                    removing === s.id ? (
                      <div className="row small" role="group" aria-label={`Remove: ${s.title}`}>
                        <span className="grow">
                          Remove this scenario? The drills played on it go with it.
                        </span>
                        <button
                          type="button"
                          className="btn small danger"
                          disabled={remove.isPending}
                          onClick={() => {
                            setError(null);
                            remove
                              .mutateAsync([s.id])
                              .then((r) => {
                                setRemoving(null);
                                setNote(
                                  `Scenario removed: “${s.title}”${r.removed.drills > 0 ? `, with ${r.removed.drills} drill${r.removed.drills === 1 ? "" : "s"}` : ""}.`,
                                );
                              })
                              .catch((e: unknown) => setError(describeError(e)));
                          }}
                        >
                          Remove it
                        </button>
                        <button type="button" className="btn small ghost" onClick={() => setRemoving(null)}>
                          Keep it
                        </button>
                      </div>
                    ) : (
                      <div>
                        <button
                          type="button"
                          className="btn small ghost"
                          aria-label={`Remove the scenario: ${s.title}`}
                          onClick={() => setRemoving(s.id)}
                        >
                          Remove
                        </button>
                      </div>
                    )
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel title="My drills" flush>
          {loadFailed(mine) ? (
            <ErrorNotice error={mine.error} />
          ) : mine.isPending ? (
            <div className="empty">Loading…</div>
          ) : mine.data.length === 0 ? (
            <EmptyState>No drills yet: start one from a scenario.</EmptyState>
          ) : (
            <SessionList sessions={mine.data} label="My drills" showTrainee={false} />
          )}
        </Panel>
      </div>
      {lead ? (
        <div className="two-col">
          <Panel title="Team drills to review" flush>
            {loadFailed(team) ? (
              <ErrorNotice error={team.error} />
            ) : team.isPending ? (
              <div className="empty">Loading…</div>
            ) : others.length === 0 ? (
              <EmptyState>No teammate has drilled yet.</EmptyState>
            ) : (
              <SessionList sessions={others} label="Team drills" showTrainee />
            )}
          </Panel>
          <Panel title="Suggested from hard conversations" flush>
            {loadFailed(candidates) ? (
              <ErrorNotice error={candidates.error} />
            ) : candidates.isPending ? (
              // Reading the team's closed conversations takes a moment: "no conversation yet" would be untrue.
              <div className="empty">Loading…</div>
            ) : (candidates.data ?? []).length === 0 ? (
              <EmptyState>No closed conversation with a high peak risk or an escalation yet.</EmptyState>
            ) : (
              <ul className="timeline scroll-list" aria-label="Suggested conversations">
                {(candidates.data ?? []).map((c) => (
                  <li key={c.conversationId} className="row" style={{ padding: "8px 14px" }}>
                    {/* The words on a line of their own, the badge and button below: beside them, on a
                        phone (and in the laptop's side column), the words were a column a few wide. */}
                    <span className="grow" style={{ flex: "1 1 100%", minWidth: 0 }}>
                      <Link href={`/conversations/${c.conversationId}`}>
                        {c.topic !== null ? humanize(c.topic) : "Conversation"}
                      </Link>{" "}
                      <span className="small muted">
                        · peak risk {Math.round(c.peakRisk * 100)}% · {c.messageCount} messages
                        {c.closedAt !== null ? ` · closed ${formatWhen(c.closedAt)}` : ""}
                        {c.similar > 0
                          ? ` · ${c.similar} more ${c.similar === 1 ? "conversation" : "conversations"} opened like it`
                          : ""}
                      </span>
                      {c.opening !== null ? (
                        <span className="small" style={{ display: "block", overflowWrap: "anywhere" }}>
                          “{c.opening}”
                        </span>
                      ) : null}
                    </span>
                    {c.escalated ? <Badge tone="bad">escalated</Badge> : null}
                    <button
                      type="button"
                      className="btn small"
                      disabled={make.isPending}
                      onClick={() => {
                        setError(null);
                        make
                          .mutateAsync([c.conversationId])
                          .then((r) =>
                            setNote(`Scenario made: “${r.scenario.title}”. Names and numbers were removed.`),
                          )
                          .catch((e: unknown) => setError(describeError(e)));
                      }}
                    >
                      Make a scenario
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      ) : null}
    </>
  );
}

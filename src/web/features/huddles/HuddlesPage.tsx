import { useState } from "react";
import { Link } from "wouter";
import { useSearchPatch } from "../../lib/useSearchPatch.ts";
import type { HuddleAction, HuddleAgenda, Me } from "../../../protocol/index.ts";
import { humanize } from "../../lib/format.ts";
import { loadFailed, useTeams } from "../../lib/queries.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState, ErrorNotice, PageHeader, Panel } from "../../ui/Panel.tsx";
import { today, useAssignChampion, useHuddleAgenda, useUpdateAction } from "./api.ts";

type Person = { id: string; name: string };
const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The buddy-boost routine: before the shift a five-minute warm-up in pairs, mid-shift a check-in
 * with the pairs rotated, after it a huddle on the day's top three patterns, each given a champion.
 * Agendas come from the team's own conversations of the chosen day (in the reader's time zone).
 */
export function HuddlesPage({ me }: { me: Me }) {
  const [params, setPatch] = useSearchPatch();
  const teams = useTeams();
  const mine = (teams.data ?? []).filter((t) => me.role === "admin" || me.teamIds.includes(t.id));
  const teamId = params.get("teamId") ?? mine[0]?.id ?? me.teamIds[0];
  const date = params.get("date") ?? today();
  const agenda = useHuddleAgenda(teamId, date);
  const set = (key: string, value: string) => setPatch({ [key]: value });
  return (
    <>
      <PageHeader
        title="Huddles"
        sub="Three short routines a shift, with agendas from your team's own conversations: warm up in pairs, check in mid-shift, and end with the day's patterns."
      />
      <Panel>
        <form className="filters" aria-label="Which team and day" onSubmit={(e) => e.preventDefault()}>
          {mine.length > 1 ? (
            <label className="field">
              <span>Team</span>
              <select className="select" value={teamId ?? ""} onChange={(e) => set("teamId", e.target.value)}>
                {mine.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label className="field">
            <span>Day</span>
            <input
              className="input"
              type="date"
              value={date}
              max={today()}
              required
              onChange={(e) => {
                if (e.target.value !== "") set("date", e.target.value);
              }}
            />
          </label>
        </form>
      </Panel>
      {teamId === undefined ? (
        <EmptyState>You are not in a team yet: huddles are per team.</EmptyState>
      ) : loadFailed(agenda) ? (
        <ErrorNotice error={agenda.error} />
      ) : agenda.isPending ? (
        <div className="empty">Loading…</div>
      ) : (
        <div className="stack">
          <WarmUp agenda={agenda.data} />
          <CheckIn agenda={agenda.data} />
          <WrapUp agenda={agenda.data} me={me} />
        </div>
      )}
    </>
  );
}

/** A pair's names as said aloud: "Ana Silva & Ben Okafor"; a trio "Ana Silva, Ben Okafor & Dev Patel". */
export function pairLabel(names: readonly string[]): string {
  return names.length <= 2 ? names.join(" & ") : `${names.slice(0, -1).join(", ")} & ${names.at(-1) ?? ""}`;
}

function Pairs({ pairs, me }: { pairs: Person[][]; me?: string }) {
  if (pairs.length === 0) return <p className="muted small">Nobody in the team to pair yet.</p>;
  return (
    <ul className="row" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Pairs">
      {pairs.map((pair) => (
        <li key={pair.map((p) => p.id).join("+")}>
          <Badge tone={pair.some((p) => p.id === me) ? "accent" : "neutral"}>
            {pairLabel(pair.map((p) => p.name))}
            {pair.length === 1 ? " (on their own today)" : ""}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function Quote({ line }: { line: { role: "customer" | "agent"; text: string } }) {
  return (
    <p style={{ margin: "2px 0", overflowWrap: "anywhere" }}>
      <span className="muted">{line.role === "customer" ? "Customer" : "Agent"}:</span> {line.text}
    </p>
  );
}

export function WarmUp({ agenda }: { agenda: Pick<HuddleAgenda, "warmUp"> }) {
  const hard = agenda.warmUp.hardConversation;
  return (
    <Panel title="Before the shift: warm-up (5 minutes, in pairs)" labelledBy="warm-up">
      <div className="stack">
        <Pairs pairs={agenda.warmUp.pairs} />
        {hard === null ? (
          <EmptyState>
            No hard conversation ended in the past week: share one thing that went well instead.
          </EmptyState>
        ) : (
          <div className="stack">
            <div className="row">
              <strong>One recent hard conversation</strong>
              <Badge tone="bad">risk {pct(hard.peakRisk)} at its worst</Badge>
              <Badge tone={hard.finalRisk <= hard.peakRisk - 0.3 ? "ok" : "warn"}>
                risk {pct(hard.finalRisk)} at the end
              </Badge>
              {hard.topic ? <Badge>{hard.topic}</Badge> : null}
              <Badge>{hard.channel}</Badge>
              {hard.rootCause ? <Badge tone="info">likely cause: {humanize(hard.rootCause)}</Badge> : null}
            </div>
            <div className="suggestion" aria-label="Where it peaked">
              {hard.peak.map((line, i) => (
                <Quote key={i} line={line} />
              ))}
            </div>
            <p style={{ margin: 0 }}>{hard.outcome}</p>
            {hard.quickWins.length > 0 ? (
              <div>
                <strong>Two quick wins to discuss</strong>
                <ol style={{ margin: "4px 0 0", paddingLeft: 20 }}>
                  {hard.quickWins.map((w) => (
                    <li key={w.cue}>
                      {w.text} <span className="muted small">— for: {w.cue}</span>
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
            {hard.conversationId !== null ? (
              <Link href={`/conversations/${hard.conversationId}`}>Open the conversation</Link>
            ) : (
              <p className="muted small" style={{ margin: 0 }}>
                Its agent is not named here: talk about the moves, not the person.
              </p>
            )}
          </div>
        )}
      </div>
    </Panel>
  );
}

function CheckIn({ agenda }: { agenda: HuddleAgenda }) {
  const { pairs, mine, checkOn } = agenda.checkIn;
  return (
    <Panel title="Mid-shift: check-in (10 minutes, pairs rotated)" labelledBy="check-in">
      <div className="stack">
        <Pairs pairs={pairs} />
        <dl className="kv">
          <dt>Your observation</dt>
          <dd>{mine.observation}</dd>
          <dt>Your tip</dt>
          <dd>{mine.tip}</dd>
        </dl>
        {checkOn.length > 0 ? (
          <div role="note">
            <strong>Check on</strong> (several hard conversations in the last two hours):
            <ul style={{ margin: "4px 0 0", paddingLeft: 20 }}>
              {checkOn.map((c) => (
                <li key={c.person.id}>
                  {c.person.name}:{" "}
                  <Link
                    href={`/conversations?${new URLSearchParams({ agentId: c.person.id, from: agenda.date, to: agenda.date }).toString()}`}
                  >
                    {c.hardConversations} hard conversations
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Panel>
  );
}

function WrapUp({ agenda, me }: { agenda: HuddleAgenda; me: Me }) {
  const { patterns, openActions, conversations } = agenda.wrapUp;
  return (
    <Panel title="After the shift: huddle (15 minutes)" labelledBy="wrap-up">
      <div className="stack">
        <p className="muted" style={{ margin: 0 }}>
          {conversations} conversation{conversations === 1 ? "" : "s"} this day.
          {patterns.length > 0
            ? " The top patterns, each with a procedure update for a champion to write."
            : ""}
        </p>
        {patterns.length === 0 ? (
          <EmptyState>
            {conversations === 0
              ? "Nothing to go over: the team had no conversations this day. Pick a day it worked (Day, above)."
              : "No pattern showed in two or more conversations this day: go round the team for one thing that worked and one that did not."}
          </EmptyState>
        ) : (
          <ol className="stack" style={{ margin: 0, paddingLeft: 20 }}>
            {patterns.map((p) => (
              <li key={p.key}>
                <Pattern pattern={p} agenda={agenda} me={me} />
              </li>
            ))}
          </ol>
        )}
        {openActions.length > 0 ? (
          <div>
            <strong>Other procedure updates still open</strong>
            <ul className="stack" style={{ margin: "6px 0 0", paddingLeft: 20 }} aria-label="Still open">
              {openActions.map((a) => (
                <li key={a.id}>
                  <span className="muted small">{a.date}</span> {a.title}{" "}
                  <span>
                    · Champion: <strong>{a.owner.id === me.id ? "you" : a.owner.name}</strong>
                  </span>{" "}
                  <ActionState action={a} teamId={agenda.teamId} date={agenda.date} />
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Panel>
  );
}

function Pattern({
  pattern: p,
  agenda,
  me,
}: {
  pattern: HuddleAgenda["wrapUp"]["patterns"][number];
  agenda: HuddleAgenda;
  me: Me;
}) {
  return (
    <div className="stack" style={{ gap: 6 }}>
      <div className="row">
        <strong>{p.label}</strong>
        <Badge tone="warn">
          {p.conversations} conversation{p.conversations === 1 ? "" : "s"}
        </Badge>
        {p.topics.map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
      </div>
      {p.example !== null ? (
        <div className="suggestion">
          <Quote line={p.example} />
        </div>
      ) : null}
      {agenda.canAssign && p.action === null ? null : (
        <div>
          <span className="muted">Procedure update:</span> {p.action?.title ?? p.suggestedUpdate}
        </div>
      )}
      {p.action !== null ? (
        <div className="row">
          <span>
            Champion: <strong>{p.action.owner.id === me.id ? "you" : p.action.owner.name}</strong>
          </span>
          <ActionState action={p.action} teamId={agenda.teamId} date={agenda.date} />
        </div>
      ) : null}
      {agenda.canAssign ? <NameChampion pattern={p} agenda={agenda} /> : null}
    </div>
  );
}

function NameChampion({
  pattern: p,
  agenda,
}: {
  pattern: HuddleAgenda["wrapUp"]["patterns"][number];
  agenda: HuddleAgenda;
}) {
  const [ownerId, setOwnerId] = useState(p.action?.owner.id ?? "");
  const [title, setTitle] = useState(p.action?.title ?? p.suggestedUpdate);
  const assign = useAssignChampion(agenda.teamId, agenda.date);
  return (
    <form
      className="row"
      aria-label={`Champion for: ${p.label}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (ownerId === "") return;
        assign.mutate({ teamId: agenda.teamId, date: agenda.date, pattern: p.key, title, ownerId });
      }}
    >
      <label className="field">
        <span>Champion</span>
        <select className="select" value={ownerId} required onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">Choose…</option>
          {agenda.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field grow" style={{ minWidth: 200 }}>
        <span>Update to write</span>
        {/* Two lines that wrap: one line showed a third of the suggested update at 200 % zoom or on
            a phone ('The first two lines to say to a frustrated ac'). Still one line of text:
            Enter names the champion, as in a single-line field. */}
        <textarea
          className="textarea"
          rows={2}
          value={title}
          maxLength={300}
          required
          onChange={(e) => setTitle(e.target.value.replace(/\s*\n\s*/g, " "))}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }}
        />
      </label>
      <button type="submit" className="btn" disabled={assign.isPending || ownerId === ""}>
        {p.action === null ? "Name champion" : "Save"}
      </button>
      {assign.isError ? <ErrorNotice error={assign.error} /> : null}
    </form>
  );
}

function ActionState({ action, teamId, date }: { action: HuddleAction; teamId: string; date: string }) {
  const update = useUpdateAction(teamId, date);
  return (
    <span className="row">
      <Badge tone={action.status === "done" ? "ok" : "info"}>
        {action.status === "done" ? "written" : "to write"}
      </Badge>
      {action.note ? <span className="small muted">{action.note}</span> : null}
      {action.editable ? (
        <button
          type="button"
          className="btn ghost"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: action.id, status: action.status === "done" ? "open" : "done" })}
        >
          {action.status === "done" ? "Open again" : "Mark written"}
        </button>
      ) : null}
      {update.isError ? <ErrorNotice error={update.error} /> : null}
    </span>
  );
}

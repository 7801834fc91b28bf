import { Link } from "wouter";
import type { Alert, AlertStatus, ConversationDetail } from "../../../protocol/resources.ts";
import { REASON_LABEL, RUNG_LABEL, formatClock, whySentence } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { RiskMeter } from "../../ui/RiskMeter.tsx";
import { HighlightedText } from "../conversation/Transcript.tsx";
import { excerptAround, type Highlight } from "../conversation/evidence.ts";
import { openedFromHere } from "../../app/openedFrom.ts";

export type AlertAction = "open" | "signal" | "whisper" | "not_useful" | "reroute";

const MAX_EVIDENCE_SHOWN = 3;

/**
 * The lines of an alert's evidence to quote, oldest first, at most `max`: the newest line, then the
 * newest line of each kind of evidence not yet quoted (a wrong answer carried over from an earlier
 * alert stays on the card after three newer lines of stress), then the newest of the rest.
 */
export function linesToShow<T extends { kind: string }>(
  byMessage: ReadonlyMap<number, readonly T[]>,
  max: number,
): [number, readonly T[]][] {
  const newestFirst = [...byMessage.entries()].sort((a, b) => b[0] - a[0]);
  const chosen = new Set<number>();
  const covered = new Set<string>();
  const take = ([index, spans]: [number, readonly T[]]) => {
    chosen.add(index);
    for (const s of spans) covered.add(s.kind);
  };
  if (newestFirst[0] !== undefined && max > 0) take(newestFirst[0]);
  for (const line of newestFirst) {
    if (chosen.size >= max) break;
    if (!chosen.has(line[0]) && line[1].some((s) => !covered.has(s.kind))) take(line);
  }
  for (const line of newestFirst) {
    if (chosen.size >= max) break;
    if (!chosen.has(line[0])) take(line);
  }
  return newestFirst.filter(([index]) => chosen.has(index)).reverse();
}

/** Where an alert stands, in words ("raised" said twice in its line before: "raised 12:32 · refunds · raised"). */
export const ALERT_STATUS_LABEL: Record<AlertStatus, string> = {
  raised: "waiting for an answer",
  acknowledged: "someone is on it",
  acted_on: "acted on",
  dismissed_not_useful: "marked not useful",
  expired: "expired unanswered",
};

/**
 * Where an alert stands, for its reader. An acknowledged alert is its helper's (they said they are
 * looking): "someone is on it" on the helper's own card read as if a teammate had taken it over,
 * and it is still theirs to act on.
 */
export function alertStatusWords(
  alert: Pick<Alert, "status" | "helperId" | "helperName">,
  meId: string | undefined,
): string {
  if (alert.status !== "acknowledged") return ALERT_STATUS_LABEL[alert.status];
  if (alert.helperId !== null && alert.helperId === meId) return "you are on it";
  return alert.helperName !== null ? `${alert.helperName} is on it` : ALERT_STATUS_LABEL.acknowledged;
}

const HELPED_WORDS: Record<string, string> = {
  signal: "signalled support",
  whisper: "whispered",
  takeover_offer: "offered to take over",
};

/**
 * What the alert's helper already did on its conversation before it was raised (their newest signal,
 * whisper or offer to its agent), said for the card: a new reason on a conversation they are helping
 * with is an update for them, not a new teammate to help. Null when they had not stepped in.
 */
export function helpedBefore(
  alert: Pick<Alert, "helperId" | "helperName" | "agentId" | "raisedAt">,
  conversation: Pick<ConversationDetail, "interventions"> | undefined,
  meId?: string,
): string | null {
  if (alert.helperId === null || conversation === undefined) return null;
  const raised = Date.parse(alert.raisedAt);
  const before = conversation.interventions
    .filter(
      (i) =>
        i.fromId === alert.helperId &&
        (i.toId === alert.agentId || alert.agentId === null) &&
        (i.kind === "signal" ||
          i.kind === "whisper" ||
          (i.kind === "takeover_offer" && i.status === "offered")) &&
        Date.parse(i.createdAt) <= raised,
    )
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
  if (before === undefined) return null;
  const who = alert.helperId === meId ? "You" : (alert.helperName ?? "The helper");
  const what = HELPED_WORDS[before.kind] ?? "stepped in";
  return before.kind === "takeover_offer"
    ? `${who} ${what} at ${formatClock(before.createdAt)} (not answered yet); this is new since.`
    : `${who} ${what} at ${formatClock(before.createdAt)}; this is new since.`;
}

/**
 * One alert for me: why (with the evidence quoted from the transcript), who it concerns, the
 * suggested step; act on it in one click, or mark it "not useful" so the team can tune it.
 */
export function AlertCard({
  alert,
  conversation,
  onAct,
  busy,
  meId,
}: {
  alert: Alert;
  conversation: ConversationDetail | undefined;
  onAct: (action: AlertAction) => void;
  busy: boolean;
  /** Who is reading: "You" when they are the helper. */
  meId?: string;
}) {
  // One line per message, with every span the alert cites in it marked.
  const byMessage = new Map<number, Highlight[]>();
  for (const e of alert.evidence) {
    const list = byMessage.get(e.messageIndex) ?? [];
    list.push({ start: e.start, end: e.end, kind: e.kind ?? "evidence", polarity: "bad" });
    byMessage.set(e.messageIndex, list);
  }
  const evidence = linesToShow(byMessage, MAX_EVIDENCE_SHOWN).map(([index, spans]) => ({
    key: index,
    m: conversation?.messages.find((x) => x.index === index),
    spans,
  }));
  const active = alert.status === "raised" || alert.status === "acknowledged";
  const update = helpedBefore(alert, conversation, meId);
  return (
    <article className="panel" aria-labelledby={`alert-${alert.id}`} data-alert-id={alert.id}>
      <div className="panel-head">
        <div>
          <h2 id={`alert-${alert.id}`}>
            {conversation?.customerName ?? "A customer"} with {conversation?.agentName ?? "a teammate"}
          </h2>
          <div className="small muted">
            raised {formatClock(alert.raisedAt)} · {conversation?.topic ?? "no topic"} ·{" "}
            {alertStatusWords(alert, meId)}
          </div>
        </div>
        <RiskMeter risk={alert.risk} showWord />
      </div>
      <div className="panel-body stack">
        <div className="row">
          {alert.reasons.map((r) => (
            <Badge key={r} tone="warn">
              {REASON_LABEL[r]}
            </Badge>
          ))}
          <Badge tone="private">suggested: {RUNG_LABEL[alert.rung]}</Badge>
          {/* Said once: the reason "Needs more authority" already says it. */}
          {alert.needsAuthority && !alert.reasons.includes("needs_authority") ? (
            <Badge tone="info">needs authority</Badge>
          ) : null}
        </div>
        {update !== null ? (
          <p className="row small">
            <Badge tone="info">update</Badge>
            <span>{update}</span>
          </p>
        ) : null}
        <p>{whySentence(alert.why)}</p>
        {evidence.length > 0 ? (
          <ul
            className="stack"
            style={{ listStyle: "none", padding: 0, margin: 0, gap: 4 }}
            aria-label="Evidence"
          >
            {evidence.map(({ key, m, spans }) =>
              m ? (
                <li key={key} className="small">
                  <span className="muted">
                    {m.role === "customer" ? "Customer" : (m.authorName ?? "Agent")}:{" "}
                  </span>
                  <HighlightedText {...excerptAround(m.text, spans)} showKinds />
                </li>
              ) : null,
            )}
          </ul>
        ) : null}
        {alert.suggestion ? (
          <>
            {/* The sentence is always one to whisper ("Whisper the suggestion" sends it). Under
                "suggested: Signal support" it stood unexplained, and a lead could not tell whether
                tagteam meant them to signal or to send it. */}
            {alert.rung === "signal" || alert.rung === "observe" ? (
              <p className="small muted">If a signal is not enough, whisper this:</p>
            ) : null}
            <div className="suggestion">{alert.suggestion}</div>
          </>
        ) : null}
        {/* Who was asked and why (the whole team's view shows others' alerts too). */}
        {alert.routing !== null ? (
          <p className="small muted">Who was asked, and why — {alert.routing}</p>
        ) : null}
        {active ? (
          <div className="row">
            <button type="button" className="btn primary" disabled={busy} onClick={() => onAct("open")}>
              Open and help
            </button>
            <button type="button" className="btn private" disabled={busy} onClick={() => onAct("signal")}>
              Signal support
            </button>
            {alert.suggestion ? (
              <button type="button" className="btn private" disabled={busy} onClick={() => onAct("whisper")}>
                Whisper the suggestion
              </button>
            ) : null}
            <span className="row" style={{ marginLeft: "auto" }}>
              <button type="button" className="btn ghost" disabled={busy} onClick={() => onAct("reroute")}>
                I can’t help — reroute
              </button>
              <button type="button" className="btn ghost" disabled={busy} onClick={() => onAct("not_useful")}>
                Not useful
              </button>
            </span>
          </div>
        ) : (
          <Link href={`/conversations/${alert.conversationId}`} state={openedFromHere()}>
            Open the conversation
          </Link>
        )}
      </div>
    </article>
  );
}

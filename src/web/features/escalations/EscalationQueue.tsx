import { useEffect, useRef } from "react";
import { Link } from "wouter";
import type { ConversationSummary, Intervention } from "../../../protocol/resources.ts";
import { formatDuration, formatWhen, whySentence } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { RiskMeter } from "../../ui/RiskMeter.tsx";
import { restoreFocus } from "../../ui/restoreFocus.ts";
import { TableScroll } from "../../ui/TableScroll.tsx";
import { raisedByName } from "../console/EscalationNote.tsx";
import { openedFromHere } from "../../app/openedFrom.ts";

/**
 * Escalations waiting for a lead, oldest first, then those no longer waiting, newest first with
 * when they were raised; each links to its conversation. One whose conversation has ended is no
 * longer waiting: it says so and offers nothing to take on. (Sorted oldest first all together,
 * weeks of handled escalations came above today's waiting ones.)
 *
 * By keyboard: each "I’m on it" is named with its customer (a screen reader's list of buttons said
 * "I’m on it" five times), and once pressed the focus stays on its row — on the button again if
 * taking it on failed, else on the conversation's link, the next thing a lead opens. The pressed
 * button turned disabled and then left the page, and the focus fell to the page's body.
 */
export function EscalationQueue({
  escalations,
  conversations,
  nowMs,
  onAcknowledge,
  busy,
}: {
  escalations: readonly Intervention[];
  conversations: ReadonlyMap<string, ConversationSummary>;
  nowMs: number;
  onAcknowledge: (id: string) => void;
  busy: boolean;
}) {
  const pressed = useRef<string | null>(null);
  useEffect(() => {
    const id = pressed.current;
    if (id === null || busy) return;
    const row = document.querySelector(`[data-escalation-id="${CSS.escape(id)}"]`);
    restoreFocus([row?.querySelector("button:not([disabled])"), row?.querySelector("a")]);
    pressed.current = null;
  }, [escalations, busy]);
  if (escalations.length === 0)
    return <EmptyState>No escalations waiting. The queue fills when a step-in needs a lead.</EmptyState>;
  const isWaiting = (e: Intervention) =>
    e.status === "offered" && conversations.get(e.conversationId)?.status !== "closed";
  const waitingRows = escalations.filter(isWaiting).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const pastRows = escalations
    .filter((e) => !isWaiting(e))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const sorted = [...waitingRows, ...pastRows];
  return (
    <TableScroll label="Escalation queue">
      {/* Roles spelled out: on a phone its rows are cards (display: flex), which drops a table's
          meaning in some browsers (Safari), so a screen reader would lose the columns. */}
      <table role="table" className="table escalation-table" aria-label="Escalation queue">
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">
              Waiting / raised
            </th>
            <th role="columnheader" scope="col">
              Conversation
            </th>
            <th role="columnheader" scope="col">
              Raised by
            </th>
            <th role="columnheader" scope="col">
              Reason
            </th>
            {/* The conversation's reading now (a waiting one may have calmed or worsened since). */}
            <th role="columnheader" scope="col">
              Risk now
            </th>
            <th role="columnheader" scope="col">
              Status
            </th>
            <th role="columnheader" scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {sorted.map((e) => {
            const c = conversations.get(e.conversationId);
            const waiting = isWaiting(e);
            return (
              <tr role="row" key={e.id} data-escalation-id={e.id}>
                <td
                  role="cell"
                  className={waiting ? "esc-when mono" : "esc-when small muted"}
                  {...(waiting ? { "data-label": "Waiting" } : {})}
                >
                  {waiting ? (
                    formatDuration(Date.parse(e.createdAt), nowMs)
                  ) : (
                    <>
                      <span className="visually-hidden">raised </span>
                      {formatWhen(e.createdAt, nowMs)}
                    </>
                  )}
                </td>
                <td role="cell" className="esc-conversation">
                  <Link
                    href={`/conversations/${e.conversationId}`}
                    state={openedFromHere()}
                    className="cell-link"
                  >
                    {c?.customerName ?? "Conversation"}
                  </Link>
                  <div className="small muted">
                    {c?.topic ?? ""} {c?.agentName ? `· agent ${c.agentName}` : ""}
                  </div>
                </td>
                <td role="cell" className="esc-by" data-label="Raised by">
                  {raisedByName(e, c?.agentId) ?? "—"}
                </td>
                {/* Room for its words: on a phone it was squeezed to a letter a line, a row a screen tall
                    (each row is a card there, the reason the card's width: theme.css). */}
                <td role="cell" className="esc-reason">
                  {e.text !== null && e.text !== undefined ? (
                    whySentence(e.text)
                  ) : (
                    <span className="muted">no reason given</span>
                  )}
                </td>
                <td role="cell" className="esc-risk" data-label="Risk now">
                  {c ? <RiskMeter risk={c.risk} /> : null}
                </td>
                <td role="cell" className="esc-status">
                  {waiting ? (
                    <Badge tone="bad">waiting</Badge>
                  ) : e.status === "offered" || e.status === "withdrawn" ? (
                    <Badge>conversation closed</Badge>
                  ) : (
                    <Badge tone={e.status === "declined" ? undefined : "ok"}>{statusWords(e)}</Badge>
                  )}
                </td>
                <td role="cell" className="esc-act">
                  {waiting ? (
                    <button
                      type="button"
                      className="btn small primary"
                      disabled={busy}
                      aria-label={`I’m on it: ${c?.customerName ?? "conversation"}`}
                      onClick={() => {
                        pressed.current = e.id;
                        onAcknowledge(e.id);
                      }}
                    >
                      I’m on it
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * What became of an escalation no longer waiting, as a person would say it: "Taken on by Lee",
 * "Resolved" (the bare status words "accepted" and "done" read like a database's).
 */
export function statusWords(e: Pick<Intervention, "status" | "toName">): string {
  const who = e.toName?.trim().split(/\s+/)[0];
  switch (e.status) {
    case "accepted":
      return who ? `Taken on by ${who}` : "Taken on";
    case "done":
      return "Resolved";
    case "declined":
      return who ? `Turned down by ${who}` : "Turned down";
    case "offered":
    case "withdrawn":
      return "Conversation closed";
  }
}

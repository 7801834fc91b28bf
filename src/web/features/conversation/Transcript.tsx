import { Fragment, useEffect, useRef } from "react";
import type { Message } from "../../../protocol/resources.ts";
import { formatClock, humanize } from "../../lib/format.ts";
import { segmentText, type Highlight } from "./evidence.ts";

/**
 * One message's text with its evidence spans marked; each mark says what it is evidence of: in its
 * tooltip for a pointer, and read out after it for a screen reader ("already told you (repetition)"),
 * which says nothing of a mark and cannot open a tooltip. What went well is told apart from what went
 * wrong by its underline too (double, dashed: theme.css), not by colour alone.
 */
export function HighlightedText({
  text,
  spans,
  showKinds = false,
}: {
  text: string;
  spans: readonly Highlight[];
  /**
   * Say what each mark is evidence of on screen too, after it (an alert's few quoted lines, where
   * that is the point): a keyboard cannot open the tooltip.
   */
  showKinds?: boolean;
}) {
  return (
    <>
      {segmentText(text, spans).map((seg, i) =>
        seg.highlight === null ? (
          <span key={i}>{seg.text}</span>
        ) : (
          <Fragment key={i}>
            <mark
              className={`ev ${seg.highlight.polarity}`}
              title={humanize(seg.highlight.kind)}
              data-kind={seg.highlight.kind}
            >
              {seg.text}
            </mark>
            <span className={showKinds ? "ev-kind" : "visually-hidden"}>
              {` (${humanize(seg.highlight.kind)}${seg.highlight.polarity === "good" ? ", done well" : ""})`}
            </span>
          </Fragment>
        ),
      )}
    </>
  );
}

/**
 * Where a reply that goes out through Chatwoot or the helpdesk's webhook stands: it can fail, so
 * the teammate who sent it sees whether the customer's side has it. Null for every other line.
 */
export function deliveryText(m: Message): string | null {
  const d = m.delivery;
  if (d === null || d === undefined) return null;
  const where = d.via === "chatwoot" ? "Chatwoot" : "your helpdesk";
  if (d.state === "sent") return `Sent to ${where}`;
  if (d.state === "waiting") return `Waiting to reach ${where}…`;
  return `Not sent: ${where} did not take it. The customer has not seen this reply; answer in ${where}.`;
}

function speaker(m: Message): string {
  if (m.kind === "whisper") return `Whisper from ${m.authorName ?? "a teammate"} · only the agent sees this`;
  if (m.kind === "note") return `Note by ${m.authorName ?? "a teammate"} · internal`;
  if (m.kind === "signal") return `Signal from ${m.authorName ?? "a teammate"} · only the agent sees this`;
  if (m.role === "customer") return m.authorName ?? "Customer";
  if (m.role === "system") return "System";
  return m.authorName ?? "Agent";
}

/**
 * The transcript, oldest first, scrolled to the newest message. Customer messages sit left, team
 * replies right; whispers and notes are styled as private so nobody mistakes them for replies.
 */
export function Transcript({
  messages,
  highlights,
}: {
  messages: readonly Message[];
  highlights?: ReadonlyMap<number, Highlight[]>;
}) {
  const log = useRef<HTMLDivElement>(null);
  // Its own box only: scrolling the newest line into view scrolled the window too, so on a phone or
  // at 200 % zoom the page opened scrolled past its heading and the conversation's header, and each
  // new line yanked a lead writing a whisper below back up to the transcript.
  useEffect(() => {
    const box = log.current;
    if (box !== null) box.scrollTop = box.scrollHeight;
  }, [messages.length]);
  return (
    // It scrolls once a conversation is long: focusable, so the keyboard can scroll it too.
    <div ref={log} className="transcript" role="log" aria-label="Transcript" aria-live="polite" tabIndex={0}>
      {messages.map((m) => {
        const privateMsg = m.kind !== "message";
        const cls = privateMsg ? "private" : m.role;
        return (
          <div key={m.id} className={`msg ${cls}`} data-kind={m.kind} data-index={m.index}>
            <div className="meta">
              {speaker(m)} · {formatClock(m.at)}
            </div>
            <div className="bubble">
              <HighlightedText text={m.text} spans={highlights?.get(m.index) ?? []} />
            </div>
            {deliveryText(m) !== null ? (
              <div className={`delivery ${m.delivery?.state ?? ""}`} data-delivery={m.delivery?.state}>
                {deliveryText(m)}
              </div>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

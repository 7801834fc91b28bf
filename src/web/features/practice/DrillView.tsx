import { useEffect, useRef, useState } from "react";
import type { PracticeReading, PracticeSession } from "../../../protocol/practice.ts";
import { formatWhen, humanize } from "../../lib/format.ts";
import { Badge, type Tone } from "../../ui/Badge.tsx";
import { HighlightedText } from "../conversation/Transcript.tsx";
import { useFeedbackCheck } from "../feedback/api.ts";

export const STATUS_LABEL: Record<PracticeSession["status"], string> = {
  active: "in progress",
  satisfied: "customer satisfied",
  walked_away: "customer walked away",
  max_turns: "out of turns",
  ended: "ended by the trainee",
  abandoned: "abandoned",
};
export const STATUS_TONE: Record<PracticeSession["status"], Tone> = {
  active: "info",
  satisfied: "ok",
  walked_away: "bad",
  max_turns: "warn",
  ended: "neutral",
  abandoned: "neutral",
};
const LANDING: Record<PracticeReading["landing"], { label: string; tone: Tone }> = {
  calmed: { label: "Landed: the customer calms", tone: "ok" },
  neutral: { label: "Neutral: the customer presses on", tone: "warn" },
  escalated: { label: "Missed: the customer escalates", tone: "bad" },
};

/** How tagteam read one reply: the landing, why, and each cue with its words. */
function ReadingNote({ reading }: { reading: PracticeReading }) {
  const landing = LANDING[reading.landing];
  // One chip per kind of cue, its words all in the title ("I'm not sure" and "maybe" are one hedging).
  const chips = new Map<string, { kind: string; polarity: string; words: string[] }>();
  for (const c of [...reading.good, ...reading.bad]) {
    const key = `${c.polarity}:${c.kind}`;
    const chip = chips.get(key) ?? { kind: c.kind, polarity: c.polarity, words: [] };
    chip.words.push(`“${c.text}”`);
    chips.set(key, chip);
  }
  return (
    <div className="small stack" style={{ gap: 4, marginTop: 4 }} data-landing={reading.landing}>
      <div className="row">
        <Badge tone={landing.tone}>{landing.label}</Badge>
        <span className="muted">{reading.why}</span>
      </div>
      {reading.good.length + reading.bad.length > 0 ? (
        <ul
          className="row"
          aria-label="What tagteam found in this reply"
          style={{ margin: 0, padding: 0, listStyle: "none" }}
        >
          {[...chips].map(([key, c]) => (
            <li key={key}>
              <Badge tone={c.polarity === "good" ? "ok" : "bad"} title={c.words.join(", ")}>
                {c.polarity === "good" ? "+" : "−"} {humanize(c.kind)}
                {c.words.length > 1 ? ` ×${c.words.length}` : ""}
              </Badge>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Who said a line, from the reader's seat. */
function speakerOf(session: PracticeSession, t: PracticeSession["turns"][number]): string {
  if (t.role === "customer") {
    if (session.mode === "solo") return t.real ? "Customer (their real words, anonymised)" : "Customer";
    return session.myRole === "customer"
      ? "You, as the customer"
      : `${session.customerPlayerName ?? "A teammate"}, as the customer`;
  }
  return session.myRole === "agent" ? "You" : (session.traineeName ?? "The trainee");
}

/** The drill's transcript: the simulated customer left, the trainee's replies right with their reading. */
function DrillTranscript({ session }: { session: PracticeSession }) {
  const log = useRef<HTMLDivElement>(null);
  // Its own box only, not the window (see conversation/Transcript.tsx).
  useEffect(() => {
    const box = log.current;
    if (box !== null) box.scrollTop = box.scrollHeight;
  }, [session.turns.length]);
  return (
    <div
      ref={log}
      className="transcript"
      role="log"
      aria-label="Drill transcript"
      aria-live="polite"
      tabIndex={0}
    >
      {session.turns.map((t, i) => (
        <div key={i} className={`msg ${t.role}`} data-role={t.role}>
          <div className="meta">{speakerOf(session, t)}</div>
          <div className="bubble">
            <HighlightedText
              text={t.text}
              spans={
                t.reading === null ? [] : [...t.reading.good, ...t.reading.bad].filter((c) => c.end > c.start)
              }
            />
          </div>
          {t.reading !== null ? <ReadingNote reading={t.reading} /> : null}
        </div>
      ))}
    </div>
  );
}

/** The summary once a drill is over: the QA items that applied and how the replies landed. */
function ScoreSummary({ session }: { session: PracticeSession }) {
  const score = session.score;
  if (score === null) return null;
  return (
    <section className="stack" aria-label="Drill score">
      <div className="row">
        <strong>Score</strong>
        <span className="mono">{score.overall === null ? "—" : `${score.overall.toFixed(1)} / 4`}</span>
        <Badge tone="ok">{score.landings.calmed} landed</Badge>
        <Badge tone="warn">{score.landings.neutral} neutral</Badge>
        <Badge tone="bad">{score.landings.escalated} missed</Badge>
      </div>
      <table className="table" aria-label="Scorecard items">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Score</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {score.items
            .filter((i) => i.applicable)
            .map((i) => (
              <tr key={i.item}>
                <th scope="row">{humanize(i.item)}</th>
                <td className="mono">{i.score}</td>
                <td className="small">{i.note}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}

/** A lead's comment form, checked as they type by the feedback composer's checker. */
function ReviewForm({ onSave, busy }: { onSave: (comment: string) => void; busy: boolean }) {
  const [text, setText] = useState("");
  const check = useFeedbackCheck(text);
  const judgements =
    text.trim().length > 0 ? (check.data?.issues ?? []).filter((i) => i.kind === "judgement_of_person") : [];
  return (
    <form
      className="stack"
      aria-label="Comment on this drill"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(text);
      }}
    >
      <label className="field">
        <span>
          Your comment (the trainee reads it): a behaviour, its effect on the customer, a suggestion
        </span>
        <textarea
          className="textarea"
          rows={3}
          maxLength={2000}
          value={text}
          placeholder="When you…, the customer… Next time, try…"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div aria-live="polite">
        {judgements.map((f, i) => (
          <div key={i} className="row small">
            <Badge tone="bad">Judges the person</Badge>
            <span>{f.message}</span>
          </div>
        ))}
        {judgements.length > 0 && check.data?.rewrite ? (
          <div className="suggestion small" role="region" aria-label="Suggested rewrite">
            Try it about the behaviour: {check.data.rewrite}
          </div>
        ) : null}
      </div>
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy || text.trim() === ""}>
          {busy ? "Saving…" : "Save comment"}
        </button>
      </div>
    </form>
  );
}

/** For the teammate playing the customer: the persona, the line the simulation would say, the real lines. */
function CustomerPrompts({
  session,
  onUse,
}: {
  session: PracticeSession;
  onUse: ((text: string) => void) | null;
}) {
  const prompts = session.prompts;
  if (prompts === null) return null;
  return (
    <section className="suggestion stack" aria-label="Prompts for the customer" style={{ gap: 6 }}>
      {session.myRole === "reviewer" ? (
        // A lead watching: what steers the customer's player, not an instruction to them.
        <div className="small">
          {session.customerPlayerName ?? "A teammate"} plays the customer: <strong>{session.persona}</strong>,
          with these prompts.
        </div>
      ) : (
        <div className="small">
          You play the customer: <strong>{session.persona}</strong>. Stay in character; react to how the reply
          landed.
        </div>
      )}
      {prompts.suggestion !== null ? (
        <div className="row small">
          <span className="grow">
            <span className="muted">tagteam’s customer would say:</span> “{prompts.suggestion}”
          </span>
          {onUse !== null ? (
            <button type="button" className="btn small" onClick={() => onUse(prompts.suggestion ?? "")}>
              Use it
            </button>
          ) : null}
        </div>
      ) : null}
      <details className="small">
        <summary>The real customer’s lines (anonymised)</summary>
        <ol>
          {prompts.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ol>
      </details>
    </section>
  );
}

/** One drill: the conversation with the simulated customer, the reply box, the score and the review. */
export function DrillView({
  session,
  busy,
  onReply,
  onEnd,
  onReview,
  onSwap,
}: {
  session: PracticeSession;
  busy: boolean;
  onReply: (text: string) => Promise<unknown>;
  onEnd: (outcome?: "satisfied" | "walked_away") => void;
  onReview: (comment: string) => void;
  /** A player of a finished pair drill plays it again with the parts swapped. */
  onSwap?: () => void;
}) {
  const [draft, setDraft] = useState("");
  const pair = session.mode === "pair";
  const asCustomer = session.myRole === "customer";
  const partner = asCustomer ? session.traineeName : session.customerPlayerName;
  const send = () => {
    const text = draft.trim();
    if (text === "" || busy) return;
    void onReply(text).then(() => setDraft(""));
  };
  return (
    <div className="stack">
      <div className="row">
        <Badge tone={STATUS_TONE[session.status]}>{STATUS_LABEL[session.status]}</Badge>
        <span className="small muted">
          {session.traineeName ?? "Trainee"} · reply {Math.min(session.repliesUsed, session.maxReplies)} of{" "}
          {session.maxReplies} · started {formatWhen(session.createdAt)}
        </span>
      </div>
      {pair ? (
        <p className="small" style={{ margin: 0 }}>
          Pair drill: <strong>{session.traineeName ?? "a teammate"}</strong> plays the agent,{" "}
          <strong>{session.customerPlayerName ?? "a teammate"}</strong> the customer.
        </p>
      ) : null}
      {session.myRole !== "customer" ? (
        <p className="small" style={{ margin: 0 }}>
          <strong>The customer:</strong> {session.persona}
        </p>
      ) : null}
      {session.status === "active" ? (
        <CustomerPrompts session={session} onUse={session.canReply ? setDraft : null} />
      ) : null}
      <DrillTranscript session={session} />
      {session.status === "abandoned" ? (
        <div className="notice" role="status">
          Nobody wrote in this drill for a day, so it was closed as abandoned. It has no score and does not
          count as a finished drill. Start the scenario again to practise it.
        </div>
      ) : null}
      {pair && session.status === "active" && !session.canReply && session.myRole !== "reviewer" ? (
        <div className="notice" role="status">
          Waiting for {partner ?? "your partner"}’s line…
        </div>
      ) : null}
      {session.canReply ? (
        <form
          className="composer"
          aria-label={asCustomer ? "Write the customer's line" : "Your reply"}
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <textarea
            className="textarea"
            rows={3}
            maxLength={2000}
            aria-label={asCustomer ? "Your line as the customer" : "Your reply to the customer"}
            aria-describedby="drill-reply-hint"
            value={draft}
            placeholder={asCustomer ? "Say what the customer says…" : "Reply as you would to the customer…"}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                send();
              }
            }}
          />
          <span id="drill-reply-hint" className="visually-hidden">
            Enter sends; Shift+Enter starts a new line.
          </span>
          <div className="stack" style={{ gap: 6 }}>
            <button type="submit" className="btn primary" disabled={busy || draft.trim() === ""}>
              Send
            </button>
            {!pair ? (
              <button type="button" className="btn" disabled={busy} onClick={() => onEnd()}>
                End drill
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {pair && session.canEnd ? (
        <div className="row" role="group" aria-label="End the drill">
          {asCustomer ? (
            <>
              <button type="button" className="btn small" disabled={busy} onClick={() => onEnd("satisfied")}>
                Customer is satisfied
              </button>
              <button
                type="button"
                className="btn small"
                disabled={busy}
                onClick={() => onEnd("walked_away")}
              >
                Customer walks away
              </button>
            </>
          ) : null}
          <button type="button" className="btn small" disabled={busy} onClick={() => onEnd()}>
            End drill
          </button>
        </div>
      ) : null}
      {pair && session.status !== "active" && session.myRole !== "reviewer" && onSwap !== undefined ? (
        <div className="row">
          <button type="button" className="btn small primary" disabled={busy} onClick={onSwap}>
            Swap roles and play again
          </button>
        </div>
      ) : null}
      <ScoreSummary session={session} />
      {session.review !== null ? (
        <section className="stack" aria-label="Lead's comment">
          <div className="small muted">
            Comment from {session.review.reviewerName ?? "a lead"} · {formatWhen(session.review.reviewedAt)}
          </div>
          <p style={{ margin: 0 }}>{session.review.comment}</p>
        </section>
      ) : null}
      {session.canReview && session.status !== "active" ? <ReviewForm onSave={onReview} busy={busy} /> : null}
    </div>
  );
}

import { useId, useState } from "react";
import {
  PULSE_ANONYMITY_PROMISE,
  PULSE_COMMENT_MAX,
  PULSE_SCALE_HINT,
  type PulsePrompt as Prompt,
} from "../../../protocol/pulses.ts";
import { formatWhen } from "../../lib/format.ts";
import { useAnswerPulse, useMyPulses } from "./api.ts";
import "./pulses.css";

const SCORES = Array.from({ length: 11 }, (_, i) => i);
/** Pulses put aside with "Not now" stay hidden for the rest of this browser session. */
const DISMISSED_KEY = "tagteam.pulses.notNow";

function readDismissed(): string[] {
  try {
    const value: unknown = JSON.parse(window.sessionStorage.getItem(DISMISSED_KEY) ?? "[]");
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/**
 * The employee pulse, asked in the app's frame: the open pulse of my team I have not answered yet.
 * It appears live when a lead opens one and leaves when it closes, early or at its time: both send
 * `pulse.closed` to the team's room, which refetches this (realtime/invalidation.ts), as does a
 * reconnect after a missed event, so no clock runs here. "Not now" puts it aside for this session;
 * it comes back on the next one until answered or closed.
 */
export function PulsePrompts() {
  const mine = useMyPulses();
  const [dismissed, setDismissed] = useState<string[]>(readDismissed);
  const [thanked, setThanked] = useState<string | null>(null);
  const waiting = (mine.data?.pulses ?? []).filter((p) => !dismissed.includes(p.id));
  const first = waiting[0];
  if (thanked !== null && first === undefined)
    return (
      <div className="pulse-prompt pulse-thanks" role="status">
        Thank you: your answer is in, without your name.{" "}
        <button type="button" className="btn small ghost" onClick={() => setThanked(null)}>
          Close
        </button>
      </div>
    );
  if (first === undefined) return null;
  const dismiss = () => {
    const next = [...dismissed, first.id];
    setDismissed(next);
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
    } catch {
      // Private mode without storage: hidden until the page is reloaded.
    }
  };
  return (
    <PulsePromptCard key={first.id} pulse={first} now={Date.now()} onDismiss={dismiss} onSent={setThanked} />
  );
}

export function PulsePromptCard({
  pulse,
  now,
  onDismiss,
  onSent,
}: {
  pulse: Prompt;
  now: number;
  onDismiss: () => void;
  onSent: (id: string) => void;
}) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const answer = useAnswerPulse();
  const id = useId();
  const headingId = `${id}-heading`;
  const hintId = `${id}-hint`;
  const promiseId = `${id}-promise`;
  const commentId = `${id}-comment`;
  return (
    <section className="pulse-prompt" aria-labelledby={headingId} data-pulse-id={pulse.id}>
      <div className="pulse-prompt-head">
        <h2 id={headingId}>A quick, anonymous question from {pulse.team.name}</h2>
        <button type="button" className="btn small ghost" onClick={onDismiss}>
          Not now
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (score === null) {
            setMissing(true);
            return;
          }
          const text = comment.trim();
          answer.mutate(
            { id: pulse.id, body: text === "" ? { score } : { score, comment: text } },
            { onSuccess: () => onSent(pulse.id) },
          );
        }}
      >
        <fieldset className="pulse-scale" aria-describedby={`${hintId} ${promiseId}`}>
          <legend>{pulse.question}</legend>
          <p id={hintId} className="small muted pulse-scale-hint">
            {PULSE_SCALE_HINT}
          </p>
          <div className="pulse-scale-options">
            {SCORES.map((s) => (
              <label key={s} className="pulse-score">
                <input
                  type="radio"
                  name={`${id}-score`}
                  value={s}
                  checked={score === s}
                  onChange={() => {
                    setScore(s);
                    setMissing(false);
                  }}
                  aria-label={
                    s === 0 ? "0, not at all likely" : s === 10 ? "10, extremely likely" : String(s)
                  }
                />
                <span aria-hidden="true">{s}</span>
              </label>
            ))}
          </div>
          {missing ? (
            <p className="field-error" role="alert">
              Choose a number from 0 to 10 first.
            </p>
          ) : null}
        </fieldset>
        <label className="field pulse-comment" htmlFor={commentId}>
          <span>{pulse.commentPrompt} (optional)</span>
          <textarea
            id={commentId}
            className="input"
            rows={2}
            maxLength={PULSE_COMMENT_MAX}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </label>
        <p id={promiseId} className="small pulse-promise">
          {PULSE_ANONYMITY_PROMISE}
        </p>
        <div className="pulse-prompt-foot">
          <button type="submit" className="btn primary" disabled={answer.isPending}>
            Send
          </button>
          <span className="small muted">Open until {formatWhen(pulse.closesAt, now)}</span>
        </div>
        {answer.isError ? (
          <p className="notice error" role="alert">
            {answer.error.message}
          </p>
        ) : null}
      </form>
    </section>
  );
}

import { useEffect, useRef, useState, type RefObject } from "react";

/**
 * Moves the focus between a button and the question it opens: to the question's safe answer when it
 * opens, and back to the button when it closes unanswered. The button that was pressed leaves the
 * page, and the focus fell to its body: a screen reader did not read the question, and Tab started
 * over from wherever the browser guessed.
 */
function useFocusSwap(
  asking: boolean,
  opener: RefObject<HTMLButtonElement | null>,
  safeAnswer: RefObject<HTMLButtonElement | null>,
): void {
  const shown = useRef(asking);
  useEffect(() => {
    if (shown.current === asking) return;
    shown.current = asking;
    const active = document.activeElement;
    // Only when the focus went with the pressed button (a pointer may have moved it elsewhere).
    if (active !== null && active !== document.body && active.isConnected) return;
    (asking ? safeAnswer : opener).current?.focus();
  }, [asking, opener, safeAnswer]);
}

/**
 * Closing a conversation from the app (its agent or a lead): asked once, since it ends the chat
 * for the customer too; their next message reopens it. The keyboard focus goes to "Keep it open",
 * and back to the button if kept open.
 */
export function CloseConversationButton({
  busy,
  onClose,
}: {
  busy: boolean;
  onClose: () => Promise<boolean>;
}) {
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  useFocusSwap(asking, opener, keep);
  if (!asking)
    return (
      <button ref={opener} type="button" className="btn" disabled={busy} onClick={() => setAsking(true)}>
        Close conversation
      </button>
    );
  return (
    <span className="row" role="group" aria-label="Close this conversation?" style={{ gap: 6 }}>
      <span className="small">Close it? Their next message reopens it.</span>
      <button
        type="button"
        className="btn primary"
        disabled={busy}
        onClick={() => void onClose().then((ok) => ok && setAsking(false))}
      >
        Close it
      </button>
      <button ref={keep} type="button" className="btn ghost" onClick={() => setAsking(false)}>
        Keep it open
      </button>
    </span>
  );
}

/**
 * Erasing a conversation (admins): everything recorded about it goes, for good, e.g. when the
 * customer asks. Asked first, naming what goes; the keyboard focus goes to "Cancel".
 */
export function EraseConversationButton({
  customer,
  busy,
  onErase,
}: {
  customer: string;
  busy: boolean;
  onErase: () => Promise<boolean>;
}) {
  const [asking, setAsking] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  useFocusSwap(asking, opener, cancel);
  if (!asking)
    return (
      <button
        ref={opener}
        type="button"
        className="btn ghost"
        disabled={busy}
        onClick={() => setAsking(true)}
      >
        Erase conversation…
      </button>
    );
  return (
    <div className="stack" role="group" aria-label="Erase this conversation?" style={{ gap: 8 }}>
      <span className="small">
        Erase the conversation with {customer} and everything recorded about it: transcript, analyses, alerts,
        step-ins, scorecard, debriefs and follow-ups. This cannot be undone; the audit log keeps only that it
        was erased, by whom and when.
      </span>
      <span className="row" style={{ gap: 6 }}>
        <button
          type="button"
          className="btn danger"
          disabled={busy}
          onClick={() => void onErase().then((ok) => ok && setAsking(false))}
        >
          Erase it for good
        </button>
        <button ref={cancel} type="button" className="btn ghost" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    </div>
  );
}

import { useState } from "react";

/**
 * Closing a conversation from the app (its agent or a lead): asked once, since it ends the chat
 * for the customer too; their next message reopens it.
 */
export function CloseConversationButton({
  busy,
  onClose,
}: {
  busy: boolean;
  onClose: () => Promise<boolean>;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="btn" disabled={busy} onClick={() => setAsking(true)}>
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
      <button type="button" className="btn ghost" onClick={() => setAsking(false)}>
        Keep it open
      </button>
    </span>
  );
}

/**
 * Erasing a conversation (admins): everything recorded about it goes, for good, e.g. when the
 * customer asks. Asked first, naming what goes.
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
  if (!asking)
    return (
      <button type="button" className="btn ghost" disabled={busy} onClick={() => setAsking(true)}>
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
        <button type="button" className="btn ghost" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    </div>
  );
}

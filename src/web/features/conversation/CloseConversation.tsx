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

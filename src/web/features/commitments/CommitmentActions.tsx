import { useState } from "react";
import type { CloseStatus } from "./api.ts";

/**
 * Closing a promise to a customer: "Done" when it was kept, and, secondary and asked once,
 * "Cancel" when it is no longer needed (the customer sorted it out, the order was cancelled).
 * `what` names the promise for screen readers ("the tracking link for Rosa Diaz").
 */
export function CommitmentActions({
  what,
  busy,
  onClose,
  cancellable = true,
}: {
  what: string;
  busy: boolean;
  onClose: (status: CloseStatus) => void;
  cancellable?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (asking)
    return (
      <span className="row commitment-actions" role="group" aria-label={`Cancel ${what}?`} style={{ gap: 6 }}>
        <span className="small muted">No longer needed?</span>
        <button
          type="button"
          className="btn small danger"
          disabled={busy}
          onClick={() => {
            setAsking(false);
            onClose("cancelled");
          }}
        >
          Cancel it
        </button>
        <button type="button" className="btn small ghost" onClick={() => setAsking(false)}>
          Keep it
        </button>
      </span>
    );
  return (
    <span className="row commitment-actions" style={{ gap: 6 }}>
      <button
        type="button"
        className="btn small primary"
        disabled={busy}
        aria-label={`Done: ${what}`}
        title="Mark it done: you kept this promise"
        onClick={() => onClose("done")}
      >
        Done
      </button>
      {cancellable ? (
        <button
          type="button"
          className="btn small ghost"
          disabled={busy}
          aria-label={`Cancel: ${what}`}
          title="No longer needed"
          onClick={() => setAsking(true)}
        >
          Cancel…
        </button>
      ) : null}
    </span>
  );
}

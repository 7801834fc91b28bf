import type { Intervention } from "../../../protocol/resources.ts";

/**
 * A teammate offers to take over: the agent decides. Declining is a normal answer — the
 * conversation stays theirs and tagteam keeps watching.
 */
export function ConsentPrompt({
  offer,
  onAnswer,
  busy,
}: {
  offer: Intervention;
  onAnswer: (accept: boolean) => void;
  busy: boolean;
}) {
  return (
    <div
      className="consent"
      role="alertdialog"
      aria-labelledby={`offer-${offer.id}`}
      aria-describedby={`offer-${offer.id}-text`}
    >
      <h2 id={`offer-${offer.id}`}>{offer.fromName ?? "A teammate"} offers to take over this conversation</h2>
      <p id={`offer-${offer.id}-text`} className="small" style={{ margin: "4px 0 10px" }}>
        {offer.text ? `“${offer.text}” — ` : ""}Only you see this. If you accept, they continue with the
        customer and get the conversation so far; if you decline, it stays with you.
      </p>
      <div className="row">
        <button type="button" className="btn primary" disabled={busy} onClick={() => onAnswer(true)}>
          Accept help
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => onAnswer(false)}>
          Decline, I’ve got it
        </button>
      </div>
    </div>
  );
}

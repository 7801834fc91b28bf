import type { FeedbackCheckResult } from "../../../protocol/index.ts";
import { Badge } from "../../ui/Badge.tsx";

const FLAG_LABEL: Record<FeedbackCheckResult["issues"][number]["kind"], string> = {
  judgement_of_person: "Judges the person",
  vague_praise: "Vague praise",
  vague_criticism: "Vague criticism",
  no_behaviour: "No behaviour named",
  no_effect: "No effect on the customer",
  no_suggestion: "No suggestion",
  absolute_language: "Always / never",
  sarcasm: "Sarcasm",
};

/**
 * The feedback composer: the writer picks a teammate and types; tagteam flags judgements of the
 * person and vague praise or criticism as they go, shows which of behaviour → effect → suggestion
 * it found, and offers a behaviour-specific rewrite the writer can take and finish.
 */
export function FeedbackComposer({
  teammates,
  receiverId,
  onReceiver,
  text,
  onText,
  check,
  checking,
  onSend,
  busy,
  error,
}: {
  teammates: readonly { id: string; name: string }[];
  receiverId: string;
  onReceiver: (id: string) => void;
  text: string;
  onText: (text: string) => void;
  check: FeedbackCheckResult | undefined;
  checking: boolean;
  onSend: () => void;
  busy: boolean;
  error: string | null;
}) {
  const flags = text.trim().length > 0 ? (check?.issues ?? []) : [];
  const parts = check?.parts;
  return (
    <form
      className="stack"
      aria-label="Write feedback"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      <label className="field">
        <span>To</span>
        <select className="select" value={receiverId} onChange={(e) => onReceiver(e.target.value)}>
          <option value="">Choose a teammate…</option>
          {teammates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Feedback (private: only you and them can read it)</span>
        <textarea
          className="textarea"
          rows={4}
          value={text}
          maxLength={4000}
          placeholder="When you…, the customer… Next time, you could…"
          onChange={(e) => onText(e.target.value)}
        />
      </label>
      <div aria-live="polite" className="stack" style={{ gap: 8 }}>
        {text.trim().length === 0 ? null : flags.length === 0 && check !== undefined && !checking ? (
          <div className="notice ok" role="status">
            Specific and useful: a behaviour, its effect and a way forward.
          </div>
        ) : (
          <ul
            className="stack"
            aria-label="What to improve"
            style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}
          >
            {flags.map((f, i) => (
              <li key={`${f.kind}-${i}`} className="row">
                <Badge tone={f.kind === "judgement_of_person" || f.kind === "sarcasm" ? "bad" : "warn"}>
                  {FLAG_LABEL[f.kind]}
                </Badge>
                <span className="small">{f.message}</span>
              </li>
            ))}
          </ul>
        )}
        {parts !== undefined && text.trim().length > 0 ? (
          <ul
            className="row small"
            aria-label="What the feedback contains"
            style={{ margin: 0, paddingLeft: 0, listStyle: "none" }}
          >
            <PartBadge present={Boolean(parts.behaviour)}>Behaviour</PartBadge>
            <PartBadge present={Boolean(parts.effect)}>Effect on the customer</PartBadge>
            <PartBadge present={Boolean(parts.suggestion)}>Suggestion</PartBadge>
          </ul>
        ) : null}
        {check?.rewrite && flags.length > 0 ? (
          <div className="suggestion" role="region" aria-label="Suggested rewrite">
            <div className="small muted">Try it about the behaviour (fill in the [brackets]):</div>
            <p style={{ margin: "4px 0 8px" }}>{check.rewrite}</p>
            <button type="button" className="btn small" onClick={() => onText(check.rewrite ?? text)}>
              Use this rewrite
            </button>
          </div>
        ) : null}
      </div>
      {error !== null ? (
        <div className="notice error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="row">
        <button
          type="submit"
          className="btn primary"
          disabled={busy || receiverId === "" || text.trim() === ""}
        >
          {busy ? "Sending…" : "Send privately"}
        </button>
        {checking ? <span className="muted small">Checking…</span> : null}
      </div>
    </form>
  );
}

/** One part good feedback has, ticked or not; the tick is said in words to a screen reader. */
function PartBadge({ present, children }: { present: boolean; children: string }) {
  return (
    <li>
      <Badge tone={present ? "ok" : "neutral"}>
        <span aria-hidden="true">{present ? "✓" : "○"}</span> {children}
        <span className="visually-hidden">{present ? ": present" : ": missing"}</span>
      </Badge>
    </li>
  );
}

import type { Alert, ConversationDetail, KnowledgeFact } from "../../../protocol/resources.ts";
import { REASON_LABEL, RUNG_LABEL, humanize, whySentence } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";

/** What the engine currently suggests for a conversation: from its open alert, else its latest analysis. */
export interface Suggestion {
  rung: Alert["rung"];
  reasons: Alert["reasons"];
  sentence: string | null;
  factId: string | null;
  why: string;
  escalate: boolean;
  alertId: string | null;
}

const OPEN_ALERT: ReadonlySet<Alert["status"]> = new Set(["raised", "acknowledged", "acted_on"]);

/** Picks the suggestion to show: the newest open alert wins over the newest raised analysis. */
export function pickSuggestion(detail: Pick<ConversationDetail, "alerts" | "messages">): Suggestion | null {
  const alert = [...detail.alerts]
    .filter((a) => OPEN_ALERT.has(a.status))
    .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt))[0];
  if (alert !== undefined)
    return {
      rung: alert.rung,
      reasons: alert.reasons,
      sentence: alert.suggestion,
      factId: alert.factId,
      why: alert.why,
      escalate: alert.escalate,
      alertId: alert.id,
    };
  for (let i = detail.messages.length - 1; i >= 0; i--) {
    const s = detail.messages[i]?.analysis?.stepIn;
    if (s?.raise)
      return {
        rung: s.rung,
        reasons: s.reasons,
        sentence: s.suggestion,
        factId: s.factId,
        why: s.why,
        escalate: s.escalate,
        alertId: null,
      };
  }
  return null;
}

/** Root cause, the suggested rung and sentence, and the knowledge-base fact it cites. */
export function SuggestionCard({
  suggestion,
  rootCauses,
  facts,
  closed = false,
}: {
  suggestion: Suggestion | null;
  rootCauses: ConversationDetail["rootCauses"];
  facts: readonly KnowledgeFact[];
  /** The conversation has ended: nothing is left to step into. */
  closed?: boolean;
}) {
  const top = rootCauses[0];
  const fact = suggestion?.factId ? facts.find((f) => f.id === suggestion.factId) : undefined;
  return (
    <div className="stack">
      <div>
        <h3>Likely root cause</h3>
        {top ? (
          <p style={{ marginTop: 4 }}>
            <strong style={{ textTransform: "capitalize" }}>{humanize(top.cause)}</strong>{" "}
            <span className="muted small">({Math.round(top.confidence * 100)}% confidence)</span>
            {rootCauses.length > 1 ? (
              <span className="muted small">
                {" "}
                · also{" "}
                {rootCauses
                  .slice(1, 3)
                  .map((r) => humanize(r.cause))
                  .join(", ")}
              </span>
            ) : null}
          </p>
        ) : (
          <p className="muted">No clear cause yet.</p>
        )}
      </div>
      <div>
        <h3>Suggested step</h3>
        {closed ? (
          // A closed conversation kept its last suggestion ("Escalate…") as if it were still to do.
          <p className="muted">
            None: the conversation has ended. Its debriefs and scorecard say how it went.
          </p>
        ) : suggestion === null ? (
          <p className="muted">Keep watching: nothing calls for a step-in yet.</p>
        ) : (
          <div className="stack" style={{ marginTop: 4, gap: 6 }}>
            <div className="row">
              <Badge tone="private">{RUNG_LABEL[suggestion.rung]}</Badge>
              {suggestion.reasons.map((r) => (
                <Badge key={r} tone="warn">
                  {REASON_LABEL[r]}
                </Badge>
              ))}
              {suggestion.escalate ? <Badge tone="bad">Escalation warranted</Badge> : null}
            </div>
            {suggestion.sentence ? <div className="suggestion">{suggestion.sentence}</div> : null}
            <p className="small muted">{whySentence(suggestion.why)}</p>
            {suggestion.factId ? (
              <p className="small">
                <strong>Knowledge base:</strong>{" "}
                {fact ? fact.statement : <span className="mono">{suggestion.factId}</span>}
              </p>
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}

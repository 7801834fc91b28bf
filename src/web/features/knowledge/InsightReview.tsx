import { useState } from "react";
import { Link } from "wouter";
import type { Insight, ReviewInsightBody } from "../../../protocol/index.ts";
import { Badge } from "../../ui/Badge.tsx";
import { parseFactValue, typedValueProblem } from "../admin/KnowledgeAdmin.tsx";

/** A draft insight as a lead reviews it: edit, optionally make it a checked fact (key + value), publish or reject. */
export function InsightReview({
  insight,
  canReview,
  onReview,
  busy,
}: {
  insight: Insight;
  canReview: boolean;
  onReview: (body: ReviewInsightBody) => void;
  busy: boolean;
}) {
  const [text, setText] = useState(insight.text);
  const [key, setKey] = useState(insight.key ?? "");
  const [value, setValue] = useState(insight.value === null ? "" : String(insight.value));
  const [unit, setUnit] = useState(insight.unit ?? "");
  const tone = insight.status === "published" ? "ok" : insight.status === "rejected" ? "neutral" : "warn";
  const editable = canReview && insight.status === "draft";
  const fact = key.trim() !== "" && value.trim() !== "";
  // Told at once, as in Admin → Knowledge: a value no claim could be checked against.
  const problem = fact ? typedValueProblem({ value, unit }) : null;
  const body = (decision: "publish" | "reject"): ReviewInsightBody => ({
    decision,
    text: text.trim(),
    key: key.trim() || null,
    value: value.trim() === "" ? null : parseFactValue(value),
    unit: unit.trim() || null,
  });
  return (
    <article className="stack" style={{ gap: 6 }} aria-label={`Insight (${insight.status})`}>
      <div className="row small">
        <Badge tone={tone}>{insight.status}</Badge>
        {insight.topic ? <span className="muted">{insight.topic}</span> : null}
        {insight.factId ? <Badge tone="info">checked in live conversations</Badge> : null}
        {/* Where it was learnt: a lead checks a draft against the conversation, a reader sees it in context. */}
        {insight.conversationId !== null ? (
          <Link href={`/conversations/${insight.conversationId}`}>From this conversation</Link>
        ) : null}
      </div>
      {editable ? (
        <>
          <textarea
            className="textarea"
            aria-label="Insight text"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <div className="filters">
            {/* Hints read as hints ("e.g. 10"): a bare "10" looked like a value already filled in. */}
            <label className="field">
              <span>Value</span>
              <input
                className="input"
                value={value}
                placeholder="e.g. 10"
                onChange={(e) => setValue(e.target.value)}
              />
            </label>
            <label className="field">
              <span>Unit</span>
              <input
                className="input"
                value={unit}
                placeholder="e.g. percent"
                onChange={(e) => setUnit(e.target.value)}
              />
            </label>
          </div>
          {/* A lead publishing a draft rarely needs a name for the fact: it was a bare "Fact key
              (optional), e.g. restocking_fee" field that said nothing of what it is for. */}
          <details open={key !== ""}>
            <summary className="small">More: a short name for the fact</summary>
            <label className="field" style={{ marginTop: 6 }}>
              <span>Short name (optional)</span>
              <input
                className="input"
                value={key}
                placeholder="e.g. restocking_fee"
                aria-describedby={`fact-key-help-${insight.id}`}
                onChange={(e) => setKey(e.target.value)}
              />
            </label>
            <p className="small muted" id={`fact-key-help-${insight.id}`} style={{ margin: "4px 0 0" }}>
              Words joined by underscores. It helps search find the fact and match the questions agents could
              not answer to it.
            </p>
          </details>
          {problem !== null ? (
            <p className="notice error" role="alert" style={{ margin: 0 }}>
              {problem}
            </p>
          ) : null}
          <div className="row">
            <button
              type="button"
              className="btn primary small"
              disabled={busy || problem !== null}
              onClick={() => onReview(body("publish"))}
            >
              {fact ? "Publish as a checked fact" : "Publish"}
            </button>
            <button
              type="button"
              className="btn small ghost"
              disabled={busy}
              onClick={() => onReview({ decision: "reject" })}
            >
              Reject
            </button>
          </div>
        </>
      ) : (
        <p style={{ margin: 0 }}>{insight.text}</p>
      )}
    </article>
  );
}

import { memo } from "react";
import { Link } from "wouter";
import type { ConversationSummary } from "../../../protocol/resources.ts";
import { CHANNEL_LABEL, EMOTION_TONE, formatDuration, humanize } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { RiskMeter, bandOfRisk } from "../../ui/RiskMeter.tsx";

const MAX_CUES_SHOWN = 3;

const FloorRow = memo(function FloorRow({ c, nowMs }: { c: ConversationSummary; nowMs: number }) {
  const startedMs = Date.parse(c.startedAt);
  return (
    <tr className={bandOfRisk(c.risk) === "high" ? "is-hot" : undefined} data-conversation-id={c.id}>
      <td>
        <RiskMeter risk={c.risk} />
      </td>
      <td>
        <Link href={`/conversations/${c.id}`} className="cell-link">
          {c.customerName ?? "Customer"}
        </Link>
        <div className="small muted">
          {CHANNEL_LABEL[c.channel]}
          {c.topic ? ` · ${c.topic}` : ""}
        </div>
      </td>
      <td>
        {c.customerEmotion ? (
          <Badge tone={EMOTION_TONE[c.customerEmotion]}>
            {c.customerEmotion} {Math.round(c.frustration * 100)}%
          </Badge>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>{c.agentName ?? <span className="muted">unassigned</span>}</td>
      <td>
        <div className="cues">
          {c.activeCues.slice(0, MAX_CUES_SHOWN).map((k) => (
            <Badge key={k} tone="warn">
              {humanize(k)}
            </Badge>
          ))}
          {c.activeCues.length > MAX_CUES_SHOWN ? (
            <span className="small muted">+{c.activeCues.length - MAX_CUES_SHOWN}</span>
          ) : null}
        </div>
      </td>
      <td className="num">{formatDuration(startedMs, nowMs)}</td>
      <td className="num">{c.openAlertCount > 0 ? <Badge tone="bad">{c.openAlertCount}</Badge> : null}</td>
    </tr>
  );
});

/** The team's live conversations, one dense row each, in the order given (highest risk first). */
export function FloorTable({ rows, nowMs }: { rows: readonly ConversationSummary[]; nowMs: number }) {
  if (rows.length === 0) return <EmptyState>No live conversations match these filters.</EmptyState>;
  return (
    <table className="table" aria-label="Live conversations by risk">
      <thead>
        <tr>
          <th scope="col" style={{ width: 100 }}>
            Risk
          </th>
          <th scope="col">Customer</th>
          <th scope="col">Customer state</th>
          <th scope="col">Agent</th>
          <th scope="col">Active cues</th>
          <th scope="col" className="num">
            Running
          </th>
          <th scope="col" className="num">
            Alerts
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <FloorRow key={c.id} c={c} nowMs={nowMs} />
        ))}
      </tbody>
    </table>
  );
}

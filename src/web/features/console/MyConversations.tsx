import { Link } from "wouter";
import type { ConversationSummary } from "../../../protocol/resources.ts";
import { EMOTION_TONE, formatDuration } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { RiskMeter } from "../../ui/RiskMeter.tsx";

/** The conversations I handle; the selected one is marked. */
export function MyConversations({
  rows,
  selectedId,
  nowMs,
}: {
  rows: readonly ConversationSummary[];
  selectedId: string | undefined;
  nowMs: number;
}) {
  if (rows.length === 0) return <EmptyState>No conversations assigned to you.</EmptyState>;
  return (
    <nav aria-label="My conversations">
      {rows.map((c) => (
        <Link
          key={c.id}
          href={`/console/${c.id}`}
          className="list-button"
          aria-current={c.id === selectedId ? "true" : undefined}
        >
          <div className="row" style={{ justifyContent: "space-between" }}>
            <strong>{c.customerName ?? "Customer"}</strong>
            <RiskMeter risk={c.risk} />
          </div>
          <div className="row small muted" style={{ marginTop: 2 }}>
            <span>{c.topic ?? c.channel}</span>
            <span>· {formatDuration(Date.parse(c.startedAt), nowMs)}</span>
            {c.customerEmotion && c.customerEmotion !== "neutral" ? (
              <Badge tone={EMOTION_TONE[c.customerEmotion]}>{c.customerEmotion}</Badge>
            ) : null}
          </div>
        </Link>
      ))}
    </nav>
  );
}

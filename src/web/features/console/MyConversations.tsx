import { Link } from "wouter";
import type { ConversationSummary } from "../../../protocol/resources.ts";
import { EMOTION_TONE, formatDuration } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { RiskMeter } from "../../ui/RiskMeter.tsx";
import { waitingOf, waitsLong, type LongWaits } from "../floor/floorModel.ts";

/** The conversations I handle, then those waiting for an agent; the selected one is marked. */
export function MyConversations({
  rows,
  waiting,
  selectedId,
  nowMs,
  longWaits,
}: {
  rows: readonly ConversationSummary[];
  waiting: readonly ConversationSummary[];
  selectedId: string | undefined;
  nowMs: number;
  /** Each team's long waits (Admin → Thresholds; the defaults for a team not in it). */
  longWaits?: LongWaits;
}) {
  return (
    <nav aria-label="My conversations">
      {rows.length === 0 ? <EmptyState>No conversations assigned to you.</EmptyState> : null}
      {rows.map((c) => (
        <ConversationLink
          key={c.id}
          c={c}
          selected={c.id === selectedId}
          nowMs={nowMs}
          longWaits={longWaits}
        />
      ))}
      {waiting.length > 0 ? (
        <>
          <h3 style={{ padding: "10px 12px 4px" }}>Waiting for an agent</h3>
          {waiting.map((c) => (
            <ConversationLink
              key={c.id}
              c={c}
              selected={c.id === selectedId}
              nowMs={nowMs}
              longWaits={longWaits}
            />
          ))}
        </>
      ) : null}
    </nav>
  );
}

function ConversationLink({
  c,
  selected,
  nowMs,
  longWaits,
}: {
  c: ConversationSummary;
  selected: boolean;
  nowMs: number;
  longWaits: LongWaits | undefined;
}) {
  const waits = waitingOf(c, nowMs);
  return (
    <Link
      key={c.id}
      href={`/console/${c.id}`}
      className="list-button"
      aria-current={selected ? "true" : undefined}
    >
      <div className="row" style={{ justifyContent: "space-between", flexWrap: "nowrap" }}>
        <strong style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
          {c.customerName ?? "Customer"}
        </strong>
        <RiskMeter risk={c.risk} showWord />
      </div>
      <div className="row small muted" style={{ marginTop: 2 }}>
        {/* One line of text, so each "·" has one space either side: as separate items of the row,
            the row's gap stood before each "·" besides the space after it. */}
        <span>
          {c.topic ?? c.channel} · running {formatDuration(Date.parse(c.startedAt), nowMs)}
          {waits !== null ? (
            <>
              {" · "}
              <span
                className={waitsLong(c, waits, longWaits) ? "waiting-long" : undefined}
                title="The customer's last message has no reply yet"
              >
                waits {waits}m
              </span>
            </>
          ) : null}
        </span>
        {c.customerEmotion && c.customerEmotion !== "neutral" ? (
          <Badge tone={EMOTION_TONE[c.customerEmotion]}>{c.customerEmotion}</Badge>
        ) : null}
      </div>
    </Link>
  );
}

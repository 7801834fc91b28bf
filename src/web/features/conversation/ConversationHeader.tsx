import type { ConversationDetail, ConversationSummary } from "../../../protocol/resources.ts";
import {
  CHANNEL_LABEL,
  EMOTION_TONE,
  customerReadingTitle,
  formatDuration,
  formatElapsedMinutes,
  humanize,
} from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { RiskMeter } from "../../ui/RiskMeter.tsx";

/** Why a closed conversation ended, in a few words. */
export function closedLabel(
  c: Pick<ConversationSummary, "closedReason" | "closedAt" | "lastMessageAt">,
): string {
  switch (c.closedReason) {
    case "teammate":
      return "closed by a teammate";
    case "sender":
      return "closed by the helpdesk";
    case "customer":
      return "ended by the customer";
    case "idle":
      return c.closedAt !== null
        ? `closed after ${formatElapsedMinutes(Date.parse(c.lastMessageAt), Date.parse(c.closedAt))} without a message`
        : "closed: no message for a while";
    default:
      return "closed";
  }
}

/**
 * Who handles it: its agent, or for one handed on, the agent whose conversation it is in the
 * history (its scorecard's) and who has it now: "handled by Ana · now with Ben".
 */
export function handlerLabel(
  c: Pick<ConversationSummary, "assigneeId" | "assigneeName"> &
    Partial<Pick<ConversationDetail, "creditedAgentId" | "creditedAgentName">>,
): string {
  const credited = c.creditedAgentId ?? null;
  if (credited === null || credited === c.assigneeId) return `agent ${c.assigneeName ?? "unassigned"}`;
  const handledBy = `handled by ${c.creditedAgentName ?? "a former teammate"}`;
  return c.assigneeId === null
    ? handledBy
    : `${handledBy} · now with ${c.assigneeName ?? "a former teammate"}`;
}

/** Who, what, how it is going: the line at the top of a conversation. */
export function ConversationHeader({
  c,
  nowMs,
}: {
  c: ConversationSummary & Partial<Pick<ConversationDetail, "creditedAgentId" | "creditedAgentName">>;
  nowMs: number;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{c.customerName ?? "Customer"}</h1>
        <p className="sub row" style={{ gap: 6 }}>
          <span>{CHANNEL_LABEL[c.channel]}</span>
          {c.topic ? <span>· {c.topic}</span> : null}
          <span>· {handlerLabel(c)}</span>
          {c.status === "closed" && c.closedAt !== null ? (
            <span>· lasted {formatDuration(Date.parse(c.startedAt), Date.parse(c.closedAt))}</span>
          ) : (
            <span>· running {formatDuration(Date.parse(c.startedAt), nowMs)}</span>
          )}
          {c.status === "closed" ? <Badge>{closedLabel(c)}</Badge> : null}
        </p>
      </div>
      <div className="row">
        {c.customerEmotion ? (
          <Badge
            tone={EMOTION_TONE[c.customerEmotion]}
            title={customerReadingTitle(c.customerEmotion, c.frustration)}
          >
            customer {c.customerEmotion} · frustration {Math.round(c.frustration * 100)}%
          </Badge>
        ) : null}
        {c.activeCues.slice(0, 3).map((k) => (
          <Badge key={k} tone="warn">
            {humanize(k)}
          </Badge>
        ))}
        {/* Beside the frustration figure, the risk says its name on screen: two bare percentages
            in a row read as one measure. */}
        <RiskMeter risk={c.risk} showWord />
      </div>
    </header>
  );
}

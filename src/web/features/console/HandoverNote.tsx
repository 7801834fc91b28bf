import type { Intervention } from "../../../protocol/resources.ts";
import { formatWhen } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { Panel } from "../../ui/Panel.tsx";

/**
 * The handover that brought this conversation to me: a warm transfer to me, or my takeover offer
 * the agent accepted. Its summary (what the customer asked, where it stands, the sender's note) is
 * what lets me carry on without making the customer repeat themself.
 */
export function latestHandover(
  interventions: readonly Intervention[],
  meId: string,
  conversationId: string | undefined,
): Intervention | null {
  if (conversationId === undefined) return null;
  const mine = interventions.filter(
    (i) =>
      i.conversationId === conversationId &&
      i.summary !== null &&
      ((i.kind === "warm_transfer" && i.toId === meId) ||
        (i.kind === "takeover_offer" && i.status === "accepted" && i.fromId === meId)),
  );
  return mine.reduce<Intervention | null>(
    (last, i) => (last === null || i.createdAt > last.createdAt ? i : last),
    null,
  );
}

export function HandoverNote({ handover }: { handover: Intervention }) {
  const how =
    handover.kind === "warm_transfer"
      ? `${handover.fromName ?? "A teammate"} handed this conversation to you`
      : `${handover.toName ?? "The agent"} accepted your offer to take over`;
  return (
    <Panel
      title="Handed over to you"
      labelledBy="handover-title"
      actions={<Badge tone="private">private</Badge>}
    >
      <div className="small muted">
        {how} · {formatWhen(handover.createdAt)}
      </div>
      <p style={{ whiteSpace: "pre-line", margin: "6px 0 0" }}>{handover.summary}</p>
    </Panel>
  );
}

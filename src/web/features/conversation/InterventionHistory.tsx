import type { Intervention } from "../../../protocol/resources.ts";
import { formatWhen, labelIntervention } from "../../lib/format.ts";
import { Badge, type Tone } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { raisedByName } from "../console/EscalationNote.tsx";

const STATUS_TONE: Record<Intervention["status"], Tone> = {
  offered: "warn",
  accepted: "ok",
  declined: "neutral",
  done: "info",
  withdrawn: "neutral",
};

/** What the badge says: a withdrawn offer was never answered, and why. */
function statusLabel(i: Intervention): string {
  if (i.status !== "withdrawn") return i.status;
  return i.withdrawnReason === "person_deactivated"
    ? "withdrawn: a teammate was deactivated"
    : "withdrawn: conversation ended";
}

/** Who stepped in, how, and what came of it, newest first. */
export function InterventionHistory({
  interventions,
  agentId,
}: {
  interventions: readonly Intervention[];
  /** The conversation's agent: an escalation from an alert in their name is the protocol's. */
  agentId?: string | null;
}) {
  if (interventions.length === 0) return <EmptyState>No one has stepped in yet.</EmptyState>;
  const sorted = [...interventions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <ol className="timeline" aria-label="Intervention history">
      {sorted.map((i) => (
        <li key={i.id}>
          <span className="small muted mono">{formatWhen(i.createdAt)}</span>
          <div className="grow">
            <div>
              <strong>{labelIntervention(i.kind)}</strong> by {raisedByName(i, agentId) ?? "someone"}
              {i.toName ? ` → ${i.toName}` : ""} <Badge tone={STATUS_TONE[i.status]}>{statusLabel(i)}</Badge>
            </div>
            {i.text ? (
              <div className="small" style={{ marginTop: 2 }}>
                “{i.text}”
              </div>
            ) : null}
            {i.summary ? (
              <div className="small muted" style={{ marginTop: 2 }}>
                Summary: {i.summary}
              </div>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

import { Link } from "wouter";
import type { Commitment } from "../../../protocol/resources.ts";
import { formatDue } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { CommitmentActions } from "../commitments/CommitmentActions.tsx";

/**
 * Promises I made to customers, soonest due first; overdue ones stand out. "Done" closes one I kept
 * (cancelling one no longer needed is on the Follow-ups page, asked once).
 */
export function CommitmentsList({
  commitments,
  nowMs,
  customerNames,
  closingId = null,
  onDone,
}: {
  commitments: readonly Commitment[];
  nowMs: number;
  /** The customers of the conversations at hand, by conversation id, to name in place of "conversation". */
  customerNames?: ReadonlyMap<string, string | null>;
  /** The promise being closed right now (its button waits). */
  closingId?: string | null;
  onDone?: (id: string) => void;
}) {
  const open = commitments
    .filter((c) => c.status === "open")
    .sort((a, b) => (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999"));
  if (open.length === 0) return <EmptyState>No open commitments.</EmptyState>;
  return (
    <ul className="timeline scroll-list" aria-label="My commitments">
      {open.map((c) => {
        const overdue = c.dueAt !== null && Date.parse(c.dueAt) < nowMs;
        const customer = customerNames?.get(c.conversationId) ?? null;
        return (
          <li key={c.id}>
            <div className="grow">
              <div>“{c.text}”</div>
              <div className="row small" style={{ marginTop: 2 }}>
                <Badge tone={overdue ? "bad" : "info"}>{formatDue(c.dueAt, nowMs)}</Badge>
                <Link href={`/console/${c.conversationId}`}>{customer ?? "conversation"}</Link>
              </div>
            </div>
            {onDone !== undefined ? (
              <CommitmentActions
                what={`“${c.text}”${customer !== null ? ` to ${customer}` : ""}`}
                busy={closingId === c.id}
                cancellable={false}
                onClose={() => onDone(c.id)}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

import { Link } from "wouter";
import type { Commitment } from "../../../protocol/resources.ts";
import { formatDue } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";
import { CommitmentActions } from "../commitments/CommitmentActions.tsx";

/** Promises still owed (open, or missed: past due and not done yet), soonest due first. */
export function owedCommitments(commitments: readonly Commitment[]): Commitment[] {
  return commitments
    .filter((c) => c.status === "open" || c.status === "missed")
    .sort((a, b) => (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999"));
}

/** Past its due time: marked missed by the server, or due a moment ago (not marked yet). */
export function isOverdue(c: Commitment, nowMs: number): boolean {
  return c.status === "missed" || (c.status === "open" && c.dueAt !== null && Date.parse(c.dueAt) < nowMs);
}

/**
 * Promises I made to customers, soonest due first (overdue ones first of all, and they stand out). "Done" closes one I kept
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
  const open = owedCommitments(commitments);
  if (open.length === 0) return <EmptyState>No open commitments.</EmptyState>;
  return (
    <ul className="timeline scroll-list" aria-label="My commitments">
      {open.map((c) => {
        const overdue = isOverdue(c, nowMs);
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

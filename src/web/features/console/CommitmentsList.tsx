import { Link } from "wouter";
import type { Commitment } from "../../../protocol/resources.ts";
import { formatDue } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";

/** Promises I made to customers, soonest due first; overdue ones stand out. */
export function CommitmentsList({
  commitments,
  nowMs,
}: {
  commitments: readonly Commitment[];
  nowMs: number;
}) {
  const open = commitments
    .filter((c) => c.status === "open")
    .sort((a, b) => (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999"));
  if (open.length === 0) return <EmptyState>No open commitments.</EmptyState>;
  return (
    <ul className="timeline scroll-list" aria-label="My commitments">
      {open.map((c) => {
        const overdue = c.dueAt !== null && Date.parse(c.dueAt) < nowMs;
        return (
          <li key={c.id}>
            <div className="grow">
              <div>“{c.text}”</div>
              <div className="row small" style={{ marginTop: 2 }}>
                <Badge tone={overdue ? "bad" : "info"}>{formatDue(c.dueAt, nowMs)}</Badge>
                <Link href={`/console/${c.conversationId}`}>conversation</Link>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

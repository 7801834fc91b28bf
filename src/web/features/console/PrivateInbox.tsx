import type { Intervention } from "../../../protocol/resources.ts";
import { formatClock } from "../../lib/format.ts";
import { Badge } from "../../ui/Badge.tsx";
import { EmptyState } from "../../ui/Panel.tsx";

/**
 * The signals and whispers the inbox lists: those sent to me about the conversation picked, or,
 * with none picked, about my conversations still open. Help about conversations long closed stays
 * with them (an agent's console listed every whisper of eight weeks, with only a clock time each).
 */
export function inboxItems(
  interventions: readonly Intervention[],
  meId: string,
  currentId: string | undefined,
  openIds: ReadonlySet<string>,
): Intervention[] {
  return interventions.filter(
    (i) =>
      i.toId === meId &&
      (i.kind === "whisper" || i.kind === "signal") &&
      (currentId !== undefined ? i.conversationId === currentId : openIds.has(i.conversationId)),
  );
}

/** Signals and whispers sent to me, newest first. Private: never part of the customer's chat. */
export function PrivateInbox({ items }: { items: readonly Intervention[] }) {
  if (items.length === 0)
    return <EmptyState>No whispers or signals. Teammates can reach you here privately.</EmptyState>;
  return (
    <ol id="private-inbox" tabIndex={-1} className="timeline" aria-label="Whispers and signals">
      {[...items]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((i) => (
          <li key={i.id} data-kind={i.kind}>
            <Badge tone="private">{i.kind === "whisper" ? "whisper" : "signal"}</Badge>
            <div className="grow">
              <div className="small muted">
                {i.fromName ?? "A teammate"} · {formatClock(i.createdAt)}
              </div>
              <div>
                {i.kind === "whisper" ? i.text : `${i.fromName ?? "A teammate"} is here if you need them.`}
              </div>
            </div>
          </li>
        ))}
    </ol>
  );
}

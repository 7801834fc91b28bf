import type { Message } from "../../../protocol/resources.ts";
import { EmptyState } from "../../ui/Panel.tsx";
import { habitNudges } from "./habitNudges.ts";

/** Private nudges for the agent: the service habits this conversation is missing right now. */
export function HabitNudges({ messages }: { messages: readonly Message[] }) {
  const { nudges, kept } = habitNudges(messages);
  if (nudges.length === 0)
    return (
      <EmptyState>
        {kept.length > 0
          ? `Nothing to nudge: ${kept.length} ${kept.length === 1 ? "habit" : "habits"} kept in this conversation.`
          : "Nothing to nudge in this conversation."}
      </EmptyState>
    );
  return (
    <ul className="timeline" aria-label="Habit nudges">
      {nudges.map((n) => (
        <li key={n.habit}>
          <div className="grow">
            <div>{n.ask}</div>
            <div className="small muted">{n.detail}</div>
          </div>
        </li>
      ))}
    </ul>
  );
}

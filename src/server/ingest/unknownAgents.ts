import type { PeopleDirectory } from "./peopleDirectory.ts";
import type { IngestMessageInput } from "./pipeline.ts";

/**
 * The agents a sender names that no person of the organisation has (an agent message's `author`,
 * any message's `assignee`), each once, as sent. Their words are stored all the same, but the
 * conversation gets no agent from them: a typo in an e-mail, or an agent not yet added, leaves it
 * unassigned on the floor and nobody is asked to help them. The ingest answer says so, so whoever
 * connects a helpdesk finds out at the first message rather than from an empty console.
 */
export function unknownAgentsOf(
  people: PeopleDirectory,
  orgId: string,
  messages: readonly IngestMessageInput[],
): string[] {
  const unknown = new Map<string, string>();
  const check = (named: string | undefined) => {
    if (named === undefined || named.trim() === "") return;
    const key = named.trim().toLowerCase();
    if (unknown.has(key) || people.find(orgId, named) !== null) return;
    unknown.set(key, named);
  };
  for (const m of messages) {
    if (m.role === "agent") check(m.author);
    check(m.assignee);
  }
  return [...unknown.values()];
}

import { listPeople, type Queryable } from "../../store/index.ts";
import { pickSupervisor } from "../live/escalation.ts";
import type { EscalationLevel } from "../sweeper/planSweep.ts";

/**
 * Who a protocol level asks: its named person, or a lead of the team (or an admin) who is not
 * offline, present (tagteam open) first, then the least loaded; never someone already asked or the
 * person who escalated.
 */
export async function chooseLevelTarget(
  db: Queryable,
  orgId: string,
  teamId: string,
  level: EscalationLevel,
  exclude: readonly (string | null)[],
): Promise<string | null> {
  if (level.target === "person") return level.personId;
  const people = await listPeople(db, {
    orgId,
    activeOnly: true,
    ...(level.target === "lead" ? { teamId, roles: ["lead"] } : { roles: ["admin"] }),
  });
  return pickSupervisor(people, exclude);
}

import { listPeople, type Queryable } from "../../store/index.ts";
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
  const eligible = people.filter((p) => !exclude.includes(p.id));
  // Someone with tagteam open sees it now; then the least loaded.
  const pick = eligible
    .filter((p) => p.availability !== "offline")
    .sort((a, b) => Number(b.present) - Number(a.present) || a.currentLoad - b.currentLoad)[0];
  return pick?.id ?? eligible[0]?.id ?? null;
}

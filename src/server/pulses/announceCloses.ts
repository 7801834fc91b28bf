import { claimPulseClosesDue } from "../../store/index.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";

/**
 * The sweeper's part for employee pulses: each pulse whose time ran out is announced once,
 * `pulse.closed` to its team's room, as a lead's early close is. The members' prompts leave and the
 * leads' sections show the results on it, with no timer in the page. The claim and the events are
 * one transaction, so a pulse is marked announced exactly when its event is stored; another
 * instance's sweep skips what this one holds (docs/ARCHITECTURE.md, "Employee pulses (eNPS)").
 * Returns how many it announced.
 */
export async function announcePulseCloses(
  ctx: Pick<ServerContext, "store" | "bus">,
  now: number,
  limit: number,
): Promise<number> {
  return runCommand(ctx, async (tx) => {
    const due = await claimPulseClosesDue(tx, { at: now, limit });
    return {
      result: due.length,
      events: due.map((p) => ({
        orgId: p.orgId,
        teamId: p.teamId,
        type: "pulse.closed",
        payload: { pulseId: p.id },
      })),
    };
  });
}

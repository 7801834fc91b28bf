import type { NewEvent } from "../../store/index.ts";
import { claimWaitToTell, findCustomersLeftWaiting } from "../../store/sweeps.ts";
import type { ServerContext } from "../context.ts";
import { raiseSignalAlert } from "./raiseSignalAlert.ts";
import { runCommand } from "./runCommand.ts";

/** Most waiting customers one pass alerts about; the rest wait for the next. */
const BATCH = 100;

/**
 * A chat customer left without a reply for `unansweredAlertMs` is a moment to step in: the agent
 * may be swamped, stuck or gone. Each such wait (their first unanswered line on, none told yet, no
 * alert open on the conversation) raises one alert, rung "signal", to the best-placed teammate,
 * never the agent; with nobody free it waits in the team's queue for a lead, as a raised hand
 * does. Waits older than the max message age are history (an import) and alert nobody. Returns how
 * many it raised.
 */
export async function alertWaitingCustomers(ctx: ServerContext, now: number): Promise<number> {
  const waitMs = ctx.config.unansweredAlertMs;
  if (waitMs <= 0) return 0;
  const maxAge = ctx.config.alertMaxMessageAgeMs;
  const waiting = await findCustomersLeftWaiting(ctx.store, {
    waitingBefore: now - waitMs,
    waitingFrom: maxAge > 0 ? now - maxAge : null,
    limit: BATCH,
  });
  if (waiting.length === 0) return 0;
  const names = new Map<string, Map<string, string>>();
  let raised = 0;
  for (const w of waiting) {
    let orgNames = names.get(w.orgId);
    if (orgNames === undefined) {
      orgNames = await ctx.people.names(w.orgId);
      names.set(w.orgId, orgNames);
    }
    const customer = w.customerName ?? "A customer";
    const minutes = Math.floor((now - w.waitingSince) / 60_000);
    const agentName = w.agentPersonId !== null ? (orgNames.get(w.agentPersonId) ?? "their agent") : null;
    const why =
      agentName !== null
        ? `${customer} has waited ${minutes} min for a reply from ${agentName}`
        : `${customer} has waited ${minutes} min and nobody has picked the chat up`;
    const told = await runCommand(ctx, async (tx) => {
      // Another instance's sweep may be telling the same wait: the row lock decides.
      if (
        !(await claimWaitToTell(tx, { orgId: w.orgId, conversationId: w.id, waitingSince: w.waitingSince }))
      )
        return { result: false, events: [] };
      const { events: raisedEvents } = await raiseSignalAlert(tx, {
        orgId: w.orgId,
        teamId: w.teamId,
        conversationId: w.id,
        topic: w.topic,
        agentPersonId: w.agentPersonId,
        risk: w.risk,
        reason: "customer_waiting",
        why,
        at: now,
      });
      const events: NewEvent[] = raisedEvents;
      return { result: true, events };
    });
    if (!told) continue;
    ctx.metrics.alertsRaised.inc();
    raised++;
  }
  return raised;
}

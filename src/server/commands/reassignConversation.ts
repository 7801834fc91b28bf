import {
  adjustLoad,
  listAlerts,
  transitionAlert,
  updateConversation,
  type NewEvent,
  type Transaction,
} from "../../store/index.ts";
import type { ServerContext } from "../context.ts";
import { alertNews } from "../live/alertNews.ts";
import { alertEventAndNews } from "./rerouteAlert.ts";

/**
 * Makes `personId` the conversation's agent in the command's transaction `tx`, and has the ingest
 * forget what it keeps of the conversation (its next line reads the new agent). Returns the
 * `conversation.transferred` event that tells the team's consoles, for the command to append.
 */
export async function reassignConversation(
  ctx: Pick<ServerContext, "ingest">,
  tx: Transaction,
  c: { orgId: string; teamId: string; conversationId: string; personId: string },
): Promise<NewEvent> {
  await updateConversation(tx, {
    orgId: c.orgId,
    conversationId: c.conversationId,
    assignedPersonId: c.personId,
  });
  ctx.ingest.forgetConversation(c.conversationId);
  return {
    orgId: c.orgId,
    teamId: c.teamId,
    conversationId: c.conversationId,
    type: "conversation.transferred",
    payload: { conversationId: c.conversationId, personId: c.personId },
  };
}

/**
 * A conversation changed hands (a warm transfer, an accepted takeover): its open alerts asked
 * teammates to help the agent who had it. The new agent's own alert is answered — they took the
 * conversation on (acted on, `alert.resolved`); anyone else's is over (expired, `alert.expired`);
 * each frees its helper's load. A new reason to step in is raised about the new agent as it comes.
 * Left open, the receiver's Alerts page asked them to help the previous agent on the conversation
 * they now handled. Returns the events to append.
 */
export async function settleAlertsOnHandover(
  tx: Transaction,
  c: { orgId: string; conversationId: string; toPersonId: string; at: number },
): Promise<NewEvent[]> {
  const open = await listAlerts(tx, {
    orgId: c.orgId,
    conversationId: c.conversationId,
    states: ["raised", "acknowledged"],
  });
  const events: NewEvent[] = [];
  for (const alert of open) {
    const taken = alert.helperPersonId === c.toPersonId;
    const [closed] = await Promise.all([
      transitionAlert(tx, {
        orgId: c.orgId,
        alertId: alert.id,
        to: taken ? "acted_on" : "expired",
        at: c.at,
      }),
      alert.helperPersonId !== null
        ? adjustLoad(tx, { orgId: c.orgId, personId: alert.helperPersonId, delta: -1 })
        : null,
    ]);
    if (taken) events.push(...alertEventAndNews(closed, "alert.resolved", alert.helperPersonId));
    // Anyone else's is over: its helper hears it, and so does every other view of it.
    else events.push(...alertNews(closed, "alert.expired", closed.state));
  }
  return events;
}

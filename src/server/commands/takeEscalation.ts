import {
  adjustLoad,
  findAlertById,
  listInterventions,
  transitionAlert,
  transitionIntervention,
  type InterventionRecord,
  type NewEvent,
  type Transaction,
} from "../../store/index.ts";
import { forTheTeamsLeads } from "../live/alertNews.ts";
import { alertEventAndNews } from "./rerouteAlert.ts";

/**
 * Who hears that an escalation was taken on, and the `escalation.acknowledged` each gets, with
 * `data.personId` naming who took it on: whoever escalated it (the agent, with `automatic`, when
 * tagteam did by the team's protocol), the conversation's agent when someone else escalated it
 * (they were told it was escalated, `conversation.escalated`: `reason: "agent"`), and the lead it
 * was asked of when someone else took it on (`reason: "asked"`). Whoever took it on hears nothing.
 * The same for a lead pressing "I'm on it" and for one handed the conversation.
 */
export function escalationTakenEvents(
  escalation: Pick<
    InterventionRecord,
    "id" | "orgId" | "teamId" | "conversationId" | "fromPersonId" | "toPersonId"
  >,
  taken: { byPersonId: string; agentPersonId: string | null; automatic: boolean },
): NewEvent[] {
  const told = new Set<string>([taken.byPersonId]);
  const events: NewEvent[] = [];
  const tell = (personId: string | null, reason?: "agent" | "asked"): void => {
    if (personId === null || told.has(personId)) return;
    told.add(personId);
    events.push({
      orgId: escalation.orgId,
      teamId: escalation.teamId,
      conversationId: escalation.conversationId,
      personId,
      type: "escalation.acknowledged",
      payload: {
        interventionId: escalation.id,
        conversationId: escalation.conversationId,
        status: "accepted",
        personId: taken.byPersonId,
        ...(taken.automatic ? { automatic: true } : {}),
        ...(reason !== undefined ? { reason } : {}),
      },
    });
  };
  tell(escalation.fromPersonId);
  tell(taken.agentPersonId, "agent");
  tell(escalation.toPersonId, "asked");
  // Every lead of the team (and the admins) sees it leave the queue.
  events.push(
    forTheTeamsLeads({
      orgId: escalation.orgId,
      teamId: escalation.teamId,
      conversationId: escalation.conversationId,
      personId: null,
      type: "escalation.acknowledged",
      payload: {
        interventionId: escalation.id,
        conversationId: escalation.conversationId,
        status: "accepted",
        personId: taken.byPersonId,
      },
    }),
  );
  return events;
}

/** Whether an escalation raised from an alert was raised in its agent's name (tagteam did it). */
export function raisedByProtocol(
  escalation: Pick<InterventionRecord, "fromPersonId">,
  alert: { agentPersonId: string | null } | null,
): boolean {
  return alert !== null && alert.agentPersonId === escalation.fromPersonId;
}

/**
 * A conversation was handed (a warm transfer, an accepted takeover) to someone who may take its
 * escalation on: a lead of its team, an admin, or the person it was asked of. Each escalation of it
 * still waiting is taken on by them, as if they had pressed "I'm on it": it is with them (accepted),
 * so the protocol stops moving it up to the next level and the queue says 'Taken on by …', its
 * alert asking a lead to step in is acted on, and whoever escalated it, the agent who had it and the
 * lead it was asked of are told who took it on (`escalationTakenEvents`). A receiver without the
 * authority leaves it waiting for a lead. Returns the events and the escalations taken (to audit).
 */
export async function takeEscalationsOnHandover(
  tx: Transaction,
  c: {
    orgId: string;
    teamId: string;
    conversationId: string;
    /** Who had the conversation before it was handed over. */
    agentPersonId: string | null;
    receiver: { id: string; role: string; teamIds: readonly string[] };
    at: number;
  },
): Promise<{ events: NewEvent[]; taken: InterventionRecord[] }> {
  const waiting = await listInterventions(tx, {
    orgId: c.orgId,
    conversationId: c.conversationId,
    kind: "escalation",
    states: ["offered"],
  });
  const { receiver } = c;
  const authority =
    receiver.role === "admin" || (receiver.role === "lead" && receiver.teamIds.includes(c.teamId));
  const events: NewEvent[] = [];
  const taken: InterventionRecord[] = [];
  for (const escalation of waiting) {
    if (!authority && escalation.toPersonId !== receiver.id) continue;
    const updated = await transitionIntervention(tx, {
      orgId: c.orgId,
      interventionId: escalation.id,
      to: "accepted",
      at: c.at,
      toPersonId: receiver.id,
    });
    taken.push(updated);
    const alert = escalation.alertId !== null ? await findAlertById(tx, c.orgId, escalation.alertId) : null;
    // Taking the escalation is the step its alert asked for (as "I'm on it" answers it).
    if (alert !== null && (alert.state === "raised" || alert.state === "acknowledged")) {
      const [closed] = await Promise.all([
        transitionAlert(tx, { orgId: c.orgId, alertId: alert.id, to: "acted_on", at: c.at }),
        alert.helperPersonId !== null
          ? adjustLoad(tx, { orgId: c.orgId, personId: alert.helperPersonId, delta: -1 })
          : null,
      ]);
      events.push(...alertEventAndNews(closed, "alert.resolved", alert.helperPersonId));
    }
    events.push(
      ...escalationTakenEvents(escalation, {
        byPersonId: receiver.id,
        agentPersonId: c.agentPersonId,
        automatic: raisedByProtocol(escalation, alert),
      }),
    );
  }
  return { events, taken };
}

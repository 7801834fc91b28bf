import type { NewEvent } from "../../store/index.ts";

/** What news of an alert needs of it: where it belongs, its helper, and the agent it is about. */
export interface AlertNewsSubject {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  helperPersonId: string | null;
  agentPersonId: string | null;
}

/**
 * News of an alert whose card changed (`alert.updated`) or that ended without its helper
 * (`alert.expired`): its helper's own, private as before, and one for everyone else who may read
 * the alert, on its team's and its conversation's rooms (a lead's team Alerts page, a teammate with
 * the conversation open), so their views change at once instead of at their next refetch. The
 * readers' event names the agent the alert is about (`agentId`): the hub keeps it from them unless
 * they lead the team (`mayHear`, realtime/hub.ts), the rule GET /alerts/:id reads by.
 */
export function alertNews(
  alert: AlertNewsSubject,
  type: "alert.updated" | "alert.expired",
  status: string,
): NewEvent[] {
  const payload = { alertId: alert.id, conversationId: alert.conversationId, status };
  const event = (personId: string | null, extra: Record<string, string>): NewEvent => ({
    orgId: alert.orgId,
    teamId: alert.teamId,
    conversationId: alert.conversationId,
    personId,
    type,
    payload: { ...payload, ...extra },
  });
  const agent: Record<string, string> = alert.agentPersonId !== null ? { agentId: alert.agentPersonId } : {};
  return [...(alert.helperPersonId !== null ? [event(alert.helperPersonId, {})] : []), event(null, agent)];
}

/**
 * The same news of an escalation (raised, moved to its next level, taken on) or of a new alert
 * (`alert.raised`) for every lead of its team and the admins, on its team's and conversation's
 * rooms, beside the private events of the people in it: their menu's count, escalation queue and
 * team Alerts page change at once. A lead not asked, or an admin, counted an escalation taken on
 * elsewhere as waiting until their next refetch. The hub keeps it from everyone else (`mayHear`,
 * realtime/hub.ts); it names nobody, so it brings no toast.
 */
export function forTheTeamsLeads(event: NewEvent): NewEvent {
  return { ...event, personId: null };
}

import {
  adjustLoad,
  appendAuditEntries,
  findConversationById,
  findHelperCandidates,
  listAlerts,
  reassignAlertHelper,
  transitionAlert,
  type AlertRecord,
  type NewAuditEntry,
  type NewEvent,
  type Transaction,
} from "../../store/index.ts";
import { chooseHelper, toHelperCandidate } from "../live/chooseHelper.ts";

/** An alert event to one person's room (the helper's queue), with the alert's id and state. */
export const alertEvent = (alert: AlertRecord, type: string, personId: string | null): NewEvent => ({
  orgId: alert.orgId,
  teamId: alert.teamId,
  conversationId: alert.conversationId,
  personId,
  type,
  payload: {
    alertId: alert.id,
    conversationId: alert.conversationId,
    status: alert.state,
    ...(alert.agentPersonId !== null ? { agentId: alert.agentPersonId } : {}),
  },
});

/**
 * An alert's event to its helper (private, as `alertEvent`) and the same news to its team's and
 * conversation's rooms (`personId` null, naming the agent it is about): a lead's team Alerts page
 * and a teammate with the conversation open change at once, not at their next refetch. The hub
 * keeps the rooms' copy from the agent unless they lead the team (`mayHear`). With no helper the
 * rooms' event is the only one.
 */
export const alertEventAndNews = (
  alert: AlertRecord,
  type: string,
  helperPersonId: string | null,
): NewEvent[] => [
  ...(helperPersonId !== null ? [alertEvent(alert, type, helperPersonId)] : []),
  alertEvent(alert, type, null),
];

/**
 * Hands an open alert to the next best-placed teammate: never the struggling agent, the current
 * helper, or anyone in `exclude`; a lead when authority is needed. Moves the load, and returns the
 * events (`alert.rerouted` to the previous helper, `alert.raised` to the new one), or null when
 * nobody else in the team can take it (nothing is written then).
 */
export async function rerouteAlert(
  tx: Transaction,
  alert: AlertRecord,
  options: { exclude: readonly string[]; needsAuthority: boolean; why: string },
): Promise<{ alert: AlertRecord; events: NewEvent[] } | null> {
  // The conversation's topic, so the next helper asked is the one who knows it (it was left out,
  // and a rerouted alert went to whoever was least loaded).
  const topic = (await findConversationById(tx, alert.orgId, alert.conversationId))?.topic ?? null;
  const candidates = await findHelperCandidates(tx, {
    orgId: alert.orgId,
    teamId: alert.teamId,
    topic,
    excludePersonIds: [alert.agentPersonId, alert.helperPersonId, ...options.exclude].filter(
      (x): x is string => x !== null,
    ),
  });
  const choice = chooseHelper(candidates.map(toHelperCandidate), {
    agentId: alert.agentPersonId,
    needsAuthority: options.needsAuthority || alert.needsAuthority,
    exclude: [],
    topic,
  });
  if (choice === null) return null;
  const updated = await reassignAlertHelper(tx, {
    orgId: alert.orgId,
    alertId: alert.id,
    helperPersonId: choice.personId,
    routing: `${options.why}; ${choice.routing}`,
  });
  if (alert.helperPersonId !== null)
    await adjustLoad(tx, { orgId: alert.orgId, personId: alert.helperPersonId, delta: -1 });
  await adjustLoad(tx, { orgId: alert.orgId, personId: choice.personId, delta: 1 });
  return {
    alert: updated,
    events: [
      ...alertEventAndNews(updated, "alert.rerouted", alert.helperPersonId),
      {
        ...alertEvent(updated, "alert.raised", choice.personId),
        payload: {
          alertId: updated.id,
          conversationId: updated.conversationId,
          status: "raised",
          risk: updated.risk,
          ...(updated.agentPersonId !== null ? { agentId: updated.agentPersonId } : {}),
        },
      },
    ],
  };
}

/**
 * A person was deactivated: every alert they held as helper goes to the next best-placed teammate,
 * or, with nobody else free, expires (audited with why) rather than wait for someone who is gone.
 */
export async function rerouteAlertsOfDeactivated(
  tx: Transaction,
  person: { orgId: string; id: string; displayName: string },
  actorId: string,
): Promise<NewEvent[]> {
  const held = await listAlerts(tx, {
    orgId: person.orgId,
    helperPersonId: person.id,
    states: ["raised", "acknowledged"],
    limit: 1000,
  });
  const events: NewEvent[] = [];
  for (const alert of held) {
    const moved = await rerouteAlert(tx, alert, {
      exclude: [person.id],
      needsAuthority: false,
      why: `rerouted: ${person.displayName} was deactivated`,
    });
    if (moved !== null) {
      events.push(...moved.events);
      continue;
    }
    await transitionAlert(tx, { orgId: person.orgId, alertId: alert.id, to: "expired" });
    await adjustLoad(tx, { orgId: person.orgId, personId: person.id, delta: -1 });
    await appendAuditEntries(tx, [
      {
        orgId: person.orgId,
        actorKind: "person",
        actorId,
        action: "alert.expired",
        targetType: "alert",
        targetId: alert.id,
        details: { why: "its helper was deactivated and nobody else in the team was free" },
      },
    ]);
  }
  return events;
}

/**
 * Someone went away or offline: each alert they were asked to take and have not acknowledged yet
 * goes to the next best-placed teammate (one they acknowledged stays: they are on it). With nobody
 * else free, an alert stays where it is, to be taken on their return or to expire as usual.
 * Audited as `alert.rerouted` by whoever changed the availability. Returns the events.
 */
export async function rerouteRaisedAlertsOf(
  tx: Transaction,
  person: { orgId: string; id: string; displayName: string },
  availability: string,
  actorId: string,
): Promise<NewEvent[]> {
  const held = await listAlerts(tx, {
    orgId: person.orgId,
    helperPersonId: person.id,
    states: ["raised"],
    limit: 1000,
  });
  const events: NewEvent[] = [];
  const audit: NewAuditEntry[] = [];
  const why = `rerouted: ${person.displayName} is ${availability}`;
  for (const alert of held) {
    const moved = await rerouteAlert(tx, alert, { exclude: [person.id], needsAuthority: false, why });
    if (moved === null) continue;
    events.push(...moved.events);
    audit.push({
      orgId: person.orgId,
      actorKind: "person",
      actorId,
      action: "alert.rerouted",
      targetType: "alert",
      targetId: alert.id,
      details: {
        from: person.id,
        to: moved.alert.helperPersonId,
        why: `${person.displayName} is ${availability}`,
      },
    });
  }
  if (audit.length > 0) await appendAuditEntries(tx, audit);
  return events;
}

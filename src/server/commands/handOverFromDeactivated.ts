import {
  appendAuditEntries,
  findEscalationProtocol,
  handOverOpenCommitments,
  listInterventions,
  teamsOfOpenCommitments,
  unassignOpenConversationsOf,
  withdrawInterventions,
  type NewAuditEntry,
  type NewEvent,
  type Transaction,
} from "../../store/index.ts";
import { listEscalationsWaitingOn, reassignEscalation } from "../../store/sweeps.ts";
import { forTheTeamsLeads } from "../live/alertNews.ts";
import { parseEscalationConfig } from "../live/escalation.ts";
import { chooseLevelTarget } from "./escalationTarget.ts";
import { rerouteAlertsOfDeactivated } from "./rerouteAlert.ts";

const LEADS = { target: "lead", personId: null, acknowledgeWithinMs: 1 } as const;
const ADMINS = { target: "admin", personId: null, acknowledgeWithinMs: 1 } as const;

/**
 * A person was deactivated: nothing may go on waiting for them.
 *
 * - The alerts they held as helper go to the next best-placed teammate, or expire when nobody else
 *   is free (rerouteAlertsOfDeactivated).
 * - An escalation they were asked to acknowledge is asked of someone else at once, rather than at
 *   the end of the level's time: another lead (or admin) at the same level of the team's protocol,
 *   else the first later level with someone to ask, else nobody (the team's queue still lists it,
 *   and the sweeper moves it on as usual).
 * - A takeover offer they made, or one made to them, is withdrawn: they can neither take the
 *   conversation nor answer. The other person hears of it (`intervention.withdrawn`).
 * - Their open conversations become unassigned: the next agent who writes in one takes it, and a
 *   built-in chat waits in the team's console for someone to pick it up (`conversation.transferred`
 *   to the team, with no one named).
 * - The promises they made customers that are still open go to the least-loaded lead of each
 *   conversation's team (else an admin), whose follow-ups list and reminders they join: the team
 *   still owes them.
 *
 * Everything is audited with why. Returns the events to append with the deactivation, and the
 * conversations unassigned (the ingest pipeline's cache must forget them).
 */
export async function handOverFromDeactivated(
  tx: Transaction,
  person: { orgId: string; id: string; displayName: string },
  actorId: string,
  at: number,
): Promise<{ events: NewEvent[]; unassigned: string[] }> {
  const why = `${person.displayName} was deactivated`;
  const events: NewEvent[] = await rerouteAlertsOfDeactivated(tx, person, actorId);
  const audit: NewAuditEntry[] = [];

  const escalations = await listEscalationsWaitingOn(tx, { orgId: person.orgId, personId: person.id });
  for (const e of escalations) {
    const stored = await findEscalationProtocol(tx, e.orgId, e.teamId);
    const levels = parseEscalationConfig(stored?.config ?? null).levels;
    const exclude = [person.id, e.fromPersonId];
    let level = Math.min(e.level, levels.length - 1);
    let target: string | null = null;
    for (let l = level; l < levels.length; l++) {
      const spec = levels[l];
      if (spec === undefined) continue;
      const candidate = await chooseLevelTarget(tx, e.orgId, e.teamId, spec, exclude);
      if (candidate !== null && !exclude.includes(candidate)) {
        target = candidate;
        level = l;
        break;
      }
    }
    const moved = await reassignEscalation(tx, {
      orgId: e.orgId,
      interventionId: e.id,
      fromPersonId: person.id,
      toPersonId: target,
      level: target === null ? e.level : level,
      at,
    });
    if (!moved) continue;
    audit.push({
      orgId: e.orgId,
      actorKind: "person",
      actorId,
      action: "escalation.reassigned",
      targetType: "intervention",
      targetId: e.id,
      details: { why, fromPersonId: person.id, toPersonId: target, level: target === null ? e.level : level },
    });
    if (target !== null) {
      const raised: NewEvent = {
        orgId: e.orgId,
        teamId: e.teamId,
        conversationId: e.conversationId,
        personId: target,
        type: "escalation.raised",
        payload: { interventionId: e.id, conversationId: e.conversationId, status: "offered" },
      };
      // The team's leads and the admins see whom it waits on now (`forTheTeamsLeads`).
      events.push(raised, forTheTeamsLeads(raised));
    }
  }

  const offers = (
    await listInterventions(tx, {
      orgId: person.orgId,
      personId: person.id,
      states: ["offered"],
      openConversationsOnly: true,
      limit: 5000,
    })
  ).filter((i) => i.kind === "takeover_offer");
  const withdrawn = await withdrawInterventions(tx, {
    orgId: person.orgId,
    interventionIds: offers.map((i) => i.id),
    reason: "person_deactivated",
    at,
  });
  for (const i of withdrawn) {
    audit.push({
      orgId: i.orgId,
      actorKind: "person",
      actorId,
      action: "intervention.withdrawn",
      targetType: "intervention",
      targetId: i.id,
      details: { kind: i.kind, why, personId: person.id },
    });
    const other = i.fromPersonId === person.id ? i.toPersonId : i.fromPersonId;
    events.push({
      orgId: i.orgId,
      teamId: i.teamId,
      conversationId: i.conversationId,
      personId: other,
      type: "intervention.withdrawn",
      payload: { interventionId: i.id, conversationId: i.conversationId, status: "withdrawn" },
    });
  }
  const unassigned = await unassignOpenConversationsOf(tx, { orgId: person.orgId, personId: person.id });
  for (const c of unassigned) {
    audit.push({
      orgId: person.orgId,
      actorKind: "person",
      actorId,
      action: "conversation.unassigned",
      targetType: "conversation",
      targetId: c.id,
      details: { why, personId: person.id },
    });
    events.push({
      orgId: person.orgId,
      teamId: c.teamId,
      conversationId: c.id,
      type: "conversation.transferred",
      payload: { conversationId: c.id },
    });
  }
  const toByTeam = new Map<string, string>();
  for (const teamId of await teamsOfOpenCommitments(tx, { orgId: person.orgId, personId: person.id })) {
    const owner =
      (await chooseLevelTarget(tx, person.orgId, teamId, LEADS, [person.id])) ??
      (await chooseLevelTarget(tx, person.orgId, teamId, ADMINS, [person.id]));
    if (owner !== null) toByTeam.set(teamId, owner);
  }
  const promises = await handOverOpenCommitments(tx, {
    orgId: person.orgId,
    fromPersonId: person.id,
    toByTeam,
  });
  for (const c of promises) {
    audit.push({
      orgId: person.orgId,
      actorKind: "person",
      actorId,
      action: "commitment.handed_over",
      targetType: "conversation",
      targetId: c.conversationId,
      details: { why, commitmentId: c.id, fromPersonId: person.id, toPersonId: c.personId },
    });
    events.push({
      orgId: person.orgId,
      teamId: c.teamId,
      conversationId: c.conversationId,
      personId: c.personId,
      type: "commitment.recorded",
      payload: { conversationId: c.conversationId, personId: c.personId },
    });
  }
  if (audit.length > 0) await appendAuditEntries(tx, audit);
  return { events, unassigned: unassigned.map((c) => c.id) };
}

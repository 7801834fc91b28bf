import { isUuid, readMillis, readNumber, readText, readTextOrNull, toTimestamp, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

/*
 * What the server's sweeper reads and changes: escalations nobody acknowledged, and alerts nobody
 * acknowledged. Every change is conditional on the state it was planned from, so two instances
 * sweeping at once cannot both move the same escalation or expire the same alert.
 */

export interface OpenEscalationRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  fromPersonId: string | null;
  toPersonId: string | null;
  /** Index into the team's protocol levels (0: the first level). */
  level: number;
  /** When the current level was asked (the escalation's creation for level 0). */
  levelStartedAt: number;
}

function toOpenEscalation(row: Row): OpenEscalationRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    fromPersonId: readTextOrNull(row, "from_person_id"),
    toPersonId: readTextOrNull(row, "to_person_id"),
    level: readNumber(row, "escalation_level"),
    levelStartedAt: readMillis(row, "level_started_at"),
  };
}

/** Escalations still waiting for a supervisor (state offered), oldest first. */
export async function listOpenEscalations(
  db: Queryable,
  query: { limit?: number } = {},
): Promise<OpenEscalationRecord[]> {
  const rows = await db.query(
    // Only of open conversations: an escalation about a conversation that has ended is not moved
    // on to the next level's supervisor.
    `SELECT i.id, i.org_id, i.team_id, i.conversation_id, i.from_person_id, i.to_person_id, i.escalation_level,
            COALESCE(i.level_started_at, i.created_at) AS level_started_at
     FROM interventions i JOIN conversations c ON c.id = i.conversation_id AND c.status = 'open'
     WHERE i.kind = 'escalation' AND i.state = 'offered'
     ORDER BY i.created_at, i.id LIMIT $1`,
    [Math.min(Math.max(query.limit ?? 500, 1), 5000)],
  );
  return rows.map(toOpenEscalation);
}

/**
 * Escalations of open conversations still waiting for one person's acknowledgement (they were
 * asked), oldest first: what must be asked of someone else when that person is deactivated.
 */
export async function listEscalationsWaitingOn(
  db: Queryable,
  input: { orgId: string; personId: string },
): Promise<OpenEscalationRecord[]> {
  if (!isUuid(input.personId)) return [];
  const rows = await db.query(
    `SELECT i.id, i.org_id, i.team_id, i.conversation_id, i.from_person_id, i.to_person_id, i.escalation_level,
            COALESCE(i.level_started_at, i.created_at) AS level_started_at
     FROM interventions i JOIN conversations c ON c.id = i.conversation_id AND c.status = 'open'
     WHERE i.org_id = $1 AND i.to_person_id = $2 AND i.kind = 'escalation' AND i.state = 'offered'
     ORDER BY i.created_at, i.id LIMIT 1000`,
    [input.orgId, input.personId],
  );
  return rows.map(toOpenEscalation);
}

/**
 * Asks someone else (or nobody: `toPersonId` null, left to the team's queue) to acknowledge an
 * escalation that waits on `fromPersonId`, at protocol level `level`, its clock restarted at `at`.
 * False when it was acknowledged, withdrawn or handed on meanwhile.
 */
export async function reassignEscalation(
  db: Queryable,
  input: {
    orgId: string;
    interventionId: string;
    fromPersonId: string;
    toPersonId: string | null;
    level: number;
    at: number;
  },
): Promise<boolean> {
  if (!isUuid(input.interventionId) || !isUuid(input.fromPersonId)) return false;
  const rows = await db.query(
    `UPDATE interventions SET to_person_id = $4::uuid, escalation_level = $5, level_started_at = $6, updated_at = $6
     WHERE org_id = $1 AND id = $2 AND kind = 'escalation' AND state = 'offered' AND to_person_id = $3
     RETURNING id`,
    [
      input.orgId,
      input.interventionId,
      input.fromPersonId,
      input.toPersonId,
      input.level,
      toTimestamp(input.at),
    ],
  );
  return rows.length > 0;
}

/**
 * Moves an open escalation from one protocol level to the next, asking `toPersonId` (or keeping
 * the current supervisor when null). False when it was acknowledged or moved meanwhile.
 */
export async function advanceEscalation(
  db: Queryable,
  input: {
    orgId: string;
    interventionId: string;
    fromLevel: number;
    toLevel: number;
    toPersonId: string | null;
    at: number;
  },
): Promise<boolean> {
  if (!isUuid(input.interventionId)) return false;
  const rows = await db.query(
    `UPDATE interventions SET escalation_level = $4, to_person_id = COALESCE($5::uuid, to_person_id),
       level_started_at = $6, updated_at = $6
     WHERE org_id = $1 AND id = $2 AND kind = 'escalation' AND state = 'offered' AND escalation_level = $3
     RETURNING id`,
    [
      input.orgId,
      input.interventionId,
      input.fromLevel,
      input.toLevel,
      input.toPersonId,
      toTimestamp(input.at),
    ],
  );
  return rows.length > 0;
}

export interface UnacknowledgedAlertRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  helperPersonId: string | null;
  /** The agent it is about: its news to the team's rooms is kept from them (`alertNews`). */
  agentPersonId: string | null;
  raisedAt: number;
}

/** Alerts still raised (nobody acknowledged them) that were raised before `raisedBefore`. */
export async function listUnacknowledgedAlerts(
  db: Queryable,
  query: { raisedBefore: number; limit?: number },
): Promise<UnacknowledgedAlertRecord[]> {
  const rows = await db.query(
    `SELECT id, org_id, team_id, conversation_id, helper_person_id, agent_person_id, raised_at FROM alerts
     WHERE state = 'raised' AND raised_at <= $1 ORDER BY raised_at, id LIMIT $2`,
    [toTimestamp(query.raisedBefore), Math.min(Math.max(query.limit ?? 500, 1), 5000)],
  );
  return rows.map((row) => ({
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    helperPersonId: readTextOrNull(row, "helper_person_id"),
    agentPersonId: readTextOrNull(row, "agent_person_id"),
    raisedAt: readMillis(row, "raised_at"),
  }));
}

/** Expires an alert that is still raised; false when someone acknowledged or closed it meanwhile. */
export async function expireUnacknowledgedAlert(
  db: Queryable,
  input: { orgId: string; alertId: string; at: number },
): Promise<boolean> {
  if (!isUuid(input.alertId)) return false;
  const rows = await db.query(
    `UPDATE alerts SET state = 'expired', closed_at = $3, updated_at = $3
     WHERE org_id = $1 AND id = $2 AND state = 'raised' RETURNING id`,
    [input.orgId, input.alertId, toTimestamp(input.at)],
  );
  return rows.length > 0;
}

export interface WaitingConversationRecord {
  id: string;
  orgId: string;
  teamId: string;
  agentPersonId: string | null;
  topic: string | null;
  risk: number;
  customerName: string | null;
  waitingSince: number;
}

/**
 * Open chats (and social threads) whose customer has waited for a reply since between
 * `waitingFrom` and `waitingBefore`, with no alert open on them and none raised during this wait:
 * each wait is told once. Oldest wait first. Reads the open conversations without an index on
 * `waiting_since` (one would end the message append's HOT updates), so callers run it sparingly.
 */
export async function findCustomersLeftWaiting(
  db: Queryable,
  input: { waitingBefore: number; waitingFrom: number | null; limit: number },
): Promise<WaitingConversationRecord[]> {
  const rows = await db.query(
    `SELECT c.id, c.org_id, c.team_id, c.assigned_person_id, c.topic, c.risk, c.waiting_since, cu.name AS customer_name
     FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id
     WHERE c.status = 'open' AND c.channel IN ('chat', 'social')
       AND c.waiting_since < $1 AND ($2::timestamptz IS NULL OR c.waiting_since >= $2)
       AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.conversation_id = c.id
                       AND (a.state IN ('raised', 'acknowledged') OR a.raised_at >= c.waiting_since))
     ORDER BY c.waiting_since, c.id LIMIT $3`,
    [
      toTimestamp(input.waitingBefore),
      toTimestamp(input.waitingFrom),
      Math.min(Math.max(input.limit, 1), 5000),
    ],
  );
  return rows.map((row) => ({
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    agentPersonId: readTextOrNull(row, "assigned_person_id"),
    topic: readTextOrNull(row, "topic"),
    risk: readNumber(row, "risk"),
    customerName: readTextOrNull(row, "customer_name"),
    waitingSince: readMillis(row, "waiting_since"),
  }));
}

/**
 * Inside the transaction that would raise the alert: locks the conversation if it is still open
 * and still waiting since `waitingSince`, then (a statement of its own, so it sees what another
 * instance committed while this one waited for the lock) checks that no alert is open on it and
 * none was raised during this wait. True: this transaction may tell this wait.
 */
export async function claimWaitToTell(
  db: Queryable,
  input: { orgId: string; conversationId: string; waitingSince: number },
): Promise<boolean> {
  if (!isUuid(input.conversationId)) return false;
  const locked = await db.query(
    `SELECT id FROM conversations
     WHERE org_id = $1 AND id = $2 AND status = 'open' AND waiting_since = $3 FOR UPDATE`,
    [input.orgId, input.conversationId, toTimestamp(input.waitingSince)],
  );
  if (locked.length === 0) return false;
  const told = await db.query(
    `SELECT 1 FROM alerts WHERE conversation_id = $1
       AND (state IN ('raised', 'acknowledged') OR raised_at >= $2) LIMIT 1`,
    [input.conversationId, toTimestamp(input.waitingSince)],
  );
  return told.length === 0;
}

import { randomUUID } from "node:crypto";
import { StoreError } from "./errors.ts";
import {
  buildUnnest,
  isUuid,
  readMillis,
  readMillisOrNull,
  readText,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

export type InterventionKind =
  "signal" | "whisper" | "takeover_offer" | "warm_transfer" | "escalation" | "raise_hand";
export type InterventionState = "offered" | "accepted" | "declined" | "done" | "withdrawn";

export const INTERVENTION_KINDS: readonly InterventionKind[] = [
  "signal",
  "whisper",
  "takeover_offer",
  "warm_transfer",
  "escalation",
  "raise_hand",
];
export const INTERVENTION_STATES: readonly InterventionState[] = [
  "offered",
  "accepted",
  "declined",
  "done",
  "withdrawn",
];

/**
 * offered → accepted | declined | done | withdrawn; accepted → done. Signals and whispers may be
 * created done. `withdrawn`: nobody answered before the conversation ended
 * (withdrawOffersOfConversations).
 */
export const INTERVENTION_TRANSITIONS: Readonly<Record<InterventionState, readonly InterventionState[]>> = {
  offered: ["accepted", "declined", "done", "withdrawn"],
  accepted: ["done"],
  declined: [],
  done: [],
  withdrawn: [],
};

/** Why a step-in stopped waiting without an answer. */
export type WithdrawnReason = "conversation_closed" | "person_deactivated";
export const WITHDRAWN_REASONS: readonly WithdrawnReason[] = ["conversation_closed", "person_deactivated"];

export interface InterventionRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  alertId: string | null;
  kind: InterventionKind;
  state: InterventionState;
  /** Who steps in (helper, or the agent raising a hand). */
  fromPersonId: string | null;
  /** Who receives it (the agent; the receiver of a transfer; the lead for an escalation). */
  toPersonId: string | null;
  /** Whisper text, takeover note, escalation reason. Private to the team. */
  text: string | null;
  /** Warm transfer: what the receiver reads so the customer need not repeat. */
  summary: string | null;
  /** Set when withdrawn: the conversation ended, or someone it involved was deactivated. */
  withdrawnReason: WithdrawnReason | null;
  createdAt: number;
  decidedAt: number | null;
  updatedAt: number;
}

const COLUMNS = `id, org_id, team_id, conversation_id, alert_id, kind, state, from_person_id, to_person_id, text,
  summary, withdrawn_reason, created_at, decided_at, updated_at`;

function toIntervention(row: Row): InterventionRecord {
  const kind = readText(row, "kind");
  const state = readText(row, "state");
  const withdrawn = readTextOrNull(row, "withdrawn_reason");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    alertId: readTextOrNull(row, "alert_id"),
    kind: INTERVENTION_KINDS.find((k) => k === kind) ?? "signal",
    state: INTERVENTION_STATES.find((s) => s === state) ?? "done",
    fromPersonId: readTextOrNull(row, "from_person_id"),
    toPersonId: readTextOrNull(row, "to_person_id"),
    text: readTextOrNull(row, "text"),
    summary: readTextOrNull(row, "summary"),
    withdrawnReason: WITHDRAWN_REASONS.find((r) => r === withdrawn) ?? null,
    createdAt: readMillis(row, "created_at"),
    decidedAt: readMillisOrNull(row, "decided_at"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

export interface CreateInterventionInput {
  orgId: string;
  teamId: string;
  conversationId: string;
  alertId?: string | null;
  kind: InterventionKind;
  /** Default "offered"; a signal or whisper that needs no answer can be created "done". */
  state?: InterventionState;
  fromPersonId?: string | null;
  toPersonId?: string | null;
  text?: string | null;
  summary?: string | null;
  at?: number;
}

export async function createIntervention(
  db: Queryable,
  input: CreateInterventionInput,
): Promise<InterventionRecord> {
  const [created] = await createInterventions(db, [input]);
  if (!created) throw new StoreError("INVALID_INPUT", "intervention was not created");
  return created;
}

/**
 * Creates many interventions with one statement (an ingest group escalating several alerts);
 * returns them in input order. Bad input names every problem and writes nothing.
 */
export async function createInterventions(
  db: Queryable,
  inputs: readonly CreateInterventionInput[],
): Promise<InterventionRecord[]> {
  if (inputs.length === 0) return [];
  const problems: string[] = [];
  inputs.forEach((input, i) => {
    const where = inputs.length === 1 ? "" : `interventions[${i}]: `;
    if (!INTERVENTION_KINDS.includes(input.kind))
      problems.push(`${where}intervention kind must be one of ${INTERVENTION_KINDS.join(", ")}`);
    if (input.kind === "warm_transfer" && !input.summary)
      problems.push(`${where}a warm transfer needs a summary for the receiver`);
  });
  if (problems.length > 0) throw new StoreError("INVALID_INPUT", problems.join("; "), { problems });
  // Ids are chosen here so the rows can be handed back in input order.
  const ids = inputs.map(() => randomUUID());
  const { sql, params } = buildUnnest(
    inputs.map((input, i) => [
      ids[i],
      input.orgId,
      input.teamId,
      input.conversationId,
      input.alertId ?? null,
      input.kind,
      input.state ?? "offered",
      input.fromPersonId ?? null,
      input.toPersonId ?? null,
      input.text ?? null,
      input.summary ?? null,
      toTimestamp(input.at),
    ]),
    ["uuid", "uuid", "uuid", "uuid", "uuid", "text", "text", "uuid", "uuid", "text", "text", "timestamptz"],
  );
  const rows = await db.query(
    `INSERT INTO interventions (id, org_id, team_id, conversation_id, alert_id, kind, state, from_person_id,
                                to_person_id, text, summary, created_at, updated_at)
     SELECT id, org_id, team_id, conversation_id, alert_id, kind, state, from_person_id, to_person_id, text,
            summary, COALESCE(at, now()), COALESCE(at, now())
     FROM ${sql} AS v(id, org_id, team_id, conversation_id, alert_id, kind, state, from_person_id, to_person_id,
                      text, summary, at)
     RETURNING ${COLUMNS}`,
    params,
  );
  const byId = new Map(rows.map((row) => [readText(row, "id"), toIntervention(row)]));
  return ids.map((id) => {
    const created = byId.get(id);
    if (created === undefined) throw new StoreError("INVALID_INPUT", "an intervention was not created");
    return created;
  });
}

export async function findInterventionById(
  db: Queryable,
  orgId: string,
  interventionId: string,
): Promise<InterventionRecord | null> {
  if (!isUuid(interventionId)) return null;
  const [row] = await db.query(`SELECT ${COLUMNS} FROM interventions WHERE org_id = $1 AND id = $2`, [
    orgId,
    interventionId,
  ]);
  return row ? toIntervention(row) : null;
}

/**
 * Interventions, oldest first. When more than `limit` match, the newest `limit` are returned: a
 * long-lived team or person has more than any page shows, and what is new is what they need (the
 * oldest were returned before, so a new escalation or offer fell off the end once there were 500).
 */
export async function listInterventions(
  db: Queryable,
  query: {
    orgId: string;
    teamIds?: string[];
    conversationId?: string;
    personId?: string;
    states?: InterventionState[];
    kind?: InterventionKind;
    /** Only those about conversations still open (an offer about one that ended is moot). */
    openConversationsOnly?: boolean;
    /**
     * Every one still offered, however old, besides the newest `limit` (the escalation queue: all
     * that wait, and the latest handled; it read a team's 500 newest to show a screenful).
     */
    withEveryOffered?: boolean;
    limit?: number;
  },
): Promise<InterventionRecord[]> {
  if (query.conversationId !== undefined && !isUuid(query.conversationId)) return [];
  const where = `org_id = $1
         AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[]))
         AND ($3::uuid IS NULL OR conversation_id = $3)
         AND ($4::uuid IS NULL OR from_person_id = $4 OR to_person_id = $4)
         AND ($5::text[] IS NULL OR state = ANY($5::text[]))
         AND (NOT $7::bool
              OR conversation_id IN (SELECT c.id FROM conversations c WHERE c.org_id = $1 AND c.status = 'open'))
         AND ($8::text IS NULL OR kind = $8)`;
  const rows = await db.query(
    `SELECT * FROM (
       (SELECT ${COLUMNS} FROM interventions i WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $6)
       UNION
       SELECT ${COLUMNS} FROM interventions i WHERE $9::bool AND state = 'offered' AND ${where}
     ) newest ORDER BY created_at, id`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.conversationId ?? null,
      query.personId ?? null,
      query.states ?? null,
      Math.min(Math.max(query.limit ?? 500, 1), 5000),
      query.openConversationsOnly === true,
      query.kind ?? null,
      query.withEveryOffered === true,
    ],
  );
  return rows.map(toIntervention);
}

/** Answers or completes an intervention; a second answer is INVALID_TRANSITION. */
export async function transitionIntervention(
  db: Queryable,
  input: {
    orgId: string;
    interventionId: string;
    to: InterventionState;
    at?: number;
    summary?: string;
    /** Who it is with from now on: the lead who took on an escalation asked of another. */
    toPersonId?: string;
  },
): Promise<InterventionRecord> {
  if (!INTERVENTION_STATES.includes(input.to)) {
    throw new StoreError(
      "INVALID_INPUT",
      `intervention state must be one of ${INTERVENTION_STATES.join(", ")}`,
    );
  }
  const from = INTERVENTION_STATES.filter((s) => INTERVENTION_TRANSITIONS[s].includes(input.to));
  const [row] = await db.query(
    `UPDATE interventions SET state = $3,
       decided_at = CASE WHEN state = 'offered' THEN COALESCE($5, now()) ELSE decided_at END,
       summary = COALESCE($6, summary),
       to_person_id = COALESCE($7::uuid, to_person_id),
       updated_at = COALESCE($5, now())
     WHERE org_id = $1 AND id = $2 AND state = ANY($4::text[])
     RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.interventionId,
      input.to,
      from,
      toTimestamp(input.at),
      input.summary ?? null,
      input.toPersonId ?? null,
    ],
  );
  if (row) return toIntervention(row);
  const current = await findInterventionById(db, input.orgId, input.interventionId);
  if (!current) throw new StoreError("NOT_FOUND", `intervention ${input.interventionId} not found`);
  throw new StoreError(
    "INVALID_TRANSITION",
    `intervention ${input.interventionId} is ${current.state}; it cannot become ${input.to}`,
    { from: current.state, to: input.to },
  );
}

/**
 * Withdraws what still waits for an answer in conversations that just ended: takeover offers,
 * warm transfers, escalations and raised hands left `offered`. Returns them, withdrawn.
 */
export async function withdrawOffersOfConversations(
  db: Queryable,
  input: { conversationIds: readonly string[]; at?: number },
): Promise<InterventionRecord[]> {
  const ids = input.conversationIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db.query(
    `UPDATE interventions SET state = 'withdrawn', withdrawn_reason = 'conversation_closed',
       decided_at = COALESCE($2, now()), updated_at = COALESCE($2, now())
     WHERE conversation_id = ANY($1::uuid[]) AND state = 'offered'
     RETURNING ${COLUMNS}`,
    [ids, toTimestamp(input.at)],
  );
  return rows.map(toIntervention);
}

/**
 * Withdraws the given step-ins that still wait for an answer, saying why. Returns those it
 * withdrew; one answered meanwhile is left as it is (and absent from the result).
 */
export async function withdrawInterventions(
  db: Queryable,
  input: { orgId: string; interventionIds: readonly string[]; reason: WithdrawnReason; at?: number },
): Promise<InterventionRecord[]> {
  if (!WITHDRAWN_REASONS.includes(input.reason)) {
    throw new StoreError("INVALID_INPUT", `reason must be one of ${WITHDRAWN_REASONS.join(", ")}`);
  }
  const ids = input.interventionIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db.query(
    `UPDATE interventions SET state = 'withdrawn', withdrawn_reason = $3,
       decided_at = COALESCE($4, now()), updated_at = COALESCE($4, now())
     WHERE org_id = $1 AND id = ANY($2::uuid[]) AND state = 'offered'
     RETURNING ${COLUMNS}`,
    [input.orgId, ids, input.reason, toTimestamp(input.at)],
  );
  return rows.map(toIntervention);
}

/**
 * For each conversation, the risk of the alert behind its latest declined takeover offer (null
 * when the offer had no alert); conversations without one are absent. One statement for a group.
 */
export async function findLatestDeclinedTakeovers(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, number | null>> {
  const ids = conversationIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.query(
    `SELECT DISTINCT ON (i.conversation_id) i.conversation_id, a.risk AS alert_risk
     FROM interventions i LEFT JOIN alerts a ON a.org_id = i.org_id AND a.id = i.alert_id
     WHERE i.org_id = $1 AND i.conversation_id = ANY($2::uuid[])
       AND i.kind = 'takeover_offer' AND i.state = 'declined'
     ORDER BY i.conversation_id, i.created_at DESC, i.id DESC`,
    [orgId, ids],
  );
  return new Map(
    rows.map((row) => {
      const risk = row["alert_risk"];
      return [readText(row, "conversation_id"), risk === null || risk === undefined ? null : Number(risk)];
    }),
  );
}

/** A teammate already helping on a conversation: their newest signal, whisper or pending offer to its agent. */
export interface CurrentHelper {
  personId: string;
  /** What they did: "takeover_offer" only while the offer waits for an answer. */
  kind: "signal" | "whisper" | "takeover_offer";
  /** The agent they helped (the conversation may have changed hands since). */
  toPersonId: string | null;
  at: number;
}

/**
 * Who is already helping on each given conversation, newest first, one row per teammate: the
 * signals and whispers they sent and the takeover offers still waiting for an answer. One
 * statement. A new reason to step in goes to them as an update, not to them as if new.
 */
export async function findCurrentHelpers(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, CurrentHelper[]>> {
  const ids = conversationIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (conversation_id, from_person_id) conversation_id, from_person_id, kind, to_person_id,
         created_at
       FROM interventions
       WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])
         AND (kind IN ('signal', 'whisper') OR (kind = 'takeover_offer' AND state = 'offered'))
       ORDER BY conversation_id, from_person_id, created_at DESC, id DESC
     ) helpers ORDER BY created_at DESC`,
    [orgId, ids],
  );
  const byConversation = new Map<string, CurrentHelper[]>();
  for (const row of rows) {
    const id = readText(row, "conversation_id");
    const list = byConversation.get(id) ?? [];
    list.push({
      personId: readText(row, "from_person_id"),
      kind: readText(row, "kind") as CurrentHelper["kind"],
      toPersonId: readTextOrNull(row, "to_person_id"),
      at: readMillis(row, "created_at"),
    });
    byConversation.set(id, list);
  }
  return byConversation;
}

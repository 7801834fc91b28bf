import { StoreError } from "./errors.ts";
import type { Rung } from "./analyses.ts";
import {
  buildUnnest,
  isUuid,
  joinNameList,
  nameListProblem,
  readBoolean,
  readJson,
  readMillis,
  readMillisOrNull,
  readNumber,
  readNumberOrNull,
  readText,
  readTextArray,
  readTextOrNull,
  splitNameListSql,
  toJsonParam,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

export type AlertState = "raised" | "acknowledged" | "acted_on" | "dismissed_not_useful" | "expired";
export const ALERT_STATES: readonly AlertState[] = [
  "raised",
  "acknowledged",
  "acted_on",
  "dismissed_not_useful",
  "expired",
];

/** raised → acknowledged → acted_on; raised/acknowledged → dismissed_not_useful | expired. */
export const ALERT_TRANSITIONS: Readonly<Record<AlertState, readonly AlertState[]>> = {
  raised: ["acknowledged", "acted_on", "dismissed_not_useful", "expired"],
  acknowledged: ["acted_on", "dismissed_not_useful", "expired"],
  acted_on: [],
  dismissed_not_useful: [],
  expired: [],
};

/** States in which an alert still asks for attention (dedupe, cooldown, the helper's queue). */
export const OPEN_ALERT_STATES: readonly AlertState[] = ["raised", "acknowledged"];

export interface AlertRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  messageId: string | null;
  messageIndex: number | null;
  /** The struggling agent. */
  agentPersonId: string | null;
  /** The teammate asked to help (never the agent). */
  helperPersonId: string | null;
  state: AlertState;
  reasons: string[];
  rung: Rung;
  escalate: boolean;
  needsAuthority: boolean;
  risk: number;
  why: string;
  routing: string;
  suggestion: string | null;
  factId: string | null;
  /** Evidence spans, as the server shaped them (JSON array). */
  evidence: JsonValue;
  raisedAt: number;
  acknowledgedAt: number | null;
  closedAt: number | null;
  updatedAt: number;
}

const COLUMNS = `id, org_id, team_id, conversation_id, message_id, message_index, agent_person_id, helper_person_id,
  state, reasons, rung, escalate, needs_authority, risk, why, routing, suggestion, fact_id, evidence, raised_at,
  acknowledged_at, closed_at, updated_at`;

function toAlert(row: Row): AlertRecord {
  const state = readText(row, "state");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    messageId: readTextOrNull(row, "message_id"),
    messageIndex: readNumberOrNull(row, "message_index"),
    agentPersonId: readTextOrNull(row, "agent_person_id"),
    helperPersonId: readTextOrNull(row, "helper_person_id"),
    state: ALERT_STATES.find((s) => s === state) ?? "expired",
    reasons: readTextArray(row, "reasons"),
    rung: readText(row, "rung") as Rung,
    escalate: readBoolean(row, "escalate"),
    needsAuthority: readBoolean(row, "needs_authority"),
    risk: readNumber(row, "risk"),
    why: readText(row, "why"),
    routing: readText(row, "routing"),
    suggestion: readTextOrNull(row, "suggestion"),
    factId: readTextOrNull(row, "fact_id"),
    evidence: readJson(row, "evidence"),
    raisedAt: readMillis(row, "raised_at"),
    acknowledgedAt: readMillisOrNull(row, "acknowledged_at"),
    closedAt: readMillisOrNull(row, "closed_at"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

export interface RaiseAlertInput {
  orgId: string;
  teamId: string;
  conversationId: string;
  messageId?: string | null;
  messageIndex?: number | null;
  agentPersonId?: string | null;
  helperPersonId?: string | null;
  reasons: string[];
  rung: Rung;
  escalate?: boolean;
  needsAuthority?: boolean;
  risk: number;
  why: string;
  routing?: string;
  suggestion?: string | null;
  factId?: string | null;
  evidence?: JsonValue;
  /** The parts of `why` that say what the agent got wrong, with their facts (`WrongFactWhy`). */
  wrongFactWhys?: readonly WrongFactWhy[];
  raisedAt?: number;
}

/**
 * A part of an alert's why that says what the agent got wrong, and the fact it is about: what the
 * card drops, by this and not by its words, once the agent puts the fact right.
 */
export interface WrongFactWhy {
  factId: string;
  why: string;
}

/** The stored wrong-fact parts of a why (none for alerts raised before they were kept). */
function readWrongFactWhys(row: Row): WrongFactWhy[] {
  const value = readJson(row, "wrong_fact_whys");
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) =>
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    typeof v.factId === "string" &&
    typeof v.why === "string"
      ? [{ factId: v.factId, why: v.why }]
      : [],
  );
}

/** Raises one alert: the one-row case of `raiseAlerts`, so both paths share one INSERT. */
export async function raiseAlert(db: Queryable, input: RaiseAlertInput): Promise<AlertRecord> {
  const [alert] = await raiseAlerts(db, [input]);
  if (alert === undefined) throw new StoreError("INVALID_INPUT", "alert was not raised");
  return alert;
}

export async function findAlertById(
  db: Queryable,
  orgId: string,
  alertId: string,
): Promise<AlertRecord | null> {
  if (!isUuid(alertId)) return null;
  const [row] = await db.query(`SELECT ${COLUMNS} FROM alerts WHERE org_id = $1 AND id = $2`, [
    orgId,
    alertId,
  ]);
  return row ? toAlert(row) : null;
}

/** The newest still-open alert on a conversation (no duplicate alerts while one is open). */
export async function findOpenAlertForConversation(
  db: Queryable,
  orgId: string,
  conversationId: string,
): Promise<AlertRecord | null> {
  if (!isUuid(conversationId)) return null;
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM alerts WHERE org_id = $1 AND conversation_id = $2 AND state IN ('raised', 'acknowledged')
     ORDER BY raised_at DESC, id DESC LIMIT 1`,
    [orgId, conversationId],
  );
  return row ? toAlert(row) : null;
}

export interface ListAlertsQuery {
  orgId: string;
  teamIds?: string[];
  states?: AlertState[];
  conversationId?: string;
  helperPersonId?: string;
  /** Only these alerts (ids that are not uuids match none). */
  ids?: readonly string[];
  limit?: number;
}

/** Alerts, newest first. */
export async function listAlerts(db: Queryable, query: ListAlertsQuery): Promise<AlertRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM alerts
     WHERE org_id = $1
       AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[]))
       AND ($3::text[] IS NULL OR state = ANY($3::text[]))
       AND ($4::uuid IS NULL OR conversation_id = $4)
       AND ($5::uuid IS NULL OR helper_person_id = $5)
       AND ($7::uuid[] IS NULL OR id = ANY($7::uuid[]))
     ORDER BY raised_at DESC, id DESC LIMIT $6`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.states ?? null,
      query.conversationId ?? null,
      query.helperPersonId ?? null,
      Math.min(Math.max(query.limit ?? 200, 1), 1000),
      query.ids ? query.ids.filter(isUuid) : null,
    ],
  );
  return rows.map(toAlert);
}

/**
 * Moves an alert along its lifecycle. The UPDATE only matches when the current state allows `to`,
 * so two people acting at once cannot both win: the loser gets INVALID_TRANSITION.
 */
export async function transitionAlert(
  db: Queryable,
  input: { orgId: string; alertId: string; to: AlertState; at?: number },
): Promise<AlertRecord> {
  if (!ALERT_STATES.includes(input.to)) {
    throw new StoreError("INVALID_INPUT", `alert state must be one of ${ALERT_STATES.join(", ")}`);
  }
  const from = ALERT_STATES.filter((s) => ALERT_TRANSITIONS[s].includes(input.to));
  const [row] = await db.query(
    `UPDATE alerts SET state = $3,
       acknowledged_at = CASE WHEN $3 = 'acknowledged' THEN COALESCE($5, now()) ELSE acknowledged_at END,
       closed_at = CASE WHEN $3 IN ('acted_on', 'dismissed_not_useful', 'expired') THEN COALESCE($5, now()) ELSE closed_at END,
       updated_at = COALESCE($5, now())
     WHERE org_id = $1 AND id = $2 AND state = ANY($4::text[])
     RETURNING ${COLUMNS}`,
    [input.orgId, input.alertId, input.to, from, toTimestamp(input.at)],
  );
  if (row) return toAlert(row);
  const current = await findAlertById(db, input.orgId, input.alertId);
  if (!current) throw new StoreError("NOT_FOUND", `alert ${input.alertId} not found`);
  throw new StoreError(
    "INVALID_TRANSITION",
    `alert ${input.alertId} is ${current.state}; it cannot become ${input.to}`,
    {
      from: current.state,
      to: input.to,
    },
  );
}

/** Reroutes an open alert to another helper (the first could not resolve it). */
export async function reassignAlertHelper(
  db: Queryable,
  input: { orgId: string; alertId: string; helperPersonId: string; routing?: string },
): Promise<AlertRecord> {
  const [row] = await db.query(
    `UPDATE alerts SET helper_person_id = $3, routing = COALESCE($4, routing), state = 'raised',
                       acknowledged_at = NULL, updated_at = now()
     WHERE org_id = $1 AND id = $2 AND state IN ('raised', 'acknowledged')
       AND agent_person_id IS DISTINCT FROM $3::uuid
     RETURNING ${COLUMNS}`,
    [input.orgId, input.alertId, input.helperPersonId, input.routing ?? null],
  );
  if (row) return toAlert(row);
  const current = await findAlertById(db, input.orgId, input.alertId);
  if (!current) throw new StoreError("NOT_FOUND", `alert ${input.alertId} not found`);
  if (current.agentPersonId === input.helperPersonId) {
    throw new StoreError("INVALID_INPUT", "the helper cannot be the struggling agent");
  }
  throw new StoreError(
    "INVALID_TRANSITION",
    `alert ${input.alertId} is ${current.state}; it cannot be rerouted`,
  );
}

/** Expires every open alert raised before `raisedBefore`; returns them (to emit alert.expired). */
export async function expireAlerts(
  db: Queryable,
  input: { orgId?: string; raisedBefore: number; now?: number },
): Promise<AlertRecord[]> {
  const rows = await db.query(
    `UPDATE alerts SET state = 'expired', closed_at = COALESCE($3, now()), updated_at = COALESCE($3, now())
     WHERE ($1::uuid IS NULL OR org_id = $1) AND state IN ('raised', 'acknowledged') AND raised_at < $2
     RETURNING ${COLUMNS}`,
    [input.orgId ?? null, toTimestamp(input.raisedBefore), toTimestamp(input.now)],
  );
  return rows.map(toAlert);
}

/**
 * Raises many alerts in one multi-row INSERT (the ingest path: one statement per group, however
 * many conversations need help). Returns the alerts in input order.
 */
export async function raiseAlerts(db: Queryable, inputs: readonly RaiseAlertInput[]): Promise<AlertRecord[]> {
  if (inputs.length === 0) return [];
  const problems: string[] = [];
  inputs.forEach((input, i) => {
    if (input.helperPersonId && input.helperPersonId === input.agentPersonId)
      problems.push(`alerts[${i}]: the helper cannot be the struggling agent`);
    const reasons = nameListProblem(`alerts[${i}].reasons`, input.reasons);
    if (reasons !== null) problems.push(reasons);
  });
  if (problems.length > 0) throw new StoreError("INVALID_INPUT", problems.join("; "), { problems });
  // One text of columns per field (unnest): the same statement text for any number of alerts, so
  // it is parsed once; reasons travel joined (joinNameList).
  const { sql, params } = buildUnnest(
    inputs.map((input, i) => [
      i,
      input.orgId,
      input.teamId,
      input.conversationId,
      input.messageId ?? null,
      input.messageIndex ?? null,
      input.agentPersonId ?? null,
      input.helperPersonId ?? null,
      joinNameList(input.reasons),
      input.rung,
      input.escalate ?? false,
      input.needsAuthority ?? false,
      input.risk,
      input.why,
      input.routing ?? "",
      input.suggestion ?? null,
      input.factId ?? null,
      toJsonParam(input.evidence ?? []),
      toJsonParam((input.wrongFactWhys ?? []).map((w) => ({ factId: w.factId, why: w.why }))),
      toTimestamp(input.raisedAt),
    ]),
    [
      "int",
      "uuid",
      "uuid",
      "uuid",
      "uuid",
      "int",
      "uuid",
      "uuid",
      "text",
      "text",
      "boolean",
      "boolean",
      "real",
      "text",
      "text",
      "text",
      "text",
      "jsonb",
      "jsonb",
      "timestamptz",
    ],
  );
  const rows = await db.query(
    `WITH inserted AS (
       INSERT INTO alerts (org_id, team_id, conversation_id, message_id, message_index, agent_person_id,
                           helper_person_id, reasons, rung, escalate, needs_authority, risk, why, routing,
                           suggestion, fact_id, evidence, wrong_fact_whys, raised_at, updated_at)
       SELECT org_id, team_id, conversation_id, message_id, message_index, agent_person_id, helper_person_id,
              ${splitNameListSql("reasons")}, rung, escalate, needs_authority, risk, why, routing,
              suggestion, fact_id, evidence, wrong_fact_whys, COALESCE(raised_at, now()), COALESCE(raised_at, now())
       FROM ${sql} AS v(ord, org_id, team_id, conversation_id, message_id, message_index, agent_person_id,
                        helper_person_id, reasons, rung, escalate, needs_authority, risk, why, routing,
                        suggestion, fact_id, evidence, wrong_fact_whys, raised_at)
       ORDER BY ord
       RETURNING id, conversation_id, message_id, risk, raised_at)
     SELECT * FROM inserted`,
    params,
  );
  if (rows.length !== inputs.length) throw new StoreError("INVALID_INPUT", "not every alert was raised");
  // Only the generated values come back (and the risk, as the real column rounds it): the rest of
  // each record is what was sent, so the evidence is not turned back into JSON and parsed again.
  // RETURNING carries no input order: rows are matched back by conversation and message.
  const queues = new Map<string, Row[]>();
  for (const row of rows) {
    const k = `${readText(row, "conversation_id")}:${readTextOrNull(row, "message_id") ?? ""}`;
    queues.set(k, [...(queues.get(k) ?? []), row]);
  }
  return inputs.map((input) => {
    const row = queues.get(`${input.conversationId}:${input.messageId ?? ""}`)?.shift();
    if (row === undefined) throw new StoreError("INVALID_INPUT", "an alert was not raised");
    const raisedAt = readMillis(row, "raised_at");
    return {
      id: readText(row, "id"),
      orgId: input.orgId,
      teamId: input.teamId,
      conversationId: input.conversationId,
      messageId: input.messageId ?? null,
      messageIndex: input.messageIndex ?? null,
      agentPersonId: input.agentPersonId ?? null,
      helperPersonId: input.helperPersonId ?? null,
      state: "raised",
      reasons: [...input.reasons],
      rung: input.rung,
      escalate: input.escalate ?? false,
      needsAuthority: input.needsAuthority ?? false,
      risk: readNumber(row, "risk"),
      why: input.why,
      routing: input.routing ?? "",
      suggestion: input.suggestion ?? null,
      factId: input.factId ?? null,
      evidence: input.evidence ?? [],
      raisedAt,
      acknowledgedAt: null,
      closedAt: null,
      updatedAt: raisedAt,
    };
  });
}

/**
 * Expires many open alerts in one statement (a newer reading replaced them). Alerts no longer open
 * (a helper closed one meanwhile) are left alone; returns the ids actually expired.
 */
export async function expireOpenAlerts(
  db: Queryable,
  input: { orgId: string; alertIds: readonly string[]; at?: number },
): Promise<Set<string>> {
  const ids = input.alertIds.filter(isUuid);
  if (ids.length === 0) return new Set();
  const rows = await db.query(
    `UPDATE alerts SET state = 'expired', closed_at = COALESCE($3, now()), updated_at = COALESCE($3, now())
     WHERE org_id = $1 AND id = ANY($2::uuid[]) AND state IN ('raised', 'acknowledged')
     RETURNING id`,
    [input.orgId, ids, toTimestamp(input.at)],
  );
  return new Set(rows.map((row) => readText(row, "id")));
}

/** What an open alert's card says once revised (`reviseOpenAlertCards`). */
export interface RevisedAlertCard {
  alertId: string;
  reasons: readonly string[];
  /** The step the kept reasons call for (never above the card's own). */
  rung: Rung;
  why: string;
  suggestion: string | null;
  factId: string | null;
  evidence: JsonValue;
  /** The parts of `why` that still say what the agent got wrong (`WrongFactWhy`). */
  wrongFactWhys: readonly WrongFactWhy[];
}

/**
 * Rewrites what open alerts' cards say (reasons, rung, why, suggestion, fact, evidence) in one statement:
 * the agent put right the wrong fact one of them asked to correct. Alerts no longer open are left
 * alone; returns those revised, with whom to tell.
 */
export async function reviseOpenAlertCards(
  db: Queryable,
  input: { orgId: string; cards: readonly RevisedAlertCard[]; at?: number },
): Promise<Pick<AlertRecord, "id" | "teamId" | "conversationId" | "helperPersonId">[]> {
  const cards = input.cards.filter((c) => isUuid(c.alertId));
  if (cards.length === 0) return [];
  const problems = cards.flatMap((c, i) => {
    const problem = nameListProblem(`cards[${i}].reasons`, c.reasons);
    return problem === null ? [] : [problem];
  });
  if (problems.length > 0) throw new StoreError("INVALID_INPUT", problems.join("; "), { problems });
  const { sql, params } = buildUnnest(
    cards.map((c) => [
      c.alertId,
      joinNameList(c.reasons),
      c.rung,
      c.why,
      c.suggestion,
      c.factId,
      toJsonParam(c.evidence),
      toJsonParam(c.wrongFactWhys.map((w) => ({ factId: w.factId, why: w.why }))),
    ]),
    ["uuid", "text", "text", "text", "text", "text", "jsonb", "jsonb"],
    3,
  );
  const rows = await db.query(
    `UPDATE alerts a SET reasons = ${splitNameListSql("v.reasons")}, rung = v.rung, why = v.why, suggestion = v.suggestion,
            fact_id = v.fact_id, evidence = v.evidence, wrong_fact_whys = v.wrong_fact_whys,
            updated_at = COALESCE($2, now())
     FROM ${sql} AS v(id, reasons, rung, why, suggestion, fact_id, evidence, wrong_fact_whys)
     WHERE a.org_id = $1 AND a.id = v.id AND a.state IN ('raised', 'acknowledged')
     RETURNING a.id, a.team_id, a.conversation_id, a.helper_person_id`,
    [input.orgId, toTimestamp(input.at), ...params],
  );
  return rows.map((row) => ({
    id: readText(row, "id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    helperPersonId: readTextOrNull(row, "helper_person_id"),
  }));
}

/** A reading that said step in, as its line's stored analysis has it (`findAlertReadings`). */
export interface AlertReading {
  /** The line's position in the transcript. */
  position: number;
  reasons: string[];
  suggestion: string | null;
  factId: string | null;
}

/**
 * The readings each alert's card was made from, newest first: the lines of its conversation up to
 * the alert's own whose stored analysis said step in (at most `perAlert` each), read in one
 * statement. An alert raised outside the engine's readings (no line) has none.
 */
export async function findAlertReadings(
  db: Queryable,
  orgId: string,
  alertIds: readonly string[],
  perAlert = 20,
): Promise<Map<string, AlertReading[]>> {
  const ids = alertIds.filter(isUuid);
  const found = new Map<string, AlertReading[]>();
  if (ids.length === 0) return found;
  const rows = await db.query(
    `SELECT a.id AS alert_id, m.position, m.analysis->'stepIn' AS step
     FROM alerts a
     CROSS JOIN LATERAL (
       SELECT position, analysis FROM messages
       WHERE org_id = a.org_id AND conversation_id = a.conversation_id AND position <= a.message_index
         AND rung IS NOT NULL AND rung <> 'observe' AND analysis->'stepIn'->>'raise' = 'true'
       ORDER BY position DESC LIMIT $3
     ) m
     WHERE a.org_id = $1 AND a.id = ANY($2::uuid[])
     ORDER BY a.id, m.position DESC`,
    [orgId, ids, perAlert],
  );
  for (const row of rows) {
    const step = readJson(row, "step");
    if (typeof step !== "object" || step === null || Array.isArray(step)) continue;
    const list = found.get(readText(row, "alert_id")) ?? [];
    list.push({
      position: readNumber(row, "position"),
      reasons: Array.isArray(step.reasons)
        ? step.reasons.filter((r): r is string => typeof r === "string")
        : [],
      suggestion: typeof step.suggestion === "string" ? step.suggestion : null,
      factId: typeof step.factId === "string" ? step.factId : null,
    });
    found.set(readText(row, "alert_id"), list);
  }
  return found;
}

/**
 * Expires the open alerts (raised or acknowledged) of conversations that have ended, in one
 * statement: nobody should be sent to step into a conversation that is over. Returns what the
 * caller needs to free each helper's load and tell them.
 */
export async function expireAlertsOfConversations(
  db: Queryable,
  input: { conversationIds: readonly string[]; at?: number },
): Promise<Pick<AlertRecord, "id" | "orgId" | "teamId" | "conversationId" | "helperPersonId">[]> {
  const ids = input.conversationIds.filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db.query(
    `UPDATE alerts SET state = 'expired', closed_at = COALESCE($2, now()), updated_at = COALESCE($2, now())
     WHERE conversation_id = ANY($1::uuid[]) AND state IN ('raised', 'acknowledged')
     RETURNING id, org_id, team_id, conversation_id, helper_person_id`,
    [ids, toTimestamp(input.at)],
  );
  return rows.map((row) => ({
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    helperPersonId: row.helper_person_id == null ? null : readText(row, "helper_person_id"),
  }));
}

/** How alerts ended up, counted: the feedback a team tunes its thresholds with. */
export interface AlertOutcomeCounts {
  raised: number;
  /** Acted on, or closed as handled. */
  actedOn: number;
  /** Dismissed by the helper as not useful. */
  notUseful: number;
  /** Nobody acknowledged it in time, or its conversation ended first. */
  expired: number;
  /** Still raised or acknowledged. */
  open: number;
}

const emptyOutcome = (): AlertOutcomeCounts => ({ raised: 0, actedOn: 0, notUseful: 0, expired: 0, open: 0 });

function addOutcome(counts: AlertOutcomeCounts, state: string, n: number): void {
  counts.raised += n;
  if (state === "acted_on") counts.actedOn += n;
  else if (state === "dismissed_not_useful") counts.notUseful += n;
  else if (state === "expired") counts.expired += n;
  else counts.open += n;
}

/**
 * The outcomes of the alerts raised in some teams since a time: in all (each alert once), and by
 * each reason the engine gave (an alert with two reasons counts under both). One statement.
 */
export async function countAlertOutcomes(
  db: Queryable,
  query: { orgId: string; teamIds: readonly string[]; since: number },
): Promise<{ total: AlertOutcomeCounts; byReason: Map<string, AlertOutcomeCounts> }> {
  const teamIds = query.teamIds.filter(isUuid);
  const total = emptyOutcome();
  const byReason = new Map<string, AlertOutcomeCounts>();
  if (teamIds.length === 0) return { total, byReason };
  const rows = await db.query(
    `WITH picked AS MATERIALIZED (
       SELECT state, reasons FROM alerts
       WHERE org_id = $1 AND team_id = ANY($2::uuid[]) AND raised_at >= $3
     )
     SELECT true AS total, NULL::text AS reason, state, count(*)::int AS n FROM picked GROUP BY state
     UNION ALL
     SELECT false, r.reason, p.state, count(*)::int FROM picked p, unnest(p.reasons) AS r(reason)
     GROUP BY r.reason, p.state`,
    [query.orgId, teamIds, toTimestamp(query.since)],
  );
  for (const row of rows) {
    const state = readText(row, "state");
    const n = readNumber(row, "n");
    if (row.total === true) {
      addOutcome(total, state, n);
      continue;
    }
    const reason = readText(row, "reason");
    const counts = byReason.get(reason) ?? emptyOutcome();
    addOutcome(counts, state, n);
    byReason.set(reason, counts);
  }
  return { total, byReason };
}

/**
 * What ingest needs of a conversation's open alert to decide whether a new reading replaces it,
 * and what a replacement carries over from it (the reasons the new reading does not repeat).
 */
export type OpenAlert = Pick<
  AlertRecord,
  | "id"
  | "conversationId"
  | "agentPersonId"
  | "helperPersonId"
  | "state"
  | "reasons"
  | "rung"
  | "risk"
  | "needsAuthority"
  | "why"
  | "suggestion"
  | "factId"
  | "evidence"
> & { wrongFactWhys: WrongFactWhy[] };

/**
 * Of conversations whose readings the cooldown held back, those where one may still go out
 * (`worseWhileGone`, server/live/raiseAlerts.ts): an alert open or acted on whose risk is below the
 * reading's by more than `margin`, and someone on it who may have gone: the alert's helper away,
 * offline or without tagteam open, or a teammate who signalled, whispered or offered to take
 * over. One lean statement, so ingest reads the whole routing context (helper candidates and the
 * rest) only for these, not for every held reading. It may answer more than can go out, never less.
 */
export async function findHeldReadingsWorthRouting(
  db: Queryable,
  orgId: string,
  readings: readonly { conversationId: string; risk: number }[],
  margin: number,
): Promise<Set<string>> {
  const riskOf = new Map<string, number>();
  for (const r of readings)
    if (isUuid(r.conversationId))
      riskOf.set(r.conversationId, Math.max(r.risk, riskOf.get(r.conversationId) ?? -Infinity));
  if (riskOf.size === 0) return new Set();
  const rows = await db.query(
    `SELECT a.conversation_id, min(a.risk) AS risk FROM alerts a
     LEFT JOIN people p ON p.org_id = a.org_id AND p.id = a.helper_person_id
     WHERE a.org_id = $1 AND a.conversation_id = ANY($2::uuid[])
       AND a.state IN ('raised', 'acknowledged', 'acted_on')
       AND ((a.helper_person_id IS NOT NULL
             AND (p.availability IN ('away', 'offline') OR p.present_until IS NULL OR p.present_until <= now()))
         OR EXISTS (SELECT 1 FROM interventions i
                    WHERE i.org_id = a.org_id AND i.conversation_id = a.conversation_id
                      AND (i.kind IN ('signal', 'whisper') OR (i.kind = 'takeover_offer' AND i.state = 'offered'))))
     GROUP BY a.conversation_id`,
    [orgId, [...riskOf.keys()]],
  );
  const worth = new Set<string>();
  for (const row of rows) {
    const id = readText(row, "conversation_id");
    // The alert's risk is stored as a real: a little slack keeps the answer a superset.
    if ((riskOf.get(id) ?? -Infinity) > readNumber(row, "risk") + margin - 1e-4) worth.add(id);
  }
  return worth;
}

/**
 * The newest open alert of each given conversation, in one statement: what the ingest path needs
 * to absorb duplicates, without reading every open alert of the team.
 */
export async function findOpenAlertsForConversations(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, OpenAlert>> {
  const ids = conversationIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.query(
    `SELECT DISTINCT ON (conversation_id) ${OPEN_ALERT_COLUMNS} FROM alerts
     WHERE org_id = $1 AND conversation_id = ANY($2::uuid[]) AND state IN ('raised', 'acknowledged')
     ORDER BY conversation_id, raised_at DESC, id DESC`,
    [orgId, ids],
  );
  return new Map(
    rows.map((row) => [
      readText(row, "conversation_id"),
      {
        ...toOpenAlertFields(row),
        // Only open states are read: "raised" (asked) or "acknowledged" (on it).
        state: readText(row, "state") === "acknowledged" ? "acknowledged" : "raised",
      },
    ]),
  );
}

/** The columns OpenAlert is read from (findOpenAlertsForConversations, findAnsweredAlertsForConversations). */
const OPEN_ALERT_COLUMNS = `id, conversation_id, agent_person_id, helper_person_id, state, reasons, rung, risk, needs_authority, why,
  suggestion, fact_id, evidence, wrong_fact_whys`;

/** An OpenAlert's fields but its state, from a row of OPEN_ALERT_COLUMNS. */
function toOpenAlertFields(row: Row): Omit<OpenAlert, "state"> {
  return {
    id: readText(row, "id"),
    conversationId: readText(row, "conversation_id"),
    agentPersonId: readTextOrNull(row, "agent_person_id"),
    helperPersonId: readTextOrNull(row, "helper_person_id"),
    reasons: readTextArray(row, "reasons"),
    rung: readText(row, "rung") as Rung,
    risk: readNumber(row, "risk"),
    needsAuthority: readBoolean(row, "needs_authority"),
    why: readText(row, "why"),
    suggestion: readTextOrNull(row, "suggestion"),
    factId: readTextOrNull(row, "fact_id"),
    evidence: readJson(row, "evidence"),
    wrongFactWhys: readWrongFactWhys(row),
  };
}

/**
 * What ingest needs of an alert a step-in answered: the newest alert of each given conversation
 * when it was acted on (its helper signalled, whispered or offered, or said they handled it), in one
 * statement. A reading the cooldown held back on such a conversation is raised again when everyone
 * who stepped in has gone since and it got worse (`worseWhileGone`).
 */
export async function findAnsweredAlertsForConversations(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, Omit<OpenAlert, "state">>> {
  const ids = conversationIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (conversation_id) ${OPEN_ALERT_COLUMNS} FROM alerts
       WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])
       ORDER BY conversation_id, raised_at DESC, id DESC
     ) newest WHERE state = 'acted_on'`,
    [orgId, ids],
  );
  return new Map(rows.map((row) => [readText(row, "conversation_id"), toOpenAlertFields(row)]));
}

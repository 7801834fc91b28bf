import { conversationAgentSql } from "./conversationAgent.ts";
import { StoreError } from "./errors.ts";
import {
  buildUnnest,
  isUuid,
  readMillis,
  readMillisOrNull,
  readNumber,
  readText,
  readTextArray,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

export type Channel = "chat" | "email" | "voice" | "social";
export type ConversationStatus = "open" | "closed";

/** A conversation without its engine state (lists stay light; see `loadEngineStates`). */
export interface ConversationRecord {
  id: string;
  orgId: string;
  teamId: string;
  customerId: string | null;
  customerName: string | null;
  externalId: string | null;
  channel: Channel;
  status: ConversationStatus;
  subject: string | null;
  assignedPersonId: string | null;
  topic: string | null;
  risk: number;
  customerEmotion: string | null;
  frustration: number;
  activeCues: string[];
  messageCount: number;
  lastMessageAt: number | null;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** Why it was closed (null while open). */
  closedReason: ConversationCloseReason | null;
  /** Since when the customer has been waiting for a reply (their first unanswered line); null when answered. */
  waitingSince: number | null;
  /** Where it came from (migration 0054): how a teammate's reply can reach the customer. */
  origin: ConversationOrigin;
}

/**
 * Where a conversation came from: tagteam's chat widget, the Chatwoot webhook, a helpdesk or script
 * through the ingest API (or the generic webhook), or a bulk import of past transcripts.
 */
export type ConversationOrigin = "chat" | "chatwoot" | "api" | "import" | "demo";
const ORIGINS: readonly ConversationOrigin[] = ["chat", "chatwoot", "api", "import", "demo"];

/** Who ended a conversation: a teammate in the app, the sender (helpdesk, API), or the idle sweep. */
export type ConversationCloseReason = "teammate" | "sender" | "idle" | "customer";
const CLOSE_REASONS: readonly ConversationCloseReason[] = ["teammate", "sender", "idle", "customer"];

const CHANNELS: readonly Channel[] = ["chat", "email", "voice", "social"];

const CONVERSATION_COLUMNS = `
  c.id, c.org_id, c.team_id, c.customer_id, cu.name AS customer_name, c.external_id, c.channel,
  c.status, c.subject, c.assigned_person_id, c.topic, c.risk, c.customer_emotion, c.frustration,
  c.active_cues, c.message_count, c.last_message_at, c.created_at, c.updated_at, c.closed_at,
  c.closed_reason, c.waiting_since, c.origin`;
const FROM_CONVERSATIONS = `FROM conversations c LEFT JOIN customers cu ON cu.id = c.customer_id`;
const SELECT_CONVERSATIONS = `SELECT ${CONVERSATION_COLUMNS} ${FROM_CONVERSATIONS}`;

function toConversation(row: Row): ConversationRecord {
  const channel = readText(row, "channel");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    customerId: readTextOrNull(row, "customer_id"),
    customerName: readTextOrNull(row, "customer_name"),
    externalId: readTextOrNull(row, "external_id"),
    channel: CHANNELS.find((c) => c === channel) ?? "chat",
    status: readText(row, "status") === "closed" ? "closed" : "open",
    subject: readTextOrNull(row, "subject"),
    assignedPersonId: readTextOrNull(row, "assigned_person_id"),
    topic: readTextOrNull(row, "topic"),
    risk: readNumber(row, "risk"),
    customerEmotion: readTextOrNull(row, "customer_emotion"),
    frustration: readNumber(row, "frustration"),
    activeCues: readTextArray(row, "active_cues"),
    messageCount: readNumber(row, "message_count"),
    lastMessageAt: readMillisOrNull(row, "last_message_at"),
    createdAt: readMillis(row, "created_at"),
    updatedAt: readMillis(row, "updated_at"),
    closedAt: readMillisOrNull(row, "closed_at"),
    closedReason: CLOSE_REASONS.find((r) => r === row.closed_reason) ?? null,
    waitingSince: readMillisOrNull(row, "waiting_since"),
    origin: ORIGINS.find((o) => o === row.origin) ?? "api",
  };
}

export interface CreateConversationInput {
  orgId: string;
  teamId: string;
  channel: Channel;
  /** The conversation's id in the sender's system; unique per organisation. */
  externalId?: string | null;
  customerId?: string | null;
  subject?: string | null;
  assignedPersonId?: string | null;
  topic?: string | null;
  /** Hash of the customer chat token (built-in chat channel), see `hashToken`. */
  customerTokenHash?: string | null;
  createdAt?: number;
  /** Where it came from; a conversation with a customer token is the built-in chat's, else "api". */
  origin?: ConversationOrigin;
}

/**
 * Creates a conversation; with an `externalId` already known in the organisation, returns the
 * existing one instead (`created: false`), so ingest can call it for every message.
 */
export async function findOrCreateConversation(
  db: Queryable,
  input: CreateConversationInput,
): Promise<{ conversation: ConversationRecord; created: boolean }> {
  const rows = await db.query(
    `INSERT INTO conversations (org_id, team_id, channel, external_id, customer_id, subject, assigned_person_id,
                                topic, customer_token_hash, created_at, updated_at, origin)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10, now()), COALESCE($10, now()), $11)
     ON CONFLICT (org_id, external_id) DO NOTHING
     RETURNING id`,
    [
      input.orgId,
      input.teamId,
      input.channel,
      input.externalId ?? null,
      input.customerId ?? null,
      input.subject ?? null,
      input.assignedPersonId ?? null,
      input.topic ?? null,
      input.customerTokenHash ?? null,
      toTimestamp(input.createdAt),
      input.origin ?? (input.customerTokenHash != null ? "chat" : "api"),
    ],
  );
  const created = rows[0];
  if (created) {
    const conversation = await findConversationById(db, input.orgId, readText(created, "id"));
    if (!conversation) throw new StoreError("NOT_FOUND", "conversation vanished after insert");
    return { conversation, created: true };
  }
  const existing = await findConversationByExternalId(db, input.orgId, input.externalId ?? "");
  if (!existing) throw new StoreError("CONFLICT", `conversation ${input.externalId} could not be created`);
  return { conversation: existing, created: false };
}

export async function findConversationById(
  db: Queryable,
  orgId: string,
  conversationId: string,
): Promise<ConversationRecord | null> {
  if (!isUuid(conversationId)) return null;
  const [row] = await db.query(`${SELECT_CONVERSATIONS} WHERE c.org_id = $1 AND c.id = $2`, [
    orgId,
    conversationId,
  ]);
  return row ? toConversation(row) : null;
}

export async function findConversationByExternalId(
  db: Queryable,
  orgId: string,
  externalId: string,
): Promise<ConversationRecord | null> {
  const [row] = await db.query(`${SELECT_CONVERSATIONS} WHERE c.org_id = $1 AND c.external_id = $2`, [
    orgId,
    externalId,
  ]);
  return row ? toConversation(row) : null;
}

/** Many conversations by id at once, in one read (ids that are not this org's are left out). */
export async function findConversationsByIds(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<ConversationRecord[]> {
  const ids = [...new Set(conversationIds)].filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db.query(`${SELECT_CONVERSATIONS} WHERE c.org_id = $1 AND c.id = ANY($2::uuid[])`, [
    orgId,
    ids,
  ]);
  return rows.map(toConversation);
}

/**
 * How many lines each conversation holds now (the position its next line takes), private ones
 * included: what an engine state restored right after this read has at most read.
 */
export async function findLineCounts(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, number>> {
  const ids = [...new Set(conversationIds)].filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.query(
    "SELECT id, message_count FROM conversations WHERE org_id = $1 AND id = ANY($2::uuid[])",
    [orgId, ids],
  );
  return new Map(rows.map((row) => [readText(row, "id"), readNumber(row, "message_count")]));
}

/** Many conversations by the sender's ids at once (a batch of ingested messages). */
export async function findConversationsByExternalIds(
  db: Queryable,
  orgId: string,
  externalIds: string[],
): Promise<ConversationRecord[]> {
  if (externalIds.length === 0) return [];
  const rows = await db.query(
    `${SELECT_CONVERSATIONS} WHERE c.org_id = $1 AND c.external_id = ANY($2::text[])`,
    [orgId, externalIds],
  );
  return rows.map(toConversation);
}

/** The customer chat widget's conversation: the token hash is the credential, so no org filter. */
export async function findConversationByCustomerTokenHash(
  db: Queryable,
  tokenHash: string,
): Promise<ConversationRecord | null> {
  const [row] = await db.query(`${SELECT_CONVERSATIONS} WHERE c.customer_token_hash = $1`, [tokenHash]);
  return row ? toConversation(row) : null;
}

export interface ListConversationsQuery {
  orgId: string;
  /** Restrict to these teams (a non-admin's scope); omit for all teams of the org. */
  teamIds?: string[];
  status?: ConversationStatus;
  /** Assigned to this person now (the current handler). */
  assignedPersonId?: string;
  /**
   * This person's conversations (conversationAgentSql): those their scorecard scores them as the
   * agent of, and until scored those assigned to them, so one handed on stays its first agent's, as
   * My numbers and the huddle count it.
   */
  agentId?: string;
  channel?: Channel;
  topic?: string;
  /** At least this risk (0–1). */
  minRisk?: number;
  /** Only these conversations (ids that are not uuids match nothing). */
  ids?: readonly string[];
  /** Part of the customer's name or the subject (any case), or the sender's conversation id exactly. */
  search?: string;
  /** Started at or after this time (ISO 8601). */
  startedSince?: string;
  /** Started before this time (ISO 8601). */
  startedUntil?: string;
  /**
   * "risk": the floor, riskiest first; "recent": last activity first; "started": newest first by
   * when it began, pageable with `after` (the history).
   */
  order?: "risk" | "recent" | "started";
  /**
   * Only with order "started": the page after this conversation (compared with its exact start
   * time in the database; a conversation erased meanwhile ends the listing).
   */
  afterId?: string;
  limit?: number;
}

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A conversation as listed: with its agent, whom it counts for (conversationAgentSql). */
export interface ListedConversationRecord extends ConversationRecord {
  /**
   * Whose conversation it is: the person its scorecard scores as the agent, until scored its
   * assignee (`assignedPersonId`, who handles it now); one handed on stays its first agent's.
   */
  agentPersonId: string | null;
}

/** The agent of the conversation row `c`, as listed and filtered. */
const AGENT_OF_C = conversationAgentSql("c");

export async function listConversations(
  db: Queryable,
  query: ListConversationsQuery,
): Promise<ListedConversationRecord[]> {
  const params: unknown[] = [query.orgId];
  const where = ["c.org_id = $1"];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.teamIds !== undefined) {
    const teamIds = query.teamIds.filter(isUuid);
    // One team (a lead's or an agent's usual view) is compared as one value: in a plan made for any
    // parameters (a prepared statement's generic plan, PostgreSQL's after a few runs) `= ANY(array)`
    // is estimated as every team's conversations, the whole organisation (conversationsPlan.test.ts).
    where.push(
      teamIds.length === 1
        ? `c.team_id = ${param(teamIds[0])}::uuid`
        : `c.team_id = ANY(${param(teamIds)}::uuid[])`,
    );
  }
  if (query.status !== undefined) where.push(`c.status = ${param(query.status)}`);
  if (query.ids !== undefined) {
    const ids = query.ids.filter(isUuid);
    if (ids.length === 0) return [];
    where.push(`c.id = ANY(${param(ids)}::uuid[])`);
  }
  if (query.assignedPersonId !== undefined) {
    if (!isUuid(query.assignedPersonId)) return [];
    where.push(`c.assigned_person_id = ${param(query.assignedPersonId)}::uuid`);
  }
  if (query.agentId !== undefined) {
    if (!isUuid(query.agentId)) return [];
    // conversationAgentSql's person, as two tests: the agent card is theirs, or there is no agent
    // card with a person and it is assigned to them. Compared as COALESCE(card, assignee), the match
    // was estimated at a handful of conversations: every conversation of the organisation had its
    // card looked up and was then sorted (50 % slower than by assignee on the demo data's history
    // without dates, 1,411 conversations). Estimated as a share, the listing walks
    // conversations_started newest first and stops when the page is full, testing each against the
    // person's agent cards, read once (scorecards_agent_close_page); the huddle's one-day link reads
    // the same (conversationsPlan.test.ts).
    const agent = param(query.agentId);
    const card = (test: string) =>
      `EXISTS (SELECT 1 FROM scorecards sa WHERE sa.org_id = $1 AND sa.conversation_id = c.id
                  AND sa.role = 'agent' AND ${test})`;
    where.push(
      `(${card(`sa.agent_id = ${agent}::uuid`)}
        OR (c.assigned_person_id = ${agent}::uuid AND NOT ${card("sa.agent_id IS NOT NULL")}))`,
    );
  }
  if (query.channel !== undefined) where.push(`c.channel = ${param(query.channel)}`);
  if (query.topic !== undefined) where.push(`c.topic = ${param(query.topic)}`);
  if (query.minRisk !== undefined && query.minRisk > 0) where.push(`c.risk >= ${param(query.minRisk)}`);
  if (query.search !== undefined && query.search.trim() !== "") {
    const text = query.search.trim();
    const like = param(likePattern(text));
    where.push(`(cu.name ILIKE ${like} OR c.subject ILIKE ${like} OR c.external_id = ${param(text)})`);
  }
  if (query.startedSince !== undefined)
    where.push(`c.created_at >= ${param(query.startedSince)}::timestamptz`);
  if (query.startedUntil !== undefined)
    where.push(`c.created_at < ${param(query.startedUntil)}::timestamptz`);
  const order = query.order ?? "risk";
  if (order === "started" && query.afterId !== undefined) {
    if (!isUuid(query.afterId)) return [];
    where.push(
      `(c.created_at, c.id) < (SELECT p.created_at, p.id FROM conversations p WHERE p.org_id = $1 AND p.id = ${param(query.afterId)}::uuid)`,
    );
  }
  const orderBy =
    order === "recent"
      ? "c.last_message_at DESC NULLS LAST, c.id"
      : order === "started"
        ? "c.created_at DESC, c.id DESC"
        : "c.risk DESC, c.last_message_at DESC NULLS LAST, c.id";
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100) || 1, 1), 1000);
  // By agent, the page's size is written in (a handful of statements: the history's 50, an
  // export's 1,000): as a parameter, the plan made for any parameters (a prepared statement's after
  // a few runs) estimates a tenth of the matches read, costs more than the one made for the values,
  // and the listing was planned again on every read.
  const rows = await db.query(
    `SELECT ${CONVERSATION_COLUMNS}, ${AGENT_OF_C} AS agent_person_id ${FROM_CONVERSATIONS}
     WHERE ${where.join(" AND ")}
     ORDER BY ${orderBy}
     LIMIT ${query.agentId !== undefined ? limit : param(limit)}`,
    params,
  );
  return rows.map((row) => ({
    ...toConversation(row),
    agentPersonId: readTextOrNull(row, "agent_person_id"),
  }));
}

export async function updateConversation(
  db: Queryable,
  input: {
    orgId: string;
    conversationId: string;
    assignedPersonId?: string | null;
    topic?: string | null;
    subject?: string | null;
    teamId?: string;
  },
): Promise<ConversationRecord> {
  const has = (key: keyof typeof input): boolean => Object.prototype.hasOwnProperty.call(input, key);
  const [row] = await db.query(
    `UPDATE conversations SET
       assigned_person_id = CASE WHEN $3 THEN $4::uuid ELSE assigned_person_id END,
       topic = CASE WHEN $5 THEN $6::text ELSE topic END,
       subject = CASE WHEN $7 THEN $8::text ELSE subject END,
       team_id = COALESCE($9::uuid, team_id),
       updated_at = now()
     WHERE org_id = $1 AND id = $2 RETURNING id`,
    [
      input.orgId,
      input.conversationId,
      has("assignedPersonId"),
      input.assignedPersonId ?? null,
      has("topic"),
      input.topic ?? null,
      has("subject"),
      input.subject ?? null,
      input.teamId ?? null,
    ],
  );
  if (!row) throw new StoreError("NOT_FOUND", `conversation ${input.conversationId} not found`);
  const conversation = await findConversationById(db, input.orgId, input.conversationId);
  if (!conversation) throw new StoreError("NOT_FOUND", `conversation ${input.conversationId} not found`);
  return conversation;
}

/** Closes an open conversation; closing a closed one is INVALID_TRANSITION. */
export async function closeConversation(
  db: Queryable,
  input: { orgId: string; conversationId: string; at?: number; reason?: ConversationCloseReason },
): Promise<ConversationRecord> {
  const reason = input.reason ?? "teammate";
  if (!CLOSE_REASONS.includes(reason))
    throw new StoreError("INVALID_INPUT", `reason must be one of ${CLOSE_REASONS.join(", ")}`);
  const [row] = await db.query(
    `UPDATE conversations
     SET status = 'closed', closed_at = COALESCE($3, now()), closed_reason = $4, updated_at = now()
     WHERE org_id = $1 AND id = $2 AND status = 'open' RETURNING id`,
    [input.orgId, input.conversationId, toTimestamp(input.at), reason],
  );
  const conversation = await findConversationById(db, input.orgId, input.conversationId);
  if (!conversation) throw new StoreError("NOT_FOUND", `conversation ${input.conversationId} not found`);
  if (!row)
    throw new StoreError("INVALID_TRANSITION", `conversation ${input.conversationId} is already closed`);
  return conversation;
}

/**
 * Closes open conversations with no message since `before` (nor since they were created, for one
 * without messages), at most `limit` of them, oldest activity first; returns what it closed. Rows
 * another transaction holds are skipped (SKIP LOCKED): a message being written to one keeps it
 * open, and two instances sweeping at once close each conversation once.
 */
export async function closeIdleConversations(
  db: Queryable,
  input: { before: number; limit: number; at?: number },
): Promise<{ orgId: string; teamId: string; id: string }[]> {
  if (!Number.isFinite(input.before)) throw new StoreError("INVALID_INPUT", "before must be a time");
  if (!Number.isInteger(input.limit) || input.limit <= 0 || input.limit > 10_000)
    throw new StoreError("INVALID_INPUT", "limit must be an integer within 1..10000");
  const rows = await db.query(
    // The pick is a materialised CTE, run once: as an IN (subquery) the planner may run the
    // LIMIT … FOR UPDATE SKIP LOCKED again per row and close more than `limit`.
    `WITH picked AS MATERIALIZED (
       SELECT id FROM conversations
       WHERE status = 'open' AND COALESCE(last_message_at, created_at) < $1
       ORDER BY COALESCE(last_message_at, created_at), id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE conversations c
     SET status = 'closed', closed_at = COALESCE($3, now()), closed_reason = 'idle', updated_at = now()
     FROM picked
     WHERE c.id = picked.id AND c.status = 'open'
     RETURNING c.org_id, c.team_id, c.id`,
    [toTimestamp(input.before), input.limit, toTimestamp(input.at)],
  );
  return rows.map((row) => ({
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    id: readText(row, "id"),
  }));
}

/**
 * Deletes a conversation and everything recorded about it (retention, GDPR erasure): messages
 * (with their analyses) by trigger; alerts, interventions, commitments and the engine's checkpoint
 * by cascade.
 */
export async function deleteConversation(
  db: Queryable,
  input: { orgId: string; conversationId: string },
): Promise<boolean> {
  if (!isUuid(input.conversationId)) return false;
  const rows = await db.query("DELETE FROM conversations WHERE org_id = $1 AND id = $2 RETURNING id", [
    input.orgId,
    input.conversationId,
  ]);
  return rows.length > 0;
}

/** What is said of an erased conversation afterwards: ids and counts, nothing the customer wrote. */
export interface ErasedConversation {
  orgId: string;
  teamId: string;
  id: string;
  externalId: string | null;
  messageCount: number;
  closedAt: number | null;
}

/**
 * The erasure statement ($1 org id, $2 conversation ids): the conversations (their rows cascade),
 * and customers left with no other conversation. Exported so scripts/measure-erasure.ts EXPLAINs
 * the very statement the sweep runs.
 */
export const ERASE_CONVERSATIONS_SQL = `WITH gone AS (
       DELETE FROM conversations WHERE org_id = $1 AND id = ANY($2::uuid[])
       RETURNING org_id, team_id, id, external_id, message_count, closed_at, customer_id
     ),
     orphans AS (
       DELETE FROM customers cu
       WHERE cu.org_id = $1 AND cu.id IN (SELECT customer_id FROM gone WHERE customer_id IS NOT NULL)
         AND NOT EXISTS (
           SELECT 1 FROM conversations c
           WHERE c.org_id = $1 AND c.customer_id = cu.id AND NOT (c.id = ANY($2::uuid[]))
         )
     )
     SELECT org_id, team_id, id, external_id, message_count, closed_at FROM gone`;

/**
 * Erases conversations and everything recorded about them, in one statement (GDPR erasure,
 * retention): `deleteConversation`'s cascade, for many. A customer left with no other
 * conversation is erased too (their name and e-mail go with the last conversation). Only the
 * organisation's own conversations are touched; unknown ids are skipped. Returns what was erased.
 */
export async function eraseConversations(
  db: Queryable,
  input: { orgId: string; conversationIds: readonly string[] },
): Promise<ErasedConversation[]> {
  const ids = [...new Set(input.conversationIds)].filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db.query(ERASE_CONVERSATIONS_SQL, [input.orgId, ids]);
  return rows.map((row) => ({
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    id: readText(row, "id"),
    externalId: readTextOrNull(row, "external_id"),
    messageCount: readNumber(row, "message_count"),
    closedAt: readMillisOrNull(row, "closed_at"),
  }));
}

/** A conversation ingest may need to create, with its customer's name when the sender gave one. */
export interface NewIngestConversation {
  externalId: string;
  teamId: string;
  channel: Channel;
  customerName: string | null;
  assignedPersonId: string | null;
  topic: string | null;
  createdAt: number | null;
  /** Where it came from (kept from the first message that created it); "api" when not said. */
  origin?: ConversationOrigin;
}

/**
 * Finds or creates many conversations by the sender's ids in two statements, however many there
 * are: one INSERT … SELECT FROM unnest that upserts their customers (`conversation:<id>`) and
 * inserts the conversations (ON CONFLICT DO NOTHING: existing ones are kept as they are), then one
 * SELECT of them all. The first input per external id wins.
 */
export async function findOrCreateConversations(
  db: Queryable,
  orgId: string,
  inputs: readonly NewIngestConversation[],
): Promise<ConversationRecord[]> {
  const byId = new Map<string, NewIngestConversation>();
  for (const input of inputs) if (!byId.has(input.externalId)) byId.set(input.externalId, input);
  if (byId.size === 0) return [];
  const rows = [...byId.values()];
  for (const r of rows) {
    if (!CHANNELS.includes(r.channel)) throw new StoreError("INVALID_INPUT", `unknown channel ${r.channel}`);
  }
  const { sql, params } = buildUnnest(
    rows.map((r) => [
      r.externalId,
      r.teamId,
      r.channel,
      r.customerName,
      r.assignedPersonId,
      r.topic,
      toTimestamp(r.createdAt),
      r.origin ?? "api",
    ]),
    ["text", "uuid", "text", "text", "uuid", "text", "timestamptz", "text"],
  );
  await db.query(
    `WITH v AS (SELECT * FROM ${sql} AS v(external_id, team_id, channel, customer_name, assigned_person_id, topic, created_at, origin)),
     cust AS (
       INSERT INTO customers (org_id, external_id, name)
       SELECT $${params.length + 1}::uuid, 'conversation:' || v.external_id, v.customer_name FROM v
       WHERE v.customer_name IS NOT NULL
       ON CONFLICT (org_id, external_id) DO UPDATE SET name = COALESCE(customers.name, EXCLUDED.name)
       RETURNING id, external_id)
     INSERT INTO conversations (org_id, team_id, channel, external_id, customer_id, assigned_person_id, topic,
                                created_at, updated_at, origin)
     SELECT $${params.length + 1}::uuid, v.team_id, v.channel, v.external_id, cust.id, v.assigned_person_id, v.topic,
            COALESCE(v.created_at, now()), COALESCE(v.created_at, now()), v.origin
     FROM v LEFT JOIN cust ON cust.external_id = 'conversation:' || v.external_id
     ON CONFLICT (org_id, external_id) DO NOTHING`,
    [...params, orgId],
  );
  return findConversationsByExternalIds(db, orgId, [...byId.keys()]);
}

/**
 * Names the customers of conversations that have none yet (their first message was the agent's or
 * a bot's, so ingest created them unnamed): the customer of the conversation gets the name unless
 * it has one already, and a conversation without a customer gets one (`conversation:<id>`, as
 * `findOrCreateConversations` makes them). A name already there is never replaced.
 */
export async function nameUnnamedCustomers(
  db: Queryable,
  orgId: string,
  inputs: readonly { conversationId: string; externalId: string; name: string }[],
): Promise<void> {
  if (inputs.length === 0) return;
  const { sql, params } = buildUnnest(
    inputs.map((i) => [i.conversationId, i.externalId, i.name]),
    ["uuid", "text", "text"],
    2,
  );
  await db.query(
    `WITH v AS (SELECT * FROM ${sql} AS v(id, external_id, name))
     UPDATE customers cu SET name = v.name
     FROM v JOIN conversations c ON c.org_id = $1 AND c.id = v.id
     WHERE cu.org_id = $1 AND cu.id = c.customer_id AND cu.name IS NULL`,
    [orgId, ...params],
  );
  await db.query(
    `WITH v AS (SELECT v.* FROM ${sql} AS v(id, external_id, name)
                JOIN conversations c ON c.org_id = $1 AND c.id = v.id AND c.customer_id IS NULL),
     cust AS (
       INSERT INTO customers (org_id, external_id, name)
       SELECT $1, 'conversation:' || v.external_id, v.name FROM v
       ON CONFLICT (org_id, external_id) DO UPDATE SET name = COALESCE(customers.name, EXCLUDED.name)
       RETURNING id, external_id)
     UPDATE conversations c SET customer_id = cust.id
     FROM v JOIN cust ON cust.external_id = 'conversation:' || v.external_id
     WHERE c.org_id = $1 AND c.id = v.id AND c.customer_id IS NULL`,
    [orgId, ...params],
  );
}

/**
 * Gives up someone's open conversations (they were deactivated): each becomes unassigned, so the
 * next agent who writes in it takes it, and a built-in chat waits in the team's console for
 * someone to pick it up. Returns the conversations changed, with their teams.
 */
export async function unassignOpenConversationsOf(
  db: Queryable,
  input: { orgId: string; personId: string },
): Promise<{ id: string; teamId: string }[]> {
  if (!isUuid(input.personId)) return [];
  const rows = await db.query(
    `UPDATE conversations SET assigned_person_id = NULL, updated_at = now()
     WHERE org_id = $1 AND assigned_person_id = $2 AND status = 'open'
     RETURNING id, team_id`,
    [input.orgId, input.personId],
  );
  return rows.map((row) => ({ id: readText(row, "id"), teamId: readText(row, "team_id") }));
}

import { randomUUID } from "node:crypto";
import { isUniqueViolation, StoreError } from "./errors.ts";
import {
  buildUnnest,
  chunkRows,
  findInOrg,
  isUuid,
  joinNameList,
  MAX_PARAMETERS_PER_STATEMENT,
  nameListProblem,
  readMillis,
  readNumber,
  readText,
  readTextOrNull,
  splitNameListSql,
  toJsonParam,
  toTimestamp,
  type Row,
} from "./rows.ts";
import { analysisProblems, withoutIndex, type MessageAnalysisInput } from "./analyses.ts";
import type { ConversationReadingUpdate } from "./engineCheckpoints.ts";
import type { Queryable } from "./types.ts";

export type MessageRole = "customer" | "agent" | "system";
/** `message` reaches the customer; `whisper`, `note` and `signal` are private to the team, always. */
export type MessageKind = "message" | "whisper" | "note" | "signal";

export const MESSAGE_ROLES: readonly MessageRole[] = ["customer", "agent", "system"];
export const MESSAGE_KINDS: readonly MessageKind[] = ["message", "whisper", "note", "signal"];

/** True for kinds a customer must never see. */
export function isPrivateKind(kind: MessageKind): boolean {
  return kind !== "message";
}

export interface MessageRecord {
  id: string;
  orgId: string;
  conversationId: string;
  /** Place in the conversation from 0, whispers and notes included. */
  position: number;
  role: MessageRole;
  kind: MessageKind;
  authorPersonId: string | null;
  authorName: string | null;
  text: string;
  /** The sender's message id (idempotency key), unique per organisation. */
  externalId: string | null;
  sentAt: number;
  createdAt: number;
}

export interface NewMessage {
  orgId: string;
  conversationId: string;
  role: MessageRole;
  kind?: MessageKind;
  authorPersonId?: string | null;
  authorName?: string | null;
  text: string;
  externalId?: string | null;
  /** When it was said (epoch ms); default: now. */
  sentAt?: number;
}

export interface AppendedMessage {
  message: MessageRecord;
  /** False when the external id was already stored (an idempotent retry): nothing was written. */
  created: boolean;
  /**
   * Present on the messages written into a conversation that this very statement reopened (it was
   * closed, and a customer wrote): read from the row under its lock, whatever the caller believed.
   */
  reopenedConversation?: true;
}

const COLUMNS =
  "id, org_id, conversation_id, position, role, kind, author_person_id, author_name, text, external_id, sent_at, created_at";

function toMessage(row: Row): MessageRecord {
  const role = readText(row, "role");
  const kind = readText(row, "kind");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
    position: readNumber(row, "position"),
    role: MESSAGE_ROLES.find((r) => r === role) ?? "system",
    kind: MESSAGE_KINDS.find((k) => k === kind) ?? "note",
    authorPersonId: readTextOrNull(row, "author_person_id"),
    authorName: readTextOrNull(row, "author_name"),
    text: readText(row, "text"),
    externalId: readTextOrNull(row, "external_id"),
    sentAt: readMillis(row, "sent_at"),
    createdAt: readMillis(row, "created_at"),
  };
}

/** Every problem in a batch, so a bad request says all that is wrong at once. */
function validateMessages(rows: readonly NewMessage[]): void {
  const problems: string[] = [];
  rows.forEach((row, i) => {
    if (!isUuid(row.orgId)) problems.push(`[${i}].orgId is not an id`);
    if (!isUuid(row.conversationId)) problems.push(`[${i}].conversationId is not an id`);
    if (!MESSAGE_ROLES.includes(row.role))
      problems.push(`[${i}].role must be one of ${MESSAGE_ROLES.join(", ")}`);
    if (row.kind !== undefined && !MESSAGE_KINDS.includes(row.kind)) {
      problems.push(`[${i}].kind must be one of ${MESSAGE_KINDS.join(", ")}`);
    }
    if (typeof row.text !== "string") problems.push(`[${i}].text must be a string`);
    if (row.authorPersonId != null && !isUuid(row.authorPersonId))
      problems.push(`[${i}].authorPersonId is not an id`);
    if (row.sentAt !== undefined && !Number.isFinite(row.sentAt))
      problems.push(`[${i}].sentAt must be epoch ms`);
  });
  if (problems.length > 0) {
    throw new StoreError("INVALID_INPUT", `invalid messages: ${problems.join("; ")}`, { problems });
  }
}

const INPUT_CASTS = [
  "int",
  "uuid",
  "uuid",
  "uuid",
  "text",
  "text",
  "uuid",
  "text",
  "text",
  "text",
  "timestamptz",
  "real",
  "text",
  "jsonb",
];
const CONVERSATION_CASTS = [
  "uuid",
  "uuid",
  "int",
  "timestamptz",
  "bool",
  "real",
  "text",
  "real",
  "text",
  "bool",
  "text",
  "timestamptz",
];

/**
 * What a batch does to a conversation's "waiting since" (the customer's first unanswered message):
 * `none` (no customer-visible line), `answered` (the agent's line is the last), `keep` (the
 * customer wrote, after no agent line in this batch: an earlier unanswered line stays the start),
 * `reset` (the customer wrote after the agent answered in this batch: a new wait from `at`).
 */
type WaitChange = "none" | "answered" | "keep" | "reset";

/** The unique index on a message's sender id (migration 0001). */
const EXTERNAL_ID_CONSTRAINT = "messages_org_id_external_id_key";

const constraintOf = (error: unknown): unknown =>
  typeof error === "object" && error !== null ? (error as { constraint?: unknown }).constraint : undefined;

/** The error `tagteam_require_conversations` (migration 0008) raises: it names the missing ones. */
function isMissingConversations(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { code?: unknown }).code === "P0002" &&
    String((error as { message?: unknown }).message).startsWith("conversation(s) not found")
  );
}

/** What the caller attaches to the rows about to be written (see `AppendOptions.prepare`). */
export interface PreparedAppend {
  /** Analyses by row index (into the `rows` given to appendMessages); rows without one are stored unanalysed. */
  analyses?: ReadonlyMap<number, MessageAnalysisInput>;
  /** Each conversation's latest floor readings, written in the same statement as its messages. */
  readings?: readonly ConversationReadingUpdate[];
  /**
   * Commitments made in the rows about to be written (by row index), stored in the same statement
   * with the message's id; a row that is not written (a retry) stores none.
   */
  commitments?: readonly { row: number; personId: string | null; text: string; dueAt: number | null }[];
}

export interface AppendOptions {
  /**
   * Called once, after retries are recognised and before anything is written, with the indexes of
   * the rows that will be written, in order: the place to analyse exactly the new messages.
   * A row can still lose a race with a concurrent writer of the same external id; it then comes
   * back `created: false` and its analysis is not written.
   */
  prepare?(toWrite: readonly number[]): Promise<PreparedAppend> | PreparedAppend;
  /**
   * Skip the lookup of stored external ids (one statement less per call): when any row turns out
   * to be stored already, nothing is returned and ALREADY_STORED is thrown, after part of the
   * write may have happened: the caller rolls its transaction back and appends again without
   * this option. For a hot path where retries are rare.
   */
  assumeNew?: boolean;
}

const keyOf = (orgId: string, externalId: string): string => `${orgId}\u0000${externalId}`;

/**
 * Appends messages, many conversations at once, in ONE statement per chunk: a multi-row
 * INSERT … ON CONFLICT (org_id, external_id) DO NOTHING RETURNING, fed by an UPDATE of the
 * conversations that bumps message_count / last_message_at and hands out positions under the
 * conversation's row lock. A message whose external id is already stored is not written again:
 * it comes back with `created: false` and the stored record. Results are in input order.
 * Every conversation must exist in its organisation (NOT_FOUND otherwise, nothing written). A
 * customer's message reopens its conversation if it was closed (status open, closed_at cleared),
 * and the messages written into it say so (`reopenedConversation`); others' messages (an agent's
 * follow-up, a note) leave it as it is.
 *
 * Call it inside the command's transaction together with analyses and events.
 */
export async function appendMessages(
  db: Queryable,
  rows: readonly NewMessage[],
  options: AppendOptions = {},
): Promise<AppendedMessage[]> {
  validateMessages(rows);
  const now = Date.now();
  const ids = rows.map(() => randomUUID());

  // Retries are answered from what is stored, found by index before writing (a NOT EXISTS inside
  // the INSERT lets the planner hash-join against every message once statistics go stale).
  // Only without duplicates in the batch itself (those are answered from the first one).
  const keys = rows.flatMap((r) => (r.externalId == null ? [] : [keyOf(r.orgId, r.externalId)]));
  const assumeNew = options.assumeNew === true && new Set(keys).size === keys.length;
  const stored = assumeNew ? new Map<string, MessageRecord>() : await findStoredByExternalIds(db, rows);
  // The first row per (org, external id) is written; later ones in the same batch are retries of it.
  const firstByKey = new Map<string, number>();
  const toWrite: number[] = [];
  rows.forEach((row, i) => {
    if (row.externalId == null) {
      toWrite.push(i);
      return;
    }
    const key = keyOf(row.orgId, row.externalId);
    if (stored.has(key) || firstByKey.has(key)) return;
    firstByKey.set(key, i);
    toWrite.push(i);
  });
  const prepared: PreparedAppend = options.prepare !== undefined ? await options.prepare(toWrite) : {};
  const analyses = prepared.analyses ?? new Map<number, MessageAnalysisInput>();
  const problems: string[] = [];
  for (const [i, a] of analyses) problems.push(...analysisProblems(`analyses[${i}]`, a));
  for (const [i, r] of (prepared.readings ?? []).entries()) {
    if (!Number.isFinite(r.risk) || r.risk < 0 || r.risk > 1)
      problems.push(`readings[${i}].risk must be within 0..1`);
    const cues = nameListProblem(`readings[${i}].activeCues`, r.activeCues);
    if (cues !== null) problems.push(cues);
  }
  if (problems.length > 0)
    throw new StoreError("INVALID_INPUT", `invalid analyses: ${problems.join("; ")}`, { problems });

  const readings = new Map((prepared.readings ?? []).map((r) => [keyOf(r.orgId, r.conversationId), r]));
  const written = new Map<string, MessageRecord>();
  const reopened = new Set<string>();
  const byId = new Map(rows.map((row, i) => [ids[i] as string, row]));
  // One statement per 2,000 rows keeps each array parameter a sensible size.
  for (const chunk of chunkRows(toWrite, MAX_PARAMETERS_PER_STATEMENT / 2_000)) {
    const { sql, params } = buildUnnest(
      chunk.map((i) => {
        const row = rows[i] as NewMessage;
        const analysis = analyses.get(i);
        return [
          i,
          ids[i],
          row.orgId,
          row.conversationId,
          row.role,
          row.kind ?? "message",
          row.authorPersonId ?? null,
          row.authorName ?? null,
          row.text,
          row.externalId ?? null,
          toTimestamp(row.sentAt ?? now),
          analysis?.risk ?? null,
          analysis?.rung ?? null,
          analysis !== undefined ? toJsonParam(withoutIndex(analysis.analysis)) : null,
        ];
      }),
      INPUT_CASTS,
    );
    // One row per conversation, computed here: how many messages it gets, the latest send time,
    // and its reading if the caller gave one.
    const perConversation = new Map<
      string,
      {
        orgId: string;
        id: string;
        n: number;
        lastAt: number;
        customer: boolean;
        wait: WaitChange;
        waitAt: number | null;
      }
    >();
    for (const i of chunk) {
      const row = rows[i] as NewMessage;
      const k = keyOf(row.orgId, row.conversationId);
      const entry = perConversation.get(k) ?? {
        orgId: row.orgId,
        id: row.conversationId,
        n: 0,
        lastAt: 0,
        customer: false,
        wait: "none" as WaitChange,
        waitAt: null,
      };
      if (row.role === "customer") entry.customer = true;
      if ((row.kind ?? "message") === "message") {
        if (row.role === "agent") {
          entry.wait = "answered";
          entry.waitAt = null;
        } else if (row.role === "customer" && (entry.wait === "none" || entry.wait === "answered")) {
          entry.wait = entry.wait === "none" ? "keep" : "reset";
          entry.waitAt = row.sentAt ?? now;
        }
      }
      entry.n++;
      entry.lastAt = Math.max(entry.lastAt, row.sentAt ?? now);
      perConversation.set(k, entry);
    }
    const conversations = buildUnnest(
      [...perConversation].map(([k, c]) => {
        const r = readings.get(k);
        return [
          c.orgId,
          c.id,
          c.n,
          toTimestamp(c.lastAt),
          r !== undefined,
          r?.risk ?? null,
          r?.customerEmotion ?? null,
          r?.frustration ?? null,
          r !== undefined ? joinNameList(r.activeCues) : null,
          c.customer,
          c.wait,
          toTimestamp(c.waitAt),
        ];
      }),
      CONVERSATION_CASTS,
      params.length + 1,
    );
    const idsParam = `$${params.length + 2}::uuid[]`;
    const inThisChunk = new Set(chunk);
    const promised = (prepared.commitments ?? []).filter((c) => inThisChunk.has(c.row));
    const commitments = buildUnnest(
      promised.map((c) => {
        const row = rows[c.row] as NewMessage;
        return [row.orgId, row.conversationId, ids[c.row], c.personId, c.text, toTimestamp(c.dueAt)];
      }),
      ["uuid", "uuid", "uuid", "uuid", "text", "timestamptz"],
      params.length + conversations.params.length + 1,
    );
    // Conversations are reached through their primary key (= ANY of the ids), and the per-conversation
    // rows are materialised: the planner expects 100 rows from any unnest, and would otherwise scan
    // the whole table, or re-run the unnest for every conversation.
    const inserted = await db
      .query(
        `WITH input AS (
         SELECT * FROM ${sql}
           AS v(ord, id, org_id, conversation_id, role, kind, author_person_id, author_name, text, external_id, sent_at,
                risk, rung, analysis)
       ),
       k AS MATERIALIZED (
         SELECT * FROM ${conversations.sql}
           AS k(org_id, conversation_id, n, last_at, has_reading, risk, emotion, frustration, cues, customer,
                wait, wait_at)
       ),
       bumped AS (
         UPDATE conversations c
         SET message_count = c.message_count + k.n,
             last_message_at = GREATEST(c.last_message_at, k.last_at),
             -- A customer writing again reopens a closed conversation, as helpdesks do.
             status = CASE WHEN k.customer THEN 'open' ELSE c.status END,
             closed_at = CASE WHEN k.customer THEN NULL ELSE c.closed_at END,
             closed_reason = CASE WHEN k.customer THEN NULL ELSE c.closed_reason END,
             -- Whether this statement reopened it, from the row as locked (RETURNING sees only new values).
             last_append_reopened = k.customer AND c.status = 'closed',
             -- How often it was reopened: first-contact resolution (GET /numbers) reads it.
             reopened_count = c.reopened_count + CASE WHEN k.customer AND c.status = 'closed' THEN 1 ELSE 0 END,
             -- The customer's first unanswered line (a wait before a close does not carry over).
             waiting_since = CASE k.wait WHEN 'answered' THEN NULL WHEN 'reset' THEN k.wait_at
                               WHEN 'keep' THEN CASE WHEN c.status = 'closed' THEN k.wait_at
                                                     ELSE COALESCE(c.waiting_since, k.wait_at) END
                               ELSE c.waiting_since END,
             risk = CASE WHEN k.has_reading THEN k.risk ELSE c.risk END,
             customer_emotion = CASE WHEN k.has_reading THEN k.emotion ELSE c.customer_emotion END,
             frustration = CASE WHEN k.has_reading THEN k.frustration ELSE c.frustration END,
             active_cues = CASE WHEN k.has_reading THEN ${splitNameListSql("k.cues")}
                                ELSE c.active_cues END,
             updated_at = now()
         FROM k
         WHERE c.id = ANY(${idsParam}) AND c.org_id = k.org_id AND c.id = k.conversation_id
         RETURNING c.id, c.message_count - k.n AS base, c.last_append_reopened AS reopened
       ),
       ins AS (
       INSERT INTO messages (id, org_id, conversation_id, position, role, kind, author_person_id, author_name,
                             text, external_id, sent_at, risk, rung, analysis)
       SELECT f.id, f.org_id, f.conversation_id,
              b.base + (row_number() OVER (PARTITION BY f.conversation_id ORDER BY f.ord))::int - 1,
              f.role, f.kind, f.author_person_id, f.author_name, f.text, f.external_id, f.sent_at,
              f.risk, f.rung, f.analysis
       FROM input f JOIN bumped b ON b.id = f.conversation_id${
         // Assumed new, a stored id is an error that rolls the caller back (below): the insert
         // skips ON CONFLICT's speculative insertion, ~7 % of the statement's time.
         assumeNew ? "" : "\n       ON CONFLICT (org_id, external_id) DO NOTHING"
       }
       RETURNING id, position, created_at
       )${
         promised.length > 0
           ? `, promised AS (
         INSERT INTO commitments (org_id, conversation_id, message_id, person_id, text, due_at)
         SELECT c.org_id, c.conversation_id, c.message_id, c.person_id, c.text, c.due_at
         FROM ${commitments.sql} AS c(org_id, conversation_id, message_id, person_id, text, due_at)
         JOIN ins ON ins.id = c.message_id
       )`
           : ""
       }
       -- All or nothing: if any conversation is missing (or in another organisation), the statement
       -- fails. At the top level this filter is always evaluated, even when nothing joined.
       SELECT id, position, created_at FROM ins
       WHERE tagteam_require_conversations(${idsParam}, ARRAY(SELECT id FROM bumped))
       -- The conversations this statement reopened (usually none), as rows without a position.
       UNION ALL SELECT id, NULL, NULL FROM bumped WHERE reopened`,
        [...params, ...conversations.params, ...(promised.length > 0 ? commitments.params : [])],
      )
      .catch((error: unknown) => {
        if (assumeNew && isUniqueViolation(error) && constraintOf(error) === EXTERNAL_ID_CONSTRAINT) {
          throw new StoreError("ALREADY_STORED", "a message's sender id was stored already");
        }
        if (isMissingConversations(error)) {
          const message = (error as Error).message;
          throw new StoreError("NOT_FOUND", message, {
            conversationIds: message
              .slice(message.indexOf(":") + 1)
              .trim()
              .split(", "),
          });
        }
        throw error;
      });
    // Only the generated values come back; the rest of each record is what was sent.
    for (const out of inserted) {
      const id = readText(out, "id");
      if (out.position == null) {
        reopened.add(id);
        continue;
      }
      const row = byId.get(id);
      if (!row) continue;
      written.set(id, {
        id,
        orgId: row.orgId,
        conversationId: row.conversationId,
        position: readNumber(out, "position"),
        role: row.role,
        kind: row.kind ?? "message",
        authorPersonId: row.authorPersonId ?? null,
        authorName: row.authorName ?? null,
        text: row.text,
        externalId: row.externalId ?? null,
        sentAt: row.sentAt ?? now,
        createdAt: readMillis(out, "created_at"),
      });
    }
  }

  // A concurrent writer may have stored the same external id between the check and the INSERT.
  const lost = toWrite.filter((i) => !written.has(ids[i] as string)).map((i) => rows[i] as NewMessage);
  if (lost.length > 0 && assumeNew) {
    throw new StoreError("ALREADY_STORED", `${lost.length} message(s) were stored already`, {
      externalIds: lost.map((m) => m.externalId),
    });
  }
  if (lost.length > 0)
    for (const [key, message] of await findStoredByExternalIds(db, lost)) stored.set(key, message);

  return rows.map((row, i) => {
    const mine = written.get(ids[i] as string);
    if (mine)
      return reopened.has(mine.conversationId)
        ? { message: mine, created: true, reopenedConversation: true }
        : { message: mine, created: true };
    const first = row.externalId == null ? undefined : firstByKey.get(keyOf(row.orgId, row.externalId));
    const sibling = first === undefined ? undefined : written.get(ids[first] as string);
    const existing =
      sibling ?? (row.externalId == null ? undefined : stored.get(keyOf(row.orgId, row.externalId)));
    if (!existing) {
      throw new StoreError("CONFLICT", `message ${row.externalId ?? i} was neither written nor found`);
    }
    return { message: existing, created: false };
  });
}

/** Stored messages for the rows' external ids, keyed by org + external id (one indexed query per org). */
async function findStoredByExternalIds(
  db: Queryable,
  rows: readonly NewMessage[],
): Promise<Map<string, MessageRecord>> {
  const byOrg = new Map<string, Set<string>>();
  for (const row of rows) {
    if (row.externalId == null) continue;
    const set = byOrg.get(row.orgId) ?? new Set<string>();
    set.add(row.externalId);
    byOrg.set(row.orgId, set);
  }
  const stored = new Map<string, MessageRecord>();
  for (const [orgId, externalIds] of byOrg) {
    const found = await db.query(
      `SELECT ${COLUMNS} FROM messages WHERE org_id = $1 AND external_id = ANY($2::text[])`,
      [orgId, [...externalIds]],
    );
    for (const row of found) {
      const message = toMessage(row);
      stored.set(keyOf(message.orgId, message.externalId ?? ""), message);
    }
  }
  return stored;
}

export interface MessagesQuery {
  orgId: string;
  conversationId: string;
  /** Only messages after this position (resume); omit for the start. */
  afterPosition?: number;
  /** "customer" leaves out whispers, notes and signals: the only choice for customer-facing reads. */
  audience: "team" | "customer";
  limit?: number;
}

/** A conversation's messages in order. */
export async function findMessagesAfter(db: Queryable, query: MessagesQuery): Promise<MessageRecord[]> {
  if (!isUuid(query.conversationId)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM messages
     WHERE org_id = $1 AND conversation_id = $2 AND position > $3 AND ($4 OR kind = 'message')
     ORDER BY position LIMIT $5`,
    [
      query.orgId,
      query.conversationId,
      query.afterPosition ?? -1,
      query.audience === "team",
      Math.min(Math.max(query.limit ?? 1000, 1), 10_000),
    ],
  );
  return rows.map(toMessage);
}

/**
 * The positions of the private lines (whispers, signals, notes) of conversations, in order, keyed
 * by conversation id (absent: none): enough to place a customer-visible line's index among all.
 */
export async function findPrivatePositions(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, number[]>> {
  const ids = [...new Set(conversationIds.filter(isUuid))];
  const found = new Map<string, number[]>();
  if (ids.length === 0) return found;
  const rows = await db.query(
    `SELECT conversation_id, position FROM messages
     WHERE org_id = $1 AND conversation_id = ANY($2::uuid[]) AND kind <> 'message'
     ORDER BY conversation_id, position`,
    [orgId, ids],
  );
  for (const row of rows) {
    const id = readText(row, "conversation_id");
    const list = found.get(id) ?? [];
    list.push(readNumber(row, "position"));
    found.set(id, list);
  }
  return found;
}

export async function findMessageById(
  db: Queryable,
  orgId: string,
  messageId: string,
): Promise<MessageRecord | null> {
  return findInOrg(db, { table: "messages", columns: COLUMNS, orgId, id: messageId }, toMessage);
}

/**
 * Messages by their ids, in the organisation (others' and unknown ids are left out), keyed by id:
 * what an import that found lines already stored compares its own with.
 */
export async function findMessagesByIds(
  db: Queryable,
  orgId: string,
  messageIds: readonly string[],
): Promise<Map<string, MessageRecord>> {
  const ids = [...new Set(messageIds.filter(isUuid))];
  const found = new Map<string, MessageRecord>();
  if (ids.length === 0) return found;
  const rows = await db.query(`SELECT ${COLUMNS} FROM messages WHERE org_id = $1 AND id = ANY($2::uuid[])`, [
    orgId,
    ids,
  ]);
  for (const row of rows) {
    const message = toMessage(row);
    found.set(message.id, message);
  }
  return found;
}

export async function findMessageByExternalId(
  db: Queryable,
  orgId: string,
  externalId: string,
): Promise<MessageRecord | null> {
  const [row] = await db.query(`SELECT ${COLUMNS} FROM messages WHERE org_id = $1 AND external_id = $2`, [
    orgId,
    externalId,
  ]);
  return row ? toMessage(row) : null;
}

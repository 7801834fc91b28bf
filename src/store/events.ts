import { StoreError } from "./errors.ts";
import {
  buildUnnest,
  chunkRows,
  MAX_PARAMETERS_PER_STATEMENT,
  isUuid,
  readJson,
  readMillis,
  readNumber,
  readText,
  readTextOrNull,
  toJsonParam,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

/** The channel the server NOTIFYs after committing events (payload: the last event id). */
export const EVENTS_CHANNEL = "tagteam_events";

/**
 * Serialises event-appending transactions: ids are handed out under this lock and it is held to
 * COMMIT, so events become visible in id order and `id > lastEventId` never skips one that
 * committed late. Append events as the last step of a command to keep the lock short.
 */
const EVENTS_LOCK_KEY = 7_402_113_002;

const EVENT_TYPE_PATTERN = /^[a-z_]+(\.[a-z_]+)+$/;

export interface EventRecord {
  /** Monotonic; the resume cursor. */
  id: number;
  orgId: string;
  teamId: string | null;
  conversationId: string | null;
  personId: string | null;
  /** `<thing>.<past tense>`, e.g. "alert.raised". */
  type: string;
  payload: JsonValue;
  createdAt: number;
}

/**
 * Who receives an event, from its audience columns:
 * personId set → that person only (private: whispers, signals, offers);
 * else teamId set → the team's members;
 * else conversationId set → that conversation's watchers (e.g. the customer widget);
 * else → everyone in the organisation.
 */
export interface NewEvent {
  orgId: string;
  teamId?: string | null;
  conversationId?: string | null;
  personId?: string | null;
  type: string;
  payload?: JsonValue;
}

/** What a reader may see: their person, their teams, the conversations they watch, org-wide. */
export interface EventScope {
  orgId: string;
  personId?: string | null;
  teamIds?: readonly string[];
  conversationIds?: readonly string[];
  /** Receive organisation-wide events (no audience column set). Default true. */
  orgWide?: boolean;
}

/** The columns `toEvent` reads. */
export const EVENT_COLUMNS = "id, org_id, team_id, conversation_id, person_id, type, payload, created_at";

/** An events row as a record. */
export function toEvent(row: Row): EventRecord {
  return {
    id: readNumber(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readTextOrNull(row, "team_id"),
    conversationId: readTextOrNull(row, "conversation_id"),
    personId: readTextOrNull(row, "person_id"),
    type: readText(row, "type"),
    payload: readJson(row, "payload"),
    createdAt: readMillis(row, "created_at"),
  };
}

/**
 * Appends events in one multi-row INSERT (per chunk) and returns them with their ids, in input
 * order. Call it inside the command's transaction, last; after COMMIT hand the records to the
 * realtime hub and `store.notify(EVENTS_CHANNEL, String(lastId))` for other instances.
 */
export async function appendEvents(db: Queryable, events: readonly NewEvent[]): Promise<EventRecord[]> {
  const problems: string[] = [];
  events.forEach((e, i) => {
    if (!EVENT_TYPE_PATTERN.test(e.type))
      problems.push(`[${i}].type ${JSON.stringify(e.type)} is not <thing>.<past tense>`);
    if (!isUuid(e.orgId)) problems.push(`[${i}].orgId is not an id`);
  });
  if (problems.length > 0)
    throw new StoreError("INVALID_INPUT", `invalid events: ${problems.join("; ")}`, { problems });
  const out: EventRecord[] = [];
  for (const chunk of chunkRows(events, MAX_PARAMETERS_PER_STATEMENT / 5_000)) {
    const { sql, params } = buildUnnest(
      chunk.map((e, i) => [
        i,
        e.orgId,
        e.teamId ?? null,
        e.conversationId ?? null,
        e.personId ?? null,
        e.type,
        toJsonParam(e.payload ?? {}),
      ]),
      ["int", "uuid", "uuid", "uuid", "uuid", "text", "jsonb"],
    );
    // The lock sits in the same statement so it also covers an autocommit call. Only generated
    // values come back: ids are handed out in input order, so they map back by sorting.
    const rows = await db.query(
      `WITH lock AS (SELECT pg_advisory_xact_lock(${EVENTS_LOCK_KEY}) AS locked)
       INSERT INTO events (org_id, team_id, conversation_id, person_id, type, payload)
       SELECT v.org_id, v.team_id, v.conversation_id, v.person_id, v.type, v.payload
       FROM ${sql} AS v(ord, org_id, team_id, conversation_id, person_id, type, payload)
       CROSS JOIN lock
       ORDER BY v.ord
       RETURNING id, created_at`,
      params,
    );
    const generated = rows
      .map((row) => ({ id: readNumber(row, "id"), createdAt: readMillis(row, "created_at") }))
      .sort((a, b) => a.id - b.id);
    chunk.forEach((e, i) => {
      const made = generated[i];
      if (!made) throw new StoreError("CONFLICT", "an event was not written");
      out.push({
        id: made.id,
        orgId: e.orgId,
        teamId: e.teamId ?? null,
        conversationId: e.conversationId ?? null,
        personId: e.personId ?? null,
        type: e.type,
        // What a reader gets back is the JSON round trip of what was written.
        payload: JSON.parse(toJsonParam(e.payload ?? {})) as JsonValue,
        createdAt: made.createdAt,
      });
    });
  }
  return out;
}

/** True when a reader with `scope` receives `event`: the one rule, used by SQL and the hub. */
export function matchesEventScope(
  event: Omit<EventRecord, "payload" | "createdAt" | "type">,
  scope: EventScope,
): boolean {
  if (event.orgId !== scope.orgId) return false;
  if (event.personId !== null) return event.personId === scope.personId;
  if (event.teamId !== null) return scope.teamIds?.includes(event.teamId) ?? false;
  if (event.conversationId !== null) return scope.conversationIds?.includes(event.conversationId) ?? false;
  return scope.orgWide ?? true;
}

/**
 * Resume: the events after `afterId` that `scope` may see, oldest first (at most `limit`).
 * Filters by organisation and audience exactly as `matchesEventScope` does.
 */
export async function findEventsAfter(
  db: Queryable,
  afterId: number,
  scope: EventScope,
  limit = 1000,
): Promise<EventRecord[]> {
  if (!Number.isSafeInteger(afterId) || afterId < 0) {
    throw new StoreError("INVALID_INPUT", `afterId must be a non-negative integer, got ${afterId}`);
  }
  const rows = await db.query(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE org_id = $1 AND id > $2
       AND CASE
             WHEN person_id IS NOT NULL THEN person_id = $3::uuid
             WHEN team_id IS NOT NULL THEN team_id = ANY($4::uuid[])
             WHEN conversation_id IS NOT NULL THEN conversation_id = ANY($5::uuid[])
             ELSE $6::boolean
           END IS TRUE
     ORDER BY id LIMIT $7`,
    [
      scope.orgId,
      afterId,
      scope.personId && isUuid(scope.personId) ? scope.personId : null,
      (scope.teamIds ?? []).filter(isUuid),
      (scope.conversationIds ?? []).filter(isUuid),
      scope.orgWide ?? true,
      Math.min(Math.max(limit, 1), 10_000),
    ],
  );
  return rows.map(toEvent);
}

/**
 * Every organisation's events after `afterId`, for the realtime hub of another instance after a
 * NOTIFY: it routes each one itself with `matchesEventScope`. Not for answering a user.
 */
export async function findEventsAfterForFanOut(
  db: Queryable,
  afterId: number,
  limit = 1000,
): Promise<EventRecord[]> {
  const rows = await db.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE id > $1 ORDER BY id LIMIT $2`, [
    afterId,
    Math.min(Math.max(limit, 1), 10_000),
  ]);
  return rows.map(toEvent);
}

/** The newest event id overall (0 when none): where a starting hub begins. */
export async function findLatestEventId(db: Queryable): Promise<number> {
  const [row] = await db.query("SELECT COALESCE(max(id), 0) AS id FROM events");
  return row ? readNumber(row, "id") : 0;
}

/** One event of the organisation by id, or null. */
export async function findEventById(db: Queryable, orgId: string, id: number): Promise<EventRecord | null> {
  if (!isUuid(orgId) || !Number.isSafeInteger(id) || id < 1) return null;
  const [row] = await db.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE org_id = $1 AND id = $2`, [
    orgId,
    id,
  ]);
  return row === undefined ? null : toEvent(row);
}

/**
 * Deletes the oldest events, up to `limit`, that are older than `createdBefore` and that every
 * delivery cursor (alert webhook, Chatwoot notes) has passed, and no delivery hold waits on: the event log is the realtime hint
 * stream and the integrations' outbox, not the record (the domain tables and the audit log are).
 * Reads only the `limit` oldest rows by id, so a pass costs the same however long the log is, and
 * only the oldest one when it is recent.
 * Returns how many it deleted.
 */
export async function pruneEvents(
  db: Queryable,
  input: { createdBefore: number; limit: number },
): Promise<number> {
  const limit = Math.min(Math.max(Math.floor(input.limit), 1), 50_000);
  const rows = await db.query(
    // The first row decides whether there is anything to do (a one-time filter: nothing else is
    // read when the oldest event is recent).
    `WITH oldest AS (
       SELECT id, created_at FROM events
       WHERE (SELECT created_at FROM events ORDER BY id LIMIT 1) < $1
       ORDER BY id LIMIT $2),
          bound AS (SELECT least((SELECT min(last_event_id) FROM delivery_cursors),
                                 (SELECT min(from_event_id) - 1 FROM delivery_holds)) AS id)
     DELETE FROM events e USING oldest o, bound b
     WHERE e.id = o.id AND o.created_at < $1 AND (b.id IS NULL OR o.id <= b.id)
     RETURNING e.id`,
    [toTimestamp(input.createdBefore), limit],
  );
  return rows.length;
}

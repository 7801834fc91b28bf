import { StoreError } from "./errors.ts";
import { toEvent, EVENT_COLUMNS, type EventRecord } from "./events.ts";
import {
  isUuid,
  readMillis,
  readMillisOrNull,
  readNumber,
  readText,
  readTextOrNull,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

/*
 * Deliveries (migration 0011): each outbound integration ("processor") follows the event log with a
 * cursor, the id of the last event it has dealt with. Events are appended under one advisory lock
 * held to COMMIT (events.ts), so they become visible in id order and a cursor never skips one that
 * committed late. The instance delivering holds a lease on the cursor row; every move of the cursor
 * is conditional on still holding it. Events a processor gives up on are dead letters.
 */

export interface DeliveryCursorRecord {
  processor: string;
  lastEventId: number;
  /** The instance delivering for this processor, while its lease runs. */
  leasedBy: string | null;
  leaseExpiresAt: number | null;
  /** When the cursor last moved. */
  updatedAt: number;
  /** While the receiver fails: since when, the last error, and when the next attempt is due. */
  failing: DeliveryFailingRecord | null;
}

export interface DeliveryFailingRecord {
  since: number;
  lastError: string;
  /** The organisation whose event the receiver failed on (its outlet the error is about); null: unknown. */
  orgId: string | null;
  /** Null: no event is waiting (the next one will be tried). */
  nextAttemptAt: number | null;
}

export interface DeliveryFailureRecord {
  id: string;
  orgId: string;
  processor: string;
  eventId: number;
  /** The event's type; null when the event is gone (its organisation's events were deleted). */
  eventType: string | null;
  /** What the event was about, read with it (null when it names none, or is gone). */
  conversationId: string | null;
  teamId: string | null;
  attempts: number;
  lastError: string;
  firstFailedAt: number;
  lastFailedAt: number;
}

const LAST_ERROR_MAX_CHARS = 1000;
const CURSOR_COLUMNS =
  "processor, last_event_id, leased_by, lease_expires_at, updated_at, failing_since, last_error, next_attempt_at, failing_org_id";
const PROCESSOR_NAME = /^[a-z0-9][a-z0-9_-]{0,99}$/;

function checkProcessor(processor: string): void {
  if (!PROCESSOR_NAME.test(processor)) {
    throw new StoreError("INVALID_INPUT", `processor ${JSON.stringify(processor)} is not a lower-case name`);
  }
}

function checkLease(leaseMs: number): void {
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) {
    throw new StoreError("INVALID_INPUT", `leaseMs must be a positive integer, got ${leaseMs}`);
  }
}

function toCursor(row: Row): DeliveryCursorRecord {
  return {
    processor: readText(row, "processor"),
    lastEventId: readNumber(row, "last_event_id"),
    leasedBy: readTextOrNull(row, "leased_by"),
    leaseExpiresAt: readMillisOrNull(row, "lease_expires_at"),
    updatedAt: readMillis(row, "updated_at"),
    failing:
      readMillisOrNull(row, "failing_since") === null
        ? null
        : {
            since: readMillis(row, "failing_since"),
            lastError: readTextOrNull(row, "last_error") ?? "unknown error",
            orgId: readTextOrNull(row, "failing_org_id"),
            nextAttemptAt: readMillisOrNull(row, "next_attempt_at"),
          },
  };
}

function toFailure(row: Row): DeliveryFailureRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    processor: readText(row, "processor"),
    eventId: readNumber(row, "event_id"),
    eventType: readTextOrNull(row, "event_type"),
    conversationId: readTextOrNull(row, "event_conversation_id"),
    teamId: readTextOrNull(row, "event_team_id"),
    attempts: readNumber(row, "attempts"),
    lastError: readText(row, "last_error"),
    firstFailedAt: readMillis(row, "first_failed_at"),
    lastFailedAt: readMillis(row, "last_failed_at"),
  };
}

/**
 * Creates the processor's cursor at the newest event when it has none (enabling an integration
 * does not replay history); an existing cursor is left where it is. Returns the cursor.
 */
export async function ensureDeliveryCursor(db: Queryable, processor: string): Promise<DeliveryCursorRecord> {
  checkProcessor(processor);
  await db.query(
    `INSERT INTO delivery_cursors (processor, last_event_id)
     SELECT $1, COALESCE(max(id), 0) FROM events
     ON CONFLICT (processor) DO NOTHING`,
    [processor],
  );
  const [row] = await db.query(`SELECT ${CURSOR_COLUMNS} FROM delivery_cursors WHERE processor = $1`, [
    processor,
  ]);
  if (row === undefined) throw new StoreError("NOT_FOUND", `no delivery cursor for ${processor}`);
  return toCursor(row);
}

/**
 * Takes (or renews) the lease on the processor's cursor for `owner` and returns the cursor's
 * position; null while another owner's lease runs. A missing cursor is created at the newest event.
 * `takeOver` ignores another owner's lease: for a store only one process can open (PGlite), where
 * a lease left behind can only be a previous run's.
 */
export async function claimDeliveryCursor(
  db: Queryable,
  input: { processor: string; owner: string; leaseMs: number; takeOver?: boolean },
): Promise<number | null> {
  checkProcessor(input.processor);
  checkLease(input.leaseMs);
  const rows = await db.query(
    `INSERT INTO delivery_cursors AS c (processor, last_event_id, leased_by, lease_expires_at)
     SELECT $1, COALESCE(max(id), 0), $2, now() + $3::double precision * interval '1 millisecond' FROM events
     ON CONFLICT (processor) DO UPDATE
       SET leased_by = EXCLUDED.leased_by, lease_expires_at = EXCLUDED.lease_expires_at
       WHERE c.leased_by IS NULL OR c.leased_by = $2 OR c.lease_expires_at < now() OR $4::boolean
     RETURNING c.last_event_id`,
    [input.processor, input.owner, input.leaseMs, input.takeOver === true],
  );
  const [row] = rows;
  return row === undefined ? null : readNumber(row, "last_event_id");
}

/**
 * Moves the cursor forward to `toEventId` (never back) and renews the lease, if `owner` still
 * holds it. False when another instance took the cursor over: the caller must stop delivering.
 * `toEventId` 0 only renews the lease.
 */
export async function advanceDeliveryCursor(
  db: Queryable,
  input: { processor: string; owner: string; toEventId: number; leaseMs: number },
): Promise<boolean> {
  checkLease(input.leaseMs);
  if (!Number.isSafeInteger(input.toEventId) || input.toEventId < 0) {
    throw new StoreError("INVALID_INPUT", `toEventId must be a non-negative integer, got ${input.toEventId}`);
  }
  const rows = await db.query(
    `UPDATE delivery_cursors
     SET last_event_id = GREATEST(last_event_id, $3),
         updated_at = CASE WHEN $3 > last_event_id THEN now() ELSE updated_at END,
         lease_expires_at = now() + $4::double precision * interval '1 millisecond'
     WHERE processor = $1 AND leased_by = $2
     RETURNING processor`,
    [input.processor, input.owner, input.toEventId, input.leaseMs],
  );
  return rows.length > 0;
}

/**
 * Says on the cursor that the processor's receiver is failing (kept since the first failure),
 * with the last error and when the next attempt is due (`retryInMs`; null: with the next event),
 * and renews the lease, if `owner` still holds it. `null` clears it: the receiver answered again.
 * False when another instance took the cursor over.
 */
export async function setDeliveryFailing(
  db: Queryable,
  input: {
    processor: string;
    owner: string;
    leaseMs: number;
    /** `orgId`: whose event it failed on (whose outlet `lastError` is about). */
    failing: { lastError: string; retryInMs: number | null; orgId?: string | null } | null;
  },
): Promise<boolean> {
  checkLease(input.leaseMs);
  const retryInMs = input.failing?.retryInMs ?? null;
  if (retryInMs !== null && (!Number.isSafeInteger(retryInMs) || retryInMs < 0)) {
    throw new StoreError("INVALID_INPUT", `retryInMs must be a non-negative integer, got ${retryInMs}`);
  }
  const failing = input.failing !== null;
  const rows = await db.query(
    `UPDATE delivery_cursors
     SET failing_since = CASE WHEN $3::boolean THEN COALESCE(failing_since, now()) END,
         last_error = CASE WHEN $3::boolean THEN $4::text END,
         next_attempt_at = CASE WHEN $3::boolean AND $5::double precision IS NOT NULL
           THEN now() + $5::double precision * interval '1 millisecond' END,
         lease_expires_at = now() + $6::double precision * interval '1 millisecond',
         failing_org_id = CASE WHEN $3::boolean THEN $7::uuid END
     WHERE processor = $1 AND leased_by = $2
     RETURNING processor`,
    [
      input.processor,
      input.owner,
      failing,
      input.failing === null
        ? null
        : input.failing.lastError.slice(0, LAST_ERROR_MAX_CHARS) || "unknown error",
      retryInMs,
      input.leaseMs,
      input.failing?.orgId != null && isUuid(input.failing.orgId) ? input.failing.orgId : null,
    ],
  );
  return rows.length > 0;
}

/**
 * Gives the lease up (an instance shutting down), so another instance can take over at once. A
 * failing receiver stays marked failing, with no next attempt due until a loop takes the cursor.
 */
export async function releaseDeliveryCursor(
  db: Queryable,
  input: { processor: string; owner: string },
): Promise<void> {
  await db.query(
    `UPDATE delivery_cursors SET leased_by = NULL, lease_expires_at = NULL, next_attempt_at = NULL
     WHERE processor = $1 AND leased_by = $2`,
    [input.processor, input.owner],
  );
}

/**
 * Deletes the processor's cursor when no other instance holds its lease (free, `owner`'s own, or
 * expired): its integration is no longer set up anywhere, and setting one up again later starts at
 * the newest event, as a first start does, rather than posting what happened in between to the new
 * receiver. False when another instance still delivers for it (that one forgets it when it stops).
 * `onlyIfOutletsRemoved`: only a cursor marked by {@link markDeliveryCursorsOutletsRemoved}.
 */
export async function forgetDeliveryCursor(
  db: Queryable,
  input: { processor: string; owner: string; onlyIfOutletsRemoved?: boolean },
): Promise<boolean> {
  checkProcessor(input.processor);
  // Its holds go with it: nothing is delivered for that processor any more.
  const rows = await db.query(
    `WITH c AS (
       DELETE FROM delivery_cursors
       WHERE processor = $1 AND (leased_by IS NULL OR leased_by = $2 OR lease_expires_at < now())
         AND (NOT $3::boolean OR outlets_removed_at IS NOT NULL)
       RETURNING processor),
     h AS (DELETE FROM delivery_holds WHERE processor IN (SELECT processor FROM c))
     SELECT processor FROM c`,
    [input.processor, input.owner, input.onlyIfOutletsRemoved === true],
  );
  return rows.length > 0;
}

/**
 * Marks these processors' cursors as left by the last organisation's own outlet being removed (the
 * server has none of its own): {@link forgetDeliveryCursor} with `onlyIfOutletsRemoved` forgets
 * them, at a start as at the next check of the outlets.
 */
export async function markDeliveryCursorsOutletsRemoved(
  db: Queryable,
  processors: readonly string[],
): Promise<void> {
  for (const processor of processors) checkProcessor(processor);
  await db.query(
    `UPDATE delivery_cursors SET outlets_removed_at = now()
     WHERE processor = ANY($1::text[]) AND outlets_removed_at IS NULL`,
    [[...processors]],
  );
}

/** An outlet of their kind is wanted again: these cursors are kept (clears the mark above). */
export async function keepDeliveryCursors(db: Queryable, processors: readonly string[]): Promise<void> {
  for (const processor of processors) checkProcessor(processor);
  await db.query(
    `UPDATE delivery_cursors SET outlets_removed_at = NULL
     WHERE processor = ANY($1::text[]) AND outlets_removed_at IS NOT NULL`,
    [[...processors]],
  );
}

/** Every processor's cursor, by name. */
export async function listDeliveryCursors(db: Queryable): Promise<DeliveryCursorRecord[]> {
  const rows = await db.query(`SELECT ${CURSOR_COLUMNS} FROM delivery_cursors ORDER BY processor`);
  return rows.map(toCursor);
}

/**
 * The next events of `types` after `afterId` (every organisation's, oldest first, at most
 * `limit`), and the newest event id in the same snapshot. When fewer than `limit` come back, every
 * event up to `headId` has been seen: one committing later gets a higher id (the events lock), so
 * the cursor may move to `headId` and the next read starts there instead of walking the same
 * unrelated events again.
 */
export async function findEventsToDeliver(
  db: Queryable,
  input: { afterId: number; types: readonly string[]; limit: number },
): Promise<{ events: EventRecord[]; headId: number }> {
  if (!Number.isSafeInteger(input.afterId) || input.afterId < 0) {
    throw new StoreError("INVALID_INPUT", `afterId must be a non-negative integer, got ${input.afterId}`);
  }
  // One statement, one snapshot: the head and the page cannot disagree.
  const rows = await db.query(
    `SELECT h.head_id, e.*
     FROM (SELECT COALESCE(max(id), 0) AS head_id FROM events) AS h
     LEFT JOIN LATERAL (
       SELECT ${EVENT_COLUMNS} FROM events
       WHERE id > $1 AND id <= h.head_id AND type = ANY($2::text[])
       ORDER BY id LIMIT $3
     ) AS e ON true
     ORDER BY e.id`,
    [input.afterId, [...input.types], Math.min(Math.max(input.limit, 1), 10_000)],
  );
  const headId = rows[0] === undefined ? 0 : readNumber(rows[0], "head_id");
  const events = rows.filter((row) => row.id !== null && row.id !== undefined).map(toEvent);
  return { events, headId };
}

/** What a dead letter's event was (joined as `e`): its type, conversation and team. */
const EVENT_OF_FAILURE =
  "e.type AS event_type, e.conversation_id AS event_conversation_id, e.team_id AS event_team_id";
const FAILURE_COLUMNS = `f.id, f.org_id, f.processor, f.event_id, f.attempts, f.last_error, f.first_failed_at,
  f.last_failed_at, ${EVENT_OF_FAILURE}`;
const FAILURES_WITH_EVENTS =
  "delivery_failures f LEFT JOIN events e ON e.id = f.event_id AND e.org_id = f.org_id";

/**
 * Records a dead letter: `processor` gave up on the event after `attempts` tries (0: it was too old
 * to post when its turn came). Giving up on it
 * again (delivered a second time after a crash, or retried by an admin) adds the attempts and keeps
 * the first failure's time.
 */
export async function recordDeliveryFailure(
  db: Queryable,
  input: { orgId: string; processor: string; eventId: number; attempts: number; lastError: string },
): Promise<DeliveryFailureRecord> {
  checkProcessor(input.processor);
  const problems: string[] = [];
  if (!isUuid(input.orgId)) problems.push("orgId is not an id");
  if (!Number.isSafeInteger(input.eventId) || input.eventId < 1) problems.push("eventId is not an event id");
  if (!Number.isSafeInteger(input.attempts) || input.attempts < 0)
    problems.push("attempts must be a non-negative integer (0: never posted)");
  if (problems.length > 0) {
    throw new StoreError("INVALID_INPUT", `invalid delivery failure: ${problems.join("; ")}`, { problems });
  }
  const [row] = await db.query(
    `WITH saved AS (
       INSERT INTO delivery_failures AS f (org_id, processor, event_id, attempts, last_error)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (processor, event_id) DO UPDATE
         SET attempts = f.attempts + EXCLUDED.attempts, last_error = EXCLUDED.last_error,
             last_failed_at = now(), retrying_until = NULL
       RETURNING *
     )
     SELECT saved.*, ${EVENT_OF_FAILURE}
     FROM saved LEFT JOIN events e ON e.id = saved.event_id AND e.org_id = saved.org_id`,
    [
      input.orgId,
      input.processor,
      input.eventId,
      input.attempts,
      input.lastError.slice(0, LAST_ERROR_MAX_CHARS) || "unknown error",
    ],
  );
  if (row === undefined) throw new StoreError("CONFLICT", "the delivery failure was not written");
  return toFailure(row);
}

/** An organisation's dead letters, the most recently failed first. */
export async function listDeliveryFailures(
  db: Queryable,
  query: { orgId: string; processor?: string; limit?: number },
): Promise<DeliveryFailureRecord[]> {
  if (!isUuid(query.orgId)) return [];
  const rows = await db.query(
    `SELECT ${FAILURE_COLUMNS} FROM ${FAILURES_WITH_EVENTS}
     WHERE f.org_id = $1 AND ($2::text IS NULL OR f.processor = $2)
     ORDER BY f.last_failed_at DESC, f.id LIMIT $3`,
    [query.orgId, query.processor ?? null, Math.min(Math.max(query.limit ?? 50, 1), 1000)],
  );
  return rows.map(toFailure);
}

/** How many dead letters an organisation has, per processor. */
export async function countDeliveryFailures(db: Queryable, orgId: string): Promise<Map<string, number>> {
  if (!isUuid(orgId)) return new Map();
  const rows = await db.query(
    "SELECT processor, count(*)::int AS n FROM delivery_failures WHERE org_id = $1 GROUP BY processor",
    [orgId],
  );
  return new Map(rows.map((row) => [readText(row, "processor"), readNumber(row, "n")]));
}

/** One dead letter of the organisation, or null. */
export async function findDeliveryFailureById(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<DeliveryFailureRecord | null> {
  if (!isUuid(orgId) || !isUuid(id)) return null;
  const [row] = await db.query(
    `SELECT ${FAILURE_COLUMNS} FROM ${FAILURES_WITH_EVENTS} WHERE f.org_id = $1 AND f.id = $2`,
    [orgId, id],
  );
  return row === undefined ? null : toFailure(row);
}

/**
 * Claims a dead letter for one "send again" for `leaseMs` (one caller at a time, whichever
 * instance it is on); false when it is gone or someone else's claim still runs. A failed attempt
 * (`recordDeliveryFailure`) and `releaseDeliveryFailure` end the claim; a delivery deletes it.
 */
export async function claimDeliveryFailure(
  db: Queryable,
  input: { orgId: string; id: string; leaseMs: number },
): Promise<boolean> {
  checkLease(input.leaseMs);
  if (!isUuid(input.orgId) || !isUuid(input.id)) return false;
  const rows = await db.query(
    `UPDATE delivery_failures
     SET retrying_until = now() + $3::double precision * interval '1 millisecond'
     WHERE org_id = $1 AND id = $2 AND (retrying_until IS NULL OR retrying_until < now())
     RETURNING id`,
    [input.orgId, input.id, input.leaseMs],
  );
  return rows.length > 0;
}

/** Ends a claim taken by `claimDeliveryFailure` without recording an attempt. */
export async function releaseDeliveryFailure(db: Queryable, orgId: string, id: string): Promise<void> {
  if (!isUuid(orgId) || !isUuid(id)) return;
  await db.query("UPDATE delivery_failures SET retrying_until = NULL WHERE org_id = $1 AND id = $2", [
    orgId,
    id,
  ]);
}

/** Removes a dead letter (delivered after all); false when it was not there. */
export async function deleteDeliveryFailure(db: Queryable, orgId: string, id: string): Promise<boolean> {
  if (!isUuid(orgId) || !isUuid(id)) return false;
  const rows = await db.query("DELETE FROM delivery_failures WHERE org_id = $1 AND id = $2 RETURNING id", [
    orgId,
    id,
  ]);
  return rows.length > 0;
}

/*
 * Holds (migration 0062): an organisation whose own receiver fails is taken out of its processor's
 * queue. The cursor passes its events, which wait in the hold, from `fromEventId` up to the
 * cursor, to be retried in order by the loop holding the cursor's lease, while the other
 * organisations' events go on. Every write is conditional on that lease, as the cursor's moves are.
 */

export interface DeliveryHoldRecord {
  processor: string;
  orgId: string;
  /** The first of the organisation's events not yet dealt with. */
  fromEventId: number;
  /** Failed attempts at that event so far. */
  attempts: number;
  /** While its receiver fails (null once it answered again and the backlog is being sent). */
  failing: Omit<DeliveryFailingRecord, "orgId"> | null;
}

const HOLD_COLUMNS = "processor, org_id, from_event_id, attempts, failing_since, last_error, next_attempt_at";

function toHold(row: Row): DeliveryHoldRecord {
  return {
    processor: readText(row, "processor"),
    orgId: readText(row, "org_id"),
    fromEventId: readNumber(row, "from_event_id"),
    attempts: readNumber(row, "attempts"),
    failing:
      readMillisOrNull(row, "failing_since") === null
        ? null
        : {
            since: readMillis(row, "failing_since"),
            lastError: readTextOrNull(row, "last_error") ?? "unknown error",
            nextAttemptAt: readMillisOrNull(row, "next_attempt_at"),
          },
  };
}

/** The holds of a processor, or of an organisation (every processor's), oldest event first. */
export async function listDeliveryHolds(
  db: Queryable,
  query: { processor?: string; orgId?: string },
): Promise<DeliveryHoldRecord[]> {
  if (query.orgId !== undefined && !isUuid(query.orgId)) return [];
  const rows = await db.query(
    `SELECT ${HOLD_COLUMNS} FROM delivery_holds
     WHERE ($1::text IS NULL OR processor = $1) AND ($2::uuid IS NULL OR org_id = $2)
     ORDER BY from_event_id, processor`,
    [query.processor ?? null, query.orgId ?? null],
  );
  return rows.map(toHold);
}

/**
 * Writes the organisation's hold on the processor, if `owner` still holds the cursor's lease
 * (renewed): from `fromEventId` (null: the hold is over, deleted), failing with `failing` or not
 * (null: its receiver answered), and moves the cursor forward to `cursorTo` (0: it stays). False
 * when another instance took the cursor over: nothing is written.
 */
export async function saveDeliveryHold(
  db: Queryable,
  input: {
    processor: string;
    owner: string;
    leaseMs: number;
    orgId: string;
    fromEventId: number | null;
    attempts?: number;
    /** `retryInMs` null: no attempt due (nothing is waiting for one). */
    failing: { lastError: string; retryInMs: number | null } | null;
    cursorTo?: number;
  },
): Promise<boolean> {
  checkProcessor(input.processor);
  checkLease(input.leaseMs);
  const problems: string[] = [];
  if (!isUuid(input.orgId)) problems.push("orgId is not an id");
  if (input.fromEventId !== null && (!Number.isSafeInteger(input.fromEventId) || input.fromEventId < 1))
    problems.push("fromEventId is not an event id");
  const cursorTo = input.cursorTo ?? 0;
  if (!Number.isSafeInteger(cursorTo) || cursorTo < 0)
    problems.push("cursorTo must be a non-negative integer");
  const retryInMs = input.failing?.retryInMs ?? null;
  if (retryInMs !== null && (!Number.isSafeInteger(retryInMs) || retryInMs < 0))
    problems.push("retryInMs must be a non-negative integer");
  if (problems.length > 0) {
    throw new StoreError("INVALID_INPUT", `invalid delivery hold: ${problems.join("; ")}`, { problems });
  }
  const rows = await db.query(
    `WITH c AS (
       UPDATE delivery_cursors
       SET last_event_id = GREATEST(last_event_id, $5),
           updated_at = CASE WHEN $5 > last_event_id THEN now() ELSE updated_at END,
           lease_expires_at = now() + $3::double precision * interval '1 millisecond'
       WHERE processor = $1 AND leased_by = $2
       RETURNING processor),
     gone AS (
       DELETE FROM delivery_holds h USING c
       WHERE h.processor = c.processor AND h.org_id = $4::uuid AND $6::bigint IS NULL),
     kept AS (
       INSERT INTO delivery_holds AS h
         (processor, org_id, from_event_id, attempts, failing_since, last_error, next_attempt_at)
       SELECT c.processor, $4::uuid, $6::bigint, $7::int,
              CASE WHEN $8::text IS NOT NULL THEN now() END, $8::text,
              CASE WHEN $9::double precision IS NOT NULL THEN now() + $9::double precision * interval '1 millisecond' END
       FROM c WHERE $6::bigint IS NOT NULL
       ON CONFLICT (processor, org_id) DO UPDATE
         SET from_event_id = EXCLUDED.from_event_id, attempts = EXCLUDED.attempts,
             failing_since = CASE WHEN EXCLUDED.last_error IS NOT NULL THEN COALESCE(h.failing_since, now()) END,
             last_error = EXCLUDED.last_error, next_attempt_at = EXCLUDED.next_attempt_at)
     SELECT processor FROM c`,
    [
      input.processor,
      input.owner,
      input.leaseMs,
      input.orgId,
      cursorTo,
      input.fromEventId,
      input.attempts ?? 0,
      input.failing === null
        ? null
        : input.failing.lastError.slice(0, LAST_ERROR_MAX_CHARS) || "unknown error",
      retryInMs,
    ],
  );
  return rows.length > 0;
}

/**
 * The organisation's next events of `types` from `fromId` up to `toId` (both included), oldest
 * first, at most `limit`: what its hold has yet to deliver.
 */
export async function findHeldEvents(
  db: Queryable,
  input: { orgId: string; fromId: number; toId: number; types: readonly string[]; limit: number },
): Promise<EventRecord[]> {
  if (!isUuid(input.orgId)) return [];
  const rows = await db.query(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE org_id = $1 AND id >= $2 AND id <= $3 AND type = ANY($4::text[])
     ORDER BY id LIMIT $5`,
    [input.orgId, input.fromId, input.toId, [...input.types], Math.min(Math.max(input.limit, 1), 10_000)],
  );
  return rows.map(toEvent);
}

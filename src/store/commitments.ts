import { StoreError } from "./errors.ts";
import {
  buildValues,
  chunkRows,
  findInOrg,
  isUuid,
  readMillis,
  readMillisOrNull,
  readText,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

/**
 * open: owed, not yet due (or with no due time, or already due when tagteam recorded it); missed:
 * its due time passed while it was open (set by `markMissedCommitments`), and it is still owed;
 * done, cancelled: closed by someone (from open or missed).
 */
export type CommitmentStatus = "open" | "done" | "missed" | "cancelled";
export const COMMITMENT_STATUSES: readonly CommitmentStatus[] = ["open", "done", "missed", "cancelled"];
/** The statuses of a promise still owed to the customer: the follow-up lists show these. */
export const OWED_COMMITMENT_STATUSES: readonly CommitmentStatus[] = ["open", "missed"];

export interface CommitmentRecord {
  id: string;
  orgId: string;
  conversationId: string;
  messageId: string | null;
  /** The agent who made the promise. */
  personId: string | null;
  text: string;
  dueAt: number | null;
  status: CommitmentStatus;
  createdAt: number;
  completedAt: number | null;
}

export interface NewCommitment {
  orgId: string;
  conversationId: string;
  messageId?: string | null;
  personId?: string | null;
  text: string;
  dueAt?: number | null;
}

const COLUMNS =
  "id, org_id, conversation_id, message_id, person_id, text, due_at, status, created_at, completed_at";

function toCommitment(row: Row): CommitmentRecord {
  const status = readText(row, "status");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
    messageId: readTextOrNull(row, "message_id"),
    personId: readTextOrNull(row, "person_id"),
    text: readText(row, "text"),
    dueAt: readMillisOrNull(row, "due_at"),
    status: COMMITMENT_STATUSES.find((s) => s === status) ?? "open",
    createdAt: readMillis(row, "created_at"),
    completedAt: readMillisOrNull(row, "completed_at"),
  };
}

/** Records commitments found in a group of messages, in one multi-row INSERT. */
export async function appendCommitments(
  db: Queryable,
  rows: readonly NewCommitment[],
): Promise<CommitmentRecord[]> {
  const out: CommitmentRecord[] = [];
  for (const chunk of chunkRows(rows, 6)) {
    const { sql, params } = buildValues(
      chunk.map((c) => [
        c.orgId,
        c.conversationId,
        c.messageId ?? null,
        c.personId ?? null,
        c.text,
        toTimestamp(c.dueAt),
      ]),
      ["uuid", "uuid", "uuid", "uuid", "text", "timestamptz"],
    );
    const inserted = await db.query(
      `INSERT INTO commitments (org_id, conversation_id, message_id, person_id, text, due_at) VALUES ${sql}
       RETURNING ${COLUMNS}`,
      params,
    );
    out.push(...inserted.map(toCommitment));
  }
  return out;
}

export async function listCommitments(
  db: Queryable,
  query: {
    orgId: string;
    conversationId?: string;
    personId?: string;
    /** One status or several (`OWED_COMMITMENT_STATUSES`: those still owed); all when absent. */
    status?: CommitmentStatus | readonly CommitmentStatus[];
    limit?: number;
  },
): Promise<CommitmentRecord[]> {
  const statuses = query.status === undefined ? null : [query.status].flat();
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM commitments
     WHERE org_id = $1 AND ($2::uuid IS NULL OR conversation_id = $2) AND ($3::uuid IS NULL OR person_id = $3)
       AND ($4::text[] IS NULL OR status = ANY ($4::text[]))
     ORDER BY due_at NULLS LAST, created_at, id LIMIT $5`,
    [
      query.orgId,
      query.conversationId ?? null,
      query.personId ?? null,
      statuses,
      Math.min(Math.max(query.limit ?? 500, 1), 5000),
    ],
  );
  return rows.map(toCommitment);
}

/** One commitment of the organisation, or null (also for an id that is not a uuid). */
export async function findCommitmentById(
  db: Queryable,
  orgId: string,
  commitmentId: string,
): Promise<CommitmentRecord | null> {
  return findInOrg(db, { table: "commitments", columns: COLUMNS, orgId, id: commitmentId }, toCommitment);
}

/** Open commitments due before `dueBefore` (follow-up reminders), soonest first. */
export async function findDueCommitments(
  db: Queryable,
  query: { orgId: string; dueBefore: number; limit?: number },
): Promise<CommitmentRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM commitments WHERE org_id = $1 AND status = 'open' AND due_at < $2
     ORDER BY due_at, id LIMIT $3`,
    [query.orgId, toTimestamp(query.dueBefore), Math.min(Math.max(query.limit ?? 500, 1), 5000)],
  );
  return rows.map(toCommitment);
}

/**
 * Closes a commitment still owed (open or missed) as done or cancelled: a missed one done is a
 * promise kept late (`completedAt` after `dueAt`). "missed" is set only on an open one, and leaves
 * `completedAt` empty: the customer is still owed it.
 */
export async function setCommitmentStatus(
  db: Queryable,
  input: { orgId: string; commitmentId: string; status: Exclude<CommitmentStatus, "open">; at?: number },
): Promise<CommitmentRecord> {
  if (!isUuid(input.commitmentId))
    throw new StoreError("NOT_FOUND", `commitment ${input.commitmentId} not found`);
  const [row] = await db.query(
    `UPDATE commitments
     SET status = $3, completed_at = CASE WHEN $3 = 'missed' THEN NULL ELSE COALESCE($4, now()) END
     WHERE org_id = $1 AND id = $2
       AND (status = 'open' OR (status = 'missed' AND $3 IN ('done', 'cancelled'))) RETURNING ${COLUMNS}`,
    [input.orgId, input.commitmentId, input.status, toTimestamp(input.at)],
  );
  if (row) return toCommitment(row);
  const [exists] = await db.query("SELECT status FROM commitments WHERE org_id = $1 AND id = $2", [
    input.orgId,
    input.commitmentId,
  ]);
  if (!exists) throw new StoreError("NOT_FOUND", `commitment ${input.commitmentId} not found`);
  throw new StoreError(
    "INVALID_TRANSITION",
    `commitment ${input.commitmentId} is already ${String(exists.status)}`,
  );
}

/** A commitment `markMissedCommitments` marked missed, with its conversation's team. */
export type MissedCommitment = CommitmentRecord & { teamId: string };

/**
 * Marks missed the open commitments whose due time is before `now`, across organisations, soonest
 * due first, at most `limit`; returns them with their conversation's team. Only a promise recorded
 * before its due time: one already due when tagteam stored it (an imported transcript's old
 * promise) stays open, as nobody can tell whether it was kept. Each is returned once however many
 * instances run this (only an open one changes; PostgreSQL re-checks the status of a row another
 * transaction changed meanwhile), so a pass can run every minute and after every start.
 */
export async function markMissedCommitments(
  db: Queryable,
  input: { now: number; limit?: number },
): Promise<MissedCommitment[]> {
  const columns = COLUMNS.split(", ")
    .map((c) => `m.${c}`)
    .join(", ");
  const rows = await db.query(
    `UPDATE commitments m SET status = 'missed'
     FROM conversations c
     WHERE m.id IN (
         SELECT id FROM commitments
         WHERE status = 'open' AND due_at < $1::timestamptz AND due_at > created_at
         ORDER BY due_at, id LIMIT $2
       )
       AND m.status = 'open' AND m.due_at < $1::timestamptz
       AND c.org_id = m.org_id AND c.id = m.conversation_id
     RETURNING ${columns}, c.team_id`,
    [toTimestamp(input.now), Math.min(Math.max(input.limit ?? 500, 1), 5000)],
  );
  return rows
    .map((row) => ({ ...toCommitment(row), teamId: readText(row, "team_id") }))
    .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || a.id.localeCompare(b.id));
}

/**
 * Hands someone's commitments still owed (open or missed) over to others (they were deactivated: the team still owes the
 * customer what they promised). `toByTeam` maps a conversation's team to who takes its promises;
 * a team absent from it keeps them where they are. Returns what moved, with its team and new owner.
 */
export async function handOverOpenCommitments(
  db: Queryable,
  input: { orgId: string; fromPersonId: string; toByTeam: ReadonlyMap<string, string> },
): Promise<{ id: string; conversationId: string; teamId: string; personId: string }[]> {
  if (!isUuid(input.fromPersonId) || input.toByTeam.size === 0) return [];
  const teams = [...input.toByTeam.keys()].filter(isUuid);
  const to = teams.map((t) => input.toByTeam.get(t) ?? null);
  const rows = await db.query(
    `UPDATE commitments m SET person_id = t.person_id
     FROM conversations c, unnest($3::uuid[], $4::uuid[]) AS t (team_id, person_id)
     WHERE m.org_id = $1 AND m.person_id = $2 AND m.status IN ('open', 'missed')
       AND c.org_id = m.org_id AND c.id = m.conversation_id AND c.team_id = t.team_id
     RETURNING m.id, m.conversation_id, c.team_id, m.person_id`,
    [input.orgId, input.fromPersonId, teams, to],
  );
  return rows.map((row) => ({
    id: readText(row, "id"),
    conversationId: readText(row, "conversation_id"),
    teamId: readText(row, "team_id"),
    personId: readText(row, "person_id"),
  }));
}

/** The teams of someone's commitments still owed (open or missed) (through their conversations). */
export async function teamsOfOpenCommitments(
  db: Queryable,
  input: { orgId: string; personId: string },
): Promise<string[]> {
  if (!isUuid(input.personId)) return [];
  const rows = await db.query(
    `SELECT DISTINCT c.team_id FROM commitments m JOIN conversations c ON c.org_id = m.org_id AND c.id = m.conversation_id
     WHERE m.org_id = $1 AND m.person_id = $2 AND m.status IN ('open', 'missed')`,
    [input.orgId, input.personId],
  );
  return rows.map((row) => readText(row, "team_id"));
}

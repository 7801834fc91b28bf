// Employee pulses (eNPS, migration 0035): a team's lead opens a short anonymous question to the
// team's own people; each answers once. Who answered and what was answered live in two tables that
// nothing joins: team_pulse_invitees (person, answered or not) and team_pulse_answers (score and
// comment, no person, no time, a random id). Both carry their pulse's org_id (migration 0040), held
// to it by their foreign keys, and every read filters on it. docs/ARCHITECTURE.md, "Employee pulses
// (eNPS)".
import { StoreError } from "./errors.ts";
import {
  isUuid,
  readMillis,
  readMillisOrNull,
  readNumber,
  readText,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { Queryable, Transaction } from "./types.ts";

export interface PulseRecord {
  id: string;
  orgId: string;
  teamId: string;
  openedBy: string | null;
  openedAt: number;
  closesAt: number;
  /** A lead closed it before `closesAt`; null: it runs (or ran) its whole course. */
  closedEarlyAt: number | null;
  closedEarlyBy: string | null;
  /** The team's active agents and leads when it opened. */
  invited: number;
  /** How many have answered so far (a count only: never who with what). */
  answers: number;
}

/** When a pulse stops taking answers: closed early, or its time is up. */
export const pulseEndsAt = (p: Pick<PulseRecord, "closesAt" | "closedEarlyAt">): number =>
  p.closedEarlyAt ?? p.closesAt;

/** Whether a pulse takes answers at `at`. */
export const isPulseOpen = (p: Pick<PulseRecord, "closesAt" | "closedEarlyAt">, at: number): boolean =>
  at < pulseEndsAt(p);

const SELECT_PULSES = `
  SELECT p.id, p.org_id, p.team_id, p.opened_by, p.opened_at, p.closes_at, p.closed_early_at,
         p.closed_early_by, p.invited,
         (SELECT count(*) FROM team_pulse_answers a WHERE a.org_id = p.org_id AND a.pulse_id = p.id)::int AS answers
    FROM team_pulses p`;

function toPulse(row: Row): PulseRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    openedBy: readTextOrNull(row, "opened_by"),
    openedAt: readMillis(row, "opened_at"),
    closesAt: readMillis(row, "closes_at"),
    closedEarlyAt: readMillisOrNull(row, "closed_early_at"),
    closedEarlyBy: readTextOrNull(row, "closed_early_by"),
    invited: readNumber(row, "invited"),
    answers: readNumber(row, "answers"),
  };
}

/**
 * Opens a pulse for a team, asking its active agents and leads (as they are now). Inside a
 * transaction: the team's row is locked, so two leads opening at once cannot both succeed.
 * CONFLICT when the team already has an open pulse; NOT_FOUND when the team does not exist.
 */
export async function openPulse(
  tx: Transaction,
  input: { orgId: string; teamId: string; openedBy: string | null; closesAt: number; at?: number },
): Promise<PulseRecord> {
  const at = input.at ?? Date.now();
  if (!isUuid(input.orgId) || !isUuid(input.teamId))
    throw new StoreError("NOT_FOUND", `team ${input.teamId} not found`);
  if (input.closesAt <= at) throw new StoreError("INVALID_INPUT", "a pulse must close after it opens");
  const team = await tx.query(`SELECT id FROM teams WHERE org_id = $1 AND id = $2 FOR UPDATE`, [
    input.orgId,
    input.teamId,
  ]);
  if (team.length === 0) throw new StoreError("NOT_FOUND", `team ${input.teamId} not found`);
  const open = await tx.query(
    `SELECT id FROM team_pulses
      WHERE org_id = $1 AND team_id = $2 AND COALESCE(closed_early_at, closes_at) > $3`,
    [input.orgId, input.teamId, toTimestamp(at)],
  );
  if (open.length > 0)
    throw new StoreError("CONFLICT", "this team already has an open pulse", {
      pulseId: readText(open[0] as Row, "id"),
    });
  const [row] = await tx.query(
    `WITH members AS (
       SELECT p.id FROM people p
         JOIN team_memberships m ON m.person_id = p.id AND m.team_id = $2
        WHERE p.org_id = $1 AND p.deactivated_at IS NULL AND p.role IN ('agent', 'lead')
     ),
     pulse AS (
       INSERT INTO team_pulses (org_id, team_id, opened_by, opened_at, closes_at, invited)
       SELECT $1, $2, $3, $4, $5, count(*) FROM members
       RETURNING id
     ),
     asked AS (
       INSERT INTO team_pulse_invitees (org_id, pulse_id, person_id)
       SELECT $1, pulse.id, members.id FROM pulse, members
     )
     SELECT id FROM pulse`,
    [input.orgId, input.teamId, input.openedBy, toTimestamp(at), toTimestamp(input.closesAt)],
  );
  if (row === undefined) throw new StoreError("INVALID_INPUT", "the pulse was not created");
  const pulse = await findPulse(tx, input.orgId, readText(row, "id"));
  if (pulse === null) throw new StoreError("NOT_FOUND", "the pulse vanished after insert");
  return pulse;
}

export async function findPulse(db: Queryable, orgId: string, id: string): Promise<PulseRecord | null> {
  if (!isUuid(orgId) || !isUuid(id)) return null;
  const [row] = await db.query(`${SELECT_PULSES} WHERE p.org_id = $1 AND p.id = $2`, [orgId, id]);
  return row === undefined ? null : toPulse(row);
}

/** A team's pulses, newest first. */
export async function listTeamPulses(
  db: Queryable,
  query: { orgId: string; teamId: string; limit?: number },
): Promise<PulseRecord[]> {
  if (!isUuid(query.orgId) || !isUuid(query.teamId)) return [];
  const rows = await db.query(
    `${SELECT_PULSES} WHERE p.org_id = $1 AND p.team_id = $2 ORDER BY p.opened_at DESC, p.id LIMIT $3`,
    [query.orgId, query.teamId, query.limit ?? 100],
  );
  return rows.map(toPulse);
}

/** The open pulses `personId` was asked and has not answered yet, soonest to close first. */
export async function listPulsesAwaiting(
  db: Queryable,
  query: { orgId: string; personId: string; at?: number },
): Promise<PulseRecord[]> {
  if (!isUuid(query.orgId) || !isUuid(query.personId)) return [];
  const rows = await db.query(
    `${SELECT_PULSES}
       JOIN team_pulse_invitees i
         ON i.org_id = p.org_id AND i.pulse_id = p.id AND i.person_id = $2 AND NOT i.answered
      WHERE p.org_id = $1 AND COALESCE(p.closed_early_at, p.closes_at) > $3
      ORDER BY p.closes_at, p.id`,
    [query.orgId, query.personId, toTimestamp(query.at ?? Date.now())],
  );
  return rows.map(toPulse);
}

/** Closes an open pulse before its time. Null (changing nothing) when it is missing or already closed. */
export async function closePulseEarly(
  db: Queryable,
  input: { orgId: string; id: string; closedBy: string | null; at?: number },
): Promise<PulseRecord | null> {
  if (!isUuid(input.orgId) || !isUuid(input.id)) return null;
  // Its close is announced by the caller (the route appends `pulse.closed` in this transaction),
  // so the sweeper's announcement (claimPulseClosesDue) skips it; and one the sweeper already
  // announced (another instance's clock ran ahead) is over.
  const rows = await db.query(
    `UPDATE team_pulses SET closed_early_at = $3, closed_early_by = $4, close_announced_at = $3
      WHERE org_id = $1 AND id = $2 AND closed_early_at IS NULL AND close_announced_at IS NULL
        AND closes_at > $3
      RETURNING id`,
    [input.orgId, input.id, toTimestamp(input.at ?? Date.now()), input.closedBy],
  );
  return rows.length === 0 ? null : findPulse(db, input.orgId, input.id);
}

/** A pulse whose time ran out, to announce (`pulse.closed` to its team). */
export interface PulseCloseDue {
  id: string;
  orgId: string;
  teamId: string;
  closesAt: number;
}

/**
 * Claims the pulses whose time ran out by `at` and whose close was not announced yet (at most
 * `limit`, soonest first): each is marked announced and returned once. Call it in the transaction
 * that appends their `pulse.closed` events: the mark commits with them or not at all. Rows another
 * transaction holds are skipped (SKIP LOCKED) and that one marks them, so several instances
 * sweeping one database announce each pulse exactly once. Early closes are marked by
 * `closePulseEarly` and never come back here.
 */
export async function claimPulseClosesDue(
  tx: Transaction,
  input: { at: number; limit: number },
): Promise<PulseCloseDue[]> {
  if (!Number.isInteger(input.limit) || input.limit <= 0 || input.limit > 10_000)
    throw new StoreError("INVALID_INPUT", "limit must be an integer within 1..10000");
  const at = toTimestamp(input.at);
  const rows = await tx.query(
    // Materialised, run once: as an IN (subquery) the planner may run LIMIT … SKIP LOCKED per row.
    `WITH due AS MATERIALIZED (
       SELECT id FROM team_pulses
        WHERE close_announced_at IS NULL AND closes_at <= $1
        ORDER BY closes_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     )
     UPDATE team_pulses p SET close_announced_at = $1
       FROM due
      WHERE p.id = due.id AND p.close_announced_at IS NULL
      RETURNING p.id, p.org_id, p.team_id, p.closes_at`,
    [at, input.limit],
  );
  return rows
    .map((row) => ({
      id: readText(row, "id"),
      orgId: readText(row, "org_id"),
      teamId: readText(row, "team_id"),
      closesAt: readMillis(row, "closes_at"),
    }))
    .sort((a, b) => a.closesAt - b.closesAt || (a.id < b.id ? -1 : 1));
}

export type PulseAnswerOutcome = "recorded" | "already_answered" | "not_invited" | "closed" | "not_found";

/**
 * Records one person's answer, once. One statement: the person's invitation is marked answered
 * (only if it was not, and only while the pulse is open) and the answer is written without them.
 * Anything else changes nothing and says why.
 */
export async function answerPulse(
  db: Queryable,
  input: {
    orgId: string;
    pulseId: string;
    personId: string;
    score: number;
    comment: string | null;
    at?: number;
  },
): Promise<PulseAnswerOutcome> {
  if (!isUuid(input.orgId) || !isUuid(input.pulseId) || !isUuid(input.personId)) return "not_found";
  if (!Number.isInteger(input.score) || input.score < 0 || input.score > 10)
    throw new StoreError("INVALID_INPUT", "a score is a whole number from 0 to 10");
  const at = toTimestamp(input.at ?? Date.now());
  const comment = input.comment !== null && input.comment.trim() !== "" ? input.comment.trim() : null;
  const recorded = await db.query(
    `WITH marked AS (
       UPDATE team_pulse_invitees i SET answered = true
         FROM team_pulses p
        WHERE i.org_id = $1 AND i.pulse_id = $2 AND i.person_id = $3 AND NOT i.answered
          AND p.org_id = i.org_id AND p.id = i.pulse_id AND COALESCE(p.closed_early_at, p.closes_at) > $6
       RETURNING i.org_id, i.pulse_id
     )
     INSERT INTO team_pulse_answers (org_id, pulse_id, score, comment)
     SELECT org_id, pulse_id, $4, $5 FROM marked
     RETURNING 1 AS ok`,
    [input.orgId, input.pulseId, input.personId, input.score, comment, at],
  );
  if (recorded.length === 1) return "recorded";
  const [why] = await db.query(
    `SELECT COALESCE(p.closed_early_at, p.closes_at) > $3 AS open,
            (SELECT i.answered FROM team_pulse_invitees i
              WHERE i.org_id = p.org_id AND i.pulse_id = p.id AND i.person_id = $4) AS answered
       FROM team_pulses p WHERE p.org_id = $1 AND p.id = $2`,
    [input.orgId, input.pulseId, at, input.personId],
  );
  if (why === undefined) return "not_found";
  if (why["answered"] === true) return "already_answered";
  if (why["answered"] === null || why["answered"] === undefined) return "not_invited";
  return "closed";
}

export interface PulseResults {
  /** How many answered each score, 0 to 10 (index = score). */
  scores: number[];
  /** The comments given, in a random order (the answers' random ids), never beside their score. */
  comments: string[];
}

/**
 * A pulse's answers, only once it has closed (at `at`) and only with at least `minAnswers` of
 * them; null otherwise. The gate is here as well as in the server, so no caller can read a small
 * or unfinished pulse by mistake.
 */
export async function readPulseResults(
  db: Queryable,
  query: { orgId: string; pulseId: string; minAnswers: number; at?: number },
): Promise<PulseResults | null> {
  const pulse = await findPulse(db, query.orgId, query.pulseId);
  if (pulse === null || isPulseOpen(pulse, query.at ?? Date.now())) return null;
  if (pulse.answers < Math.max(1, query.minAnswers)) return null;
  const rows = await db.query(
    `SELECT score, comment FROM team_pulse_answers WHERE org_id = $1 AND pulse_id = $2 ORDER BY id`,
    [pulse.orgId, pulse.id],
  );
  const scores = Array.from({ length: 11 }, () => 0);
  const comments: string[] = [];
  for (const row of rows) {
    const score = readNumber(row, "score");
    scores[score] = (scores[score] ?? 0) + 1;
    const comment = readTextOrNull(row, "comment");
    if (comment !== null) comments.push(comment);
  }
  return { scores, comments };
}

// Mentorship pairings a lead agreed (migration 0031): who helps whom with which skill, until ended.
import { StoreError, isUniqueViolation } from "./errors.ts";
import {
  findInOrg,
  isUuid,
  readMillis,
  readMillisOrNull,
  readText,
  readTextOrNull,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

export interface PairingRecord {
  id: string;
  orgId: string;
  teamId: string;
  mentorId: string;
  menteeId: string;
  skill: string;
  /** Null: the skill in every topic. */
  topic: string | null;
  reason: string;
  createdBy: string | null;
  createdAt: number;
  endedAt: number | null;
  endedBy: string | null;
}

const COLUMNS =
  "id, org_id, team_id, mentor_id, mentee_id, skill, topic, reason, created_by, created_at, ended_at, ended_by";

function toPairing(row: Row): PairingRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    mentorId: readText(row, "mentor_id"),
    menteeId: readText(row, "mentee_id"),
    skill: readText(row, "skill"),
    topic: readTextOrNull(row, "topic"),
    reason: readText(row, "reason"),
    createdBy: readTextOrNull(row, "created_by"),
    createdAt: readMillis(row, "created_at"),
    endedAt: readMillisOrNull(row, "ended_at"),
    endedBy: readTextOrNull(row, "ended_by"),
  };
}

/**
 * Records an agreed pairing. CONFLICT when the mentee already has one in force for that skill and
 * topic; INVALID_INPUT when mentor and mentee are the same person.
 */
export async function createPairing(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    mentorId: string;
    menteeId: string;
    skill: string;
    topic?: string | null;
    reason?: string;
    createdBy: string | null;
  },
): Promise<PairingRecord> {
  if (input.mentorId === input.menteeId)
    throw new StoreError("INVALID_INPUT", "a person cannot mentor themself");
  try {
    const [row] = await db.query(
      `INSERT INTO mentorship_pairings (org_id, team_id, mentor_id, mentee_id, skill, topic, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        input.orgId,
        input.teamId,
        input.mentorId,
        input.menteeId,
        input.skill,
        input.topic ?? null,
        input.reason ?? "",
        input.createdBy,
      ],
    );
    if (!row) throw new StoreError("INVALID_INPUT", "pairing not written");
    return toPairing(row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new StoreError("CONFLICT", "this person already has a mentor for this skill and topic");
    throw error;
  }
}

/** A pairing of the organisation, ended or not. */
export async function findPairing(db: Queryable, orgId: string, id: string): Promise<PairingRecord | null> {
  return findInOrg(db, { table: "mentorship_pairings", columns: COLUMNS, orgId, id }, toPairing);
}

/**
 * Pairings in force (ended ones too with `includeEnded`), newest first: of the teams, and/or with
 * a person as mentor or mentee.
 */
export async function listPairings(
  db: Queryable,
  query: { orgId: string; teamIds?: readonly string[]; personId?: string; includeEnded?: boolean },
): Promise<PairingRecord[]> {
  const teamIds = query.teamIds?.filter(isUuid) ?? null;
  if (query.personId !== undefined && !isUuid(query.personId)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM mentorship_pairings
     WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[]))
       AND ($3::uuid IS NULL OR mentor_id = $3 OR mentee_id = $3)
       AND ($4::boolean OR ended_at IS NULL)
     ORDER BY created_at DESC, id LIMIT 500`,
    [query.orgId, teamIds, query.personId ?? null, query.includeEnded === true],
  );
  return rows.map(toPairing);
}

/** Ends a pairing in force; null when it is not the organisation's or already ended. */
export async function endPairing(
  db: Queryable,
  input: { orgId: string; id: string; endedBy: string | null },
): Promise<PairingRecord | null> {
  if (!isUuid(input.id)) return null;
  const [row] = await db.query(
    `UPDATE mentorship_pairings SET ended_at = now(), ended_by = $3
     WHERE org_id = $1 AND id = $2 AND ended_at IS NULL RETURNING ${COLUMNS}`,
    [input.orgId, input.id, input.endedBy],
  );
  return row ? toPairing(row) : null;
}

import { StoreError, isUniqueViolation } from "./errors.ts";
import { findInOrg, isUuid, readMillis, readText, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

export interface TeamRecord {
  id: string;
  orgId: string;
  name: string;
  createdAt: number;
}

const COLUMNS = "id, org_id, name, created_at";

function toTeam(row: Row): TeamRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    name: readText(row, "name"),
    createdAt: readMillis(row, "created_at"),
  };
}

/**
 * A team of the organisation named `name` but for case ("Support" and "support "), other than
 * `exceptId`, is CONFLICT: two teams the same in every list and menu could not be told apart.
 */
async function refuseNameTaken(db: Queryable, orgId: string, name: string, exceptId?: string): Promise<void> {
  const [row] = await db.query(
    `SELECT name FROM teams WHERE org_id = $1 AND lower(btrim(name)) = lower(btrim($2)) AND id::text <> $3 LIMIT 1`,
    [orgId, name, exceptId ?? ""],
  );
  if (row)
    throw new StoreError("CONFLICT", `a team named ${readText(row, "name")} already exists`, {
      name: readText(row, "name"),
    });
}

/** Creates a team; a name already used in the organisation (whatever its case) is CONFLICT. */
export async function createTeam(db: Queryable, input: { orgId: string; name: string }): Promise<TeamRecord> {
  await refuseNameTaken(db, input.orgId, input.name);
  try {
    const [row] = await db.query(`INSERT INTO teams (org_id, name) VALUES ($1, $2) RETURNING ${COLUMNS}`, [
      input.orgId,
      input.name,
    ]);
    if (!row) throw new StoreError("INVALID_INPUT", "team was not created");
    return toTeam(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new StoreError("CONFLICT", `a team named ${input.name} already exists`, { name: input.name });
    }
    throw error;
  }
}

export async function findTeamById(db: Queryable, orgId: string, teamId: string): Promise<TeamRecord | null> {
  return findInOrg(db, { table: "teams", columns: COLUMNS, orgId, id: teamId }, toTeam);
}

export async function listTeams(db: Queryable, orgId: string): Promise<TeamRecord[]> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM teams WHERE org_id = $1 ORDER BY name, id`, [orgId]);
  return rows.map(toTeam);
}

/** Renames a team; a name another team of the organisation has is CONFLICT. */
export async function renameTeam(
  db: Queryable,
  input: { orgId: string; teamId: string; name: string },
): Promise<TeamRecord> {
  if (!isUuid(input.teamId)) throw new StoreError("NOT_FOUND", `team ${input.teamId} not found`);
  await refuseNameTaken(db, input.orgId, input.name, input.teamId);
  try {
    const [row] = await db.query(
      `UPDATE teams SET name = $3 WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [input.orgId, input.teamId, input.name],
    );
    if (!row) throw new StoreError("NOT_FOUND", `team ${input.teamId} not found`);
    return toTeam(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new StoreError("CONFLICT", `a team named ${input.name} already exists`, { name: input.name });
    }
    throw error;
  }
}

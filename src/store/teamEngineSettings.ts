import { readJson, readMillis, readText, readTextOrNull, toJsonParam, type Row } from "./rows.ts";
import { StoreError } from "./errors.ts";
import type { JsonValue, Queryable } from "./types.ts";

export interface TeamEngineSettingsRecord {
  orgId: string;
  teamId: string;
  /** The overrides as the server validated them (merged onto the engine's defaults when used). */
  overrides: JsonValue;
  updatedBy: string | null;
  updatedAt: number;
}

function toSettings(row: Row): TeamEngineSettingsRecord {
  return {
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    overrides: readJson(row, "overrides"),
    updatedBy: readTextOrNull(row, "updated_by"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

/** Creates or replaces a team's engine overrides. */
export async function saveTeamEngineSettings(
  db: Queryable,
  input: { orgId: string; teamId: string; overrides: JsonValue; updatedBy?: string | null },
): Promise<TeamEngineSettingsRecord> {
  const [row] = await db.query(
    `INSERT INTO team_engine_settings (team_id, org_id, overrides, updated_by) VALUES ($2, $1, $3::jsonb, $4)
     ON CONFLICT (team_id) DO UPDATE SET overrides = EXCLUDED.overrides, updated_by = EXCLUDED.updated_by,
       updated_at = now()
       WHERE team_engine_settings.org_id = EXCLUDED.org_id
     RETURNING org_id, team_id, overrides, updated_by, updated_at`,
    [input.orgId, input.teamId, toJsonParam(input.overrides), input.updatedBy ?? null],
  );
  if (!row) throw new StoreError("NOT_FOUND", `team ${input.teamId} not found`);
  return toSettings(row);
}

/** A team's engine overrides, or null when the team runs on the defaults. */
export async function findTeamEngineSettings(
  db: Queryable,
  orgId: string,
  teamId: string,
): Promise<TeamEngineSettingsRecord | null> {
  const [row] = await db.query(
    "SELECT org_id, team_id, overrides, updated_by, updated_at FROM team_engine_settings WHERE org_id = $1 AND team_id = $2",
    [orgId, teamId],
  );
  return row ? toSettings(row) : null;
}

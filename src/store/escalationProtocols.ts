import { isUuid, readJson, readMillis, readText, readTextOrNull, toJsonParam, type Row } from "./rows.ts";
import { StoreError } from "./errors.ts";
import type { JsonValue, Queryable } from "./types.ts";

export interface EscalationProtocolRecord {
  orgId: string;
  teamId: string;
  /** The protocol as the server validated it (levels, timings, auto-escalation). */
  config: JsonValue;
  updatedBy: string | null;
  updatedAt: number;
}

function toProtocol(row: Row): EscalationProtocolRecord {
  return {
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    config: readJson(row, "config"),
    updatedBy: readTextOrNull(row, "updated_by"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

/** Creates or replaces a team's escalation protocol. */
export async function saveEscalationProtocol(
  db: Queryable,
  input: { orgId: string; teamId: string; config: JsonValue; updatedBy?: string | null },
): Promise<EscalationProtocolRecord> {
  const [row] = await db.query(
    `INSERT INTO escalation_protocols (team_id, org_id, config, updated_by) VALUES ($2, $1, $3::jsonb, $4)
     ON CONFLICT (team_id) DO UPDATE SET config = EXCLUDED.config, updated_by = EXCLUDED.updated_by, updated_at = now()
       WHERE escalation_protocols.org_id = EXCLUDED.org_id
     RETURNING org_id, team_id, config, updated_by, updated_at`,
    [input.orgId, input.teamId, toJsonParam(input.config), input.updatedBy ?? null],
  );
  if (!row) throw new StoreError("NOT_FOUND", `team ${input.teamId} not found`);
  return toProtocol(row);
}

export async function findEscalationProtocol(
  db: Queryable,
  orgId: string,
  teamId: string,
): Promise<EscalationProtocolRecord | null> {
  const [row] = await db.query(
    "SELECT org_id, team_id, config, updated_by, updated_at FROM escalation_protocols WHERE org_id = $1 AND team_id = $2",
    [orgId, teamId],
  );
  return row ? toProtocol(row) : null;
}

/**
 * The protocols of several teams of one organisation, by team id, with one statement (ingest reads
 * every escalating team of a group at once). A team without a stored protocol is absent, and a
 * team of another organisation is never returned.
 */
export async function findEscalationProtocols(
  db: Queryable,
  orgId: string,
  teamIds: readonly string[],
): Promise<Map<string, EscalationProtocolRecord>> {
  const wanted = [...new Set(teamIds)].filter(isUuid);
  if (wanted.length === 0) return new Map();
  const rows = await db.query(
    "SELECT org_id, team_id, config, updated_by, updated_at FROM escalation_protocols WHERE org_id = $1 AND team_id = ANY($2::uuid[])",
    [orgId, wanted],
  );
  return new Map(rows.map((row) => [readText(row, "team_id"), toProtocol(row)]));
}

/** The teams whose escalation protocol names `personId` at one of its levels (one organisation). */
export async function findTeamsWhoseProtocolNames(
  db: Queryable,
  orgId: string,
  personId: string,
): Promise<string[]> {
  if (!isUuid(personId)) return [];
  const rows = await db.query(
    `SELECT team_id FROM escalation_protocols
     WHERE org_id = $1 AND config -> 'levels' @> jsonb_build_array(jsonb_build_object('personId', $2::text))
     ORDER BY team_id`,
    [orgId, personId],
  );
  return rows.map((row) => readText(row, "team_id"));
}

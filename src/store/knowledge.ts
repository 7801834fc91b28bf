import { StoreError } from "./errors.ts";
import { isUuid, readJson, readMillis, readText, readTextOrNull, toJsonParam, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

export type KnowledgeStatus = "draft" | "published";

/** A fact of the engine's knowledge base. `id` is what the engine sees as KnowledgeFact.id. */
export interface KnowledgeFactRecord {
  id: string;
  orgId: string;
  /** null: the whole organisation. */
  teamId: string | null;
  key: string | null;
  value: number | boolean | string;
  unit: string | null;
  topic: string | null;
  statement: string;
  status: KnowledgeStatus;
  sourceConversationId: string | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `id, org_id, team_id, key, value, unit, topic, statement, status, source_conversation_id, created_by,
  created_at, updated_at`;

function toFact(row: Row): KnowledgeFactRecord {
  const value = readJson(row, "value");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readTextOrNull(row, "team_id"),
    key: readTextOrNull(row, "key"),
    value:
      typeof value === "number" || typeof value === "boolean" || typeof value === "string"
        ? value
        : String(value),
    unit: readTextOrNull(row, "unit"),
    topic: readTextOrNull(row, "topic"),
    statement: readText(row, "statement"),
    status: readText(row, "status") === "published" ? "published" : "draft",
    sourceConversationId: readTextOrNull(row, "source_conversation_id"),
    createdBy: readTextOrNull(row, "created_by"),
    createdAt: readMillis(row, "created_at"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

export interface KnowledgeFactInput {
  orgId: string;
  teamId?: string | null;
  key?: string | null;
  value: number | boolean | string;
  unit?: string | null;
  topic?: string | null;
  statement: string;
  status?: KnowledgeStatus;
  sourceConversationId?: string | null;
  createdBy?: string | null;
}

function assertValue(value: unknown): void {
  const ok =
    (typeof value === "number" && Number.isFinite(value)) ||
    typeof value === "boolean" ||
    typeof value === "string";
  if (!ok)
    throw new StoreError("INVALID_INPUT", "a fact's value must be a finite number, a boolean or a string");
}

export async function createKnowledgeFact(
  db: Queryable,
  input: KnowledgeFactInput,
): Promise<KnowledgeFactRecord> {
  assertValue(input.value);
  const [row] = await db.query(
    `INSERT INTO knowledge_facts (org_id, team_id, key, value, unit, topic, statement, status, source_conversation_id,
                                  created_by)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.teamId ?? null,
      input.key ?? null,
      toJsonParam(input.value),
      input.unit ?? null,
      input.topic ?? null,
      input.statement,
      input.status ?? "draft",
      input.sourceConversationId ?? null,
      input.createdBy ?? null,
    ],
  );
  if (!row) throw new StoreError("INVALID_INPUT", "fact was not created");
  return toFact(row);
}

export async function updateKnowledgeFact(
  db: Queryable,
  input: { orgId: string; factId: string } & Partial<
    Pick<KnowledgeFactInput, "key" | "value" | "unit" | "topic" | "statement" | "status">
  >,
): Promise<KnowledgeFactRecord> {
  if (input.value !== undefined) assertValue(input.value);
  if (!isUuid(input.factId)) throw new StoreError("NOT_FOUND", `fact ${input.factId} not found`);
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(input, key);
  const [row] = await db.query(
    `UPDATE knowledge_facts SET
       key = CASE WHEN $3 THEN $4::text ELSE key END,
       value = COALESCE($5::jsonb, value),
       unit = CASE WHEN $6 THEN $7::text ELSE unit END,
       topic = CASE WHEN $8 THEN $9::text ELSE topic END,
       statement = COALESCE($10, statement),
       status = COALESCE($11, status),
       updated_at = now()
     WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.factId,
      has("key"),
      input.key ?? null,
      input.value === undefined ? null : toJsonParam(input.value),
      has("unit"),
      input.unit ?? null,
      has("topic"),
      input.topic ?? null,
      input.statement ?? null,
      input.status ?? null,
    ],
  );
  if (!row) throw new StoreError("NOT_FOUND", `fact ${input.factId} not found`);
  return toFact(row);
}

export async function deleteKnowledgeFact(
  db: Queryable,
  input: { orgId: string; factId: string },
): Promise<boolean> {
  if (!isUuid(input.factId)) return false;
  const rows = await db.query("DELETE FROM knowledge_facts WHERE org_id = $1 AND id = $2 RETURNING id", [
    input.orgId,
    input.factId,
  ]);
  return rows.length > 0;
}

/**
 * Facts for a team: organisation-wide ones plus the team's own (teamId given), or all of the
 * org's (teamId omitted). `status: "published"` is what the engine compiles.
 */
export async function listKnowledgeFacts(
  db: Queryable,
  query: { orgId: string; teamId?: string; status?: KnowledgeStatus },
): Promise<KnowledgeFactRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM knowledge_facts
     WHERE org_id = $1 AND ($2::uuid IS NULL OR team_id IS NULL OR team_id = $2) AND ($3::text IS NULL OR status = $3)
     ORDER BY topic NULLS LAST, statement, id`,
    [query.orgId, query.teamId ?? null, query.status ?? null],
  );
  return rows.map(toFact);
}

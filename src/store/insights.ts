import { StoreError } from "./errors.ts";
import {
  findInOrg,
  isUuid,
  readJson,
  readMillis,
  readMillisOrNull,
  readNumber,
  readText,
  readTextOrNull,
  toJsonParam,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

export type InsightStatus = "draft" | "published" | "rejected";
export const INSIGHT_STATUSES: readonly InsightStatus[] = ["draft", "published", "rejected"];

/** A knowledge insight captured from a conversation, reviewed by a lead before it is published. */
export interface InsightRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string | null;
  text: string;
  topic: string | null;
  /** With a value, publishing makes this a fact the engine checks agents' claims against. */
  key: string | null;
  value: number | boolean | string | null;
  unit: string | null;
  status: InsightStatus;
  /** The knowledge fact publishing created, if any. */
  factId: string | null;
  createdBy: string | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  reviewNote: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS = `id, org_id, team_id, conversation_id, text, topic, key, value, unit, status, fact_id, created_by,
  reviewed_by, reviewed_at, review_note, created_at, updated_at`;

function toInsight(row: Row): InsightRecord {
  const value = row.value === null || row.value === undefined ? null : readJson(row, "value");
  const status = readText(row, "status");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readTextOrNull(row, "conversation_id"),
    text: readText(row, "text"),
    topic: readTextOrNull(row, "topic"),
    key: readTextOrNull(row, "key"),
    value:
      value === null || typeof value === "number" || typeof value === "boolean" || typeof value === "string"
        ? value
        : JSON.stringify(value),
    unit: readTextOrNull(row, "unit"),
    status: INSIGHT_STATUSES.find((s) => s === status) ?? "draft",
    factId: readTextOrNull(row, "fact_id"),
    createdBy: readTextOrNull(row, "created_by"),
    reviewedBy: readTextOrNull(row, "reviewed_by"),
    reviewedAt: readMillisOrNull(row, "reviewed_at"),
    reviewNote: readTextOrNull(row, "review_note"),
    createdAt: readMillis(row, "created_at"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

export interface InsightInput {
  orgId: string;
  teamId: string;
  conversationId?: string | null;
  text: string;
  topic?: string | null;
  key?: string | null;
  value?: number | boolean | string | null;
  unit?: string | null;
  createdBy?: string | null;
}

export async function createInsight(db: Queryable, input: InsightInput): Promise<InsightRecord> {
  const [row] = await db.query(
    `INSERT INTO insights (org_id, team_id, conversation_id, text, topic, key, value, unit, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.teamId,
      input.conversationId ?? null,
      input.text,
      input.topic ?? null,
      input.key ?? null,
      input.value === undefined || input.value === null ? null : toJsonParam(input.value),
      input.unit ?? null,
      input.createdBy ?? null,
    ],
  );
  if (!row) throw new StoreError("INVALID_INPUT", "insight was not created");
  return toInsight(row);
}

export async function findInsightById(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<InsightRecord | null> {
  return findInOrg(db, { table: "insights", columns: COLUMNS, orgId, id }, toInsight);
}

/** Insights of the given teams (all of the org's when omitted), newest first. */
export async function listInsights(
  db: Queryable,
  query: {
    orgId: string;
    teamIds?: string[];
    status?: InsightStatus;
    conversationId?: string;
    limit?: number;
  },
): Promise<InsightRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM insights
     WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND ($3::text IS NULL OR status = $3)
       AND ($4::uuid IS NULL OR conversation_id = $4)
     ORDER BY created_at DESC, id LIMIT $5`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.status ?? null,
      query.conversationId !== undefined && isUuid(query.conversationId) ? query.conversationId : null,
      Math.min(Math.max(query.limit ?? 100, 1), 1000),
    ],
  );
  return rows.map(toInsight);
}

/** A draft's edits before review (text, topic, key/value/unit). */
export async function updateInsightDraft(
  db: Queryable,
  input: { orgId: string; id: string } & Partial<
    Pick<InsightInput, "text" | "topic" | "key" | "value" | "unit">
  >,
): Promise<InsightRecord> {
  if (!isUuid(input.id)) throw new StoreError("NOT_FOUND", `insight ${input.id} not found`);
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(input, key);
  const [row] = await db.query(
    `UPDATE insights SET
       text = COALESCE($3, text),
       topic = CASE WHEN $4 THEN $5::text ELSE topic END,
       key = CASE WHEN $6 THEN $7::text ELSE key END,
       value = CASE WHEN $8 THEN $9::jsonb ELSE value END,
       unit = CASE WHEN $10 THEN $11::text ELSE unit END,
       updated_at = now()
     WHERE org_id = $1 AND id = $2 AND status = 'draft' RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.id,
      input.text ?? null,
      has("topic"),
      input.topic ?? null,
      has("key"),
      input.key ?? null,
      has("value"),
      input.value === undefined || input.value === null ? null : toJsonParam(input.value),
      has("unit"),
      input.unit ?? null,
    ],
  );
  if (row) return toInsight(row);
  const existing = await findInsightById(db, input.orgId, input.id);
  if (existing === null) throw new StoreError("NOT_FOUND", `insight ${input.id} not found`);
  throw new StoreError("INVALID_TRANSITION", `insight ${input.id} is already ${existing.status}`);
}

/** A lead's decision on a draft: published (with the fact it created, if any) or rejected. */
export async function reviewInsight(
  db: Queryable,
  input: {
    orgId: string;
    id: string;
    status: Exclude<InsightStatus, "draft">;
    reviewedBy: string;
    note?: string | null;
    factId?: string | null;
  },
): Promise<InsightRecord> {
  if (!isUuid(input.id)) throw new StoreError("NOT_FOUND", `insight ${input.id} not found`);
  const [row] = await db.query(
    `UPDATE insights SET status = $3, reviewed_by = $4, reviewed_at = now(), review_note = $5, fact_id = $6,
       updated_at = now()
     WHERE org_id = $1 AND id = $2 AND status = 'draft' RETURNING ${COLUMNS}`,
    [input.orgId, input.id, input.status, input.reviewedBy, input.note ?? null, input.factId ?? null],
  );
  if (row) return toInsight(row);
  const existing = await findInsightById(db, input.orgId, input.id);
  if (existing === null) throw new StoreError("NOT_FOUND", `insight ${input.id} not found`);
  throw new StoreError("INVALID_TRANSITION", `insight ${input.id} is already ${existing.status}`);
}

export interface KnowledgeSearchHit {
  kind: "fact" | "insight";
  id: string;
  teamId: string | null;
  topic: string | null;
  text: string;
  rank: number;
}

/**
 * KB search: PostgreSQL full-text (English stemming, `websearch_to_tsquery`, so quotes and `-word`
 * work) over published facts and published insights of the given teams plus organisation-wide
 * facts; best match first. The expressions match the GIN indexes of migration 0003.
 */
export async function searchKnowledge(
  db: Queryable,
  query: { orgId: string; teamIds?: string[]; text: string; limit?: number },
): Promise<KnowledgeSearchHit[]> {
  const rows = await db.query(
    `WITH q AS (SELECT websearch_to_tsquery('english'::regconfig, $3) AS tsq)
     SELECT 'fact' AS kind, f.id, f.team_id, f.topic, f.statement AS text,
            ts_rank(to_tsvector('english'::regconfig, coalesce(f.topic, '') || ' ' || coalesce(f.key, '') || ' ' || f.statement), q.tsq) AS rank
     FROM knowledge_facts f, q
     WHERE f.org_id = $1 AND f.status = 'published'
       AND (f.team_id IS NULL OR $2::uuid[] IS NULL OR f.team_id = ANY($2::uuid[]))
       AND to_tsvector('english'::regconfig, coalesce(f.topic, '') || ' ' || coalesce(f.key, '') || ' ' || f.statement) @@ q.tsq
     UNION ALL
     SELECT 'insight' AS kind, i.id, i.team_id, i.topic, i.text,
            ts_rank(to_tsvector('english'::regconfig, coalesce(i.topic, '') || ' ' || i.text), q.tsq) AS rank
     FROM insights i, q
     WHERE i.org_id = $1 AND i.status = 'published' AND ($2::uuid[] IS NULL OR i.team_id = ANY($2::uuid[]))
       AND to_tsvector('english'::regconfig, coalesce(i.topic, '') || ' ' || i.text) @@ q.tsq
     ORDER BY rank DESC, id LIMIT $4`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.text,
      Math.min(Math.max(query.limit ?? 20, 1), 100),
    ],
  );
  return rows.map((row) => ({
    kind: readText(row, "kind") === "insight" ? "insight" : "fact",
    id: readText(row, "id"),
    teamId: readTextOrNull(row, "team_id"),
    topic: readTextOrNull(row, "topic"),
    text: readText(row, "text"),
    rank: readNumber(row, "rank"),
  }));
}

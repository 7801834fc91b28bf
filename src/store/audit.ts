import {
  buildValues,
  chunkRows,
  readJson,
  readMillis,
  readNumber,
  readText,
  readTextOrNull,
  toJsonParam,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

export type ActorKind = "person" | "api_token" | "customer" | "system";

export interface AuditEntryRecord {
  id: number;
  orgId: string;
  actorKind: ActorKind;
  actorId: string | null;
  /** What happened, e.g. "person.created", "alert.dismissed". */
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: JsonValue;
  requestId: string | null;
  createdAt: number;
}

export interface NewAuditEntry {
  orgId: string;
  actorKind: ActorKind;
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: JsonValue;
  requestId?: string | null;
}

const COLUMNS =
  "id, org_id, actor_kind, actor_id, action, target_type, target_id, details, request_id, created_at";
const ACTOR_KINDS: readonly ActorKind[] = ["person", "api_token", "customer", "system"];

function toEntry(row: Row): AuditEntryRecord {
  const kind = readText(row, "actor_kind");
  return {
    id: readNumber(row, "id"),
    orgId: readText(row, "org_id"),
    actorKind: ACTOR_KINDS.find((k) => k === kind) ?? "system",
    actorId: readTextOrNull(row, "actor_id"),
    action: readText(row, "action"),
    targetType: readTextOrNull(row, "target_type"),
    targetId: readTextOrNull(row, "target_id"),
    details: readJson(row, "details"),
    requestId: readTextOrNull(row, "request_id"),
    createdAt: readMillis(row, "created_at"),
  };
}

/** Appends audit entries (write them in the same transaction as the change they describe). */
export async function appendAuditEntries(
  db: Queryable,
  entries: readonly NewAuditEntry[],
): Promise<AuditEntryRecord[]> {
  const out: AuditEntryRecord[] = [];
  for (const chunk of chunkRows(entries, 8)) {
    const { sql, params } = buildValues(
      chunk.map((e) => [
        e.orgId,
        e.actorKind,
        e.actorId ?? null,
        e.action,
        e.targetType ?? null,
        e.targetId ?? null,
        toJsonParam(e.details ?? {}),
        e.requestId ?? null,
      ]),
      ["uuid", "text", "uuid", "text", "text", "text", "jsonb", "text"],
    );
    const rows = await db.query(
      `INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_type, target_id, details, request_id)
       VALUES ${sql} RETURNING ${COLUMNS}`,
      params,
    );
    out.push(...rows.map(toEntry));
  }
  return out;
}

/** The organisation's audit log, newest first, paged by `beforeId`. */
export async function listAuditEntries(
  db: Queryable,
  query: { orgId: string; beforeId?: number; limit?: number },
): Promise<AuditEntryRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM audit_log WHERE org_id = $1 AND ($2::bigint IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [query.orgId, query.beforeId ?? null, Math.min(Math.max(query.limit ?? 100, 1), 1000)],
  );
  return rows.map(toEntry);
}

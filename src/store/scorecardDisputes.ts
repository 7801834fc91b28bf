import { StoreError } from "./errors.ts";
import {
  findInOrg,
  isUuid,
  readJson,
  readMillis,
  readMillisOrNull,
  readNumberOrNull,
  readText,
  readTextOrNull,
  toJsonParam,
  type Row,
} from "./rows.ts";
import type { ScorecardRole } from "./scorecards.ts";
import type { Queryable } from "./types.ts";

/** Open until a lead resolves it: "upheld" kept the score, "changed" changed it (migration 0046). */
export type ScorecardDisputeStatus = "open" | "upheld" | "changed";

/** The scored person's objection to one item of their QA scorecard (item null: the whole card). */
export interface ScorecardDisputeRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  /** Whom the disputed card scores, and who disputed it. */
  personId: string;
  cardRole: ScorecardRole;
  item: string | null;
  reason: string;
  /** The item's score (the card's overall for the whole card) when it was disputed. */
  disputedScore: number | null;
  status: ScorecardDisputeStatus;
  resolutionNote: string | null;
  /** `{ item: score }` the lead set when the dispute changed the card; null otherwise. */
  changedScores: Record<string, number> | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
  createdAt: number;
}

const COLUMNS = `id, org_id, team_id, conversation_id, person_id, card_role, item, reason, disputed_score,
  status, resolution_note, changed_scores, resolved_by, resolved_at, created_at`;

function toDispute(row: Row): ScorecardDisputeRecord {
  const raw =
    row.changed_scores === null || row.changed_scores === undefined ? null : readJson(row, "changed_scores");
  let changedScores: Record<string, number> | null = null;
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    changedScores = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === "number") changedScores[k] = v;
  }
  const status = readText(row, "status");
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    personId: readText(row, "person_id"),
    cardRole: readText(row, "card_role") === "helper" ? "helper" : "agent",
    item: readTextOrNull(row, "item"),
    reason: readText(row, "reason"),
    disputedScore: readNumberOrNull(row, "disputed_score"),
    status: status === "upheld" || status === "changed" ? status : "open",
    resolutionNote: readTextOrNull(row, "resolution_note"),
    changedScores,
    resolvedBy: readTextOrNull(row, "resolved_by"),
    resolvedAt: readMillisOrNull(row, "resolved_at"),
    createdAt: readMillis(row, "created_at"),
  };
}

/**
 * Opens a dispute. A second open dispute of the same item of the same card (or of the whole card
 * twice) is CONFLICT, its details naming the open one (`disputeId`); nothing is written.
 */
export async function createScorecardDispute(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    conversationId: string;
    personId: string;
    cardRole: ScorecardRole;
    item: string | null;
    reason: string;
    disputedScore: number | null;
  },
): Promise<ScorecardDisputeRecord> {
  const [row] = await db.query(
    `INSERT INTO scorecard_disputes (org_id, team_id, conversation_id, person_id, card_role, item, reason,
       disputed_score)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (conversation_id, person_id, COALESCE(item, '*')) WHERE status = 'open' DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.teamId,
      input.conversationId,
      input.personId,
      input.cardRole,
      input.item,
      input.reason,
      input.disputedScore,
    ],
  );
  if (row) return toDispute(row);
  const [open] = await db.query(
    `SELECT id FROM scorecard_disputes
     WHERE org_id = $1 AND conversation_id = $2 AND person_id = $3 AND COALESCE(item, '*') = COALESCE($4, '*')
       AND status = 'open'`,
    [input.orgId, input.conversationId, input.personId, input.item],
  );
  throw new StoreError(
    "CONFLICT",
    input.item === null
      ? "You already dispute this whole scorecard: a lead has not resolved that dispute yet"
      : `You already dispute ${input.item.replace(/_/g, " ")} on this scorecard: a lead has not resolved that dispute yet`,
    open ? { disputeId: readText(open, "id") } : undefined,
  );
}

/** One dispute; `forUpdate` (in a transaction) locks it until commit, so two leads resolve it once. */
export async function findScorecardDispute(
  db: Queryable,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ScorecardDisputeRecord | null> {
  return findInOrg(
    db,
    { table: "scorecard_disputes", columns: COLUMNS, orgId, id, forUpdate: options.forUpdate },
    toDispute,
  );
}

/**
 * Disputes of teams (all of the org's when `teamIds` is omitted), of one person, or of one card
 * (`conversationId` and `personId`): open ones oldest first (a queue), resolved ones newest first.
 */
export async function listScorecardDisputes(
  db: Queryable,
  query: {
    orgId: string;
    teamIds?: readonly string[];
    personId?: string;
    conversationId?: string;
    /** "open", or "resolved" (upheld or changed); both when omitted. */
    status?: "open" | "resolved";
    limit?: number;
  },
): Promise<ScorecardDisputeRecord[]> {
  if (query.personId !== undefined && !isUuid(query.personId)) return [];
  if (query.conversationId !== undefined && !isUuid(query.conversationId)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM scorecard_disputes
     WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[]))
       AND ($3::uuid IS NULL OR person_id = $3) AND ($4::uuid IS NULL OR conversation_id = $4)
       AND ($5::text IS NULL OR ($5 = 'open') = (status = 'open'))
     ORDER BY (status = 'open') DESC,
       CASE WHEN status = 'open' THEN created_at END ASC,
       CASE WHEN status = 'open' THEN seq END ASC,
       COALESCE(resolved_at, created_at) DESC, seq DESC
     LIMIT $6`,
    [
      query.orgId,
      query.teamIds === undefined ? null : query.teamIds.filter(isUuid),
      query.personId ?? null,
      query.conversationId ?? null,
      query.status ?? null,
      Math.min(Math.max(query.limit ?? 200, 1), 1000),
    ],
  );
  return rows.map(toDispute);
}

/**
 * Resolves an open dispute: "upheld" (the score stays) or "changed" (`changedScores`, already
 * written to the scorecard by the caller in the same transaction). Null when it is no longer open:
 * another lead resolved it first.
 */
export async function resolveScorecardDispute(
  db: Queryable,
  input: {
    orgId: string;
    id: string;
    status: "upheld" | "changed";
    note: string;
    changedScores: Record<string, number> | null;
    resolvedBy: string;
  },
): Promise<ScorecardDisputeRecord | null> {
  if (!isUuid(input.id)) return null;
  const [row] = await db.query(
    `UPDATE scorecard_disputes SET status = $3, resolution_note = $4, changed_scores = $5::jsonb,
       resolved_by = $6, resolved_at = now()
     WHERE org_id = $1 AND id = $2 AND status = 'open'
     RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.id,
      input.status,
      input.note,
      input.changedScores === null ? null : toJsonParam(input.changedScores),
      input.resolvedBy,
    ],
  );
  return row ? toDispute(row) : null;
}

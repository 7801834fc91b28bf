import { StoreError } from "./errors.ts";
import {
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
import type { JsonValue, Queryable } from "./types.ts";

/** The QA scorecard of one closed conversation: the engine's, and a lead's override. */
export interface ScorecardRecord {
  conversationId: string;
  orgId: string;
  teamId: string;
  agentId: string | null;
  /** The engine's QaScorecard, as JSON. */
  auto: JsonValue;
  autoOverall: number | null;
  /** `{ item: score }` for the items a lead changed; null until reviewed. */
  override: Record<string, number> | null;
  overrideOverall: number | null;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  createdAt: number;
}

const COLUMNS = `conversation_id, org_id, team_id, agent_id, auto, auto_overall, override, override_overall,
  review_note, reviewed_by, reviewed_at, created_at`;

function toScorecard(row: Row): ScorecardRecord {
  const raw = row.override === null || row.override === undefined ? null : readJson(row, "override");
  let override: Record<string, number> | null = null;
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    override = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === "number") override[k] = v;
  }
  return {
    conversationId: readText(row, "conversation_id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    agentId: readTextOrNull(row, "agent_id"),
    auto: readJson(row, "auto"),
    autoOverall: readNumberOrNull(row, "auto_overall"),
    override,
    overrideOverall: readNumberOrNull(row, "override_overall"),
    reviewNote: readTextOrNull(row, "review_note"),
    reviewedBy: readTextOrNull(row, "reviewed_by"),
    reviewedAt: readMillisOrNull(row, "reviewed_at"),
    createdAt: readMillis(row, "created_at"),
  };
}

/** Stores the engine's scorecard; an existing one is kept (null returned), so retries are harmless. */
export async function saveScorecard(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    conversationId: string;
    agentId: string | null;
    auto: JsonValue;
    autoOverall: number | null;
  },
): Promise<ScorecardRecord | null> {
  const [row] = await db.query(
    `INSERT INTO scorecards (conversation_id, org_id, team_id, agent_id, auto, auto_overall)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT (conversation_id) DO NOTHING RETURNING ${COLUMNS}`,
    [
      input.conversationId,
      input.orgId,
      input.teamId,
      input.agentId,
      toJsonParam(input.auto),
      input.autoOverall,
    ],
  );
  return row ? toScorecard(row) : null;
}

export async function findScorecard(
  db: Queryable,
  orgId: string,
  conversationId: string,
): Promise<ScorecardRecord | null> {
  if (!isUuid(conversationId)) return null;
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM scorecards WHERE org_id = $1 AND conversation_id = $2`,
    [orgId, conversationId],
  );
  return row ? toScorecard(row) : null;
}

/** Scorecards of teams (all of the org's when omitted) or of one agent, newest first. */
export async function listScorecards(
  db: Queryable,
  query: { orgId: string; teamIds?: string[]; agentId?: string; reviewed?: boolean; limit?: number },
): Promise<ScorecardRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM scorecards
     WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND ($3::uuid IS NULL OR agent_id = $3)
       AND ($4::boolean IS NULL OR (reviewed_at IS NOT NULL) = $4)
     ORDER BY created_at DESC, conversation_id LIMIT $5`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.agentId !== undefined && isUuid(query.agentId) ? query.agentId : null,
      query.reviewed ?? null,
      Math.min(Math.max(query.limit ?? 100, 1), 5000),
    ],
  );
  return rows.map(toScorecard);
}

/** A lead's review: the items they changed, the resulting overall and a note. */
export async function reviewScorecard(
  db: Queryable,
  input: {
    orgId: string;
    conversationId: string;
    reviewedBy: string;
    override: Record<string, number>;
    overrideOverall: number | null;
    note?: string | null;
  },
): Promise<ScorecardRecord> {
  if (!isUuid(input.conversationId)) throw new StoreError("NOT_FOUND", "scorecard not found");
  const [row] = await db.query(
    `UPDATE scorecards SET override = $3::jsonb, override_overall = $4, review_note = $5, reviewed_by = $6,
       reviewed_at = now()
     WHERE org_id = $1 AND conversation_id = $2 RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.conversationId,
      toJsonParam(input.override),
      input.overrideOverall,
      input.note ?? null,
      input.reviewedBy,
    ],
  );
  if (!row) throw new StoreError("NOT_FOUND", "scorecard not found");
  return toScorecard(row);
}

/**
 * Closed conversations that have no scorecard yet, oldest first: what loop 2 still has to process
 * (after a restart, or when a close happened on an instance that died before processing it).
 */
export async function findClosedConversationsWithoutScorecard(
  db: Queryable,
  query: { limit?: number } = {},
): Promise<{ orgId: string; conversationId: string }[]> {
  const rows = await db.query(
    `SELECT c.org_id, c.id FROM conversations c
     WHERE c.status = 'closed' AND NOT EXISTS (SELECT 1 FROM scorecards s WHERE s.conversation_id = c.id)
     ORDER BY c.closed_at NULLS FIRST, c.id LIMIT $1`,
    [Math.min(Math.max(query.limit ?? 100, 1), 1000)],
  );
  return rows.map((row) => ({ orgId: readText(row, "org_id"), conversationId: readText(row, "id") }));
}

/**
 * `conversation.closed` events after `afterId`, in id order: loop 2's processor follows the event
 * log with this cursor (events commit in id order, see appendEvents, so none is skipped).
 */
export async function findClosedConversationEventsAfter(
  db: Queryable,
  query: { afterId: number; limit?: number },
): Promise<{ id: number; orgId: string; conversationId: string }[]> {
  const rows = await db.query(
    `SELECT id, org_id, conversation_id FROM events
     WHERE id > $1 AND type = 'conversation.closed' AND conversation_id IS NOT NULL ORDER BY id LIMIT $2`,
    [query.afterId, Math.min(Math.max(query.limit ?? 100, 1), 1000)],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
  }));
}

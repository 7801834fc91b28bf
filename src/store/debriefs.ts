import { StoreError } from "./errors.ts";
import {
  findInOrg,
  isUuid,
  readJson,
  readMillis,
  readText,
  readTextArray,
  toJsonParam,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

export type DebriefRole = "agent" | "helper";
export type DebriefStatus = "draft" | "saved";

/** A participant's two-minute card for one conversation (loop 2). */
export interface DebriefRecord {
  id: string;
  orgId: string;
  teamId: string;
  conversationId: string;
  personId: string;
  role: DebriefRole;
  wentWell: string[];
  tricky: string[];
  tryNext: string;
  /** What the engine pre-filled, kept unchanged. */
  draft: JsonValue;
  status: DebriefStatus;
  createdAt: number;
  updatedAt: number;
}

export interface NewDebrief {
  orgId: string;
  teamId: string;
  conversationId: string;
  personId: string;
  role: DebriefRole;
  wentWell: string[];
  tricky: string[];
  tryNext: string;
  /**
   * When the card was due: the conversation's close (epoch ms). A card made later, when closes are
   * swept after a restart or for a history written straight in the store, is dated then, not at
   * the sweep. Defaults to now.
   */
  createdAt?: number | null;
}

const COLUMNS = `id, org_id, team_id, conversation_id, person_id, role, went_well, tricky, try_next, draft, status,
  created_at, updated_at`;

function toDebrief(row: Row): DebriefRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    conversationId: readText(row, "conversation_id"),
    personId: readText(row, "person_id"),
    role: readText(row, "role") === "helper" ? "helper" : "agent",
    wentWell: readTextArray(row, "went_well"),
    tricky: readTextArray(row, "tricky"),
    tryNext: readText(row, "try_next"),
    draft: readJson(row, "draft"),
    status: readText(row, "status") === "saved" ? "saved" : "draft",
    createdAt: readMillis(row, "created_at"),
    updatedAt: readMillis(row, "updated_at"),
  };
}

/**
 * Creates the cards for a closed conversation; a card that already exists for the person is kept
 * as it is (a retry or a second instance changes nothing). Returns only the cards it created.
 */
export async function createDebriefs(db: Queryable, rows: readonly NewDebrief[]): Promise<DebriefRecord[]> {
  const out: DebriefRecord[] = [];
  for (const d of rows) {
    const draft = { wentWell: d.wentWell, tricky: d.tricky, tryNext: d.tryNext };
    const inserted = await db.query(
      `INSERT INTO debriefs (org_id, team_id, conversation_id, person_id, role, went_well, tricky, try_next, draft,
         created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9::jsonb,
         COALESCE($10::timestamptz, now()), COALESCE($10::timestamptz, now()))
       ON CONFLICT (conversation_id, person_id) DO NOTHING RETURNING ${COLUMNS}`,
      [
        d.orgId,
        d.teamId,
        d.conversationId,
        d.personId,
        d.role,
        d.wentWell,
        d.tricky,
        d.tryNext,
        toJsonParam(draft),
        d.createdAt != null ? new Date(Math.min(d.createdAt, Date.now())).toISOString() : null,
      ],
    );
    out.push(...inserted.map(toDebrief));
  }
  return out;
}

export async function findDebriefById(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<DebriefRecord | null> {
  return findInOrg(db, { table: "debriefs", columns: COLUMNS, orgId, id }, toDebrief);
}

/**
 * Cards, newest first. The caller decides the scope: one person's own (`personId`), a conversation's
 * (`conversationId`), or teams (`teamIds`, what a lead may see); filters combine with OR between
 * `personId` and `teamIds`, so "mine plus my teams' as a lead" is one query.
 */
export async function listDebriefs(
  db: Queryable,
  query: {
    orgId: string;
    personId?: string;
    teamIds?: string[];
    conversationId?: string;
    limit?: number;
    /** A card's id: only the cards listed after it (older, or as old with a smaller id). */
    after?: string;
  },
): Promise<DebriefRecord[]> {
  if (query.after !== undefined && !isUuid(query.after)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM debriefs
     WHERE org_id = $1
       AND ($4::uuid IS NULL OR conversation_id = $4)
       AND (($2::uuid IS NULL AND $3::uuid[] IS NULL) OR person_id = $2 OR team_id = ANY($3::uuid[]))
       AND ($6::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM debriefs WHERE org_id = $1 AND id = $6))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [
      query.orgId,
      query.personId ?? null,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.conversationId !== undefined && isUuid(query.conversationId) ? query.conversationId : null,
      Math.min(Math.max(query.limit ?? 100, 1), 5000),
      query.after ?? null,
    ],
  );
  return rows.map(toDebrief);
}

/** Saves the owner's edits; the pre-filled draft stays as it was. */
export async function updateDebrief(
  db: Queryable,
  input: { orgId: string; id: string; wentWell: string[]; tricky: string[]; tryNext: string },
): Promise<DebriefRecord> {
  if (!isUuid(input.id)) throw new StoreError("NOT_FOUND", `debrief ${input.id} not found`);
  const [row] = await db.query(
    `UPDATE debriefs SET went_well = $3::text[], tricky = $4::text[], try_next = $5, status = 'saved',
       updated_at = now()
     WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [input.orgId, input.id, input.wentWell, input.tricky, input.tryNext],
  );
  if (!row) throw new StoreError("NOT_FOUND", `debrief ${input.id} not found`);
  return toDebrief(row);
}

/**
 * Who holds a card on each given conversation, and as what, in one read: the other people of a
 * step-in, named on each card so cards about different conversations can be told apart.
 */
export async function listDebriefPeople(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, { personId: string; role: string }[]>> {
  const ids = [...new Set(conversationIds)].filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.query(
    `SELECT conversation_id, person_id, role FROM debriefs WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])
     ORDER BY created_at, id`,
    [orgId, ids],
  );
  const byConversation = new Map<string, { personId: string; role: string }[]>();
  for (const row of rows) {
    const id = readText(row, "conversation_id");
    byConversation.set(id, [
      ...(byConversation.get(id) ?? []),
      { personId: readText(row, "person_id"), role: readText(row, "role") },
    ]);
  }
  return byConversation;
}

/**
 * Cards marked to be drafted again (migration 0060: still as drafted, with a name redacted the old
 * way), a batch at a time, oldest first. A card its owner saved since is not listed.
 */
export async function listDebriefsToRedraft(
  db: Queryable,
  query: { limit: number },
): Promise<DebriefRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM debriefs WHERE redraft_pending AND status = 'draft' ORDER BY id LIMIT $1`,
    [Math.min(Math.max(query.limit, 1), 5000)],
  );
  return rows.map(toDebrief);
}

/**
 * A card drafted again: when `to` is given, its lines and its draft become `to`, only if it is
 * still a draft reading `from` (its owner saving it meanwhile wins); either way it is no longer
 * marked. Returns whether its lines changed.
 */
export async function redraftDebrief(
  db: Queryable,
  input: {
    orgId: string;
    id: string;
    from: { wentWell: string[]; tricky: string[]; tryNext: string };
    to: { wentWell: string[]; tricky: string[]; tryNext: string } | null;
  },
): Promise<boolean> {
  if (!isUuid(input.id)) return false;
  let changed = false;
  if (input.to !== null) {
    const { from, to } = input;
    const rows = await db.query(
      `UPDATE debriefs SET went_well = $6::text[], tricky = $7::text[], try_next = $8, draft = $9::jsonb,
         redraft_pending = false
       WHERE org_id = $1 AND id = $2 AND status = 'draft'
         AND went_well = $3::text[] AND tricky = $4::text[] AND try_next = $5
       RETURNING id`,
      [
        input.orgId,
        input.id,
        from.wentWell,
        from.tricky,
        from.tryNext,
        to.wentWell,
        to.tricky,
        to.tryNext,
        toJsonParam(to),
      ],
    );
    changed = rows.length > 0;
  }
  await db.query(
    `UPDATE debriefs SET redraft_pending = false WHERE org_id = $1 AND id = $2 AND redraft_pending`,
    [input.orgId, input.id],
  );
  return changed;
}

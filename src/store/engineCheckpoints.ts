import { StoreError } from "./errors.ts";
import {
  buildUnnest,
  isUuid,
  readJson,
  readMillis,
  readNumber,
  readNumberOrNull,
  readText,
  readTextOrNull,
  toJsonParam,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

/** An engine state and the position of the last message it includes (-1: none). */
export interface EngineCheckpoint {
  engineState: JsonValue;
  position: number;
}

/** The floor figures the ingest path keeps current on every group (the state goes by checkpoint). */
export interface ConversationReadingUpdate {
  orgId: string;
  conversationId: string;
  risk: number;
  customerEmotion: string | null;
  frustration: number;
  activeCues: string[];
}

/** An analysed message, as the engine saw it, for replaying after a checkpoint. */
export interface AnalysedMessage {
  conversationId: string;
  position: number;
  role: "customer" | "agent" | "system";
  text: string;
  sentAt: number;
  authorName: string | null;
}

/**
 * Updates risk, emotion, frustration and cues for many conversations in one UPDATE … FROM
 * (VALUES …) per chunk: small rows, written once per ingest group.
 */
export async function saveConversationReadings(
  db: Queryable,
  updates: readonly ConversationReadingUpdate[],
): Promise<number> {
  if (updates.length === 0) return 0;
  // unnest with one array per column: six parameters however many rows (a VALUES list costs a
  // parameter per cell to bind and parse). Cues travel as JSON text, since unnest flattens text[][].
  const { sql, params } = buildUnnest(
    updates.map((u) => {
      if (!Number.isFinite(u.risk) || u.risk < 0 || u.risk > 1) {
        throw new StoreError("INVALID_INPUT", `risk must be within 0..1, got ${u.risk}`);
      }
      return [
        u.orgId,
        u.conversationId,
        u.risk,
        u.customerEmotion,
        u.frustration,
        JSON.stringify(u.activeCues),
      ];
    }),
    ["uuid", "uuid", "real", "text", "real", "text"],
  );
  const rows = await db.query(
    `UPDATE conversations c SET risk = v.risk, customer_emotion = v.emotion, frustration = v.frustration,
            active_cues = ARRAY(SELECT jsonb_array_elements_text(v.cues::jsonb)), updated_at = now()
     FROM ${sql} AS v(org_id, id, risk, emotion, frustration, cues)
     WHERE c.id = ANY($7::uuid[]) AND c.org_id = v.org_id AND c.id = v.id
     RETURNING c.id`,
    [...params, updates.map((u) => u.conversationId)],
  );
  return rows.length;
}

/** Writes engine checkpoints (state + position) for many conversations in one statement. */
export async function saveEngineCheckpoints(
  db: Queryable,
  checkpoints: readonly ({ orgId: string; conversationId: string } & EngineCheckpoint)[],
): Promise<number> {
  if (checkpoints.length === 0) return 0;
  const { sql, params } = buildUnnest(
    checkpoints.map((c) => {
      if (!Number.isInteger(c.position) || c.position < -1) {
        throw new StoreError(
          "INVALID_INPUT",
          `checkpoint position must be an integer ≥ -1, got ${c.position}`,
        );
      }
      return [c.orgId, c.conversationId, toJsonParam(c.engineState), c.position];
    }),
    ["uuid", "uuid", "text", "int"],
  );
  // Only conversations of the stated organisation take a checkpoint (looked up by primary key).
  const rows = await db.query(
    `INSERT INTO conversation_engine_states AS s (conversation_id, org_id, engine_state, position)
     SELECT c.id, c.org_id, v.state::jsonb, v.position
     FROM ${sql} AS v(org_id, id, state, position)
     JOIN conversations c ON c.id = v.id AND c.org_id = v.org_id
     WHERE c.id = ANY($5::uuid[])
     ON CONFLICT (conversation_id) DO UPDATE
       SET engine_state = EXCLUDED.engine_state, position = EXCLUDED.position, saved_at = now()
     RETURNING s.conversation_id`,
    [...params, checkpoints.map((c) => c.conversationId)],
  );
  return rows.length;
}

/**
 * Checkpoints by conversation id; a conversation without one is absent. A state saved before
 * checkpoints existed and never migrated counts as including every analysed message.
 */
export async function loadEngineCheckpoints(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<Map<string, EngineCheckpoint & { complete: boolean }>> {
  const ids = conversationIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db.query(
    `SELECT conversation_id AS id, engine_state, position AS engine_state_position
     FROM conversation_engine_states WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])`,
    [orgId, ids],
  );
  return new Map(
    rows.map((row: Row) => {
      const position = readNumberOrNull(row, "engine_state_position");
      return [
        readText(row, "id"),
        { engineState: readJson(row, "engine_state"), position: position ?? -1, complete: position === null },
      ];
    }),
  );
}

/**
 * The analysed messages of each conversation after a position, in order, in one statement: what
 * the engine observed since the checkpoint (whispers and notes were never analysed, so never replayed).
 */
export async function listAnalysedMessagesAfter(
  db: Queryable,
  orgId: string,
  after: readonly { conversationId: string; position: number }[],
): Promise<AnalysedMessage[]> {
  const valid = after.filter((a) => isUuid(a.conversationId));
  if (valid.length === 0) return [];
  const rows = await db.query(
    `SELECT m.conversation_id, m.position, m.role, m.text, m.sent_at, m.author_name
     FROM unnest($2::uuid[], $3::int[]) AS c(id, after)
     JOIN messages m ON m.conversation_id = c.id AND m.position > c.after
     WHERE m.org_id = $1 AND m.analysis IS NOT NULL
     ORDER BY m.conversation_id, m.position`,
    [orgId, valid.map((a) => a.conversationId), valid.map((a) => a.position)],
  );
  return rows.map((row) => {
    const role = readText(row, "role");
    return {
      conversationId: readText(row, "conversation_id"),
      position: readNumber(row, "position"),
      role: role === "agent" || role === "system" ? role : "customer",
      text: readText(row, "text"),
      sentAt: readMillis(row, "sent_at"),
      authorName: readTextOrNull(row, "author_name"),
    };
  });
}

/**
 * Where the engine's indexes sit in the transcript: the position of each conversation's n-th
 * analysed message, for the ranks asked (one statement for all). The engine counts only the lines
 * it reads (`analysis IS NOT NULL`, the ones `listAnalysedMessagesAfter` replays); positions count
 * whispers, signals and notes too, so the two differ once a teammate stepped in. Ranks not stored
 * are left out of the answer. Keyed by conversation id, then rank.
 */
export async function findAnalysedPositions(
  db: Queryable,
  orgId: string,
  wanted: readonly { conversationId: string; rank: number }[],
): Promise<Map<string, Map<number, number>>> {
  const valid = wanted.filter((w) => isUuid(w.conversationId) && Number.isInteger(w.rank) && w.rank >= 0);
  const found = new Map<string, Map<number, number>>();
  if (valid.length === 0) return found;
  const rows = await db.query(
    `WITH wanted AS (SELECT DISTINCT * FROM unnest($2::uuid[], $3::int[]) AS w(conversation_id, rank)),
     ranked AS (
       SELECT m.conversation_id, m.position,
              (row_number() OVER (PARTITION BY m.conversation_id ORDER BY m.position) - 1)::int AS rank
       FROM messages m
       WHERE m.org_id = $1 AND m.conversation_id IN (SELECT conversation_id FROM wanted)
         AND m.analysis IS NOT NULL
     )
     SELECT r.conversation_id, r.rank, r.position FROM ranked r
     JOIN wanted w ON w.conversation_id = r.conversation_id AND w.rank = r.rank`,
    [orgId, valid.map((w) => w.conversationId), valid.map((w) => w.rank)],
  );
  for (const row of rows) {
    const conversationId = readText(row, "conversation_id");
    const ranks = found.get(conversationId) ?? new Map<number, number>();
    ranks.set(readNumber(row, "rank"), readNumber(row, "position"));
    found.set(conversationId, ranks);
  }
  return found;
}

/**
 * Assigns many still-unassigned conversations to their first recognised agent in one statement;
 * a conversation someone assigned meanwhile keeps its agent. Returns the ids actually assigned.
 */
export async function assignUnassignedConversations(
  db: Queryable,
  orgId: string,
  assignments: readonly { conversationId: string; personId: string }[],
): Promise<Set<string>> {
  const valid = assignments.filter((a) => isUuid(a.conversationId) && isUuid(a.personId));
  if (valid.length === 0) return new Set();
  const rows = await db.query(
    `UPDATE conversations c SET assigned_person_id = v.person_id, updated_at = now()
     FROM unnest($2::uuid[], $3::uuid[]) AS v(id, person_id)
     WHERE c.org_id = $1 AND c.id = v.id AND c.assigned_person_id IS NULL
     RETURNING c.id`,
    [orgId, valid.map((a) => a.conversationId), valid.map((a) => a.personId)],
  );
  return new Set(rows.map((row) => readText(row, "id")));
}

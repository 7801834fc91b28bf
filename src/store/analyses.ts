import { StoreError } from "./errors.ts";
import {
  buildUnnest,
  chunkRows,
  MAX_PARAMETERS_PER_STATEMENT,
  isUuid,
  readJson,
  readMillis,
  readNumber,
  readText,
  toJsonParam,
  type Row,
} from "./rows.ts";
import { storeSkillLines } from "./skills.ts";
import type { JsonValue, Queryable } from "./types.ts";

export type Rung = "observe" | "signal" | "whisper" | "offer_takeover" | "escalate";
export const RUNGS: readonly Rung[] = ["observe", "signal", "whisper", "offer_takeover", "escalate"];

export interface AnalysisRecord {
  messageId: string;
  orgId: string;
  conversationId: string;
  /** The engine's index of the message (MessageAnalysis.index). */
  messageIndex: number;
  risk: number;
  rung: Rung;
  /** The engine's MessageAnalysis, as JSON. */
  analysis: JsonValue;
  createdAt: number;
}

export interface NewAnalysis {
  orgId: string;
  conversationId: string;
  messageId: string;
  messageIndex: number;
  risk: number;
  rung: Rung;
  analysis: JsonValue;
}

/**
 * An analysis is stored in its message's row (migration 0007); the message's position is its
 * index, put back into the JSON here so readers see the engine's whole `Analysis`.
 */
const COLUMNS = `id AS message_id, org_id, conversation_id, position AS message_index, risk, rung,
  analysis || jsonb_build_object('messageIndex', position) AS analysis, COALESCE(analysed_at, created_at) AS created_at`;

function toAnalysis(row: Row): AnalysisRecord {
  const rung = readText(row, "rung");
  return {
    messageId: readText(row, "message_id"),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
    messageIndex: readNumber(row, "message_index"),
    risk: readNumber(row, "risk"),
    rung: RUNGS.find((r) => r === rung) ?? "observe",
    analysis: readJson(row, "analysis"),
    createdAt: readMillis(row, "created_at"),
  };
}

/** What the ingest path writes with a new message: its analysis, minus the index (the position). */
export interface MessageAnalysisInput {
  risk: number;
  rung: Rung;
  analysis: JsonValue;
}

/** Problems with one analysis (empty when valid), prefixed with where it sits in the batch. */
export function analysisProblems(prefix: string, a: { risk: number; rung: string }): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(a.risk) || a.risk < 0 || a.risk > 1)
    problems.push(`${prefix}.risk must be within 0..1`);
  if (!RUNGS.includes(a.rung as Rung)) problems.push(`${prefix}.rung must be one of ${RUNGS.join(", ")}`);
  return problems;
}

/**
 * Stores analyses for messages already stored (many in one statement); re-analysing a message (a
 * retry) keeps the first analysis. Each must name a message of that conversation and org at that
 * position (NOT_FOUND otherwise, nothing written). Returns how many were written. The ingest path
 * writes analyses together with their messages (`appendMessages`); this is for the others.
 */
export async function appendAnalyses(db: Queryable, rows: readonly NewAnalysis[]): Promise<number> {
  const problems: string[] = [];
  rows.forEach((row, i) => {
    if (!isUuid(row.messageId)) problems.push(`[${i}].messageId is not an id`);
    problems.push(...analysisProblems(`[${i}]`, row));
    if (!Number.isInteger(row.messageIndex) || row.messageIndex < 0)
      problems.push(`[${i}].messageIndex must be ≥ 0`);
  });
  if (problems.length > 0)
    throw new StoreError("INVALID_INPUT", `invalid analyses: ${problems.join("; ")}`, { problems });
  let written = 0;
  for (const chunk of chunkRows(rows, MAX_PARAMETERS_PER_STATEMENT / 5_000)) {
    const { sql, params } = buildUnnest(
      chunk.map((r) => [
        r.messageId,
        r.orgId,
        r.conversationId,
        r.messageIndex,
        r.risk,
        r.rung,
        toJsonParam(withoutIndex(r.analysis)),
      ]),
      ["uuid", "uuid", "uuid", "int", "real", "text", "jsonb"],
    );
    // All or nothing: every analysis must name its stored message (no foreign key: the row is the
    // message's own); the ids are looked up through the primary key.
    const updated = await db.query(
      `WITH input AS (
         SELECT * FROM ${sql} AS v(message_id, org_id, conversation_id, message_index, risk, rung, analysis)
       ),
       known AS (
         SELECT m.id FROM messages m JOIN input i
           ON m.id = i.message_id AND m.org_id = i.org_id AND m.conversation_id = i.conversation_id
          AND m.position = i.message_index
         WHERE m.id = ANY($1::uuid[])
       )
       UPDATE messages m SET risk = i.risk, rung = i.rung, analysis = i.analysis, analysed_at = now()
       FROM input i
       WHERE m.id = ANY($1::uuid[]) AND m.id = i.message_id AND m.analysis IS NULL
         AND (SELECT count(*) FROM known) = (SELECT count(DISTINCT message_id) FROM input)
       RETURNING m.id`,
      params,
    );
    if (updated.length === 0) {
      const found = await db.query(
        `SELECT count(*)::int AS n FROM messages m JOIN ${sql} AS v(message_id, org_id, conversation_id, message_index, risk, rung, analysis)
           ON m.id = v.message_id AND m.org_id = v.org_id AND m.conversation_id = v.conversation_id
          AND m.position = v.message_index
         WHERE m.id = ANY($1::uuid[])`,
        params,
      );
      if (readNumber(found[0] ?? {}, "n") < new Set(chunk.map((r) => r.messageId)).size) {
        throw new StoreError(
          "NOT_FOUND",
          "an analysis names a message that is not stored in that conversation at that index",
        );
      }
    }
    written += updated.length;
    // A card's stored lines counted these lines unanalysed: stored again, as they are now (an
    // open conversation has no card, so this writes nothing while it goes on).
    if (updated.length > 0)
      for (const orgId of new Set(chunk.map((r) => r.orgId)))
        await storeSkillLines(db, {
          orgId,
          conversationIds: chunk.filter((r) => r.orgId === orgId).map((r) => r.conversationId),
        });
  }
  return written;
}

/** The stored JSON leaves the index out: it is the message's position. */
export function withoutIndex(analysis: JsonValue): JsonValue {
  if (analysis === null || typeof analysis !== "object" || Array.isArray(analysis)) return analysis;
  if (!("messageIndex" in analysis)) return analysis;
  const { messageIndex: _index, ...rest } = analysis;
  return rest;
}

/** A conversation's analyses in message order. */
export async function listAnalyses(
  db: Queryable,
  query: { orgId: string; conversationId: string; fromIndex?: number; limit?: number },
): Promise<AnalysisRecord[]> {
  if (!isUuid(query.conversationId)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM messages
     WHERE org_id = $1 AND conversation_id = $2 AND position >= $3 AND analysis IS NOT NULL
     ORDER BY position LIMIT $4`,
    [
      query.orgId,
      query.conversationId,
      query.fromIndex ?? 0,
      Math.min(Math.max(query.limit ?? 1000, 1), 10_000),
    ],
  );
  return rows.map(toAnalysis);
}

/** Analyses for the given messages (a transcript page), keyed by message id. */
export async function findAnalysesForMessages(
  db: Queryable,
  orgId: string,
  messageIds: string[],
): Promise<Map<string, AnalysisRecord>> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM messages WHERE org_id = $1 AND id = ANY($2::uuid[]) AND analysis IS NOT NULL`,
    [orgId, messageIds.filter(isUuid)],
  );
  return new Map(rows.map((row) => [readText(row, "message_id"), toAnalysis(row)]));
}

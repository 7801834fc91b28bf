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

const COLUMNS = "message_id, org_id, conversation_id, message_index, risk, rung, analysis, created_at";

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

/**
 * Stores analyses for many messages in one multi-row INSERT; re-analysing a message (a retry)
 * keeps the first analysis (ON CONFLICT DO NOTHING). Returns how many were written.
 */
export async function appendAnalyses(db: Queryable, rows: readonly NewAnalysis[]): Promise<number> {
  const problems: string[] = [];
  rows.forEach((row, i) => {
    if (!isUuid(row.messageId)) problems.push(`[${i}].messageId is not an id`);
    if (!Number.isFinite(row.risk) || row.risk < 0 || row.risk > 1)
      problems.push(`[${i}].risk must be within 0..1`);
    if (!RUNGS.includes(row.rung)) problems.push(`[${i}].rung must be one of ${RUNGS.join(", ")}`);
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
        toJsonParam(r.analysis),
      ]),
      ["uuid", "uuid", "uuid", "int", "real", "text", "jsonb"],
    );
    // Each analysis must name a stored message of the same conversation and org (there is no
    // foreign key: see migration 0002). LATERAL … LIMIT 1 keeps that an index lookup per row.
    const inserted = await db.query(
      `WITH input AS (
         SELECT * FROM ${sql} AS v(message_id, org_id, conversation_id, message_index, risk, rung, analysis)
       ),
       known AS (
         SELECT i.* FROM input i
         CROSS JOIN LATERAL (
           SELECT 1 FROM messages m
           WHERE m.id = i.message_id AND m.org_id = i.org_id AND m.conversation_id = i.conversation_id LIMIT 1
         ) found
       )
       INSERT INTO analyses (message_id, org_id, conversation_id, message_index, risk, rung, analysis)
       SELECT * FROM known WHERE (SELECT count(*) FROM known) = (SELECT count(*) FROM input)
       ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      params,
    );
    if (inserted.length === 0) {
      const found = await db.query(
        `SELECT count(*)::int AS n FROM messages m JOIN ${sql} AS v(message_id, org_id, conversation_id, message_index, risk, rung, analysis)
           ON m.id = v.message_id AND m.org_id = v.org_id AND m.conversation_id = v.conversation_id`,
        params,
      );
      if (readNumber(found[0] ?? {}, "n") < chunk.length) {
        throw new StoreError(
          "NOT_FOUND",
          "an analysis names a message that is not stored in that conversation",
        );
      }
    }
    written += inserted.length;
  }
  return written;
}

/** A conversation's analyses in message order. */
export async function listAnalyses(
  db: Queryable,
  query: { orgId: string; conversationId: string; fromIndex?: number; limit?: number },
): Promise<AnalysisRecord[]> {
  if (!isUuid(query.conversationId)) return [];
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM analyses WHERE org_id = $1 AND conversation_id = $2 AND message_index >= $3
     ORDER BY message_index LIMIT $4`,
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
    `SELECT ${COLUMNS} FROM analyses WHERE org_id = $1 AND message_id = ANY($2::uuid[])`,
    [orgId, messageIds.filter(isUuid)],
  );
  return new Map(rows.map((row) => [readText(row, "message_id"), toAnalysis(row)]));
}

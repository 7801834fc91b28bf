import type { EngineMessage, MessageAnalysis } from "../../engine/index.ts";
import { findMessagesAfter, listAnalyses, type MessageRecord, type Queryable } from "../../store/index.ts";

/** A conversation's customer-visible messages lined up with the engine's analyses, as loop 2's engine code needs them. */
export interface AnalysedTranscript {
  messages: EngineMessage[];
  analyses: MessageAnalysis[];
  /** The stored message behind each engine message (same order). */
  records: MessageRecord[];
}

/**
 * Pairs each stored analysis with its message (by id), in the engine's order. Messages the engine
 * never saw (whispers, notes, a message whose analysis is missing) are left out, so the two arrays
 * always line up, which every loop-2 engine function checks.
 */
export async function loadAnalysedTranscript(
  db: Queryable,
  orgId: string,
  conversationId: string,
): Promise<AnalysedTranscript> {
  const [messages, analyses] = await Promise.all([
    findMessagesAfter(db, { orgId, conversationId, audience: "customer", limit: 10_000 }),
    listAnalyses(db, { orgId, conversationId, limit: 10_000 }),
  ]);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const out: AnalysedTranscript = { messages: [], analyses: [], records: [] };
  for (const a of analyses) {
    const record = byId.get(a.messageId);
    const analysis = a.analysis as unknown as MessageAnalysis | null;
    if (record === undefined || analysis === null || typeof analysis !== "object") continue;
    if (analysis.role !== record.role) continue;
    out.records.push(record);
    out.analyses.push(analysis);
    out.messages.push({
      role: record.role,
      text: record.text,
      at: record.sentAt,
      ...(record.authorName !== null ? { author: record.authorName } : {}),
    });
  }
  return out;
}

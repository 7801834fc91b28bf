import type { EngineMessage, MessageAnalysis } from "../../engine/index.ts";
import { findMessagesAfter, type MessageRecord, type Queryable } from "../../store/index.ts";
import type { ServerContext } from "../context.ts";

/** A conversation's customer-visible messages with the engine's full analyses, as loop 2's engine code needs them. */
export interface AnalysedTranscript {
  messages: EngineMessage[];
  analyses: MessageAnalysis[];
  /** The stored message behind each engine message (same order). */
  records: MessageRecord[];
}

/**
 * Replays a conversation's customer-visible messages through the engine, from a fresh state, with
 * the team's knowledge base. Why not read the stored analyses: the live path stores a compact
 * projection (no habits, no commitment spans, no role) sized for the floor, and the QA scorecard
 * and debriefs need all of it. The engine is deterministic and costs microseconds per message, so
 * the replay gives what the live path saw (the message times are replayed too), except where the
 * knowledge base changed since.
 */
export async function loadAnalysedTranscript(
  ctx: Pick<ServerContext, "engine">,
  db: Queryable,
  conversation: { orgId: string; id: string; teamId: string },
): Promise<AnalysedTranscript> {
  const records = await findMessagesAfter(db, {
    orgId: conversation.orgId,
    conversationId: conversation.id,
    audience: "customer",
    limit: 10_000,
  });
  const context = await ctx.engine.contextFor(db, conversation.orgId, conversation.teamId);
  let state = ctx.engine.fresh();
  const out: AnalysedTranscript = { messages: [], analyses: [], records };
  for (const record of records) {
    const message: EngineMessage = {
      role: record.role,
      text: record.text,
      at: record.sentAt,
      ...(record.authorName !== null ? { author: record.authorName } : {}),
    };
    const result = ctx.engine.observe(state, message, context);
    state = result.state;
    out.messages.push(message);
    out.analyses.push(result.analysis);
  }
  return out;
}

/**
 * The transcript index (position) of the n-th customer-visible line, from the positions of the
 * conversation's private lines (whispers, signals, notes), sorted: positions run 0, 1, 2… over
 * every line, so each private line at or before it moves it one further. Loop 2's engine code
 * numbers the customer-visible lines only (`loadAnalysedTranscript`); the API numbers them all.
 */
export function visibleLinePosition(privatePositions: readonly number[]): (visibleIndex: number) => number {
  return (visibleIndex) => {
    let position = visibleIndex;
    for (const p of privatePositions) {
      if (p > position) break;
      position++;
    }
    return position;
  };
}

import {
  findMessagesAfter,
  listAlerts,
  listAnalyses,
  listKnowledgeFacts,
  type ConversationRecord,
  type Queryable,
} from "../../store/index.ts";
import { AppError } from "../errors.ts";
import type { LlmClient } from "./client.ts";
import { handoverPrompt, namesToRedact, whisperDraftPrompt, type HandoverInput } from "./prompts.ts";

/*
 * The two uses of the optional language model. Each reads what it needs outside any transaction,
 * makes one request with the configured timeout, and has a fallback: a draft fails with 503 (the
 * helper writes the whisper themself); a handover falls back to the built-in summary alone.
 */

/** The prose handover, or null when the model failed (the failure is counted and logged). */
export async function writeHandoverProse(llm: LlmClient, input: HandoverInput): Promise<string | null> {
  const result = await llm.complete("transfer_summary", handoverPrompt(input));
  return result.ok ? result.text : null;
}

/** What the receiver reads: the prose first, then tagteam's own summary in full below it. */
export function withHandoverProse(prose: string | null, summary: string): string {
  return prose === null ? summary : `${prose}\n\n${summary}`;
}

/** How many analyses back the draft looks for knowledge facts the engine cited, and how many it sends. */
const FACT_LOOKBACK_ANALYSES = 30;
const MAX_FACTS = 5;

/**
 * One or two sentences a helper could whisper to the conversation's agent, from the recent
 * customer-visible transcript, the open alert's reason and suggestion, and the knowledge facts
 * the engine cited. Throws UNAVAILABLE (503) when no model is configured or it fails.
 */
export async function draftWhisper(
  llm: LlmClient | null,
  db: Queryable,
  conversation: ConversationRecord,
): Promise<string> {
  if (llm === null)
    throw new AppError(
      "UNAVAILABLE",
      "Drafting is off: no language model is configured on this server (TAGTEAM_LLM_URL)",
    );
  const base = { orgId: conversation.orgId, conversationId: conversation.id };
  const [messages, alerts, analyses] = await Promise.all([
    findMessagesAfter(db, { ...base, audience: "customer", limit: 5000 }),
    listAlerts(db, { ...base, states: ["raised", "acknowledged"], limit: 1 }),
    listAnalyses(db, { ...base, limit: 5000 }),
  ]);
  const alert = alerts[0] ?? null;
  const cited = new Set<string>();
  if (alert?.factId) cited.add(alert.factId);
  for (const a of analyses.slice(-FACT_LOOKBACK_ANALYSES).reverse()) {
    const checks = (a.analysis as { factChecks?: { factId?: unknown }[] } | null)?.factChecks;
    for (const check of Array.isArray(checks) ? checks : [])
      if (typeof check.factId === "string") cited.add(check.factId);
  }
  const facts =
    cited.size === 0
      ? []
      : (await listKnowledgeFacts(db, { orgId: conversation.orgId, teamId: conversation.teamId }))
          .filter((f) => cited.has(f.id))
          .slice(0, MAX_FACTS)
          .map((f) => f.statement);
  const result = await llm.complete(
    "whisper_draft",
    whisperDraftPrompt({
      topic: conversation.topic,
      alert: alert === null ? null : { why: alert.why, reasons: alert.reasons, suggestion: alert.suggestion },
      facts,
      messages,
      knownNames: namesToRedact(
        conversation.customerName,
        messages.map((m) => m.authorName),
      ),
    }),
  );
  if (!result.ok)
    throw new AppError(
      "UNAVAILABLE",
      result.failure === "timeout"
        ? "The language model did not answer in time; write the whisper yourself or try again"
        : "The language model could not draft a whisper just now; write it yourself or try again",
      { reason: result.failure },
    );
  return result.text;
}

// Test support for the engine's loop-2 modules (debrief, QA): a knowledge base with one fact.
import { compileKnowledgeBase, createEngineContext, type EngineContext } from "../index.ts";

/** A context whose knowledge base knows one fact: refunds reach the card within 5 business days. */
export function refundFactContext(): EngineContext {
  return createEngineContext({
    kb: compileKnowledgeBase({
      facts: [
        {
          id: "refund-days",
          statement: "Refunds reach the card within 5 business days.",
          key: "refund days",
          value: 5,
          unit: "business day",
        },
      ],
    }),
  });
}

// Test support for the engine's loop-2 modules (debrief, QA, knowledge): the real engine run over
// a whole conversation, as the server does when a conversation closes.
import {
  compileKnowledgeBase,
  createConversationState,
  createEngineContext,
  observe,
  type EngineContext,
  type EngineMessage,
  type MessageAnalysis,
} from "../index.ts";

/** Every message's analysis, in order, from a fresh state. */
export function analyseConversation(
  messages: readonly EngineMessage[],
  context: EngineContext = createEngineContext(),
): MessageAnalysis[] {
  let state = createConversationState();
  return messages.map((m) => {
    const r = observe(state, m, context);
    state = r.state;
    return r.analysis;
  });
}

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

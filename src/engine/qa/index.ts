/** Loop 2 QA scorecard, filled in from the engine's analyses (docs/LOOP2.md). */
export {
  MAX_EVIDENCE_PER_ITEM,
  QA_ITEMS,
  QA_MAX_SCORE,
  QaInputError,
  scoreConversation,
  type QaEvidence,
  type QaItem,
  type QaItemName,
  type QaScorecard,
} from "./scoreConversation.ts";
export { rateAgentTurns, type AgentTurnRating } from "./rateAgentTurns.ts";

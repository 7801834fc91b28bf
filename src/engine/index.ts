/**
 * The step-in engine's public surface. Other layers import from here only (docs: SPEC.md).
 */
export type {
  Commitment,
  Cue,
  CueKind,
  CustomerEmotion,
  CustomerReading,
  DeepPartial,
  EngineMessage,
  EvidenceSpan,
  FactCheck,
  HabitEvent,
  HabitName,
  MessageAnalysis,
  MessageRole,
  RootCause,
  RootCauseHypothesis,
  Rung,
  StepInDecision,
  WrongFactWhy,
  StepInReason,
  Trend,
} from "./types.ts";
export {
  DEFAULT_ENGINE_CONFIG,
  EngineConfigError,
  resolveEngineConfig,
  type EngineConfig,
  type RiskWeights,
} from "./config.ts";
export { DEFAULT_LEXICONS, type LexiconName, type Lexicons } from "./lexicons.ts";
export {
  DEFAULT_SUGGESTIONS,
  RETIRED_SUGGESTIONS,
  withoutRetiredDefaults,
  type SuggestionKey,
  type SuggestionTemplates,
} from "./suggestions.ts";
export { fillTemplate } from "./decide.ts";
export {
  compileKnowledgeBase,
  EMPTY_KNOWLEDGE_BASE,
  factValueProblem,
  KnowledgeBaseError,
  type CompiledKnowledgeBase,
  type KnowledgeBase,
  type KnowledgeFact,
} from "./knowledge.ts";
export { createConversationState, type ConversationState } from "./state.ts";
export { createEngineContext, observe, observeConversation, type EngineContext } from "./observe.ts";
export type { EmotionScorer, EmotionScores } from "./customer.ts";
export { malfunctionReport, type MalfunctionReport } from "./incidents.ts";

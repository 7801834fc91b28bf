/** Loop 2 knowledge capture: gaps for the KB owner and insight drafts for a lead (docs/LOOP2.md). */
export {
  draftInsight,
  extractKnowledgeGaps,
  gapTopic,
  KnowledgeInputError,
  type InsightDraft,
  type KnowledgeGap,
  type KnowledgeGapReason,
  topicWords,
} from "./extractKnowledgeGaps.ts";
export { clearestGapTitle, gapGroupKey, gapTitle, GAP_TITLE_MAX } from "./gapTitle.ts";
export { GAP_KEYS_VERSION, questionKey } from "./questionKey.ts";

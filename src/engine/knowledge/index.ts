/** Loop 2 knowledge capture: gaps for the KB owner and insight drafts for a lead (docs/LOOP2.md). */
export {
  draftInsight,
  extractKnowledgeGaps,
  KnowledgeInputError,
  type InsightDraft,
  type KnowledgeGap,
  type KnowledgeGapReason,
} from "./extractKnowledgeGaps.ts";
export { gapTopic, topicWords } from "./gapTopic.ts";
export { clearestGapTitle, gapGroupKey, gapTitle, GAP_TITLE_MAX } from "./gapTitle.ts";
export { questionKey } from "./questionKey.ts";

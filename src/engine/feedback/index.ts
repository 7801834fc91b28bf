/** Loop 2 feedback composer: the checker and its measurement (docs/LOOP2.md). */
export {
  checkFeedback,
  FEEDBACK_ISSUE_KINDS,
  MAX_FEEDBACK_CHARS,
  type FeedbackCheck,
  type FeedbackIssue,
  type FeedbackIssueKind,
  type FeedbackTone,
} from "./checkFeedback.ts";
export {
  measureFeedbackChecker,
  type FeedbackMeasurement,
  type FlagMetrics,
  type LabelledFeedback,
} from "./measureFeedback.ts";

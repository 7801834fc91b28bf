import { z } from "zod";

/*
 * Loop 2, after the conversation (issue 5): debriefs, the feedback composer, the journal, knowledge
 * capture, QA scorecards, commitments and exports. Shapes of the HTTP API under /api/v1; who may
 * read what is in docs/LOOP2.md ("Privacy"). Bodies are strict: an unknown field is a problem, listed
 * with the others.
 */

/** Events loop 2 adds; part of EVENT_TYPES (events.ts). Hints only: clients refetch over HTTP. */
export const LOOP2_EVENT_TYPES = [
  "debrief.created",
  "feedback.sent",
  "feedback.replied",
  "scorecard.created",
  "scorecard.updated",
  "scorecard.reviewed",
  /** To each lead of the card's team: the scored person disputes a score (`data.disputeId`). */
  "scorecard.disputed",
  /** To the scored person and the team's leads: a lead resolved a dispute (`data.status`). */
  "scorecard.dispute_resolved",
  "insight.drafted",
  "insight.reviewed",
  "commitment.due",
  /** No longer sent (a promise past due is marked missed: `commitment.missed`); older logs hold it. */
  "commitment.overdue",
  "commitment.missed",
  "commitment.closed",
] as const;

const id = z.string().min(1).max(100);
const line = z.string().trim().min(1).max(500);

// -- debriefs ------------------------------------------------------------------------------------

export const DEBRIEF_ROLES = ["agent", "helper"] as const;

export const debriefSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  conversationSubject: z.string().nullable(),
  /**
   * A short reference to the conversation ("#3F9A2C", from its id), its channel and when it closed:
   * with the people below, what tells one card from another (never the customer's name).
   */
  conversationRef: z.string(),
  channel: z.string().nullable(),
  conversationClosedAt: z.string().nullable(),
  /** The agent of the conversation (for a helper's card, whom they helped). */
  agentName: z.string().nullable(),
  /** The other people with a card on this conversation (the helpers, for the agent's card). */
  withNames: z.array(z.string()),
  personId: z.string(),
  personName: z.string().nullable(),
  role: z.enum(DEBRIEF_ROLES),
  wentWell: z.array(z.string()),
  tricky: z.array(z.string()),
  tryNext: z.string(),
  /** What tagteam pre-filled from the evidence, unchanged by edits. */
  draft: z.object({ wentWell: z.array(z.string()), tricky: z.array(z.string()), tryNext: z.string() }),
  status: z.enum(["draft", "saved"]),
  /** True for the card's owner: only they may edit it. */
  editable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Debrief = z.infer<typeof debriefSchema>;

/** Most lines per list on a card: two minutes, not a report. */
export const MAX_DEBRIEF_CARD_LINES = 5;

export const updateDebriefBodySchema = z.strictObject({
  wentWell: z.array(line).max(MAX_DEBRIEF_CARD_LINES),
  tricky: z.array(line).max(MAX_DEBRIEF_CARD_LINES),
  tryNext: z.string().trim().max(2000),
});
export type UpdateDebriefBody = z.infer<typeof updateDebriefBodySchema>;
/**
 * A page of a newest-first list (debrief cards, feedback, journal entries): `after` is the previous
 * page's `nextAfter` (the id of its last item), the page of older items after it.
 */
const pageAfter = z.uuid({ error: "must be a previous page's nextAfter (an id)" }).optional();
const pageLimit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
/** Debrief cards a page at a time (the list used to stop at the newest 200, with no way past). */
export const DEBRIEFS_PAGE_MAX = 200;
export const listDebriefsQuerySchema = z.strictObject({
  conversationId: id.optional(),
  after: pageAfter,
  limit: pageLimit(DEBRIEFS_PAGE_MAX, DEBRIEFS_PAGE_MAX),
});
export const debriefResponseSchema = z.object({ debrief: debriefSchema });
export const listDebriefsResponseSchema = z.object({
  debriefs: z.array(debriefSchema),
  /** A full page's last card: the next page's `after` (null on the last page). */
  nextAfter: z.string().nullable(),
});

// -- feedback ------------------------------------------------------------------------------------

export const FEEDBACK_ISSUE_KINDS = [
  "judgement_of_person",
  "vague_praise",
  "vague_criticism",
  "no_behaviour",
  "no_effect",
  "no_suggestion",
  "absolute_language",
  "sarcasm",
] as const;

/** The composer's checker (engine `checkFeedback`): flags with spans, a score, a rewrite. */
export const feedbackCheckSchema = z.object({
  issues: z.array(
    z.object({
      kind: z.enum(FEEDBACK_ISSUE_KINDS),
      start: z.number().int(),
      end: z.number().int(),
      message: z.string(),
    }),
  ),
  score: z.number(),
  rewrite: z.string().nullable(),
  parts: z.object({
    tone: z.enum(["none", "praise", "corrective", "mixed"]),
    behaviour: z.string().nullable(),
    effect: z.string().nullable(),
    suggestion: z.string().nullable(),
  }),
});
export type FeedbackCheckResult = z.infer<typeof feedbackCheckSchema>;

export const FEEDBACK_MAX_CHARS = 4000;
const feedbackText = z.string().trim().min(1).max(FEEDBACK_MAX_CHARS);

export const feedbackReplySchema = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
});

export const feedbackSchema = z.object({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string().nullable(),
  receiverId: z.string(),
  receiverName: z.string().nullable(),
  conversationId: z.string().nullable(),
  text: z.string(),
  check: feedbackCheckSchema,
  createdAt: z.string(),
  readAt: z.string().nullable(),
  replies: z.array(feedbackReplySchema),
});
export type Feedback = z.infer<typeof feedbackSchema>;

export const previewFeedbackBodySchema = z.strictObject({ text: feedbackText });
export const previewFeedbackResponseSchema = z.object({ check: feedbackCheckSchema });
export const sendFeedbackBodySchema = z.strictObject({
  receiverId: id,
  text: feedbackText,
  conversationId: id.optional(),
});
export type SendFeedbackBody = z.infer<typeof sendFeedbackBodySchema>;
export const replyFeedbackBodySchema = z.strictObject({ text: feedbackText });
/** Feedback a page at a time (the list used to stop at the newest 100, with no way past). */
export const FEEDBACK_PAGE_MAX = 200;
export const listFeedbackQuerySchema = z.strictObject({
  box: z.enum(["received", "sent"]).default("received"),
  after: pageAfter,
  limit: pageLimit(FEEDBACK_PAGE_MAX, 100),
});
export const feedbackResponseSchema = z.object({ feedback: feedbackSchema });
export const listFeedbackResponseSchema = z.object({
  feedback: z.array(feedbackSchema),
  /** A full page's last item: the next page's `after` (null on the last page). */
  nextAfter: z.string().nullable(),
});
export const feedbackReplyResponseSchema = z.object({ reply: feedbackReplySchema });

// -- journal -------------------------------------------------------------------------------------

export const journalEntrySchema = z.object({
  id: z.string(),
  conversationId: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;
/** The longest journal entry; the web app's text boxes stop there too. */
export const JOURNAL_MAX_CHARS = 20_000;
export const journalBodySchema = z.strictObject({
  text: z.string().trim().min(1).max(JOURNAL_MAX_CHARS),
  conversationId: id.optional(),
});
export const updateJournalBodySchema = z.strictObject({
  text: z.string().trim().min(1).max(JOURNAL_MAX_CHARS),
});
export const journalEntryResponseSchema = z.object({ entry: journalEntrySchema });
/** Journal entries a page at a time (the list used to stop at the newest 100, with no way past). */
export const JOURNAL_PAGE_MAX = 200;
export const listJournalQuerySchema = z.strictObject({
  after: pageAfter,
  limit: pageLimit(JOURNAL_PAGE_MAX, 100),
});
export const listJournalResponseSchema = z.object({
  entries: z.array(journalEntrySchema),
  /** A full page's last entry: the next page's `after` (null on the last page). */
  nextAfter: z.string().nullable(),
});

// -- knowledge capture ---------------------------------------------------------------------------

export const INSIGHT_STATUSES = ["draft", "published", "rejected"] as const;
const factValue = z.union([z.number(), z.boolean(), z.string().min(1).max(200)]);

export const insightSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  conversationId: z.string().nullable(),
  text: z.string(),
  topic: z.string().nullable(),
  key: z.string().nullable(),
  value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
  unit: z.string().nullable(),
  status: z.enum(INSIGHT_STATUSES),
  /** The knowledge fact publishing created (only when the insight carries a key and a value). */
  factId: z.string().nullable(),
  createdBy: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  createdAt: z.string(),
});
export type Insight = z.infer<typeof insightSchema>;

const insightFields = {
  text: z.string().trim().min(1).max(4000),
  topic: z.string().trim().min(1).max(200).nullable(),
  key: z
    .string()
    .regex(/^[a-z0-9_]{1,100}$/, "lower-case letters, digits and underscores")
    .nullable(),
  value: factValue.nullable(),
  unit: z.string().trim().min(1).max(40).nullable(),
};
/** Without `text`, the draft is written by tagteam from the conversation ("confused by X; Y worked"). */
export const createInsightBodySchema = z.strictObject({
  text: insightFields.text.optional(),
  topic: insightFields.topic.optional(),
  key: insightFields.key.optional(),
  value: insightFields.value.optional(),
  unit: insightFields.unit.optional(),
});
export type CreateInsightBody = z.infer<typeof createInsightBodySchema>;
/** A lead publishes or rejects a draft, optionally editing it first. */
export const reviewInsightBodySchema = z.strictObject({
  decision: z.enum(["publish", "reject"]),
  note: z.string().trim().max(2000).optional(),
  text: insightFields.text.optional(),
  topic: insightFields.topic.optional(),
  key: insightFields.key.optional(),
  value: insightFields.value.optional(),
  unit: insightFields.unit.optional(),
});
export type ReviewInsightBody = z.infer<typeof reviewInsightBodySchema>;
export const listInsightsQuerySchema = z.strictObject({
  teamId: id.optional(),
  status: z.enum(INSIGHT_STATUSES).optional(),
});
export const insightResponseSchema = z.object({ insight: insightSchema });
/**
 * tagteam's draft of an insight from a conversation, nothing stored: the writer completes its
 * [bracketed] parts in their own words and saves it (POST /conversations/:id/insights with text).
 */
export const insightDraftResponseSchema = z.object({ draft: z.object({ text: z.string() }) });
export const listInsightsResponseSchema = z.object({ insights: z.array(insightSchema) });

export const KNOWLEDGE_GAP_REASONS = [
  "hedged",
  "vague",
  "deferred_without_follow_up",
  "unanswered",
  "asked_again",
] as const;
export const knowledgeGapSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  conversationId: z.string(),
  /** The customer's question, PII-redacted. */
  question: z.string(),
  /** The question as a title: its question sentence, without a greeting or lead-in, at most ~90 characters. */
  title: z.string(),
  /** A few key words of the question, which gaps are grouped by (a hint, not a title). */
  topic: z.string(),
  reason: z.enum(KNOWLEDGE_GAP_REASONS),
  status: z.enum(["open", "resolved"]),
  /** The published fact that answered it (it resolved the gap when published); null when open or resolved by hand. */
  answeredByFactId: z.string().nullable(),
  createdAt: z.string(),
});
export type KnowledgeGap = z.infer<typeof knowledgeGapSchema>;
export const listGapsQuerySchema = z.strictObject({
  teamId: id.optional(),
  status: z.enum(["open", "resolved"]).default("open"),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** Where the page before ended (its `nextCursor`): the newest gap's time in microseconds, then its id. */
  cursor: z
    .string()
    .regex(
      /^\d{1,17}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      "cursor must be the nextCursor of the page before, as it was given",
    )
    .optional(),
});
export const listGapsResponseSchema = z.object({
  gaps: z.array(knowledgeGapSchema),
  /** How many gaps there are with that status (those of every page). */
  total: z.number().int(),
  /** The next page's `cursor`; null on the last page. */
  nextCursor: z.string().nullable(),
});
export const gapResponseSchema = z.object({ gap: knowledgeGapSchema });

/** One question of the open gaps: every open gap of a team asking it (however worded), one row. */
export const gapQuestionSchema = z.object({
  /** The newest open gap asking it: `POST /knowledge/gap-questions/:id/resolve` resolves them all by it. */
  id: z.string(),
  teamId: z.string(),
  /** The key its gaps share (null: a gap stored before keys, alone on its row). */
  questionKey: z.string().nullable(),
  /** The clearest of the newest askings, as a person would title it. */
  title: z.string(),
  /** The newest asking, as asked. */
  question: z.string(),
  topic: z.string(),
  reason: z.enum(KNOWLEDGE_GAP_REASONS),
  /** How many open gaps ask it: all of them. */
  asked: z.number().int(),
  /** The newest asking's conversation. */
  conversationId: z.string(),
  lastAt: z.string(),
});
export type GapQuestion = z.infer<typeof gapQuestionSchema>;
/** Where a page of questions ended (its `nextCursor`): the next page starts after it. */
const gapPageCursor = z
  .string()
  .regex(
    /^\d{1,9}\.\d{1,17}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "cursor must be the nextCursor of the page before, as it was given",
  );
export const listGapQuestionsQuerySchema = z.strictObject({
  teamId: id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  cursor: gapPageCursor.optional(),
});
export const listGapQuestionsResponseSchema = z.object({
  questions: z.array(gapQuestionSchema),
  /** How many questions are open (those of every page). */
  total: z.number().int(),
  /** The next page's `cursor`; null on the last page. */
  nextCursor: z.string().nullable(),
});

/** The gaps of a team one published fact answered, one row, with each wording of their questions. */
export const answeredGapQuestionSchema = z.object({
  factId: z.string(),
  teamId: z.string(),
  /** The fact's statement: the answer. */
  statement: z.string(),
  /** The clearest of the newest askings, as a person would title it. */
  title: z.string(),
  /** How many gaps it answered: all of them. */
  asked: z.number().int(),
  /** The newest asking's conversation. */
  conversationId: z.string(),
  lastAt: z.string(),
  /** Each way its questions were asked (one per question key), most asked first: at most 20. */
  wordings: z.array(
    z.object({
      title: z.string(),
      asked: z.number().int(),
      conversationId: z.string(),
      questionKey: z.string().nullable(),
    }),
  ),
  /** How many wordings there are, those beyond the 20 too. */
  wordingCount: z.number().int(),
});
export type AnsweredGapQuestion = z.infer<typeof answeredGapQuestionSchema>;
export const listAnsweredGapQuestionsQuerySchema = z.strictObject({
  teamId: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: gapPageCursor.optional(),
});
export const listAnsweredGapQuestionsResponseSchema = z.object({
  questions: z.array(answeredGapQuestionSchema),
  /** How many rows there are (those of every page). */
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export const resolveGapQuestionResponseSchema = z.object({ resolved: z.number().int() });

export const knowledgeSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200),
  teamId: id.optional(),
});
export const knowledgeSearchResponseSchema = z.object({
  hits: z.array(
    z.object({
      kind: z.enum(["fact", "insight"]),
      id: z.string(),
      teamId: z.string().nullable(),
      topic: z.string().nullable(),
      text: z.string(),
      rank: z.number(),
    }),
  ),
});

// -- QA scorecards -------------------------------------------------------------------------------

export const QA_ITEM_NAMES = [
  "empathy",
  "active_listening",
  "accuracy",
  "ownership",
  "clear_next_steps",
  "habits",
] as const;
export const qaItemNameSchema = z.enum(QA_ITEM_NAMES);
export type QaItemName = z.infer<typeof qaItemNameSchema>;

export const scorecardItemSchema = z.object({
  item: qaItemNameSchema,
  /** The engine's score, 0–4. */
  auto: z.number(),
  /** A lead's score when they changed it; null otherwise. */
  override: z.number().nullable(),
  /** What counts: the override if there is one, else the engine's. */
  score: z.number(),
  applicable: z.boolean(),
  note: z.string(),
  evidence: z.array(
    z.object({
      index: z.number().int(),
      start: z.number().int(),
      end: z.number().int(),
      cueKind: z.string(),
      polarity: z.enum(["good", "bad"]),
      /** The evidence's words, PII-redacted (empty for habits, which have no span). */
      quote: z.string(),
    }),
  ),
});

/** How a conversation left its agent's hands: an accepted takeover, a warm transfer, a teammate writing. */
export const HANDOVER_KINDS = ["takeover", "transfer", "wrote"] as const;

export const SCORECARD_ROLES = ["agent", "helper"] as const;

/** Open until a lead resolves it: "upheld" kept the score, "changed" changed it. */
export const SCORECARD_DISPUTE_STATUSES = ["open", "upheld", "changed"] as const;
/** The longest reason an agent gives for a dispute, and the longest note a lead answers with. */
export const DISPUTE_REASON_MAX = 500;
export const DISPUTE_NOTE_MAX = 1000;

/**
 * The scored person's objection to a score on their own QA scorecard: one item, or (item null) the
 * whole card. Read by that person and the leads of the card's team, no one else.
 */
export const scorecardDisputeSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  teamId: z.string(),
  /** Whom the disputed card scores (who disputed it), and whose card: the agent's or a helper's. */
  personId: z.string(),
  personName: z.string().nullable(),
  cardRole: z.enum(SCORECARD_ROLES),
  /** The disputed item; null: the whole card. */
  item: qaItemNameSchema.nullable(),
  reason: z.string(),
  /** The item's score (the card's overall for the whole card) when it was disputed. */
  disputedScore: z.number().nullable(),
  status: z.enum(SCORECARD_DISPUTE_STATUSES),
  /** The lead's answer; null while open. */
  resolutionNote: z.string().nullable(),
  /** The scores the lead set when they changed the card; null otherwise. */
  changedScores: z.partialRecord(qaItemNameSchema, z.number()).nullable(),
  resolvedById: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** The conversation's topic, to tell disputes apart in a lead's queue (never the customer's name). */
  topic: z.string().nullable(),
  createdAt: z.string(),
});
export type ScorecardDispute = z.infer<typeof scorecardDisputeSchema>;

export const scorecardSchema = z.object({
  conversationId: z.string(),
  teamId: z.string(),
  /** Whose handling it scores: the conversation's agent, or (role "helper") a teammate's part. */
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  /**
   * "agent": the conversation's agent (one card per conversation); "helper": a teammate who took
   * it over, received it or wrote to the customer, scored on their part (GET and review it with
   * `personId`).
   */
  role: z.enum(SCORECARD_ROLES),
  /**
   * The conversation's topic, to tell cards apart in a list (with the time). Never the customer's
   * name: scorecards are redacted like their evidence.
   */
  topic: z.string().nullable().optional(),
  items: z.array(scorecardItemSchema),
  autoOverall: z.number().nullable(),
  overall: z.number().nullable(),
  reviewed: z.boolean(),
  reviewNote: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /**
   * How many of the conversation's messages (customer-visible) the automatic scores cover; null for
   * a scorecard made before this was recorded.
   */
  scoredMessages: z.number().int().nullable(),
  /**
   * When the conversation closed: the close these scores cover. A list tells its cards apart by it
   * (`createdAt` is when tagteam scored it: for imported transcripts, or a history scored at once,
   * the same minute for every card). Null when not known (the conversation went on after it was
   * scored, or a card from before this was recorded).
   */
  closedAt: z.string().nullable().optional(),
  /** When tagteam re-scored it because the conversation was reopened and closed again; null: never. */
  rescoredAt: z.string().nullable(),
  /** Re-scored after the lead's review: the lead's scores and note are kept, the rest is new. */
  rescoredAfterReview: z.boolean(),
  /**
   * Whose lines the scores cover: the agent's own lines and the customer's lines while the agent was
   * handling the conversation. A teammate's lines (after a takeover or a warm transfer, or written
   * straight to the customer) and what the customer said to them are left out, as on the skill map.
   * Null for a scorecard made before this was recorded (it scored every line).
   */
  scope: z
    .object({
      agentLines: z.number().int(),
      customerLines: z.number().int(),
      /** Customer-visible lines left out. */
      excludedLines: z.number().int(),
      /** The first moment a teammate handled the conversation instead of the agent; null: never. */
      handover: z
        .object({
          /** The first line left out: its index in the transcript, as evidence indexes are. */
          index: z.number().int(),
          personId: z.string().nullable(),
          personName: z.string().nullable(),
          kind: z.enum(HANDOVER_KINDS),
          at: z.string(),
        })
        .nullable(),
    })
    .nullable(),
  createdAt: z.string(),
  /**
   * The card's disputes, open and resolved (newest resolved last): on one card (GET, review,
   * resolve), never in a list.
   */
  disputes: z.array(scorecardDisputeSchema).optional(),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

const qaScore = z.number().int().min(0).max(4);
/** Which card of a conversation: a helper's by their id; the agent's when omitted (or theirs given). */
export const scorecardQuerySchema = z.strictObject({ personId: id.optional() });
export const reviewScorecardBodySchema = z.strictObject({
  /** A helper's card (their id); the agent's card when omitted. */
  personId: id.optional(),
  /** The items the lead scores differently from the engine; the others keep the engine's score. */
  items: z.partialRecord(qaItemNameSchema, qaScore),
  note: z.string().trim().max(2000).optional(),
});
export type ReviewScorecardBody = z.infer<typeof reviewScorecardBodySchema>;
/** Where a page of scorecards ends: its last card's conversation, and `:<helper>` for a helper's card. */
export const SCORECARD_CURSOR =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?::([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))?$/i;
export const SCORECARDS_PAGE_MAX = 200;
export const listScorecardsQuerySchema = z.strictObject({
  teamId: id.optional(),
  agentId: id.optional(),
  reviewed: z.enum(["true", "false"]).optional(),
  /** The previous page's `nextAfter`: the page of older cards after it. */
  after: z
    .string()
    .regex(
      SCORECARD_CURSOR,
      "must be a previous page's nextAfter (a conversation id, then :helper id for a helper's card)",
    )
    .optional(),
  limit: z.coerce.number().int().min(1).max(SCORECARDS_PAGE_MAX).default(50),
});
export const scorecardResponseSchema = z.object({ scorecard: scorecardSchema });
export const listScorecardsResponseSchema = z.object({
  scorecards: z.array(scorecardSchema),
  /** A full page: pass as `after` for the next (older) page; otherwise null. */
  nextAfter: z.string().nullable(),
});

// -- QA disputes ----------------------------------------------------------------------------------

export const disputeScorecardBodySchema = z.strictObject({
  /** The item disputed; the whole card when omitted. */
  item: qaItemNameSchema.optional(),
  reason: z
    .string({ error: "is required: say what the score missed (for example the line where you did it)" })
    .trim()
    .min(1, "is required: say what the score missed (for example the line where you did it)")
    .max(DISPUTE_REASON_MAX, `must be at most ${DISPUTE_REASON_MAX} characters`),
});
export type DisputeScorecardBody = z.infer<typeof disputeScorecardBodySchema>;

export const resolveDisputeBodySchema = z
  .strictObject({
    /** "uphold": the score stands; "change": the card takes `score` (an item) or `items` (the whole card). */
    decision: z.enum(["uphold", "change"], { error: 'must be "uphold" or "change"' }),
    /** The new score of the disputed item (decision "change" on an item). */
    score: qaScore.optional(),
    /** The new scores of the whole card's items (decision "change" on the whole card). */
    items: z.partialRecord(qaItemNameSchema, qaScore).optional(),
    note: z
      .string({ error: "is required: tell the agent why" })
      .trim()
      .min(1, "is required: tell the agent why")
      .max(DISPUTE_NOTE_MAX, `must be at most ${DISPUTE_NOTE_MAX} characters`),
  })
  .refine((b) => !(b.decision === "uphold" && (b.score !== undefined || b.items !== undefined)), {
    path: ["decision"],
    message: "uphold keeps the score: leave out score and items",
    when: () => true,
  })
  .refine((b) => !(b.decision === "change" && b.score !== undefined && b.items !== undefined), {
    path: ["items"],
    message: "give score (one item) or items (the whole card), not both",
    when: () => true,
  });
export type ResolveDisputeBody = z.infer<typeof resolveDisputeBodySchema>;

export const listDisputesQuerySchema = z.strictObject({
  teamId: id.optional(),
  /** "open" (the default: a lead's queue, oldest first), "resolved" (newest first) or "all". */
  status: z.enum(["open", "resolved", "all"]).default("open"),
});
export const disputeResponseSchema = z.object({ dispute: scorecardDisputeSchema });
export const resolveDisputeResponseSchema = z.object({
  dispute: scorecardDisputeSchema,
  scorecard: scorecardSchema,
});
export const listDisputesResponseSchema = z.object({
  disputes: z.array(scorecardDisputeSchema),
  /** How many are open among the caller's (at most 200 listed). */
  open: z.number().int(),
});

/** Where reviewing leads and the engine disagree: per item, and each reviewed conversation's differences. */
export const calibrationResponseSchema = z.object({
  items: z.array(
    z.object({
      item: qaItemNameSchema,
      reviewed: z.number().int(),
      /** Reviews where the lead's score differs from the engine's. */
      disagreements: z.number().int(),
      /** Mean of (lead − engine) over the reviews: positive means the engine scores too low. */
      meanDifference: z.number(),
    }),
  ),
  disagreements: z.array(
    z.object({
      conversationId: z.string(),
      agentName: z.string().nullable(),
      reviewedBy: z.string().nullable(),
      item: qaItemNameSchema,
      auto: z.number(),
      lead: z.number(),
    }),
  ),
});
export const calibrationQuerySchema = z.strictObject({ teamId: id.optional() });

// -- commitments ---------------------------------------------------------------------------------

export const commitmentItemSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  /** Whom it was promised to, as the floor names them (the text itself is redacted). */
  customerName: z.string().nullable(),
  text: z.string(),
  dueAt: z.string().nullable(),
  /** When the agent said it. */
  promisedAt: z.string(),
  state: z.enum(["overdue", "due_soon", "upcoming", "no_date"]),
  /** Whether the caller may mark it done or cancel it (its agent, a lead of its conversation's team, an admin). */
  closable: z.boolean(),
});
export const commitmentsOverviewQuerySchema = z.strictObject({
  personId: id.optional(),
  teamId: id.optional(),
});
export const commitmentsOverviewResponseSchema = z.object({
  agents: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      overdue: z.number().int(),
      dueSoon: z.number().int(),
      commitments: z.array(commitmentItemSchema),
    }),
  ),
});
export type CommitmentsOverview = z.infer<typeof commitmentsOverviewResponseSchema>;

/**
 * Closing a promise: kept ("done") or no longer needed ("cancelled"). "missed" is not set by hand:
 * a promise past due is still owed until someone closes it.
 */
export const CLOSED_COMMITMENT_STATUSES = ["done", "cancelled"] as const;
export const updateCommitmentBodySchema = z.strictObject({ status: z.enum(CLOSED_COMMITMENT_STATUSES) });
export type UpdateCommitmentBody = z.infer<typeof updateCommitmentBodySchema>;
export const updateCommitmentResponseSchema = z.object({
  commitment: z.object({
    id: z.string(),
    conversationId: z.string(),
    personId: z.string().nullable(),
    status: z.enum(["open", "done", "missed", "cancelled"]),
    dueAt: z.string().nullable(),
    completedAt: z.string().nullable(),
  }),
});

// -- exports -------------------------------------------------------------------------------------

export const EXPORT_KINDS = ["conversations", "scorecards", "debriefs"] as const;
/** The most conversations (scorecards, debrief cards) one export holds. */
export const EXPORT_MAX_ROWS = 5000;
export const exportParamsSchema = z.strictObject({ kind: z.enum(EXPORT_KINDS) });
export const exportQuerySchema = z.strictObject({
  format: z.enum(["json", "csv"]).default("json"),
  /** Personal data is redacted unless an admin asks for `redact=false` (audited). */
  redact: z.enum(["true", "false"]).default("true"),
  teamId: id.optional(),
  /** How many conversations (scorecards, debrief cards), the most recently started first. */
  limit: z.coerce.number().int().min(1).max(EXPORT_MAX_ROWS).default(1000),
  /** Conversations only: those started at or after this time (ISO 8601 with offset). */
  since: z.iso.datetime({ offset: true }).optional(),
  /** Conversations only: those started before this time (ISO 8601 with offset). */
  until: z.iso.datetime({ offset: true }).optional(),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;
export const exportJsonResponseSchema = z.object({
  kind: z.enum(EXPORT_KINDS),
  redacted: z.boolean(),
  generatedAt: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())),
});

export const loop2IdParamsSchema = z.strictObject({ id });

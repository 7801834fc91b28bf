import type { QaScorecard } from "../../engine/qa/index.ts";
import { clearestGapTitle, gapTitle } from "../../engine/knowledge/index.ts";
import type { ScoredScope } from "./agentPart.ts";
import type {
  AnsweredGapQuestion,
  Debrief,
  Feedback,
  FeedbackCheckResult,
  Insight,
  JournalEntry,
  GapQuestion,
  KnowledgeGap,
  Scorecard,
  ScorecardDispute,
} from "../../protocol/index.ts";
import { QA_ITEM_NAMES, qaItemNameSchema } from "../../protocol/index.ts";
import type {
  AnsweredGapQuestionRecord,
  DebriefRecord,
  FeedbackRecord,
  FeedbackReplyRecord,
  InsightRecord,
  JournalEntryRecord,
  GapQuestionRecord,
  KnowledgeGapRecord,
  ScorecardDisputeRecord,
  ScorecardRecord,
} from "../../store/index.ts";

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A conversation's short reference, from its id: "#3F9A2C". */
export function conversationRef(conversationId: string): string {
  return `#${conversationId.replace(/-/g, "").slice(0, 6).toUpperCase()}`;
}

export function presentDebrief(
  d: DebriefRecord,
  viewerId: string,
  extra: {
    personName: string | null;
    conversationSubject: string | null;
    channel?: string | null;
    conversationClosedAt?: number | null;
    agentName?: string | null;
    withNames?: string[];
  },
): Debrief {
  const draft = (
    typeof d.draft === "object" && d.draft !== null && !Array.isArray(d.draft) ? d.draft : {}
  ) as Record<string, unknown>;
  return {
    id: d.id,
    conversationId: d.conversationId,
    conversationSubject: extra.conversationSubject,
    conversationRef: conversationRef(d.conversationId),
    channel: extra.channel ?? null,
    conversationClosedAt: isoOrNull(extra.conversationClosedAt ?? null),
    agentName: extra.agentName ?? null,
    withNames: extra.withNames ?? [],
    personId: d.personId,
    personName: extra.personName,
    role: d.role,
    wentWell: d.wentWell,
    tricky: d.tricky,
    tryNext: d.tryNext,
    draft: {
      wentWell: stringList(draft.wentWell),
      tricky: stringList(draft.tricky),
      tryNext: typeof draft.tryNext === "string" ? draft.tryNext : "",
    },
    status: d.status,
    editable: d.personId === viewerId,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  };
}

export function presentFeedback(
  f: FeedbackRecord,
  replies: readonly FeedbackReplyRecord[],
  names: ReadonlyMap<string, string>,
): Feedback {
  return {
    id: f.id,
    authorId: f.authorId,
    authorName: names.get(f.authorId) ?? null,
    receiverId: f.receiverId,
    receiverName: names.get(f.receiverId) ?? null,
    conversationId: f.conversationId,
    text: f.text,
    check: f.check as unknown as FeedbackCheckResult,
    createdAt: iso(f.createdAt),
    readAt: isoOrNull(f.readAt),
    replies: replies
      .filter((r) => r.feedbackId === f.id)
      .map((r) => ({
        id: r.id,
        authorId: r.authorId,
        authorName: names.get(r.authorId) ?? null,
        text: r.text,
        createdAt: iso(r.createdAt),
      })),
  };
}

export function presentJournalEntry(e: JournalEntryRecord): JournalEntry {
  return {
    id: e.id,
    conversationId: e.conversationId,
    text: e.text,
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
  };
}

export function presentInsight(i: InsightRecord): Insight {
  return {
    id: i.id,
    teamId: i.teamId,
    conversationId: i.conversationId,
    text: i.text,
    topic: i.topic,
    key: i.key,
    value: i.value,
    unit: i.unit,
    status: i.status,
    factId: i.factId,
    createdBy: i.createdBy,
    reviewedBy: i.reviewedBy,
    reviewedAt: isoOrNull(i.reviewedAt),
    reviewNote: i.reviewNote,
    createdAt: iso(i.createdAt),
  };
}

export function presentKnowledgeGap(g: KnowledgeGapRecord): KnowledgeGap {
  return {
    id: g.id,
    teamId: g.teamId,
    conversationId: g.conversationId,
    question: g.question,
    title: gapTitle(g.question),
    topic: g.topic,
    reason: g.reason,
    status: g.status,
    answeredByFactId: g.answeredByFactId,
    createdAt: iso(g.createdAt),
  };
}

/** A question of the open gaps, titled by the clearest of its newest askings. */
export function presentGapQuestion(q: GapQuestionRecord): GapQuestion {
  const question = q.questions[0] ?? "";
  return {
    id: q.id,
    teamId: q.teamId,
    questionKey: q.questionKey,
    title: clearestGapTitle(q.questions) ?? gapTitle(question),
    question,
    topic: q.topic,
    reason: q.reason,
    asked: q.asked,
    conversationId: q.conversationId,
    lastAt: iso(q.lastAt),
  };
}

/** The gaps a fact answered, titled by the clearest of their newest askings, and each wording by its own. */
export function presentAnsweredGapQuestion(q: AnsweredGapQuestionRecord): AnsweredGapQuestion {
  const title = (questions: readonly string[]) => clearestGapTitle(questions) ?? gapTitle(questions[0] ?? "");
  return {
    factId: q.factId,
    teamId: q.teamId,
    statement: q.statement,
    title: title(q.questions),
    asked: q.asked,
    conversationId: q.conversationId,
    lastAt: iso(q.lastAt),
    wordings: q.wordings.map((w) => ({
      title: title(w.questions),
      asked: w.asked,
      conversationId: w.conversationId,
      questionKey: w.questionKey,
    })),
    wordingCount: q.wordingCount,
  };
}

/** Mean of the applicable items' final scores, two decimals (the engine's rule, with overrides applied). */
export function overallOf(items: readonly { score: number; applicable: boolean }[]): number | null {
  const applicable = items.filter((i) => i.applicable);
  if (applicable.length === 0) return null;
  return Math.round((applicable.reduce((s, i) => s + i.score, 0) / applicable.length) * 100) / 100;
}

/**
 * The overall of a reviewed scorecard: the engine's items with the lead's scores in place of
 * theirs (an item the lead scored counts even where the engine found nothing to judge). Computed
 * when the lead reviews, and again when tagteam re-scores a reviewed card.
 */
export function reviewedOverall(
  auto: QaScorecard,
  override: Readonly<Record<string, number>>,
): number | null {
  return overallOf(
    (Array.isArray(auto.items) ? auto.items : []).map((i) => {
      const o = override[i.item];
      return { score: o ?? i.score, applicable: i.applicable || o !== undefined };
    }),
  );
}

/** Whose lines a scorecard scored, as stored beside its items; null for a card scored before it was. */
function presentScope(
  scope: ScoredScope | undefined,
  extra: { positionOf: (index: number) => number | undefined; nameOf?: (personId: string) => string | null },
): Scorecard["scope"] {
  if (scope === undefined || scope === null || typeof scope !== "object") return null;
  const h = scope.handover;
  return {
    agentLines: scope.agentLines,
    customerLines: scope.customerLines,
    excludedLines: scope.excludedLines,
    handover:
      h === null
        ? null
        : {
            index: extra.positionOf(h.index) ?? h.index,
            personId: h.personId,
            personName: h.personId === null ? null : (extra.nameOf?.(h.personId) ?? null),
            kind: h.kind,
            at: iso(h.at),
          },
  };
}

/**
 * A scorecard with the lead's overrides applied. The engine scored the customer-visible lines, and
 * its evidence cites them by their place among those lines; `positionOf` turns that into the
 * message's index in the transcript (its position: whispers, signals and notes count), and
 * `quoteOf` turns a span into its words (PII-redacted by the caller); lists pass a function
 * returning "" to skip loading transcripts. A span whose line is unknown is left out.
 */
export function presentScorecard(
  s: ScorecardRecord,
  extra: {
    agentName: string | null;
    quoteOf: (index: number, start: number, end: number) => string;
    positionOf: (index: number) => number | undefined;
    /** A person's name, for the teammate who took over; null when unknown. */
    nameOf?: (personId: string) => string | null;
    /** The conversation's topic, when the caller has it. */
    conversation?: { topic: string | null };
  },
): Scorecard {
  const auto = s.auto as unknown as QaScorecard & { scope?: ScoredScope };
  const byName = new Map((Array.isArray(auto.items) ? auto.items : []).map((i) => [i.item, i]));
  const items = QA_ITEM_NAMES.flatMap((name) => {
    const item = byName.get(name);
    if (item === undefined) return [];
    const override = s.override?.[name] ?? null;
    return [
      {
        item: name,
        auto: item.score,
        override,
        score: override ?? item.score,
        // A lead scoring an item makes it count, even where the engine found nothing to judge.
        applicable: item.applicable || override !== null,
        note: item.note,
        evidence: item.evidence.flatMap((e) => {
          const index = extra.positionOf(e.index);
          if (index === undefined) return [];
          return [
            {
              index,
              start: e.start,
              end: e.end,
              cueKind: e.cueKind,
              polarity: e.polarity,
              quote: e.end > e.start ? extra.quoteOf(e.index, e.start, e.end) : "",
            },
          ];
        }),
      },
    ];
  });
  return {
    conversationId: s.conversationId,
    teamId: s.teamId,
    agentId: s.agentId,
    agentName: extra.agentName,
    role: s.role,
    ...(extra.conversation !== undefined ? { topic: extra.conversation.topic } : {}),
    items,
    autoOverall: s.autoOverall,
    overall: s.reviewedAt !== null ? s.overrideOverall : s.autoOverall,
    reviewed: s.reviewedAt !== null,
    reviewNote: s.reviewNote,
    reviewedBy: s.reviewedBy,
    reviewedAt: isoOrNull(s.reviewedAt),
    scoredMessages: s.scoredMessages,
    closedAt: isoOrNull(s.scoredCloseAt),
    rescoredAt: isoOrNull(s.rescoredAt),
    rescoredAfterReview: s.reviewedAt !== null && s.rescoredAt !== null && s.rescoredAt > s.reviewedAt,
    scope: presentScope(auto.scope, extra),
    createdAt: iso(s.createdAt),
  };
}

/** A QA dispute, with the names of the disputing person and the resolving lead. */
export function presentScorecardDispute(
  d: ScorecardDisputeRecord,
  extra: { nameOf: (personId: string) => string | null; topic: string | null },
): ScorecardDispute {
  const item = d.item === null ? null : qaItemNameSchema.safeParse(d.item);
  return {
    id: d.id,
    conversationId: d.conversationId,
    teamId: d.teamId,
    personId: d.personId,
    personName: extra.nameOf(d.personId),
    cardRole: d.cardRole,
    item: item === null || !item.success ? null : item.data,
    reason: d.reason,
    disputedScore: d.disputedScore,
    status: d.status,
    resolutionNote: d.resolutionNote,
    changedScores: d.changedScores,
    resolvedById: d.resolvedBy,
    resolvedByName: d.resolvedBy === null ? null : extra.nameOf(d.resolvedBy),
    resolvedAt: isoOrNull(d.resolvedAt),
    topic: extra.topic,
    createdAt: iso(d.createdAt),
  };
}

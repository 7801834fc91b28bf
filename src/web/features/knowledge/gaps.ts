import type { KnowledgeGap } from "../../../protocol/index.ts";

/** The same question asked again, however it was punctuated or capitalised. */
export interface GapGroup {
  /** The newest asking's question, as asked. */
  question: string;
  topic: string;
  reason: KnowledgeGap["reason"];
  /** The newest conversation it was asked in (to open). */
  conversationId: string;
  /** Every open gap of the group, newest first: resolving the group resolves them all. */
  ids: string[];
  /** When it was last asked. */
  lastAt: string;
}

const keyOf = (g: KnowledgeGap): string =>
  `${g.teamId}|${g.question
    .toLowerCase()
    .replace(/[^\p{L}\p{N}$€£%]+/gu, " ")
    .trim()}`;

/**
 * Open knowledge gaps, one row per question: the KB owner reads "Thirty days? · asked 8 times" once
 * instead of eight identical rows, most asked first (then the most recent). Pure.
 */
export function groupGaps(gaps: readonly KnowledgeGap[]): GapGroup[] {
  const groups = new Map<string, GapGroup>();
  const newestFirst = [...gaps].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const g of newestFirst) {
    const key = keyOf(g);
    const group = groups.get(key);
    if (group === undefined)
      groups.set(key, {
        question: g.question,
        topic: g.topic,
        reason: g.reason,
        conversationId: g.conversationId,
        ids: [g.id],
        lastAt: g.createdAt,
      });
    else group.ids.push(g.id);
  }
  return [...groups.values()].sort((a, b) => b.ids.length - a.ids.length || b.lastAt.localeCompare(a.lastAt));
}

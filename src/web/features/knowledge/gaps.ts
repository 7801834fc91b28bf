import { clearestGapTitle } from "../../../engine/knowledge/gapTitle.ts";
import { questionKey } from "../../../engine/knowledge/questionKey.ts";
import type { KnowledgeGap } from "../../../protocol/index.ts";

/** The same question asked again, however it was worded, punctuated or capitalised. */
export interface GapGroup {
  /** The newest asking's question, as asked. */
  question: string;
  /** The row's title: the clearest of the askings as a person would title it ("Where is my refund?"). */
  title: string;
  /** The newest asking in full, when the title left out more than a word or two of it (else null). */
  asked: string | null;
  /** The key words the server groups gaps by (not shown: the title says it better). */
  topic: string;
  reason: KnowledgeGap["reason"];
  /** The newest conversation it was asked in (to open). */
  conversationId: string;
  /** Every open gap of the group, newest first: resolving the group resolves them all. */
  ids: string[];
  /** When it was last asked. */
  lastAt: string;
}

const wordCount = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;

/** The asking in full under its title, when the title left out more than a word or two of it (else null). */
export function askedInFull(question: string, title: string): string | null {
  // "ok, do you ship to PO boxes?" under "Do you ship to PO boxes?" would say it twice.
  return wordCount(question) - wordCount(title) >= 3 ? question : null;
}

const keyOf = (g: KnowledgeGap): string => `${g.teamId}|${questionKey(g.question)}`;

/**
 * Knowledge gaps (open, or answered), one row per question: the KB owner reads "Thirty days? ·
 * asked 8 times" once instead of eight rows, one per wording ("How long is the return window?",
 * "What's the return window?": the engine's questionKey), most asked first (then the most recent),
 * each titled by the clearest of its askings ("Where is my refund?" over "hi where is my refund
 * please"). Pure.
 */
export function groupGaps(gaps: readonly KnowledgeGap[]): GapGroup[] {
  const groups = new Map<string, GapGroup>();
  const askings = new Map<string, string[]>();
  const newestFirst = [...gaps].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const g of newestFirst) {
    const key = keyOf(g);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, {
        question: g.question,
        title: g.question,
        asked: null,
        topic: g.topic,
        reason: g.reason,
        conversationId: g.conversationId,
        ids: [g.id],
        lastAt: g.createdAt,
      });
      askings.set(key, [g.question]);
    } else {
      group.ids.push(g.id);
      askings.get(key)?.push(g.question);
    }
  }
  for (const [key, group] of groups) {
    group.title = clearestGapTitle(askings.get(key) ?? []) ?? group.question;
    group.asked = askedInFull(group.question, group.title);
  }
  return [...groups.values()].sort((a, b) => b.ids.length - a.ids.length || b.lastAt.localeCompare(a.lastAt));
}

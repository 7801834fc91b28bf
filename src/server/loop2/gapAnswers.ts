// Which open knowledge gaps a newly published fact answers, so they leave the Knowledge page's
// open list as answered by it instead of waiting for a lead to mark them resolved by hand.
// Conservative: a fact answers a gap only when it names what the gap's question is about.
import { gapGroupKey, topicWords } from "../../engine/knowledge/index.ts";
import {
  answerKnowledgeGaps,
  listKnowledgeGaps,
  type KnowledgeFactRecord,
  type KnowledgeGapRecord,
  type Queryable,
} from "../../store/index.ts";

type Fact = Pick<KnowledgeFactRecord, "teamId" | "statement" | "topic" | "key" | "sourceConversationId">;

/** "shipping", "shipped" and "ship" compare as one word; a short word stays as it is. */
function stem(word: string): string {
  const cut = word.replace(/(?:ing|ed)$/, "");
  if (cut.length < 3 || cut === word) return word;
  return /([b-df-hj-np-tv-z])\1$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The ids of the open gaps `fact` answers. A gap of the fact's own conversation is answered when
 * the fact names all of its topic's key words (all but one of three or four); a gap of another
 * conversation when it names all of them and there are at least two ("Do you ship to PO boxes?"
 * → ship, box: not "Do you ship to Canada?", not "Can I return a box?"). Then every gap asking the
 * same question as an answered one (the Knowledge page's row) is answered too. Only gaps of the
 * fact's team, or of any team for an organisation-wide fact. Pure.
 */
export function gapsAnsweredBy(fact: Fact, open: readonly KnowledgeGapRecord[]): string[] {
  const said = new Set(
    topicWords([fact.statement, fact.topic ?? "", (fact.key ?? "").replace(/[_.-]+/g, " ")].join(". ")).map(
      stem,
    ),
  );
  const mine = open.filter((g) => g.status === "open" && (fact.teamId === null || g.teamId === fact.teamId));
  const answered = new Set<string>();
  for (const g of mine) {
    const words = [...new Set(g.topic.split(/\s+/).filter(Boolean).map(stem))];
    const missing = words.filter((w) => !said.has(w)).length;
    const ownConversation =
      fact.sourceConversationId !== null && g.conversationId === fact.sourceConversationId;
    const ok = ownConversation
      ? words.length > 0 && missing <= (words.length >= 3 ? 1 : 0)
      : words.length >= 2 && missing === 0;
    if (ok) answered.add(g.id);
  }
  const keyOf = (g: KnowledgeGapRecord) => `${g.teamId}|${gapGroupKey(g.question)}`;
  const keys = new Set(mine.filter((g) => answered.has(g.id)).map(keyOf));
  for (const g of mine) if (keys.has(keyOf(g))) answered.add(g.id);
  return [...answered];
}

/** Resolves the open gaps a just-published fact answers (in the caller's transaction); returns them. */
export async function answerGapsWith(
  tx: Queryable,
  orgId: string,
  fact: Fact & { id: string },
): Promise<KnowledgeGapRecord[]> {
  const open = await listKnowledgeGaps(tx, {
    orgId,
    ...(fact.teamId !== null ? { teamIds: [fact.teamId] } : {}),
    status: "open",
    limit: 5000,
  });
  const ids = gapsAnsweredBy(fact, open);
  return ids.length === 0 ? [] : answerKnowledgeGaps(tx, { orgId, factId: fact.id, ids });
}

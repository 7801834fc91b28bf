// Which open knowledge gaps a newly published fact answers, so they leave the Knowledge page's
// open list as answered by it instead of waiting for a lead to mark them resolved by hand.
// Conservative: a fact answers a gap only when it names what the gap's question is about.
import { gapTopic, questionKey, topicWords } from "../../engine/knowledge/index.ts";
import {
  answerGapQuestions,
  answerKnowledgeGaps,
  findFactsAnsweringQuestions,
  findOpenGapCandidates,
  listKnowledgeFacts,
  listKnowledgeGaps,
  type KnowledgeFactRecord,
  type KnowledgeGapRecord,
  type Queryable,
} from "../../store/index.ts";
import { gapKeysDerivation } from "./gapKeysDerivation.ts";

type Fact = Pick<KnowledgeFactRecord, "teamId" | "statement" | "topic" | "key" | "sourceConversationId">;

/** "shipping", "shipped" and "ship" compare as one word; a short word stays as it is. */
function stem(word: string): string {
  const cut = word.replace(/(?:ing|ed)$/, "");
  if (cut.length < 3 || cut === word) return word;
  return /([b-df-hj-np-tv-z])\1$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The words a fact says, stemmed: its statement's, topic's and key's. */
function factWords(fact: Fact): Set<string> {
  return new Set(
    topicWords([fact.statement, fact.topic ?? "", (fact.key ?? "").replace(/[_.-]+/g, " ")].join(". ")).map(
      stem,
    ),
  );
}

/**
 * A gap's key words, stemmed, made again from its question: a topic stored before placeholders
 * were left out of key words can hold "address" for "[ADDRESS]".
 */
function gapWords(g: Pick<KnowledgeGapRecord, "question">): string[] {
  return [...new Set(gapTopic(g.question).split(/\s+/).filter(Boolean).map(stem))];
}

/** What {@link gapsAnsweredBy} reads of a gap. */
type OpenGap = Pick<KnowledgeGapRecord, "id" | "teamId" | "conversationId" | "question" | "status">;

/**
 * The ids of the open gaps `fact` answers. A gap of the fact's own conversation is answered when
 * the fact names all of its topic's key words (all but one of three or four); a gap of another
 * conversation when it names all of them and there are at least two ("Do you ship to PO boxes?"
 * → ship, box: not "Do you ship to Canada?", not "Can I return a box?"). Then every gap asking the
 * same question as an answered one (the Knowledge page's row) is answered too. Only gaps of the
 * fact's team, or of any team for an organisation-wide fact. Pure.
 */
export function gapsAnsweredBy(fact: Fact, open: readonly OpenGap[]): string[] {
  const said = factWords(fact);
  const mine = open.filter((g) => g.status === "open" && (fact.teamId === null || g.teamId === fact.teamId));
  const answered = new Set<string>();
  for (const g of mine) {
    const words = gapWords(g);
    const missing = words.filter((w) => !said.has(w)).length;
    const ownConversation =
      fact.sourceConversationId !== null && g.conversationId === fact.sourceConversationId;
    const ok = ownConversation
      ? words.length > 0 && missing <= (words.length >= 3 ? 1 : 0)
      : words.length >= 2 && missing === 0;
    if (ok) answered.add(g.id);
  }
  const keyOf = (g: OpenGap) => `${g.teamId}|${questionKey(g.question)}`;
  const keys = new Set(mine.filter((g) => answered.has(g.id)).map(keyOf));
  for (const g of mine) if (keys.has(keyOf(g))) answered.add(g.id);
  return [...answered];
}

/**
 * Every word {@link stem} makes one of `stems` of: the stem itself, with -ing or -ed, and with its
 * last letter doubled before them ("ship": "shipping", "shipped"). A gap's topic words all among
 * these is what a fact naming all of its key words needs (checked exactly after).
 */
function wordsStemmingTo(stems: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const s of stems) {
    out.add(s);
    for (const suffix of ["ing", "ed"]) out.add(`${s}${suffix}`).add(`${s}${s.slice(-1)}${suffix}`);
  }
  return [...out];
}

/** Open gaps read when publishing a fact: at most this many questions (not askings) match by words. */
const CANDIDATES = 5000;

/**
 * Resolves the open gaps a just-published fact answers (in the caller's transaction), as
 * {@link gapsAnsweredBy} would over all of them, without reading them all: the store finds the
 * questions whose topic words are all among the fact's words (one gap per question and wording,
 * by an index), this matches those exactly, with the open gaps of the fact's own conversation and
 * any gap whose keys another derivation wrote (normally none), and the store then resolves every
 * open gap asking a matched question, by its key. Returns how many it resolved.
 */
export async function answerGapsWith(
  tx: Queryable,
  orgId: string,
  fact: Fact & { id: string },
): Promise<number> {
  const derivation = gapKeysDerivation();
  const candidates = await findOpenGapCandidates(tx, {
    orgId,
    teamId: fact.teamId,
    words: wordsStemmingTo(factWords(fact)),
    derivation,
    limit: CANDIDATES,
  });
  const own =
    fact.sourceConversationId === null
      ? []
      : await listKnowledgeGaps(tx, {
          orgId,
          ...(fact.teamId !== null ? { teamIds: [fact.teamId] } : {}),
          conversationId: fact.sourceConversationId,
          status: "open",
          limit: 5000,
        });
  const pool = new Map<string, OpenGap>();
  for (const g of [...candidates.map((c) => ({ ...c, status: "open" as const })), ...own]) pool.set(g.id, g);
  const ids = gapsAnsweredBy(fact, [...pool.values()]);
  // Every asking of the questions answered: by the key made from the question, which is the stored
  // key of a gap of this derivation (the store resolves those by it).
  const questions = new Map<string, { teamId: string; questionKey: string }>();
  for (const id of ids) {
    const g = pool.get(id);
    if (g === undefined) continue;
    const key = questionKey(g.question);
    questions.set(`${g.teamId}|${key}`, { teamId: g.teamId, questionKey: key });
  }
  return answerGapQuestions(tx, {
    orgId,
    factId: fact.id,
    ids,
    questions: [...questions.values()],
    derivation,
  });
}

/**
 * Answers just-recorded gaps of a team with its published facts (in the caller's transaction), so a
 * question a fact already answers is not listed open: a gap asking the same question as one a
 * published fact answered is answered by that fact; else by a published fact the engine checked
 * the agent's weak answer against (`checked`, by the gap's question index: "I think free
 * shipping starts at $75" against "Shipping is free on orders over $50") when the fact names one
 * of the gap's key words; else by a published fact that names it by {@link gapsAnsweredBy}'s rules
 * (the team's own facts before organisation-wide ones, newest first). Returns the gaps it resolved.
 */
export async function answerNewGaps(
  tx: Queryable,
  orgId: string,
  teamId: string,
  recorded: readonly KnowledgeGapRecord[],
  checked: ReadonlyMap<number, readonly string[]> = new Map(),
): Promise<KnowledgeGapRecord[]> {
  const open = recorded.filter((g) => g.status === "open" && g.teamId === teamId);
  if (open.length === 0) return [];
  const facts = (await listKnowledgeFacts(tx, { orgId, teamId, status: "published" })).sort(
    (a, b) => Number(a.teamId === null) - Number(b.teamId === null) || b.updatedAt - a.updatedAt,
  );
  if (facts.length === 0) return [];
  // The fact that answered each of these questions before (only these questions' answered gaps).
  const factOfQuestion = await findFactsAnsweringQuestions(tx, {
    orgId,
    teamId,
    questionKeys: open.map((g) => questionKey(g.question)),
  });
  const byFact = new Map<string, string[]>();
  for (const g of open) {
    const words = gapWords(g);
    const checkedFact = facts.find(
      (f) => (checked.get(g.questionIndex) ?? []).includes(f.id) && words.some((w) => factWords(f).has(w)),
    );
    const factId =
      factOfQuestion.get(questionKey(g.question)) ??
      checkedFact?.id ??
      facts.find((f) => gapsAnsweredBy(f, [g]).length > 0)?.id;
    if (factId !== undefined) byFact.set(factId, [...(byFact.get(factId) ?? []), g.id]);
  }
  const out: KnowledgeGapRecord[] = [];
  for (const [factId, ids] of byFact) out.push(...(await answerKnowledgeGaps(tx, { orgId, factId, ids })));
  return out;
}

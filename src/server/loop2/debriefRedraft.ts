// Debrief cards stored before aa2225f redacted every part of a known name in any case, so a
// teammate called Aaron Agent or Will Grant turned "the agent" and "I will" of a card into "the
// [PERSON]" and "I [PERSON]". Migration 0060 marked the cards still as drafted that hold a [PERSON];
// at start, each is drafted again from its conversation. Its lines are replaced only when drafting it
// again and redacting it the old way gives exactly what is stored: then the new lines are the same
// draft with names redacted as they are now, and nothing else. A card whose conversation changed
// since (a reopen, an erasure, a renamed teammate, a newer drafting) is left as it is, and a card its
// owner saved is never touched: its words are theirs.
import { redactPii } from "../../engine/pii/index.ts";
import {
  findConversationById,
  findScorecard,
  listDebriefs,
  listDebriefsToRedraft,
  listInterventions,
  listPeople,
  redraftDebrief,
  type DebriefRecord,
} from "../../store/index.ts";
import type { ServerContext } from "../context.ts";
import { debriefKnownNames, draftDebriefCards } from "./processClosedConversation.ts";
import { redactText } from "./redaction.ts";
import { loadAnalysedTranscript } from "./transcript.ts";

/** Cards read per batch. */
const BATCH = 100;

/** The redaction cards were stored with before aa2225f: every known name, each part, in any case. */
function redactedTheOldWay(text: string, knownNames: readonly string[]): string {
  if (text.length === 0) return text;
  return redactPii(text, { knownNames: knownNames.filter((n) => n.trim().length >= 2) }).text;
}

interface Lines {
  wentWell: string[];
  tricky: string[];
  tryNext: string;
}

const sameLines = (a: Lines, b: Lines): boolean =>
  a.tryNext === b.tryNext &&
  a.wentWell.length === b.wentWell.length &&
  a.wentWell.every((l, i) => l === b.wentWell[i]) &&
  a.tricky.length === b.tricky.length &&
  a.tricky.every((l, i) => l === b.tricky[i]);

/**
 * Drafts again every marked card (migration 0060) and rewrites those stored with the old redaction;
 * returns how many it rewrote. Each card is unmarked once looked at, so a restart midway carries
 * on and a second instance finds it done.
 */
export async function redraftDebriefs(ctx: Pick<ServerContext, "store" | "engine">): Promise<number> {
  let rewritten = 0;
  for (;;) {
    const cards = await listDebriefsToRedraft(ctx.store, { limit: BATCH });
    if (cards.length === 0) return rewritten;
    const byConversation = new Map<string, DebriefRecord[]>();
    for (const card of cards)
      byConversation.set(card.conversationId, [...(byConversation.get(card.conversationId) ?? []), card]);
    for (const group of byConversation.values()) rewritten += await redraftConversation(ctx, group);
    if (cards.length < BATCH) return rewritten;
  }
}

/** One conversation's marked cards (`cards`, at least one). */
async function redraftConversation(
  ctx: Pick<ServerContext, "store" | "engine">,
  cards: readonly DebriefRecord[],
): Promise<number> {
  const first = cards[0] as DebriefRecord;
  const { orgId, conversationId } = first;
  const unmark = async (card: DebriefRecord, to: Lines | null) =>
    redraftDebrief(ctx.store, { orgId, id: card.id, from: card, to });
  const conversation = await findConversationById(ctx.store, orgId, conversationId);
  if (conversation === null || conversation.status !== "closed") {
    for (const card of cards) await unmark(card, null);
    return 0;
  }
  const [transcript, interventions, people, all, scorecard] = await Promise.all([
    loadAnalysedTranscript(ctx, ctx.store, conversation),
    listInterventions(ctx.store, { orgId, conversationId, limit: 500 }),
    listPeople(ctx.store, { orgId }),
    listDebriefs(ctx.store, { orgId, conversationId }),
    findScorecard(ctx.store, orgId, conversationId),
  ]);
  const agentId = all.find((c) => c.role === "agent")?.personId ?? scorecard?.agentId ?? null;
  const drafts = draftDebriefCards({ ...transcript, interventions, agentId });
  const known = debriefKnownNames(conversation.customerName, people);
  let rewritten = 0;
  for (const card of cards) {
    const draft = drafts.find((d) => d.personId === card.personId && d.role === card.role)?.draft;
    if (draft === undefined) {
      await unmark(card, null);
      continue;
    }
    const render = (redact: (text: string, names: readonly string[]) => string): Lines => ({
      wentWell: draft.wentWell.map((l) => redact(l, known)),
      tricky: draft.tricky.map((l) => redact(l, known)),
      tryNext: redact(draft.tryNext, known),
    });
    const now = render(redactText);
    const provenOld = sameLines(card, render(redactedTheOldWay)) && !sameLines(card, now);
    if (await unmark(card, provenOld ? now : null)) rewritten++;
  }
  return rewritten;
}

import { isDeepStrictEqual } from "node:util";
import {
  draftDebrief,
  MAX_DEBRIEF_LINES,
  type DebriefDraft,
  type DebriefIntervention,
} from "../../engine/debrief/index.ts";
import type { EngineMessage, MessageAnalysis } from "../../engine/index.ts";
import { extractKnowledgeGaps, questionKey } from "../../engine/knowledge/index.ts";
import { scoreConversation, type QaScorecard } from "../../engine/qa/index.ts";
import {
  appendKnowledgeGaps,
  createDebriefs,
  findConversationById,
  findScorecard,
  listAlerts,
  listInterventions,
  listKnowledgeGaps,
  listPeople,
  markScorecardCloseCovered,
  rescoreScorecard,
  saveScorecard,
  type InterventionRecord,
  type JsonValue,
  type MessageRecord,
  type NewDebrief,
  type NewEvent,
} from "../../store/index.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
import { agentPart, type AgentPart } from "./agentPart.ts";
import { draftEscalationTakerDebrief, withEscalationTaken } from "./escalationTakerDebrief.ts";
import { answerNewGaps } from "./gapAnswers.ts";
import { gapKeysDerivation } from "./gapKeysDerivation.ts";
import { reviewedOverall } from "./presenters.ts";
import { nameVariants, redactText } from "./redaction.ts";
import { loadAnalysedTranscript } from "./transcript.ts";

/** Step-ins that make a conversation worth a debrief, and the engine rung each one stands for. */
const RUNG_OF: Partial<Record<InterventionRecord["kind"], DebriefIntervention["rung"]>> = {
  signal: "signal",
  whisper: "whisper",
  takeover_offer: "offer_takeover",
  warm_transfer: "offer_takeover",
  escalation: "escalate",
};

/** Helpers get a card each, up to this many (a conversation rarely has more than one). */
export const MAX_HELPER_DEBRIEFS = 3;

/** Whether a stored card's `auto` records whose lines it scored (cards since the agent-part change). */
function hasScope(auto: JsonValue): boolean {
  return typeof auto === "object" && auto !== null && !Array.isArray(auto) && "scope" in auto;
}

/**
 * A part of the conversation scored (`agentPart`'s lines), and its `auto` as it comes back from the
 * database (no undefined fields), to compare with a stored one.
 */
export function scorePart(
  analyses: readonly MessageAnalysis[],
  messages: readonly EngineMessage[],
  part: AgentPart,
): { scorecard: QaScorecard; auto: JsonValue } {
  const scorecard = scoreConversation(
    part.indexes.flatMap((i) => analyses[i] ?? []),
    part.indexes.flatMap((i) => messages[i] ?? []),
  );
  return { scorecard, auto: JSON.parse(JSON.stringify({ ...scorecard, scope: part.scope })) as JsonValue };
}

/**
 * Teammates other than the agent who handled the conversation, in the order they first did: the
 * authors of agent lines, and whoever an accepted takeover or a warm transfer gave it to. At most
 * `MAX_HELPER_DEBRIEFS`; none without an agent (every line is then the agent card's).
 */
export function helpersWhoHandled(
  records: readonly Pick<MessageRecord, "role" | "authorPersonId" | "sentAt">[],
  interventions: readonly InterventionRecord[],
  agentId: string | null,
): string[] {
  if (agentId === null) return [];
  const found: { personId: string; at: number }[] = [];
  for (const r of records)
    if (r.role === "agent" && r.authorPersonId !== null)
      found.push({ personId: r.authorPersonId, at: r.sentAt });
  for (const i of interventions) {
    if (
      i.kind === "takeover_offer" &&
      (i.state === "accepted" || i.state === "done") &&
      i.fromPersonId !== null
    )
      found.push({ personId: i.fromPersonId, at: i.decidedAt ?? i.updatedAt });
    if (i.kind === "warm_transfer" && i.state === "done" && i.toPersonId !== null)
      found.push({ personId: i.toPersonId, at: i.createdAt });
  }
  const order = found.sort((a, b) => a.at - b.at).map((f) => f.personId);
  return [...new Set(order)].filter((p) => p !== agentId).slice(0, MAX_HELPER_DEBRIEFS);
}

/** A debrief card's draft before redaction: whose card, as what. */
export interface DebriefCardDraft {
  personId: string;
  role: "agent" | "helper";
  draft: DebriefDraft;
}

/**
 * The debrief cards a closed conversation gets, drafted from its transcript and step-ins and not yet
 * redacted: the agent's and each helper's (up to `MAX_HELPER_DEBRIEFS`), and none unless someone
 * stepped in, was handed it or took on its escalation. The same transcript gives the same drafts, so
 * a card stored with an older redaction can be drafted again and compared (debriefRedraft.ts).
 */
export function draftDebriefCards(input: {
  records: readonly MessageRecord[];
  messages: readonly EngineMessage[];
  analyses: readonly MessageAnalysis[];
  interventions: readonly InterventionRecord[];
  agentId: string | null;
}): DebriefCardDraft[] {
  const { records, messages, analyses, interventions, agentId } = input;
  if (agentId === null || messages.length === 0) return [];
  const ordered = [...interventions].sort((a, b) => a.createdAt - b.createdAt);
  const part = agentPart(records, interventions, agentId);
  const stepIns = ordered.filter(
    (i) => i.kind in RUNG_OF && i.fromPersonId !== null && i.fromPersonId !== agentId,
  );
  // Whoever the conversation was handed to (a warm transfer's receiver) and wrote to the
  // customer stepped in too, though no step-in is theirs: the receiver of the agent's own
  // transfer, often the lead who took the escalation and settled it, got no card.
  const receivers = helpersWhoHandled(records, interventions, agentId).filter(
    (h) =>
      !stepIns.some((i) => i.fromPersonId === h) &&
      agentPart(records, interventions, agentId, h).scope.agentLines > 0,
  );
  // A supervisor who took on an escalation took part too, though they may have written nothing:
  // a lead who took Ana's escalation while Ana saw it through had no card (walking loop 1).
  const taken = ordered.filter(
    (i) =>
      i.kind === "escalation" &&
      (i.state === "accepted" || i.state === "done") &&
      i.toPersonId !== null &&
      i.toPersonId !== agentId,
  );
  const takers = [...new Set(taken.map((i) => i.toPersonId as string))].filter(
    (p) => !stepIns.some((i) => i.fromPersonId === p) && !receivers.includes(p),
  );
  if (stepIns.length === 0 && receivers.length === 0 && takers.length === 0) return [];
  const indexAt = (at: number): number => {
    let index = 0;
    records.forEach((r, i) => {
      if (r.createdAt <= at) index = i;
    });
    return index;
  };
  const toDebriefIntervention = (i: (typeof stepIns)[number]): DebriefIntervention => ({
    index: indexAt(i.createdAt),
    rung: RUNG_OF[i.kind] ?? "signal",
    ...(i.kind === "takeover_offer" || i.kind === "warm_transfer"
      ? // An offer nobody answered was neither accepted nor declined.
        i.state === "offered" || i.state === "withdrawn"
        ? {}
        : { accepted: i.state === "accepted" || i.state === "done" }
      : {}),
    ...(i.text !== null ? { text: i.text } : {}),
  });
  const helpers = [
    ...new Set([...stepIns.map((i) => i.fromPersonId as string), ...receivers, ...takers]),
  ].slice(0, MAX_HELPER_DEBRIEFS);
  // Someone's own handling, drafted from their part only (their lines, and what the customer
  // said to them): the agent's card quotes none of a teammate's lines after a takeover, and
  // the customer's mood under the teammate is not put down to the agent.
  const handlingOf = (indexes: readonly number[]): DebriefDraft => {
    const lines = indexes.filter((i) => analyses[i] !== undefined && messages[i] !== undefined);
    return draftDebrief(
      lines.map((i, at) => ({ ...(analyses[i] as MessageAnalysis), index: at })),
      lines.map((i) => messages[i] as EngineMessage),
      [],
      "agent",
    );
  };
  // Taking help is part of the job: an agent who said yes to a teammate's offer to take over,
  // or handed the customer on with a summary, is told so (an agent's card that had nothing
  // under "went well" said nothing of it; walking loop 1). Kept when the list is full.
  const withHelpTaken = (draft: DebriefDraft, personId: string): DebriefDraft => {
    const line = ordered.some(
      (i) => i.kind === "takeover_offer" && i.state === "accepted" && i.toPersonId === personId,
    )
      ? "You said yes when a teammate offered to take over, so the customer had help sooner."
      : ordered.some((i) => i.kind === "warm_transfer" && i.state === "done" && i.fromPersonId === personId)
        ? "You handed the customer on with a summary, so they did not have to start again."
        : null;
    if (line === null) return draft;
    return { ...draft, wentWell: [...draft.wentWell.slice(0, MAX_DEBRIEF_LINES - 1), line] };
  };
  const takerCard = (escalation: (typeof taken)[number]): DebriefDraft => {
    const takenAt = escalation.decidedAt ?? escalation.updatedAt;
    return draftEscalationTakerDebrief(analyses, {
      raisedAt: escalation.createdAt,
      takenAt,
      takenIndex: indexAt(takenAt),
    });
  };
  const draftFor = (personId: string, role: "agent" | "helper"): DebriefDraft => {
    if (role === "agent") return withHelpTaken(handlingOf(part.indexes), personId);
    // Handed the conversation without stepping in themself: their card is about their own
    // handling (the step-ins' lines, "the agent declined the takeover offer", were others').
    if (receivers.includes(personId))
      return handlingOf(agentPart(records, interventions, agentId, personId).indexes);
    // Took on the escalation and nothing else: their card says so, not a step-in's judgement.
    const escalation = taken.find((i) => i.toPersonId === personId);
    if (takers.includes(personId) && escalation !== undefined) return takerCard(escalation);
    // A helper's step-ins are judged against the whole conversation (when tagteam flagged it,
    // how the customer was before and after); what they wrote to the customer themself (after
    // a takeover, a transfer, or writing straight in) from their own part.
    // Their own step-ins only, and the customer's mood only until another teammate stepped in
    // after them: a whisperer is not told "the agent declined the takeover offer" a lead made,
    // nor "the customer calmed after you stepped in" when the calm came after the lead took over.
    const own = stepIns.filter((i) => i.fromPersonId === personId).map(toDebriefIntervention);
    const firstOwn = Math.min(...own.map((i) => i.index));
    // The conversation handed to someone else (the agent's own warm transfer, an accepted
    // takeover) ends it too: a signaller was told "the customer calmed after you stepped in"
    // when the customer, angrier after the signal, calmed only once the agent had handed them
    // to the lead (walking loop 1).
    const handedToOthers = ordered.filter(
      (i) =>
        (i.kind === "warm_transfer" && i.state === "done" && i.toPersonId !== personId) ||
        (i.kind === "takeover_offer" && i.state === "accepted" && i.fromPersonId !== personId),
    );
    const othersAfter = [...stepIns.filter((i) => i.fromPersonId !== personId), ...handedToOthers]
      .map((i) => indexAt(i.createdAt))
      .filter((index) => index > firstOwn);
    const until = othersAfter.length > 0 ? Math.min(...othersAfter) : messages.length - 1;
    const stepIn = draftDebrief(analyses.slice(0, until + 1), messages.slice(0, until + 1), own, "helper");
    const theirs = agentPart(records, interventions, agentId, personId);
    const handling = theirs.scope.agentLines === 0 ? null : handlingOf(theirs.indexes);
    const helped =
      handling === null
        ? stepIn
        : {
            ...stepIn,
            wentWell: [...stepIn.wentWell, ...handling.wentWell].slice(0, MAX_DEBRIEF_LINES),
            tricky: [...stepIn.tricky, ...handling.tricky].slice(0, MAX_DEBRIEF_LINES),
          };
    // Took on the escalation and stepped in too: one card naming both.
    return escalation === undefined ? helped : withEscalationTaken(takerCard(escalation), helped);
  };
  return [[agentId, "agent"] as const, ...helpers.map((h) => [h, "helper"] as const)].map(
    ([personId, role]) => ({ personId, role, draft: draftFor(personId, role) }),
  );
}

/** The names a conversation's debrief cards are redacted of: its customer's and every staff member's. */
export function debriefKnownNames(
  customerName: string | null,
  people: readonly { displayName: string | null }[],
): string[] {
  return [...nameVariants(customerName), ...people.flatMap((p) => nameVariants(p.displayName))];
}

/**
 * Everything loop 2 does when a conversation closes, in one transaction: the QA scorecard, the
 * knowledge gaps, and — when someone stepped in — a debrief card for the agent and each helper.
 *
 * A conversation can close more than once (a customer's message reopens it). The scorecard records
 * how many messages it scored and which close it covers, and is the "done" mark: it is read locked,
 * so a second instance (or a retry, or the startup sweep) processing the same close waits, then
 * finds every message scored and writes nothing. A later close with new messages re-scores it over
 * the whole conversation, keeping a lead's review; adds the knowledge gaps of questions not
 * recorded yet; and gives a card to whoever has none yet (a helper who stepped in after the
 * reopen), never touching a card that exists. Returns whether this call scored or re-scored it.
 */
export async function processClosedConversation(
  ctx: Pick<ServerContext, "store" | "bus" | "engine">,
  orgId: string,
  conversationId: string,
): Promise<boolean> {
  return runCommand(ctx, async (tx) => {
    const conversation = await findConversationById(tx, orgId, conversationId);
    if (conversation === null || conversation.status !== "closed") return { result: false, events: [] };
    const existing = await findScorecard(tx, orgId, conversationId, { forUpdate: true });
    const [transcript, interventions, alerts, people] = await Promise.all([
      loadAnalysedTranscript(ctx, tx, conversation),
      listInterventions(tx, { orgId, conversationId, limit: 500 }),
      listAlerts(tx, { orgId, conversationId, limit: 200 }),
      listPeople(tx, { orgId }),
    ]);
    const { messages, analyses, records } = transcript;
    // Read before the transcript: the close is recorded as covered only if no message came since.
    const conversationMessageCount = conversation.messageCount;
    // Scored before a card scored its agent's part only (no `scope`): it scored every line, a
    // helper's too, so it is scored again once, over the same messages (the lead's review kept).
    const scoredWhole = existing !== null && !hasScope(existing.auto);
    if (
      !scoredWhole &&
      existing !== null &&
      existing.scoredMessages !== null &&
      existing.scoredMessages >= messages.length
    ) {
      // Nothing new to score. Only the close it covers may be behind (a message arrived while it
      // was scored, or it was scored before migration 0019): recorded, so the sweep stops looking.
      await markScorecardCloseCovered(tx, { orgId, conversationId, conversationMessageCount });
      return { result: false, events: [] };
    }
    // The agent who handled it: the one step-ins were addressed to (a warm transfer's receiver is
    // the next agent, not this one), else the author of its first agent line, else the one alerts
    // were about. Once scored, the scorecard's agent stays (a lead may have reviewed it for them).
    const ordered = [...interventions].sort((a, b) => a.createdAt - b.createdAt);
    const agentId =
      existing?.agentId ??
      ordered.find(
        (i) =>
          i.kind in RUNG_OF && i.kind !== "escalation" && i.kind !== "warm_transfer" && i.toPersonId !== null,
      )?.toPersonId ??
      records.find((r) => r.role === "agent" && r.authorPersonId !== null)?.authorPersonId ??
      [...alerts].sort((a, b) => a.raisedAt - b.raisedAt).find((a) => a.agentPersonId !== null)
        ?.agentPersonId ??
      conversation.assignedPersonId;
    // The scorecard is about its agent's handling: their own lines and what the customer said to
    // them. A teammate's lines after a takeover (or a transfer, or written straight to the customer)
    // are theirs, as on the skill map, so they are left out; the engine still read the whole
    // conversation, so each line's analysis is the one the live floor saw.
    const part = agentPart(records, interventions, agentId);
    const { scorecard, auto } = scorePart(analyses, messages, part);
    const events: NewEvent[] = [];
    const scorecardEvent = (
      type: "scorecard.created" | "scorecard.updated",
      personId: string | null = agentId,
    ): NewEvent => ({
      orgId,
      teamId: conversation.teamId,
      conversationId,
      type,
      payload: { conversationId, personId },
    });
    if (existing === null) {
      const saved = await saveScorecard(tx, {
        orgId,
        teamId: conversation.teamId,
        conversationId,
        agentId,
        auto,
        autoOverall: scorecard.overall,
        scoredMessages: messages.length,
        conversationMessageCount,
      });
      // Another instance scored it first (its insert committed after this one read): its work.
      if (saved === null) return { result: false, events: [] };
      events.push(scorecardEvent("scorecard.created"));
    } else {
      const autoChanged = !isDeepStrictEqual(existing.auto, auto);
      const saved = await rescoreScorecard(tx, {
        orgId,
        conversationId,
        again: scoredWhole,
        auto,
        autoOverall: scorecard.overall,
        overrideOverall:
          existing.reviewedAt !== null ? reviewedOverall(scorecard, existing.override ?? {}) : null,
        autoChanged,
        scoredMessages: messages.length,
        conversationMessageCount,
      });
      if (saved === null) return { result: false, events: [] };
      if (autoChanged) events.push(scorecardEvent("scorecard.updated"));
    }

    // Each teammate who handled part of it (took it over, received it, wrote to the customer) gets
    // a card of their own for that part, reviewable like the agent's: their lines are on no other.
    for (const helper of helpersWhoHandled(records, interventions, agentId)) {
      const theirs = agentPart(records, interventions, agentId, helper);
      if (theirs.scope.agentLines === 0) continue;
      const scored = scorePart(analyses, messages, theirs);
      const mark = { personId: helper };
      const before = await findScorecard(tx, orgId, conversationId, { forUpdate: true, helper: mark });
      if (before === null) {
        const saved = await saveScorecard(tx, {
          orgId,
          teamId: conversation.teamId,
          conversationId,
          agentId: helper,
          role: "helper",
          auto: scored.auto,
          autoOverall: scored.scorecard.overall,
          scoredMessages: messages.length,
          conversationMessageCount,
        });
        if (saved !== null) events.push(scorecardEvent("scorecard.created", helper));
      } else {
        const autoChanged = !isDeepStrictEqual(before.auto, scored.auto);
        const saved = await rescoreScorecard(tx, {
          orgId,
          conversationId,
          helper: mark,
          auto: scored.auto,
          autoOverall: scored.scorecard.overall,
          overrideOverall:
            before.reviewedAt !== null ? reviewedOverall(scored.scorecard, before.override ?? {}) : null,
          autoChanged,
          scoredMessages: messages.length,
          conversationMessageCount,
        });
        if (saved !== null && autoChanged) events.push(scorecardEvent("scorecard.updated", helper));
      }
    }

    // A question already recorded (whatever the reason then) is not recorded again.
    const recorded =
      existing === null
        ? new Set<number>()
        : new Set(
            (await listKnowledgeGaps(tx, { orgId, conversationId, limit: 5000 })).map((g) => g.questionIndex),
          );
    const gaps = extractKnowledgeGaps(messages, analyses).filter((g) => !recorded.has(g.questionIndex));
    const appended = await appendKnowledgeGaps(
      tx,
      gaps.map((g) => ({
        orgId,
        teamId: conversation.teamId,
        conversationId,
        question: g.question,
        questionIndex: g.questionIndex,
        topic: g.topic,
        reason: g.reason,
        questionKey: questionKey(g.question),
        keysDerivation: gapKeysDerivation(),
      })),
    );
    // A question a published fact already answers is recorded as answered by it, not listed open;
    // the facts the engine checked the agent's weak answer against point to it.
    await answerNewGaps(
      tx,
      orgId,
      conversation.teamId,
      appended,
      new Map(
        gaps.map((g) => [
          g.questionIndex,
          g.answerIndex === null ? [] : (analyses[g.answerIndex]?.factChecks ?? []).map((f) => f.factId),
        ]),
      ),
    );

    const known = debriefKnownNames(conversation.customerName, people);
    const redact = (lines: string[]) => lines.map((l) => redactText(l, known));
    const cards: NewDebrief[] = draftDebriefCards({
      records,
      messages,
      analyses,
      interventions,
      agentId,
    }).map(({ personId, role, draft }) => ({
      orgId,
      teamId: conversation.teamId,
      conversationId,
      personId,
      role,
      wentWell: redact(draft.wentWell),
      tricky: redact(draft.tricky),
      tryNext: redactText(draft.tryNext, known),
      createdAt: conversation.closedAt,
    }));
    if (cards.length > 0) {
      // A card that exists is kept as it is (its owner may have filled it in): after a reopen only
      // those without one, such as a helper who stepped in later, get theirs.
      const created = await createDebriefs(tx, cards);
      for (const card of created)
        events.push({
          orgId,
          personId: card.personId,
          conversationId,
          type: "debrief.created",
          payload: { conversationId, personId: card.personId },
        });
    }
    return { result: true, events };
  });
}

import { draftDebrief, type DebriefIntervention } from "../../engine/debrief/index.ts";
import { extractKnowledgeGaps } from "../../engine/knowledge/index.ts";
import { scoreConversation } from "../../engine/qa/index.ts";
import {
  appendKnowledgeGaps,
  createDebriefs,
  findConversationById,
  listAlerts,
  listInterventions,
  listPeople,
  saveScorecard,
  type InterventionRecord,
  type JsonValue,
  type NewDebrief,
  type NewEvent,
} from "../../store/index.ts";
import { runCommand } from "../commands/runCommand.ts";
import type { ServerContext } from "../context.ts";
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

/**
 * Everything loop 2 does when a conversation closes, in one transaction: the QA scorecard, the
 * knowledge gaps, and — when someone stepped in — a debrief card for the agent and each helper.
 * The scorecard doubles as the "done" mark: when it already exists (another instance, a retry),
 * nothing else is written. Returns whether this call did the work.
 */
export async function processClosedConversation(
  ctx: Pick<ServerContext, "store" | "bus" | "engine">,
  orgId: string,
  conversationId: string,
): Promise<boolean> {
  return runCommand(ctx, async (tx) => {
    const conversation = await findConversationById(tx, orgId, conversationId);
    if (conversation === null || conversation.status !== "closed") return { result: false, events: [] };
    const [transcript, interventions, alerts, people] = await Promise.all([
      loadAnalysedTranscript(ctx, tx, conversation),
      listInterventions(tx, { orgId, conversationId, limit: 500 }),
      listAlerts(tx, { orgId, conversationId, limit: 200 }),
      listPeople(tx, { orgId }),
    ]);
    const { messages, analyses, records } = transcript;
    // The agent who handled it: the one step-ins were addressed to, else the one alerts were about.
    const ordered = [...interventions].sort((a, b) => a.createdAt - b.createdAt);
    const agentId =
      ordered.find((i) => i.kind in RUNG_OF && i.kind !== "escalation" && i.toPersonId !== null)
        ?.toPersonId ??
      [...alerts].sort((a, b) => a.raisedAt - b.raisedAt).find((a) => a.agentPersonId !== null)
        ?.agentPersonId ??
      conversation.assignedPersonId;
    const scorecard = scoreConversation(analyses, messages);
    const saved = await saveScorecard(tx, {
      orgId,
      teamId: conversation.teamId,
      conversationId,
      agentId,
      auto: scorecard as unknown as JsonValue,
      autoOverall: scorecard.overall,
    });
    if (saved === null) return { result: false, events: [] };
    const events: NewEvent[] = [
      {
        orgId,
        teamId: conversation.teamId,
        conversationId,
        type: "scorecard.created",
        payload: { conversationId },
      },
    ];

    const gaps = extractKnowledgeGaps(messages, analyses);
    await appendKnowledgeGaps(
      tx,
      gaps.map((g) => ({
        orgId,
        teamId: conversation.teamId,
        conversationId,
        question: g.question,
        questionIndex: g.questionIndex,
        topic: g.topic,
        reason: g.reason,
      })),
    );

    const stepIns = ordered.filter(
      (i) => i.kind in RUNG_OF && i.fromPersonId !== null && i.fromPersonId !== agentId,
    );
    if (stepIns.length > 0 && agentId !== null && messages.length > 0) {
      const known = [
        ...nameVariants(conversation.customerName),
        ...people.flatMap((p) => nameVariants(p.displayName)),
      ];
      const indexAt = (at: number): number => {
        let index = 0;
        records.forEach((r, i) => {
          if (r.createdAt <= at) index = i;
        });
        return index;
      };
      const debriefInterventions: DebriefIntervention[] = stepIns.map((i) => ({
        index: indexAt(i.createdAt),
        rung: RUNG_OF[i.kind] ?? "signal",
        ...(i.kind === "takeover_offer" || i.kind === "warm_transfer"
          ? // An offer nobody answered was neither accepted nor declined.
            i.state === "offered" || i.state === "withdrawn"
            ? {}
            : { accepted: i.state === "accepted" || i.state === "done" }
          : {}),
        ...(i.text !== null ? { text: i.text } : {}),
      }));
      const helpers = [...new Set(stepIns.map((i) => i.fromPersonId as string))].slice(
        0,
        MAX_HELPER_DEBRIEFS,
      );
      const redact = (lines: string[]) => lines.map((l) => redactText(l, known));
      const cards: NewDebrief[] = [];
      for (const [personId, role] of [
        [agentId, "agent"] as const,
        ...helpers.map((h) => [h, "helper"] as const),
      ]) {
        const draft = draftDebrief(analyses, messages, debriefInterventions, role);
        cards.push({
          orgId,
          teamId: conversation.teamId,
          conversationId,
          personId,
          role,
          wentWell: redact(draft.wentWell),
          tricky: redact(draft.tricky),
          tryNext: redactText(draft.tryNext, known),
        });
      }
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

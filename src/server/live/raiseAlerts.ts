import type { MessageAnalysis } from "../../engine/index.ts";
import type { Rung } from "../../protocol/index.ts";
import {
  adjustLoad,
  createIntervention,
  findAlertById,
  findEscalationProtocol,
  findHelperCandidates,
  findOpenAlertForConversation,
  listInterventions,
  listPeople,
  raiseAlert,
  transitionAlert,
  type ConversationRecord,
  type JsonValue,
  type NewEvent,
  type Queryable,
} from "../../store/index.ts";
import { chooseHelper } from "./chooseHelper.ts";
import { parseEscalationConfig } from "./escalation.ts";

/** A message whose analysis says "step in", waiting to become an alert. */
export interface RaiseCandidate {
  orgId: string;
  conversation: ConversationRecord;
  messageId: string;
  messageIndex: number;
  analysis: MessageAnalysis;
  agentPersonId: string | null;
  receivedAtMs: number;
}

const RUNG_RANK: Record<Rung, number> = { observe: 0, signal: 1, whisper: 2, offer_takeover: 3, escalate: 4 };
/** After the agent declined help, only a clearly worse reading (risk up by this much) reaches the lead. */
export const DECLINE_WORSENING_RISK = 0.05;

/**
 * Turns "step in" readings into alerts inside the ingest transaction: no duplicates (an open alert
 * at the same or a higher rung absorbs the new one), routed to the best-placed teammate, respecting a
 * declined offer (keep watching; the lead hears only if it gets worse), and escalated by the team's
 * protocol when the engine says so. Returns the events to append and the alert per message.
 */
export async function raiseAlertsForAnalyses(
  tx: Queryable,
  candidates: readonly RaiseCandidate[],
  nowMs: number,
): Promise<{ events: NewEvent[]; alertIdsByMessage: Map<string, string> }> {
  const events: NewEvent[] = [];
  const alertIdsByMessage = new Map<string, string>();
  // One alert per conversation per group: the last (most informed) reading wins.
  const byConversation = new Map<string, RaiseCandidate>();
  for (const c of candidates) byConversation.set(c.conversation.id, c);

  for (const candidate of byConversation.values()) {
    const { orgId, conversation, analysis } = candidate;
    const step = analysis.stepIn;
    const rung: Rung = step.escalate ? "escalate" : step.rung === "observe" ? "signal" : step.rung;
    const open = await findOpenAlertForConversation(tx, orgId, conversation.id);
    if (open !== null) {
      const covered = step.reasons.every((r) => open.reasons.includes(r));
      if (covered && RUNG_RANK[open.rung] >= RUNG_RANK[rung]) continue;
      await transitionAlert(tx, { orgId, alertId: open.id, to: "expired", at: nowMs });
      if (open.helperPersonId !== null)
        await adjustLoad(tx, { orgId, personId: open.helperPersonId, delta: -1 });
      events.push({
        orgId,
        teamId: conversation.teamId,
        conversationId: conversation.id,
        personId: open.helperPersonId,
        type: "alert.expired",
        payload: { alertId: open.id, conversationId: conversation.id, status: "expired" },
      });
    }

    // A declined takeover: keep watching; only a worse reading goes, and only to a lead.
    let needsAuthority = step.needsAuthority || step.escalate;
    const declined = (
      await listInterventions(tx, { orgId, conversationId: conversation.id, states: ["declined"] })
    ).filter((i) => i.kind === "takeover_offer");
    if (declined.length > 0) {
      const last = declined.at(-1);
      const declinedAlert = last?.alertId ? await findAlertById(tx, orgId, last.alertId) : null;
      const worse = step.escalate || analysis.risk > (declinedAlert?.risk ?? 0) + DECLINE_WORSENING_RISK;
      if (!worse) continue;
      needsAuthority = true;
    }

    const candidatesInTeam = await findHelperCandidates(tx, {
      orgId,
      teamId: conversation.teamId,
      topic: conversation.topic,
      excludePersonIds: candidate.agentPersonId !== null ? [candidate.agentPersonId] : [],
    });
    const choice = chooseHelper(
      candidatesInTeam.map((c) => ({
        personId: c.person.id,
        name: c.person.displayName,
        role: c.person.role,
        availability: c.person.availability,
        load: c.person.currentLoad,
        maxLoad: c.person.maxLoad,
        topicStrength: c.topicStrength,
      })),
      { agentId: candidate.agentPersonId, needsAuthority, exclude: [] },
    );
    const alert = await raiseAlert(tx, {
      orgId,
      teamId: conversation.teamId,
      conversationId: conversation.id,
      messageId: candidate.messageId,
      messageIndex: candidate.messageIndex,
      agentPersonId: candidate.agentPersonId,
      helperPersonId: choice?.personId ?? null,
      reasons: step.reasons,
      rung,
      escalate: step.escalate,
      needsAuthority,
      risk: Math.min(1, Math.max(0, analysis.risk)),
      why: step.why,
      routing: choice?.routing ?? "nobody available: waiting in the team's queue for a lead",
      suggestion: step.suggestion,
      factId: step.factId,
      evidence: evidenceOf(analysis, candidate.messageIndex),
      raisedAt: nowMs,
    });
    alertIdsByMessage.set(candidate.messageId, alert.id);
    if (choice !== null) await adjustLoad(tx, { orgId, personId: choice.personId, delta: 1 });
    const payload = {
      alertId: alert.id,
      conversationId: conversation.id,
      messageId: candidate.messageId,
      messageIndex: candidate.messageIndex,
      risk: alert.risk,
      status: "raised",
      receivedAtMs: candidate.receivedAtMs,
    };
    // Private to the helper; leads learn of it through the escalation or the floor's hint.
    events.push({
      orgId,
      teamId: conversation.teamId,
      conversationId: conversation.id,
      personId: choice?.personId ?? null,
      type: "alert.raised",
      payload,
    });

    if (step.escalate) {
      const protocol = parseEscalationConfig(
        (await findEscalationProtocol(tx, orgId, conversation.teamId))?.config ?? null,
      );
      if (protocol.autoEscalate) {
        const target = await firstEscalationTarget(
          tx,
          orgId,
          conversation.teamId,
          protocol,
          candidate.agentPersonId,
        );
        const escalation = await createIntervention(tx, {
          orgId,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          alertId: alert.id,
          kind: "escalation",
          state: "offered",
          fromPersonId: candidate.agentPersonId,
          toPersonId: target,
          text: step.why,
          at: nowMs,
        });
        events.push({
          orgId,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          personId: target,
          type: "escalation.raised",
          payload: {
            interventionId: escalation.id,
            alertId: alert.id,
            conversationId: conversation.id,
            status: "offered",
          },
        });
      }
    }
  }
  return { events, alertIdsByMessage };
}

/** The first level of the team's protocol: a named person, the least-loaded lead, or an admin. */
export async function firstEscalationTarget(
  db: Queryable,
  orgId: string,
  teamId: string,
  protocol: ReturnType<typeof parseEscalationConfig>,
  agentPersonId: string | null,
): Promise<string | null> {
  const level = protocol.levels[0] ?? { target: "lead" as const, personId: null };
  if (level.target === "person" && level.personId !== null) return level.personId;
  const people = await listPeople(db, {
    orgId,
    ...(level.target === "lead" ? { teamId, roles: ["lead"] } : { roles: ["admin"] }),
  });
  const pick = people
    .filter((p) => p.id !== agentPersonId && p.availability !== "offline")
    .sort((a, b) => a.currentLoad - b.currentLoad)[0];
  return pick?.id ?? people.find((p) => p.id !== agentPersonId)?.id ?? null;
}

/** Evidence spans: the bad cues, contradicted claims and root-cause spans of this reading. */
function evidenceOf(analysis: MessageAnalysis, messageIndex: number): JsonValue {
  const spans: { messageIndex: number; start: number; end: number; kind: string }[] = [];
  for (const cue of analysis.cues) {
    if (cue.polarity === "bad") spans.push({ messageIndex, start: cue.start, end: cue.end, kind: cue.kind });
  }
  for (const f of analysis.factChecks) {
    if (f.verdict === "contradicts") {
      spans.push({ messageIndex, start: f.claimStart, end: f.claimEnd, kind: "wrong_information" });
    }
  }
  for (const cause of analysis.rootCauses) {
    for (const e of cause.evidence)
      spans.push({ messageIndex: e.index, start: e.start, end: e.end, kind: cause.cause });
  }
  return spans.slice(0, 20);
}

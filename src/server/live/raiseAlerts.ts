import {
  fillTemplate,
  type ConversationState,
  type MessageAnalysis,
  type SuggestionKey,
  type SuggestionTemplates,
} from "../../engine/index.ts";
import type { Rung } from "../../protocol/index.ts";
import {
  adjustLoads,
  createInterventions,
  expireOpenAlerts,
  findAlertReadings,
  findEscalationAuthorities,
  findEscalationProtocols,
  findHelperCandidatesFor,
  helperCandidatesKey,
  findCurrentHelpers,
  findLatestDeclinedTakeovers,
  findOpenAlertsForConversations,
  findAnsweredAlertsForConversations,
  listPeople,
  raiseAlerts,
  reviseOpenAlertCards,
  type OpenAlert,
  type AlertReading,
  type CurrentHelper,
  type CreateInterventionInput,
  type RaiseAlertInput,
  type RevisedAlertCard,
  type ConversationRecord,
  type JsonValue,
  type NewEvent,
  type EscalationAuthority,
  type HelperCandidate as StoredHelperCandidate,
  type Queryable,
  type WrongFactWhy,
} from "../../store/index.ts";
import { alertNews, forTheTeamsLeads } from "./alertNews.ts";
import { chooseHelper, toHelperCandidate, type HelperCandidate, type HelperChoice } from "./chooseHelper.ts";
import { parseEscalationConfig, pickSupervisor } from "./escalation.ts";

/**
 * A reading that may become an alert: one that says step in, or one the cooldown held back (raised
 * anyway when its alert's helper has gone and it got worse: `worseWhileGone`).
 */
export function mayRaiseAlert(analysis: Pick<MessageAnalysis, "stepIn">): boolean {
  return analysis.stepIn.raise || analysis.stepIn.suppressed.length > 0;
}

/** A message whose analysis says "step in" (or was held back: `mayRaiseAlert`), waiting to become an alert. */
export interface RaiseCandidate {
  orgId: string;
  conversation: ConversationRecord;
  messageId: string;
  /** The message's index in the transcript (its position: whispers, signals and notes count). */
  messageIndex: number;
  analysis: MessageAnalysis;
  /**
   * The transcript index of the line at an engine index (the engine counts only the lines it
   * reads), undefined when unknown: root-cause evidence cites earlier lines by engine index.
   */
  positionOf: (engineIndex: number) => number | undefined;
  agentPersonId: string | null;
  receivedAtMs: number;
  /**
   * The facts the agent got wrong and has not put right since, after the newest reading of the
   * conversation (the engine's fact checks: one the agent now states rightly is off the list);
   * undefined when unknown. A card carried over keeps no correction of a fact put right.
   */
  stillWrongFacts?: readonly string[] | undefined;
}

const RUNG_RANK: Record<Rung, number> = { observe: 0, signal: 1, whisper: 2, offer_takeover: 3, escalate: 4 };
/** After the agent declined help, only a clearly worse reading (risk up by this much) reaches the lead. */
export const DECLINE_WORSENING_RISK = 0.05;

/** A reading that may become an alert: enough to read what routing it needs. */
export interface RoutingReading {
  orgId: string;
  conversation: Pick<ConversationRecord, "id" | "teamId" | "topic">;
  /** The engine asks for escalation: the team's protocol and its leads and admins are read. */
  escalate: boolean;
}

/** What routing a group's alerts reads from the store, read once per group (`readRoutingContext`). */
export interface RoutingContext {
  open: Map<string, OpenAlert>[];
  candidates: { orgId: string; lists: Map<string, StoredHelperCandidate[]> }[];
  declined: Map<string, number | null>[];
  /** Who is already helping on each conversation (signals, whispers, pending offers), newest first. */
  helping: Map<string, CurrentHelper[]>[];
  escalationTargetFor: (orgId: string, teamId: string, agentId: string | null) => string | null;
}

/**
 * Reads once for a group what every alert it may raise needs: the open alerts of these
 * conversations, each team's helper candidates, the latest declined takeover per conversation, and
 * for escalating readings the teams' protocols with their leads and admins. The reads are
 * independent, so they are issued together: a store runs a transaction's statements in the order
 * they were issued, and the database works through them without waiting for this thread between
 * one and the next. Nothing here depends on the group's own messages, so the ingest pipeline
 * issues it as soon as the engine has read them, before the messages' statement: the database
 * answers it while this thread builds that statement (`raiseAlertsForAnalyses` takes the result).
 */
export function readRoutingContext(
  tx: Queryable,
  readings: readonly RoutingReading[],
): Promise<RoutingContext> {
  const conversationIdsByOrg = new Map<string, Set<string>>();
  const keysByOrg = new Map<string, { teamId: string; topic: string | null }[]>();
  for (const r of readings) {
    const ids = conversationIdsByOrg.get(r.orgId) ?? new Set<string>();
    ids.add(r.conversation.id);
    conversationIdsByOrg.set(r.orgId, ids);
    const keys = keysByOrg.get(r.orgId) ?? [];
    keys.push({ teamId: r.conversation.teamId, topic: r.conversation.topic });
    keysByOrg.set(r.orgId, keys);
  }
  return Promise.all([
    Promise.all(
      [...conversationIdsByOrg].map(([orgId, ids]) => findOpenAlertsForConversations(tx, orgId, [...ids])),
    ),
    // Every (team, topic) these alerts may be routed in, read with one statement per organisation.
    Promise.all(
      [...keysByOrg].map(async ([orgId, keys]) => ({
        orgId,
        lists: await findHelperCandidatesFor(tx, orgId, keys),
      })),
    ),
    Promise.all(
      [...conversationIdsByOrg].map(([orgId, ids]) => findLatestDeclinedTakeovers(tx, orgId, [...ids])),
    ),
    Promise.all([...conversationIdsByOrg].map(([orgId, ids]) => findCurrentHelpers(tx, orgId, [...ids]))),
    // Read for every escalating reading; only those that become alerts look their target up.
    readEscalationTargets(
      tx,
      readings.filter((r) => r.escalate),
    ),
  ]).then(([open, candidates, declined, helping, escalationTargetFor]) => ({
    open,
    candidates,
    declined,
    helping,
    escalationTargetFor,
  }));
}

/**
 * Turns "step in" readings into alerts inside the ingest transaction: no duplicates (an open alert
 * at the same or a higher rung absorbs the new one), routed to the best-placed teammate, respecting a
 * declined offer (keep watching; the lead hears only if it gets worse), and escalated by the team's
 * protocol when the engine says so. Returns the events to append and the alert per message.
 * `routing` is what `readRoutingContext` read for these candidates (or more); without it, it is
 * read here.
 */
export async function raiseAlertsForAnalyses(
  tx: Queryable,
  candidates: readonly RaiseCandidate[],
  nowMs: number,
  routing?: Promise<RoutingContext>,
): Promise<{ events: NewEvent[]; alertIdsByMessage: Map<string, string> }> {
  const events: NewEvent[] = [];
  const alertIdsByMessage = new Map<string, string>();
  if (candidates.length === 0) return { events, alertIdsByMessage };
  // One alert per conversation per group: the last (most informed) reading wins, or the last that
  // escalates when one does. It carries what the group's other readings raised and it does not
  // repeat, as a replacement carries an open alert's (several lines of one conversation arrive in
  // one request from a helpdesk's backlog or an import: a wrong answer, then the customer's
  // reaction to it, kept only the reaction).
  // A reading the cooldown held back counts only where none of the group says step in.
  const byConversation = new Map<string, RaiseCandidate>();
  for (const c of candidates) {
    const kept = byConversation.get(c.conversation.id);
    if (
      kept === undefined ||
      (c.analysis.stepIn.raise && !kept.analysis.stepIn.raise) ||
      (c.analysis.stepIn.raise === kept.analysis.stepIn.raise &&
        (c.analysis.stepIn.escalate || !kept.analysis.stepIn.escalate))
    )
      byConversation.set(c.conversation.id, c);
  }
  const othersInGroup = new Map<string, PriorCard>();
  for (const c of candidates) {
    const id = c.conversation.id;
    if (byConversation.get(id) === c || !c.analysis.stepIn.raise) continue;
    const card = cardOf(c);
    const before = othersInGroup.get(id);
    othersInGroup.set(id, before === undefined ? card : mergeCards(before, card));
  }
  const {
    open: openLists,
    candidates: candidateLists,
    declined: declinedLists,
    helping: helpingLists,
    escalationTargetFor,
  } = await (routing ??
    readRoutingContext(
      tx,
      [...byConversation.values()].map((c) => ({
        orgId: c.orgId,
        conversation: c.conversation,
        escalate: c.analysis.stepIn.escalate,
      })),
    ));
  const openByConversation = new Map<string, OpenAlert>();
  for (const found of openLists) for (const [id, alert] of found) openByConversation.set(id, alert);
  const candidateCache = new Map<string, HelperCandidate[]>();
  for (const { orgId, lists } of candidateLists)
    for (const [key, list] of lists) candidateCache.set(`${orgId}\u0000${key}`, list.map(toHelperCandidate));
  // Every conversation's (team, topic) was read above, so this is a lookup.
  const candidatesFor = (orgId: string, teamId: string, topic: string | null): HelperCandidate[] =>
    candidateCache.get(`${orgId}\u0000${helperCandidatesKey(teamId, topic)}`) ?? [];
  // Load changes are summed per person and written once per group.
  const loadDeltas = new Map<string, { orgId: string; delta: number }>();
  const addLoad = (orgId: string, personId: string, delta: number): void => {
    for (const list of candidateCache.values())
      for (const c of list) if (c.personId === personId) c.load += delta;
    const entry = loadDeltas.get(personId) ?? { orgId, delta: 0 };
    entry.delta += delta;
    loadDeltas.set(personId, entry);
  };
  const declinedByConversation = new Map<string, number | null>();
  for (const found of declinedLists) for (const [id, risk] of found) declinedByConversation.set(id, risk);
  const helpingByConversation = new Map<string, CurrentHelper[]>();
  for (const found of helpingLists) for (const [id, list] of found) helpingByConversation.set(id, list);
  // A reading the cooldown held back where no alert is open but a teammate stepped in: the alert
  // their step-in answered, read for those conversations only (one statement per organisation).
  const answeredByConversation = new Map<string, AnsweredAlert>();
  const answeredWanted = new Map<string, string[]>();
  for (const c of byConversation.values())
    if (
      !c.analysis.stepIn.raise &&
      !openByConversation.has(c.conversation.id) &&
      (helpingByConversation.get(c.conversation.id)?.length ?? 0) > 0
    )
      answeredWanted.set(c.orgId, [...(answeredWanted.get(c.orgId) ?? []), c.conversation.id]);
  for (const found of await Promise.all(
    [...answeredWanted].map(([orgId, ids]) => findAnsweredAlertsForConversations(tx, orgId, ids)),
  ))
    for (const [id, alert] of found) answeredByConversation.set(id, alert);

  // Decide every alert in memory first, then write them with one statement per kind.
  const expiring: { orgId: string; candidate: RaiseCandidate; open: OpenAlert }[] = [];
  const planned: {
    candidate: RaiseCandidate;
    input: RaiseAlertInput;
    choice: HelperChoice | null;
    /** The helper was already helping on the conversation: this is an update for them, not a new ask. */
    update: boolean;
  }[] = [];
  for (const candidate of byConversation.values()) {
    const { orgId, conversation, analysis } = candidate;
    const open = openByConversation.get(conversation.id) ?? null;
    const teammates = candidatesFor(orgId, conversation.teamId, conversation.topic);
    // Held back by the cooldown: raised only when whoever was on it has gone and it got worse.
    const held = analysis.stepIn.raise
      ? null
      : worseWhileGone(
          open ?? answeredByConversation.get(conversation.id) ?? null,
          helpingByConversation.get(conversation.id) ?? [],
          candidate.agentPersonId,
          analysis,
          teammates,
        );
    if (!analysis.stepIn.raise && held === null) continue;
    const step = held?.step ?? analysis.stepIn;
    const rung: Rung = step.escalate ? "escalate" : step.rung === "observe" ? "signal" : step.rung;
    const others = othersInGroup.get(conversation.id) ?? null;
    if (open !== null) {
      const covered = [...step.reasons, ...(others?.reasons ?? [])].every((r) => open.reasons.includes(r));
      if (covered && RUNG_RANK[open.rung] >= RUNG_RANK[rung] && held === null) continue;
      expiring.push({ orgId, candidate, open });
      if (open.helperPersonId !== null) addLoad(orgId, open.helperPersonId, -1);
    }
    const merged = open === null ? others : others === null ? open : mergeCards(open, others);
    const prior = merged === null ? null : withoutCorrectedFact(merged, candidate.stillWrongFacts);
    const carried = prior === null ? null : carriedOver(prior, step);

    // A declined takeover: keep watching; only a worse reading goes, and only to a lead.
    let needsAuthority = step.needsAuthority || step.escalate;
    if (declinedByConversation.has(conversation.id)) {
      const declinedRisk = declinedByConversation.get(conversation.id) ?? 0;
      const worse = step.escalate || analysis.risk > declinedRisk + DECLINE_WORSENING_RISK;
      if (!worse) continue;
      needsAuthority = true;
    }

    const fresh = evidenceOf(analysis, candidate.messageIndex, candidate.positionOf);
    const evidence = withCarriedEvidence(carried?.evidence ?? held?.evidence ?? [], fresh);
    // The suggestion follows the strongest evidence on the card: a wrong answer still to correct,
    // carried over, outranks a new reading's empathy line (an escalation's own step always leads).
    // The new reading is what this line shows; its root causes citing earlier lines (the wrong answer
    // again) are what the card already had.
    const freshHere: JsonValue[] = fresh.filter((e) => e.messageIndex === candidate.messageIndex);
    const carriedLeads =
      carried !== null &&
      carried.suggestion !== null &&
      !step.escalate &&
      strongestEvidence(evidence.filter((e) => !freshHere.includes(e))) > strongestEvidence(freshHere);
    // A teammate already on this conversation (its open alert they acknowledged, or a signal,
    // whisper or pending offer to its agent) hears the new reason as an update, instead of someone
    // else being asked, or they being asked again as if it were new. One who has gone is passed
    // over, as routing passes over anyone away, and the one asked instead reads why.
    const { choice, update, routing } = routeNewReason({
      open,
      helping: helpingByConversation.get(conversation.id) ?? [],
      agentPersonId: candidate.agentPersonId,
      teammates,
      needsAuthority,
      topic: conversation.topic,
    });
    if (choice !== null) addLoad(orgId, choice.personId, 1);
    planned.push({
      candidate,
      choice,
      update,
      input: {
        orgId,
        teamId: conversation.teamId,
        conversationId: conversation.id,
        messageId: candidate.messageId,
        messageIndex: candidate.messageIndex,
        agentPersonId: candidate.agentPersonId,
        helperPersonId: choice?.personId ?? null,
        reasons: [...step.reasons, ...(carried?.reasons ?? [])],
        rung: carriedLeads ? carriedStep(rung, carried.rung) : rung,
        escalate: step.escalate,
        needsAuthority,
        risk: Math.min(1, Math.max(0, analysis.risk)),
        why: carried === null ? step.why : `${step.why}; also ${carried.why}`,
        wrongFactWhys: [...(step.wrongFacts ?? []), ...(carried?.wrongFactWhys ?? [])],
        routing,
        suggestion: carriedLeads ? carried.suggestion : (step.suggestion ?? carried?.suggestion ?? null),
        factId: carriedLeads ? (carried.factId ?? step.factId) : (step.factId ?? carried?.factId ?? null),
        evidence,
        raisedAt: nowMs,
      },
    });
  }

  // Replaced alerts expire (one a helper closed meanwhile stays as it is, and keeps its load) and
  // the new ones are raised: two statements issued together, the expiry first.
  const expiringByOrg = new Map<string, string[]>();
  for (const e of expiring) expiringByOrg.set(e.orgId, [...(expiringByOrg.get(e.orgId) ?? []), e.open.id]);
  const [expiredLists, alerts] = await Promise.all([
    Promise.all(
      [...expiringByOrg].map(([orgId, alertIds]) => expireOpenAlerts(tx, { orgId, alertIds, at: nowMs })),
    ),
    raiseAlerts(
      tx,
      planned.map((p) => p.input),
    ),
  ]);
  const expired = new Set<string>();
  for (const ids of expiredLists) for (const id of ids) expired.add(id);
  for (const { orgId, candidate, open } of expiring) {
    if (!expired.has(open.id)) {
      if (open.helperPersonId !== null) addLoad(orgId, open.helperPersonId, 1);
      continue;
    }
    // Its helper hears that their alert was replaced, and so does everyone else who may read it.
    events.push(
      ...alertNews({ ...open, orgId, teamId: candidate.conversation.teamId }, "alert.expired", "expired"),
    );
  }

  const escalations: { input: CreateInterventionInput; payloads: { interventionId: string }[] }[] = [];
  for (const [i, { candidate, choice, update }] of planned.entries()) {
    const alert = alerts[i];
    if (alert === undefined) continue;
    const { orgId, conversation } = candidate;
    const step = candidate.analysis.stepIn;
    alertIdsByMessage.set(candidate.messageId, alert.id);
    const news = {
      alertId: alert.id,
      conversationId: conversation.id,
      messageId: candidate.messageId,
      messageIndex: candidate.messageIndex,
      risk: alert.risk,
      status: "raised",
      receivedAtMs: candidate.receivedAtMs,
      ...(candidate.agentPersonId !== null ? { agentId: candidate.agentPersonId } : {}),
    };
    const payload = update ? { ...news, update: true } : news;
    // Private to the helper. With nobody free, the team's leads hear of it (never the whole
    // team: the struggling agent is in that room).
    const audience =
      choice !== null
        ? [choice.personId]
        : candidatesFor(orgId, conversation.teamId, conversation.topic)
            .filter((c) => c.role !== "agent" && c.personId !== candidate.agentPersonId)
            .map((c) => c.personId);
    const target = step.escalate
      ? escalationTargetFor(orgId, conversation.teamId, candidate.agentPersonId)
      : null;
    for (const personId of audience) {
      events.push({
        orgId,
        teamId: conversation.teamId,
        conversationId: conversation.id,
        personId,
        type: "alert.raised",
        // The escalation's own notice tells its supervisor: this alert is the same ask.
        payload: personId === target ? { ...payload, escalated: true } : payload,
      });
    }
    // A new alert is news for the team's leads (and the admins) too: their team Alerts page and
    // Menu count change at once. The hub keeps it from everyone else (`mayHear`): agents see only
    // the alerts routed to them. No person, so nobody gets a toast from it; the alert webhook
    // posts the helper's (or the first lead's) event, not this one.
    events.push(
      forTheTeamsLeads({
        orgId,
        teamId: conversation.teamId,
        conversationId: conversation.id,
        personId: null,
        type: "alert.raised",
        payload: news,
      }),
    );

    if (step.escalate) {
      if (target !== null) {
        // The event keeps its place among the group's events; its intervention id is filled in
        // once every escalation of the group is written (one statement).
        const payload = {
          interventionId: "",
          alertId: alert.id,
          conversationId: conversation.id,
          status: "offered",
        };
        // The agent handling it is told too, privately: a supervisor may join or take it over, and
        // that should not come as a surprise (as when a teammate escalates it).
        const agentId = candidate.agentPersonId;
        const told = agentId !== null && agentId !== target;
        const agentPayload = { interventionId: "", conversationId: conversation.id, automatic: true };
        escalations.push({
          payloads: told ? [payload, agentPayload] : [payload],
          input: {
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
          },
        });
        const raised: NewEvent = {
          orgId,
          teamId: conversation.teamId,
          conversationId: conversation.id,
          personId: target,
          type: "escalation.raised",
          payload,
        };
        // Every lead of the team (and the admins) sees it join the queue (the same payload, whose
        // intervention id is filled in below; with nobody asked, the raised event is the team's already).
        events.push(...(target !== null ? [raised, forTheTeamsLeads(raised)] : [raised]));
        if (told)
          events.push({
            orgId,
            teamId: conversation.teamId,
            conversationId: conversation.id,
            personId: agentId,
            type: "conversation.escalated",
            payload: agentPayload,
          });
      }
    }
  }
  // The escalations and the load changes, issued together.
  const deltasByOrg = new Map<string, { personId: string; delta: number }[]>();
  for (const [personId, { orgId, delta }] of loadDeltas)
    deltasByOrg.set(orgId, [...(deltasByOrg.get(orgId) ?? []), { personId, delta }]);
  const [created] = await Promise.all([
    createInterventions(
      tx,
      escalations.map((e) => e.input),
    ),
    ...[...deltasByOrg].map(([orgId, deltas]) => adjustLoads(tx, orgId, deltas)),
  ]);
  escalations.forEach((e, i) => {
    for (const payload of e.payloads) payload.interventionId = created[i]?.id ?? "";
  });
  return { events, alertIdsByMessage };
}

/** A conversation whose agent, in this group, put right facts they had got wrong. */
export interface FactCorrection {
  orgId: string;
  teamId: string;
  conversationId: string;
  /** The facts on the still-wrong list before the group and off it after (stated rightly since). */
  corrected: readonly string[];
  /** The facts still wrong after the group. */
  stillWrong: readonly string[];
  /**
   * The conversation's engine state after the group and its team's suggestion templates: what a
   * revised card's kept reasons call for when no reading wrote a suggestion for them (`forKeptReasons`).
   */
  writer?: { state: ConversationState; templates: SuggestionTemplates } | undefined;
}

/**
 * The open alerts that asked to correct a fact the agent has since put right, revised in the same
 * transaction: the card loses that fact and its suggestion and, with no fact still wrong, its
 * wrong-information reason, evidence and why; an alert with no reason left expires (nothing is
 * left to do). The helper hears `alert.updated` or `alert.expired`, and so does everyone else who
 * may read the alert (`alertNews`), so a page they have open shows it at once.
 * Only a group in which a fact was put right comes here. The open alerts are taken from what the
 * group's routing read (`known`, when it read the conversation); only the others are read, one
 * statement per organisation. An alert the group's own readings replaced is no longer open and is
 * left alone (its replacement dropped the fact already: `withoutCorrectedFact`).
 */
export async function reviseCorrectedAlerts(
  tx: Queryable,
  corrections: readonly FactCorrection[],
  nowMs: number,
  known?: Promise<RoutingContext>,
): Promise<NewEvent[]> {
  if (corrections.length === 0) return [];
  const open = new Map<string, OpenAlert>();
  if (known !== undefined)
    for (const found of (await known).open) for (const [id, alert] of found) open.set(id, alert);
  const unread = new Map<string, string[]>();
  for (const c of corrections)
    if (!open.has(c.conversationId)) unread.set(c.orgId, [...(unread.get(c.orgId) ?? []), c.conversationId]);
  for (const found of await Promise.all(
    [...unread].map(([orgId, ids]) => findOpenAlertsForConversations(tx, orgId, ids)),
  ))
    for (const [id, alert] of found) open.set(id, alert);

  const revisedByOrg = new Map<string, RevisedAlertCard[]>();
  const expiringByOrg = new Map<string, string[]>();
  const stillWrongByAlert = new Map<string, readonly string[]>();
  const writerByAlert = new Map<string, FactCorrection["writer"]>();
  for (const c of corrections) {
    const alert = open.get(c.conversationId);
    if (alert === undefined || alert.factId === null || !c.corrected.includes(alert.factId)) continue;
    const card = withoutFact(alert, c.stillWrong);
    if (card.reasons.length === 0) {
      expiringByOrg.set(c.orgId, [...(expiringByOrg.get(c.orgId) ?? []), alert.id]);
      continue;
    }
    stillWrongByAlert.set(alert.id, c.stillWrong);
    writerByAlert.set(alert.id, c.writer);
    revisedByOrg.set(c.orgId, [
      ...(revisedByOrg.get(c.orgId) ?? []),
      {
        alertId: alert.id,
        reasons: card.reasons,
        rung: keptRung(card.reasons, c.writer?.state ?? null, alert.rung),
        why: card.why,
        suggestion: card.suggestion,
        factId: card.factId,
        evidence: card.evidence,
        wrongFactWhys: card.wrongFactWhys,
      },
    ]);
  }
  // The card lost the suggestion written for the fact; it takes the one the engine wrote for a
  // reason it keeps, from the readings it was made from (their lines' stored analyses). The newest
  // reading of the conversation, the correcting line, says nothing to do.
  await Promise.all(
    [...revisedByOrg].map(async ([orgId, cards]) => {
      const readings = await findAlertReadings(
        tx,
        orgId,
        cards.map((c) => c.alertId),
      );
      for (const card of cards) {
        const kept = suggestionForKeptReasons(
          card.reasons,
          readings.get(card.alertId) ?? [],
          stillWrongByAlert.get(card.alertId) ?? [],
        );
        if (kept !== null) {
          card.suggestion = kept.suggestion;
          card.factId = kept.factId;
          continue;
        }
        // No reading wrote one for them (the one that raised them wrote the fact's correction):
        // the engine's wording for the strongest kept evidence, filled for this conversation.
        const writer = writerByAlert.get(card.alertId);
        if (writer !== undefined) card.suggestion = forKeptReasons(card.reasons, card.evidence, writer);
      }
    }),
  );
  if (revisedByOrg.size === 0 && expiringByOrg.size === 0) return [];
  const [revisedLists, expiredLists] = await Promise.all([
    Promise.all(
      [...revisedByOrg].map(([orgId, cards]) => reviseOpenAlertCards(tx, { orgId, cards, at: nowMs })),
    ),
    Promise.all(
      [...expiringByOrg].map(async ([orgId, alertIds]) => ({
        orgId,
        ids: await expireOpenAlerts(tx, { orgId, alertIds, at: nowMs }),
      })),
    ),
  ]);
  const events: NewEvent[] = [];
  const byConversation = new Map(corrections.map((c) => [c.conversationId, c]));
  for (const rows of revisedLists)
    for (const row of rows) {
      const c = byConversation.get(row.conversationId);
      const alert = open.get(row.conversationId);
      if (c === undefined || alert === undefined) continue;
      events.push(
        ...alertNews(
          { ...alert, orgId: c.orgId, teamId: row.teamId, helperPersonId: row.helperPersonId },
          "alert.updated",
          alert.state,
        ),
      );
    }
  // An expired alert frees its helper; they and everyone else who may read it hear it is over.
  const loads: Promise<void>[] = [];
  for (const { orgId, ids } of expiredLists) {
    const deltas: { personId: string; delta: number }[] = [];
    for (const c of corrections) {
      const alert = open.get(c.conversationId);
      if (c.orgId !== orgId || alert === undefined || !ids.has(alert.id)) continue;
      if (alert.helperPersonId !== null) deltas.push({ personId: alert.helperPersonId, delta: -1 });
      events.push(...alertNews({ ...alert, orgId, teamId: c.teamId }, "alert.expired", "expired"));
    }
    loads.push(adjustLoads(tx, orgId, deltas));
  }
  await Promise.all(loads);
  return events;
}

/**
 * The step a revised card's kept reasons call for: the highest the engine last gave any of them
 * (its state's record per reason), never above the card's own; the card's own when none is
 * recorded, and an escalation stays one. A card raised to a whisper to correct a fact was left a
 * whisper after the correction though what it kept called only for a signal.
 */
export function keptRung(reasons: readonly string[], state: ConversationState | null, current: Rung): Rung {
  if (state === null || current === "escalate") return current;
  let best: Rung | null = null;
  for (const a of state.alerts)
    if (
      reasons.includes(a.reason) &&
      a.rung !== "observe" &&
      (best === null || RUNG_RANK[a.rung] > RUNG_RANK[best])
    )
      best = a.rung;
  if (best === null || RUNG_RANK[best] >= RUNG_RANK[current]) return current;
  return best;
}

/** The engine's wording for each kind of evidence a kept reason may show (its specific variants). */
const EVIDENCE_SUGGESTION: Readonly<Record<string, SuggestionKey>> = {
  blame_coworker: "not_solution_focused.blame_coworker",
  defensiveness: "not_solution_focused.defensiveness",
  repeated_apology: "not_solution_focused.apologies",
  personal_attack: "customer_reacting_to_agent.attack",
  repetition: "customer_reacting_to_agent.repetition",
  asks_manager: "needs_authority.manager",
  legal_threat: "needs_authority.legal",
  beyond_authority: "needs_authority.beyond_authority",
};

/** A reason's own wording when no evidence of the card names a more specific one. */
const REASON_SUGGESTION: Readonly<Record<string, SuggestionKey>> = {
  not_solution_focused: "not_solution_focused.stalled",
  customer_reacting_to_agent: "customer_reacting_to_agent.attack",
  needs_authority: "needs_authority.knowledge",
};

/**
 * A suggestion for a revised card's kept reasons when none of its readings wrote one: the wording
 * for its strongest evidence of a kept reason, else the first kept reason's own, filled with the
 * customer's words and name (the team's templates). Null when no kept reason has wording.
 */
export function forKeptReasons(
  reasons: readonly string[],
  evidence: JsonValue,
  writer: { state: ConversationState; templates: SuggestionTemplates },
): string | null {
  const spans = Array.isArray(evidence) ? evidence : [];
  let key: SuggestionKey | null = null;
  let strength = 0;
  for (const e of spans) {
    const kind = typeof e === "object" && e !== null && !Array.isArray(e) ? e.kind : undefined;
    if (typeof kind !== "string") continue;
    const k = EVIDENCE_SUGGESTION[kind];
    if (k === undefined || !reasons.includes(k.split(".")[0] ?? "")) continue;
    const s = EVIDENCE_STRENGTH[kind] ?? 1;
    if (s > strength) [key, strength] = [k, s];
  }
  key ??= reasons.map((r) => REASON_SUGGESTION[r]).find((k) => k !== undefined) ?? null;
  return key === null ? null : fillTemplate(writer.templates[key], writer.state, null);
}

/**
 * The suggestion for a revised card, from the readings it was made from (newest first): the newest
 * that said step in for a reason the card keeps, unless it was written for a fact the agent has
 * put right since (its fact is no longer wrong). Null when none fits.
 */
export function suggestionForKeptReasons(
  reasons: readonly string[],
  readings: readonly AlertReading[],
  stillWrong: readonly string[],
): { suggestion: string; factId: string | null } | null {
  for (const r of readings) {
    if (r.suggestion === null || !r.reasons.some((reason) => reasons.includes(reason))) continue;
    if (r.factId !== null && !stillWrong.includes(r.factId)) continue;
    return { suggestion: r.suggestion, factId: r.factId };
  }
  return null;
}

/** A conversation's alert as the cooldown's exception reads it: open, or answered by a step-in. */
type AnsweredAlert = Omit<OpenAlert, "id" | "conversationId" | "state">;

/**
 * Whether a teammate has tagteam closed while others who could act have it open: they are passed
 * over as if away (a tab closed while marked "available" reads nothing), but not when nobody who
 * could act has it open either.
 */
function closedTagteam(
  who: HelperCandidate,
  teammates: readonly HelperCandidate[],
  canAct: (t: HelperCandidate) => boolean,
): boolean {
  return (
    who.present === false &&
    teammates.some(
      (t) => t.personId !== who.personId && t.present === true && t.load < t.maxLoad && canAct(t),
    )
  );
}

/**
 * A reading the engine held back (DEC-COOLDOWN-1: the reason was raised moments ago) that must go
 * out anyway: the cooldown spares a teammate who is on it from being nagged, but when everyone on
 * it has gone and the customer's risk has risen clearly since the alert (by
 * `DECLINE_WORSENING_RISK`), nobody would hear of it until the cooldown ends. On it: the open
 * alert's helper, or the helper of the alert their step-in answered, and whoever signalled,
 * whispered or offered to take over to the agent. Gone: away, offline, or tagteam closed while a
 * teammate who could act has it open. Returns the step to raise, the alert's ask again at its rung
 * with the held reasons and what got worse, and its card's evidence to carry; null when the hold
 * stands.
 */
export function worseWhileGone(
  alert: AnsweredAlert | null,
  helping: readonly Pick<CurrentHelper, "personId" | "toPersonId">[],
  agentPersonId: string | null,
  analysis: Pick<MessageAnalysis, "risk" | "stepIn">,
  teammates: readonly HelperCandidate[],
): { step: MessageAnalysis["stepIn"]; evidence: JsonValue[] } | null {
  const held = analysis.stepIn;
  if (held.raise || held.suppressed.length === 0 || alert === null) return null;
  const onIt = [
    ...new Set([
      ...(alert.helperPersonId !== null ? [alert.helperPersonId] : []),
      ...helping
        .filter((h) => agentPersonId === null || h.toPersonId === agentPersonId)
        .map((h) => h.personId),
    ]),
  ].filter((id) => id !== agentPersonId);
  const needsAuthority = alert.needsAuthority;
  const canAct = (t: HelperCandidate): boolean =>
    t.personId !== agentPersonId &&
    (t.availability === "available" || t.availability === "busy") &&
    (!needsAuthority || t.role === "lead" || t.role === "admin");
  let gone: string | null = null;
  for (const personId of onIt) {
    const who = teammates.find((t) => t.personId === personId);
    // No longer in the team (or deactivated): not on it.
    if (who === undefined) continue;
    if (who.availability === "away" || who.availability === "offline")
      gone ??= `${who.name} is ${who.availability}`;
    else if (closedTagteam(who, teammates, canAct)) gone ??= `${who.name} has tagteam closed`;
    // Someone on it is still here: the hold stands.
    else return null;
  }
  if (gone === null) return null;
  if (!(analysis.risk > alert.risk + DECLINE_WORSENING_RISK)) return null;
  const percent = (risk: number): string => `${Math.round(Math.min(1, Math.max(0, risk)) * 100)}%`;
  return {
    step: {
      ...held,
      raise: true,
      // The alert's reasons are the engine's (read back from the store).
      reasons: [...new Set([...held.suppressed, ...alert.reasons])] as typeof held.reasons,
      rung: alert.rung,
      escalate: false,
      needsAuthority: alert.needsAuthority,
      why: `worse while ${gone} (risk ${percent(alert.risk)} → ${percent(analysis.risk)}); ${alert.why}`,
      suggestion: alert.suggestion,
      factId: alert.factId,
      wrongFacts: alert.wrongFactWhys,
    },
    evidence: Array.isArray(alert.evidence) ? alert.evidence : [],
  };
}

const HELPING_WORDS: Record<CurrentHelper["kind"] | "alert", string> = {
  alert: "already took on an alert on this conversation",
  signal: "already signalled support on this conversation",
  whisper: "already whispered on this conversation",
  takeover_offer: "already offered to take this conversation over",
};

/** Who should hear a conversation's new reason to step in, of the teammates already helping on it. */
export interface AlreadyHelping {
  /** The helper who hears it as an update; null when none of them can act on it now. */
  staying: { personId: string; routing: string } | null;
  /**
   * Said on the routing line of whoever is asked instead: a helper passed over because they have
   * gone (away, offline, or tagteam closed while a teammate has it open). Null when nobody was.
   */
  gone: string | null;
}

/**
 * The teammate already helping on a conversation who should hear its new reason to step in: the
 * open alert's helper once they acknowledged it (only asked, they are not helping yet: the new
 * reason is routed afresh), else the newest to signal, whisper or offer to take over to its current
 * agent. Only someone who can act on it now: never the agent, available or busy (away and offline
 * are passed over), with tagteam open unless no other teammate who could act has it open either,
 * and with the authority the reading needs.
 */
function alreadyHelping(
  open: Pick<OpenAlert, "helperPersonId" | "state"> | null,
  helping: readonly CurrentHelper[],
  agentPersonId: string | null,
  teammates: readonly HelperCandidate[],
  needsAuthority: boolean,
): AlreadyHelping {
  const tried: { personId: string; kind: keyof typeof HELPING_WORDS }[] = [];
  if (open?.helperPersonId != null && open.state === "acknowledged")
    tried.push({ personId: open.helperPersonId, kind: "alert" });
  for (const h of helping)
    if (agentPersonId === null || h.toPersonId === agentPersonId)
      tried.push({ personId: h.personId, kind: h.kind });
  const canAct = (t: HelperCandidate): boolean =>
    t.personId !== agentPersonId &&
    (t.availability === "available" || t.availability === "busy") &&
    (!needsAuthority || t.role === "lead" || t.role === "admin");
  let gone: string | null = null;
  for (const { personId, kind } of tried) {
    if (personId === agentPersonId) continue;
    const who = teammates.find((t) => t.personId === personId);
    if (who === undefined) continue;
    if (who.availability === "away" || who.availability === "offline") {
      gone ??= `${who.name} ${HELPING_WORDS[kind]} but is ${who.availability}`;
      continue;
    }
    if (!canAct(who)) continue;
    // Tagteam closed: someone else who has it open and room to help hears it instead.
    if (closedTagteam(who, teammates, canAct)) {
      gone ??= `${who.name} ${HELPING_WORDS[kind]} but does not have tagteam open`;
      continue;
    }
    return { staying: { personId, routing: `${who.name}: ${HELPING_WORDS[kind]}` }, gone: null };
  }
  return { staying: null, gone };
}

/** Where a conversation's new reason to step in goes, and the line its card gives for it. */
export interface RoutedReason {
  /** Who hears it; null when nobody can (it waits in the team's queue for a lead). */
  choice: HelperChoice | null;
  /** They were already helping on the conversation: an update for them, not a new ask. */
  update: boolean;
  /** The alert's routing line: why this person, or that nobody was available, and who has gone. */
  routing: string;
}

/**
 * Routes a conversation's new reason to step in, the same for the engine's readings and for the
 * alerts raised outside them (a raised hand, a customer left waiting): a teammate already helping
 * who can act now hears it as an update (`alreadyHelping`), else routing chooses the best-placed
 * teammate; one who has gone is named on the line of whoever is asked instead, and with nobody
 * available it waits in the team's queue for a lead.
 */
export function routeNewReason(input: {
  open: Pick<OpenAlert, "helperPersonId" | "state"> | null;
  helping: readonly CurrentHelper[];
  agentPersonId: string | null;
  teammates: readonly HelperCandidate[];
  needsAuthority: boolean;
  topic: string | null;
}): RoutedReason {
  const { staying, gone } = alreadyHelping(
    input.open,
    input.helping,
    input.agentPersonId,
    input.teammates,
    input.needsAuthority,
  );
  const routed =
    staying ??
    chooseHelper(input.teammates, {
      agentId: input.agentPersonId,
      needsAuthority: input.needsAuthority,
      exclude: [],
      topic: input.topic,
    });
  const goneLine = gone === null ? "" : `; ${gone}`;
  if (routed === null)
    return {
      choice: null,
      update: false,
      routing: `nobody available: waiting in the team's queue for a lead${goneLine}`,
    };
  const choice = gone === null ? routed : { ...routed, routing: `${routed.routing}${goneLine}` };
  return { choice, update: staying !== null, routing: choice.routing };
}

/**
 * Where each escalating candidate's escalation goes, read for the whole group: the teams'
 * protocols and the organisation's leads and admins, two statements per organisation issued
 * together. The lookup itself is synchronous.
 */
async function readEscalationTargets(
  tx: Queryable,
  escalating: readonly RoutingReading[],
): Promise<(orgId: string, teamId: string, agentId: string | null) => string | null> {
  const teamsByOrg = new Map<string, Set<string>>();
  for (const c of escalating) {
    const teams = teamsByOrg.get(c.orgId) ?? new Set<string>();
    teams.add(c.conversation.teamId);
    teamsByOrg.set(c.orgId, teams);
  }
  const protocols = new Map<string, ReturnType<typeof parseEscalationConfig>>();
  const authorities = new Map<string, EscalationAuthority[]>();
  // The protocols and the leads and admins are read together: escalation is automatic unless a
  // team's admin turned it off, so the second read is nearly always needed.
  await Promise.all(
    [...teamsByOrg].map(async ([orgId, teams]) => {
      const [stored, people] = await Promise.all([
        findEscalationProtocols(tx, orgId, [...teams]),
        findEscalationAuthorities(tx, orgId, [...teams]),
      ]);
      for (const teamId of teams)
        protocols.set(`${orgId}\u0000${teamId}`, parseEscalationConfig(stored.get(teamId)?.config ?? null));
      authorities.set(orgId, people);
    }),
  );
  return (orgId, teamId, agentId) => {
    const protocol = protocols.get(`${orgId}\u0000${teamId}`);
    if (protocol === undefined || !protocol.autoEscalate) return null;
    return pickEscalationTarget(authorities.get(orgId) ?? [], teamId, protocol, agentId);
  };
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
    activeOnly: true,
    ...(level.target === "lead" ? { teamId, roles: ["lead"] } : { roles: ["admin"] }),
  });
  return pickEscalationTarget(people, teamId, protocol, agentPersonId);
}

/**
 * The first level's person among `people` (listPeople's order): a named person, else a lead of
 * the team (or an admin) who is not offline, present (tagteam open) first, then the least loaded,
 * never the agent; with nobody available, the first who is not the agent.
 */
function pickEscalationTarget(
  people: readonly Pick<
    EscalationAuthority,
    "id" | "role" | "availability" | "currentLoad" | "teamIds" | "present"
  >[],
  teamId: string,
  protocol: ReturnType<typeof parseEscalationConfig>,
  agentPersonId: string | null,
): string | null {
  const level = protocol.levels[0] ?? { target: "lead" as const, personId: null };
  if (level.target === "person" && level.personId !== null) return level.personId;
  const eligible = people.filter((p) =>
    level.target === "lead" ? p.role === "lead" && p.teamIds.includes(teamId) : p.role === "admin",
  );
  return pickSupervisor(eligible, [agentPersonId]);
}

/**
 * Evidence spans: the bad cues, contradicted claims and root-cause spans of this reading, each
 * with the transcript index of its line (what the API and the web call a message's index). A
 * root-cause span cites its line by the engine's index, turned into the line's position here; a
 * span whose line cannot be placed is left out rather than shown on another line.
 */
const MAX_EVIDENCE_SPANS = 20;

/**
 * What a replacing alert keeps of the open one it replaces: the reasons the new reading does not
 * repeat, with their why, evidence, suggestion and fact. A customer who turns on the agent after a
 * wrong answer is a new reason to step in, but the wrong answer still stands uncorrected; the
 * helper used to get only the newest reason, and lost the fact to correct it with.
 */
/**
 * What a card says, from an open alert or a reading, for a new card to carry over. Its rung is the
 * step its suggestion was written for: a card that leads with a carried suggestion suggests that step.
 */
type PriorCard = Pick<
  OpenAlert,
  "reasons" | "rung" | "why" | "suggestion" | "factId" | "evidence" | "wrongFactWhys"
>;

/** What a reading of the group that does not become the alert would have put on its card. */
function cardOf(candidate: RaiseCandidate): PriorCard {
  const step = candidate.analysis.stepIn;
  return {
    reasons: [...step.reasons],
    rung: step.escalate ? "escalate" : step.rung === "observe" ? "signal" : step.rung,
    why: step.why,
    suggestion: step.suggestion ?? null,
    factId: step.factId ?? null,
    evidence: evidenceOf(candidate.analysis, candidate.messageIndex, candidate.positionOf),
    wrongFactWhys: step.wrongFacts ?? [],
  };
}

/**
 * An older card and a newer one as one: the newer's reasons, why, suggestion and fact first, and
 * the older's where it says what the newer does not (as `carriedOver` and `withCarriedEvidence`
 * do for a replacement).
 */
function mergeCards(older: PriorCard, newer: PriorCard): PriorCard {
  const kept = carriedOver(older, { reasons: newer.reasons });
  if (kept === null) return newer;
  return {
    reasons: [...newer.reasons, ...kept.reasons],
    rung: newer.suggestion !== null ? newer.rung : kept.rung,
    why: `${newer.why}; also ${kept.why}`,
    suggestion: newer.suggestion ?? kept.suggestion,
    factId: newer.factId ?? kept.factId,
    evidence: withCarriedEvidence(kept.evidence, Array.isArray(newer.evidence) ? newer.evidence : []),
    wrongFactWhys: [...newer.wrongFactWhys, ...kept.wrongFactWhys],
  };
}

/**
 * A card without its wrong fact's correction once the agent has put that fact right (the newest
 * check of it agrees): `withoutFact`. The helper was otherwise asked to correct what the agent
 * had already corrected.
 */
function withoutCorrectedFact(card: PriorCard, stillWrong: readonly string[] | undefined): PriorCard {
  if (stillWrong === undefined || card.factId === null || stillWrong.includes(card.factId)) return card;
  if (!card.reasons.includes("wrong_information")) return card;
  return withoutFact(card, stillWrong);
}

/**
 * A card without its fact and the suggestion written for it; with no fact still wrong, also
 * without its wrong-information reason, evidence and the why that said what the agent got wrong.
 */
function withoutFact<T extends PriorCard>(card: T, stillWrong: readonly string[]): T {
  const kindOf = (e: JsonValue): unknown =>
    typeof e === "object" && e !== null && !Array.isArray(e) ? e.kind : undefined;
  const anyWrong = stillWrong.length > 0;
  const evidence = Array.isArray(card.evidence) ? card.evidence : [];
  const dropsReason = !anyWrong && card.reasons.includes("wrong_information");
  return {
    ...card,
    reasons: dropsReason ? card.reasons.filter((r) => r !== "wrong_information") : card.reasons,
    why: dropsReason ? withoutWrongFactWhy(card.why, card.wrongFactWhys) : card.why,
    suggestion: null,
    factId: null,
    evidence: anyWrong ? evidence : evidence.filter((e) => kindOf(e) !== "wrong_information"),
    wrongFactWhys: dropsReason ? [] : card.wrongFactWhys,
  };
}

/**
 * How the engine wrote a wrong fact's why (DEC-REASON-WRONGINFO) before alerts kept those parts
 * (`wrongFactWhys`): alerts raised then are recognised by it. Never changes: new wording is kept
 * with the alert, not matched here.
 */
const STORED_BEFORE_WRONG_FACT_WHY = /^agent said ".*" but the knowledge base says /;

/**
 * A card's why without the parts that said what the agent got wrong (unchanged when that is all it
 * says): those the card records as such (`wrongFactWhys`), and on alerts raised before it recorded
 * them, the engine's sentence of then.
 */
function withoutWrongFactWhy(why: string, wrongFactWhys: readonly WrongFactWhy[]): string {
  // A recorded part is taken out whole first: what the agent said may itself hold a "; ".
  const gone = "\u0000";
  let marked = why;
  for (const w of wrongFactWhys) if (w.why !== "") marked = marked.split(w.why).join(gone);
  const parts = marked.split(/; (?:also )?/);
  const kept = parts.filter((p) => p !== gone && !STORED_BEFORE_WRONG_FACT_WHY.test(p));
  if (kept.length === 0 || kept.length === parts.length) return why;
  const [first, ...rest] = kept;
  return rest.length === 0 ? (first ?? why) : `${first}; also ${rest.join("; ")}`;
}

/**
 * The step of a card that leads with a carried suggestion: the one that suggestion was written for
 * (a whisper correcting a wrong fact stays a whisper under a new reading's signal), never below the
 * new reading's, and no escalation unless the new reading escalates (its own step leads then).
 */
function carriedStep(fresh: Rung, carried: Rung): Rung {
  const kept: Rung = carried === "escalate" ? "offer_takeover" : carried;
  return RUNG_RANK[kept] > RUNG_RANK[fresh] ? kept : fresh;
}

function carriedOver(
  open: PriorCard,
  step: { reasons: readonly string[] },
): {
  reasons: string[];
  rung: Rung;
  why: string;
  suggestion: string | null;
  factId: string | null;
  evidence: JsonValue[];
  wrongFactWhys: WrongFactWhy[];
} | null {
  const reasons = open.reasons.filter((r) => !step.reasons.includes(r));
  if (reasons.length === 0) return null;
  return {
    reasons,
    rung: open.rung,
    why: open.why,
    suggestion: open.suggestion,
    factId: open.factId,
    evidence: Array.isArray(open.evidence) ? open.evidence : [],
    wrongFactWhys: open.wrongFactWhys,
  };
}

/**
 * How strongly a kind of evidence asks for a step of its own, for choosing a card's suggestion: a
 * safety or security risk, then a wrong answer to correct, then what needs authority, then the
 * customer turning on the agent, the agent defending themself, the customer not heard; the rest
 * (moods, habits, root causes) below.
 */
const EVIDENCE_STRENGTH: Readonly<Record<string, number>> = {
  safety_threat: 9,
  security_risk: 9,
  wrong_information: 8,
  legal_threat: 7,
  asks_manager: 7,
  beyond_authority: 7,
  personal_attack: 6,
  blame_coworker: 5,
  defensiveness: 5,
  repetition: 4,
};

/** The strength of the strongest evidence among spans (0 for none). */
export function strongestEvidence(spans: readonly JsonValue[]): number {
  let best = 0;
  for (const e of spans) {
    const kind = typeof e === "object" && e !== null && !Array.isArray(e) ? e.kind : undefined;
    if (typeof kind === "string") best = Math.max(best, EVIDENCE_STRENGTH[kind] ?? 1);
  }
  return best;
}

/**
 * The new reading's evidence after what the replaced alert showed, but of a cue or cause the new
 * reading has evidence for, only the new reading's: the newest quote of it, never two that differ.
 */
function withCarriedEvidence(carried: readonly JsonValue[], fresh: readonly JsonValue[]): JsonValue[] {
  const kindOf = (e: JsonValue): unknown =>
    typeof e === "object" && e !== null && !Array.isArray(e) ? e.kind : undefined;
  const freshKinds = new Set(fresh.map(kindOf));
  const kept = carried.filter((e) => {
    const kind = kindOf(e);
    return typeof kind !== "string" || !freshKinds.has(kind);
  });
  return [...kept, ...fresh].slice(-MAX_EVIDENCE_SPANS);
}

function evidenceOf(
  analysis: MessageAnalysis,
  messageIndex: number,
  positionOf: (engineIndex: number) => number | undefined,
): { messageIndex: number; start: number; end: number; kind: string }[] {
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
    for (const e of cause.evidence) {
      const at = e.index === analysis.index ? messageIndex : positionOf(e.index);
      // A wrong answer cited as a knowledge gap's evidence is shown as what it is (e.cue).
      if (at !== undefined)
        spans.push({ messageIndex: at, start: e.start, end: e.end, kind: e.cue ?? cause.cause });
    }
  }
  return spans.slice(0, MAX_EVIDENCE_SPANS);
}

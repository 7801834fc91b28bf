import type {
  AccountSession,
  Alert,
  Analysis,
  ApiToken,
  AuditEntry,
  Commitment,
  ConversationSummary,
  CustomerMessage,
  DeliveryFailure,
  DeliveryProcessor,
  EventType,
  Incident,
  Intervention,
  KnowledgeFact,
  Message,
  Person,
  ReplyDelivery,
  StepInReason,
  TagteamEvent,
  Team,
} from "../protocol/index.ts";
import {
  analysisSchema,
  customerEmotionSchema,
  eventDataSchema,
  EVENT_TYPES,
  STEP_IN_REASONS,
} from "../protocol/index.ts";
import type { AlertRecord } from "../store/alerts.ts";
import {
  AUDIT_PERSON_DETAIL_KEYS,
  auditDetailId,
  auditTargetKey,
  type AuditActorRecord,
  type AuditEntryRecord,
  type AuditStepInRecord,
  type AuditTargetRecord,
} from "../store/audit.ts";
import type { CommitmentRecord } from "../store/commitments.ts";
import type { DeliveryCursorRecord, DeliveryFailureRecord, DeliveryHoldRecord } from "../store/deliveries.ts";
import type { ConversationRecord } from "../store/conversations.ts";
import type { ReplyDeliveryRecord } from "../store/replyDeliveries.ts";
import type { ApiTokenRecord, SessionRecord } from "../store/credentials.ts";
import type { EventRecord } from "../store/events.ts";
import type { IncidentRecord } from "../store/incidents.ts";
import type { InterventionRecord } from "../store/interventions.ts";
import type { KnowledgeFactRecord } from "../store/knowledge.ts";
import type { MessageRecord } from "../store/messages.ts";
import type { PersonRecord } from "../store/people.ts";
import type { TeamRecord } from "../store/teams.ts";
import type { JsonValue } from "../store/types.ts";
import type { EventProcessor } from "./integrations/deliveries.ts";
import { describeUserAgent } from "./auth/describeUserAgent.ts";
import { resolveTeamEngineConfig } from "./engineSettings/teamEngineConfig.ts";

/*
 * Presenters: store records → protocol shapes. The only place that decides what leaves the server,
 * so a field is never exposed by accident. Times become ISO strings.
 */

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** A team, with its engine overrides as stored (none: the defaults) for the waits it calls long. */
export function presentTeam(team: TeamRecord, engineOverrides: JsonValue | null = null): Team {
  const { longGapMs, emailLongGapMs } = resolveTeamEngineConfig(engineOverrides).thresholds;
  return {
    id: team.id,
    name: team.name,
    chatKey: `${team.orgId}.${team.id}`,
    createdAt: iso(team.createdAt),
    longWait: { chatMs: longGapMs, emailMs: emailLongGapMs },
  };
}

export function presentPerson(person: PersonRecord, topics: string[] = []): Person {
  return {
    id: person.id,
    email: person.email,
    name: person.displayName,
    role: person.role,
    teamIds: person.teamIds,
    topics,
    availability: person.availability,
    load: person.currentLoad,
    active: person.deactivatedAt === null,
    present: person.present,
  };
}

/**
 * `c.agentPersonId`, when the record has it (a listed one), is whose conversation it is; without it
 * (one conversation's detail) the agent is its assignee.
 */
export function presentConversationSummary(
  c: ConversationRecord & { agentPersonId?: string | null },
  extras: { agentName?: string | null; assigneeName?: string | null; openAlertCount?: number } = {},
): ConversationSummary {
  const emotion = customerEmotionSchema.safeParse(c.customerEmotion);
  return {
    id: c.id,
    teamId: c.teamId,
    externalId: c.externalId ?? c.id,
    channel: c.channel,
    status: c.status,
    topic: c.topic,
    customerName: c.customerName,
    agentId: c.agentPersonId !== undefined ? c.agentPersonId : c.assignedPersonId,
    agentName: extras.agentName ?? null,
    assigneeId: c.assignedPersonId,
    assigneeName: extras.assigneeName ?? null,
    risk: c.risk,
    customerEmotion: emotion.success ? emotion.data : null,
    frustration: c.frustration,
    activeCues: c.activeCues,
    messageCount: c.messageCount,
    openAlertCount: extras.openAlertCount ?? 0,
    startedAt: iso(c.createdAt),
    lastMessageAt: iso(c.lastMessageAt ?? c.createdAt),
    closedAt: c.closedAt !== null ? iso(c.closedAt) : null,
    closedReason: c.closedReason,
    waitingSince: c.status === "open" && c.waitingSince !== null ? iso(c.waitingSince) : null,
  };
}

/**
 * Where the engine's indexes sit in a transcript: the engine numbers only the lines it read (the
 * analysed ones), a message's index is its position, whispers, signals and notes included. Built
 * from the conversation's analyses in order (`listAnalyses`, from its first).
 */
export function engineIndexPositions(
  analysed: readonly { messageIndex: number }[],
): (engineIndex: number) => number | undefined {
  return (engineIndex) => analysed[engineIndex]?.messageIndex;
}

/**
 * A stored analysis, checked against the protocol (an older shape becomes null rather than
 * leaking). Its root causes' evidence is stored as the engine saw it, citing lines by the engine's
 * index; `positionOf` turns each into the line's index in the transcript (a span whose line is
 * unknown is left out rather than shown on another line).
 */
export function presentAnalysis(
  stored: unknown,
  positionOf: (engineIndex: number) => number | undefined,
): Analysis | null {
  if (typeof stored !== "object" || stored === null) return null;
  // Empty lists and a missing customer reading are not stored (see toStoredAnalysis).
  const parsed = analysisSchema.safeParse({
    customer: null,
    cues: [],
    rootCauses: [],
    factChecks: [],
    habits: [],
    ...stored,
  });
  if (!parsed.success) return null;
  const analysis = parsed.data;
  return {
    ...analysis,
    rootCauses: analysis.rootCauses.map((c) => ({
      ...c,
      evidence: c.evidence.flatMap((e) => {
        const index = positionOf(e.index);
        return index === undefined ? [] : [{ ...e, index }];
      }),
    })),
  };
}

/** Whether a teammate's reply reached Chatwoot or the helpdesk yet (transcript). */
export function presentReplyDelivery(d: ReplyDeliveryRecord): ReplyDelivery {
  return { via: d.via, state: d.state, error: d.error, updatedAt: iso(d.updatedAt) };
}

/**
 * A transcript line; `positionOf` places its analysis's evidence (`engineIndexPositions` of the
 * conversation's analyses).
 */
export function presentMessage(
  m: MessageRecord,
  analysis: unknown = null,
  positionOf: (engineIndex: number) => number | undefined = () => undefined,
): Message {
  return {
    id: m.id,
    conversationId: m.conversationId,
    index: m.position,
    role: m.role,
    kind: m.kind,
    text: m.text,
    at: iso(m.sentAt),
    authorId: m.authorPersonId,
    authorName: m.authorName,
    senderMessageId: m.externalId,
    analysis: analysis === null ? null : presentAnalysis(analysis, positionOf),
  };
}

const isReason = (r: string): r is StepInReason => (STEP_IN_REASONS as readonly string[]).includes(r);

export function presentAlert(a: AlertRecord, names: Map<string, string> = new Map()): Alert {
  const evidence = Array.isArray(a.evidence) ? a.evidence : [];
  return {
    id: a.id,
    conversationId: a.conversationId,
    teamId: a.teamId,
    helperId: a.helperPersonId,
    helperName: a.helperPersonId === null ? null : (names.get(a.helperPersonId) ?? null),
    agentId: a.agentPersonId,
    status: a.state,
    reasons: a.reasons.filter(isReason),
    rung: a.rung,
    escalate: a.escalate,
    needsAuthority: a.needsAuthority,
    suggestion: a.suggestion,
    factId: a.factId,
    why: a.why,
    routing: a.routing === "" ? null : a.routing,
    evidence: evidence.flatMap((e) => {
      if (typeof e !== "object" || e === null || Array.isArray(e)) return [];
      const { messageIndex, start, end, kind } = e;
      if (typeof messageIndex !== "number" || typeof start !== "number" || typeof end !== "number") return [];
      return [{ messageIndex, start, end, ...(typeof kind === "string" ? { kind } : {}) }];
    }),
    messageIndex: a.messageIndex ?? 0,
    risk: a.risk,
    raisedAt: iso(a.raisedAt),
    updatedAt: iso(a.updatedAt),
  };
}

export function presentIntervention(
  i: InterventionRecord,
  names: Map<string, string> = new Map(),
): Intervention {
  return {
    id: i.id,
    conversationId: i.conversationId,
    alertId: i.alertId,
    kind: i.kind,
    status: i.state,
    fromId: i.fromPersonId ?? "",
    fromName: i.fromPersonId === null ? null : (names.get(i.fromPersonId) ?? null),
    toId: i.toPersonId,
    toName: i.toPersonId === null ? null : (names.get(i.toPersonId) ?? null),
    text: i.text,
    summary: i.summary,
    withdrawnReason: i.withdrawnReason,
    createdAt: iso(i.createdAt),
    updatedAt: iso(i.updatedAt),
  };
}

export function presentCommitment(c: CommitmentRecord): Commitment {
  return {
    id: c.id,
    conversationId: c.conversationId,
    agentId: c.personId,
    text: c.text,
    dueAt: isoOrNull(c.dueAt),
    status: c.status,
    createdAt: iso(c.createdAt),
  };
}

export function presentFact(f: KnowledgeFactRecord): KnowledgeFact {
  return {
    id: f.id,
    teamId: f.teamId,
    topic: f.topic,
    statement: f.statement,
    key: f.key,
    value: f.value,
    unit: f.unit,
  };
}

export function presentApiToken(t: ApiTokenRecord): ApiToken {
  return {
    id: t.id,
    name: t.name,
    personId: t.personId,
    scopes: t.scopes,
    createdAt: iso(t.createdAt),
    lastUsedAt: isoOrNull(t.lastUsedAt),
  };
}

/**
 * One of the caller's sessions. The calling one is in use right now, whatever its recorded last
 * use says (that is written at most once a minute).
 */
export function presentSession(s: SessionRecord, currentId: string | null, nowMs: number): AccountSession {
  const current = s.id === currentId;
  return {
    id: s.id,
    device: describeUserAgent(s.userAgent),
    userAgent: s.userAgent,
    ip: s.ip,
    createdAt: iso(s.createdAt),
    lastUsedAt: iso(current ? Math.max(s.lastSeenAt, nowMs) : s.lastSeenAt),
    expiresAt: iso(s.expiresAt),
    current,
  };
}

const isEventType = (t: string): t is EventType => (EVENT_TYPES as readonly string[]).includes(t);

const EVENT_DATA_KEYS = Object.keys(eventDataSchema.shape);

/** Events carry only ids and a few figures; an unknown stored type is skipped (null). */
export function presentEvent(e: EventRecord): TagteamEvent | null {
  if (!isEventType(e.type)) return null;
  const payload =
    typeof e.payload === "object" && e.payload !== null && !Array.isArray(e.payload) ? e.payload : {};
  // Every field the protocol declares (and nothing else the payload holds): a hand-kept list here
  // dropped `automatic`, `reason` and `actionId`, so an escalation by the team's protocol was
  // announced as "A teammate escalated…".
  const data: Record<string, string | number | boolean> = {};
  for (const key of EVENT_DATA_KEYS) {
    const value = payload[key];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      data[key] = value;
  }
  return {
    id: String(e.id),
    type: e.type,
    teamId: e.teamId,
    conversationId: e.conversationId,
    personId: e.personId,
    data: data as TagteamEvent["data"],
    at: iso(e.createdAt),
  };
}

/**
 * What a customer sees: their messages and the agents' replies. Whispers, notes, signals, system
 * lines, analyses and ids are dropped here, whatever the caller passes in.
 */
export function presentCustomerTranscript(messages: readonly MessageRecord[]): CustomerMessage[] {
  return messages
    .filter((m) => m.kind === "message" && (m.role === "customer" || m.role === "agent"))
    .map((m, seq) => ({
      seq,
      from: m.role === "agent" ? ("agent" as const) : ("customer" as const),
      authorName: m.role === "agent" ? (m.authorName?.split(/\s+/)[0] ?? null) : null,
      text: m.text,
      at: iso(m.sentAt),
    }));
}

export function presentIncident(i: IncidentRecord, names: ReadonlyMap<string, string>): Incident {
  return {
    id: i.id,
    teamId: i.teamId,
    status: i.status,
    label: i.label,
    terms: i.terms,
    example: i.example,
    conversationCount: i.conversationCount,
    openedAt: iso(i.openedAt),
    lastReportAt: iso(i.lastReportAt),
    insightId: i.insightId,
    resolvedAt: isoOrNull(i.resolvedAt),
    resolvedBy: i.resolvedBy,
    resolvedByName: i.resolvedBy !== null ? (names.get(i.resolvedBy) ?? null) : null,
    resolutionNote: i.resolutionNote,
  };
}

/** A processor's place in the event log; `processor` null when it is no longer configured here. */
export function presentDeliveryProcessor(input: {
  name: string;
  processor: EventProcessor | null;
  cursor: DeliveryCursorRecord | null;
  /** The reader's organisation's hold on it: its own receiver failing, its events waiting apart. */
  hold?: DeliveryHoldRecord | null;
  headEventId: number;
  deadLetters: number;
  /** The reader's organisation: another's failure is shown without its details. */
  viewerOrgId: string;
}): DeliveryProcessor {
  const { cursor } = input;
  const hold = input.hold?.failing ?? null;
  return {
    name: input.name,
    handles: input.processor === null ? [] : [...input.processor.handles],
    configured: input.processor !== null,
    lastEventId: cursor?.lastEventId ?? null,
    lag: cursor === null ? null : Math.max(0, input.headEventId - cursor.lastEventId),
    updatedAt: cursor === null ? null : iso(cursor.updatedAt),
    leasedBy: cursor?.leasedBy ?? null,
    leaseExpiresAt: isoOrNull(cursor?.leaseExpiresAt ?? null),
    deadLetters: input.deadLetters,
    maxAgeMs: input.processor?.maxAgeMs ?? null,
    // A processor no longer configured is not being tried: what its row says is history.
    failing:
      input.processor === null
        ? null
        : hold !== null
          ? {
              since: iso(hold.since),
              lastError: hold.lastError,
              nextAttemptAt: isoOrNull(hold.nextAttemptAt),
            }
          : cursor?.failing == null
            ? null
            : {
                since: iso(cursor.failing.since),
                lastError:
                  cursor.failing.orgId === input.viewerOrgId
                    ? cursor.failing.lastError
                    : "another organisation's receiver is failing (its admins see why); your events for this integration wait behind it, in order",
                nextAttemptAt: isoOrNull(cursor.failing.nextAttemptAt),
              },
  };
}

/** A dead letter, with what its event was about (`event`: null when it is gone or not looked up). */
export function presentDeliveryFailure(f: DeliveryFailureRecord): DeliveryFailure {
  return {
    id: f.id,
    processor: f.processor,
    eventId: f.eventId,
    eventType: f.eventType,
    conversationId: f.conversationId,
    teamId: f.teamId,
    attempts: f.attempts,
    lastError: f.lastError,
    firstFailedAt: iso(f.firstFailedAt),
    lastFailedAt: iso(f.lastFailedAt),
  };
}

/**
 * An audit entry with its actor's name (people keep theirs when deactivated; an API token's entry
 * names the person it acts as) and its target in words, from `describeAuditSubjects`.
 */
export function presentAuditEntry(
  e: AuditEntryRecord,
  subjects: {
    actors: ReadonlyMap<string, AuditActorRecord>;
    targets: ReadonlyMap<string, AuditTargetRecord>;
    stepIns: ReadonlyMap<string, AuditStepInRecord>;
  },
): AuditEntry {
  const interventionId = auditDetailId(e, "interventionId");
  const stepIn = interventionId !== null ? (subjects.stepIns.get(interventionId) ?? null) : null;
  const people: Record<string, string> = {};
  for (const id of [
    ...AUDIT_PERSON_DETAIL_KEYS.map((k) => auditDetailId(e, k)),
    stepIn?.fromPersonId ?? null,
    stepIn?.toPersonId ?? null,
  ]) {
    const name = id !== null ? subjects.actors.get(id)?.name : undefined;
    if (id !== null && name !== undefined) people[id] = name;
  }
  const person = e.actorId !== null ? subjects.actors.get(e.actorId) : undefined;
  const name =
    e.actorKind === "system"
      ? "System"
      : e.actorKind === "customer"
        ? "Customer"
        : (person?.name ?? "Someone no longer on file");
  const target =
    e.targetType !== null && e.targetId !== null
      ? (subjects.targets.get(auditTargetKey(e.targetType, e.targetId)) ?? null)
      : null;
  const details = e.details;
  return {
    id: e.id,
    at: iso(e.createdAt),
    action: e.action,
    actor: {
      kind: e.actorKind,
      id: e.actorKind === "person" || e.actorKind === "api_token" ? e.actorId : null,
      name,
      deactivated: person?.deactivated ?? false,
    },
    target:
      e.targetType !== null && e.targetId !== null
        ? {
            type: e.targetType,
            id: e.targetId,
            label: target?.label ?? null,
            conversationId: target?.conversationId ?? null,
          }
        : null,
    // Entries are written with an object; anything else is shown under "value" rather than lost.
    details:
      typeof details === "object" && details !== null && !Array.isArray(details)
        ? (details as Record<string, unknown>)
        : { value: details },
    requestId: e.requestId,
    people,
    stepIn,
  };
}

import { z } from "zod";
import { HUDDLE_EVENT_TYPES } from "./huddles.ts";
import { INCIDENT_EVENT_TYPES } from "./incidents.ts";
import { LOOP2_EVENT_TYPES } from "./loop2.ts";
import { PULSE_EVENT_TYPES } from "./pulses.ts";
import { PRACTICE_EVENT_TYPES } from "./practice.ts";
import { SKILLS_EVENT_TYPES } from "./skills.ts";

/**
 * Domain events, named `<thing>.<past tense>`. Commands append them in the same transaction as the
 * change; after commit the server pushes them to WebSocket rooms as hints. A client that receives
 * one refetches the thing through the HTTP API, which applies the reader's permissions.
 */
export const EVENT_TYPES = [
  "conversation.started",
  "conversation.updated",
  "conversation.closed",
  "conversation.reopened",
  "conversation.erased",
  "conversation.transferred",
  /** To the agent handling it, when a teammate escalates their conversation to a supervisor. */
  "conversation.escalated",
  "message.received",
  "alert.raised",
  "alert.acknowledged",
  "alert.dismissed",
  "alert.resolved",
  "alert.rerouted",
  /**
   * When its card changed while it stayed open: the agent put right the wrong fact it asked to
   * correct (the suggestion and fact go; with no fact still wrong, the wrong-information reason
   * too). To the alert's helper, and to its team's and conversation's rooms for everyone else who
   * may read the alert (never the agent it is about, `agentId`, unless they lead the team), as
   * `alert.expired` when a newer reading replaced it or the correction was all it was about.
   */
  "alert.updated",
  "alert.expired",
  "signal.sent",
  "whisper.sent",
  /**
   * To the teammate who whispered, when their whisper never reached the agent in the helpdesk
   * (Chatwoot was down past the note's worth, or refused it): a dead letter of the note.
   */
  "whisper.undelivered",
  /**
   * To the teammate who replied, when their reply goes out through Chatwoot or the reply webhook:
   * the delivery loops post it from this event.
   */
  "reply.sent",
  /** To the teammate who replied, when their reply never reached the customer's side (a dead letter). */
  "reply.undelivered",
  "takeover.offered",
  "takeover.accepted",
  "takeover.declined",
  "transfer.completed",
  "escalation.raised",
  "escalation.acknowledged",
  "hand.raised",
  "intervention.withdrawn",
  "commitment.recorded",
  "person.updated",
  "knowledge.updated",
  "engine_settings.updated",
  ...INCIDENT_EVENT_TYPES,
  ...LOOP2_EVENT_TYPES,
  ...PULSE_EVENT_TYPES,
  // Loop 3. New types are additive and keep PROTOCOL_VERSION (ws.ts): a client that does not know
  // one drops its frame, and these travel alone, addressed to one person each.
  ...PRACTICE_EVENT_TYPES,
  ...SKILLS_EVENT_TYPES,
  ...HUDDLE_EVENT_TYPES,
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const eventTypeSchema = z.enum(EVENT_TYPES);

/**
 * The small, non-sensitive payload an event carries: ids to refetch by, plus the few figures the
 * floor redraws from without a round trip (risk, status). Never message text.
 */
export const eventDataSchema = z.object({
  conversationId: z.string().optional(),
  alertId: z.string().optional(),
  interventionId: z.string().optional(),
  messageId: z.string().optional(),
  personId: z.string().optional(),
  /**
   * signal.sent, whisper.sent, takeover.offered, conversation.escalated: the teammate who sent it
   * or escalated, so the one it is addressed to is told who (a person id: the name is read from
   * /people).
   */
  fromPersonId: z.string().optional(),
  /**
   * alert.raised / alert.rerouted: the agent who could use help (a person id), when known; on an
   * alert's event to its rooms, the agent it is about, whom it is kept from.
   */
  agentId: z.string().optional(),
  /**
   * alert.raised: true when the helper was already helping on the conversation (acknowledged its
   * alert, or signalled, whispered or offered to take over): a new reason to step in there, not a
   * new ask. Absent for someone only asked before, and for one asked instead of a helper who went.
   */
  update: z.boolean().optional(),
  /**
   * alert.raised: true for the supervisor the same reading escalated the conversation to; their
   * `escalation.raised` says it (one notice, not two).
   */
  escalated: z.boolean().optional(),
  /**
   * conversation.escalated, escalation.acknowledged: tagteam escalated it by the team's protocol
   * (no teammate did; for the agent, not they themself).
   */
  automatic: z.boolean().optional(),
  incidentId: z.string().optional(),
  /** pulse.*: the employee pulse (the prompt appears or leaves; never who answered). */
  pulseId: z.string().optional(),
  /** drill.*: the practice session. */
  sessionId: z.string().optional(),
  /** drill.roles_swapped: the finished drill the new one (`sessionId`) plays with the parts swapped. */
  previousSessionId: z.string().optional(),
  /** pairing.*: the mentorship pairing. */
  pairingId: z.string().optional(),
  /** scorecard.disputed / scorecard.dispute_resolved: the QA dispute. */
  disputeId: z.string().optional(),
  /** huddle.champion_named: the procedure update (`personId`: the lead who named the champion). */
  actionId: z.string().optional(),
  /** incident.opened / incident.updated: how many conversations report it now. */
  count: z.number().int().optional(),
  messageIndex: z.number().int().optional(),
  risk: z.number().optional(),
  /**
   * conversation.started / conversation.updated: the customer's state and running frustration
   * (0..1) from the same reading as `risk`, so the floor shows all three from one moment.
   */
  customerEmotion: z.string().optional(),
  frustration: z.number().optional(),
  status: z.string().optional(),
  /**
   * alert.raised: "raised_hand" when the agent asked for help themself, "customer_waiting" when a
   * customer has waited too long for a reply.
   * conversation.closed: "teammate", "sender" (the helpdesk or API), "idle" (no message for a while)
   * or "customer" (ended in the built-in chat).
   */
  reason: z.string().optional(),
  /** Where a posted message was first seen by the server (epoch ms), for latency measurement. */
  receivedAtMs: z.number().optional(),
});
export type EventData = z.infer<typeof eventDataSchema>;

/**
 * An event as delivered. `id` is a decimal string of a monotonically increasing integer: resume
 * with the last id you saw. `teamId`/`conversationId`/`personId` say which rooms receive it; an
 * event with a `personId` goes only to that person's room (private: whispers, signals, offers).
 */
export const eventSchema = z.object({
  id: z.string(),
  type: eventTypeSchema,
  teamId: z.string().nullable(),
  conversationId: z.string().nullable(),
  personId: z.string().nullable(),
  data: eventDataSchema,
  at: z.string(),
});
export type TagteamEvent = z.infer<typeof eventSchema>;

import { z } from "zod";
import { isoTime, refinePeriod } from "./period.ts";

/*
 * The audit log, for admins (GET /audit): who did what to what, and when. Every command appends
 * entries in the transaction of the change it describes; this reads them back.
 */

/**
 * The actions the server writes, `<thing>.<past tense>`. A test checks this list against the
 * server's sources; the admin screen has a sentence for each and shows any other by its name.
 */
export const AUDIT_ACTIONS = [
  "person.created",
  "person.updated",
  "person.deactivated",
  "person.reactivated",
  "person.password_reset",
  "person.password_changed",
  "person.sign_in_link_created",
  "person.password_set_by_link",
  "session.revoked",
  "session.others_revoked",
  "team.created",
  "team.renamed",
  "organisation.renamed",
  "api_token.created",
  "api_token.revoked",
  "knowledge.created",
  "knowledge.updated",
  "knowledge.deleted",
  "escalation_protocol.updated",
  "engine_settings.updated",
  "alert.acknowledged",
  "alert.dismissed",
  "alert.rerouted",
  "alert.expired",
  "signal.sent",
  "whisper.sent",
  "takeover.offered",
  "takeover.accepted",
  "takeover.declined",
  "transfer.completed",
  "escalation.raised",
  "escalation.acknowledged",
  "hand.raised",
  "escalation.advanced",
  "escalation.reassigned",
  "intervention.withdrawn",
  "conversation.erased",
  "conversation.unassigned",
  "conversation.reassigned",
  "commitment.handed_over",
  "commitment.done",
  "commitment.cancelled",
  "incident.opened",
  "incident.resolved",
  "scorecard.reviewed",
  "scorecard.review_withdrawn",
  "scorecard.disputed",
  "scorecard.dispute_resolved",
  "insight.published",
  "insight.rejected",
  "export.downloaded",
  "export.unredacted_downloaded",
  "delivery.retried",
  "integration.updated",
  "store.backed_up",
  "retention.updated",
  "skill_map.read",
  "agent_numbers.read",
  "pairing.agreed",
  "pairing.ended",
  "huddle.champion_named",
  "huddle.update_done",
  "huddle.update_reopened",
  "practice_scenario.created",
  "practice_scenario.removed",
  "pulse.opened",
  "pulse.closed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditActorKindSchema = z.enum(["person", "api_token", "customer", "system"]);
export type AuditActorKind = z.infer<typeof auditActorKindSchema>;

const actionFilter = z
  .string()
  .max(200)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$/,
    'must be an action such as "person.deactivated", or a prefix ending in "." such as "person."',
  );

export const listAuditQuerySchema = refinePeriod(
  z
    .strictObject({
      /** An entry's id: the entries older than it (the previous page's `nextBefore`). */
      before: z.coerce
        .number({ error: "must be an entry id (a whole number), such as the previous page's nextBefore" })
        .int()
        .positive()
        .max(Number.MAX_SAFE_INTEGER)
        .optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      /** An action ("person.deactivated"), or a prefix ending in "." ("person.": every action on people). */
      action: actionFilter.optional(),
      /** Who did it: a person's id (for an API token, the person it acts as). */
      actorId: z.uuid().optional(),
      /** What it was done to, with targetId: "person", "team", "conversation", "alert", … */
      targetType: z
        .string()
        .max(100)
        .regex(/^[a-z][a-z0-9_]*$/, 'must be a target type such as "person" or "conversation"')
        .optional(),
      /** Only with targetType, and required with it. */
      targetId: z.string().min(1).max(200).optional(),
      /** Written at or after this time (ISO 8601 with its offset). */
      since: isoTime.optional(),
      /** Written before this time. */
      until: isoTime.optional(),
    })
    // Checked even when other parameters are wrong (zod skips refinements after a failed field by
    // default), so one answer names every problem; the values may then be malformed, hence typeof.
    .refine((q) => !(q.targetId !== undefined && q.targetType === undefined), {
      path: ["targetType"],
      message: "is required with targetId (an id means nothing without its type)",
      when: () => true,
    })
    .refine((q) => !(q.targetType !== undefined && q.targetId === undefined), {
      path: ["targetId"],
      message: "is required with targetType (to list by kind of target, filter by action, e.g. person.)",
      when: () => true,
    }),
);
export type ListAuditQuery = z.input<typeof listAuditQuerySchema>;

export const auditActorSchema = z.object({
  kind: auditActorKindSchema,
  /** The person (for an API token, the person it acts as); null for the system and customers. */
  id: z.string().nullable(),
  /** The person's name (deactivated people keep theirs), "System", or "Customer". */
  name: z.string(),
  /** The person has been deactivated since. */
  deactivated: z.boolean(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditTargetSchema = z.object({
  /** person, team, api_token, knowledge_fact, conversation, alert, intervention, incident, insight, export, delivery_failure… */
  type: z.string(),
  id: z.string(),
  /**
   * In words, where cheap: a person's or team's name, a conversation's customer and topic (also
   * for an alert or intervention, of the conversation it is about), a fact's statement, an
   * incident's label. Null when it has none or is gone.
   */
  label: z.string().nullable(),
  /** The conversation it is or belongs to (conversations, alerts, interventions), to link to. */
  conversationId: z.string().nullable(),
});
export type AuditTarget = z.infer<typeof auditTargetSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: auditActorSchema,
  target: auditTargetSchema.nullable(),
  /** What the action recorded beside it (e.g. `{ signedOutSessions: 2 }`); `{}` when nothing. */
  details: z.record(z.string(), z.unknown()),
  /** The request that did it (matches the server's log lines and the caller's `x-request-id`). */
  requestId: z.string().nullable(),
  /**
   * The names of the people the entry mentions by id, in its details (`to`, `helperId`, `personId`…)
   * or as its step-in's sender and receiver, so it reads "Whispered a suggestion to Ana Silva".
   */
  people: z.record(z.string(), z.string()),
  /** The step-in the entry is about (`details.interventionId`), while it is on file: what and between whom. */
  stepIn: z
    .object({
      kind: z.string(),
      fromPersonId: z.string().nullable(),
      toPersonId: z.string().nullable(),
    })
    .nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const listAuditResponseSchema = z.object({
  /** Newest first. */
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: z.number().int().nullable(),
});
export type ListAuditResponse = z.infer<typeof listAuditResponseSchema>;

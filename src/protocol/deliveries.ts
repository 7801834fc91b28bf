import { z } from "zod";

/*
 * Deliveries out (the alert webhook, Chatwoot notes): where each processor is in the event log,
 * and the events it gave up on (dead letters), for admins.
 */

/** What a processor did with an event: posted it, or found nothing to post for it. */
export const deliveryOutcomeSchema = z.enum(["sent", "skipped"]);
export type DeliveryOutcome = z.infer<typeof deliveryOutcomeSchema>;

export const deliveryProcessorNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, "must be a processor name such as alert-webhook");

export const deliveryProcessorSchema = z.object({
  /** alert-webhook, chatwoot-notes. */
  name: deliveryProcessorNameSchema,
  /** The event types it acts on (empty when it is no longer configured). */
  handles: z.array(z.string()),
  /** False for a processor that delivered before and is not configured on this server now. */
  configured: z.boolean(),
  /** Every event up to this id has been delivered or dead-lettered; null before its first start. */
  lastEventId: z.number().int().nullable(),
  /** Newest event id minus lastEventId (an idle processor catches up to the head at every poll). */
  lag: z.number().int().nullable(),
  /** When the cursor last moved. */
  updatedAt: z.string().nullable(),
  /** The instance delivering for it, while its lease runs. */
  leasedBy: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
  /** Dead letters of the caller's organisation. */
  deadLetters: z.number().int(),
  /**
   * How long after it happened an event is still worth delivering: retried until then, and not
   * posted (an expired dead letter) once older. Null when the processor is not configured here.
   */
  maxAgeMs: z.number().int().nullable(),
  /** Null unless its receiver is failing now (outage: the event at the head is being retried). */
  failing: z
    .object({
      /** The first failed attempt since the receiver last answered. */
      since: z.string(),
      /** The receiver's status or the network error (never the URL). */
      lastError: z.string(),
      /** When the next attempt is due; null when no event is waiting (the next one will be tried). */
      nextAttemptAt: z.string().nullable(),
    })
    .nullable(),
});
export type DeliveryProcessor = z.infer<typeof deliveryProcessorSchema>;

export const deliveryFailureSchema = z.object({
  id: z.string(),
  processor: z.string(),
  eventId: z.number().int(),
  /** Null when the event is gone. */
  eventType: z.string().nullable(),
  /** What the event was about, when it names them (and it is still there): to link to. */
  conversationId: z.string().nullable(),
  teamId: z.string().nullable(),
  /** Attempts made; 0 when it was too old to post by its turn (not sent, the receiver was spared it). */
  attempts: z.number().int(),
  /** The last failure: the receiver's status or the network error (never the URL). */
  lastError: z.string(),
  firstFailedAt: z.string(),
  lastFailedAt: z.string(),
});
export type DeliveryFailure = z.infer<typeof deliveryFailureSchema>;

export const listDeliveriesQuerySchema = z.strictObject({
  processor: deliveryProcessorNameSchema.optional(),
  /** Most dead letters listed, the most recently failed first. */
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const listDeliveriesResponseSchema = z.object({
  headEventId: z.number().int(),
  processors: z.array(deliveryProcessorSchema),
  deadLetters: z.array(deliveryFailureSchema),
});
export type ListDeliveriesResponse = z.infer<typeof listDeliveriesResponseSchema>;

export const retryDeliveryResponseSchema = z.object({
  delivered: z.boolean(),
  /** When delivered: sent, or skipped (nothing to post for the event any more). */
  outcome: deliveryOutcomeSchema.nullable(),
  /** When not delivered: why. */
  error: z.string().nullable(),
  /** The dead letter as it is now: null once delivered (it is removed). */
  deadLetter: deliveryFailureSchema.nullable(),
});
export type RetryDeliveryResponse = z.infer<typeof retryDeliveryResponseSchema>;

/**
 * A duration in words, for dead letters and the admin screen: "15 minutes", "24 hours",
 * "90 seconds"; the largest unit it is a whole number of, else milliseconds ("1500 ms").
 */
export function describeDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
    [1_000, "second"],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? "" : "s"}`;
    }
  }
  return `${ms} ms`;
}

import { z } from "zod";

/*
 * Incident surge (loop 1, "also live"): many customers of one team reporting the same malfunction
 * at once. The team sees one banner instead of a dozen separate struggles, and the KB owner gets a
 * draft insight (the stub) to fill with the status and a workaround.
 */

export const INCIDENT_EVENT_TYPES = ["incident.opened", "incident.updated", "incident.resolved"] as const;

export const incidentStatusSchema = z.enum(["open", "resolved"]);

export const incidentSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  status: incidentStatusSchema,
  /** What people read: the failing thing or error code, as a customer wrote it. */
  label: z.string(),
  /** The subjects reports are counted by (stems and error codes). */
  terms: z.array(z.string()),
  /** One customer's words about it. */
  example: z.string(),
  /** Different conversations reporting it so far. */
  conversationCount: z.number().int(),
  openedAt: z.string(),
  lastReportAt: z.string(),
  /** The draft knowledge insight written when it opened (reviewed on the Knowledge page). */
  insightId: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** Null on a resolved incident: it went quiet and the sweeper closed it. */
  resolvedBy: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolutionNote: z.string().nullable(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentConversationSchema = z.object({
  conversationId: z.string(),
  subject: z.string().nullable(),
  customerName: z.string().nullable(),
  /** The customer's words the malfunction was recognised in. */
  phrase: z.string(),
  reportedAt: z.string(),
});

export const listIncidentsQuerySchema = z.strictObject({
  status: z.enum(["open", "resolved", "all"]).default("open"),
  teamId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const listIncidentsResponseSchema = z.object({ incidents: z.array(incidentSchema) });
export const incidentResponseSchema = z.object({
  incident: incidentSchema,
  conversations: z.array(incidentConversationSchema),
});
export const resolveIncidentBodySchema = z.strictObject({
  /** What fixed it, or what the team should know; shown on the resolved incident. */
  note: z.string().trim().max(1000).optional(),
});

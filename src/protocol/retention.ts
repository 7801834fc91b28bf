import { z } from "zod";

/** The longest retention period an organisation may set, in days (100 years). */
export const RETENTION_MAX_DAYS = 36_500;

/**
 * How long closed conversations are kept (Admin → Retention). `retentionDays` is the
 * organisation's own choice: a number of days, 0 to keep them for good, or null to follow the
 * server's default (`TAGTEAM_RETENTION_DAYS`, where 0 also means for good).
 */
export const retentionSchema = z.object({
  retentionDays: z.number().int().nullable(),
  serverDefaultDays: z.number().int(),
  /** What applies: the organisation's choice, else the server's default (0: kept for good). */
  effectiveDays: z.number().int(),
  /** The live event log behind realtime and integrations, kept this long (the server's setting). */
  eventRetentionDays: z.number().int(),
});
export type Retention = z.infer<typeof retentionSchema>;

export const updateRetentionBodySchema = z.strictObject({
  retentionDays: z
    .number({ error: "must be a whole number of days, 0 to keep conversations for good, or null" })
    .int("must be a whole number of days")
    .min(0, "must be 0 (kept for good) or more")
    .max(RETENTION_MAX_DAYS, `must be at most ${RETENTION_MAX_DAYS} days`)
    .nullable(),
});
export type UpdateRetentionBody = z.infer<typeof updateRetentionBodySchema>;

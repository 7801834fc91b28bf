import { z } from "zod";
import type { JsonValue } from "../../store/index.ts";

export const escalationConfigSchema = z.object({
  levels: z
    .array(
      z.object({
        target: z.enum(["lead", "person", "admin"]),
        personId: z.string().nullable().default(null),
        acknowledgeWithinMs: z.number().int().positive().default(300_000),
      }),
    )
    .default([]),
  autoEscalate: z.boolean().default(true),
});
export type EscalationConfig = z.infer<typeof escalationConfigSchema>;

/** The default protocol: the team's leads, five minutes to acknowledge, then the admins. */
export const DEFAULT_ESCALATION_CONFIG: EscalationConfig = {
  levels: [
    { target: "lead", personId: null, acknowledgeWithinMs: 300_000 },
    { target: "admin", personId: null, acknowledgeWithinMs: 600_000 },
  ],
  autoEscalate: true,
};

/** A stored protocol, or the default when none (or an unreadable one) is stored. */
export function parseEscalationConfig(stored: JsonValue | null): EscalationConfig {
  if (stored === null) return DEFAULT_ESCALATION_CONFIG;
  const parsed = escalationConfigSchema.safeParse(stored);
  if (!parsed.success) return DEFAULT_ESCALATION_CONFIG;
  return parsed.data.levels.length === 0
    ? { ...parsed.data, levels: DEFAULT_ESCALATION_CONFIG.levels }
    : parsed.data;
}

/**
 * The supervisor to ask among `people` (in listing order), never anyone in `exclude`: someone not
 * offline, present (tagteam open) first, then the least loaded; with nobody available, the first
 * one left. Null when nobody is left.
 */
export function pickSupervisor<
  P extends { id: string; availability: string; currentLoad: number; present: boolean },
>(people: readonly P[], exclude: readonly (string | null)[]): string | null {
  const eligible = people.filter((p) => !exclude.includes(p.id));
  const pick = eligible
    .filter((p) => p.availability !== "offline")
    .sort((a, b) => Number(b.present) - Number(a.present) || a.currentLoad - b.currentLoad)[0];
  return pick?.id ?? eligible[0]?.id ?? null;
}

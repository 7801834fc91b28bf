import { z } from "zod";

/** A moment in a query string or body: ISO 8601 with its offset. */
export const isoTime = z.iso.datetime({
  offset: true,
  error: "must be a time in ISO 8601 with its offset, such as 2026-03-02T10:00:00Z",
});

/** A field's time in ms, or null when absent or malformed (its own field reports that). */
const ms = (value: unknown): number | null => {
  const parsed = isoTime.safeParse(value);
  return parsed.success ? Date.parse(parsed.data) : null;
};

/**
 * A query's period (`since`, `until`) checked as a whole: until later than since, and (with `max`)
 * not longer than a span. Checked even when other fields are wrong (zod skips refinements after a
 * failed field by default), so one answer names every problem.
 */
export function refinePeriod<T extends z.ZodObject>(schema: T, max?: { ms: number; message: string }): T {
  const ordered = schema.refine(
    (q: { since?: unknown; until?: unknown }) => {
      const since = ms(q.since);
      const until = ms(q.until);
      return !(since !== null && until !== null && since >= until);
    },
    { path: ["until"], message: "must be later than since", when: () => true },
  );
  if (max === undefined) return ordered;
  return ordered.refine(
    (q: { since?: unknown; until?: unknown }) => {
      const since = ms(q.since);
      const until = ms(q.until);
      return !(since !== null && until !== null && until - since > max.ms);
    },
    { path: ["since"], message: max.message, when: () => true },
  );
}

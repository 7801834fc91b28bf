import { readMillisOrNull, readText, readTextOrNull, toTimestamp, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

export type ReminderKind = "due" | "overdue";

export interface ClaimedReminder {
  commitmentId: string;
  orgId: string;
  conversationId: string;
  personId: string | null;
  dueAt: number | null;
  kind: ReminderKind;
}

function toClaimed(row: Row, kind: ReminderKind): ClaimedReminder {
  return {
    commitmentId: readText(row, "id"),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
    personId: readTextOrNull(row, "person_id"),
    dueAt: readMillisOrNull(row, "due_at"),
    kind,
  };
}

/**
 * Claims the reminders that are due now, across organisations, and records them in the same
 * statement, so each commitment is reminded once per kind however many instances run this:
 * "due" when an open commitment falls due within `leadMs`, "overdue" once it has passed.
 * No "due" for a promise made within `leadMs` of its due time ("I'll send it now", "in ten
 * minutes": the agent has just said it), and no reminder at all for one already due when tagteam
 * recorded it (an imported transcript's old promises).
 * Run it inside the transaction that appends the reminder events.
 */
export async function claimCommitmentReminders(
  db: Queryable,
  input: { now: number; leadMs: number; limit?: number },
): Promise<ClaimedReminder[]> {
  const out: ClaimedReminder[] = [];
  const limit = Math.min(Math.max(input.limit ?? 500, 1), 5000);
  for (const kind of ["due", "overdue"] as const) {
    // "due": from now to now + lead; "overdue": before now (the upper bound is then `now` itself).
    const window =
      kind === "due"
        ? "c.due_at >= $1::timestamptz AND c.due_at < $2::timestamptz AND c.due_at - c.created_at > $5::interval"
        : "c.due_at < $2::timestamptz AND c.due_at > c.created_at";
    const rows = await db.query(
      `WITH picked AS (
         SELECT c.id, c.org_id, c.conversation_id, c.person_id, c.due_at FROM commitments c
         WHERE c.status = 'open' AND c.due_at IS NOT NULL AND ${window} AND ($1::timestamptz IS NULL OR true)
           AND NOT EXISTS (SELECT 1 FROM commitment_reminders r WHERE r.commitment_id = c.id AND r.kind = $3)
         ORDER BY c.due_at, c.id LIMIT $4
       ), claimed AS (
         INSERT INTO commitment_reminders (commitment_id, org_id, kind)
         SELECT id, org_id, $3 FROM picked ON CONFLICT DO NOTHING RETURNING commitment_id
       )
       SELECT p.* FROM picked p JOIN claimed ON claimed.commitment_id = p.id ORDER BY p.due_at, p.id`,
      kind === "due"
        ? [
            toTimestamp(input.now),
            toTimestamp(input.now + input.leadMs),
            kind,
            limit,
            `${input.leadMs} milliseconds`,
          ]
        : [null, toTimestamp(input.now), kind, limit],
    );
    out.push(...rows.map((row) => toClaimed(row, kind)));
  }
  return out;
}

import { readMillisOrNull, readText, readTextOrNull, toTimestamp, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

/**
 * "due": an open commitment falls due soon. ("overdue", once sent when it had passed, is no longer
 * claimed: `markMissedCommitments` marks it missed then, and that is what its agent and leads hear.)
 */
export type ReminderKind = "due";

export interface ClaimedReminder {
  commitmentId: string;
  orgId: string;
  conversationId: string;
  personId: string | null;
  dueAt: number | null;
  kind: ReminderKind;
}

function toClaimed(row: Row): ClaimedReminder {
  return {
    commitmentId: readText(row, "id"),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
    personId: readTextOrNull(row, "person_id"),
    dueAt: readMillisOrNull(row, "due_at"),
    kind: "due",
  };
}

/**
 * Claims the "due" reminders that are due now, across organisations, and records them in the same
 * statement, so each commitment is reminded once however many instances run this: when an open
 * commitment falls due within `leadMs`. None for a promise made within `leadMs` of its due time
 * ("I'll send it now", "in ten minutes": the agent has just said it), nor for one already due when
 * tagteam recorded it (an imported transcript's old promises).
 * Run it inside the transaction that appends the reminder events.
 */
export async function claimCommitmentReminders(
  db: Queryable,
  input: { now: number; leadMs: number; limit?: number },
): Promise<ClaimedReminder[]> {
  const limit = Math.min(Math.max(input.limit ?? 500, 1), 5000);
  const rows = await db.query(
    `WITH picked AS (
       SELECT c.id, c.org_id, c.conversation_id, c.person_id, c.due_at FROM commitments c
       WHERE c.status = 'open' AND c.due_at >= $1::timestamptz AND c.due_at < $2::timestamptz
         AND c.due_at - c.created_at > $4::interval
         AND NOT EXISTS (SELECT 1 FROM commitment_reminders r WHERE r.commitment_id = c.id AND r.kind = 'due')
       ORDER BY c.due_at, c.id LIMIT $3
     ), claimed AS (
       INSERT INTO commitment_reminders (commitment_id, org_id, kind)
       SELECT id, org_id, 'due' FROM picked ON CONFLICT DO NOTHING RETURNING commitment_id
     )
     SELECT p.* FROM picked p JOIN claimed ON claimed.commitment_id = p.id ORDER BY p.due_at, p.id`,
    [toTimestamp(input.now), toTimestamp(input.now + input.leadMs), limit, `${input.leadMs} milliseconds`],
  );
  return rows.map(toClaimed);
}

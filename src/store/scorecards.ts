import { StoreError } from "./errors.ts";
import {
  isUuid,
  readJson,
  readMillis,
  readMillisOrNull,
  readNumberOrNull,
  readText,
  readTextOrNull,
  toJsonParam,
  type Row,
} from "./rows.ts";
import { storeSkillLines } from "./skills.ts";
import type { JsonValue, Queryable } from "./types.ts";

/**
 * Whose card: the conversation's agent ("agent", one per conversation: the processor's "done" mark),
 * or a teammate who handled part of it ("helper": took it over, received it, wrote to the customer).
 */
export type ScorecardRole = "agent" | "helper";

/** A QA scorecard of one closed conversation: the engine's, and a lead's override. */
export interface ScorecardRecord {
  conversationId: string;
  orgId: string;
  teamId: string;
  /** Whose handling it scores: the agent's, or (role "helper") the teammate's. */
  agentId: string | null;
  role: ScorecardRole;
  /** The engine's QaScorecard, as JSON. */
  auto: JsonValue;
  autoOverall: number | null;
  /** `{ item: score }` for the items a lead changed; null until reviewed. */
  override: Record<string, number> | null;
  overrideOverall: number | null;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: number | null;
  /**
   * How many of the conversation's customer-visible messages `auto` scored; null when not known
   * (scored before migration 0019).
   */
  scoredMessages: number | null;
  /** The conversation's close this scorecard covers (its closed_at then); null when not known. */
  scoredCloseAt: number | null;
  /** When the automatic scores last changed after the first scoring (the conversation went on). */
  rescoredAt: number | null;
  createdAt: number;
}

/** Where a card without an agent sorts among its conversation's cards (first; every card has one today). */
const NO_AGENT = "00000000-0000-0000-0000-000000000000";

const COLUMNS = `conversation_id, org_id, team_id, agent_id, role, auto, auto_overall, override, override_overall,
  review_note, reviewed_by, reviewed_at, scored_messages, scored_close_at, rescored_at, created_at`;

/**
 * The close a scorecard covers, recorded in the same statement that writes it (with the org as $1
 * and the conversation as $2): the conversation's closed_at, copied in SQL (no round trip through
 * milliseconds, so the startup sweep compares it exactly), if the conversation is still closed and
 * has had no message since its transcript was read (`message_count` still the parameter's); null
 * otherwise, so the sweep looks at it again.
 */
function closeCovered(messageCountParameter: number): string {
  return `(SELECT c.closed_at FROM conversations c
    WHERE c.org_id = $1 AND c.id = $2 AND c.status = 'closed' AND c.message_count = $${messageCountParameter})`;
}

/**
 * Which card of a conversation a statement means, with the card's person as parameter `$n`: the
 * agent's card (one per conversation) when `role` is "agent", else that helper's.
 */
function cardOf(role: ScorecardRole, personParameter: number): string {
  return role === "agent" ? "role = 'agent'" : `role = 'helper' AND agent_id = $${personParameter}`;
}

/** Throws INVALID_INPUT naming each count that is not a whole number ≥ 0. */
function checkCounts(counts: Record<string, number>): void {
  const problems = Object.entries(counts)
    .filter(([, n]) => !Number.isInteger(n) || n < 0)
    .map(([name, n]) => `${name} must be a whole number ≥ 0, got ${String(n)}`);
  if (problems.length > 0) throw new StoreError("INVALID_INPUT", problems.join("; "), { problems });
}

function toScorecard(row: Row): ScorecardRecord {
  const raw = row.override === null || row.override === undefined ? null : readJson(row, "override");
  let override: Record<string, number> | null = null;
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    override = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === "number") override[k] = v;
  }
  return {
    conversationId: readText(row, "conversation_id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    agentId: readTextOrNull(row, "agent_id"),
    role: readText(row, "role") === "helper" ? "helper" : "agent",
    auto: readJson(row, "auto"),
    autoOverall: readNumberOrNull(row, "auto_overall"),
    override,
    overrideOverall: readNumberOrNull(row, "override_overall"),
    reviewNote: readTextOrNull(row, "review_note"),
    reviewedBy: readTextOrNull(row, "reviewed_by"),
    reviewedAt: readMillisOrNull(row, "reviewed_at"),
    scoredMessages: readNumberOrNull(row, "scored_messages"),
    scoredCloseAt: readMillisOrNull(row, "scored_close_at"),
    rescoredAt: readMillisOrNull(row, "rescored_at"),
    createdAt: readMillis(row, "created_at"),
  };
}

/**
 * Stores the engine's first scorecard of a conversation; an existing one is kept (null returned),
 * so a retry or a second instance writes nothing. `scoredMessages` is how many customer-visible
 * messages it scored; `conversationMessageCount` the conversation's `messageCount` as read before
 * its transcript, which decides whether the close it covers is recorded (`closeCovered`).
 */
export async function saveScorecard(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    conversationId: string;
    agentId: string | null;
    /** "helper": a teammate's card for their part (`agentId` is theirs); "agent" when omitted. */
    role?: ScorecardRole;
    auto: JsonValue;
    autoOverall: number | null;
    scoredMessages: number;
    conversationMessageCount: number;
  },
): Promise<ScorecardRecord | null> {
  checkCounts({
    scoredMessages: input.scoredMessages,
    conversationMessageCount: input.conversationMessageCount,
  });
  const role = input.role ?? "agent";
  if (role === "helper" && input.agentId === null)
    throw new StoreError("INVALID_INPUT", "a helper's scorecard names its helper");
  const [row] = await db.query(
    `INSERT INTO scorecards (org_id, conversation_id, team_id, agent_id, role, auto, auto_overall,
       scored_messages, scored_close_at)
     VALUES ($1, $2, $3, $4, '${role}', $5::jsonb, $6, $7, ${closeCovered(8)})
     ON CONFLICT ${role === "agent" ? "(conversation_id) WHERE role = 'agent'" : "(conversation_id, agent_id) WHERE role = 'helper'"}
     DO NOTHING RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.conversationId,
      input.teamId,
      input.agentId,
      toJsonParam(input.auto),
      input.autoOverall,
      input.scoredMessages,
      input.conversationMessageCount,
    ],
  );
  if (row) await storeSkillLines(db, { orgId: input.orgId, conversationIds: [input.conversationId] });
  return row ? toScorecard(row) : null;
}

/**
 * Replaces the automatic part of a scorecard with a scoring of more of the conversation (it was
 * reopened and closed again); a lead's review (override, note, reviewer) is kept, and
 * `overrideOverall` is its overall recomputed over the new automatic scores (null when not
 * reviewed). `rescored_at` moves only when `autoChanged`. Only ever moves forward: null (nothing
 * written) when the stored scorecard already covers `scoredMessages` messages or more, or there is
 * none. Read the scorecard with `findScorecard(…, { forUpdate: true })` first in the same
 * transaction, so a concurrent review or second instance waits for this one.
 */
export async function rescoreScorecard(
  db: Queryable,
  input: {
    orgId: string;
    conversationId: string;
    /** A helper's card (theirs: `personId`); the agent's when omitted. */
    helper?: { personId: string };
    /**
     * Re-score even when it covers as many messages already: a card scored before it scored its
     * agent's part only (`findScorecardsScoredWhole`), re-scored once over the same messages.
     */
    again?: boolean;
    auto: JsonValue;
    autoOverall: number | null;
    overrideOverall: number | null;
    autoChanged: boolean;
    scoredMessages: number;
    conversationMessageCount: number;
  },
): Promise<ScorecardRecord | null> {
  checkCounts({
    scoredMessages: input.scoredMessages,
    conversationMessageCount: input.conversationMessageCount,
  });
  if (!isUuid(input.conversationId) || (input.helper !== undefined && !isUuid(input.helper.personId)))
    return null;
  const [row] = await db.query(
    `UPDATE scorecards SET auto = $3::jsonb, auto_overall = $4,
       override_overall = CASE WHEN reviewed_at IS NULL THEN NULL ELSE $5::real END,
       rescored_at = CASE WHEN $6::boolean THEN now() ELSE rescored_at END,
       scored_messages = $7, scored_close_at = ${closeCovered(8)}
     WHERE org_id = $1 AND conversation_id = $2
       AND ${input.again === true ? "$7::int IS NOT NULL" : "(scored_messages IS NULL OR scored_messages < $7)"}
       AND ${cardOf(input.helper === undefined ? "agent" : "helper", 9)}
     RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.conversationId,
      toJsonParam(input.auto),
      input.autoOverall,
      input.overrideOverall,
      input.autoChanged,
      input.scoredMessages,
      input.conversationMessageCount,
      ...(input.helper === undefined ? [] : [input.helper.personId]),
    ],
  );
  if (row) await storeSkillLines(db, { orgId: input.orgId, conversationIds: [input.conversationId] });
  return row ? toScorecard(row) : null;
}

/**
 * Records that a scorecard covers its conversation's current close when there was nothing new to
 * score (its messages were all scored already), so the startup sweep stops looking at it. Returns
 * whether anything changed.
 */
export async function markScorecardCloseCovered(
  db: Queryable,
  input: { orgId: string; conversationId: string; conversationMessageCount: number },
): Promise<boolean> {
  checkCounts({ conversationMessageCount: input.conversationMessageCount });
  if (!isUuid(input.conversationId)) return false;
  const rows = await db.query(
    `UPDATE scorecards SET scored_close_at = ${closeCovered(3)}
     WHERE org_id = $1 AND conversation_id = $2 AND role = 'agent'
       AND scored_close_at IS DISTINCT FROM ${closeCovered(3)}
     RETURNING conversation_id`,
    [input.orgId, input.conversationId, input.conversationMessageCount],
  );
  // Its cards' lines, kept for the skill map, as the conversation is now (a line may have come since).
  await storeSkillLines(db, { orgId: input.orgId, conversationIds: [input.conversationId] });
  return rows.length > 0;
}

/**
 * A conversation's scorecard: its agent's, or with `helper` that teammate's. `forUpdate` (inside a
 * transaction) locks it until commit: loop 2's processor and a lead's review read it that way
 * before changing it, so one waits for the other and then sees what it wrote.
 */
export async function findScorecard(
  db: Queryable,
  orgId: string,
  conversationId: string,
  options: { forUpdate?: boolean; helper?: { personId: string } } = {},
): Promise<ScorecardRecord | null> {
  if (!isUuid(conversationId)) return null;
  if (options.helper !== undefined && !isUuid(options.helper.personId)) return null;
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM scorecards WHERE org_id = $1 AND conversation_id = $2
       AND ${cardOf(options.helper === undefined ? "agent" : "helper", 3)}${
         options.forUpdate === true ? " FOR UPDATE" : ""
       }`,
    options.helper === undefined ? [orgId, conversationId] : [orgId, conversationId, options.helper.personId],
  );
  return row ? toScorecard(row) : null;
}

/**
 * Where a card sorts in a list: the close it covers, or when it was scored if that is not known
 * (the expression of migration 0057's page indexes, spelled the same so they are used).
 */
const SORT_AT = "COALESCE(scored_close_at, created_at)";

/**
 * Scorecards of teams (all of the org's when omitted) or of one person (their cards as agent and as
 * helper), by the close they cover, newest first (when it is not known, by when they were scored);
 * a conversation's cards together, the agent's first. By scoring time, a history imported or
 * scored at once came in whatever order it was scored, and a list showing each card's close time
 * read out of order.
 */
export async function listScorecards(
  db: Queryable,
  query: {
    orgId: string;
    teamIds?: string[];
    agentId?: string;
    reviewed?: boolean;
    limit?: number;
    /** The page after this card (the agent's card of a conversation, or a helper's with `helperId`). */
    after?: { conversationId: string; helperId?: string };
  },
): Promise<ScorecardRecord[]> {
  const after = query.after;
  if (
    after !== undefined &&
    (!isUuid(after.conversationId) || (after.helperId !== undefined && !isUuid(after.helperId)))
  )
    return [];
  // Newest close first; a card's place is (close or scoring time, conversation, role, agent),
  // unique, so a page starts right after the card the previous one ended with (looked up here, its
  // time exact). One team is compared with '=' (read in order from scorecards_team_close_page,
  // migration 0057: with '= ANY' the planner read and sorted every card of the team); several are
  // filtered as the organisation's cards are read in order (scorecards_org_close_page).
  const teamIds = query.teamIds?.filter(isUuid);
  const teamFilter =
    teamIds === undefined
      ? "$2::uuid[] IS NULL"
      : teamIds.length === 1
        ? "team_id = ($2::uuid[])[1]"
        : "team_id = ANY($2::uuid[])";
  const rows = await db.query(
    `WITH p AS (
       SELECT ${SORT_AT} AS sort_at, conversation_id, role, COALESCE(agent_id, '${NO_AGENT}'::uuid) AS agent_id
         FROM scorecards
        WHERE org_id = $1 AND conversation_id = $6
          AND (CASE WHEN $7::uuid IS NULL THEN role = 'agent' ELSE role = 'helper' AND agent_id = $7 END)
     )
     SELECT ${COLUMNS} FROM scorecards s
     WHERE org_id = $1 AND ${teamFilter} AND ($3::uuid IS NULL OR agent_id = $3)
       AND ($4::boolean IS NULL OR (reviewed_at IS NOT NULL) = $4)
       AND ($6::uuid IS NULL OR ${SORT_AT} <= (SELECT sort_at FROM p))
       AND ($6::uuid IS NULL OR ${SORT_AT} < (SELECT sort_at FROM p)
            OR (s.conversation_id, s.role, COALESCE(s.agent_id, '${NO_AGENT}'::uuid))
                 > (SELECT conversation_id, role, agent_id FROM p))
     ORDER BY ${SORT_AT} DESC, conversation_id, role, COALESCE(agent_id, '${NO_AGENT}'::uuid) LIMIT $5`,
    [
      query.orgId,
      teamIds ?? null,
      query.agentId !== undefined && isUuid(query.agentId) ? query.agentId : null,
      query.reviewed ?? null,
      Math.min(Math.max(query.limit ?? 100, 1), 5000),
      after?.conversationId ?? null,
      after?.helperId ?? null,
    ],
  );
  return rows.map(toScorecard);
}

/** A lead's review: the items they changed, the resulting overall and a note. */
export async function reviewScorecard(
  db: Queryable,
  input: {
    orgId: string;
    conversationId: string;
    /** A helper's card (theirs: `personId`); the agent's when omitted. */
    helper?: { personId: string };
    reviewedBy: string;
    override: Record<string, number>;
    overrideOverall: number | null;
    note?: string | null;
  },
): Promise<ScorecardRecord> {
  if (!isUuid(input.conversationId) || (input.helper !== undefined && !isUuid(input.helper.personId)))
    throw new StoreError("NOT_FOUND", "scorecard not found");
  const [row] = await db.query(
    `UPDATE scorecards SET override = $3::jsonb, override_overall = $4, review_note = $5, reviewed_by = $6,
       reviewed_at = now()
     WHERE org_id = $1 AND conversation_id = $2 AND ${cardOf(input.helper === undefined ? "agent" : "helper", 7)}
     RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.conversationId,
      toJsonParam(input.override),
      input.overrideOverall,
      input.note ?? null,
      input.reviewedBy,
      ...(input.helper === undefined ? [] : [input.helper.personId]),
    ],
  );
  if (!row) throw new StoreError("NOT_FOUND", "scorecard not found");
  return toScorecard(row);
}

/**
 * Takes a lead's review off a card (the lead reviewed the wrong card, or wants the engine's scores
 * back): its item scores, overall, note, reviewer and time are cleared, so the card reads as the
 * engine scored it and is "not reviewed" again. Null when the card is not reviewed (nothing to take off).
 */
export async function withdrawScorecardReview(
  db: Queryable,
  input: { orgId: string; conversationId: string; helper?: { personId: string } },
): Promise<ScorecardRecord | null> {
  if (!isUuid(input.conversationId) || (input.helper !== undefined && !isUuid(input.helper.personId)))
    return null;
  const [row] = await db.query(
    `UPDATE scorecards SET override = NULL, override_overall = NULL, review_note = NULL, reviewed_by = NULL,
       reviewed_at = NULL
     WHERE org_id = $1 AND conversation_id = $2 AND reviewed_at IS NOT NULL
       AND ${cardOf(input.helper === undefined ? "agent" : "helper", 3)}
     RETURNING ${COLUMNS}`,
    [input.orgId, input.conversationId, ...(input.helper === undefined ? [] : [input.helper.personId])],
  );
  return row ? toScorecard(row) : null;
}

/**
 * Agents' cards scored before a card scored its agent's part only (their `auto` has no `scope`):
 * they scored every line, a helper's too. Loop 2 re-scores each once at start (the re-scored card
 * has a scope, so it is not listed again); a lead's review is kept. Closed conversations only,
 * oldest card first, across organisations.
 */
export async function findScorecardsScoredWhole(
  db: Queryable,
  query: { limit?: number } = {},
): Promise<{ orgId: string; conversationId: string }[]> {
  const rows = await db.query(
    `SELECT s.org_id, s.conversation_id FROM scorecards s
     JOIN conversations c ON c.org_id = s.org_id AND c.id = s.conversation_id AND c.status = 'closed'
     WHERE s.role = 'agent' AND s.auto -> 'scope' IS NULL
     ORDER BY s.created_at, s.conversation_id LIMIT $1`,
    [Math.min(Math.max(query.limit ?? 100, 1), 1000)],
  );
  return rows.map((row) => ({
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
  }));
}

/**
 * Closed conversations loop 2 still has to look at, oldest close first: those without a scorecard,
 * and those whose scorecard covers another close than the conversation's last one (reopened and
 * closed again, or a message arrived while it was scored). What the processor's startup sweep
 * reads, for closes whose processing an instance never finished (it died, or was stopped).
 */
export async function findClosedConversationsToScore(
  db: Queryable,
  query: { limit?: number } = {},
): Promise<{ orgId: string; conversationId: string }[]> {
  const rows = await db.query(
    `SELECT c.org_id, c.id FROM conversations c
     LEFT JOIN scorecards s ON s.conversation_id = c.id AND s.role = 'agent'
     WHERE c.status = 'closed' AND (s.conversation_id IS NULL OR s.scored_close_at IS DISTINCT FROM c.closed_at)
     ORDER BY c.closed_at NULLS FIRST, c.id LIMIT $1`,
    [Math.min(Math.max(query.limit ?? 100, 1), 1000)],
  );
  return rows.map((row) => ({ orgId: readText(row, "org_id"), conversationId: readText(row, "id") }));
}

/**
 * `conversation.closed` events after `afterId`, in id order: loop 2's processor follows the event
 * log with this cursor (events commit in id order, see appendEvents, so none is skipped).
 */
export async function findClosedConversationEventsAfter(
  db: Queryable,
  query: { afterId: number; limit?: number },
): Promise<{ id: number; orgId: string; conversationId: string }[]> {
  const rows = await db.query(
    `SELECT id, org_id, conversation_id FROM events
     WHERE id > $1 AND type = 'conversation.closed' AND conversation_id IS NOT NULL ORDER BY id LIMIT $2`,
    [query.afterId, Math.min(Math.max(query.limit ?? 100, 1), 1000)],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    orgId: readText(row, "org_id"),
    conversationId: readText(row, "conversation_id"),
  }));
}

// Loop 3's skill map reads what loop 1 and loop 2 already stored about each closed conversation:
// its QA scorecard (a lead's override over the engine's score), the engine's cues on the agent's
// own lines, and whether a teammate stepped in and how the customer ended. One row per closed,
// scored conversation; the server (src/server/skills/skillMap.ts) turns the rows into levels.
import {
  isUuid,
  readJson,
  readMillis,
  readNumber,
  readText,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { JsonValue, Queryable } from "./types.ts";

/** What one closed conversation says about the skills of whoever a card scores (its agent or a helper). */
export interface SkillEvidenceRecord {
  conversationId: string;
  teamId: string;
  agentId: string;
  topic: string | null;
  closedAt: number;
  /**
   * QA item → score 0–4: the lead's override where they reviewed it, else the engine's score
   * where the item applied (an item the conversation gave nothing to judge is left out).
   */
  qa: Record<string, number>;
  /** The person's own analysed lines in it (a helper's lines are theirs, not the agent's). */
  agentLines: number;
  /** Cue kind → how many of the agent's lines showed it. */
  cueLines: Record<string, number>;
  /** A teammate stepped in (signal, whisper, takeover offer or warm transfer). */
  helped: boolean;
  /** The customer's emotion at the last analysed line; null when never read. */
  endEmotion: string | null;
}

/** The most rows one read returns (two 90-day periods of a large team fit many times over). */
export const SKILL_EVIDENCE_MAX_ROWS = 50_000;

/** Kinds of step-in that count as being helped by a teammate. */
const HELP_KINDS = ["signal", "whisper", "takeover_offer", "warm_transfer"];

function numberMap(value: JsonValue): Record<string, number> {
  const out: Record<string, number> = {};
  if (value !== null && typeof value === "object" && !Array.isArray(value))
    for (const [k, v] of Object.entries(value)) {
      const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
      if (Number.isFinite(n)) out[k] = n;
    }
  return out;
}

/**
 * A line's cue kinds: the kind of each cue that has one (strict: `cues` not an array, or no
 * analysis, gives none).
 */
const CUE_KINDS_PATH = 'strict $.cues[*].kind ? (@.type() == "string")';

/** Cue kind → how many lines showed it, from each line's kinds (a kind counts once per line). */
function countKinds(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (Array.isArray(value))
    for (const line of value)
      if (Array.isArray(line))
        for (const kind of new Set(line)) if (typeof kind === "string") out[kind] = (out[kind] ?? 0) + 1;
  return out;
}

function toEvidence(row: Row): SkillEvidenceRecord {
  return {
    conversationId: readText(row, "conversation_id"),
    teamId: readText(row, "team_id"),
    agentId: readText(row, "agent_id"),
    topic: readTextOrNull(row, "topic"),
    closedAt: readMillis(row, "closed_at"),
    qa: numberMap(readJson(row, "qa")),
    agentLines: readNumber(row, "agent_lines"),
    cueLines: countKinds(row.cue_kinds),
    helped: row.helped === true,
    endEmotion: readTextOrNull(row, "customer_emotion"),
  };
}

/**
 * A card's stored lines (migration 0044) stand while its conversation has as many messages and the
 * same assignee as when they were read: lines are only ever added (each bumps the count), their
 * author never changes, and an analysis stored later clears them (appendAnalyses).
 */
const LINES_STORED_SQL = `(s.skill_lines IS NOT NULL AND s.skill_lines_of = c.message_count
  AND s.skill_lines_assignee IS NOT DISTINCT FROM c.assigned_person_id)`;

/**
 * The card's person's lines, read once (when `when` holds): how many were analysed, and each
 * line's cue kinds (counted per kind, once per line, by toEvidence). Reads `s` (the card), `c` (its
 * conversation) and the cue kinds' JSON path as parameter `path`.
 */
const LINES_SQL = (when: string, path: string): string => `
       SELECT count(*) FILTER (WHERE m.analysis IS NOT NULL)::int AS agent_lines,
              COALESCE(jsonb_agg(jsonb_path_query_array(m.analysis, ${path}::jsonpath, '{}', true))
                         FILTER (WHERE m.analysis IS NOT NULL), '[]'::jsonb) AS cue_kinds
         FROM messages m
        WHERE ${when}
          AND m.org_id = s.org_id AND m.conversation_id = s.conversation_id AND m.role = 'agent'
          AND m.kind = 'message'
          AND (m.author_person_id = s.agent_id
               OR (m.author_person_id IS NULL AND c.assigned_person_id = s.agent_id))`;

/** The most conversations whose cards one read of the evidence stores the lines of. */
export const STORE_LINES_PER_READ = 4_000;

/** The teams' ($2) cards with a person of conversations closed in [$3, $4), of organisation $1. */
const CARDS_IN_PERIOD_SQL = `s.org_id = $1 AND s.team_id = ANY($2::uuid[]) AND s.agent_id IS NOT NULL
       AND c.status = 'closed' AND c.closed_at >= $3 AND c.closed_at < $4`;

/**
 * The skill evidence of the teams' closed conversations that have a scorecard and an agent, closed
 * in [since, until), oldest close first: one row per card, the agent's and each helper's (a
 * teammate who took the conversation over, received it or wrote to the customer is scored on their
 * part, and that part is their handling too). A person's lines are those they wrote, and agent
 * lines with no author in a conversation assigned to them.
 *
 * Each card keeps its evidence (migration 0044): its QA scores are generated with it, and its
 * person's lines are read from the transcript only when the card has none stored for the
 * conversation as it is now; those are then stored with the card (`store: false` leaves them),
 * so the next read of the period reads no line at all.
 */
export async function listSkillEvidence(
  db: Queryable,
  query: {
    orgId: string;
    teamIds: readonly string[];
    since: number;
    until: number;
    limit?: number;
    store?: boolean;
  },
): Promise<SkillEvidenceRecord[]> {
  const teamIds = query.teamIds.filter(isUuid);
  if (teamIds.length === 0) return [];
  const rows = await db.query(
    `SELECT s.conversation_id, s.team_id, s.agent_id, c.topic, c.closed_at, c.customer_emotion,
       s.skill_qa AS qa, ${LINES_STORED_SQL} AS stored,
       CASE WHEN ${LINES_STORED_SQL} THEN s.skill_lines ELSE lines.agent_lines END AS agent_lines,
       CASE WHEN ${LINES_STORED_SQL} THEN s.skill_cue_kinds ELSE lines.cue_kinds END AS cue_kinds,
       EXISTS (SELECT 1 FROM interventions h
                WHERE h.org_id = s.org_id AND h.conversation_id = s.conversation_id
                  AND h.kind = ANY($5::text[]) AND h.from_person_id IS DISTINCT FROM s.agent_id
                  -- A helper was helped only by a step-in to them: the takeover or transfer that
                  -- gave them the conversation is not help they received.
                  AND (s.role = 'agent' OR h.to_person_id = s.agent_id)) AS helped
     FROM scorecards s
     JOIN conversations c ON c.org_id = s.org_id AND c.id = s.conversation_id
     -- The person's lines, read only when none are stored for the conversation as it is now.
     CROSS JOIN LATERAL (${LINES_SQL(`NOT ${LINES_STORED_SQL}`, "$7")}) lines
     WHERE ${CARDS_IN_PERIOD_SQL}
     ORDER BY c.closed_at, s.conversation_id, s.agent_id
     LIMIT $6`,
    [
      query.orgId,
      teamIds,
      toTimestamp(query.since),
      toTimestamp(query.until),
      HELP_KINDS,
      Math.min(Math.max(Math.trunc(query.limit ?? SKILL_EVIDENCE_MAX_ROWS), 1), SKILL_EVIDENCE_MAX_ROWS),
      CUE_KINDS_PATH,
    ],
  );
  // Lines read from the transcript are kept with their cards for the next read, in the database
  // (sending them back would cost as much as reading them), and for at most STORE_LINES_PER_READ
  // conversations per read: each stored card is rewritten, and a first read of a large team's
  // history (33,000 cards) held the store for seconds more; the rest are kept by the next reads.
  const unstored = [
    ...new Set(rows.filter((row) => row.stored !== true).map((row) => readText(row, "conversation_id"))),
  ].slice(0, STORE_LINES_PER_READ);
  if (query.store !== false && unstored.length > 0)
    await db.query(
      `UPDATE scorecards s
          SET (skill_lines, skill_cue_kinds) = (${LINES_SQL("true", "$5")}),
              skill_lines_of = c.message_count, skill_lines_assignee = c.assigned_person_id
         FROM conversations c
        WHERE c.org_id = s.org_id AND c.id = s.conversation_id AND ${CARDS_IN_PERIOD_SQL}
          AND s.conversation_id = ANY($6::uuid[]) AND NOT ${LINES_STORED_SQL}`,
      [query.orgId, teamIds, toTimestamp(query.since), toTimestamp(query.until), CUE_KINDS_PATH, unstored],
    );
  return rows.map(toEvidence);
}

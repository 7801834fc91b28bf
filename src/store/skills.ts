// Loop 3's skill map reads what loop 1 and loop 2 already stored about each closed conversation:
// its QA scorecard (a lead's override over the engine's score), the engine's cues on the agent's
// own lines, and whether a teammate stepped in and how the customer ended. One row per closed,
// scored conversation; the server (src/server/skills/skillMap.ts) turns the rows into levels.
import {
  isUuid,
  readJson,
  readMillis,
  readMillisOrNull,
  readNumber,
  readText,
  readTextOrNull,
  toJsonParam,
  toTimestamp,
  type Row,
} from "./rows.ts";
import { agentPart } from "./agentPart.ts";
import type { InterventionRecord } from "./interventions.ts";
import type { MessageRecord } from "./messages.ts";
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
const linesStoredSql = (s: string, c: string): string => `(${s}.skill_lines IS NOT NULL
  AND ${s}.skill_lines_of = ${c}.message_count
  AND ${s}.skill_lines_assignee IS NOT DISTINCT FROM ${c}.assigned_person_id)`;
const LINES_STORED_SQL = linesStoredSql("s", "c");

/** The teams' ($2) cards with a person of conversations closed in [$3, $4), of organisation $1. */
const CARDS_IN_PERIOD_SQL = `s.org_id = $1 AND s.team_id = ANY($2::uuid[]) AND s.agent_id IS NOT NULL
       AND c.status = 'closed' AND c.closed_at >= $3 AND c.closed_at < $4`;

/** A card's person's lines: how many were analysed, and each analysed line's cue kinds. */
interface CardLines {
  agentLines: number;
  cueKinds: JsonValue[];
}

const cardKey = (conversationId: string, personId: string): string => `${conversationId}|${personId}`;

/**
 * The lines of each card (a conversation and the person it scores), read from the transcript as it
 * is now: a person's lines are those agentPart gives them, the rule their scorecard is scored by
 * (their own lines, and a line with no author while they were handling the conversation, which a
 * takeover or transfer moves), not its last assignee's. Keyed by cardKey.
 */
async function readCardLines(
  db: Queryable,
  orgId: string,
  cards: readonly { conversationId: string; personId: string }[],
): Promise<Map<string, CardLines>> {
  const out = new Map<string, CardLines>();
  const ids = [...new Set(cards.map((c) => c.conversationId))].filter(isUuid);
  if (ids.length === 0) return out;
  const agents = await db.query(
    `SELECT conversation_id, agent_id FROM scorecards
      WHERE org_id = $1 AND conversation_id = ANY($2::uuid[]) AND role = 'agent' AND agent_id IS NOT NULL`,
    [orgId, ids],
  );
  const messages = await db.query(
    `SELECT conversation_id, role, author_person_id, sent_at,
            CASE WHEN analysis IS NOT NULL
                 THEN jsonb_path_query_array(analysis, $3::jsonpath, '{}', true) END AS cue_kinds
       FROM messages
      WHERE org_id = $1 AND conversation_id = ANY($2::uuid[]) AND kind = 'message'
      ORDER BY conversation_id, position`,
    [orgId, ids, CUE_KINDS_PATH],
  );
  const interventions = await db.query(
    `SELECT conversation_id, kind, state, from_person_id, to_person_id, created_at, decided_at, updated_at
       FROM interventions WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])`,
    [orgId, ids],
  );
  const agentOf = new Map(agents.map((r) => [readText(r, "conversation_id"), readText(r, "agent_id")]));
  const group = <T>(rows: Row[], to: (row: Row) => T): Map<string, T[]> => {
    const by = new Map<string, T[]>();
    for (const row of rows) {
      const id = readText(row, "conversation_id");
      const list = by.get(id) ?? [];
      list.push(to(row));
      by.set(id, list);
    }
    return by;
  };
  const linesOf = group(messages, (r) => ({
    role: readText(r, "role") as MessageRecord["role"],
    authorPersonId: readTextOrNull(r, "author_person_id"),
    sentAt: readMillis(r, "sent_at"),
    cueKinds: r.cue_kinds === null || r.cue_kinds === undefined ? null : readJson(r, "cue_kinds"),
  }));
  const stepInsOf = group(interventions, (r) => ({
    kind: readText(r, "kind") as InterventionRecord["kind"],
    state: readText(r, "state") as InterventionRecord["state"],
    fromPersonId: readTextOrNull(r, "from_person_id"),
    toPersonId: readTextOrNull(r, "to_person_id"),
    createdAt: readMillis(r, "created_at"),
    decidedAt: readMillisOrNull(r, "decided_at"),
    updatedAt: readMillis(r, "updated_at"),
  }));
  for (const { conversationId, personId } of cards) {
    const lines = linesOf.get(conversationId) ?? [];
    const part = agentPart(
      lines,
      stepInsOf.get(conversationId) ?? [],
      agentOf.get(conversationId) ?? personId,
      personId,
    );
    const cueKinds: JsonValue[] = [];
    for (const index of part.indexes) {
      const line = lines[index];
      if (line !== undefined && line.role === "agent" && line.cueKinds !== null) cueKinds.push(line.cueKinds);
    }
    out.set(cardKey(conversationId, personId), { agentLines: cueKinds.length, cueKinds });
  }
  return out;
}

/** Cards' lines as a JSON parameter for jsonb_to_recordset: conversation, person, lines, cue kinds. */
function cardLinesParam(lines: ReadonlyMap<string, CardLines>, extra: (key: string) => object = () => ({})) {
  return toJsonParam(
    [...lines].map(([key, l]) => {
      const [conversationId, personId] = key.split("|");
      return {
        conversation_id: conversationId,
        agent_id: personId,
        agent_lines: l.agentLines,
        cue_kinds: l.cueKinds,
        ...extra(key),
      };
    }) as JsonValue,
  );
}

/**
 * Keeps each card's lines of the conversations with it (migration 0044), read from the transcript as
 * it is now (readCardLines): called when a conversation's cards are written (it closed and was
 * scored, or a close was covered) and when a line's analysis is stored later, so that the skill map
 * reads no line. A card already stored for the conversation as it is now is left as it is.
 */
export async function storeSkillLines(
  db: Queryable,
  input: { orgId: string; conversationIds: readonly string[] },
): Promise<void> {
  const ids = [...new Set(input.conversationIds)].filter(isUuid);
  if (ids.length === 0) return;
  // Stamped with the conversation as it was before its lines were read: a line written meanwhile
  // makes them out of date, and they are read again.
  const cards = await db.query(
    `SELECT s.conversation_id, s.agent_id, c.message_count, c.assigned_person_id
       FROM scorecards s JOIN conversations c ON c.org_id = s.org_id AND c.id = s.conversation_id
      WHERE s.org_id = $1 AND s.conversation_id = ANY($2::uuid[]) AND s.agent_id IS NOT NULL
        AND NOT ${LINES_STORED_SQL}`,
    [input.orgId, ids],
  );
  if (cards.length === 0) return;
  const stamps = new Map(
    cards.map((r) => [
      cardKey(readText(r, "conversation_id"), readText(r, "agent_id")),
      { lines_of: readNumber(r, "message_count"), assignee: readTextOrNull(r, "assigned_person_id") },
    ]),
  );
  const lines = await readCardLines(
    db,
    input.orgId,
    cards.map((r) => ({ conversationId: readText(r, "conversation_id"), personId: readText(r, "agent_id") })),
  );
  await db.query(
    `UPDATE scorecards s
        SET skill_lines = v.agent_lines, skill_cue_kinds = v.cue_kinds,
            skill_lines_of = v.lines_of, skill_lines_assignee = v.assignee
       FROM jsonb_to_recordset($2::jsonb)
            AS v(conversation_id uuid, agent_id uuid, agent_lines int, cue_kinds jsonb, lines_of int, assignee uuid)
      WHERE s.org_id = $1 AND s.conversation_id = v.conversation_id AND s.agent_id = v.agent_id`,
    [input.orgId, cardLinesParam(lines, (key) => stamps.get(key) ?? {})],
  );
}

/**
 * Closed conversations with a card whose lines are not stored for the conversation as it is now
 * (migration 0063 cleared them, or it changed since it was scored), most recently closed first,
 * across organisations: loop 2 stores their lines again (storeSkillLines) a slice at a time, so
 * the skill map stops reading them from the transcript on every read without a read writing.
 */
export async function findConversationsWithoutSkillLines(
  db: Queryable,
  query: { limit?: number } = {},
): Promise<{ orgId: string; conversationId: string }[]> {
  const rows = await db.query(
    `SELECT c.org_id, c.id FROM conversations c
      WHERE c.status = 'closed'
        AND EXISTS (SELECT 1 FROM scorecards s
                     WHERE s.org_id = c.org_id AND s.conversation_id = c.id AND s.agent_id IS NOT NULL
                       AND ${LINES_STORED_SQL} IS NOT TRUE)
      ORDER BY c.closed_at DESC, c.id LIMIT $1`,
    [Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 1000)],
  );
  return rows.map((row) => ({ orgId: readText(row, "org_id"), conversationId: readText(row, "id") }));
}

/**
 * The skill evidence of the teams' closed conversations that have a scorecard and an agent, closed
 * in [since, until), oldest close first: one row per card, the agent's and each helper's (a
 * teammate who took the conversation over, received it or wrote to the customer is scored on their
 * part, and that part is their handling too), or only `agentId`'s cards. A person's lines are
 * their part by the scorecard's rule (readCardLines): those they wrote, and agent lines with no
 * author while they were handling the conversation.
 *
 * Each card keeps its evidence (migration 0044): its QA scores are generated with it, and its
 * person's lines are stored when it is written (storeSkillLines); they are read from the transcript
 * (a second statement) only for a card whose conversation changed since (not stored again: its
 * next close does).
 */
export async function listSkillEvidence(
  db: Queryable,
  query: {
    orgId: string;
    teamIds: readonly string[];
    since: number;
    until: number;
    /** Only this person's cards. */
    agentId?: string;
    limit?: number;
  },
): Promise<SkillEvidenceRecord[]> {
  const teamIds = query.teamIds.filter(isUuid);
  if (teamIds.length === 0) return [];
  if (query.agentId !== undefined && !isUuid(query.agentId)) return [];
  const rows = await db.query(
    `SELECT s.conversation_id, s.team_id, s.agent_id, c.topic, c.closed_at, c.customer_emotion,
       s.skill_qa AS qa, ${LINES_STORED_SQL} AS stored,
       s.skill_lines AS agent_lines, s.skill_cue_kinds AS cue_kinds,
       EXISTS (SELECT 1 FROM interventions h
                WHERE h.org_id = s.org_id AND h.conversation_id = s.conversation_id
                  AND h.kind = ANY($5::text[]) AND h.from_person_id IS DISTINCT FROM s.agent_id
                  -- A helper was helped only by a step-in to them: the takeover or transfer that
                  -- gave them the conversation is not help they received.
                  AND (s.role = 'agent' OR h.to_person_id = s.agent_id)) AS helped
     FROM scorecards s
     JOIN conversations c ON c.org_id = s.org_id AND c.id = s.conversation_id
     WHERE ${CARDS_IN_PERIOD_SQL}${query.agentId !== undefined ? " AND s.agent_id = $7" : ""}
     ORDER BY c.closed_at, s.conversation_id, s.agent_id
     LIMIT $6`,
    [
      query.orgId,
      teamIds,
      toTimestamp(query.since),
      toTimestamp(query.until),
      HELP_KINDS,
      Math.min(Math.max(Math.trunc(query.limit ?? SKILL_EVIDENCE_MAX_ROWS), 1), SKILL_EVIDENCE_MAX_ROWS),
      ...(query.agentId !== undefined ? [query.agentId] : []),
    ],
  );
  // The person's lines, read only when none are stored for the conversation as it is now.
  const card = (r: Row) => ({
    conversationId: readText(r, "conversation_id"),
    personId: readText(r, "agent_id"),
  });
  const unstored = rows.filter((r) => r.stored !== true);
  const read = unstored.length > 0 ? await readCardLines(db, query.orgId, unstored.map(card)) : new Map();
  return rows.map((r) => {
    if (r.stored === true) return toEvidence(r);
    const { conversationId, personId } = card(r);
    const lines = read.get(cardKey(conversationId, personId));
    return toEvidence({ ...r, agent_lines: lines?.agentLines ?? 0, cue_kinds: lines?.cueKinds ?? [] });
  });
}

/** How the skill map turns a card into skill values (src/server/skills/skillMap.ts, skillValues). */
export interface SkillMeasures {
  /** Skills scored by the QA item of the same name: the score (clamped to 0–4) over 4. */
  qa: readonly string[];
  /** Skills read from the person's cued lines, when they wrote an analysed line: 1 when showing one of `kinds` is `good`. */
  cues: readonly { skill: string; kinds: readonly string[]; good: boolean }[];
  /** Skills read where a teammate stepped in and the customer's mood was read: 1 when it ended in `calm`. */
  help: readonly string[];
  calm: readonly string[];
}

/**
 * One sum of skill values: a person's (null: everyone's) about one topic (null: conversations with
 * none) for one skill (null: the conversations themselves, `n` of them, `sum` 0).
 */
export interface SkillTallyRecord {
  agentId: string | null;
  topic: string | null;
  skill: string | null;
  sum: number;
  n: number;
}

/**
 * The skill values of the same cards as listSkillEvidence, summed by the database per person
 * (`byAgent`; else everyone together), topic and skill: a skill map compares one person with the
 * rest of the team, a team's mentorship each person with the others, and neither needs the team's
 * cards one by one (33,000 rows for a team of 40 over two 90-day periods). `exceptAgentId` leaves a
 * person's cards out. No row limit: every card in the period counts.
 */
export async function summariseSkillEvidence(
  db: Queryable,
  query: {
    orgId: string;
    teamIds: readonly string[];
    since: number;
    until: number;
    byAgent: boolean;
    exceptAgentId?: string;
    measures: SkillMeasures;
  },
): Promise<SkillTallyRecord[]> {
  const teamIds = query.teamIds.filter(isUuid);
  if (teamIds.length === 0) return [];
  const except =
    query.exceptAgentId !== undefined && isUuid(query.exceptAgentId) ? query.exceptAgentId : null;
  const m = query.measures;
  const sumWith = (read: ReadonlyMap<string, CardLines>) =>
    db.query(
      // The cards and their conversations joined as a whole (hash joins: the tables once, not a
      // lookup per card); then each card reduced to what its skill values depend on, cards alike
      // counted together (most share their QA scores and cues), and only those groups summed per skill.
      `WITH base AS MATERIALIZED (
       SELECT s.org_id, s.conversation_id, s.agent_id, s.role, s.skill_qa, s.skill_lines, s.skill_cue_kinds,
              s.skill_lines_of, s.skill_lines_assignee,
              c.topic, c.customer_emotion, c.message_count, c.assigned_person_id
         FROM scorecards s
         JOIN conversations c ON c.org_id = s.org_id AND c.id = s.conversation_id
        WHERE ${CARDS_IN_PERIOD_SQL} AND s.agent_id IS DISTINCT FROM $7::uuid
     ),
     -- Helped as listSkillEvidence says, joined once rather than looked up card by card.
     helped AS (
       SELECT DISTINCT k.conversation_id, k.agent_id, k.role
         FROM base k
         JOIN interventions h ON h.org_id = k.org_id AND h.conversation_id = k.conversation_id
        WHERE h.kind = ANY($5::text[]) AND h.from_person_id IS DISTINCT FROM k.agent_id
          AND (k.role = 'agent' OR h.to_person_id = k.agent_id)
     ),
     cards AS (
       SELECT s.agent_id, s.topic, s.skill_qa AS qa,
              CASE WHEN ${linesStoredSql("s", "s")} THEN s.skill_lines ELSE COALESCE(lines.agent_lines, 0) END > 0
                AS has_lines,
              -- The cue kinds any measure reads that the person's lines showed, each once.
              (SELECT COALESCE(jsonb_agg(DISTINCT kind ORDER BY kind), '[]'::jsonb)
                 FROM jsonb_path_query(
                        CASE WHEN ${linesStoredSql("s", "s")} THEN s.skill_cue_kinds
                             ELSE COALESCE(lines.cue_kinds, '[]'::jsonb) END,
                        'strict $[*][*] ? (@ == $kinds[*])', $9::jsonb, true) AS kind) AS shown,
              CASE WHEN h.agent_id IS NOT NULL AND s.customer_emotion IS NOT NULL
                   THEN s.customer_emotion = ANY($12::text[]) END AS calm_end
         FROM base s
         LEFT JOIN helped h USING (conversation_id, agent_id, role)
         -- The person's lines where none are stored for the conversation as it is now: read by
         -- readCardLines when the first run named them (stale below).
         LEFT JOIN jsonb_to_recordset($6::jsonb)
                   AS lines(conversation_id uuid, agent_id uuid, agent_lines int, cue_kinds jsonb)
                ON lines.conversation_id = s.conversation_id AND lines.agent_id = s.agent_id
     ),
     stale AS (
       SELECT s.conversation_id, s.agent_id FROM base s
        WHERE NOT ${linesStoredSql("s", "s")}
          AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($6::jsonb) AS r(conversation_id uuid, agent_id uuid)
                           WHERE r.conversation_id = s.conversation_id AND r.agent_id = s.agent_id)
     ),
     groups AS (
       SELECT agent_id, topic, qa, has_lines, shown, calm_end, count(*) AS n
         FROM cards GROUP BY agent_id, topic, qa, has_lines, shown, calm_end
     ),
     marks AS (
       SELECT g.agent_id, g.topic, NULL::text AS skill, 0::numeric AS value, g.n FROM groups g
       UNION ALL
       SELECT g.agent_id, g.topic, q.key, LEAST(GREATEST(q.value::numeric, 0), 4) / 4, g.n
         FROM groups g CROSS JOIN LATERAL jsonb_each(g.qa) q
        WHERE q.key = ANY($8::text[]) AND jsonb_typeof(q.value) = 'number'
       UNION ALL
       SELECT g.agent_id, g.topic, cue.skill, CASE WHEN (g.shown ?| cue.kinds) = cue.good THEN 1 ELSE 0 END, g.n
         FROM groups g CROSS JOIN jsonb_to_recordset($10::jsonb) AS cue(skill text, kinds text[], good boolean)
        WHERE g.has_lines
       UNION ALL
       SELECT g.agent_id, g.topic, help.skill, CASE WHEN g.calm_end THEN 1 ELSE 0 END, g.n
         FROM groups g CROSS JOIN unnest($11::text[]) AS help(skill)
        WHERE g.calm_end IS NOT NULL
     )
     SELECT ${query.byAgent ? "agent_id" : "NULL::uuid AS agent_id"}, topic, skill,
            sum(value * n)::float8 AS sum, sum(n)::int AS n, NULL::uuid AS stale_conversation_id
       FROM marks GROUP BY 1, 2, 3
     UNION ALL
     SELECT agent_id, NULL, NULL, 0, 0, conversation_id FROM stale`,
      [
        query.orgId,
        teamIds,
        toTimestamp(query.since),
        toTimestamp(query.until),
        HELP_KINDS,
        cardLinesParam(read),
        except,
        m.qa,
        toJsonParam({ kinds: [...new Set(m.cues.flatMap((cue) => cue.kinds))] }),
        toJsonParam(m.cues),
        m.help,
        m.calm,
      ],
    );
  let rows = await sumWith(new Map());
  // Cards whose lines are not stored for their conversation as it is now (it changed since they
  // were written): their lines read by agentPart's rule, then summed again with them.
  const stale = rows.flatMap((r) =>
    r.stale_conversation_id === null || r.stale_conversation_id === undefined
      ? []
      : [{ conversationId: readText(r, "stale_conversation_id"), personId: readText(r, "agent_id") }],
  );
  if (stale.length > 0) rows = await sumWith(await readCardLines(db, query.orgId, stale));
  rows = rows.filter((r) => r.stale_conversation_id === null || r.stale_conversation_id === undefined);
  return rows.map((row) => ({
    agentId: readTextOrNull(row, "agent_id"),
    topic: readTextOrNull(row, "topic"),
    skill: readTextOrNull(row, "skill"),
    sum: readNumber(row, "sum"),
    n: readNumber(row, "n"),
  }));
}

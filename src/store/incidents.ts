import { StoreError } from "./errors.ts";
import {
  buildUnnest,
  findInOrg,
  isUuid,
  readMillis,
  readMillisOrNull,
  readNumber,
  readText,
  readTextArray,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

/*
 * Incident surge: customers' reports of a malfunction (migration 0010), counted per team and
 * subject over a sliding window. When enough different conversations of one team report the same
 * subject, one incident opens; later reports of that subject, or of another subject mostly raised
 * by the same conversations ("error 502" and "checkout"), count towards it instead of opening more.
 */

export type IncidentStatus = "open" | "resolved";

export interface IncidentRecord {
  id: string;
  orgId: string;
  teamId: string;
  terms: string[];
  label: string;
  example: string;
  status: IncidentStatus;
  /** Different conversations reporting it, from a window before it opened until now. */
  conversationCount: number;
  openedAt: number;
  lastReportAt: number;
  /** The draft knowledge insight (the stub) written when it opened. */
  insightId: string | null;
  resolvedAt: number | null;
  /** Null on a resolved incident: closed by the sweeper after a quiet spell. */
  resolvedBy: string | null;
  resolutionNote: string | null;
}

/** One subject of one customer message (`malfunctionReport` in the engine gives up to three). */
export interface NewMalfunctionReport {
  orgId: string;
  teamId: string;
  conversationId: string;
  messageId: string;
  term: string;
  label: string;
  phrase: string;
  reportedAt: number;
}

export interface IncidentRules {
  /** Different conversations within the window that open an incident. */
  threshold: number;
  windowMs: number;
}

const COLUMNS = `id, org_id, team_id, terms, label, example, status, conversation_count, opened_at, last_report_at,
  insight_id, resolved_at, resolved_by, resolution_note`;

function toIncident(row: Row): IncidentRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    teamId: readText(row, "team_id"),
    terms: readTextArray(row, "terms"),
    label: readText(row, "label"),
    example: readText(row, "example"),
    status: readText(row, "status") === "resolved" ? "resolved" : "open",
    conversationCount: readNumber(row, "conversation_count"),
    openedAt: readMillis(row, "opened_at"),
    lastReportAt: readMillis(row, "last_report_at"),
    insightId: readTextOrNull(row, "insight_id"),
    resolvedAt: readMillisOrNull(row, "resolved_at"),
    resolvedBy: readTextOrNull(row, "resolved_by"),
    resolutionNote: readTextOrNull(row, "resolution_note"),
  };
}

function reportProblems(reports: readonly NewMalfunctionReport[], rules: IncidentRules): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rules.threshold) || rules.threshold < 2)
    problems.push("threshold must be an integer of at least 2");
  if (!Number.isFinite(rules.windowMs) || rules.windowMs <= 0) problems.push("windowMs must be positive");
  reports.forEach((r, i) => {
    for (const key of ["orgId", "teamId", "conversationId", "messageId"] as const)
      if (!isUuid(r[key])) problems.push(`reports[${i}].${key} must be a uuid`);
    if (r.term.length === 0 || r.term.length > 100)
      problems.push(`reports[${i}].term must be 1..100 characters`);
    if (r.label.length === 0 || r.label.length > 100)
      problems.push(`reports[${i}].label must be 1..100 characters`);
    if (r.phrase.length > 200) problems.push(`reports[${i}].phrase must be at most 200 characters`);
    if (!Number.isFinite(r.reportedAt)) problems.push(`reports[${i}].reportedAt must be a time`);
  });
  return problems;
}

export interface IncidentChanges {
  /** Incidents these reports opened. */
  opened: IncidentRecord[];
  /** Open incidents whose count of conversations grew. */
  grown: IncidentRecord[];
}

interface Member {
  conversationId: string;
  phrase: string;
  reportedAt: number;
}

/**
 * Stores reports and opens or grows the incidents they make, judged at `now`. A report already
 * stored (same message and subject) is not counted twice, nor is a conversation already counted.
 * Teams are locked one by one (in id order), so instances ingesting for the same team at once open
 * one incident, not two. The work is proportional to the new reports, not to the window's: an
 * open incident's subjects are counted by adding their new conversations to it, and only subjects
 * without an open incident (each with fewer conversations than the threshold) are counted over the
 * window. Call it inside a transaction.
 */
export async function recordMalfunctionReports(
  db: Queryable,
  reports: readonly NewMalfunctionReport[],
  now: number,
  rules: IncidentRules,
): Promise<IncidentChanges> {
  const problems = reportProblems(reports, rules);
  if (problems.length > 0)
    throw new StoreError("INVALID_INPUT", `invalid malfunction reports: ${problems.join("; ")}`, {
      problems,
    });
  if (reports.length === 0) return { opened: [], grown: [] };

  const teams = [...new Set(reports.map((r) => r.teamId))].sort();
  for (const teamId of teams)
    await db.query("SELECT pg_advisory_xact_lock(hashtextextended('tagteam.incidents:' || $1, 0))", [teamId]);
  const rows = buildUnnest(
    reports.map((r) => [
      r.orgId,
      r.teamId,
      r.conversationId,
      r.messageId,
      r.term,
      r.label,
      r.phrase,
      toTimestamp(Math.min(r.reportedAt, now)),
    ]),
    ["uuid", "uuid", "uuid", "uuid", "text", "text", "text", "timestamptz"],
  );
  const fresh = (
    await db.query(
      `INSERT INTO incident_reports (org_id, team_id, conversation_id, message_id, term, label, phrase, reported_at)
       SELECT * FROM ${rows.sql}
       ON CONFLICT (message_id, term) DO NOTHING
       RETURNING team_id, term, conversation_id, phrase, reported_at`,
      rows.params,
    )
  ).map((row) => ({
    teamId: readText(row, "team_id"),
    term: readText(row, "term"),
    conversationId: readText(row, "conversation_id"),
    phrase: readText(row, "phrase"),
    reportedAt: readMillis(row, "reported_at"),
  }));
  if (fresh.length === 0) return { opened: [], grown: [] };

  // Between subjects reported together, the more specific first (reports list them that way).
  const rank = new Map<string, number>();
  const perMessage = new Map<string, number>();
  for (const r of reports) {
    const within = perMessage.get(r.messageId) ?? 0;
    perMessage.set(r.messageId, within + 1);
    rank.set(r.term, Math.min(rank.get(r.term) ?? Infinity, within));
  }

  const open = (
    await db.query(`SELECT ${COLUMNS} FROM incidents WHERE team_id = ANY($1::uuid[]) AND status = 'open'`, [
      teams,
    ])
  ).map(toIncident);
  const members = new Map<string, Map<string, Member>>();
  /** Conversations newly counted per incident (each counted once, by incident_conversations' key). */
  const added = new Map<string, number>();
  const addMembers = (incidentId: string, list: Iterable<Member>): void => {
    const map = members.get(incidentId) ?? new Map<string, Member>();
    for (const m of list) if (!map.has(m.conversationId)) map.set(m.conversationId, m);
    members.set(incidentId, map);
  };
  const incidentOf = (teamId: string, term: string) =>
    open.find((i) => i.teamId === teamId && i.terms.includes(term));

  // 1. Reports of an open incident's subjects join it.
  const rest: typeof fresh = [];
  for (const r of fresh) {
    const incident = incidentOf(r.teamId, r.term);
    if (incident !== undefined) addMembers(incident.id, [r]);
    else rest.push(r);
  }

  // 2. Other subjects are counted over the window, since the team's last incident about them closed.
  const opened: IncidentRecord[] = [];
  const aliases = new Map<string, string[]>();
  if (rest.length > 0) {
    const restTeams = [...new Set(rest.map((r) => r.teamId))];
    const restTerms = [...new Set(rest.map((r) => r.term))];
    const counted = await db.query(
      `SELECT DISTINCT ON (r.team_id, r.term, r.conversation_id)
              r.org_id, r.team_id, r.term, r.conversation_id, r.label, r.phrase, r.reported_at
       FROM incident_reports r
       WHERE r.team_id = ANY($1::uuid[]) AND r.term = ANY($2::text[]) AND r.reported_at > $3
         AND r.reported_at > COALESCE((SELECT max(i.resolved_at) FROM incidents i
                                       WHERE i.team_id = r.team_id AND r.term = ANY(i.terms)), '-infinity')
       ORDER BY r.team_id, r.term, r.conversation_id, r.reported_at, r.id`,
      [restTeams, restTerms, toTimestamp(now - rules.windowMs)],
    );
    const reported = new Set(rest.map((r) => `${r.teamId} ${r.term}`));
    const subjects = new Map<
      string,
      {
        orgId: string;
        teamId: string;
        term: string;
        first: { label: string; phrase: string; at: number };
        conversations: Member[];
      }
    >();
    for (const row of counted) {
      const teamId = readText(row, "team_id");
      const term = readText(row, "term");
      if (!reported.has(`${teamId} ${term}`)) continue;
      const member = {
        conversationId: readText(row, "conversation_id"),
        phrase: readText(row, "phrase"),
        reportedAt: readMillis(row, "reported_at"),
      };
      const key = `${teamId} ${term}`;
      const subject = subjects.get(key) ?? {
        orgId: readText(row, "org_id"),
        teamId,
        term,
        first: { label: readText(row, "label"), phrase: member.phrase, at: member.reportedAt },
        conversations: [],
      };
      if (member.reportedAt < subject.first.at)
        subject.first = { label: readText(row, "label"), phrase: member.phrase, at: member.reportedAt };
      subject.conversations.push(member);
      subjects.set(key, subject);
    }
    const ordered = [...subjects.values()]
      .filter((s) => s.conversations.length >= rules.threshold)
      .sort(
        (a, b) =>
          b.conversations.length - a.conversations.length ||
          (rank.get(a.term) ?? 0) - (rank.get(b.term) ?? 0),
      );
    for (const subject of ordered) {
      const ids = subject.conversations.map((c) => c.conversationId);
      // Another wording of an open incident: most of its conversations are counted there already.
      const inTeam = open.filter((i) => i.teamId === subject.teamId);
      let home: IncidentRecord | undefined;
      if (inTeam.length > 0) {
        const overlaps = await db.query(
          `SELECT incident_id, count(*)::int AS n FROM incident_conversations
           WHERE incident_id = ANY($1::uuid[]) AND conversation_id = ANY($2::uuid[])
           GROUP BY incident_id ORDER BY n DESC LIMIT 1`,
          [inTeam.map((i) => i.id), ids],
        );
        const best = overlaps[0];
        if (best !== undefined && readNumber(best, "n") * 2 >= ids.length)
          home = inTeam.find((i) => i.id === readText(best, "incident_id"));
      }
      if (home !== undefined) {
        home.terms = [...home.terms, subject.term].slice(0, 20);
        aliases.set(home.id, home.terms);
      } else {
        const [row] = await db.query(
          `INSERT INTO incidents (org_id, team_id, terms, label, example, conversation_count, opened_at, last_report_at)
           VALUES ($1, $2, ARRAY[$3::text], $4, $5, 0, $6, $6) RETURNING ${COLUMNS}`,
          [
            subject.orgId,
            subject.teamId,
            subject.term,
            subject.first.label,
            subject.first.phrase,
            toTimestamp(now),
          ],
        );
        if (!row) throw new StoreError("CONFLICT", "incident was not opened");
        home = toIncident(row);
        open.push(home);
        opened.push(home);
      }
      // Counted now, so a later subject of this batch sees them when it looks for overlaps.
      added.set(home.id, (added.get(home.id) ?? 0) + (await insertMembers(db, home, subject.conversations)));
    }
  }

  // 3. New conversations are added to their incidents; each touched incident is brought up to date.
  for (const [incidentId, list] of members) {
    const incident = open.find((i) => i.id === incidentId);
    if (incident !== undefined)
      added.set(
        incidentId,
        (added.get(incidentId) ?? 0) + (await insertMembers(db, incident, [...list.values()])),
      );
  }
  const touched = open.filter((i) => members.has(i.id) || aliases.has(i.id) || opened.includes(i));
  const grown: IncidentRecord[] = [];
  const openedIds = new Set(opened.map((i) => i.id));
  const final: IncidentRecord[] = [];
  for (const incident of touched) {
    const [row] = await db.query(
      `UPDATE incidents
       SET terms = $3::text[], last_report_at = GREATEST(last_report_at, $4),
           conversation_count = conversation_count + $5
       WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [incident.orgId, incident.id, incident.terms, toTimestamp(now), added.get(incident.id) ?? 0],
    );
    if (!row) continue;
    const updated = toIncident(row);
    if (openedIds.has(updated.id)) final.push(updated);
    else if (updated.conversationCount > incident.conversationCount) grown.push(updated);
  }
  return { opened: final, grown };
}

async function insertMembers(
  db: Queryable,
  incident: IncidentRecord,
  list: readonly Member[],
): Promise<number> {
  if (list.length === 0) return 0;
  const rows = buildUnnest(
    list.map((m) => [incident.id, m.conversationId, incident.orgId, m.phrase, toTimestamp(m.reportedAt)]),
    ["uuid", "uuid", "uuid", "text", "timestamptz"],
  );
  const inserted = await db.query(
    `INSERT INTO incident_conversations (incident_id, conversation_id, org_id, phrase, reported_at)
     SELECT * FROM ${rows.sql} ON CONFLICT (incident_id, conversation_id) DO NOTHING
     RETURNING conversation_id`,
    rows.params,
  );
  return inserted.length;
}

/** Links an incident to its knowledge stub (a draft insight written in the same transaction). */
export async function setIncidentInsight(
  db: Queryable,
  input: { orgId: string; id: string; insightId: string },
): Promise<IncidentRecord> {
  const [row] = await db.query(
    `UPDATE incidents SET insight_id = $3 WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [input.orgId, input.id, input.insightId],
  );
  if (!row) throw new StoreError("NOT_FOUND", `incident ${input.id} not found`);
  return toIncident(row);
}

export async function findIncidentById(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<IncidentRecord | null> {
  return findInOrg(db, { table: "incidents", columns: COLUMNS, orgId, id }, toIncident);
}

/** Newest first; `teamIds` limits to those teams (a reader's scope). */
export async function listIncidents(
  db: Queryable,
  query: { orgId: string; teamIds?: readonly string[]; status?: IncidentStatus; limit?: number },
): Promise<IncidentRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM incidents
     WHERE org_id = $1 AND ($2::uuid[] IS NULL OR team_id = ANY($2::uuid[])) AND ($3::text IS NULL OR status = $3)
     ORDER BY opened_at DESC, id LIMIT $4`,
    [
      query.orgId,
      query.teamIds ? query.teamIds.filter(isUuid) : null,
      query.status ?? null,
      Math.min(Math.max(query.limit ?? 100, 1), 1000),
    ],
  );
  return rows.map(toIncident);
}

/** A conversation that reported an incident's subjects. */
export interface IncidentConversation {
  conversationId: string;
  subject: string | null;
  customerName: string | null;
  /** Its first report's words. */
  phrase: string;
  reportedAt: number;
}

/** The conversations an incident counts, newest report first. */
export async function listIncidentConversations(
  db: Queryable,
  incident: IncidentRecord,
  limit = 200,
): Promise<IncidentConversation[]> {
  const rows = await db.query(
    `SELECT m.conversation_id, m.phrase, m.reported_at, c.subject, cu.name AS customer_name
     FROM incident_conversations m
     JOIN conversations c ON c.id = m.conversation_id
     LEFT JOIN customers cu ON cu.id = c.customer_id
     WHERE m.org_id = $1 AND m.incident_id = $2
     ORDER BY m.reported_at DESC, m.conversation_id LIMIT $3`,
    [incident.orgId, incident.id, limit],
  );
  return rows.map((row) => ({
    conversationId: readText(row, "conversation_id"),
    subject: readTextOrNull(row, "subject"),
    customerName: readTextOrNull(row, "customer_name"),
    phrase: readText(row, "phrase"),
    reportedAt: readMillis(row, "reported_at"),
  }));
}

/** Resolves an open incident (a lead's call, or the sweeper's with `by` null). */
export async function resolveIncident(
  db: Queryable,
  input: { orgId: string; id: string; by: string | null; note?: string | null; at?: number },
): Promise<IncidentRecord> {
  if (!isUuid(input.id)) throw new StoreError("NOT_FOUND", `incident ${input.id} not found`);
  if (input.note != null && input.note.length > 1000)
    throw new StoreError("INVALID_INPUT", "note must be at most 1000 characters");
  const [row] = await db.query(
    `UPDATE incidents SET status = 'resolved', resolved_at = COALESCE($5, now()), resolved_by = $3,
            resolution_note = $4
     WHERE org_id = $1 AND id = $2 AND status = 'open' RETURNING ${COLUMNS}`,
    [input.orgId, input.id, input.by, input.note ?? null, toTimestamp(input.at ?? null)],
  );
  if (row) return toIncident(row);
  const existing = await findIncidentById(db, input.orgId, input.id);
  if (existing === null) throw new StoreError("NOT_FOUND", `incident ${input.id} not found`);
  throw new StoreError("INVALID_TRANSITION", `incident ${input.id} is already resolved`);
}

/** Open incidents with no report since `quietSince`: the sweeper resolves them. */
export async function listQuietIncidents(
  db: Queryable,
  quietSince: number,
  limit = 100,
): Promise<IncidentRecord[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM incidents WHERE status = 'open' AND last_report_at < $1
     ORDER BY last_report_at LIMIT $2`,
    [toTimestamp(quietSince), limit],
  );
  return rows.map(toIncident);
}

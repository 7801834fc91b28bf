import { StoreError } from "./errors.ts";
import {
  buildUnnest,
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

/**
 * Stores reports and opens or grows the incidents they make, judged at `now`. A report already
 * stored (same message and subject) is not counted twice. Teams are locked one by one (in id
 * order), so instances ingesting for the same team at once open one incident, not two.
 * Call it inside a transaction.
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
  await db.query(
    `INSERT INTO incident_reports (org_id, team_id, conversation_id, message_id, term, label, phrase, reported_at)
     SELECT * FROM ${rows.sql}
     ON CONFLICT (message_id, term) DO NOTHING`,
    rows.params,
  );

  const since = toTimestamp(now - rules.windowMs);
  // Each reported subject's conversations within the window, with its first wording.
  const counted = await db.query(
    `SELECT org_id, team_id, term, array_agg(DISTINCT conversation_id::text) AS conversations,
            (array_agg(label ORDER BY reported_at, id))[1] AS label,
            (array_agg(phrase ORDER BY reported_at, id))[1] AS phrase
     FROM incident_reports
     WHERE team_id = ANY($1::uuid[]) AND term = ANY($2::text[]) AND reported_at > $3
     GROUP BY org_id, team_id, term`,
    [teams, [...new Set(reports.map((r) => r.term))], since],
  );
  const reported = new Set(reports.map((r) => `${r.teamId} ${r.term}`));
  const rank = new Map<string, number>();
  const perMessage = new Map<string, number>();
  for (const r of reports) {
    const within = perMessage.get(r.messageId) ?? 0;
    perMessage.set(r.messageId, within + 1);
    rank.set(r.term, Math.min(rank.get(r.term) ?? Infinity, within));
  }
  const subjects = counted
    .map((row) => ({
      orgId: readText(row, "org_id"),
      teamId: readText(row, "team_id"),
      term: readText(row, "term"),
      label: readText(row, "label"),
      phrase: readText(row, "phrase"),
      conversations: new Set(readTextArray(row, "conversations")),
    }))
    .filter((s) => reported.has(`${s.teamId} ${s.term}`))
    // Most reported first; between equals, the more specific (reports list their subjects that way).
    .sort(
      (a, b) =>
        b.conversations.size - a.conversations.size || (rank.get(a.term) ?? 0) - (rank.get(b.term) ?? 0),
    );

  // The teams' open incidents, each with the conversations that reported any of its subjects.
  const openRows = await db.query(
    `SELECT ${COLUMNS.split(",")
      .map((c) => `i.${c.trim()}`)
      .join(", ")},
            COALESCE((SELECT array_agg(DISTINCT r.conversation_id::text) FROM incident_reports r
                      WHERE r.team_id = i.team_id AND r.term = ANY(i.terms)
                        AND r.reported_at > i.opened_at - make_interval(secs => $2::float8 / 1000)), '{}') AS conversations
     FROM incidents i
     WHERE i.team_id = ANY($1::uuid[]) AND i.status = 'open'
     ORDER BY i.opened_at, i.id`,
    [teams, rules.windowMs],
  );
  const open = openRows.map((row) => ({
    incident: toIncident(row),
    conversations: new Set(readTextArray(row, "conversations")),
    terms: readTextArray(row, "terms"),
    touched: false,
  }));

  const opened: IncidentRecord[] = [];
  for (const subject of subjects) {
    const inTeam = open.filter((o) => o.incident.teamId === subject.teamId);
    let home = inTeam.find((o) => o.terms.includes(subject.term));
    if (home === undefined && subject.conversations.size >= rules.threshold) {
      // Another wording of an open incident: most of its conversations are already in it.
      home = inTeam.find(
        (o) => overlap(subject.conversations, o.conversations) * 2 >= subject.conversations.size,
      );
      if (home !== undefined) home.terms.push(subject.term);
    }
    if (home !== undefined) {
      home.touched = true;
      for (const c of subject.conversations) home.conversations.add(c);
      continue;
    }
    if (subject.conversations.size < rules.threshold) continue;
    const [row] = await db.query(
      `INSERT INTO incidents (org_id, team_id, terms, label, example, conversation_count, opened_at, last_report_at)
       VALUES ($1, $2, ARRAY[$3::text], $4, $5, $6, $7, $7) RETURNING ${COLUMNS}`,
      [
        subject.orgId,
        subject.teamId,
        subject.term,
        subject.label,
        subject.phrase,
        subject.conversations.size,
        toTimestamp(now),
      ],
    );
    if (!row) throw new StoreError("CONFLICT", "incident was not opened");
    const incident = toIncident(row);
    opened.push(incident);
    open.push({
      incident,
      conversations: new Set(subject.conversations),
      terms: [subject.term],
      touched: false,
    });
  }

  const grown: IncidentRecord[] = [];
  for (const o of open) {
    if (!o.touched) continue;
    const count = o.conversations.size;
    const [row] = await db.query(
      `UPDATE incidents SET terms = $3::text[], last_report_at = GREATEST(last_report_at, $4),
              conversation_count = GREATEST(conversation_count, $5)
       WHERE org_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [o.incident.orgId, o.incident.id, o.terms.slice(0, 20), toTimestamp(now), count],
    );
    if (!row) continue;
    const updated = toIncident(row);
    const isNew = opened.findIndex((i) => i.id === updated.id);
    if (isNew >= 0) opened[isNew] = updated;
    else if (updated.conversationCount > o.incident.conversationCount) grown.push(updated);
  }
  return { opened, grown };
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
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
  if (!isUuid(id)) return null;
  const [row] = await db.query(`SELECT ${COLUMNS} FROM incidents WHERE org_id = $1 AND id = $2`, [orgId, id]);
  return row ? toIncident(row) : null;
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

/** The conversations that reported an incident's subjects (from a window before it opened), newest first. */
export async function listIncidentConversations(
  db: Queryable,
  incident: IncidentRecord,
  windowMs: number,
  limit = 200,
): Promise<IncidentConversation[]> {
  const rows = await db.query(
    `SELECT r.conversation_id, r.phrase, r.reported_at, c.subject, cu.name AS customer_name
     FROM (SELECT DISTINCT ON (conversation_id) conversation_id, phrase, reported_at
           FROM incident_reports
           WHERE org_id = $1 AND team_id = $2 AND term = ANY($3::text[])
             AND reported_at > $4 AND ($5::timestamptz IS NULL OR reported_at <= $5)
           ORDER BY conversation_id, reported_at) r
     JOIN conversations c ON c.id = r.conversation_id
     LEFT JOIN customers cu ON cu.id = c.customer_id
     ORDER BY r.reported_at DESC, r.conversation_id LIMIT $6`,
    [
      incident.orgId,
      incident.teamId,
      incident.terms,
      toTimestamp(incident.openedAt - windowMs),
      toTimestamp(incident.resolvedAt),
      limit,
    ],
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

import {
  buildValues,
  chunkRows,
  readJson,
  readMillis,
  readNumber,
  isUuid,
  readText,
  readTextOrNull,
  toJsonParam,
  toTimestamp,
  type Row,
} from "./rows.ts";
import { StoreError } from "./errors.ts";
import type { JsonValue, Queryable } from "./types.ts";

export type ActorKind = "person" | "api_token" | "customer" | "system";

export interface AuditEntryRecord {
  id: number;
  orgId: string;
  actorKind: ActorKind;
  actorId: string | null;
  /** What happened, e.g. "person.created", "alert.dismissed". */
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: JsonValue;
  requestId: string | null;
  createdAt: number;
}

export interface NewAuditEntry {
  orgId: string;
  actorKind: ActorKind;
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  details?: JsonValue;
  requestId?: string | null;
}

const COLUMNS =
  "id, org_id, actor_kind, actor_id, action, target_type, target_id, details, request_id, created_at";
const ACTOR_KINDS: readonly ActorKind[] = ["person", "api_token", "customer", "system"];

function toEntry(row: Row): AuditEntryRecord {
  const kind = readText(row, "actor_kind");
  return {
    id: readNumber(row, "id"),
    orgId: readText(row, "org_id"),
    actorKind: ACTOR_KINDS.find((k) => k === kind) ?? "system",
    actorId: readTextOrNull(row, "actor_id"),
    action: readText(row, "action"),
    targetType: readTextOrNull(row, "target_type"),
    targetId: readTextOrNull(row, "target_id"),
    details: readJson(row, "details"),
    requestId: readTextOrNull(row, "request_id"),
    createdAt: readMillis(row, "created_at"),
  };
}

/** Appends audit entries (write them in the same transaction as the change they describe). */
export async function appendAuditEntries(
  db: Queryable,
  entries: readonly NewAuditEntry[],
): Promise<AuditEntryRecord[]> {
  const out: AuditEntryRecord[] = [];
  for (const chunk of chunkRows(entries, 8)) {
    const { sql, params } = buildValues(
      chunk.map((e) => [
        e.orgId,
        e.actorKind,
        e.actorId ?? null,
        e.action,
        e.targetType ?? null,
        e.targetId ?? null,
        toJsonParam(e.details ?? {}),
        e.requestId ?? null,
      ]),
      ["uuid", "text", "uuid", "text", "text", "text", "jsonb", "text"],
    );
    const rows = await db.query(
      `INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_type, target_id, details, request_id)
       VALUES ${sql} RETURNING ${COLUMNS}`,
      params,
    );
    out.push(...rows.map(toEntry));
  }
  return out;
}

/** Filters of the audit log; every one narrows (AND). */
export interface AuditQuery {
  orgId: string;
  /** Entries older than this one (the previous page's last id); none when it is not the org's. */
  beforeId?: number;
  /** 1..1000, default 100. */
  limit?: number;
  /** An action ("person.deactivated"), or a prefix ending in "." ("person.": every person action). */
  action?: string;
  /** The person who did it (for API tokens, the person the token acts as). */
  actorId?: string;
  /** What it was done to: both or neither. */
  targetType?: string;
  targetId?: string;
  /** Written at or after (epoch ms). */
  since?: number;
  /** Written before (epoch ms). */
  until?: number;
}

/** The first text after every text that starts with `prefix` (byte-wise): "person." → "person/". */
function afterPrefix(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The organisation's distinct actions that start with `prefix`, in byte order: a loose index scan
 * of audit_log_action (one probe per action found, whatever the number of entries).
 */
export async function findAuditActionsWithPrefix(
  db: Queryable,
  orgId: string,
  prefix: string,
): Promise<string[]> {
  if (prefix === "") throw new StoreError("INVALID_INPUT", "an action prefix must not be empty");
  const rows = await db.query(
    `WITH RECURSIVE found(action) AS (
       SELECT (SELECT min(action COLLATE "C") FROM audit_log
               WHERE org_id = $1::uuid AND action COLLATE "C" >= $2::text AND action COLLATE "C" < $3::text)
       UNION ALL
       SELECT (SELECT min(action COLLATE "C") FROM audit_log
               WHERE org_id = $1::uuid AND action COLLATE "C" > found.action AND action COLLATE "C" < $3::text)
       FROM found WHERE found.action IS NOT NULL
     )
     SELECT action FROM found WHERE action IS NOT NULL`,
    [orgId, prefix, afterPrefix(prefix)],
  );
  return rows.map((row) => readText(row, "action"));
}

/**
 * The SQL of one page of the audit log. `actions`, when given, stands for the action filter: one
 * or more exact actions (a prefix found by `findAuditActionsWithPrefix`). Conditions are added
 * only for the filters given (a `$n IS NULL OR …` form would keep the planner from using the index
 * a filter needs). Every filter is an equality, or a time range, on an index of migration 0020
 * whose next columns are the page's order (time, then id, newest first), so a page is a walk of
 * one index from the cursor that stops after `limit` entries, however long the log. With two
 * filters the planner walks the index of the one it expects to be rarer and checks the other on
 * the way (it needs statistics for that: PGlite gets them from the store maintenance pass).
 * Several actions are one walk each, merged (UNION ALL of ordered, limited branches), rather than
 * a range of actions, which is not in time order and would be read whole and sorted.
 */
export function buildAuditListQuery(
  query: AuditQuery,
  actions?: readonly string[],
): { sql: string; params: unknown[] } {
  const params: unknown[] = [query.orgId];
  const param = (value: unknown, cast: string): string => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const where = ["org_id = $1::uuid"];
  if (query.beforeId !== undefined) {
    // A row comparison against the cursor's own (time, id), so the index walk starts right there.
    const id = param(query.beforeId, "bigint");
    where.push(
      `(created_at, id) < ((SELECT created_at FROM audit_log WHERE org_id = $1::uuid AND id = ${id}), ${id})`,
    );
  }
  if (query.actorId !== undefined) where.push(`actor_id = ${param(query.actorId, "uuid")}`);
  if (query.targetType !== undefined || query.targetId !== undefined) {
    where.push(`target_type = ${param(query.targetType, "text")}`);
    where.push(`target_id = ${param(query.targetId, "text")}`);
  }
  if (query.since !== undefined)
    where.push(`created_at >= ${param(toTimestamp(query.since), "timestamptz")}`);
  if (query.until !== undefined) where.push(`created_at < ${param(toTimestamp(query.until), "timestamptz")}`);
  const limit = param(Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000), "int");
  const order = "ORDER BY created_at DESC, id DESC";
  const select = (extra: string[]) =>
    `SELECT ${COLUMNS} FROM audit_log WHERE ${[...where, ...extra].join(" AND ")} ${order} LIMIT ${limit}`;
  const exact = actions ?? (query.action !== undefined ? [query.action] : []);
  if (exact.length === 0 && (actions !== undefined || query.action !== undefined))
    throw new StoreError("INVALID_INPUT", "an action filter needs at least one action");
  if (exact.length <= 1)
    return {
      sql: select(exact.length === 1 ? [`action COLLATE "C" = ${param(exact[0], "text")}`] : []),
      params,
    };
  const branches = exact.map((a) => `(${select([`action COLLATE "C" = ${param(a, "text")}`])})`);
  return {
    sql: `SELECT ${COLUMNS} FROM (${branches.join(" UNION ALL ")}) AS page ${order} LIMIT ${limit}`,
    params,
  };
}

/**
 * The organisation's audit log, newest first (by time, then id), filtered, paged by `beforeId`.
 * An action ending in "." is a prefix: the actions with it are found first (none: no entries).
 * An actor or target id that is not a UUID matches nothing (ids are UUIDs; target ids are text
 * because some targets are not rows, e.g. an export's kind).
 */
export async function listAuditEntries(db: Queryable, query: AuditQuery): Promise<AuditEntryRecord[]> {
  if ((query.targetType === undefined) !== (query.targetId === undefined))
    throw new StoreError("INVALID_INPUT", "targetType and targetId go together");
  if (query.actorId !== undefined && !isUuid(query.actorId)) return [];
  let actions: string[] | undefined;
  if (query.action?.endsWith(".") === true) {
    actions = await findAuditActionsWithPrefix(db, query.orgId, query.action);
    if (actions.length === 0) return [];
  }
  const { sql, params } = buildAuditListQuery(query, actions);
  const rows = await db.query(sql, params);
  return rows.map(toEntry);
}

/** Who an entry's actor id names: a person (deactivated ones too). */
export interface AuditActorRecord {
  name: string;
  deactivated: boolean;
}

/** What an entry was done to, in words, and the conversation it belongs to (to link to). */
export interface AuditTargetRecord {
  label: string | null;
  conversationId: string | null;
}

/** The key of a target in `describeAuditSubjects`' map. */
export const auditTargetKey = (type: string, id: string): string => `${type}:${id}`;

const LABEL_MAX = 80;
const clip = (text: string | null): string | null =>
  text === null ? null : text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;

/** Keys of an entry's details that hold a person's id (the receiver, the helper, whose promise…). */
export const AUDIT_PERSON_DETAIL_KEYS = [
  "personId",
  "helperId",
  "from",
  "to",
  "fromPersonId",
  "toPersonId",
] as const;

/** A step-in an entry names by `details.interventionId`: what it was and between whom. */
export interface AuditStepInRecord {
  kind: string;
  fromPersonId: string | null;
  toPersonId: string | null;
}

const detailsObject = (e: AuditEntryRecord): Record<string, JsonValue> =>
  typeof e.details === "object" && e.details !== null && !Array.isArray(e.details) ? e.details : {};

/** The uuid under `key` in an entry's details, if any. */
export function auditDetailId(e: AuditEntryRecord, key: string): string | null {
  const value = detailsObject(e)[key];
  return typeof value === "string" && isUuid(value) ? value : null;
}

/**
 * The people who did the entries' actions and a human label for what they were done to, read in
 * a few batched lookups (one per kind of target present), all within the organisation: a person's
 * name, a team's, an API token's, a knowledge fact's statement, an incident's label, an insight's
 * text, and for conversations (and the alerts and interventions about one) the customer's name and
 * the topic; and the step-ins their details name (`interventionId`: its kind, sender and receiver).
 * Something deleted since, or of a kind without a label (an export), has no label.
 */
export async function describeAuditSubjects(
  db: Queryable,
  orgId: string,
  entries: readonly AuditEntryRecord[],
): Promise<{
  actors: Map<string, AuditActorRecord>;
  targets: Map<string, AuditTargetRecord>;
  stepIns: Map<string, AuditStepInRecord>;
}> {
  const stepInIds = [
    ...new Set(
      entries.map((e) => auditDetailId(e, "interventionId")).filter((id): id is string => id !== null),
    ),
  ];
  const stepInRows =
    stepInIds.length === 0
      ? []
      : await db.query(
          "SELECT id, kind, from_person_id, to_person_id FROM interventions WHERE org_id = $1 AND id = ANY($2::uuid[])",
          [orgId, stepInIds],
        );
  const stepIns = new Map<string, AuditStepInRecord>();
  for (const row of stepInRows)
    stepIns.set(readText(row, "id"), {
      kind: readText(row, "kind"),
      fromPersonId: readTextOrNull(row, "from_person_id"),
      toPersonId: readTextOrNull(row, "to_person_id"),
    });
  const idsOf = (type: string): string[] => [
    ...new Set(
      entries.flatMap((e) =>
        e.targetType === type && e.targetId !== null && isUuid(e.targetId) ? [e.targetId] : [],
      ),
    ),
  ];
  const personIds = [
    ...new Set([
      ...entries.flatMap((e) =>
        (e.actorKind === "person" || e.actorKind === "api_token") && e.actorId !== null ? [e.actorId] : [],
      ),
      ...idsOf("person"),
      // The people its details and its step-in name, to be said by name.
      ...entries.flatMap((e) =>
        AUDIT_PERSON_DETAIL_KEYS.map((k) => auditDetailId(e, k)).filter((id): id is string => id !== null),
      ),
      ...[...stepIns.values()].flatMap((s) =>
        [s.fromPersonId, s.toPersonId].filter((id): id is string => id !== null),
      ),
    ]),
  ];
  const lookup = async (ids: readonly string[], sql: string): Promise<Row[]> =>
    ids.length === 0 ? [] : db.query(sql, [orgId, ids]);
  const [people, teams, tokens, facts, incidents, insights, alerts, interventions] = await Promise.all([
    lookup(
      personIds,
      "SELECT id, display_name, deactivated_at FROM people WHERE org_id = $1 AND id = ANY($2::uuid[])",
    ),
    lookup(idsOf("team"), "SELECT id, name AS label FROM teams WHERE org_id = $1 AND id = ANY($2::uuid[])"),
    lookup(
      idsOf("api_token"),
      `SELECT t.id, t.name || ' (' || p.display_name || ')' AS label
       FROM api_tokens t JOIN people p ON p.org_id = t.org_id AND p.id = t.person_id
       WHERE t.org_id = $1 AND t.id = ANY($2::uuid[])`,
    ),
    lookup(
      idsOf("knowledge_fact"),
      "SELECT id, statement AS label FROM knowledge_facts WHERE org_id = $1 AND id = ANY($2::uuid[])",
    ),
    lookup(idsOf("incident"), "SELECT id, label FROM incidents WHERE org_id = $1 AND id = ANY($2::uuid[])"),
    lookup(
      idsOf("insight"),
      "SELECT id, text AS label FROM insights WHERE org_id = $1 AND id = ANY($2::uuid[])",
    ),
    lookup(
      idsOf("alert"),
      "SELECT id, conversation_id FROM alerts WHERE org_id = $1 AND id = ANY($2::uuid[])",
    ),
    lookup(
      idsOf("intervention"),
      "SELECT id, conversation_id FROM interventions WHERE org_id = $1 AND id = ANY($2::uuid[])",
    ),
  ]);
  // Conversations named directly, and those the alerts and interventions are about.
  const conversationOf = new Map<string, string>();
  for (const row of [...alerts, ...interventions])
    conversationOf.set(readText(row, "id"), readText(row, "conversation_id"));
  const conversations = await lookup(
    [...new Set([...idsOf("conversation"), ...conversationOf.values()])],
    `SELECT c.id, cu.name AS customer_name, COALESCE(c.topic, c.subject) AS topic
     FROM conversations c LEFT JOIN customers cu ON cu.org_id = c.org_id AND cu.id = c.customer_id
     WHERE c.org_id = $1 AND c.id = ANY($2::uuid[])`,
  );
  const conversationLabel = new Map<string, string | null>();
  for (const row of conversations) {
    const parts = [readTextOrNull(row, "customer_name"), readTextOrNull(row, "topic")].filter(
      (p): p is string => p !== null && p !== "",
    );
    conversationLabel.set(readText(row, "id"), parts.length > 0 ? clip(parts.join(" · ")) : null);
  }

  const actors = new Map<string, AuditActorRecord>();
  const targets = new Map<string, AuditTargetRecord>();
  for (const row of people) {
    const id = readText(row, "id");
    const name = readText(row, "display_name");
    actors.set(id, { name, deactivated: row.deactivated_at !== null && row.deactivated_at !== undefined });
    targets.set(auditTargetKey("person", id), { label: name, conversationId: null });
  }
  const labelled: [string, Row[]][] = [
    ["team", teams],
    ["api_token", tokens],
    ["knowledge_fact", facts],
    ["incident", incidents],
    ["insight", insights],
  ];
  for (const [type, rows] of labelled)
    for (const row of rows)
      targets.set(auditTargetKey(type, readText(row, "id")), {
        label: clip(readTextOrNull(row, "label")),
        conversationId: null,
      });
  for (const [id, label] of conversationLabel)
    targets.set(auditTargetKey("conversation", id), { label, conversationId: id });
  for (const [type, rows] of [
    ["alert", alerts],
    ["intervention", interventions],
  ] as const)
    for (const row of rows) {
      const conversationId = readText(row, "conversation_id");
      targets.set(auditTargetKey(type, readText(row, "id")), {
        label: conversationLabel.get(conversationId) ?? null,
        conversationId: conversationLabel.has(conversationId) ? conversationId : null,
      });
    }
  return { actors, targets, stepIns };
}

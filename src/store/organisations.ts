import { StoreError, isUniqueViolation } from "./errors.ts";
import { isUuid, readMillis, readNumber, readNumberOrNull, readText, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

export interface OrganisationRecord {
  id: string;
  name: string;
  slug: string;
  createdAt: number;
}

function toOrganisation(row: Row): OrganisationRecord {
  return {
    id: readText(row, "id"),
    name: readText(row, "name"),
    slug: readText(row, "slug"),
    createdAt: readMillis(row, "created_at"),
  };
}

/** Creates an organisation; a taken slug is CONFLICT. */
export async function createOrganisation(
  db: Queryable,
  input: { name: string; slug: string },
): Promise<OrganisationRecord> {
  try {
    const [row] = await db.query(
      "INSERT INTO organisations (name, slug) VALUES ($1, $2) RETURNING id, name, slug, created_at",
      [input.name, input.slug],
    );
    if (!row) throw new StoreError("INVALID_INPUT", "organisation was not created");
    return toOrganisation(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new StoreError("CONFLICT", `organisation slug ${input.slug} is taken`, { slug: input.slug });
    }
    throw error;
  }
}

export async function findOrganisationById(db: Queryable, orgId: string): Promise<OrganisationRecord | null> {
  if (!isUuid(orgId)) return null;
  const [row] = await db.query("SELECT id, name, slug, created_at FROM organisations WHERE id = $1", [orgId]);
  return row ? toOrganisation(row) : null;
}

export async function findOrganisationBySlug(
  db: Queryable,
  slug: string,
): Promise<OrganisationRecord | null> {
  const [row] = await db.query("SELECT id, name, slug, created_at FROM organisations WHERE slug = $1", [
    slug,
  ]);
  return row ? toOrganisation(row) : null;
}

/** Renames an organisation (the name people see: the sidebar's heading, sign-in links' "added to"). */
export async function renameOrganisation(
  db: Queryable,
  input: { orgId: string; name: string },
): Promise<OrganisationRecord> {
  const name = input.name.trim();
  if (name === "" || name.length > 200)
    throw new StoreError("INVALID_INPUT", "name must be 1..200 characters");
  if (!isUuid(input.orgId)) throw new StoreError("NOT_FOUND", "organisation not found");
  const [row] = await db.query(
    "UPDATE organisations SET name = $2 WHERE id = $1 RETURNING id, name, slug, created_at",
    [input.orgId, name],
  );
  if (row === undefined) throw new StoreError("NOT_FOUND", "organisation not found");
  return toOrganisation(row);
}

/** All organisations, oldest first (first-run setup checks whether any exists). */
export async function listOrganisations(db: Queryable): Promise<OrganisationRecord[]> {
  const rows = await db.query("SELECT id, name, slug, created_at FROM organisations ORDER BY created_at, id");
  return rows.map(toOrganisation);
}

/** The organisation's own retention period in days (null: the server's default; 0: kept for good). */
export async function findRetentionDays(db: Queryable, orgId: string): Promise<number | null> {
  if (!isUuid(orgId)) throw new StoreError("NOT_FOUND", "organisation not found");
  const [row] = await db.query("SELECT retention_days FROM organisations WHERE id = $1", [orgId]);
  if (row === undefined) throw new StoreError("NOT_FOUND", "organisation not found");
  return readNumberOrNull(row, "retention_days");
}

/** Sets (or, with null, clears) the organisation's retention period in days. */
export async function setRetentionDays(db: Queryable, orgId: string, days: number | null): Promise<void> {
  if (days !== null && (!Number.isInteger(days) || days < 0 || days > 36_500))
    throw new StoreError("INVALID_INPUT", "retention must be a whole number of days within 0..36500");
  const rows = await db.query("UPDATE organisations SET retention_days = $2 WHERE id = $1 RETURNING id", [
    orgId,
    days,
  ]);
  if (rows.length === 0) throw new StoreError("NOT_FOUND", "organisation not found");
}

/**
 * Closed conversations past their organisation's retention period (its own, or `defaultDays`),
 * oldest close first, across organisations: what the retention sweep erases next (at most `limit`).
 * Nothing when no organisation has a period, without reading a single conversation.
 */
export async function findConversationsPastRetention(
  db: Queryable,
  input: { now: number; defaultDays: number; limit: number },
): Promise<{ orgId: string; id: string }[]> {
  if (!Number.isFinite(input.now)) throw new StoreError("INVALID_INPUT", "now must be a time");
  if (!Number.isInteger(input.defaultDays) || input.defaultDays < 0)
    throw new StoreError("INVALID_INPUT", "defaultDays must be a whole number of days, 0 or more");
  if (!Number.isInteger(input.limit) || input.limit <= 0 || input.limit > 10_000)
    throw new StoreError("INVALID_INPUT", "limit must be an integer within 1..10000");
  const periods = await db.query(
    `SELECT id, COALESCE(retention_days, $1) AS days FROM organisations WHERE COALESCE(retention_days, $1) > 0`,
    [input.defaultDays],
  );
  const out: { orgId: string; id: string; closedAt: number }[] = [];
  for (const period of periods) {
    const orgId = readText(period, "id");
    const before = input.now - readNumber(period, "days") * 86_400_000;
    const rows = await db.query(
      `SELECT id, closed_at FROM conversations
        WHERE org_id = $1 AND status = 'closed' AND closed_at < $2
        ORDER BY closed_at, id LIMIT $3`,
      [orgId, new Date(before).toISOString(), input.limit],
    );
    for (const row of rows)
      out.push({ orgId, id: readText(row, "id"), closedAt: readMillis(row, "closed_at") });
  }
  return out
    .sort((a, b) => a.closedAt - b.closedAt || a.id.localeCompare(b.id))
    .slice(0, input.limit)
    .map(({ orgId, id }) => ({ orgId, id }));
}

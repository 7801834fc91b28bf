import { StoreError, isUniqueViolation } from "./errors.ts";
import { isUuid, readMillis, readText, type Row } from "./rows.ts";
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

/** All organisations, oldest first (first-run setup checks whether any exists). */
export async function listOrganisations(db: Queryable): Promise<OrganisationRecord[]> {
  const rows = await db.query("SELECT id, name, slug, created_at FROM organisations ORDER BY created_at, id");
  return rows.map(toOrganisation);
}

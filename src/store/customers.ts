import { StoreError } from "./errors.ts";
import { findInOrg, readMillis, readText, readTextOrNull, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

export interface CustomerRecord {
  id: string;
  orgId: string;
  externalId: string | null;
  name: string | null;
  email: string | null;
  createdAt: number;
}

const COLUMNS = "id, org_id, external_id, name, email, created_at";

function toCustomer(row: Row): CustomerRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    externalId: readTextOrNull(row, "external_id"),
    name: readTextOrNull(row, "name"),
    email: readTextOrNull(row, "email"),
    createdAt: readMillis(row, "created_at"),
  };
}

export interface CustomerInput {
  orgId: string;
  /** The customer's id in the sender's system; when given, the customer is found or created by it. */
  externalId?: string | null;
  name?: string | null;
  email?: string | null;
}

/** Creates a customer, or returns the one with the same external id (name/email filled in if new). */
export async function upsertCustomer(db: Queryable, input: CustomerInput): Promise<CustomerRecord> {
  const params = [input.orgId, input.externalId ?? null, input.name ?? null, input.email ?? null];
  const [row] =
    input.externalId === undefined || input.externalId === null
      ? await db.query(
          `INSERT INTO customers (org_id, external_id, name, email) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
          params,
        )
      : await db.query(
          `INSERT INTO customers (org_id, external_id, name, email) VALUES ($1, $2, $3, $4)
           ON CONFLICT (org_id, external_id) DO UPDATE
             SET name = COALESCE(customers.name, EXCLUDED.name), email = COALESCE(customers.email, EXCLUDED.email)
           RETURNING ${COLUMNS}`,
          params,
        );
  if (!row) throw new StoreError("INVALID_INPUT", "customer was not stored");
  return toCustomer(row);
}

export async function findCustomerById(
  db: Queryable,
  orgId: string,
  customerId: string,
): Promise<CustomerRecord | null> {
  return findInOrg(db, { table: "customers", columns: COLUMNS, orgId, id: customerId }, toCustomer);
}

import { readMillis, readMillisOrNull, readText, toTimestamp, type Row } from "./rows.ts";
import type { Queryable } from "./types.ts";

/** Why the link was made: a new account's first password, or a new one for an existing account. */
export type SignInLinkPurpose = "invite" | "reset";

export interface SignInLinkRecord {
  id: string;
  orgId: string;
  personId: string;
  purpose: SignInLinkPurpose;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

const COLUMNS = "id, org_id, person_id, purpose, created_at, expires_at, used_at";

function toLink(row: Row): SignInLinkRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    personId: readText(row, "person_id"),
    purpose: readText(row, "purpose") as SignInLinkPurpose,
    createdAt: readMillis(row, "created_at"),
    expiresAt: readMillis(row, "expires_at"),
    usedAt: readMillisOrNull(row, "used_at"),
  };
}

/**
 * Stores a new one-time sign-in link (its token's hash) for a person, deleting their earlier links:
 * only the newest one works, so a link sent to the wrong address is undone by making another.
 */
export async function createSignInLink(
  db: Queryable,
  input: {
    orgId: string;
    personId: string;
    tokenHash: string;
    purpose: SignInLinkPurpose;
    expiresAt: number;
    createdBy: string | null;
  },
): Promise<SignInLinkRecord> {
  await db.query("DELETE FROM sign_in_links WHERE org_id = $1 AND person_id = $2", [
    input.orgId,
    input.personId,
  ]);
  const [row] = await db.query(
    `INSERT INTO sign_in_links (org_id, person_id, token_hash, purpose, expires_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [
      input.orgId,
      input.personId,
      input.tokenHash,
      input.purpose,
      toTimestamp(input.expiresAt),
      input.createdBy,
    ],
  );
  if (!row) throw new Error("sign-in link was not created");
  return toLink(row);
}

/**
 * The link for a token's hash if it can still be used at `now` (not used, not expired), else null.
 * Like a session cookie, this read establishes who the caller is, so it cannot filter by org first.
 */
export async function findUsableSignInLink(
  db: Queryable,
  tokenHash: string,
  now: number,
): Promise<SignInLinkRecord | null> {
  const [row] = await db.query(
    `SELECT ${COLUMNS} FROM sign_in_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
    [tokenHash, toTimestamp(now)],
  );
  return row ? toLink(row) : null;
}

/**
 * Marks the link used, once: of two requests racing with the same link, one gets it back and the
 * other null. Call it in the transaction that sets the password.
 */
export async function useSignInLink(
  db: Queryable,
  tokenHash: string,
  now: number,
): Promise<SignInLinkRecord | null> {
  const [row] = await db.query(
    `UPDATE sign_in_links SET used_at = $2
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING ${COLUMNS}`,
    [tokenHash, toTimestamp(now)],
  );
  return row ? toLink(row) : null;
}

/** Deletes links that ended (used or expired) before `endedBefore`, at most `limit`; how many. */
export async function pruneEndedSignInLinks(
  db: Queryable,
  input: { endedBefore: number; limit: number },
): Promise<number> {
  const rows = await db.query(
    `DELETE FROM sign_in_links WHERE id IN (
       SELECT id FROM sign_in_links WHERE expires_at < $1 OR used_at < $1 LIMIT $2)
     RETURNING id`,
    [toTimestamp(input.endedBefore), Math.min(Math.max(Math.floor(input.limit), 1), 50_000)],
  );
  return rows.length;
}

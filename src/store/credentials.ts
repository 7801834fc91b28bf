import { createHash, randomBytes } from "node:crypto";
import { StoreError } from "./errors.ts";
import {
  isUuid,
  readMillis,
  readMillisOrNull,
  readText,
  readTextArray,
  readTextOrNull,
  toTimestamp,
  type Row,
} from "./rows.ts";
import type { Queryable } from "./types.ts";

/**
 * A fresh secret for a session cookie, API token or customer chat token: 32 random bytes,
 * base64url. Only `hashToken(secret)` is stored.
 */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 hex of a token. Tokens are random (256 bits), so a fast hash is enough: no KDF needed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface SessionRecord {
  id: string;
  orgId: string;
  personId: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
  /** The browser's user agent at sign-in (cut to `SESSION_USER_AGENT_MAX`), or null. */
  userAgent: string | null;
  /** The client's address at sign-in, or null (sessions from before migration 0024). */
  ip: string | null;
}

/** How much of a user agent a session keeps: enough to tell browsers apart, not a sender's essay. */
export const SESSION_USER_AGENT_MAX = 512;
const SESSION_IP_MAX = 64;

function toSession(row: Row): SessionRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    personId: readText(row, "person_id"),
    createdAt: readMillis(row, "created_at"),
    expiresAt: readMillis(row, "expires_at"),
    lastSeenAt: readMillis(row, "last_seen_at"),
    revokedAt: readMillisOrNull(row, "revoked_at"),
    userAgent: readTextOrNull(row, "user_agent"),
    ip: readTextOrNull(row, "ip"),
  };
}

const SESSION_COLUMNS =
  "id, org_id, person_id, created_at, expires_at, last_seen_at, revoked_at, user_agent, ip";

/** Empty or missing → null; otherwise cut to `max` characters (whole code points). */
function cut(value: string | null | undefined, max: number): string | null {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return null;
  return [...trimmed].slice(0, max).join("");
}

export async function createSession(
  db: Queryable,
  input: {
    orgId: string;
    personId: string;
    tokenHash: string;
    expiresAt: number;
    /** The browser's `User-Agent` at sign-in; kept cut to `SESSION_USER_AGENT_MAX` characters. */
    userAgent?: string | null;
    /** The client's address at sign-in. */
    ip?: string | null;
  },
): Promise<SessionRecord> {
  const [row] = await db.query(
    `INSERT INTO sessions (org_id, person_id, token_hash, expires_at, user_agent, ip)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING ${SESSION_COLUMNS}`,
    [
      input.orgId,
      input.personId,
      input.tokenHash,
      toTimestamp(input.expiresAt),
      cut(input.userAgent, SESSION_USER_AGENT_MAX),
      cut(input.ip, SESSION_IP_MAX),
    ],
  );
  if (!row) throw new StoreError("INVALID_INPUT", "session was not created");
  return toSession(row);
}

/**
 * The live session for a cookie's token hash (not revoked, not expired at `now`), or null. This
 * read establishes who the caller is, so it cannot filter by org beforehand.
 */
export async function findLiveSessionByTokenHash(
  db: Queryable,
  tokenHash: string,
  now: number,
): Promise<SessionRecord | null> {
  const [row] = await db.query(
    `SELECT ${SESSION_COLUMNS} FROM sessions
     WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
    [tokenHash, toTimestamp(now)],
  );
  return row ? toSession(row) : null;
}

/**
 * Which of these session and API-token hashes still admit someone: live (not revoked, not
 * expired at `now`) and their person not deactivated. Two statements, however many: what an open
 * WebSocket's credential is checked against once a heartbeat.
 */
export async function findLiveCredentialHashes(
  db: Queryable,
  input: { sessionHashes: readonly string[]; tokenHashes: readonly string[]; now: number },
): Promise<Set<string>> {
  const live = new Set<string>();
  const [sessions, tokens] = await Promise.all([
    input.sessionHashes.length === 0
      ? []
      : db.query(
          `SELECT s.token_hash FROM sessions s
           JOIN people p ON p.org_id = s.org_id AND p.id = s.person_id
           WHERE s.token_hash = ANY($1::text[]) AND s.revoked_at IS NULL AND s.expires_at > $2
             AND p.deactivated_at IS NULL`,
          [[...input.sessionHashes], toTimestamp(input.now)],
        ),
    input.tokenHashes.length === 0
      ? []
      : db.query(
          `SELECT t.token_hash FROM api_tokens t
           JOIN people p ON p.org_id = t.org_id AND p.id = t.person_id
           WHERE t.token_hash = ANY($1::text[]) AND t.revoked_at IS NULL AND p.deactivated_at IS NULL`,
          [[...input.tokenHashes]],
        ),
  ]);
  for (const row of [...sessions, ...tokens]) live.add(readText(row, "token_hash"));
  return live;
}

/** Slides a session's expiry and records activity. */
export async function touchSession(
  db: Queryable,
  input: { orgId: string; sessionId: string; now: number; expiresAt: number },
): Promise<void> {
  await db.query("UPDATE sessions SET last_seen_at = $3, expires_at = $4 WHERE org_id = $1 AND id = $2", [
    input.orgId,
    input.sessionId,
    toTimestamp(input.now),
    toTimestamp(input.expiresAt),
  ]);
}

/**
 * A person's live sessions (not revoked, not expired at `now`), most recently used first: what
 * the Account page lists as "Where you're signed in".
 */
export async function listLiveSessionsForPerson(
  db: Queryable,
  input: { orgId: string; personId: string; now: number },
): Promise<SessionRecord[]> {
  if (!isUuid(input.personId)) return [];
  const rows = await db.query(
    `SELECT ${SESSION_COLUMNS} FROM sessions
     WHERE org_id = $1 AND person_id = $2 AND revoked_at IS NULL AND expires_at > $3
     ORDER BY last_seen_at DESC, created_at DESC, id`,
    [input.orgId, input.personId, toTimestamp(input.now)],
  );
  return rows.map(toSession);
}

/**
 * Ends one of a person's own live sessions (signing out a device from the Account page) and
 * returns it as it was ended. Null when the id is unknown, someone else's, already revoked or
 * expired at `now`: the caller cannot tell these apart.
 */
export async function revokeLiveSessionOfPerson(
  db: Queryable,
  input: { orgId: string; personId: string; sessionId: string; now: number },
): Promise<SessionRecord | null> {
  if (!isUuid(input.sessionId) || !isUuid(input.personId)) return null;
  const [row] = await db.query(
    `UPDATE sessions SET revoked_at = now()
     WHERE org_id = $1 AND person_id = $2 AND id = $3 AND revoked_at IS NULL AND expires_at > $4
     RETURNING ${SESSION_COLUMNS}`,
    [input.orgId, input.personId, input.sessionId, toTimestamp(input.now)],
  );
  return row ? toSession(row) : null;
}

export async function revokeSession(
  db: Queryable,
  input: { orgId: string; sessionId: string },
): Promise<boolean> {
  const rows = await db.query(
    "UPDATE sessions SET revoked_at = now() WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id",
    [input.orgId, input.sessionId],
  );
  return rows.length > 0;
}

/**
 * Signs a person out everywhere (password reset, deactivation), or everywhere but the session
 * whose token hash is `exceptTokenHash` (their own password change, "sign out everywhere else").
 * Returns how many ended; with `liveAt`, only sessions not yet expired then (so the count is of
 * sessions someone could still have been using).
 */
export async function revokeSessionsForPerson(
  db: Queryable,
  input: { orgId: string; personId: string; exceptTokenHash?: string; liveAt?: number },
): Promise<number> {
  const rows = await db.query(
    `UPDATE sessions SET revoked_at = now()
     WHERE org_id = $1 AND person_id = $2 AND revoked_at IS NULL AND ($3::text IS NULL OR token_hash <> $3)
       AND ($4::timestamptz IS NULL OR expires_at > $4)
     RETURNING id`,
    [
      input.orgId,
      input.personId,
      input.exceptTokenHash ?? null,
      input.liveAt === undefined ? null : toTimestamp(input.liveAt),
    ],
  );
  return rows.length;
}

export type ApiTokenScope = "ingest" | "api";

export interface ApiTokenRecord {
  id: string;
  orgId: string;
  personId: string;
  name: string;
  scopes: ApiTokenScope[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const TOKEN_COLUMNS = "id, org_id, person_id, name, scopes, created_at, last_used_at, revoked_at";

function toApiToken(row: Row): ApiTokenRecord {
  return {
    id: readText(row, "id"),
    orgId: readText(row, "org_id"),
    personId: readText(row, "person_id"),
    name: readText(row, "name"),
    scopes: readTextArray(row, "scopes").filter((s): s is ApiTokenScope => s === "ingest" || s === "api"),
    createdAt: readMillis(row, "created_at"),
    lastUsedAt: readMillisOrNull(row, "last_used_at"),
    revokedAt: readMillisOrNull(row, "revoked_at"),
  };
}

export async function createApiToken(
  db: Queryable,
  input: { orgId: string; personId: string; name: string; scopes: ApiTokenScope[]; tokenHash: string },
): Promise<ApiTokenRecord> {
  if (input.scopes.length === 0)
    throw new StoreError("INVALID_INPUT", "an API token needs at least one scope");
  const [row] = await db.query(
    `INSERT INTO api_tokens (org_id, person_id, name, scopes, token_hash) VALUES ($1, $2, $3, $4::text[], $5)
     RETURNING ${TOKEN_COLUMNS}`,
    [input.orgId, input.personId, input.name, input.scopes, input.tokenHash],
  );
  if (!row) throw new StoreError("INVALID_INPUT", "API token was not created");
  return toApiToken(row);
}

/** The unrevoked token with this hash, or null (establishes the caller, so no org filter). */
export async function findLiveApiTokenByHash(
  db: Queryable,
  tokenHash: string,
): Promise<ApiTokenRecord | null> {
  const [row] = await db.query(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [tokenHash],
  );
  return row ? toApiToken(row) : null;
}

export async function listApiTokens(db: Queryable, orgId: string): Promise<ApiTokenRecord[]> {
  const rows = await db.query(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE org_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
    [orgId],
  );
  return rows.map(toApiToken);
}

export async function revokeApiToken(
  db: Queryable,
  input: { orgId: string; tokenId: string },
): Promise<boolean> {
  const rows = await db.query(
    "UPDATE api_tokens SET revoked_at = now() WHERE org_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id",
    [input.orgId, input.tokenId],
  );
  return rows.length > 0;
}

export async function touchApiToken(
  db: Queryable,
  input: { orgId: string; tokenId: string; now: number },
): Promise<void> {
  await db.query("UPDATE api_tokens SET last_used_at = $3 WHERE org_id = $1 AND id = $2", [
    input.orgId,
    input.tokenId,
    toTimestamp(input.now),
  ]);
}

/**
 * Deletes sessions that ended (expired or signed out) before `endedBefore`, up to `limit`: nobody
 * can use them again, and "Where you're signed in" lists live ones only. Returns how many.
 */
export async function pruneEndedSessions(
  db: Queryable,
  input: { endedBefore: number; limit: number },
): Promise<number> {
  const rows = await db.query(
    `DELETE FROM sessions WHERE id IN (
       SELECT id FROM sessions WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2)
     RETURNING id`,
    [toTimestamp(input.endedBefore), Math.min(Math.max(Math.floor(input.limit), 1), 50_000)],
  );
  return rows.length;
}

export type StoreErrorCode =
  | "NOT_FOUND"
  | "INVALID_INPUT"
  | "INVALID_TRANSITION"
  | "CONFLICT"
  | "MIGRATION_CHANGED"
  /** The database holds migrations this code does not have: a newer version migrated it. */
  | "SCHEMA_NEWER"
  | "STORE_CLOSED"
  /** Another running process has the PGlite data directory open (`tagteam.pid` names it). */
  | "DATA_DIR_IN_USE"
  /** `appendMessages({ assumeNew: true })` met a stored message: roll back and append again without it. */
  | "ALREADY_STORED";

/** A store failure the server maps to its error envelope; `code` is stable, `message` human. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: StoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "StoreError";
    this.code = code;
    this.details = details;
  }
}

/** True when `error` is PostgreSQL's unique-violation (SQLSTATE 23505), from either backend. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "23505";
}

/** Socket errors of a connection that could not be made or was lost (node's `error.code`). */
const UNREACHABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);
/** SQLSTATEs of a server that is shutting down or not yet accepting connections (57P01–57P03). */
const UNREACHABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03"]);
/** What node-postgres says, without a code, when a connection ends or cannot be had in time. */
const UNREACHABLE_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * True when `error` says the database server could not be reached or went away (PostgreSQL
 * restarting, failing over, the network): a passing outage to retry, not a fault in the request.
 * SQLSTATE class 08 (connection exception), 57P01–57P03, the socket's own codes and node-postgres'
 * "Connection terminated" / connect timeout.
 */
export function isStoreUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (UNREACHABLE_SOCKET_CODES.has(code) || UNREACHABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
      return true;
  }
  return UNREACHABLE_MESSAGE.test(error.message);
}

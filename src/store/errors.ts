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

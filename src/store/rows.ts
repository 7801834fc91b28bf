// Row readers: both drivers return slightly different JS types (pg: int8 as string; PGlite: int8
// as number), so every record is built through these, which also fail loudly on a schema drift.
import { StoreError } from "./errors.ts";
import type { JsonValue, Queryable } from "./types.ts";

export type Row = Record<string, unknown>;

function fail(column: string, expected: string, value: unknown): never {
  throw new StoreError("INVALID_INPUT", `column ${column}: expected ${expected}, got ${typeof value}`);
}

export function readText(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") fail(column, "text", value);
  return value;
}

export function readTextOrNull(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : readText(row, column);
}

export function readNumber(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return fail(column, "number", value);
}

export function readNumberOrNull(row: Row, column: string): number | null {
  const value = row[column];
  return value === null || value === undefined ? null : readNumber(row, column);
}

export function readBoolean(row: Row, column: string): boolean {
  const value = row[column];
  if (typeof value !== "boolean") fail(column, "boolean", value);
  return value;
}

/** Timestamps come back as Date from both drivers; records carry epoch milliseconds. */
export function readMillis(row: Row, column: string): number {
  const value = row[column];
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string" || typeof value === "number") {
    const ms = new Date(value).getTime();
    if (Number.isFinite(ms)) return ms;
  }
  return fail(column, "timestamp", value);
}

export function readMillisOrNull(row: Row, column: string): number | null {
  const value = row[column];
  return value === null || value === undefined ? null : readMillis(row, column);
}

export function readJson(row: Row, column: string): JsonValue {
  const value = row[column];
  if (value === undefined) fail(column, "json", value);
  if (typeof value === "string") {
    // jsonb is parsed by both drivers; a string here is a JSON string value.
    return value;
  }
  return value as JsonValue;
}

export function readTextArray(row: Row, column: string): string[] {
  const value = row[column];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    return fail(column, "text[]", value);
  }
  return value;
}

/** Epoch ms (or undefined/null) to a query parameter both drivers send as timestamptz. */
export function toTimestamp(ms: number | null | undefined): Date | null {
  if (ms === null || ms === undefined) return null;
  if (!Number.isFinite(ms))
    throw new StoreError("INVALID_INPUT", `timestamp must be finite epoch ms, got ${ms}`);
  return new Date(ms);
}

/**
 * A list of names (cue kinds, alert reasons) as one text parameter per row: a column of lists
 * cannot go through `unnest` (arrays of arrays must be rectangular), and splitting one text in SQL
 * (`splitNameListSql`) is cheaper than a JSON array per row. Names must be non-empty and free of
 * the separator, U+001F; `nameListProblem` says so.
 */
const NAME_LIST_SEPARATOR = "\u001f";

export function joinNameList(names: readonly string[]): string {
  return names.join(NAME_LIST_SEPARATOR);
}

/** The SQL that turns `joinNameList`'s text back into a `text[]` (an empty text gives `{}`). */
export function splitNameListSql(expression: string): string {
  return `string_to_array(${expression}, chr(31))`;
}

/** The problem with a list of names for `joinNameList`, or null. */
export function nameListProblem(where: string, names: readonly string[]): string | null {
  return names.some((n) => n === "" || n.includes(NAME_LIST_SEPARATOR))
    ? `${where} must be non-empty and must not contain U+001F`
    : null;
}

/** JSON to a parameter: always a string, because pg would turn a JS array into a PG array. */
export function toJsonParam(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new StoreError("INVALID_INPUT", "value is not JSON-serialisable");
  return text;
}

/**
 * Builds `($1,$2,…),($n,…)` for a multi-row INSERT and the flat parameter list, with optional
 * per-column casts (`["uuid", null, "jsonb"]`) so both drivers infer the same types.
 */
export function buildValues(
  rows: readonly (readonly unknown[])[],
  casts: readonly (string | null)[],
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    if (row.length !== casts.length) {
      throw new StoreError("INVALID_INPUT", `row has ${row.length} values, expected ${casts.length}`);
    }
    const slots = row.map((value, i) => {
      params.push(value);
      const cast = casts[i];
      return cast ? `$${params.length}::${cast}` : `$${params.length}`;
    });
    tuples.push(`(${slots.join(",")})`);
  }
  return { sql: tuples.join(","), params };
}

/** PostgreSQL allows 65,535 parameters per statement; batches are split to stay well under. */
export const MAX_PARAMETERS_PER_STATEMENT = 30_000;

/** Splits `rows` into groups of at most `maxParams / columns` rows. */
export function chunkRows<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; a finder given anything else answers "not found" instead of a SQL error. */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/**
 * The organisation's row of `table` with this id, made a record by `toRecord`; null when there is
 * none, and without asking the database when the id is no UUID (`isUuid`). `forUpdate` locks the
 * row until the transaction ends. The finders of one record by id are this, each with its table's
 * columns.
 *
 * @example
 * findInOrg(db, { table: "teams", columns: COLUMNS, orgId, id: teamId }, toTeam)
 */
export async function findInOrg<T>(
  db: Queryable,
  find: { table: string; columns: string; orgId: string; id: string; forUpdate?: boolean },
  toRecord: (row: Row) => T,
): Promise<T | null> {
  if (!isUuid(find.id)) return null;
  const [row] = await db.query(
    `SELECT ${find.columns} FROM ${find.table} WHERE org_id = $1 AND id = $2${find.forUpdate === true ? " FOR UPDATE" : ""}`,
    [find.orgId, find.id],
  );
  return row === undefined ? null : toRecord(row);
}

/**
 * Builds `unnest($1::uuid[], $2::text[], …)` and one array parameter per column for a multi-row
 * INSERT … SELECT. Same rows as `buildValues`, but a handful of parameters instead of one per
 * value: appendMessages' statement ran 2.6x faster on PGlite and 1.5x on PostgreSQL this way
 * (500-row batches; a plain INSERT gains little, the CTE around it a lot).
 * Several can feed one statement: give the later ones `firstParam` after the earlier ones' parameters.
 * `casts` are element types ("uuid", "text", "jsonb", "timestamptz", "int", "real", "bool"); Dates are
 * sent as ISO strings because neither driver formats a Date inside an array reliably. (On PGlite the
 * prepared-statement path sends these arrays in binary: pgliteStatements.ts.)
 */
export function buildUnnest(
  rows: readonly (readonly unknown[])[],
  casts: readonly string[],
  /** The number of the first parameter, when other parameters come before these ($1 by default). */
  firstParam = 1,
): { sql: string; params: unknown[][] } {
  const params: unknown[][] = casts.map(() => []);
  for (const row of rows) {
    if (row.length !== casts.length) {
      throw new StoreError("INVALID_INPUT", `row has ${row.length} values, expected ${casts.length}`);
    }
    row.forEach((value, i) => {
      (params[i] as unknown[]).push(value instanceof Date ? value.toISOString() : (value ?? null));
    });
  }
  const sql = `unnest(${casts.map((cast, i) => `$${i + firstParam}::${cast}[]`).join(", ")})`;
  return { sql, params };
}

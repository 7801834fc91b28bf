import { encodeBinaryArray } from "./binaryArrays.ts";
import { parse, protocol, type PGlite } from "@electric-sql/pglite";

const { serialize } = protocol;
const { parseDescribeStatementResults } = parse;

/** The backend messages read here, as PGlite's protocol parser gives them. */
interface BackendMessage {
  name: string;
}
interface DataRowMessage extends BackendMessage {
  fields: (string | null)[];
}
interface RowDescriptionMessage extends BackendMessage {
  fields: { name: string; dataTypeID: number }[];
}

/** How many named statements one PGlite keeps prepared; the least recently used is closed first. */
export const MAX_PREPARED_STATEMENTS = 256;

/** Statements that are prepared once and reused. */
const CACHEABLE = new Set(["select", "insert", "update", "delete", "with"]);
/** Statements that change no table's shape: run unprepared, and the prepared ones stay valid. */
const SHAPE_NEUTRAL = new Set([
  "vacuum",
  "analyze",
  "show",
  "set",
  "reset",
  "listen",
  "unlisten",
  "notify",
  "begin",
  "commit",
  "rollback",
  "savepoint",
  "release",
  "explain",
  "lock",
]);

/** The statement's first keyword, lower case, after any leading comments. */
export function firstKeyword(sql: string): string {
  let i = 0;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i] ?? "")) i++;
    if (sql.startsWith("--", i)) {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith("/*", i)) {
      const end = sql.indexOf("*/", i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else break;
  }
  const match = /^[a-z]+/i.exec(sql.slice(i, i + 16));
  return match !== null ? match[0].toLowerCase() : "";
}

interface Prepared {
  name: string;
  /** Parameter types, as the backend inferred them when the statement was parsed. */
  paramTypes: number[];
  /** Its result's columns as Describe gave them when it was parsed (none: it returns no rows). */
  fields: readonly { name: string; dataTypeID: number }[];
}

/**
 * Named prepared statements over one PGlite, sent in a single call into the backend.
 *
 * `PGlite.query` makes six calls into WebAssembly per statement (parse, describe, bind, describe,
 * execute, sync), and parses and plans the text every time: about 0.19 ms before the statement
 * does any work, and 0.6–1.3 ms of planning for the ingest statement. Here a SQL text is parsed once
 * (Parse + Describe, which also gives its parameter types); later runs send Bind, Describe, Execute
 * and Sync together, and PostgreSQL's plan cache decides between a custom and a generic plan.
 *
 * Only SELECT/INSERT/UPDATE/DELETE/WITH texts are prepared. Anything else (DDL, VACUUM, …) runs the
 * ordinary way, and a statement that may change a table's shape (CREATE, ALTER, DROP…, and every
 * `exec` script) closes all prepared statements first, so none can fail with "cached plan must not
 * change result type". Callers hold PGlite's locks: see `pgliteStore.ts`.
 */
export class PGliteStatements {
  private readonly prepared = new Map<string, Prepared>();
  /** Names to close with the next message (evicted, or invalidated by a change of shape). */
  private toClose: string[] = [];
  private sequence = 0;

  private readonly maxStatements: number;
  private readonly enabled: boolean;

  constructor(
    private readonly db: PGlite,
    options: { maxStatements?: number; enabled?: boolean } = {},
  ) {
    this.maxStatements = options.maxStatements ?? MAX_PREPARED_STATEMENTS;
    this.enabled = options.enabled ?? true;
  }

  /**
   * A transaction's BEGIN, not yet sent: it goes ahead of the transaction's first statement, in the
   * same call into the backend (an empty transaction sends nothing at all).
   */
  private beginPending = false;
  /** Whether BEGIN, COMMIT and ROLLBACK are parsed as named statements in the backend. */
  private transactionControlParsed = false;

  /** Number of statements currently prepared (tests). */
  get size(): number {
    return this.prepared.size;
  }

  /** True when `run` can take this text; otherwise use PGlite's own query, then `afterUnprepared`. */
  canPrepare(sql: string): boolean {
    return this.enabled && (this.prepared.has(sql) || CACHEABLE.has(firstKeyword(sql)));
  }

  /** After a statement ran unprepared: one that may change a table's shape invalidates every prepared plan. */
  afterUnprepared(sql: string): void {
    if (!SHAPE_NEUTRAL.has(firstKeyword(sql))) this.invalidate();
  }

  /** Forgets every prepared statement; they are closed in the backend with the next message. */
  invalidate(): void {
    for (const { name } of this.prepared.values()) this.toClose.push(name);
    this.prepared.clear();
  }

  /**
   * Starts a transaction (the caller holds PGlite's transaction lock): BEGIN is sent with the next
   * statement, as a prepared statement, instead of through PGlite's simple-query path on its own.
   */
  begin(): void {
    this.beginPending = true;
  }

  /**
   * Ends the transaction begun by `begin`, in one call into the backend (the caller holds the query
   * lock). Resolves to the command PostgreSQL ran: "ROLLBACK" for a COMMIT of a transaction a failed
   * statement aborted, as PostgreSQL answers it; null when BEGIN was never sent (nothing to end).
   */
  async end(commit: boolean): Promise<string | null> {
    if (this.beginPending) {
      this.beginPending = false;
      return null;
    }
    const { messages } = await this.db.execProtocol(
      concat([
        ...this.takePrefix().messages,
        serialize.bind({ statement: commit ? COMMIT_STATEMENT : ROLLBACK_STATEMENT, values: [] }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const done = messages.find((m) => m.name === "commandComplete") as { text?: string } | undefined;
    return done?.text ?? null;
  }

  /**
   * Runs a statement that is not kept prepared, inside a transaction begun by `begin` (the caller
   * holds the query lock): parsed as the unnamed statement, then run, in two calls into the backend.
   */
  async runOnce<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    const statement = await this.parse("", sql);
    const values = params.map((value, i) => this.serializeParam(value, statement.paramTypes[i]));
    const { messages } = await this.db.execProtocol(
      concat([serialize.bind({ values }), serialize.execute({}), serialize.sync()]),
      { syncToFs: false },
    );
    return this.rowsOf(messages, statement.fields) as T[];
  }

  /** Runs a script (one or more statements, no parameters) inside a transaction begun by `begin`. */
  async script(sql: string): Promise<void> {
    const prefix = this.takePrefix().messages;
    await this.db.execProtocol(
      concat([...prefix, ...(prefix.length > 0 ? [serialize.sync()] : []), serialize.query(sql)]),
      { syncToFs: false },
    );
  }

  /** Runs a cacheable statement. The caller holds PGlite's query lock (and, outside a transaction, its transaction lock). */
  async run<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
    let statement = this.prepared.get(sql);
    if (statement !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.prepared.delete(sql);
      this.prepared.set(sql, statement);
    } else {
      statement = await this.prepare(sql);
    }
    const values = params.map((value, i) => this.serializeParam(value, statement.paramTypes[i]));
    // No Describe of the portal: its columns are the statement's, described when it was parsed
    // (a change of shape closes every prepared statement first, see the class comment).
    const prefix = this.takePrefix();
    const { messages } = await this.db.execProtocol(
      concat([
        ...prefix.messages,
        serialize.bind({ statement: statement.name, values }),
        serialize.execute({}),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    return this.rowsOf(messages, statement.fields, prefix.results) as T[];
  }

  /**
   * The rows of the result after the first `skip` (a BEGIN sent ahead has one), each value parsed by
   * its column's type as `PGlite.query` does (its `parseResults` builds each row through an array
   * of pairs; this fills the object directly).
   */
  private rowsOf(
    messages: readonly BackendMessage[],
    fields: readonly { name: string; dataTypeID: number }[],
    skip = 0,
  ): Record<string, unknown>[] {
    const parsers = this.db.parsers;
    const columnParsers = fields.map((f) => parsers[f.dataTypeID] ?? null);
    const rows: Record<string, unknown>[] = [];
    let skipped = 0;
    for (const message of messages) {
      if (message.name === "commandComplete" && skipped++ >= skip) break;
      if (skipped < skip) continue;
      if (message.name !== "dataRow") continue;
      const values = (message as DataRowMessage).fields;
      const row: Record<string, unknown> = {};
      for (let c = 0; c < fields.length; c++) {
        const value = values[c] ?? null;
        const parser = columnParsers[c] ?? null;
        const field = fields[c] as { name: string; dataTypeID: number };
        row[field.name] = value === null ? null : parser !== null ? parser(value, field.dataTypeID) : value;
      }
      rows.push(row);
    }
    return rows;
  }

  /** Parses `sql` as the statement `name` ("" for the unnamed one) and describes it. */
  private async parse(name: string, sql: string): Promise<Prepared> {
    const { messages } = await this.db.execProtocol(
      concat([
        ...this.takePrefix().messages,
        serialize.parse({ name, text: sql, types: [] }),
        serialize.describe({ type: "S", name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const described = messages.find((m) => m.name === "rowDescription") as RowDescriptionMessage | undefined;
    return {
      name,
      paramTypes: parseDescribeStatementResults(messages),
      fields: (described?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    };
  }

  private async prepare(sql: string): Promise<Prepared> {
    // A fresh name each time: a Parse that failed half-way can never collide with a later one.
    const statement = await this.parse(`tagteam_${++this.sequence}`, sql);
    this.prepared.set(sql, statement);
    while (this.prepared.size > this.maxStatements) {
      const oldest = this.prepared.keys().next().value;
      if (oldest === undefined) break;
      this.toClose.push(this.prepared.get(oldest)?.name ?? "");
      this.prepared.delete(oldest);
    }
    return statement;
  }

  /**
   * What goes ahead of the next statement in its call: the statements to close, then a pending
   * BEGIN (parsed with COMMIT and ROLLBACK the first time). If the statement fails, BEGIN has run
   * before it, so the transaction is aborted and ends with ROLLBACK like any other.
   */
  private takePrefix(): { messages: Uint8Array[]; results: number } {
    const prefix =
      this.toClose.length === 0
        ? []
        : this.toClose.filter((n) => n !== "").map((name) => serialize.close({ type: "S", name }));
    this.toClose = [];
    if (!this.beginPending) return { messages: prefix, results: 0 };
    this.beginPending = false;
    if (!this.transactionControlParsed) {
      this.transactionControlParsed = true;
      prefix.push(
        serialize.parse({ name: BEGIN_STATEMENT, text: "BEGIN", types: [] }),
        serialize.parse({ name: COMMIT_STATEMENT, text: "COMMIT", types: [] }),
        serialize.parse({ name: ROLLBACK_STATEMENT, text: "ROLLBACK", types: [] }),
      );
    }
    prefix.push(serialize.bind({ statement: BEGIN_STATEMENT, values: [] }), serialize.execute({}));
    return { messages: prefix, results: 1 };
  }

  /** As `PGlite.query` does: the serializer for the parameter's type, or its text. */
  private serializeParam(value: unknown, type: number | undefined): string | Uint8Array | null {
    if (value === null || value === undefined) return null;
    // Arrays (buildUnnest's columns) in PostgreSQL's binary format when every element fits: the
    // text form is escaped here element by element and parsed back by the server; the binary form is
    // each element's length and bytes. The messages' statement took ~20 % less time, a plain
    // multi-row insert ~30 % (binaryArrays.ts).
    if (Array.isArray(value) && type !== undefined) {
      const element = ARRAY_ELEMENT_CASTS[type];
      const binary = element !== undefined ? encodeBinaryArray(value, element) : null;
      if (binary !== null) return binary;
    }
    const serializer = type !== undefined ? this.db.serializers[type] : undefined;
    if (serializer !== undefined) return serializer(value);
    return typeof value === "string" ? value : String(value as string | number | boolean);
  }
}

/** BEGIN, COMMIT and ROLLBACK, prepared once (names apart from the cache's `tagteam_<n>`). */
const BEGIN_STATEMENT = "tagteam_begin";
const COMMIT_STATEMENT = "tagteam_commit";
const ROLLBACK_STATEMENT = "tagteam_rollback";

/** Array types by oid → the element cast `encodeBinaryArray` takes. */
const ARRAY_ELEMENT_CASTS: Readonly<Record<number, string>> = {
  2951: "uuid",
  1007: "int",
  1009: "text",
  3807: "jsonb",
  1185: "timestamptz",
  1021: "real",
  1000: "bool",
};

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

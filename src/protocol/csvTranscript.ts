import Papa from "papaparse";
import type { Channel, MessageRole } from "./resources.ts";
import type { FileShape, Place, RawEntry, TranscriptReader } from "./transcriptFile.ts";

/*
 * Reading a CSV transcript (one row per message, as helpdesks and spreadsheets export them) into
 * the same entries the JSON splitter gives: one conversation object per conversation, in the
 * `tagteam analyze` format, and every problem with its CSV line and column. Text in, chunk by
 * chunk, wherever the chunks break (inside a quoted field too); no DOM, no Node: the web app's
 * Import panel, `tagteam import` and `tagteam analyze` all read CSV through this.
 *
 * Parsing is PapaParse's core parser (RFC 4180: quoted fields with separators, doubled quotes and
 * line breaks inside), fed the way PapaParse's own streamers feed it: each chunk appended to the
 * unfinished last row of the one before, the last row left for the next chunk until the file ends.
 * Here: the header row (required) names the columns, and tells the separator (`,`, `;`, tab or
 * `|`, whichever the header line has most of) and the line break (CRLF, LF or CR).
 *
 * Grouping: rows may come in any order (interleaved across conversations), so without more to go
 * on a conversation is only complete when the file ends; its rows are held until then (memory grows
 * with the file, as with a JSON array read whole), and conversations come out in the order they
 * first appear. A reader that knows each conversation's last row (`lastRowOf`, from a first read
 * with `indexOnly`) gives each as soon as that row is read, so it holds only the conversations
 * still open at that point of the file (`tagteam import`). Within a conversation messages go in
 * time order when every one has a time, otherwise in file order.
 */

/** What a column can be: a message's (conversation, at, role, author, text) or its conversation's. */
export const CSV_FIELDS = [
  "conversation",
  "at",
  "role",
  "author",
  "text",
  "topic",
  "channel",
  "subject",
  "customer",
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export const REQUIRED_CSV_FIELDS: readonly CsvField[] = ["conversation", "role", "text"];

/** What each field means, for people choosing columns. */
export const CSV_FIELD_LABELS: Record<CsvField, string> = {
  conversation: "Conversation id",
  at: "Time",
  role: "Role (customer, agent, system)",
  author: "Author",
  text: "Message text",
  topic: "Topic",
  channel: "Channel",
  subject: "Subject",
  customer: "Customer name",
};

/**
 * Header names that are taken for each field, most likely first, compared without case or
 * punctuation ("Ticket ID" is `ticket_id`). A column goes to the first field that names it.
 */
export const CSV_HEADER_NAMES: Record<CsvField, readonly string[]> = {
  conversation: [
    "conversation_id",
    "ticket_id",
    "chat_id",
    "thread_id",
    "conversation",
    "ticket",
    "chat",
    "thread",
  ],
  at: ["at", "timestamp", "created_at", "sent_at", "time", "date", "datetime", "created"],
  role: ["role", "sender_type", "author_type", "from", "direction", "message_type", "type"],
  author: ["author", "sender", "author_name", "sender_name", "agent", "agent_name", "agent_email", "email"],
  text: ["text", "message", "body", "content", "comment", "message_text", "message_body"],
  topic: ["topic", "category"],
  channel: ["channel", "source", "via"],
  subject: ["subject", "title"],
  customer: ["customer_name", "customer", "requester_name", "contact_name", "visitor_name", "requester"],
};

/** Role values, compared without case or punctuation; `skip` rows are not messages (notes). */
export const CSV_ROLE_VALUES: Record<MessageRole | "skip", readonly string[]> = {
  // Not "user" (Chatwoot's agents, Intercom's customers) nor "lead" (a team lead, or a sales
  // prospect): ambiguous values are problems until `--roles` (CsvReaderOptions.roles) says.
  customer: ["customer", "end-user", "requester", "contact", "visitor", "client"].concat([
    "inbound",
    "incoming",
    "received",
  ]),
  agent: ["agent", "admin", "operator", "staff", "support", "teammate", "outbound", "outgoing", "sent"],
  system: ["system", "bot", "agent_bot", "automated", "automation", "workflow"],
  skip: ["note", "internal", "internal_note", "private", "private_note", "activity"],
};

const CHANNEL_VALUES: Record<Channel, readonly string[]> = {
  chat: [
    "chat",
    "live_chat",
    "web",
    "widget",
    "web_widget",
    "messenger",
    "messaging",
    "in_app",
    "sms",
    "whatsapp",
  ],
  email: ["email", "e-mail", "mail"],
  voice: ["voice", "phone", "call", "telephony"],
  social: ["social", "twitter", "x", "facebook", "instagram"],
};

/** "Ticket ID" → "ticketid": what header names and values are compared by. */
export const normalizeName = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

const lookup = <K extends string>(table: Record<K, readonly string[]>): Map<string, K> => {
  const map = new Map<string, K>();
  for (const key of Object.keys(table) as K[]) for (const v of table[key]) map.set(normalizeName(v), key);
  return map;
};
const ROLE_BY_VALUE = lookup(CSV_ROLE_VALUES);
const CHANNEL_BY_VALUE = lookup(CHANNEL_VALUES);

// -- the header ------------------------------------------------------------------------------------

export type CsvSeparator = "," | ";" | "\t" | "|";
const SEPARATORS: readonly CsvSeparator[] = [",", ";", "\t", "|"];

export interface CsvHeader {
  columns: string[];
  separator: CsvSeparator;
  newline: "\n" | "\r\n" | "\r";
  /** Characters of the text the header takes, its line break included. */
  length: number;
}

/**
 * The header row of a CSV's text (a UTF-8 BOM skipped), or null when more text is needed to see
 * where it ends (`final`: there is no more).
 */
export function readCsvHeader(text: string, final = false): CsvHeader | null {
  const start = text.startsWith("\uFEFF") ? 1 : 0;
  let inQuotes = false;
  let end = -1;
  let newline: CsvHeader["newline"] = "\n";
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === "\n" || c === "\r")) {
      if (c === "\r" && i + 1 === text.length && !final) return null; // CRLF split between chunks?
      newline = c === "\n" ? "\n" : text[i + 1] === "\n" ? "\r\n" : "\r";
      end = i;
      break;
    }
  }
  if (end === -1 && !final) return null;
  const line = text.slice(start, end === -1 ? text.length : end);
  // The separator the header line has most of, outside quotes (a comma when none).
  const counts = new Map<string, number>();
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let separator: CsvSeparator = ",";
  for (const s of SEPARATORS) if ((counts.get(s) ?? 0) > (counts.get(separator) ?? 0)) separator = s;
  const parsed = Papa.parse<string[]>(line, { delimiter: separator, newline: "\n" });
  const columns = (parsed.data[0] ?? []).map((c) => c.trim());
  return { columns, separator, newline, length: end === -1 ? text.length : end + newline.length };
}

/** A field's column: its name in the header, its index (from 0), or null for none. */
export type CsvColumnChoice = string | number | null;
/** Choices that replace the detected ones, field by field (`--columns`, the web's selects). */
export type CsvColumnChoices = Partial<Record<CsvField, CsvColumnChoice>>;
/** Each field's column index, or null. */
export type CsvColumnMap = Record<CsvField, number | null>;

export interface CsvMappingResult {
  columns: CsvColumnMap;
  /** Why the mapping cannot be used (a chosen column that is not there, a required field without one). */
  errors: string[];
}

const listColumns = (columns: readonly string[]) =>
  columns.length === 0 ? "(nothing)" : columns.map((c) => (c === "" ? "(blank)" : c)).join(", ");

/** The columns for each field: detected by header name, then `choices` applied. */
export function mapCsvColumns(header: readonly string[], choices: CsvColumnChoices = {}): CsvMappingResult {
  const columns = Object.fromEntries(CSV_FIELDS.map((f) => [f, null])) as CsvColumnMap;
  const errors: string[] = [];
  const normalized = header.map(normalizeName);
  const taken = new Set<number>();
  for (const field of CSV_FIELDS) {
    const choice = choices[field];
    if (choice === undefined) continue;
    if (choice === null || choice === "") continue;
    let index: number;
    if (typeof choice === "number") index = choice >= 0 && choice < header.length ? choice : -1;
    else {
      index = header.indexOf(choice);
      if (index === -1) index = normalized.indexOf(normalizeName(choice));
    }
    if (index === -1) {
      errors.push(`${field}: there is no column "${choice}"; the header has: ${listColumns(header)}`);
      continue;
    }
    columns[field] = index;
    taken.add(index);
  }
  for (const field of CSV_FIELDS) {
    if (field in choices) continue;
    for (const name of CSV_HEADER_NAMES[field]) {
      const index = normalized.findIndex((n, i) => n === normalizeName(name) && !taken.has(i));
      if (index !== -1) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  for (const field of REQUIRED_CSV_FIELDS) {
    if (columns[field] !== null || errors.some((e) => e.startsWith(`${field}:`))) continue;
    errors.push(
      `no column for ${field}: none is named ${CSV_HEADER_NAMES[field].join(", ")}; the header has: ${listColumns(header)}`,
    );
  }
  return { columns, errors };
}

/** `conversation=Ticket ID,text=Comment,topic=` (empty: no column) → choices, or what is wrong. */
export function parseColumnChoices(spec: string): CsvColumnChoices | { error: string } {
  const choices: CsvColumnChoices = {};
  for (const part of spec.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    const field = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase() as CsvField;
    if (eq === -1 || !CSV_FIELDS.includes(field))
      return { error: `--columns: "${part}" is not FIELD=COLUMN with FIELD one of ${CSV_FIELDS.join(", ")}` };
    const column = part.slice(eq + 1).trim();
    choices[field] = column === "" ? null : column;
  }
  return choices;
}

const ROLE_CHOICES = ["customer", "agent", "system", "note"] as const;
/** A file's own role values: value → role (`skip`: a note, left out). */
export type CsvRoleChoices = Record<string, MessageRole | "skip">;

/** `--roles "User=agent,Contact=customer,Private=note"` → role by value; or what is wrong. */
export function parseRoleChoices(spec: string): CsvRoleChoices | { error: string } {
  const roles: CsvRoleChoices = {};
  for (const part of spec.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.lastIndexOf("=");
    const value = eq === -1 ? "" : part.slice(0, eq).trim();
    const role = (
      eq === -1
        ? ""
        : part
            .slice(eq + 1)
            .trim()
            .toLowerCase()
    ) as (typeof ROLE_CHOICES)[number];
    if (value === "" || !ROLE_CHOICES.includes(role))
      return { error: `--roles: "${part}" is not VALUE=ROLE with ROLE one of ${ROLE_CHOICES.join(", ")}` };
    roles[value] = role === "note" ? "skip" : role;
  }
  return roles;
}

// -- values ----------------------------------------------------------------------------------------

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A time cell as an ISO string, or null when it is not a time: ISO 8601 or `YYYY-MM-DD HH:MM[:SS]`
 * with an offset, `Z` or `UTC` (without one it is read as UTC), or Unix seconds or milliseconds.
 */
export function parseCsvTime(value: string): string | null {
  const v = value.trim();
  if (/^\d{9,10}(\.\d+)?$/.test(v)) return new Date(Number(v) * 1000).toISOString();
  if (/^\d{12,13}$/.test(v)) return new Date(Number(v)).toISOString();
  const m = ISO_LIKE.exec(v);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let offset = "Z";
  if (zone !== undefined && /^[+-]/.test(zone)) {
    const digits = zone.slice(1).replace(":", "");
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || "00"}`;
  }
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${frac ?? ""}${offset}`);
  if (Number.isNaN(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59) return null;
  return new Date(ms).toISOString();
}

// -- the reader ------------------------------------------------------------------------------------

interface Message {
  role: MessageRole;
  text: string;
  at?: string;
  author?: string;
}

interface Pending {
  id: string;
  line: number;
  messages: Message[];
  timed: boolean;
  broken: boolean;
  topic?: string;
  subject?: string;
  channel?: Channel;
  customer?: string;
}

export interface CsvReaderOptions {
  /** Columns chosen by the user, replacing the detected ones field by field. */
  columns?: CsvColumnChoices;
  /** Added to the message when the header cannot be mapped (how to choose columns where it is read). */
  mappingHint?: string;
  /**
   * Role values of this file, by value (compared without case or punctuation), before the known
   * ones: `{ User: "agent" }` for a helpdesk whose agents are "User" (`--roles`).
   */
  roles?: Readonly<CsvRoleChoices>;
  /** Added to an unknown role's message (how to name its values where it is read). */
  rolesHint?: string;
  /**
   * An unfinished row (a quoted field not closed) longer than this, in characters, stops the
   * reading: an unbalanced quote would otherwise swallow the rest of the file into one field.
   */
  maxRowChars?: number;
  /**
   * Only learn where each conversation ends: each row's conversation id and line go into
   * `lastRows`, nothing else is read into memory, and no entries come out (but the header's and a
   * runaway row's problems, which stop the reading).
   */
  indexOnly?: boolean;
  /**
   * Each conversation's last row, by id (its CSV line, as `lastRows` of an `indexOnly` read of the
   * same text gives): a conversation comes out as soon as that row is read, not when the file ends.
   * One that does not end where it says (the text changed) comes out when the file ends.
   */
  lastRowOf?: ReadonlyMap<string, number>;
}

const MAX_SUBJECT_AS_TOPIC = 100;

/** Reads a CSV transcript's text, fed in chunks of any size, into one entry per conversation. */
export class CsvTranscriptReader implements TranscriptReader {
  readonly shape: FileShape = "csv";
  /** The header, once read. */
  header: CsvHeader | null = null;
  /** The columns used, once the header is read and mapped. */
  columns: CsvColumnMap | null = null;
  /** Rows that are notes (role note, internal, …): not messages, so not imported. */
  notes = 0;
  /** With `indexOnly`: each conversation id's last row (the CSV line it starts on), once read. */
  readonly lastRows = new Map<string, number>();
  private head = "";
  private stopped = false;
  private parser: Papa.Parser | null = null;
  private partial = "";
  /** Characters before `partial` (PapaParse's cursors count from the header's end). */
  private base = 0;
  /** The line `partial` starts on. */
  private line = 2;
  private aggregate = "";
  private rowStart = 0;
  private out: RawEntry[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly maxRowChars: number;

  private readonly roles: Map<string, MessageRole | "skip">;

  constructor(private readonly options: CsvReaderOptions = {}) {
    this.maxRowChars = options.maxRowChars ?? 8 * 1024 * 1024;
    this.roles = new Map(
      Object.entries(options.roles ?? {}).map(([value, role]) => [normalizeName(value), role]),
    );
  }

  push(chunk: string): RawEntry[] {
    this.out = [];
    if (this.stopped) return this.out;
    if (this.parser === null) {
      this.head += chunk;
      const header = readCsvHeader(this.head);
      if (header === null) return this.out;
      const rest = this.head.slice(header.length);
      this.head = "";
      if (!this.start(header)) return this.out;
      this.feed(rest, false);
    } else this.feed(chunk, false);
    return this.out;
  }

  end(): RawEntry[] {
    this.out = [];
    if (this.stopped) return this.out;
    if (this.parser === null) {
      const header = readCsvHeader(this.head, true);
      const rest = header === null ? "" : this.head.slice(header.length);
      this.head = "";
      if (header === null || header.columns.every((c) => c === "")) {
        this.stop(null, "the file has no header row (the first line names the columns)");
        return this.out;
      }
      if (!this.start(header)) return this.out;
      this.feed(rest, true);
    } else this.feed("", true);
    for (const p of this.pending.values()) this.finish(p);
    this.pending.clear();
    return this.out;
  }

  private start(header: CsvHeader): boolean {
    this.header = header;
    const mapped = mapCsvColumns(header.columns, this.options.columns);
    if (mapped.errors.length > 0) {
      const hint = this.options.mappingHint === undefined ? "" : ` (${this.options.mappingHint})`;
      for (const error of mapped.errors)
        this.out.push(this.problem({ line: 1 }, null, null, `${error}${hint}`));
      this.stopped = true;
      return false;
    }
    this.columns = mapped.columns;
    this.parser = new Papa.Parser({
      delimiter: header.separator,
      newline: header.newline,
      quoteChar: '"',
      step: (result: Papa.ParseStepResult<string[]>) => this.row(result),
    });
    return true;
  }

  private feed(text: string, final: boolean): void {
    const parser = this.parser;
    if (parser === null) return;
    this.aggregate = this.partial + text;
    this.rowStart = this.base;
    const result = parser.parse(this.aggregate, this.base, !final) as Papa.ParseResult<string[]>;
    if (final) return;
    const cursor = result.meta.cursor;
    this.partial = this.aggregate.slice(cursor - this.base);
    this.base = cursor;
    this.aggregate = "";
    if (this.partial.length > this.maxRowChars) {
      this.stop(
        { line: this.line },
        `a row starting here is still not finished after ${this.maxRowChars.toLocaleString("en-US")} characters: is a quote (") not closed? The rest of the file was not read`,
      );
    }
  }

  private row(result: Papa.ParseStepResult<string[]>): void {
    const end = result.meta.cursor;
    const raw = this.aggregate.slice(this.rowStart - this.base, end - this.base);
    this.rowStart = end;
    const line = this.line;
    this.line += countLines(raw, this.header?.newline ?? "\n");
    // The core parser, stepping, gives each row as a one-row array.
    const cells = (result.data as unknown as string[][])[0] ?? [];
    if (cells.every((c) => c.trim() === "")) return;
    if (this.options.indexOnly === true) {
      const id = this.conversationOf(cells);
      if (id !== "") this.lastRows.set(id, line);
      return;
    }
    this.message(cells, line, result.errors);
    const lastRowOf = this.options.lastRowOf;
    if (lastRowOf === undefined) return;
    const id = this.conversationOf(cells);
    if (id === "" || lastRowOf.get(id) !== line) return;
    const pending = this.pending.get(id);
    if (pending === undefined) return; // only notes so far
    this.pending.delete(id);
    this.finish(pending);
  }

  private conversationOf(cells: readonly string[]): string {
    const index = (this.columns as CsvColumnMap).conversation;
    return index === null ? "" : (cells[index] ?? "").trim();
  }

  private message(cells: string[], line: number, errors: Papa.ParseError[]): void {
    const columns = this.columns as CsvColumnMap;
    const header = (this.header as CsvHeader).columns;
    const cell = (field: CsvField) => {
      const index = columns[field];
      return index === null ? "" : (cells[index] ?? "");
    };
    const name = (field: CsvField) => header[columns[field] as number] ?? field;
    const id = cell("conversation").trim();
    const problems: { field: string | null; message: string }[] = [];
    for (const e of errors)
      problems.push({
        field: null,
        message:
          e.code === "MissingQuotes"
            ? 'a quoted field is not closed ("): the rest of the file was read into it'
            : `malformed quotes: ${e.message}`,
      });
    const extra = cells.slice(header.length);
    if (extra.some((c) => c.trim() !== ""))
      problems.push({
        field: null,
        message: `${cells.length} fields where the header has ${header.length} (a separator inside a field that is not quoted?)`,
      });
    if (id === "") problems.push({ field: name("conversation"), message: "no conversation id" });

    const roleCell = cell("role").trim();
    const role = this.roles.get(normalizeName(roleCell)) ?? ROLE_BY_VALUE.get(normalizeName(roleCell));
    if (role === undefined)
      problems.push({
        field: name("role"),
        message:
          roleCell === ""
            ? "no role"
            : `unknown role "${roleCell}": use customer (or ${CSV_ROLE_VALUES.customer.slice(1, 5).join(", ")}…), agent (or ${CSV_ROLE_VALUES.agent.slice(1, 5).join(", ")}…), system (or bot), or note to leave the row out${this.options.rolesHint !== undefined ? `; ${this.options.rolesHint}` : ""}`,
      });
    if (role === "skip") {
      this.notes++;
      if (problems.length === 0) return;
    }
    const text = cell("text");
    if (role !== "skip" && text.trim() === "")
      problems.push({ field: name("text"), message: "no message text" });
    let at: string | undefined;
    const atCell = cell("at").trim();
    if (atCell !== "") {
      const parsed = parseCsvTime(atCell);
      if (parsed === null)
        problems.push({
          field: name("at"),
          message: `"${atCell}" is not a time: use ISO 8601 (2026-03-02T10:00:05Z), "2026-03-02 10:00:05" (UTC) or Unix seconds`,
        });
      else at = parsed;
    }
    let channel: Channel | undefined;
    const channelCell = cell("channel").trim();
    if (channelCell !== "") {
      channel = CHANNEL_BY_VALUE.get(normalizeName(channelCell));
      if (channel === undefined)
        problems.push({
          field: name("channel"),
          message: `unknown channel "${channelCell}": use chat, email, voice or social`,
        });
    }

    let pending = id === "" ? undefined : this.pending.get(id);
    if (id !== "" && pending === undefined) {
      pending = { id, line, messages: [], timed: true, broken: false };
      this.pending.set(id, pending);
    }
    for (const p of problems)
      this.out.push(this.problem({ line }, id === "" ? null : id, p.field, p.message));
    if (pending === undefined) return;
    if (problems.length > 0) {
      // The conversation cannot be sent without this message; its other rows are still checked.
      pending.broken = true;
      pending.messages = [];
      return;
    }
    if (pending.broken || role === "skip" || role === undefined) return;
    const author = cell("author").trim();
    const customer = cell("customer").trim();
    pending.topic ??= cell("topic").trim() || undefined;
    pending.subject ??= cell("subject").trim() || undefined;
    pending.channel ??= channel;
    pending.customer ??= customer || undefined;
    if (at === undefined) pending.timed = false;
    pending.messages.push({
      role,
      text,
      ...(at === undefined ? {} : { at }),
      ...(author !== ""
        ? { author }
        : role === "customer" && (customer || pending.customer)
          ? { author: customer || (pending.customer as string) }
          : {}),
    });
  }

  private finish(p: Pending): void {
    const place = { line: p.line };
    if (p.broken) {
      this.out.push({ kind: "invalid", place, conversationId: p.id });
      return;
    }
    const messages = p.timed
      ? [...p.messages].sort((a, b) => Date.parse(a.at as string) - Date.parse(b.at as string))
      : p.messages;
    // Customer messages before the customer's name turned up get it too.
    if (p.customer !== undefined)
      for (const m of messages) if (m.role === "customer" && m.author === undefined) m.author = p.customer;
    const topic =
      p.topic ??
      (p.subject === undefined
        ? undefined
        : p.subject.length > MAX_SUBJECT_AS_TOPIC
          ? `${p.subject.slice(0, MAX_SUBJECT_AS_TOPIC - 1)}…`
          : p.subject);
    this.out.push({
      kind: "value",
      place,
      value: {
        id: p.id,
        ...(p.channel === undefined ? {} : { channel: p.channel }),
        ...(topic === undefined ? {} : { topic }),
        messages,
      },
    });
  }

  private problem(place: Place | null, conversationId: string | null, field: string | null, message: string) {
    return { kind: "broken" as const, place, message, conversation: false, field, conversationId };
  }

  private stop(place: Place | null, message: string): void {
    this.stopped = true;
    this.pending.clear();
    this.out.push(this.problem(place, null, null, message));
  }
}

function countLines(text: string, newline: CsvHeader["newline"]): number {
  const mark = newline === "\r" ? "\r" : "\n";
  let count = 0;
  for (let i = text.indexOf(mark); i !== -1; i = text.indexOf(mark, i + 1)) count++;
  return count;
}

/** Whether a file is read as CSV: by its name (`.csv`, `.tsv`) or its media type. */
export const isCsvFileName = (name: string, type = "") =>
  /\.(csv|tsv)$/i.test(name) || type === "text/csv" || type === "text/tab-separated-values";

import type { z } from "zod";
import { importConversationSchema } from "./http.ts";

/*
 * Reading a transcript file before anything is sent: the `tagteam analyze` input format
 * (docs/ANALYZE.md) — JSONL, one JSON array, or one JSON object — split incrementally as the
 * file's text arrives in chunks of any size, and every conversation validated with the import
 * route's own schema, each problem kept with where it is.
 *
 * One implementation for both importers: the web app's Import panel
 * (src/web/features/exports/transcriptFile.ts reads a File in chunks) and `tagteam import`
 * (src/cli/import.ts streams the file from disk). So nothing here touches the DOM or Node: text
 * in, values and problems out, and memory bounded by one conversation plus what the caller keeps.
 *
 * The shape is told as `tagteam analyze` tells it: `[` as the first non-blank character → an
 * array; otherwise JSONL, or one pretty-printed object when the first line is not complete JSON.
 */

export type ImportConversation = z.output<typeof importConversationSchema>;
export type FileShape = "jsonl" | "array" | "object" | "csv";

/** Where something is in the file: its first line, and its position in an array (from 0). */
export interface Place {
  line: number;
  element?: number;
}

/** "line 12", "element 3 (line 40)". */
export function describePlace(place: Place): string {
  return place.element === undefined ? `line ${place.line}` : `element ${place.element} (line ${place.line})`;
}

/** What the splitter found: a JSON value where a conversation should be, or why there is none. */
export type RawEntry =
  | { kind: "value"; place: Place; value: unknown }
  /** `conversation`: false when the problem is the file's structure rather than one conversation. */
  | {
      kind: "broken";
      place: Place | null;
      message: string;
      conversation: boolean;
      /** Where in the conversation (a CSV column), and whose, when the reader knows. */
      field?: string | null;
      conversationId?: string | null;
    }
  /** A conversation that cannot be sent, its problems already told (a CSV's rows, one by one). */
  | { kind: "invalid"; place: Place; conversationId: string };

/** Turns a transcript file's text, fed in chunks, into entries: {@link TranscriptSplitter}, or the CSV reader. */
export interface TranscriptReader {
  readonly shape: FileShape | null;
  push(chunk: string): RawEntry[];
  end(): RawEntry[];
}

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const isBlank = (c: number) => c === SPACE || c === TAB || c === NL || c === CR;

const jsonError = (error: unknown) =>
  `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;

/** A top-level JSON array, element by element, whatever chunk boundaries fall where. */
class ArraySplitter {
  private line = 1;
  private expect: "open" | "valueOrEnd" | "value" | "commaOrEnd" | "closed" | "stopped" = "open";
  private index = 0;
  private inElement = false;
  private kind: "nested" | "string" | "bare" = "nested";
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: string[] = [];
  private elementLine = 1;

  push(chunk: string, out: RawEntry[]): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (this.expect === "stopped") return;
      const c = chunk.charCodeAt(i);
      if (this.inElement) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === BACKSLASH) this.escaped = true;
          else if (c === QUOTE) {
            this.inString = false;
            if (this.kind === "string") this.finish(chunk, start, i + 1, out);
          } else if (c === NL) this.line++;
        } else if (this.kind === "bare") {
          // A number, true, false or null ends where the next separator begins.
          if (c === COMMA || c === CLOSE_BRACKET || isBlank(c)) {
            this.finish(chunk, start, i, out);
            i--; // the separator is read again, outside the element
          }
        } else if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          this.depth--;
          if (this.depth === 0) this.finish(chunk, start, i + 1, out);
        } else if (c === NL) this.line++;
        continue;
      }
      if (c === NL) {
        this.line++;
        continue;
      }
      if (isBlank(c)) continue;
      switch (this.expect) {
        case "open":
          if (c === OPEN_BRACKET) this.expect = "valueOrEnd";
          else this.stop(`expected "[" at line ${this.line}`, out);
          break;
        case "valueOrEnd":
        case "value":
          if (c === CLOSE_BRACKET && this.expect === "valueOrEnd") this.expect = "closed";
          else if (c === COMMA || c === CLOSE_BRACKET)
            this.stop(`expected a conversation before "${String.fromCharCode(c)}" at line ${this.line}`, out);
          else {
            this.inElement = true;
            this.elementLine = this.line;
            this.kind = c === QUOTE ? "string" : c === OPEN_BRACE || c === OPEN_BRACKET ? "nested" : "bare";
            this.depth = this.kind === "nested" ? 1 : 0;
            this.inString = this.kind === "string";
            this.escaped = false;
            start = i;
          }
          break;
        case "commaOrEnd":
          if (c === COMMA) this.expect = "value";
          else if (c === CLOSE_BRACKET) this.expect = "closed";
          else this.stop(`expected "," or "]" after element ${this.index - 1}, at line ${this.line}`, out);
          break;
        case "closed":
          this.stop(`unexpected text after the array's closing "]", at line ${this.line}`, out);
          break;
      }
    }
    if (this.inElement) this.pieces.push(chunk.slice(start));
  }

  end(out: RawEntry[]): void {
    if (this.inElement) {
      out.push({
        kind: "broken",
        place: { line: this.elementLine, element: this.index },
        message: "the file ends inside this conversation (is the file cut short?)",
        conversation: true,
      });
    } else if (this.expect !== "closed" && this.expect !== "stopped") {
      out.push({
        kind: "broken",
        place: { line: this.line },
        message: `the array is not closed with "]" (is the file cut short?)`,
        conversation: false,
      });
    }
  }

  private finish(chunk: string, start: number, end: number, out: RawEntry[]): void {
    const text =
      this.pieces.length > 0 ? this.pieces.join("") + chunk.slice(0, end) : chunk.slice(start, end);
    this.pieces = [];
    this.inElement = false;
    this.expect = "commaOrEnd";
    const place = { line: this.elementLine, element: this.index++ };
    try {
      out.push({ kind: "value", place, value: JSON.parse(text) as unknown });
    } catch (error) {
      out.push({ kind: "broken", place, message: jsonError(error), conversation: true });
    }
  }

  private stop(what: string, out: RawEntry[]): void {
    this.expect = "stopped";
    out.push({
      kind: "broken",
      place: { line: this.line },
      message: `not valid JSON: ${what}; the rest of the file was not read`,
      conversation: false,
    });
  }
}

/**
 * JSONL, line by line; or one pretty-printed object, when the first line starts an object that
 * does not end on it. A broken first line of a JSONL file looks like that too, so a later line
 * that also starts an object in column 1 settles it as JSONL.
 */
class LineSplitter {
  shape: "jsonl" | "object" = "jsonl";
  private lineNo = 0;
  private partial: string[] = [];
  private sawContent = false;
  private pending: { lines: string[]; start: number; error: string } | null = null;

  push(chunk: string, out: RawEntry[]): void {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", from);
      if (nl === -1) break;
      const head = chunk.slice(from, nl);
      const line = this.partial.length > 0 ? this.partial.join("") + head : head;
      this.partial = [];
      this.line(line, out);
      from = nl + 1;
    }
    if (from < chunk.length) this.partial.push(chunk.slice(from));
  }

  end(out: RawEntry[]): void {
    if (this.partial.length > 0) {
      const last = this.partial.join("");
      this.partial = [];
      this.line(last, out);
    }
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    const place = { line: pending.start };
    try {
      out.push({ kind: "value", place, value: JSON.parse(pending.lines.join("\n")) as unknown });
    } catch (error) {
      out.push({ kind: "broken", place, message: jsonError(error), conversation: true });
    }
  }

  private line(raw: string, out: RawEntry[]): void {
    this.lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const pending = this.pending;
    if (pending !== null) {
      if (line.startsWith("{")) {
        // JSONL after all (a pretty-printed object starts only its first line with "{" in
        // column 1): its first line was broken.
        this.pending = null;
        this.shape = "jsonl";
        out.push({
          kind: "broken",
          place: { line: pending.start },
          message: pending.error,
          conversation: true,
        });
        pending.lines.slice(1).forEach((l, i) => this.jsonl(l, pending.start + 1 + i, out));
        this.jsonl(line, this.lineNo, out);
      } else pending.lines.push(line);
      return;
    }
    if (line.trim() === "") return;
    const first = !this.sawContent;
    this.sawContent = true;
    if (first && line.trimStart().startsWith("{")) {
      try {
        out.push({ kind: "value", place: { line: this.lineNo }, value: JSON.parse(line) as unknown });
      } catch (error) {
        this.shape = "object";
        this.pending = { lines: [line], start: this.lineNo, error: jsonError(error) };
      }
      return;
    }
    this.jsonl(line, this.lineNo, out);
  }

  private jsonl(line: string, lineNo: number, out: RawEntry[]): void {
    if (line.trim() === "") return;
    const place = { line: lineNo };
    try {
      out.push({ kind: "value", place, value: JSON.parse(line) as unknown });
    } catch (error) {
      out.push({ kind: "broken", place, message: jsonError(error), conversation: true });
    }
  }
}

/**
 * Why a file whose text starts with `head` (its first non-blank characters) is no JSON transcript
 * at all, or null when it may be one (it starts with "{" or "["). Told once for the whole file,
 * instead of "not valid JSON" for each of its lines. `csvHint` says how a CSV gets read as one.
 */
export function notJsonTranscript(head: string, csvHint: string): string | null {
  const start = head.replace(/^\uFEFF/, "").trimStart();
  if (start === "" || start.startsWith("{") || start.startsWith("[")) return null;
  if (start.charCodeAt(0) === 0x1f) return "this is a compressed (gzip) file: decompress it first";
  if (start.startsWith("PK\u0003\u0004"))
    return "this is a ZIP file (or an Excel workbook): unzip it, or save the sheet as CSV";
  if (start.slice(0, 200).includes("\u0000")) return "this text is not UTF-8 (UTF-16?): save it as UTF-8";
  const line = start.split(/\r?\n|\r/, 1)[0] ?? "";
  const shown = line.length > 40 ? `${line.slice(0, 40)}…` : line;
  const csv = /[,;\t|]/.test(line) ? `; a CSV export (one row per message): ${csvHint}` : "";
  return `not JSON: the file starts with “${shown}”, where a JSON transcript starts with "{" or "["${csv}`;
}

/** How to have a CSV read as one, in the web app (the CLIs name their option). */
export const CSV_BY_FILE_NAME = "give it a name ending in .csv or .tsv";

/** Splits a transcript file's text, fed in chunks of any size, into one entry per conversation. */
export class TranscriptSplitter implements TranscriptReader {
  private head = "";
  private started = false;
  private inner: ArraySplitter | LineSplitter | null = null;
  /** Not JSON at all: said once, and the rest of the file is not read. */
  private refused = false;

  constructor(private readonly options: { csvHint?: string } = {}) {}

  /** "array", "jsonl" or "object" once the first non-blank character has been seen. */
  get shape(): FileShape | null {
    if (this.inner === null) return null;
    return this.inner instanceof ArraySplitter ? "array" : this.inner.shape;
  }

  push(chunk: string): RawEntry[] {
    const out: RawEntry[] = [];
    if (this.refused) return out;
    if (this.inner !== null) {
      this.inner.push(chunk, out);
      return out;
    }
    this.head += !this.started && chunk.startsWith("\uFEFF") ? chunk.slice(1) : chunk;
    this.started ||= chunk.length > 0;
    const first = this.head.trimStart();
    if (first === "") return out;
    if (!/^[[{]/.test(first)) {
      // Not JSON: its first line is quoted in the problem, so it is awaited whole (within reason).
      if (!/[\r\n]/.test(first) && first.length < 200) return out;
      this.refuse(out);
      return out;
    }
    this.inner = first.startsWith("[") ? new ArraySplitter() : new LineSplitter();
    const head = this.head;
    this.head = "";
    this.inner.push(head, out);
    return out;
  }

  end(): RawEntry[] {
    const out: RawEntry[] = [];
    if (this.inner === null && !this.refused && this.head.trim() !== "") this.refuse(out);
    this.inner?.end(out);
    return out;
  }

  /** The file is not JSON at all: one problem for the whole of it, and the rest is not read. */
  private refuse(out: RawEntry[]): void {
    const first = this.head.trimStart();
    const message = notJsonTranscript(first, this.options.csvHint ?? CSV_BY_FILE_NAME) ?? "not JSON";
    const line = 1 + (this.head.slice(0, this.head.length - first.length).match(/\r\n|\n|\r/g)?.length ?? 0);
    this.refused = true;
    this.head = "";
    out.push({ kind: "broken", place: { line }, message, conversation: false });
  }
}

/** UTF-8 length of a string, as it will travel in a request body. */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** One conversation that passed every check, as it will be sent. */
export interface CheckedConversation {
  place: Place;
  conversation: ImportConversation;
  /** Its size in the request body (UTF-8 bytes of its JSON). */
  bytes: number;
}

/** One problem: where, which conversation (when its id could be read), which field, what. */
export interface FileProblem {
  place: Place | null;
  conversationId: string | null;
  /** A dotted path inside the conversation ("messages.3.role"); null for the whole conversation or file. */
  field: string | null;
  message: string;
}

/** "line 12: messages.3.role: Invalid option: …" */
export function describeProblem(p: FileProblem): string {
  return [p.place === null ? "file" : describePlace(p.place), p.field, p.message]
    .filter((s) => s !== null)
    .join(": ");
}

export interface CheckResult {
  shape: FileShape | null;
  /** The conversations that may be sent, in file order (empty when not kept: `keepConversations`). */
  conversations: CheckedConversation[];
  /** Conversations that may be sent (counted even when not kept). */
  accepted: number;
  /** Messages in those conversations. */
  messages: number;
  /** Conversations that cannot be sent (one or more problems each). */
  invalid: number;
  /** The first `maxProblems` problems, in file order; `problemCount` counts them all. */
  problems: FileProblem[];
  problemCount: number;
}

export interface CheckOptions {
  /** A conversation whose JSON is larger than this cannot be sent (it must fit in one request). */
  maxConversationBytes?: number;
  /** How many problems to keep for showing (all are counted, and all go to `onProblem`). */
  maxProblems?: number;
  /** Called with every problem as it is found, in file order. */
  onProblem?: (problem: FileProblem) => void;
  /**
   * Keep the valid conversations for {@link ImportChecker.result} (default). Off, `add` still
   * returns them, and memory does not grow with the file: what a streaming importer wants.
   */
  keepConversations?: boolean;
  /**
   * Refuse a conversation whose id an earlier one in the file has (default), since the two would
   * be stored as one. This remembers every id, so memory grows with the number of conversations.
   */
  refuseRepeatedIds?: boolean;
}

/** Validates the splitter's entries with the import route's schema, one at a time. */
export class ImportChecker {
  private readonly conversations: CheckedConversation[] = [];
  private readonly problems: FileProblem[] = [];
  private readonly ids: Map<string, Place> | null;
  private accepted = 0;
  private messages = 0;
  private invalid = 0;
  private problemCount = 0;
  private readonly maxBytes: number;
  private readonly maxProblems: number;
  private readonly keep: boolean;
  private readonly onProblem: ((problem: FileProblem) => void) | undefined;

  constructor(options: CheckOptions = {}) {
    this.maxBytes = options.maxConversationBytes ?? Number.POSITIVE_INFINITY;
    this.maxProblems = options.maxProblems ?? 500;
    this.keep = options.keepConversations ?? true;
    this.ids = (options.refuseRepeatedIds ?? true) ? new Map() : null;
    this.onProblem = options.onProblem;
  }

  get found(): { conversations: number; invalid: number } {
    return { conversations: this.accepted, invalid: this.invalid };
  }

  /** Checks entries in file order; answers those that may be sent. */
  add(entries: readonly RawEntry[]): CheckedConversation[] {
    const ok: CheckedConversation[] = [];
    for (const entry of entries) {
      if (entry.kind === "invalid") {
        this.invalid++;
        continue;
      }
      if (entry.kind === "broken") {
        if (entry.conversation) this.invalid++;
        this.problem({
          place: entry.place,
          conversationId: entry.conversationId ?? null,
          field: entry.field ?? null,
          message: entry.message,
        });
        continue;
      }
      const checked = this.check(entry.place, entry.value);
      if (checked === null) continue;
      this.accepted++;
      this.messages += checked.conversation.messages.length;
      if (this.keep) this.conversations.push(checked);
      ok.push(checked);
    }
    return ok;
  }

  result(shape: FileShape | null): CheckResult {
    if (this.accepted === 0 && this.invalid === 0 && this.problemCount === 0)
      this.problem({
        place: null,
        conversationId: null,
        field: null,
        message: "the file holds no conversations",
      });
    return {
      shape,
      conversations: this.conversations,
      accepted: this.accepted,
      messages: this.messages,
      invalid: this.invalid,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }

  private check(place: Place, raw: unknown): CheckedConversation | null {
    const value = withStringId(raw);
    const rawId = typeof value === "object" && value !== null ? (value as { id?: unknown }).id : undefined;
    const conversationId = typeof rawId === "string" && rawId !== "" ? rawId : null;
    const parsed = importConversationSchema.safeParse(value);
    if (!parsed.success) {
      this.invalid++;
      for (const issue of parsed.error.issues) {
        this.problem({
          place,
          conversationId,
          field: issue.path.length > 0 ? issue.path.map(String).join(".") : null,
          message: issue.message,
        });
      }
      return null;
    }
    const conversation = parsed.data;
    const earlier = this.ids?.get(conversation.id);
    if (earlier !== undefined) {
      this.invalid++;
      this.problem({
        place,
        conversationId,
        field: "id",
        message: `"${conversation.id}" is also at ${describePlace(earlier)}; two conversations with one id would be stored as one`,
      });
      return null;
    }
    const bytes = utf8Length(JSON.stringify(conversation));
    if (bytes > this.maxBytes) {
      this.invalid++;
      this.problem({
        place,
        conversationId,
        field: null,
        message: `too large to send: ${formatBytes(bytes)}, and one request may carry at most ${formatBytes(this.maxBytes)}; split it into smaller conversations`,
      });
      return null;
    }
    this.ids?.set(conversation.id, place);
    return { place, conversation, bytes };
  }

  private problem(p: FileProblem): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems) this.problems.push(p);
    this.onProblem?.(p);
  }
}

/** The analyze format accepts a number as a conversation's id, meaning its string. */
function withStringId(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const id = (value as { id?: unknown }).id;
  return typeof id === "number" && Number.isFinite(id) ? { ...value, id: String(id) } : value;
}

/** "840 B", "12.4 KB", "48.0 MB" (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Checks a whole text at once (small inputs, tests); files are fed to a {@link TranscriptSplitter}
 * (or a CSV reader: `reader`) chunk by chunk.
 */
export function checkTranscriptText(
  text: string,
  options: CheckOptions = {},
  splitter: TranscriptReader = new TranscriptSplitter(),
): CheckResult {
  const checker = new ImportChecker(options);
  checker.add(splitter.push(text));
  checker.add(splitter.end());
  return checker.result(splitter.shape);
}

/**
 * Input side of `tagteam analyze`: the transcript schema (validated once, here at the edge) and
 * readers that stream conversations out of JSONL, a top-level JSON array or a single object, in
 * constant memory (one conversation at a time).
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import StreamArray from "stream-json/streamers/StreamArray.js";
import { z } from "zod";
import {
  CsvTranscriptReader,
  type CsvColumnChoices,
  type CsvRoleChoices,
} from "../protocol/csvTranscript.ts";
import { notJsonTranscript, type RawEntry } from "../protocol/transcriptFile.ts";

const isoDateTime = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
    "must be an ISO 8601 date-time",
  );

export const KnowledgeFactSchema = z.object({
  id: z.string().min(1),
  topic: z.string().optional(),
  statement: z.string().min(1),
  key: z.string().optional(),
  value: z.union([z.number(), z.boolean(), z.string()], { error: "must be a number, boolean or string" }),
  unit: z.string().optional(),
});

export const KnowledgeBaseSchema = z.object({ facts: z.array(KnowledgeFactSchema) });

export const TranscriptMessageSchema = z.object({
  role: z.enum(["customer", "agent", "system"]),
  text: z.string(),
  at: isoDateTime.optional(),
  author: z.string().optional(),
});

export const ConversationSchema = z.object({
  id: z
    .union([z.string().min(1), z.number()], {
      error: (issue) =>
        issue.input === undefined
          ? "required: the conversation's id (a string or a number)"
          : "must be a string or a number",
    })
    .transform(String),
  channel: z.enum(["chat", "email", "voice", "social"]).optional(),
  messages: z.array(TranscriptMessageSchema),
  kb: KnowledgeBaseSchema.optional(),
});

export type Conversation = z.infer<typeof ConversationSchema>;

/** One item read from an input: a valid conversation, or why an item was skipped. */
export type InputItem =
  | { ok: true; conversation: Conversation; where: string }
  | { ok: false; where: string; id: string | null; problems: string[]; wholeFile?: true };

/** Formats zod issues as "field: message" lines. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join("");
    return `${path || "(conversation)"}: ${issue.message}`;
  });
}

function validate(value: unknown, where: string): InputItem {
  const parsed = ConversationSchema.safeParse(value);
  if (parsed.success) return { ok: true, conversation: parsed.data, where };
  const rawId = typeof value === "object" && value !== null ? (value as { id?: unknown }).id : undefined;
  const id = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : null;
  return { ok: false, where, id, problems: describeIssues(parsed.error) };
}

/** Opens a named input ("-" is stdin). */
export function openInput(name: string): Readable {
  return name === "-" ? process.stdin : createReadStream(name);
}

/**
 * Reads conversations from one input. The shape is told from the first non-blank character:
 * `[` → a JSON array, streamed element by element; otherwise JSONL (one conversation per line),
 * falling back to a single pretty-printed object when the first line is not complete JSON.
 * A UTF-8 byte order mark is skipped; a file that is not JSON at all (a CSV, a compressed file)
 * is told once, and not read further.
 */
export async function* readConversations(stream: Readable, label: string): AsyncGenerator<InputItem> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  // One decoder for the whole input, so a character cut between two chunks stays whole.
  const decoder = new StringDecoder("utf8");
  const decode = (chunk: Buffer | string): string =>
    typeof chunk === "string" ? chunk : decoder.write(chunk);
  let head = "";
  // Peek until a non-blank character arrives.
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      head += decoder.end();
      break;
    }
    head += decode(next.value);
    const start = head.replace(/^\uFEFF/, "").trimStart();
    // JSON is told by its first character; anything else is quoted by its first line.
    if (/^[[{]/.test(start) || /[\r\n]/.test(start) || start.length >= 200) break;
  }
  head = head.replace(/^\uFEFF/, "");
  if (head.trim().length === 0) return;
  const notJson = notJsonTranscript(head, "analyse it with --input-format csv");
  if (notJson !== null) {
    const line = 1 + (head.slice(0, head.length - head.trimStart().length).match(/\r\n|\n|\r/g)?.length ?? 0);
    if (stream !== process.stdin) stream.destroy();
    yield { ok: false, where: `${label}:${line}`, id: null, problems: [notJson], wholeFile: true };
    return;
  }
  const rest = replay(head, iterator, decode, () => decoder.end());
  if (head.trimStart().startsWith("[")) {
    yield* readArray(rest, label);
  } else {
    yield* readLines(rest, label);
  }
}

async function* replay(
  head: string,
  iterator: AsyncIterator<Buffer | string>,
  decode: (chunk: Buffer | string) => string,
  end: () => string,
): AsyncGenerator<string> {
  yield head;
  for (;;) {
    const next = await iterator.next();
    if (next.done) {
      const last = end();
      if (last !== "") yield last;
      return;
    }
    yield decode(next.value);
  }
}

async function* readArray(source: AsyncIterable<Buffer | string>, label: string): AsyncGenerator<InputItem> {
  const { Readable } = await import("node:stream");
  const pipeline = Readable.from(source).pipe(StreamArray.withParser());
  try {
    for await (const item of pipeline as AsyncIterable<{ key: number; value: unknown }>) {
      yield validate(item.value, `${label}: element [${item.key}]`);
    }
  } catch (error) {
    yield {
      ok: false,
      where: `${label}: JSON array`,
      id: null,
      problems: [`not valid JSON (${(error as Error).message}); elements after this point were not read`],
    };
  }
}

async function* readLines(source: AsyncIterable<Buffer | string>, label: string): AsyncGenerator<InputItem> {
  const { Readable } = await import("node:stream");
  const lines = createInterface({ input: Readable.from(source), crlfDelay: Infinity });
  let lineNo = 0;
  let sawContent = false;
  let pending: string[] | null = null; // a single pretty-printed object being collected
  let pendingStart = 0;
  for await (const line of lines) {
    lineNo++;
    if (pending !== null) {
      pending.push(line);
      continue;
    }
    if (line.trim().length === 0) continue;
    const firstContent = !sawContent;
    sawContent = true;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (firstContent && line.trimStart().startsWith("{")) {
        // Not one object per line: a single pretty-printed conversation (small by nature).
        pending = [line];
        pendingStart = lineNo;
        continue;
      }
      yield {
        ok: false,
        where: `${label}:${lineNo}`,
        id: null,
        problems: [`not valid JSON: ${(error as Error).message}`],
      };
      continue;
    }
    yield validate(value, `${label}:${lineNo}`);
  }
  if (pending !== null) {
    let value: unknown;
    try {
      value = JSON.parse(pending.join("\n"));
    } catch (error) {
      yield {
        ok: false,
        where: `${label}:${pendingStart}`,
        id: null,
        problems: [`not valid JSON: ${(error as Error).message}`],
      };
      return;
    }
    yield validate(value, `${label}:${pendingStart}`);
  }
}

/**
 * Reads conversations from a CSV (one row per message; src/protocol/csvTranscript.ts, the same
 * reader as the importers'). Rows may come in any order, so conversations come out when the file
 * ends; a conversation with a bad row is skipped with every bad row's line and column.
 */
export async function* readCsvConversations(
  stream: AsyncIterable<Buffer | string>,
  label: string,
  columns: CsvColumnChoices = {},
  roles: CsvRoleChoices = {},
): AsyncGenerator<InputItem> {
  const reader = new CsvTranscriptReader({
    columns,
    roles,
    mappingHint: "name it with --columns FIELD=COLUMN",
    rolesHint: "or name this file's values with --roles VALUE=ROLE",
  });
  const decoder = new TextDecoder("utf-8");
  // A conversation's row problems, told together when it is finished.
  const problems = new Map<string, string[]>();
  function* items(entries: RawEntry[]): Generator<InputItem> {
    const fileProblems: string[] = [];
    for (const entry of entries) {
      if (entry.kind === "value") {
        yield validate(entry.value, `${label}:${entry.place.line}`);
      } else if (entry.kind === "invalid") {
        yield {
          ok: false,
          where: `${label}:${entry.place.line}`,
          id: entry.conversationId,
          problems: problems.get(entry.conversationId) ?? [],
        };
        problems.delete(entry.conversationId);
      } else {
        const line = entry.place === null ? "" : `line ${entry.place.line}: `;
        const text = `${line}${entry.field ? `${entry.field}: ` : ""}${entry.message}`;
        const id = entry.conversationId ?? null;
        if (id !== null) problems.set(id, [...(problems.get(id) ?? []), text]);
        else fileProblems.push(text);
      }
    }
    if (fileProblems.length > 0) yield { ok: false, where: label, id: null, problems: fileProblems };
  }
  for await (const chunk of stream) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    yield* items(reader.push(text));
  }
  yield* items(reader.push(decoder.decode()));
  yield* items(reader.end());
}

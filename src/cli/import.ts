import { createReadStream } from "node:fs";
import {
  BatchBuilder,
  MAX_CONVERSATION_BYTES,
  batchBody,
  describeDiffering,
  type ImportResponse,
  type Batch,
  type BatchLimits,
} from "../protocol/importBatches.ts";
import {
  CsvTranscriptReader,
  isCsvFileName,
  type CsvReaderOptions,
  parseColumnChoices,
  parseRoleChoices,
  type CsvRoleChoices,
  type CsvColumnChoices,
} from "../protocol/csvTranscript.ts";
import {
  ImportChecker,
  TranscriptSplitter,
  type TranscriptReader,
  type CheckedConversation,
  type FileProblem,
  type FileShape,
} from "../protocol/transcriptFile.ts";
import { ApiRequestError, postJson, serverUrl } from "./apiClient.ts";
import type { CommandRunner } from "./main.ts";

const HELP = `usage: tagteam import --url URL --token TOKEN --team TEAM_ID [--skip-invalid]
                     [--format json|csv] [--columns FIELD=COLUMN,...] [--roles VALUE=ROLE,...] FILE...

Imports transcripts in the \`tagteam analyze\` input format (one conversation object, an array of
them, or JSONL), or CSV with one row per message (a .csv or .tsv file, or --format csv), into a
running server; each is analysed as if streamed. Idempotent: importing the same file twice stores
nothing new.

A CSV's header names its columns; they are found by name (docs/ANALYZE.md lists the names), and
--columns names the others, e.g. --columns "conversation=Ticket ID,text=Comment,topic=" (an empty
COLUMN: none). Fields: conversation, at, role, author, text (conversation, role and text are
required), topic, channel, subject, customer. A role column's values are known by name (customer,
contact, requester…; agent, operator, staff…; system, bot; note, internal: left out); --roles names
this file's others, e.g. --roles "User=agent,Contact=customer" for a helpdesk whose agents are "User".

Every conversation is checked first; with problems nothing is sent (each is listed with its line or
position and field), unless --skip-invalid sends the valid ones. Requests stay under the server's
limits (at most 200 conversations and about 1.5 MB each). Files of any size: each is read twice,
as a stream (once to check, once to send), never whole; a CSV once more first, to learn where each
conversation's rows end.

A line already stored under the same conversation id and place is not stored again; one whose text
differs (another file reusing the id) is not imported, and is named on stderr.

Exit codes:
  0  everything sent and stored as in the files (importing the same file again: 0, nothing new)
  1  stopped: the server could not be reached, or refused the token or team
  2  bad arguments, or something not sent: a file with problems (without --skip-invalid, or with
     no valid conversation), a file that cannot be read, a batch the server refused
  3  sent, but not all of it: --skip-invalid left out the conversations with problems, or lines
     differing from ones already stored under their conversation's id were not imported`;

/**
 * Per request: 200 conversations (the route takes 1,000) or ~1.5 MB of body (the server reads at
 * most 2 MiB), whichever comes first.
 */
export const CLI_BATCH_LIMITS: BatchLimits = { maxConversations: 200, maxBytes: 1_500_000 };

/** A file's text, chunk by chunk: a UTF-8 read stream (a character is never cut between chunks). */
export function readFileChunks(file: string, chunkBytes?: number): AsyncIterable<string> {
  return createReadStream(file, {
    encoding: "utf8",
    ...(chunkBytes === undefined ? {} : { highWaterMark: chunkBytes }),
  });
}

export interface ImportOptions {
  /** How a file is read, each time it is read (tests watch it, or read in small chunks). */
  readChunks?: (file: string) => AsyncIterable<string>;
}

/** Where a problem is: `file:line` in JSONL, `file[index]` in an array (a lone object is `[0]`). */
function describeFileProblem(file: string, p: FileProblem, shape: FileShape | null): string {
  const where =
    p.place === null
      ? file
      : p.place.element !== undefined
        ? `${file}[${p.place.element}]`
        : shape === "object"
          ? `${file}[0]`
          : `${file}:${p.place.line}`;
  return [where, p.field, p.message].filter((s) => s !== null).join(": ");
}

/**
 * One pass over a file: its text streamed through the shared splitter and checker (the same as
 * the web app's), each conversation that may be sent handed to `accept` as soon as it is read (and
 * awaited, so the file is read no faster than the conversations are used).
 */
async function pass(
  chunks: AsyncIterable<string>,
  splitter: TranscriptReader,
  onProblem: ((p: FileProblem, shape: FileShape | null) => void) | null,
  accept: (c: CheckedConversation) => Promise<void> | void,
) {
  const checker = new ImportChecker({
    // One that cannot fit in a request is a problem now, not a refused request later.
    maxConversationBytes: MAX_CONVERSATION_BYTES,
    // Nothing kept: problems are told as found, conversations used as read.
    maxProblems: 0,
    keepConversations: false,
    // Repeated ids are the server's to merge; remembering every id would grow with the file.
    refuseRepeatedIds: false,
    ...(onProblem === null ? {} : { onProblem: (p: FileProblem) => onProblem(p, splitter.shape) }),
  });
  for await (const chunk of chunks) for (const c of checker.add(splitter.push(chunk))) await accept(c);
  for (const c of checker.add(splitter.end())) await accept(c);
  return checker.result(splitter.shape);
}

/**
 * Each conversation's last row in a CSV (its line): a first read that keeps only ids and line
 * numbers, so that the reads after it give each conversation as soon as it is complete instead of
 * holding every one until the file ends. Its problems are left to the read that checks.
 */
async function csvLastRows(chunks: AsyncIterable<string>, options: CsvReaderOptions) {
  const index = new CsvTranscriptReader({ ...options, indexOnly: true });
  for await (const chunk of chunks) index.push(chunk);
  index.end();
  return index.lastRows;
}

const IMPORT_OPTIONS = ["url", "token", "team", "format", "columns", "roles", "skip-invalid"];

/** A batch could not be sent and no later one can be: the import stops. */
class StopImport extends Error {}

/** `tagteam import`, reading files with `options.readChunks` (a UTF-8 read stream by default). */
export function importCommand(options: ImportOptions = {}): CommandRunner {
  const read = options.readChunks ?? ((file: string) => readFileChunks(file));
  return async (argv) => {
    const opts: Record<string, string> = {};
    const files: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] ?? "";
      if (arg === "--help" || arg === "-h") {
        process.stdout.write(`${HELP}\n`);
        return 0;
      }
      if (arg === "--skip-invalid") opts["skip-invalid"] = "";
      else if (arg.startsWith("--") && arg.includes("="))
        opts[arg.slice(2, arg.indexOf("="))] = arg.slice(arg.indexOf("=") + 1);
      else if (arg.startsWith("--")) opts[arg.slice(2)] = argv[++i] ?? "";
      else files.push(arg);
    }
    const problems: string[] = [];
    // A mistyped option was taken and ignored (`--colums`), or swallowed the file after it.
    for (const name of Object.keys(opts))
      if (!IMPORT_OPTIONS.includes(name)) problems.push(`unknown option "--${name}"`);
    for (const required of ["url", "token", "team"])
      if (!opts[required]) problems.push(`--${required} is required`);
    if (files.length === 0) problems.push("name at least one FILE");
    const format = opts.format;
    if (format !== undefined && format !== "csv" && format !== "json")
      problems.push(`--format must be json or csv, got "${format}"`);
    let columns: CsvColumnChoices = {};
    if (opts.columns !== undefined) {
      const parsed = parseColumnChoices(opts.columns);
      if ("error" in parsed) problems.push(parsed.error);
      else columns = parsed;
    }
    let roles: CsvRoleChoices = {};
    if (opts.roles !== undefined) {
      const parsed = parseRoleChoices(opts.roles);
      if ("error" in parsed) problems.push(parsed.error);
      else roles = parsed;
    }
    if (problems.length > 0) {
      process.stderr.write(`tagteam import:\n${problems.map((p) => `  - ${p}`).join("\n")}\n\n${HELP}\n`);
      return 2;
    }
    const url = serverUrl(opts.url ?? "");
    const teamId = opts.team ?? "";
    const skipInvalid = "skip-invalid" in opts;
    /** Something was not sent (exit 2). */
    let failed = false;
    /** Sent, but with conversations left out by --skip-invalid (exit 3 unless something failed). */
    let skipped = false;
    /** Conversations with lines not imported because different ones were stored at their places. */
    let conflicts = 0;
    /** Batches the server stored, across files: what a stop says is kept. */
    let stored = 0;

    const send = async (label: string, batch: Batch) => {
      let json: ImportResponse;
      try {
        json = await postJson<ImportResponse>(url, opts.token ?? "", "/import", batchBody(teamId, batch));
      } catch (error) {
        if (!(error instanceof ApiRequestError)) throw error;
        failed = true;
        process.stderr.write(`${label}: ${error.message}\n`);
        for (const issue of error.issues)
          process.stderr.write(`  ${issue.path.join(".")}: ${issue.message}\n`);
        // No server, or the token or team refused: every later batch would fail alike.
        if (error.hopeless) throw new StopImport();
        return;
      }
      stored++;
      const already = json.messages - json.created;
      process.stdout.write(
        `${label}: ${batch.items.length} conversations, ${json.messages} messages (${json.created} new${already > 0 ? `, ${already} already stored` : ""}), ${json.alerts} alerts raised\n`,
      );
      // A line whose place was taken by a different one (another file reusing the conversation's
      // id) is not stored: said, per conversation, and the import does not end as all good.
      for (const c of json.alreadyStored ?? []) {
        if (c.differing.length === 0) continue;
        conflicts++;
        process.stderr.write(
          `${label}: conversation "${c.conversationId}": ${describeDiffering(c.differing)} not imported, ${c.differing.length === 1 ? "it differs" : "they differ"} from the one${c.differing.length === 1 ? "" : "s"} already stored under this id (kept as stored; give the conversation an id of its own to import it)\n`,
        );
      }
    };

    const csvOptions: CsvReaderOptions = {
      columns,
      roles,
      mappingHint: "name it with --columns FIELD=COLUMN",
      rolesHint: "or name this file's values with --roles VALUE=ROLE",
    };
    /** A file's reader; a CSV's learns first where each conversation ends (so holds only open ones). */
    const readerFor = async (file: string): Promise<() => TranscriptReader> => {
      if ((format ?? (isCsvFileName(file) ? "csv" : "json")) !== "csv")
        return () => new TranscriptSplitter({ csvHint: "import it with --format csv" });
      const lastRowOf = await csvLastRows(read(file), csvOptions);
      return () => new CsvTranscriptReader({ ...csvOptions, lastRowOf });
    };

    for (const file of files) {
      try {
        const reader = await readerFor(file);
        // Pass 1: check everything, tell every problem, and count the requests it will take.
        const counting = new BatchBuilder(teamId, CLI_BATCH_LIMITS);
        let batches = 0;
        const checked = await pass(
          read(file),
          reader(),
          (p, shape) => process.stderr.write(`${describeFileProblem(file, p, shape)}\n`),
          (c) => {
            if (counting.add(c) !== null) batches++;
          },
        );
        if (counting.end() !== null) batches++;
        if (checked.problemCount > 0) {
          // Nothing of this file is sent unless asked for the valid ones, and only if there are any.
          if (!skipInvalid || checked.accepted === 0) failed = true;
          else skipped = true;
          if (!skipInvalid) {
            process.stderr.write(
              checked.accepted === 0
                ? `${file}: nothing sent (${checked.problemCount} problem(s), no valid conversation)\n`
                : `${file}: nothing sent (${checked.problemCount} problem(s); --skip-invalid sends the ${checked.accepted} valid conversation(s))\n`,
            );
            continue;
          }
        }
        if (checked.accepted === 0) continue;

        // Pass 2: read it again and send each batch as soon as it is full; one batch in memory.
        const builder = new BatchBuilder(teamId, CLI_BATCH_LIMITS);
        let sent = 0;
        const sendNext = (batch: Batch) => {
          sent++;
          return send(batches > 1 ? `${file} (batch ${sent}/${batches})` : file, batch);
        };
        const again = await pass(read(file), reader(), null, async (c) => {
          const full = builder.add(c);
          if (full !== null) await sendNext(full);
        });
        const last = builder.end();
        if (last !== null) await sendNext(last);
        if (again.accepted !== checked.accepted || again.problemCount !== checked.problemCount) {
          failed = true;
          process.stderr.write(
            `${file}: changed while it was imported (checked: ${checked.accepted} valid conversation(s), ${checked.problemCount} problem(s); sent: ${again.accepted}, ${again.problemCount}); import it again\n`,
          );
        }
      } catch (error) {
        if (error instanceof StopImport) {
          // Said as it is: a first request refused sent nothing at all ("what was sent is kept" read
          // as if something had been).
          process.stderr.write(
            stored === 0
              ? "tagteam import: stopped, nothing was sent\n"
              : `tagteam import: stopped after ${stored} ${stored === 1 ? "batch" : "batches"} stored, nothing more sent (what was sent is kept; importing again sends nothing twice)\n`,
          );
          return 1;
        }
        // The file could not be opened or read (fs errors name their syscall); others are bugs.
        if (typeof (error as NodeJS.ErrnoException).syscall !== "string") throw error;
        failed = true;
        process.stderr.write(`${file}: cannot read it (${(error as Error).message})\n`);
      }
    }
    // A script tells "all of it" (0) from "some left out, the rest stored" (3) from "not sent" (2).
    return failed ? 2 : skipped || conflicts > 0 ? 3 : 0;
  };
}

export const runImport: CommandRunner = importCommand();

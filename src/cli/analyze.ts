/**
 * `tagteam analyze [files… | -] [--kb kb.json] [--format jsonl|json|table]`: runs the step-in
 * engine over exported transcripts, one analysis per message, computed causally as if streamed.
 * The output is a public contract (docs/ANALYZE.md). Exit codes: 0 all analysed, 2 bad arguments
 * or some input skipped (the rest is still analysed), 1 unexpected failure.
 */
import { readFile, stat } from "node:fs/promises";
import {
  compileKnowledgeBase,
  createConversationState,
  createEngineContext,
  EMPTY_KNOWLEDGE_BASE,
  KnowledgeBaseError,
  observe,
  type CompiledKnowledgeBase,
  type EngineContext,
  type MessageAnalysis,
} from "../engine/index.ts";
import {
  isCsvFileName,
  parseColumnChoices,
  parseRoleChoices,
  type CsvColumnChoices,
  type CsvRoleChoices,
} from "../protocol/csvTranscript.ts";
import {
  describeIssues,
  KnowledgeBaseSchema,
  openInput,
  readConversations,
  readCsvConversations,
  type Conversation,
  type InputItem,
} from "./analyzeInput.ts";

export type OutputFormat = "jsonl" | "json" | "table";

const USAGE = `usage: tagteam analyze [files… | -] [--kb kb.json] [--format jsonl|json|table]
                      [--input-format json|csv] [--columns FIELD=COLUMN,...] [--roles VALUE=ROLE,...]

Reads conversations (one JSON object, a JSON array, or JSONL; or CSV, one row per message, for a
.csv or .tsv file or --input-format csv; "-" or no file reads stdin) and prints one analysis per
message. See docs/ANALYZE.md for the input and output contract.

  --kb <file>              knowledge base for fact checking ({ "facts": [...] })
  --format <name>          output: jsonl (default), json (one array) or table (for people)
  --input-format <name>    json or csv (default: csv for .csv/.tsv files, json otherwise)
  --columns <list>         a CSV's columns where their names are not recognised, e.g.
                           "conversation=Ticket ID,text=Comment" (docs/ANALYZE.md)
  --roles <list>           a CSV's role values where they are not recognised, e.g.
                           "User=agent,Contact=customer" (ROLE: customer, agent, system, note)
  -h, --help               this help`;

interface Options {
  files: string[];
  kb: string | null;
  format: OutputFormat;
  inputFormat: "json" | "csv" | null;
  columns: CsvColumnChoices;
  roles: CsvRoleChoices;
}

/** Parses arguments; returns a message for the user when they are wrong. */
export function parseAnalyzeArgs(argv: string[]): Options | { error: string } | { help: true } {
  const options: Options = {
    files: [],
    kb: null,
    format: "jsonl",
    inputFormat: null,
    columns: {},
    roles: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h" || arg === "--help") return { help: true };
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    if (
      flag === "--kb" ||
      flag === "--format" ||
      flag === "--input-format" ||
      flag === "--columns" ||
      flag === "--roles"
    ) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.length === 0) return { error: `${flag} needs a value` };
      if (flag === "--kb") options.kb = value;
      else if (flag === "--input-format") {
        if (value !== "json" && value !== "csv")
          return { error: `--input-format must be json or csv, got "${value}"` };
        options.inputFormat = value;
      } else if (flag === "--roles") {
        const roles = parseRoleChoices(value);
        if ("error" in roles) return { error: roles.error };
        options.roles = { ...options.roles, ...roles };
      } else if (flag === "--columns") {
        const columns = parseColumnChoices(value);
        if ("error" in columns) return { error: columns.error };
        options.columns = { ...options.columns, ...columns };
      } else if (value === "jsonl" || value === "json" || value === "table") options.format = value;
      else return { error: `--format must be jsonl, json or table, got "${value}"` };
    } else if (arg.startsWith("-") && arg !== "-") {
      return { error: `unknown option "${arg}"` };
    } else {
      options.files.push(arg);
    }
  }
  return options;
}

/** Runs `tagteam analyze`; returns the exit code. */
export async function runAnalyze(argv: string[]): Promise<number> {
  const parsed = parseAnalyzeArgs(argv);
  if ("help" in parsed) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if ("error" in parsed) {
    process.stderr.write(`tagteam analyze: ${parsed.error}\n\n${USAGE}\n`);
    return 2;
  }
  // A closed pipe (`| head`) ends the run quietly, like any Unix filter.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const files = parsed.files.length > 0 ? parsed.files : ["-"];
  if (files.includes("-") && process.stdin.isTTY) {
    process.stderr.write(
      `tagteam analyze: no input (give files, or pipe transcripts to stdin)\n\n${USAGE}\n`,
    );
    return 2;
  }

  let kb: CompiledKnowledgeBase = EMPTY_KNOWLEDGE_BASE;
  if (parsed.kb !== null) {
    const loaded = await loadKnowledgeBase(parsed.kb);
    if ("error" in loaded) {
      process.stderr.write(`tagteam analyze: ${loaded.error}\n`);
      return 2;
    }
    kb = loaded.kb;
  }
  const context = createEngineContext({ kb });
  const out = createOutput(parsed.format);
  const progress = createProgress();
  const skipped: string[] = [];
  let conversations = 0;
  let messages = 0;

  await out.begin();
  for (const file of files) {
    const label = file === "-" ? "<stdin>" : file;
    const unreadable = (error: unknown): void => {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "ENOENT" ? "no such file" : (error as Error).message;
      progress.say(`tagteam analyze: ${label}: ${reason}\n`);
      skipped.push(`${label} (unreadable)`);
    };
    let stream;
    try {
      if (file !== "-" && (await stat(file)).isDirectory()) {
        progress.say(`tagteam analyze: ${label}: is a directory\n`);
        skipped.push(`${label} (unreadable)`);
        continue;
      }
      stream = openInput(file);
      await new Promise<void>((resolve, reject) => {
        if (file === "-") return resolve();
        stream!.once("open", () => resolve());
        stream!.once("error", reject);
      });
    } catch (error) {
      unreadable(error);
      continue;
    }
    const csv = (parsed.inputFormat ?? (isCsvFileName(file) ? "csv" : "json")) === "csv";
    const items = csv
      ? readCsvConversations(stream, label, parsed.columns, parsed.roles)
      : readConversations(stream, label);
    let found = 0;
    try {
      for await (const item of items) {
        found++;
        messages += await analyseItem(item);
      }
    } catch (error) {
      // A read that fails part-way (fs errors name their syscall); others are bugs.
      if (typeof (error as NodeJS.ErrnoException).syscall !== "string") throw error;
      unreadable(error);
      continue;
    }
    // Nothing in it at all is not an error (a quiet day's export), but it is worth a word.
    if (found === 0) progress.say(`tagteam analyze: ${label}: no conversations in it\n`);
  }

  /** Analyses one item read, or tells why it is skipped; the number of messages analysed. */
  async function analyseItem(item: InputItem): Promise<number> {
    if (!item.ok) {
      const name =
        item.wholeFile === true
          ? "the file"
          : item.id === null
            ? "a conversation"
            : `conversation "${item.id}"`;
      progress.say(
        `tagteam analyze: ${item.where}: skipped ${name}:\n${item.problems.map((p) => `  - ${p}`).join("\n")}\n`,
      );
      skipped.push(`${item.where}${item.id === null ? "" : ` (${item.id})`}`);
      return 0;
    }
    const conversationContext = conversationContextFor(item.conversation, context);
    if ("error" in conversationContext) {
      progress.say(
        `tagteam analyze: ${item.where}: skipped conversation "${item.conversation.id}": ${conversationContext.error}\n`,
      );
      skipped.push(`${item.where} (${item.conversation.id})`);
      return 0;
    }
    const analysed = await analyseConversation(item.conversation, conversationContext.context, out);
    conversations++;
    progress.update(conversations, messages + analysed);
    return analysed;
  }
  await out.end();
  progress.done(conversations, messages);
  if (skipped.length > 0) {
    process.stderr.write(
      `tagteam analyze: analysed ${conversations} conversation(s), ${messages} message(s); skipped ${skipped.length}: ${skipped.join(", ")}\n`,
    );
    return 2;
  }
  return 0;
}

async function loadKnowledgeBase(path: string): Promise<{ kb: CompiledKnowledgeBase } | { error: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    return {
      error: `--kb ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `--kb ${path}: not valid JSON: ${(error as Error).message}` };
  }
  const parsed = KnowledgeBaseSchema.safeParse(json);
  if (!parsed.success) return { error: `--kb ${path}: ${describeIssues(parsed.error).join("; ")}` };
  try {
    return { kb: compileKnowledgeBase(parsed.data) };
  } catch (error) {
    if (error instanceof KnowledgeBaseError) return { error: `--kb ${path}: ${error.issues.join("; ")}` };
    throw error;
  }
}

function conversationContextFor(
  conversation: Conversation,
  base: EngineContext,
): { context: EngineContext } | { error: string } {
  if (conversation.kb === undefined) return { context: base };
  try {
    return { context: { ...base, kb: compileKnowledgeBase(conversation.kb) } };
  } catch (error) {
    if (error instanceof KnowledgeBaseError) return { error: `kb: ${error.issues.join("; ")}` };
    throw error;
  }
}

async function analyseConversation(
  conversation: Conversation,
  context: EngineContext,
  out: Output,
): Promise<number> {
  let state = createConversationState();
  for (const m of conversation.messages) {
    const at = m.at === undefined ? undefined : Date.parse(m.at);
    const result = observe(
      state,
      {
        role: m.role,
        text: m.text,
        ...(at === undefined ? {} : { at }),
        ...(m.author === undefined ? {} : { author: m.author }),
        ...(conversation.channel === undefined ? {} : { channel: conversation.channel }),
      },
      context,
    );
    state = result.state;
    await out.write(presentAnalysis(conversation.id, result.analysis, m.at));
  }
  return conversation.messages.length;
}

/** One output record: the contract's fields first (docs/ANALYZE.md), then the rest. */
export function presentAnalysis(
  conversationId: string,
  a: MessageAnalysis,
  at: string | undefined,
): Record<string, unknown> {
  return {
    conversationId,
    index: a.index,
    role: a.role,
    ...(at === undefined ? {} : { at }),
    risk: a.risk,
    ...(a.customer === undefined ? {} : { customer: a.customer }),
    stepIn: {
      raise: a.stepIn.raise,
      reasons: a.stepIn.reasons,
      rung: a.stepIn.rung,
      escalate: a.stepIn.escalate,
      suggestion: a.stepIn.suggestion,
      factId: a.stepIn.factId,
      needsAuthority: a.stepIn.needsAuthority,
      why: a.stepIn.why,
      rules: a.stepIn.rules,
    },
    cues: a.cues,
    rootCauses: a.rootCauses,
    factChecks: a.factChecks,
    commitments: a.commitments.map((c) => ({
      ...c,
      dueAt: c.dueAt === null ? null : new Date(c.dueAt).toISOString(),
    })),
    habits: a.habits,
  };
}

interface Output {
  begin(): Promise<void>;
  write(record: Record<string, unknown>): Promise<void>;
  end(): Promise<void>;
}

/** Writes to stdout, waiting for it to drain so memory stays flat on large inputs. */
function emit(text: string): Promise<void> {
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once("drain", () => resolve()));
}

function createOutput(format: OutputFormat): Output {
  if (format === "jsonl") {
    return { begin: async () => {}, write: (r) => emit(JSON.stringify(r) + "\n"), end: async () => {} };
  }
  if (format === "json") {
    let first = true;
    return {
      begin: () => emit("["),
      write: (r) => {
        const text = (first ? "\n" : ",\n") + JSON.stringify(r);
        first = false;
        return emit(text);
      },
      end: () => emit(first ? "]\n" : "\n]\n"),
    };
  }
  const header = ["conversation", "idx", "role", "risk", "frust", "emotion", "rung", "reasons", "cues"];
  return {
    begin: () => emit(header.join("\t") + "\n"),
    write: (r) => {
      const customer = r.customer as { frustration: number; emotion: string } | undefined;
      const stepIn = r.stepIn as { rung: string; reasons: string[] };
      const cues = (r.cues as { kind: string }[]).map((c) => c.kind);
      const row = [
        String(r.conversationId),
        String(r.index),
        String(r.role),
        (r.risk as number).toFixed(2),
        customer === undefined ? "" : customer.frustration.toFixed(2),
        customer?.emotion ?? "",
        stepIn.rung,
        stepIn.reasons.join(",") || "-",
        [...new Set(cues)].join(",") || "-",
      ];
      return emit(row.join("\t") + "\n");
    },
    end: async () => {},
  };
}

/**
 * Progress on stderr, only when stderr is a terminal; updated every few conversations. Anything
 * else said on stderr meanwhile goes through `say`, which first clears the progress line: written
 * after it, a skipped conversation's line ran on from "…, 400 messages".
 */
export function createProgress(stream: { write(text: string): unknown; isTTY?: boolean } = process.stderr): {
  update(conversations: number, messages: number): void;
  say(text: string): void;
  done(conversations: number, messages: number): void;
} {
  const enabled = stream.isTTY === true;
  let showing = false;
  return {
    update(conversations, messages) {
      if (enabled && conversations % 200 === 0) {
        stream.write(`\ranalysed ${conversations} conversations, ${messages} messages`);
        showing = true;
      }
    },
    say(text) {
      if (showing) stream.write("\r\u001b[K");
      showing = false;
      stream.write(text);
    },
    done(conversations, messages) {
      if (enabled) stream.write(`\ranalysed ${conversations} conversations, ${messages} messages\n`);
      showing = false;
    },
  };
}

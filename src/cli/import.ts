import { readFile } from "node:fs/promises";
import { API_BASE_PATH, importConversationSchema } from "../protocol/index.ts";
import type { CommandRunner } from "./main.ts";

const HELP = `usage: tagteam import --url URL --token TOKEN --team TEAM_ID [--skip-invalid] FILE...

Imports transcripts in the \`tagteam analyze\` input format (one conversation object, an array of
them, or JSONL) into a running server; each is analysed as if streamed. Idempotent: importing the
same file twice stores nothing new.

Every conversation is checked first; with problems nothing is sent (each is listed with its line or
position and field), unless --skip-invalid sends the valid ones. Requests stay under the server's
limits (at most 200 conversations and about 1.5 MB each).`;

/** Conversations per request (the server's import limit is 1,000 conversations). */
const CONVERSATIONS_PER_REQUEST = 200;
/** Bytes of JSON per request, under the server's 2 MiB body limit with room for the envelope. */
const BYTES_PER_REQUEST = 1_500_000;

/** Consecutive groups of conversations, each within both limits (one too big alone goes alone). */
export function batchesOf(conversations: readonly unknown[]): unknown[][] {
  const batches: unknown[][] = [];
  let current: unknown[] = [];
  let bytes = 0;
  for (const c of conversations) {
    const size = Buffer.byteLength(JSON.stringify(c)) + 1;
    if (
      current.length > 0 &&
      (current.length >= CONVERSATIONS_PER_REQUEST || bytes + size > BYTES_PER_REQUEST)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(c);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The file's conversations, each with where it is (`file:line` for JSONL, `file[index]` otherwise). */
function parseConversations(
  text: string,
  file: string,
): { conversations: { where: string; value: unknown }[]; problems: string[] } {
  const trimmed = text.trim();
  if (trimmed === "") return { conversations: [], problems: [`${file}: empty file`] };
  try {
    const json = JSON.parse(trimmed) as unknown;
    const list = Array.isArray(json) ? json : [json];
    return { conversations: list.map((value, i) => ({ where: `${file}[${i}]`, value })), problems: [] };
  } catch {
    const conversations: { where: string; value: unknown }[] = [];
    const problems: string[] = [];
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        conversations.push({ where: `${file}:${i + 1}`, value: JSON.parse(line) });
      } catch (error) {
        problems.push(`${file}:${i + 1}: not JSON (${(error as Error).message})`);
      }
    });
    return { conversations, problems };
  }
}

export const runImport: CommandRunner = async (argv) => {
  const opts: Record<string, string> = {};
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (arg === "--skip-invalid") opts["skip-invalid"] = "";
    else if (arg.startsWith("--")) opts[arg.slice(2)] = argv[++i] ?? "";
    else files.push(arg);
  }
  const problems: string[] = [];
  for (const required of ["url", "token", "team"])
    if (!opts[required]) problems.push(`--${required} is required`);
  if (files.length === 0) problems.push("name at least one FILE");
  if (problems.length > 0) {
    process.stderr.write(`tagteam import:\n${problems.map((p) => `  - ${p}`).join("\n")}\n\n${HELP}\n`);
    return 2;
  }
  const url = (opts.url ?? "").replace(/\/$/, "");
  const skipInvalid = "skip-invalid" in opts;
  let failed = false;
  for (const file of files) {
    const parsed = parseConversations(await readFile(file, "utf8"), file);
    const problems = [...parsed.problems];
    const valid: unknown[] = [];
    for (const { where, value } of parsed.conversations) {
      const checked = importConversationSchema.safeParse(value);
      if (checked.success) valid.push(value);
      else
        for (const issue of checked.error.issues)
          problems.push(`${where}: ${issue.path.join(".") || "conversation"}: ${issue.message}`);
    }
    for (const p of problems) process.stderr.write(`${p}\n`);
    if (problems.length > 0) {
      failed = true;
      if (!skipInvalid) {
        process.stderr.write(
          `${file}: nothing sent (${problems.length} problem(s); --skip-invalid sends the ${valid.length} valid conversation(s))\n`,
        );
        continue;
      }
    }
    const batches = batchesOf(valid);
    for (const [b, batch] of batches.entries()) {
      const response = await fetch(`${url}${API_BASE_PATH}/import`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.token}` },
        body: JSON.stringify({ teamId: opts.team, conversations: batch }),
      });
      const json = (await response.json()) as {
        messages?: number;
        created?: number;
        alerts?: number;
        error?: { message: string; details?: { issues?: { path: (string | number)[]; message: string }[] } };
      };
      const label = batches.length > 1 ? `${file} (batch ${b + 1}/${batches.length})` : file;
      if (!response.ok) {
        failed = true;
        process.stderr.write(`${label}: ${json.error?.message ?? response.status}\n`);
        for (const issue of json.error?.details?.issues ?? []) {
          process.stderr.write(`  ${issue.path.join(".")}: ${issue.message}\n`);
        }
        continue;
      }
      process.stdout.write(
        `${label}: ${batch.length} conversations, ${json.messages} messages (${json.created} new), ${json.alerts} alerts raised\n`,
      );
    }
  }
  return failed ? 2 : 0;
};

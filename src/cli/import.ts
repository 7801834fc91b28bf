import { readFile } from "node:fs/promises";
import { API_BASE_PATH } from "../protocol/index.ts";
import type { CommandRunner } from "./main.ts";

const HELP = `usage: tagteam import --url URL --token TOKEN --team TEAM_ID FILE...

Imports transcripts in the \`tagteam analyze\` input format (one conversation object, an array of
them, or JSONL) into a running server; each is analysed as if streamed. Idempotent: importing the
same file twice stores nothing new.`;

/** Messages per request (the server's import limit is 1,000 conversations). */
const CONVERSATIONS_PER_REQUEST = 200;

function parseConversations(text: string, file: string): { conversations: unknown[]; problems: string[] } {
  const trimmed = text.trim();
  if (trimmed === "") return { conversations: [], problems: [`${file}: empty file`] };
  try {
    const json = JSON.parse(trimmed) as unknown;
    return { conversations: Array.isArray(json) ? json : [json], problems: [] };
  } catch {
    const conversations: unknown[] = [];
    const problems: string[] = [];
    trimmed.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        conversations.push(JSON.parse(line));
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
    if (arg.startsWith("--")) opts[arg.slice(2)] = argv[++i] ?? "";
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
  let failed = false;
  for (const file of files) {
    const parsed = parseConversations(await readFile(file, "utf8"), file);
    for (const p of parsed.problems) process.stderr.write(`${p}\n`);
    failed ||= parsed.problems.length > 0;
    for (let i = 0; i < parsed.conversations.length; i += CONVERSATIONS_PER_REQUEST) {
      const response = await fetch(`${url}${API_BASE_PATH}/import`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${opts.token}` },
        body: JSON.stringify({
          teamId: opts.team,
          conversations: parsed.conversations.slice(i, i + CONVERSATIONS_PER_REQUEST),
        }),
      });
      const json = (await response.json()) as {
        messages?: number;
        created?: number;
        alerts?: number;
        error?: { message: string; details?: { issues?: { path: (string | number)[]; message: string }[] } };
      };
      if (!response.ok) {
        failed = true;
        process.stderr.write(`${file}: ${json.error?.message ?? response.status}\n`);
        for (const issue of json.error?.details?.issues ?? []) {
          process.stderr.write(`  ${issue.path.join(".")}: ${issue.message}\n`);
        }
        continue;
      }
      process.stdout.write(
        `${file}: ${json.messages} messages (${json.created} new), ${json.alerts} alerts raised\n`,
      );
    }
  }
  return failed ? 2 : 0;
};

import type { CommandRunner } from "./main.ts";
import { startSimulation } from "./simulator.ts";

const HELP = `usage: tagteam simulate --url URL --token TOKEN --team TEAM_ID [--agents a@x,b@y]
                        [--concurrency N] [--delay-ms MS] [--total N] [--close-after-ms MS]

Replays realistic support conversations into a running tagteam server through its public API.
With --close-after-ms, each conversation is closed that long after its last line, as a helpdesk
would (POST /api/v1/conversations/close); without it they stay open.
TOKEN is an API token with the ingest scope (POST /api/v1/tokens, or the admin page).`;

export const runSimulate: CommandRunner = async (argv) => {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (!arg.startsWith("--") || argv[i + 1] === undefined) {
      process.stderr.write(`tagteam simulate: ${arg} needs a value\n\n${HELP}\n`);
      return 2;
    }
    opts[arg.slice(2)] = argv[++i] ?? "";
  }
  const problems: string[] = [];
  for (const required of ["url", "token", "team"])
    if (!opts[required]) problems.push(`--${required} is required`);
  const number = (name: string, fallback: number): number => {
    const raw = opts[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) problems.push(`--${name} must be a positive number, got ${raw}`);
    return n;
  };
  const concurrency = number("concurrency", 4);
  const lineDelayMs = number("delay-ms", 1500);
  const total = number("total", 8);
  const closeAfterMs = opts["close-after-ms"] !== undefined ? number("close-after-ms", 0) : undefined;
  if (problems.length > 0) {
    process.stderr.write(`tagteam simulate:\n${problems.map((p) => `  - ${p}`).join("\n")}\n\n${HELP}\n`);
    return 2;
  }
  let errors = 0;
  const sim = startSimulation({
    url: (opts.url ?? "").replace(/\/$/, ""),
    token: opts.token ?? "",
    teamId: opts.team ?? "",
    agents: (opts.agents ?? "").split(",").filter((s) => s !== ""),
    concurrency,
    lineDelayMs,
    total,
    ...(closeAfterMs !== undefined ? { closeAfterMs } : {}),
    onPosted: (r) => {
      if (r.alertId !== null)
        process.stdout.write(`alert ${r.alertId} on conversation ${r.conversationId}\n`);
    },
    onError: (error) => {
      errors++;
      process.stderr.write(`${String(error)}\n`);
    },
  });
  process.once("SIGINT", () => void sim.stop());
  const counts = await sim.done;
  process.stdout.write(
    `replayed ${counts.conversations} conversations, ${counts.messages} messages, ${counts.alerts} alerts${closeAfterMs !== undefined ? `, ${counts.closed} closed` : ""}\n`,
  );
  return errors > 0 ? 1 : 0;
};

import type { CommandRunner } from "./main.ts";
import { ApiRequestError, serverUrl } from "./apiClient.ts";
import { startSimulation } from "./simulator.ts";

const HELP = `usage: tagteam simulate --url URL --token TOKEN --team TEAM_ID [--agents a@x,b@y]
                        [--concurrency N] [--delay-ms MS] [--total N] [--close-after-ms MS]

Replays realistic support conversations into a running tagteam server through its public API.
With --close-after-ms, each conversation is closed that long after its last line, as a helpdesk
would (POST /api/v1/conversations/close); without it they stay open.
TOKEN is an API token with the ingest scope (POST /api/v1/tokens, or the admin page).`;

const OPTIONS = ["url", "token", "team", "agents", "concurrency", "delay-ms", "total", "close-after-ms"];

export const runSimulate: CommandRunner = async (argv) => {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    // A mistyped option (`--close-after 5000`) was taken and ignored, the replay run without it.
    const problem = !arg.startsWith("--")
      ? `unexpected argument "${arg}" (options are --name value)`
      : !OPTIONS.includes(arg.slice(2))
        ? `unknown option "${arg}"`
        : argv[i + 1] === undefined
          ? `${arg} needs a value`
          : null;
    if (problem !== null) {
      process.stderr.write(`tagteam simulate: ${problem}\n\n${HELP}\n`);
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
  let gaveUp: string | null = null;
  const url = serverUrl(opts.url ?? "");
  // The simulator's pauses do not hold the process open (the demo server runs it too), so the
  // command holds it until the replay is done: without this it ended at the first pause.
  const keepAlive = setInterval(() => undefined, 60_000);
  const sim = startSimulation({
    url,
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
      // No server, or the token or team refused: every other conversation would fail alike.
      if (error instanceof ApiRequestError && error.hopeless) {
        if (gaveUp === null) {
          gaveUp = error.message;
          process.stderr.write(`tagteam simulate: ${error.message}\n`);
          void sim.stop();
        }
        return;
      }
      process.stderr.write(`tagteam simulate: ${error instanceof Error ? error.message : String(error)}\n`);
    },
  });
  process.once("SIGINT", () => void sim.stop());
  try {
    const counts = await sim.done;
    process.stdout.write(
      `replayed ${counts.conversations} conversations, ${counts.messages} messages, ${counts.alerts} alerts${closeAfterMs !== undefined ? `, ${counts.closed} closed` : ""}${gaveUp !== null ? " (stopped: see above)" : ""}\n`,
    );
  } finally {
    clearInterval(keepAlive);
  }
  return errors > 0 ? 1 : 0;
};

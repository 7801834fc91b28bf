import type { CommandRunner } from "./main.ts";
import {
  DEMO_REPLAY_HEAD_START,
  DEMO_REPLAY_MIN_PER_HOUR,
  DEMO_REPLAY_PACE,
  DEMO_TEAMMATE_PAUSE_MS,
} from "./demoPace.ts";
import { startDemoTeammates } from "./demoTeammates.ts";
import { startSimulation } from "./simulator.ts";

const HELP = `usage: tagteam serve [--port N] [--host H] [--data-dir DIR] [--demo [workspace|live]]

Starts the live service: migrates the database (PGlite in --data-dir, or DATABASE_URL), creates the
first admin on first start (credentials printed once, or TAGTEAM_ADMIN_EMAIL/TAGTEAM_ADMIN_PASSWORD),
serves the API, the WebSocket and the built web app (dist/web).

  --demo            create the demo team and replay demo conversations through the API (= live)
  --demo workspace  only create the demo team
Every option has an environment variable (see .env.example); flags win.`;

/** Flags → the environment keys the config schema reads, so there is one parser for both. */
function flagsToEnv(argv: string[]): { env: Record<string, string>; problems: string[]; help: boolean } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const next = argv[i + 1];
    const value = (): string => {
      if (next === undefined || next.startsWith("--")) {
        problems.push(`${arg} needs a value`);
        return "";
      }
      i++;
      return next;
    };
    if (arg === "--help" || arg === "-h") help = true;
    else if (arg === "--port") env.PORT = value();
    else if (arg === "--host") env.TAGTEAM_HOST = value();
    else if (arg === "--data-dir") env.TAGTEAM_DATA_DIR = value();
    else if (arg === "--demo") {
      if (next === "workspace" || next === "live" || next === "off") {
        env.TAGTEAM_DEMO = next;
        i++;
      } else env.TAGTEAM_DEMO = "live";
    } else problems.push(`unknown option ${arg}`);
  }
  return { env, problems, help };
}

/** Why the server did not start, in words: a taken port or data directory, else the error itself. */
function startFailure(error: unknown, config: { host: string; port: number }): string {
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === "EADDRINUSE") {
    return `${config.host}:${config.port} is already in use (another tagteam?). Stop it, or start this one on another port (--port or PORT).`;
  }
  const told = ["DATA_DIR_IN_USE", "SCHEMA_NEWER", "MIGRATION_CHANGED"];
  if (typeof e.code === "string" && told.includes(e.code) && typeof e.message === "string") return e.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * The live demo's own defaults, where the environment sets none: an incident goes quiet after ten
 * minutes without a report instead of an hour, so the replay's outage (every half hour or so) is
 * seen to open, grow and end within a demo.
 */
export function demoDefaults(env: Record<string, string | undefined>): Record<string, string> {
  if (env.TAGTEAM_DEMO !== "live" || env.TAGTEAM_INCIDENT_QUIET_MS !== undefined) return {};
  return { TAGTEAM_INCIDENT_QUIET_MS: String(10 * 60_000) };
}

export const runServe: CommandRunner = async (argv) => {
  const { env, problems, help } = flagsToEnv(argv);
  if (help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // The serve entry is the one place the CLI reaches into the server (docs/ARCHITECTURE.md).
  const server = await import("../server/index.ts");
  const loaded = server.loadConfig({ ...process.env, ...env, ...demoDefaults({ ...process.env, ...env }) });
  if (problems.length > 0 || !loaded.ok) {
    const all = [...problems, ...(loaded.ok ? [] : loaded.problems)];
    process.stderr.write(`tagteam serve: invalid configuration:\n${all.map((p) => `  - ${p}`).join("\n")}\n`);
    return 2;
  }
  let running: Awaited<ReturnType<typeof server.startServer>>;
  // Writing the demo team's eight weeks of history takes up to a minute the first time: say so, as
  // nothing else is printed until the server listens.
  if (loaded.config.demo !== "off")
    process.stdout.write(
      "Preparing the demo team and its eight weeks of history (up to a minute the first time)…\n",
    );
  try {
    running = await server.startServer(loaded.config);
  } catch (error) {
    process.stderr.write(`tagteam serve: ${startFailure(error, loaded.config)}\n`);
    return 1;
  }
  const { boot, url } = running;
  const lines = [`tagteam is listening on ${url} (store: ${running.store.kind})`];
  if (boot.createdAdmin !== null) {
    lines.push(
      "",
      "First admin created. Sign in with:",
      `  e-mail:   ${boot.createdAdmin.email}`,
      boot.createdAdmin.generated
        ? `  password: ${boot.createdAdmin.password}   (shown once; change it after signing in)`
        : "  password: (from TAGTEAM_ADMIN_PASSWORD)",
    );
  }
  if (running.demo === null) {
    lines.push(
      "",
      "Tip: `npm start -- --demo` adds a demo team whose conversations replay live on the floor.",
    );
  }
  if (running.demo !== null) {
    lines.push("", `Demo team ready. Teammates sign in with password "${server.DEMO_PASSWORD}":`);
    for (const p of running.demo.people) lines.push(`  ${p.role.padEnd(5)} ${p.email}`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  // Half the history's debrief cards saved on their day, once loop 2 has drafted them.
  if (running.demo !== null)
    void server
      .settleDemoHistory(running)
      .catch((error: unknown) => process.stderr.write(`demo history: ${String(error)}\n`));
  let demo: { stop(): Promise<void> } | null = null;
  if (loaded.config.demo === "live" && running.demo !== null) {
    const { lead, ...credentials } = await server.createDemoCredentials(running);
    // The demo agents and lead act on most alerts routed to them (never as someone signed in).
    const teammates = startDemoTeammates({
      url: running.url,
      teamId: credentials.teamId,
      agents: credentials.agents,
      lead,
      password: server.DEMO_PASSWORD,
      pauseMs: DEMO_TEAMMATE_PAUSE_MS,
      pollMs: 2000,
      onError: (error) => process.stderr.write(`demo teammates: ${String(error)}\n`),
    });
    const replay = startSimulation({
      url: running.url,
      ...credentials,
      ...DEMO_REPLAY_PACE,
      total: Number.POSITIVE_INFINITY,
      // A demo started again goes on with other customers.
      startAt: await server.demoReplayStartAt(running.store, running.boot.orgId, credentials.teamId),
      // …and first goes on with the conversations it left open (an e-mail waiting for its answer).
      resume: await server.demoReplayLeftOpen(running.store, running.boot.orgId, credentials.teamId),
      // Today stays a day of the history (and this week one of its weeks), however long it runs,
      // but while someone watches, conversations keep arriving whatever the day and hour.
      mayStart: server.demoReplayGate(running, credentials.teamId, {
        headStart: DEMO_REPLAY_HEAD_START,
        minPerHour: DEMO_REPLAY_MIN_PER_HOUR,
      }),
      // A closed chat's customer answers the after-conversation survey (GET /numbers charts the tags).
      answerSurveys: true,
      handoverOf: teammates.handoverOf,
      // A struggling conversation goes on once a teammate stepped in (or the customer gives up).
      stepInOf: teammates.stepInOf,
      // A conversation a person took over goes on as what they write allows, and after they hand
      // it back only where the script still fits (else its customer ends politely).
      holdOf: teammates.holdOf,
      onError: (error) => process.stderr.write(`demo replay: ${String(error)}\n`),
    });
    demo = { stop: async () => void (await Promise.all([replay.stop(), teammates.stop()])) };
    process.stdout.write(
      "Demo mode: replaying conversations through the API so the floor comes alive; the demo agents and lead act on most alerts (not while you are signed in as them).\n",
    );
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("tagteam: shutting down\n");
  await demo?.stop();
  await running.stop();
  return 0;
};

const RESTORE_HELP = `usage: tagteam restore <backup.tar.gz> [--data-dir DIR]

Restores a backup downloaded from Admin → Backup (GET /api/v1/admin/backup) into a new data
directory for the embedded database: --data-dir, else TAGTEAM_DATA_DIR, else ./data. The directory
must not exist yet or be empty; a restore never overwrites a database. Stop the server first, then
start it with that directory (it migrates the restored database if it is older than the server).`;

/** `tagteam restore`: a backup tarball back into a data directory (here too, the server's code). */
export const runRestore: CommandRunner = async (argv) => {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${RESTORE_HELP}\n`);
    return 0;
  }
  const problems: string[] = [];
  let file: string | undefined;
  let dataDir = process.env.TAGTEAM_DATA_DIR ?? "./data";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--data-dir") {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) problems.push("--data-dir needs a value");
      else dataDir = next;
      i++;
    } else if (arg.startsWith("--")) problems.push(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else problems.push(`one backup file only (got ${file} and ${arg})`);
  }
  if (file === undefined) problems.push("name the backup file to restore");
  if (problems.length > 0 || file === undefined) {
    process.stderr.write(`tagteam restore: ${problems.join("; ")}\n\n${RESTORE_HELP}\n`);
    return 2;
  }
  const { readFile } = await import("node:fs/promises");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    process.stderr.write(`tagteam restore: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const server = await import("../server/index.ts");
  try {
    await server.restoreBackup(bytes, dataDir);
  } catch (error) {
    process.stderr.write(`tagteam restore: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(
    `Restored ${file} (${(bytes.byteLength / 1e6).toFixed(1)} MB) into ${dataDir}. Start the server with TAGTEAM_DATA_DIR=${dataDir}.\n`,
  );
  return 0;
};

/**
 * The `tagteam` command line: parse the subcommand, hand over to its module, return an exit code.
 * Each subcommand lives in its own file and is loaded only when asked for, so `tagteam analyze`
 * never pays for the server's dependencies.
 */
export type CommandRunner = (argv: string[]) => Promise<number>;

/** Subcommands by name, each loaded lazily. Add new ones here. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandRunner> }> = {};

/** Registers a subcommand; used by this file's table below. */
function command(name: string, summary: string, load: () => Promise<CommandRunner>): void {
  COMMANDS[name] = { summary, load };
}

// -- subcommands (one line each) --
command("version", "print tagteam's version", async () => async () => {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  process.stdout.write(`tagteam ${pkg.version}\n`);
  return 0;
});
command(
  "analyze",
  "analyse exported transcripts offline (batch QA)",
  async () => (await import("./analyze.ts")).runAnalyze,
);

command(
  "serve",
  "run the live service (API, WebSocket, web app)",
  async () => (await import("./serve.ts")).runServe,
);
command(
  "simulate",
  "replay realistic conversations into a running server",
  async () => (await import("./simulate.ts")).runSimulate,
);
command(
  "restore",
  "restore a backup of the embedded database into a new data directory",
  async () => (await import("./serve.ts")).runRestore,
);
command(
  "import",
  "import transcripts (JSON in the analyze format, or CSV) into a running server",
  async () => (await import("./import.ts")).runImport,
);

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    "usage: tagteam <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    "tagteam <command> --help for a command's options.",
  ].join("\n");
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error: said on stderr, so `tagteam > out` does not bury it.
    process.stderr.write(`tagteam: name a command\n\n${usage()}\n`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage() + "\n");
    return 0;
  }
  const entry = COMMANDS[name];
  if (entry === undefined) {
    process.stderr.write(`tagteam: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const run = await entry.load();
  return run(rest);
}

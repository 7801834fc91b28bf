// A throwaway PostgreSQL server for tests and benchmarks: the machine's own initdb/pg_ctl, a data
// directory in a fresh temp dir, a free port on 127.0.0.1, a Unix socket in the same dir; stopped
// and deleted by `stop()` (and, as a safety net, when the process exits).
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  /** Server major version, e.g. 15. */
  readonly version: number;
  /** Creates a database and returns its URL (one per test file keeps suites independent). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Keep PostgreSQL's default fsync=on (what production runs); off only for speed where noted. */
  fsync?: boolean;
}

/** Directory holding initdb and pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<v>/bin. */
export function findPostgresBinDir(): string | null {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join(root, version, "bin");
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  return null;
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root; as root we run the server as the `postgres` system user. */
function unprivilegedUser(): { uid: number; gid: number; name: string } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid, name: "postgres" };
  } catch {
    throw new Error("running as root and there is no 'postgres' user to run initdb/pg_ctl as");
  }
}

/**
 * Starts a PostgreSQL server from the machine's binaries, or returns null when none is installed
 * (callers skip with a clear message).
 */
export async function startPostgresServer(
  options: StartPostgresOptions = {},
): Promise<PostgresServer | null> {
  const binDir = findPostgresBinDir();
  if (!binDir) return null;
  const user = unprivilegedUser();
  const root = mkdtempSync(join(tmpdir(), "tagteam-pg-"));
  const dataDir = join(root, "data");
  if (user) chownSync(root, user.uid, user.gid);
  const command = (bin: string, args: string[]): [string, string[]] =>
    user ? ["runuser", ["-u", user.name, "--", join(binDir, bin), ...args]] : [join(binDir, bin), args];

  const port = await findFreePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${root}`,
    "-c listen_addresses=127.0.0.1",
    `-c fsync=${options.fsync === false ? "off" : "on"}`,
    "-c max_connections=200",
  ].join(" ");

  let stopped = false;
  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    const [cmd, args] = command("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    spawnSync(cmd, args, { stdio: "ignore" });
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", stopSync);

  try {
    const [initCmd, initArgs] = command("initdb", [
      "-D",
      dataDir,
      "-U",
      "postgres",
      "--auth=trust",
      "--encoding=UTF8",
      "--no-locale",
      "--no-sync",
    ]);
    await run(initCmd, initArgs);
    const [startCmd, startArgs] = command("pg_ctl", [
      "-D",
      dataDir,
      "-o",
      serverOptions,
      "-l",
      join(root, "server.log"),
      "-w",
      "-t",
      "60",
      "start",
    ]);
    await run(startCmd, startArgs);
  } catch (error) {
    stopSync();
    process.removeListener("exit", stopSync);
    throw error;
  }

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const versionOutput = execFileSync(join(binDir, "pg_ctl"), ["--version"], { encoding: "utf8" });
  const version = Number(/(\d+)/.exec(versionOutput)?.[1] ?? 0);

  return {
    url,
    port,
    version,
    async createDatabase(name: string): Promise<string> {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
        throw new Error(`database name ${name} is not a plain identifier`);
      const pg = (await import("pg")).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      process.removeListener("exit", stopSync);
      const [cmd, args] = command("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
      await run(cmd, args).catch(() => {
        const [killCmd, killArgs] = command("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
        spawnSync(killCmd, killArgs, { stdio: "ignore" });
      });
      rmSync(root, { recursive: true, force: true });
    },
  };
}

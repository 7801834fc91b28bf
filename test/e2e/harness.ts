/**
 * End-to-end harness: the real server as a child process on a free port with a fresh PGlite data
 * directory, the built web app, Debian's chromium through playwright-core, and a small HTTP client
 * that signs in like a browser (session cookie) for seeding.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const ADMIN = { email: "admin@tagteam.test", password: "admin-password-e2e" };

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const BUILD_LOCK_DIR = join(REPO_ROOT, "dist/.web-build.lock");
const BUILD_LOCK_STALE_MS = 5 * 60_000;

/**
 * Builds dist/web if it is missing or older than its sources. Test files run in parallel workers,
 * so the build holds a lock directory (mkdir is atomic) and the others wait for it to go.
 */
export async function ensureWebBuilt(): Promise<void> {
  mkdirSync(join(REPO_ROOT, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK_DIR);
      break;
    } catch {
      // Someone else is building; a lock left by a killed run is taken over once stale.
      if (existsSync(BUILD_LOCK_DIR) && Date.now() - statSync(BUILD_LOCK_DIR).mtimeMs > BUILD_LOCK_STALE_MS)
        rmSync(BUILD_LOCK_DIR, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", join(REPO_ROOT, "scripts/build-web-if-stale.ts")],
      {
        cwd: REPO_ROOT,
        stdio: "inherit",
      },
    );
    if (r.status !== 0) throw new Error("building the web app failed");
  } finally {
    rmSync(BUILD_LOCK_DIR, { recursive: true, force: true });
  }
}

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Stands in for a team's helpdesk taking tagteam's replies (the reply webhook): answers 204 to
 * every post. The seeded conversations come in through the ingest API, as a helpdesk's would, and a
 * teammate's reply on them goes out only through this webhook; without it the reply box says to
 * answer in the helpdesk instead.
 */
async function startHelpdesk(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/replies`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Starts `tagteam serve` on a free port with a fresh data directory; resolves once /healthz answers.
 * `helpdesk: false` starts it without the reply webhook (replies on conversations of the ingest
 * API are then refused, and the app says so where one would type). `dataDirFrom`: a migrated, empty
 * data directory to start from (copied), which spares the server's initdb and migrations.
 */
export async function startServer(
  extraEnv: Record<string, string> = {},
  options: { helpdesk?: boolean; dataDirFrom?: string } = {},
): Promise<RunningServer> {
  const helpdesk = options.helpdesk === false ? null : await startHelpdesk();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "tagteam-e2e-"));
  if (options.dataDirFrom !== undefined) cpSync(options.dataDirFrom, dataDir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [join(REPO_ROOT, "bin/tagteam.mjs"), "serve"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      TAGTEAM_HOST: "127.0.0.1",
      TAGTEAM_DATA_DIR: dataDir,
      TAGTEAM_ADMIN_EMAIL: ADMIN.email,
      TAGTEAM_ADMIN_PASSWORD: ADMIN.password,
      TAGTEAM_DEMO: "off",
      TAGTEAM_LOG_LEVEL: "warn",
      TAGTEAM_WEB_DIR: join(REPO_ROOT, "dist/web"),
      TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE: "1000",
      // The seeded scenarios are dated minutes ago: their unanswered customers would alert
      // teammates the story tests follow one by one.
      TAGTEAM_UNANSWERED_ALERT_MS: "0",
      DATABASE_URL: "",
      ...(helpdesk !== null
        ? {
            TAGTEAM_REPLY_WEBHOOK_URL: helpdesk.url,
            TAGTEAM_REPLY_WEBHOOK_SECRET: "e2e-reply-webhook-secret",
          }
        : {}),
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal !== null ? `signal ${signal}` : `code ${code}`)),
  );
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    // Wait for the condition (the server answering), not for a fixed time.
    for (;;) {
      try {
        const r = await fetch(`${url}/healthz`);
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const first = await Promise.race([ready.then(() => null), exited]);
  // The exit code or signal says whether it failed by itself or was killed (e.g. by `pkill`).
  if (first !== null) {
    await helpdesk?.stop();
    throw new Error(`the server exited (${first}) before it was ready:\n${out}`);
  }
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      await helpdesk?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's chromium headless with the flags the project uses everywhere. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** A signed-in HTTP client for seeding and checks (keeps the session cookie like a browser). */
export class ApiSession {
  private cookie = "";
  constructor(readonly baseUrl: string) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<ApiSession> {
    const s = new ApiSession(baseUrl);
    const r = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!r.ok) throw new Error(`sign-in as ${email} failed: ${r.status} ${await r.text()}`);
    s.cookie = (r.headers.getSetCookie?.() ?? [])
      .map((c) => c.split(";")[0])
      .filter(Boolean)
      .join("; ");
    return s;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

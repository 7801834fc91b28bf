/**
 * How long `tagteam serve` takes from its process's start to its "listening on" line (the line
 * the tests that spawn a server wait for, printed once the first admin exists and requests are
 * served), median of --runs starts, on a copy of an existing data directory or on a fresh one.
 * Checkouts given as label=path are started in turn, run by run, so load on the machine falls on
 * each alike; ports from --port up, one per checkout.
 *
 *   npx tsx scripts/measure-startup.ts base=/tmp/startup-base new=.            (--runs 5, --port 3980)
 *   npx tsx scripts/measure-startup.ts --fresh base=/tmp/startup-base new=.    (initdb and every migration)
 *
 * The existing data directory is made once by a first start of the first checkout.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const runs = Number(option("--runs", "5"));
const firstPort = Number(option("--port", "3980"));
const fresh = args.includes("--fresh");
const checkouts = args
  .filter((a) => a.includes("="))
  .map((a) => {
    const [label = "", path = ""] = a.split("=");
    return { label, root: resolve(path) };
  });
if (checkouts.length === 0) {
  process.stderr.write("usage: measure-startup.ts [--fresh] [--runs N] [--port P] label=checkout ...\n");
  process.exit(2);
}

/** Milliseconds from spawning `tagteam serve` in `root` on `dataDir` to its "listening on" line. */
function timeStart(root: string, dataDir: string, port: number): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["bin/tagteam.mjs", "serve"], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        TAGTEAM_HOST: "127.0.0.1",
        TAGTEAM_LOG_LEVEL: "warn",
        TAGTEAM_DATA_DIR: dataDir,
        TAGTEAM_ADMIN_EMAIL: "admin@example.com",
        TAGTEAM_ADMIN_PASSWORD: "correct horse battery staple",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let ms: number | null = null;
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (ms === null && out.includes("listening on")) {
        ms = performance.now() - t0;
        child.kill("SIGTERM");
      }
    });
    child.on("exit", () => (ms === null ? fail(new Error(`no listening line:\n${out}`)) : done(ms)));
  });
}

const scratch = mkdtempSync(join(tmpdir(), "tagteam-measure-startup-"));
try {
  const template = join(scratch, "template");
  const firstCheckout = checkouts[0];
  if (!fresh && firstCheckout !== undefined) await timeStart(firstCheckout.root, template, firstPort);
  const times = new Map<string, number[]>(checkouts.map((c) => [c.label, []]));
  for (let run = 0; run < runs; run++) {
    for (const [i, { label, root }] of checkouts.entries()) {
      const dataDir = join(scratch, `run-${run}-${i}`);
      if (!fresh) cpSync(template, dataDir, { recursive: true });
      const ms = await timeStart(root, dataDir, firstPort + i);
      rmSync(dataDir, { recursive: true, force: true });
      times.get(label)?.push(ms);
      process.stdout.write(`${label} run ${run + 1}: ${ms.toFixed(0)} ms\n`);
    }
  }
  for (const [label, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    process.stdout.write(
      `${label}: median ${median.toFixed(0)} ms (${fresh ? "fresh" : "existing"} data directory; ${sorted.map((t) => t.toFixed(0)).join(", ")})\n`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "../../src/cli/import.ts";
import { captureOutput } from "./captureOutput.ts";
import { createWorld, type World } from "./factories.ts";

/*
 * `tagteam simulate` and `tagteam import` run from a shell against a server: the replay runs to
 * its end, and a server that cannot be reached or refuses the token is said once, in words, and
 * stops the command (no stack trace, no same error per conversation or batch).
 */
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "tagteam-cli-server-"));
let world: World;
let url: string;
let token: string;
let closedUrl: string;
beforeAll(async () => {
  world = await createWorld();
  url = await world.app.app.listen({ host: "127.0.0.1", port: 0 });
  token = await world.token("leadA", ["ingest"]);
  // A port nothing listens on: taken, then given back.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  closedUrl = `http://127.0.0.1:${address.port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await world?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs `node bin/tagteam.mjs …` as a shell would: its exit code and output. */
function tagteam(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["bin/tagteam.mjs", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out, err })));
}

describe("tagteam simulate, from a shell", () => {
  it("replays every conversation and closes each, then says what it did", async () => {
    const run = await tagteam([
      "simulate",
      "--url",
      url,
      "--token",
      token,
      "--team",
      world.teams.a,
      "--total",
      "2",
      "--delay-ms",
      "20",
      "--close-after-ms",
      "20",
    ]);
    // It used to end at the first pause between lines (exit 13: nothing held the process open).
    expect([run.code, run.err]).toEqual([0, ""]);
    expect(run.out).toMatch(/replayed 2 conversations, \d+ messages, \d+ alerts, 2 closed\n$/);
    const [row] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE external_id LIKE 'sim-%' AND status = 'closed'",
    );
    expect(row?.n).toBe(2);
  });

  it("stops at a refused token with one line naming it", async () => {
    const run = await tagteam(["simulate", "--url", url, "--token", "tt_wrong", "--team", world.teams.a]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      "tagteam simulate: POST /api/v1/messages 401 UNAUTHENTICATED: This API token is not valid: it was revoked (or its person deactivated), or it is mistyped or cut short\n",
    );
    expect(run.out).toContain("replayed 0 conversations");
  });

  it("says a server it cannot reach, once", async () => {
    const run = await tagteam(["simulate", "--url", closedUrl, "--token", token, "--team", world.teams.a]);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `tagteam simulate: cannot reach ${closedUrl}: connection refused (is tagteam running there?)\n`,
    );
  });
});

describe("tagteam import, when the server cannot take it", () => {
  const file = join(scratch, "two.jsonl");
  writeFileSync(
    file,
    ["a", "b"]
      .map((id) => JSON.stringify({ id: `cli-${id}`, messages: [{ role: "customer", text: "Hello" }] }))
      .join("\n"),
  );

  it("says a server it cannot reach and stops, without a stack trace", async () => {
    const run = await captureOutput(() =>
      runImport(["--url", closedUrl, "--token", token, "--team", world.teams.a, file, file]),
    );
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `${file}: cannot reach ${closedUrl}: connection refused (is tagteam running there?)\n` +
        "tagteam import: stopped, nothing was sent\n",
    );
  });

  it("stops at a refused token instead of sending every file to be refused again", async () => {
    const run = await captureOutput(() =>
      runImport(["--url", url, "--token", "tt_wrong", "--team", world.teams.a, file, file]),
    );
    expect(run.code).toBe(1);
    expect(run.err.match(/401 UNAUTHENTICATED/g)).toHaveLength(1);
    expect(run.err).toMatch(/stopped, nothing was sent\n$/);
  });

  it("says once that a CSV without a .csv name is no JSON, with the option that reads it", async () => {
    const csv = join(scratch, "export.txt");
    writeFileSync(csv, "Ticket ID,Author Type,Comment\nt1,end-user,Hello\nt1,agent,Hi there\n");
    const refused = await captureOutput(() =>
      runImport(["--url", url, "--token", token, "--team", world.teams.a, csv]),
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      `${csv}:1: not JSON: the file starts with “Ticket ID,Author Type,Comment”, where a JSON transcript starts with "{" or "["; a CSV export (one row per message): import it with --format csv\n` +
        `${csv}: nothing sent (1 problem(s), no valid conversation)\n`,
    );
    const sent = await captureOutput(() =>
      runImport(["--url", url, "--token", token, "--team", world.teams.a, "--format", "csv", csv]),
    );
    expect([sent.code, sent.err]).toEqual([0, ""]);
    expect(sent.out).toContain(`${csv}: 1 conversations, 2 messages (2 new)`);
  });

  it("takes the API's address as --url too", async () => {
    const run = await captureOutput(() =>
      runImport(["--url", `${url}/api/v1/`, "--token", token, "--team", world.teams.a, file]),
    );
    expect([run.code, run.err]).toEqual([0, ""]);
    expect(run.out).toContain(`${file}: 2 conversations, 2 messages (2 new)`);
  });
});

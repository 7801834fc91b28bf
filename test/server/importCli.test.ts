import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { importCommand, readFileChunks, runImport } from "../../src/cli/import.ts";
import { captureOutput } from "./captureOutput.ts";
import { createWorld, type World } from "./factories.ts";

/*
 * `tagteam import` against a real server: checked before sending, sent in batches within limits,
 * the file streamed (read twice, never whole).
 */
const scratch = mkdtempSync(join(tmpdir(), "tagteam-import-cli-"));
let world: World;
let url: string;
let token: string;
beforeAll(async () => {
  world = await createWorld();
  url = await world.app.app.listen({ host: "127.0.0.1", port: 0 });
  token = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world.close();
  rmSync(scratch, { recursive: true, force: true });
});

const run = (argv: string[]) => captureOutput(() => runImport(argv));

/** Reads files in chunks of `size`, counting how far each read has got (reads[0] is the first). */
function countingReads(size: number) {
  const reads: number[] = [];
  const readChunks = async function* (path: string) {
    const at = reads.push(0) - 1;
    for await (const chunk of readFileChunks(path, size)) {
      reads[at] = (reads[at] ?? 0) + chunk.length;
      yield chunk;
    }
  };
  return { reads, readChunks };
}

/** Every request's body as sent, while `fetch` still goes to the server; `onSend` as each goes. */
function watchRequests(onSend?: () => void): { conversations: number; bytes: number }[] {
  const seen: { conversations: number; bytes: number }[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => {
    onSend?.();
    const body = String(init?.body ?? "");
    seen.push({
      conversations: (JSON.parse(body) as { conversations: unknown[] }).conversations.length,
      bytes: Buffer.byteLength(body),
    });
    return realFetch(input, init);
  });
  return seen;
}
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * A conversation of `lines` messages, each saying "where is my parcel? " `lineRepeats` times. The
 * large files below are large by long lines, not many: the request limits count bytes and
 * conversations, while the server's time goes on each message it stores (80 lines of 100
 * characters took six times as long as 8 of 1,600).
 */
const conversation = (id: string | number, lines = 2, lineRepeats = 5) => ({
  id,
  messages: Array.from({ length: lines }, (_, i) => ({
    role: i % 2 === 0 ? "customer" : "agent",
    text: `Line ${i} of ${id}: ${"where is my parcel? ".repeat(lineRepeats)}`,
  })),
});

describe("tagteam import", () => {
  it("lists every problem by line and field and sends nothing, unless asked to send the valid ones", async () => {
    const file = join(scratch, "mixed.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify(conversation("cli-ok")),
        JSON.stringify({ id: "cli-bad", messages: [{ role: "robot", text: "" }] }),
      ].join("\n"),
    );
    const refused = await run(["--url", url, "--token", token, "--team", world.teams.a, file]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${file}:2: messages.0.role:`);
    expect(refused.err).toContain(`${file}:2: messages.0.text:`);
    expect(refused.err).toContain("nothing sent");
    const [none] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE external_id = 'cli-ok'",
    );
    expect(none?.n).toBe(0);

    const sent = await run(["--url", url, "--token", token, "--team", world.teams.a, "--skip-invalid", file]);
    // Some left out, the rest stored: 3, which a script tells from "nothing sent" (2).
    expect(sent.code).toBe(3);
    expect(sent.out).toContain("1 conversations, 2 messages (2 new)");
    const [one] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE external_id = 'cli-ok'",
    );
    expect(one?.n).toBe(1);

    const allBad = join(scratch, "all-bad.jsonl");
    writeFileSync(allBad, JSON.stringify({ id: "cli-bad", messages: [{ role: "robot", text: "" }] }));
    const none2 = await run([
      "--url",
      url,
      "--token",
      token,
      "--team",
      world.teams.a,
      "--skip-invalid",
      allBad,
    ]);
    expect([none2.code, none2.out]).toEqual([2, ""]);
    // One file sent whole and one not sent at all is still "not sent" (2), not "some skipped".
    const good = join(scratch, "good.jsonl");
    writeFileSync(good, JSON.stringify(conversation("cli-good")));
    const mixedFiles = await run(["--url", url, "--token", token, "--team", world.teams.a, good, allBad]);
    expect(mixedFiles.code).toBe(2);
    expect(mixedFiles.out).toContain(`${good}: 1 conversations`);
  });

  it("says which lines of another file reusing a conversation id were not imported, and stays quiet on the same file again", async () => {
    const write = (name: string, lines: string[]) => {
      const file = join(scratch, name);
      writeFileSync(
        file,
        JSON.stringify({
          id: "cli-reused",
          messages: lines.map((text, i) => ({ role: i % 2 === 0 ? "customer" : "agent", text })),
        }),
      );
      return file;
    };
    const first = write("first.json", ["Where is my parcel?", "It left today."]);
    expect((await run(["--url", url, "--token", token, "--team", world.teams.a, first])).code).toBe(0);
    const again = await run(["--url", url, "--token", token, "--team", world.teams.a, first]);
    expect([again.code, again.err]).toEqual([0, ""]);
    expect(again.out).toContain(`${first}: 1 conversations, 2 messages (0 new, 2 already stored)`);

    const other = write("other.json", ["Where is my parcel?", "Which order is it?", "Order 42."]);
    const clash = await run(["--url", url, "--token", token, "--team", world.teams.a, other]);
    expect(clash.code).toBe(3);
    expect(clash.out).toContain(`${other}: 1 conversations, 3 messages (1 new, 2 already stored)`);
    expect(clash.err).toBe(
      `${other}: conversation "cli-reused": message 2 not imported, it differs from the one already stored under this id (kept as stored; give the conversation an id of its own to import it)\n`,
    );
  });

  it("imports a CSV (one row per message, interleaved), lists its problems by line and column, takes --columns", async () => {
    const fixture = new URL("../../src/cli/fixtures/helpdesk.csv", import.meta.url).pathname;
    const first = await run(["--url", url, "--token", token, "--team", world.teams.a, fixture]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain(`${fixture}: 2 conversations, 6 messages (6 new)`);
    const stored = await world.store.query<{ external_id: string; n: number }>(
      `SELECT c.external_id, count(m.*)::int AS n FROM conversations c JOIN messages m ON m.conversation_id = c.id
        WHERE c.external_id IN ('c1', 'c2') GROUP BY c.external_id ORDER BY c.external_id`,
    );
    expect(stored.map((r) => [r.external_id, r.n])).toEqual([
      ["c1", 3],
      ["c2", 3],
    ]);

    // A spreadsheet's own header names, a `;` separator and a problem row: nothing is sent.
    const file = join(scratch, "sheet.txt");
    writeFileSync(
      file,
      [
        "\uFEFFCase;Who;Said;When",
        "csv-ok;customer;Hello, is anyone there?;2026-03-02 09:00",
        "csv-bad;customer;Hi;2026-03-02 09:00",
        'csv-ok;agent;"Yes; how can I help?";2026-03-02 09:01',
        "csv-bad;martian;beep;2026-03-02 09:02",
      ].join("\r\n"),
    );
    const columns = ["--columns", "conversation=Case,role=Who,text=Said,at=When"];
    const unmapped = await run([
      "--url",
      url,
      "--token",
      token,
      "--team",
      world.teams.a,
      "--format",
      "csv",
      file,
    ]);
    expect(unmapped.code).toBe(2);
    expect(unmapped.err).toContain(`${file}:1: no column for conversation`);
    expect(unmapped.err).toContain("the header has: Case, Who, Said, When (name it with --columns");
    const refused = await run([
      "--url",
      url,
      "--token",
      token,
      "--team",
      world.teams.a,
      "--format=csv",
      ...columns,
      file,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${file}:5: Who: unknown role "martian"`);
    expect(refused.err).toContain(
      "nothing sent (1 problem(s); --skip-invalid sends the 1 valid conversation(s))",
    );
    const sent = await run([
      "--url",
      url,
      "--token",
      token,
      "--team",
      world.teams.a,
      "--format",
      "csv",
      ...columns,
      "--skip-invalid",
      file,
    ]);
    expect(sent.out).toContain(`${file}: 1 conversations, 2 messages (2 new)`);
    const ids = await world.store.query<{ external_id: string }>(
      "SELECT external_id FROM conversations WHERE external_id LIKE 'csv-%'",
    );
    expect(ids.map((r) => r.external_id)).toEqual(["csv-ok"]);
  });

  it("splits a large file into requests within the server's limits, and a second run stores nothing new", async () => {
    const many = Array.from({ length: 450 }, (_, i) => conversation(`cli-many-${i}`, 8, 80));
    const file = join(scratch, "many.json");
    writeFileSync(file, JSON.stringify(many));
    const requests = watchRequests();
    const first = await run(["--url", url, "--token", token, "--team", world.teams.a, file]);
    expect([first.code, first.err]).toEqual([0, ""]);
    expect(requests.length).toBeGreaterThan(3);
    for (const r of requests) {
      expect(r.conversations).toBeLessThanOrEqual(200);
      expect(r.bytes).toBeLessThan(1_600_000);
    }
    expect(requests.reduce((n, r) => n + r.conversations, 0)).toBe(450);
    const lines = first.out.trim().split("\n");
    expect(lines).toHaveLength(requests.length);
    expect(lines[0]).toContain(`${file} (batch 1/${requests.length}): `);
    const again = await run(["--url", url, "--token", token, "--team", world.teams.a, file]);
    expect(again.out).not.toMatch(/\([1-9]\d* new\)/);
  }, 120_000);

  it("streams a CSV larger than a request: each conversation sent once its last row is read", async () => {
    // 450 conversations of 4 long rows, ~25 open at a time and interleaved (as a helpdesk export
    // sorted by time): ~1.9 MB of CSV, at least three requests.
    const header = "Ticket ID,Created At,Author Type,Author Name,Comment,Channel";
    const rows: string[] = [];
    const open: { id: string; n: number }[] = [];
    let next = 0;
    let t = Date.parse("2026-03-02T00:00:00Z");
    for (let k = 0; next < 450 || open.length > 0; k++) {
      while (open.length < 25 && next < 450) open.push({ id: `cli-csv-${next++}`, n: 0 });
      const i = (k * 7) % open.length;
      const c = open[i] as { id: string; n: number };
      const role = c.n % 2 === 0 ? "end-user" : "agent";
      t += 1000;
      const text = `Line ${c.n} of ${c.id}, "quoted": ${"where is my parcel? ".repeat(50)}`;
      rows.push(`${c.id},${new Date(t).toISOString()},${role},Dana,"${text.replaceAll('"', '""')}",web`);
      if (++c.n === 4) open.splice(i, 1);
    }
    const text = [header, ...rows].join("\n") + "\n";
    const file = join(scratch, "stream.csv");
    writeFileSync(file, text);

    const { reads, readChunks } = countingReads(8 * 1024);
    const readWhenSent: number[] = [];
    // Read 0 learns where each conversation ends, read 1 checks, read 2 sends.
    const requests = watchRequests(() => readWhenSent.push(reads[2] ?? 0));
    const sent = await captureOutput(() =>
      importCommand({ readChunks })(["--url", url, "--token", token, "--team", world.teams.a, file]),
    );
    expect([sent.code, sent.err]).toEqual([0, ""]);
    expect(reads).toEqual([text.length, text.length, text.length]);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const r of requests) expect(r.bytes).toBeLessThan(1_600_000);
    expect(requests.reduce((n, r) => n + r.conversations, 0)).toBe(450);
    readWhenSent
      .slice(0, -1)
      .forEach((read, i) => expect(read, `request ${i + 1}`).toBeLessThan(text.length));
    expect(readWhenSent[0]).toBeLessThan(text.length / 2);
    // Pass 1 counted the requests in the order pass 2 sends them.
    expect(sent.out.trim().split("\n")).toHaveLength(requests.length);
    expect(sent.out).toContain(`${file} (batch ${requests.length}/${requests.length}): `);
    const [stored] = await world.store.query<{ conversations: number; messages: number }>(
      `SELECT count(DISTINCT c.id)::int AS conversations, count(m.*)::int AS messages
         FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE c.external_id LIKE 'cli-csv-%'`,
    );
    expect(stored).toEqual({ conversations: 450, messages: 450 * 4 });
  }, 120_000);

  it("streams the file: problems placed right across chunk boundaries, and requests sent while it is read", async () => {
    // 3 KiB chunks: every conversation (~8 KB) spans several, and lines are cut anywhere.
    const rows = Array.from({ length: 500 }, (_, i) =>
      JSON.stringify(conversation(`cli-stream-${i}`, 4, 100)),
    );
    rows[137] = JSON.stringify({ ...conversation("cli-stream-137", 4, 100), priority: "high" });
    rows[401] = '{"id":"cli-stream-401","messages":[{"role":"customer","text":"cut short';
    const text = rows.join("\n") + "\n";
    const file = join(scratch, "stream.jsonl");
    writeFileSync(file, text);

    /** How far each read of the file had got when each request went. */
    const { reads, readChunks } = countingReads(3 * 1024);
    const stream = (argv: string[]) => captureOutput(() => importCommand({ readChunks })(argv));

    const refused = await stream(["--url", url, "--token", token, "--team", world.teams.a, file]);
    expect(refused.code).toBe(2);
    expect(refused.err.trim().split("\n")).toEqual([
      `${file}:138: Unrecognized key: "priority"`,
      expect.stringMatching(new RegExp(`^${file}:402: not valid JSON: `)),
      `${file}: nothing sent (2 problem(s); --skip-invalid sends the 498 valid conversation(s))`,
    ]);
    expect(reads).toEqual([text.length]);

    reads.length = 0;
    const readWhenSent: number[] = [];
    const requests = watchRequests(() => readWhenSent.push(reads[1] ?? 0));
    const sent = await stream([
      "--url",
      url,
      "--token",
      token,
      "--team",
      world.teams.a,
      "--skip-invalid",
      file,
    ]);
    expect(sent.code).toBe(3);
    // Checked whole once, then read again as it was sent.
    expect(reads).toEqual([text.length, text.length]);
    const total = requests.reduce((n, r) => n + r.conversations, 0);
    expect(total).toBe(498);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const r of requests) expect(r.bytes).toBeLessThan(1_600_000);
    // Each request went when only its batch (and the next conversation) had been read.
    readWhenSent
      .slice(0, -1)
      .forEach((read, i) => expect(read, `request ${i + 1}`).toBeLessThan(text.length));
    expect(readWhenSent[0]).toBeLessThan(text.length / 2);
    expect(sent.out.trim().split("\n")).toHaveLength(requests.length);
    expect(sent.out).toContain(`${file} (batch ${requests.length}/${requests.length}): `);
    const [stored] = await world.store.query(
      "SELECT count(*)::int AS n FROM conversations WHERE external_id LIKE 'cli-stream-%'",
    );
    expect(stored?.n).toBe(498);
  }, 120_000);
});

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createProgress } from "./analyze.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURES = "src/cli/fixtures";
const tmp = mkdtempSync(join(tmpdir(), "tagteam-analyze-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the real command: `node bin/tagteam.mjs analyze …`, optionally with stdin. */
function run(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/tagteam.mjs", "analyze", ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (stdin !== undefined) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

const lines = (s: string) =>
  s
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("tagteam analyze", () => {
  it("prints one JSONL record per message with the contract's field names", async () => {
    const r = await run([`${FIXTURES}/good.jsonl`, "--kb", `${FIXTURES}/kb.json`]);
    expect(r.code, r.stderr).toBe(0);
    const records = lines(r.stdout);
    expect(records).toHaveLength(6);
    const first = records[0]!;
    expect(Object.keys(first).slice(0, 4)).toEqual(["conversationId", "index", "role", "at"]);
    expect(first).toMatchObject({ conversationId: "c1", index: 0, role: "customer" });
    expect(first.customer).toEqual(
      expect.objectContaining({ emotion: expect.any(String), frustration: expect.any(Number) }),
    );
    const wrong = records[1]!;
    expect(wrong.stepIn).toMatchObject({
      raise: true,
      reasons: ["wrong_information"],
      rung: "whisper",
      escalate: false,
      factId: "f1",
    });
    expect(typeof (wrong.stepIn as { suggestion: unknown }).suggestion).toBe("string");
    expect(wrong).not.toHaveProperty("customer");
    for (const cue of wrong.cues as { kind: string; start: number; end: number }[]) {
      expect(Object.keys(cue)).toEqual(expect.arrayContaining(["kind", "start", "end"]));
    }
    const c2 = records.filter((x) => x.conversationId === "c2");
    expect(c2.map((x) => x.index)).toEqual([0, 1, 2]);
    expect((c2[1]!.commitments as { dueAt: unknown }[])[0]?.dueAt).toBeNull(); // no `at`, no due time
  });

  it("reads a JSON array (with an inline KB) and a single pretty-printed object; --format json is one array", async () => {
    const r = await run([`${FIXTURES}/array.json`, `${FIXTURES}/single.json`, "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const records = JSON.parse(r.stdout) as {
      conversationId: string;
      stepIn: { rung: string; factId: string | null };
    }[];
    expect(records.map((x) => x.conversationId)).toEqual(["a1", "a1", "a2", "a2", "s1", "s1"]);
    expect(records[0]!.stepIn.rung).toBe("offer_takeover");
    expect(records[3]!.stepIn.factId).toBe("ship");
    expect(records[4]!.stepIn.rung).toBe("escalate");
  });

  it('reads stdin with "-" and prints a table', async () => {
    const input = `{"id":"t1","messages":[{"role":"customer","text":"I want to speak to a manager."}]}\n`;
    const r = await run(["-", "--format", "table"], input);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split("\n");
    expect(rows[0]).toContain("conversation\tidx\trole\trisk");
    expect(rows[1]).toContain("t1\t0\tcustomer");
    expect(rows[1]).toContain("offer_takeover");
    expect(r.stderr).toBe(""); // no progress when stderr is not a terminal
  });

  it("skips malformed conversations with file, line and field on stderr, analyses the rest, exits 2", async () => {
    const r = await run([`${FIXTURES}/bad.jsonl`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${FIXTURES}/bad.jsonl:2: skipped conversation "bad-role"`);
    expect(r.stderr).toContain("messages[1].role");
    expect(r.stderr).toContain(`${FIXTURES}/bad.jsonl:3: skipped a conversation`);
    expect(r.stderr).toContain("not valid JSON");
    expect(r.stderr).toContain(`${FIXTURES}/bad.jsonl:4: skipped conversation "bad-time"`);
    expect(r.stderr).toContain("messages[0].at");
    expect(r.stderr).toMatch(/skipped 3: .*bad\.jsonl:2 \(bad-role\)/);
    expect(lines(r.stdout).map((x) => x.conversationId)).toEqual(["ok1", "ok1", "ok2"]);
  });

  it("reads a CSV export (one row per message, interleaved), as it reads the same conversations in JSONL", async () => {
    const csv = await run([`${FIXTURES}/helpdesk.csv`, "--kb", `${FIXTURES}/kb.json`]);
    expect(csv.code, csv.stderr).toBe(0);
    const records = lines(csv.stdout);
    expect(records.map((x) => [x.conversationId, x.index, x.role])).toEqual([
      ["c1", 0, "customer"],
      ["c1", 1, "agent"],
      ["c1", 2, "customer"],
      ["c2", 0, "customer"],
      ["c2", 1, "agent"],
      ["c2", 2, "customer"],
    ]);
    expect(records[1]!.stepIn).toMatchObject({ reasons: ["wrong_information"], factId: "f1" });
    expect(records[0]!.at).toBe("2026-03-02T10:00:00.000Z");

    // stdin with --input-format csv, columns named with --columns, problems by line and column.
    const input = [
      "Case;Who;Said;When",
      "k1;customer;I want to speak to a manager.;2026-03-02 09:00",
      "k2;robot;beep;2026-03-02 09:00",
      "k2;agent;;soon",
    ].join("\n");
    const r = await run(
      ["-", "--input-format", "csv", "--columns", "conversation=Case,role=Who,text=Said,at=When"],
      input,
    );
    expect(r.code).toBe(2);
    expect(lines(r.stdout).map((x) => x.conversationId)).toEqual(["k1"]);
    expect(r.stderr).toContain('<stdin>:3: skipped conversation "k2"');
    expect(r.stderr).toContain('line 3: Who: unknown role "robot"');
    expect(r.stderr).toContain("line 4: Said: no message text");
    expect(r.stderr).toContain('line 4: When: "soon" is not a time');

    const unmapped = await run(["-", "--input-format", "csv"], input);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toContain("no column for conversation");
    expect(unmapped.stderr).toContain("the header has: Case, Who, Said, When");
    expect(unmapped.stdout).toBe("");
  });

  it("rejects a bad knowledge base or bad options before analysing anything", async () => {
    const badKb = await run([`${FIXTURES}/good.jsonl`, "--kb", `${FIXTURES}/bad-kb.json`]);
    expect(badKb.code).toBe(2);
    expect(badKb.stdout).toBe("");
    expect(badKb.stderr).toContain("facts[0].value: must be a number, boolean or string");
    const badFormat = await run([`${FIXTURES}/good.jsonl`, "--format", "xml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be jsonl, json or table, got "xml"');
    const missing = await run([`${FIXTURES}/nope.jsonl`, `${FIXTURES}/good.jsonl`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("nope.jsonl: no such file");
    expect(lines(missing.stdout)).toHaveLength(6);
  });

  it("says what is wrong with each input it cannot read as transcripts, and still analyses the rest", async () => {
    const empty = join(tmp, "empty.jsonl");
    writeFileSync(empty, "");
    const csvAsText = join(tmp, "export.txt");
    writeFileSync(
      csvAsText,
      "Ticket ID,Created At,Author Type,Comment\nc1,2026-03-02 10:00:00,end-user,Hi\n",
    );
    const noId = join(tmp, "no-id.jsonl");
    writeFileSync(noId, '{"messages":[{"role":"customer","text":"Hi"}]}\n');
    const r = await run([tmp, empty, csvAsText, noId, `${FIXTURES}/good.jsonl`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toEqual([
      // A directory used to crash the run with EISDIR and a stack trace.
      `tagteam analyze: ${tmp}: is a directory`,
      `tagteam analyze: ${empty}: no conversations in it`,
      // A CSV without a .csv name: once for the file, not "not valid JSON" for each line.
      `tagteam analyze: ${csvAsText}:1: skipped the file:`,
      '  - not JSON: the file starts with “Ticket ID,Created At,Author Type,Comment”, where a JSON transcript starts with "{" or "["; a CSV export (one row per message): analyse it with --input-format csv',
      `tagteam analyze: ${noId}:1: skipped a conversation:`,
      "  - id: required: the conversation's id (a string or a number)",
      `tagteam analyze: analysed 2 conversation(s), 6 message(s); skipped 3: ${tmp} (unreadable), ${csvAsText}:1, ${noId}:1`,
      "",
    ]);
    expect(lines(r.stdout)).toHaveLength(6);
  });

  it("skips a UTF-8 byte order mark, and keeps a character cut between two reads whole", async () => {
    // A Windows export starts with a byte order mark: the whole file used to be one broken object.
    const bom = join(tmp, "bom.jsonl");
    writeFileSync(bom, "\uFEFF" + readFileSync(`${FIXTURES}/good.jsonl`, "utf8"));
    const withBom = await run([bom]);
    expect(withBom.code, withBom.stderr).toBe(0);
    expect(lines(withBom.stdout)).toHaveLength(6);

    // "é" is two bytes in UTF-8; the first read ends (64 KiB) between them.
    const prefix = JSON.stringify({ id: "cut", messages: [{ role: "customer", text: "X" }] }).split("X")[0]!;
    const pad = "a".repeat(64 * 1024 - 1 - Buffer.byteLength(prefix));
    const text = `${pad}é You are useless and I am furious`;
    const cut = join(tmp, "cut.jsonl");
    writeFileSync(cut, JSON.stringify({ id: "cut", messages: [{ role: "customer", text }] }) + "\n");
    expect(readFileSync(cut).subarray(64 * 1024 - 1, 64 * 1024 + 1)).toEqual(Buffer.from("é"));
    const r = await run([cut]);
    expect(r.code, r.stderr).toBe(0);
    const cues = lines(r.stdout)[0]!.cues as { start: number; end: number }[];
    expect(cues.length).toBeGreaterThan(0);
    // Offsets into the text as written (a cut character was read as two, shifting them by one).
    for (const cue of cues) expect(text.slice(cue.start, cue.end)).toMatch(/^[A-Za-z][A-Za-z ]*[a-z]$/);
  });

  it("on a terminal, clears its progress line before saying anything else", () => {
    let written = "";
    const terminal = { isTTY: true, write: (text: string) => (written += text) };
    const progress = createProgress(terminal);
    progress.update(200, 400);
    progress.say('tagteam analyze: f.jsonl:301: skipped conversation "bad":\n');
    progress.update(400, 800);
    progress.done(401, 802);
    // The skipped line used to run on from the progress: "…, 400 messagestagteam analyze: …".
    expect(written.split(/\r/)).toEqual([
      "",
      "analysed 200 conversations, 400 messages",
      '\u001b[Ktagteam analyze: f.jsonl:301: skipped conversation "bad":\n',
      "analysed 400 conversations, 800 messages",
      "analysed 401 conversations, 802 messages\n",
    ]);
    let piped = "";
    const quiet = createProgress({ write: (text: string) => (piped += text) });
    quiet.update(200, 400);
    quiet.say("a line\n");
    quiet.done(200, 400);
    expect(piped).toBe("a line\n");
  });

  it("streams a large JSON array and a large JSONL file conversation by conversation", async () => {
    const conversation = (i: number) => ({
      id: `big-${i}`,
      messages: [
        { role: "customer", text: `Order ${i} has not arrived and this is frustrating.` },
        {
          role: "agent",
          text: "I understand. I've reshipped it and you'll receive tracking within 24 hours.",
        },
      ],
    });
    const count = 3_000;
    const arrayPath = join(tmp, "big.json");
    writeFileSync(
      arrayPath,
      "[" + Array.from({ length: count }, (_, i) => JSON.stringify(conversation(i))).join(",\n") + "]",
    );
    const jsonlPath = join(tmp, "big.jsonl");
    writeFileSync(
      jsonlPath,
      Array.from({ length: count }, (_, i) => JSON.stringify(conversation(i))).join("\n") + "\n",
    );
    const r = await run([arrayPath, jsonlPath, "--format", "table"]);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split("\n");
    expect(rows).toHaveLength(1 + 4 * count);
    expect(rows[rows.length - 1]).toContain(`big-${count - 1}\t1\tagent`);
  });
});

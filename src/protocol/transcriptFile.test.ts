import { describe, expect, it } from "vitest";
import {
  ImportChecker,
  TranscriptSplitter,
  checkTranscriptText,
  describeProblem,
  utf8Length,
  type CheckOptions,
  type CheckResult,
  type FileProblem,
} from "./transcriptFile.ts";
import { CHUNKING_CASES, chunkingResults, conversation, jsonl } from "./transcriptSamples.ts";

const lines = (r: CheckResult) => r.problems.map(describeProblem);

describe("checking a transcript file", () => {
  it("reads JSONL, one conversation per line, with every message counted", () => {
    const r = checkTranscriptText(jsonl(conversation("c1"), conversation("c2", 5)) + "\n");
    expect(r.shape).toBe("jsonl");
    expect(r.problems).toEqual([]);
    expect(r.conversations.map((c) => [c.conversation.id, c.place.line])).toEqual([
      ["c1", 1],
      ["c2", 2],
    ]);
    expect(r.messages).toBe(9);
    expect(r.invalid).toBe(0);
  });

  it("names the line and the field of each problem, and keeps the good conversations", () => {
    const badRole = conversation("bad-role");
    (badRole.messages[3] as { role: string }).role = "robot";
    const badTime = conversation("bad-time");
    (badTime.messages[1] as { at: string }).at = "yesterday";
    const text = jsonl(
      conversation("ok-1"),
      badRole,
      '{"id":"broken", "messages": [',
      "",
      badTime,
      { ...conversation("extra"), priority: "high" },
      { id: "empty", messages: [] },
      conversation("ok-2"),
    );
    const r = checkTranscriptText(text);
    expect(r.conversations.map((c) => c.conversation.id)).toEqual(["ok-1", "ok-2"]);
    expect(r.invalid).toBe(5);
    expect(lines(r)).toEqual([
      'line 2: messages.3.role: Invalid option: expected one of "customer"|"agent"|"system"',
      expect.stringMatching(/^line 3: not valid JSON: /),
      "line 5: messages.1.at: must be a time in ISO 8601 with its offset, such as 2026-03-02T10:00:00Z",
      'line 6: Unrecognized key: "priority"',
      "line 7: messages: Too small: expected array to have >=1 items",
    ]);
    expect(r.problems.map((p) => p.conversationId)).toEqual(["bad-role", null, "bad-time", "extra", "empty"]);
  });

  it("refuses a time in the future and a conversation id seen before in the file", () => {
    const future = conversation("future", 2, new Date(Date.now() + 3_600_000).toISOString());
    const r = checkTranscriptText(jsonl(conversation("c1"), future, conversation("c1")));
    expect(lines(r)).toEqual([
      "line 2: messages.0.at: must not be in the future (clocks may differ by at most 5 minutes)",
      "line 2: messages.1.at: must not be in the future (clocks may differ by at most 5 minutes)",
      'line 3: id: "c1" is also at line 1; two conversations with one id would be stored as one',
    ]);
    expect(r.conversations).toHaveLength(1);
    expect(r.invalid).toBe(2);
    expect(r.problemCount).toBe(3);
  });

  it("takes a number as a conversation's id, as `tagteam analyze` does", () => {
    const r = checkTranscriptText(jsonl({ ...conversation("x"), id: 1042 }));
    expect(r.problems).toEqual([]);
    expect(r.conversations[0]?.conversation.id).toBe("1042");
  });

  it("reads a JSON array, naming each element by its index and line", () => {
    const bad = conversation("bad");
    (bad.messages[0] as { text: unknown }).text = 42;
    const text = JSON.stringify([conversation("a"), bad, conversation("b")], null, 2);
    const r = checkTranscriptText(text);
    expect(r.shape).toBe("array");
    expect(r.conversations.map((c) => [c.conversation.id, c.place.element])).toEqual([
      ["a", 0],
      ["b", 2],
    ]);
    const badLine = text.split("\n").findIndex((l) => l.includes('"id": "bad"'));
    // The element starts on the line of its "{", just above its id.
    expect(lines(r)).toEqual([
      `element 1 (line ${badLine}): messages.0.text: Invalid input: expected string, received number`,
    ]);
  });

  it("says where an array stops being JSON, and reads nothing after it", () => {
    const r = checkTranscriptText(
      `[\n${JSON.stringify(conversation("a"))},\n${JSON.stringify(conversation("b"))}\n${JSON.stringify(conversation("c"))}\n]`,
    );
    expect(r.conversations.map((c) => c.conversation.id)).toEqual(["a", "b"]);
    expect(lines(r)).toEqual([
      'line 4: not valid JSON: expected "," or "]" after element 1, at line 4; the rest of the file was not read',
    ]);
    expect(r.invalid).toBe(0);
  });

  it("reports an array cut short, and an element left open at the end", () => {
    const whole = JSON.stringify([conversation("a"), conversation("b")]);
    expect(lines(checkTranscriptText(whole.slice(0, -1)))).toEqual([
      'line 1: the array is not closed with "]" (is the file cut short?)',
    ]);
    const cut = checkTranscriptText(whole.slice(0, whole.length - 30));
    expect(cut.conversations.map((c) => c.conversation.id)).toEqual(["a"]);
    expect(lines(cut)).toEqual([
      "element 1 (line 1): the file ends inside this conversation (is the file cut short?)",
    ]);
    expect(cut.invalid).toBe(1);
  });

  it("reads one pretty-printed object", () => {
    const r = checkTranscriptText(JSON.stringify(conversation("solo"), null, 2));
    expect(r.shape).toBe("object");
    expect(r.problems).toEqual([]);
    expect(r.conversations[0]?.conversation.id).toBe("solo");
  });

  it("tells a JSONL file whose first line is broken from a pretty-printed object", () => {
    const r = checkTranscriptText(jsonl('{"id":"broken","messages":[{"role":"customer"', conversation("ok")));
    expect(r.shape).toBe("jsonl");
    expect(r.conversations.map((c) => c.conversation.id)).toEqual(["ok"]);
    expect(lines(r)).toEqual([expect.stringMatching(/^line 1: not valid JSON: /)]);
  });

  it("says once that a file is not JSON at all, whatever the chunks, instead of a problem per line", () => {
    const csv =
      "\n\nTicket ID,Created At,Author Type,Comment\nc1,2026-03-02 10:00:00,end-user,Hi\nc1,,agent,Hello\n";
    const gzip = "\u001f\uFFFD\b\u0000\u0000\u0000garbage\n{more";
    const utf16 = '\uFFFD\uFFFD{\u0000"\u0000i\u0000d\u0000"\u0000\n\u0000';
    const expected = [
      [
        csv,
        'line 3: not JSON: the file starts with “Ticket ID,Created At,Author Type,Comment”, where a JSON transcript starts with "{" or "["; a CSV export (one row per message): give it a name ending in .csv or .tsv',
      ],
      [gzip, "line 1: this is a compressed (gzip) file: decompress it first"],
      [utf16, "line 1: this text is not UTF-8 (UTF-16?): save it as UTF-8"],
      [
        "hello",
        'line 1: not JSON: the file starts with “hello”, where a JSON transcript starts with "{" or "["',
      ],
    ] as const;
    for (const [text, problem] of expected) {
      for (const size of [1, 3, 7, 1 << 20]) {
        const r = checkInChunks(text, size);
        expect([size, lines(r)]).toEqual([size, [problem]]);
        expect(r.conversations).toEqual([]);
      }
    }
    const splitter = new TranscriptSplitter({ csvHint: "import it with --format csv" });
    expect(splitter.push(csv)).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/: import it with --format csv$/) }),
    ]);
  });

  it("says so when a file holds nothing to import", () => {
    expect(lines(checkTranscriptText("  \n\n"))).toEqual(["file: the file holds no conversations"]);
    expect(lines(checkTranscriptText("[]"))).toEqual(["file: the file holds no conversations"]);
  });

  it("refuses a conversation too large for one request", () => {
    const big = { id: "big", messages: [{ role: "customer", text: "é".repeat(19_000) }] };
    const r = checkTranscriptText(jsonl(big, conversation("small")), { maxConversationBytes: 30_000 });
    expect(r.conversations.map((c) => c.conversation.id)).toEqual(["small"]);
    expect(lines(r)).toEqual([
      "line 1: too large to send: 37.2 KB, and one request may carry at most 29.3 KB; split it into smaller conversations",
    ]);
  });

  it("counts the size of each conversation in UTF-8, as it will be sent", () => {
    const r = checkTranscriptText(jsonl(conversation("c1", 5)));
    const sent = JSON.stringify(r.conversations[0]?.conversation);
    expect(r.conversations[0]?.bytes).toBe(new TextEncoder().encode(sent).length);
    expect(utf8Length("a é € 😅")).toBe(new TextEncoder().encode("a é € 😅").length);
  });

  it("keeps only the first problems for showing, and counts them all", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `{"id":"c${i}",`);
    const r = checkTranscriptText(rows.join("\n"), { maxProblems: 10 });
    expect(r.problems).toHaveLength(10);
    expect(r.problemCount).toBe(30);
    expect(r.invalid).toBe(30);
  });
});

/** Feeds `text` to the splitter in pieces of `size` characters, as a stream would. */
function checkInChunks(text: string, size: number, options: CheckOptions = {}): CheckResult {
  const splitter = new TranscriptSplitter();
  const checker = new ImportChecker(options);
  for (let i = 0; i < text.length; i += size) checker.add(splitter.push(text.slice(i, i + size)));
  checker.add(splitter.end());
  return checker.result(splitter.shape);
}

describe("checking text in chunks", () => {
  it.each(CHUNKING_CASES)(
    "gives the same answer whatever the chunk size: %s",
    (_label, text, ids, problems) => {
      const whole = checkTranscriptText(text.replace(/^\uFEFF/, ""));
      expect(whole.conversations.map((c) => c.conversation.id)).toEqual(ids);
      expect(whole.problemCount).toBe(problems);
      for (const size of [1, 2, 3, 5, 7, 64, 1 << 20]) {
        expect(chunkingResults(checkInChunks(text, size)), `chunks of ${size}`).toEqual(
          chunkingResults(whole),
        );
      }
    },
  );

  it("can stream: hands over each valid conversation and each problem as found, keeping neither", () => {
    const bad = { id: "bad", messages: [{ role: "robot", text: "" }] };
    const text = jsonl(conversation("s1"), bad, conversation("s2"), conversation("s1"));
    const splitter = new TranscriptSplitter();
    const seen: FileProblem[] = [];
    const checker = new ImportChecker({
      keepConversations: false,
      refuseRepeatedIds: false,
      maxProblems: 0,
      onProblem: (p) => seen.push(p),
    });
    const handed: string[] = [];
    for (let i = 0; i < text.length; i += 50)
      for (const c of checker.add(splitter.push(text.slice(i, i + 50)))) handed.push(c.conversation.id);
    for (const c of checker.add(splitter.end())) handed.push(c.conversation.id);
    // A repeated id is the caller's business here (the server stores the two as one).
    expect(handed).toEqual(["s1", "s2", "s1"]);
    expect(seen.map(describeProblem)).toEqual([
      'line 2: messages.0.role: Invalid option: expected one of "customer"|"agent"|"system"',
      "line 2: messages.0.text: Too small: expected string to have >=1 characters",
    ]);
    const r = checker.result(splitter.shape);
    expect([r.conversations, r.problems, r.accepted, r.messages, r.invalid, r.problemCount]).toEqual([
      [],
      [],
      3,
      12,
      1,
      2,
    ]);
  });
});

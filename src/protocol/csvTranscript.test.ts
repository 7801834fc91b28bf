import { describe, expect, it } from "vitest";
import {
  CsvTranscriptReader,
  mapCsvColumns,
  parseColumnChoices,
  parseCsvTime,
  parseRoleChoices,
  readCsvHeader,
  type CsvReaderOptions,
} from "./csvTranscript.ts";
import {
  ImportChecker,
  checkTranscriptText,
  describeProblem,
  type CheckResult,
  type ImportConversation,
  type RawEntry,
} from "./transcriptFile.ts";

const check = (text: string, options: CsvReaderOptions = {}) =>
  checkTranscriptText(text, {}, new CsvTranscriptReader(options));
const byId = (r: CheckResult) =>
  Object.fromEntries(r.conversations.map((c) => [c.conversation.id, c.conversation])) as Record<
    string,
    ImportConversation
  >;
const lines = (r: CheckResult) => r.problems.map(describeProblem);

/** The same text fed in chunks of `size` characters. */
function checkInChunks(text: string, size: number, options: CsvReaderOptions = {}): CheckResult {
  const reader = new CsvTranscriptReader(options);
  const checker = new ImportChecker();
  for (let i = 0; i < text.length; i += size) checker.add(reader.push(text.slice(i, i + size)));
  checker.add(reader.end());
  return checker.result(reader.shape);
}

const helpdesk = [
  "Ticket ID,Created At,Sender Type,Author,Comment,Channel,Subject",
  '101,2026-03-02 10:00:05,end-user,Dana Smith,"Where is my parcel? It\'s been ten days, and nobody answers.",web,Late parcel',
  '102,2026-03-02T10:01:00Z,requester,Lee,"Two lines:\nfirst, then ""second""",email,',
  "101,2026-03-02 10:00:40,agent,sam@acme.test,It left our warehouse this morning.,web,",
  "102,2026-03-02T10:03:00Z,Admin,Kim,Got it.,email,",
  "101,2026-03-02 10:00:50,note,sam@acme.test,Internal: check the courier,web,",
].join("\r\n");

describe("CSV transcripts", () => {
  it("groups interleaved rows into conversations, in time order, with quoted commas, quotes and line breaks", () => {
    const r = check(helpdesk + "\r\n");
    expect(r.shape).toBe("csv");
    expect(lines(r)).toEqual([]);
    expect(r.accepted).toBe(2);
    expect(r.messages).toBe(4);
    const c = byId(r);
    expect(c["101"]).toEqual({
      id: "101",
      channel: "chat",
      topic: "Late parcel",
      messages: [
        {
          role: "customer",
          text: "Where is my parcel? It's been ten days, and nobody answers.",
          at: "2026-03-02T10:00:05.000Z",
          author: "Dana Smith",
        },
        {
          role: "agent",
          text: "It left our warehouse this morning.",
          at: "2026-03-02T10:00:40.000Z",
          author: "sam@acme.test",
        },
      ],
    });
    expect(c["102"]?.channel).toBe("email");
    expect(c["102"]?.messages[0]?.text).toBe('Two lines:\nfirst, then "second"');
    expect(c["102"]?.messages.map((m) => m.role)).toEqual(["customer", "agent"]);
    // Places are the rows' first lines: the quoted line break puts 101's second row on line 5.
    expect(r.conversations.map((x) => x.place.line)).toEqual([2, 3]);
  });

  it("sorts by time, whatever order the rows come in", () => {
    const r = check(
      "conversation_id,timestamp,role,text\nc,2026-03-02T10:05:00Z,agent,second\nc,2026-03-02T10:01:00Z,customer,first\n",
    );
    expect(byId(r)["c"]?.messages.map((m) => m.text)).toEqual(["first", "second"]);
  });

  it("keeps file order when some message has no time", () => {
    const r = check("chat_id,time,from,message\nc,2026-03-02T10:05:00Z,agent,one\nc,,customer,two\n");
    expect(byId(r)["c"]?.messages.map((m) => m.text)).toEqual(["one", "two"]);
    expect(byId(r)["c"]?.messages[1]?.at).toBeUndefined();
  });

  it("reads a UTF-8 BOM, CRLF, and ; or tab separators told from the header", () => {
    const semi = check(
      '\uFEFFthread_id;role;body\r\nt1;customer;"Hallo; wo ist mein Paket?"\r\nt1;agent;Unterwegs.\r\n',
    );
    expect(lines(semi)).toEqual([]);
    expect(byId(semi)["t1"]?.messages.map((m) => m.text)).toEqual([
      "Hallo; wo ist mein Paket?",
      "Unterwegs.",
    ]);
    const tab = check("ticket_id\tauthor_type\tcontent\n7\tvisitor\tHello, anyone?\n7\toperator\tHi!\n");
    expect(lines(tab)).toEqual([]);
    expect(byId(tab)["7"]?.messages.map((m) => [m.role, m.text])).toEqual([
      ["customer", "Hello, anyone?"],
      ["agent", "Hi!"],
    ]);
    expect(readCsvHeader("a,b;c;d\n")?.separator).toBe(";");
    expect(readCsvHeader("a,b\r\n")?.newline).toBe("\r\n");
    expect(readCsvHeader("a,b\r")).toBeNull(); // is "\n" next?
    expect(readCsvHeader('"a\nb",c')).toBeNull();
    expect(readCsvHeader('"a\nb",c', true)?.columns).toEqual(["a\nb", "c"]);
  });

  it("gives the same result whatever the chunks, boundaries inside quoted fields and CRLFs included", () => {
    const whole = check(helpdesk);
    for (const size of [1, 2, 3, 5, 7, 16, 64]) {
      const chunked = checkInChunks(helpdesk, size);
      expect(chunked.conversations.map((c) => [c.place, c.conversation])).toEqual(
        whole.conversations.map((c) => [c.place, c.conversation]),
      );
      expect(chunked.problems).toEqual(whole.problems);
    }
  });

  it("with each conversation's last row (from an index-only read), gives each as soon as it is complete", () => {
    const text = [
      "ticket_id,created_at,role,author,comment", // line 1
      "a,2026-03-02T10:00:00Z,customer,Dana,Hello", // 2
      "b,2026-03-02T10:05:00Z,customer,Lee,Hi", // 3
      'a,2026-03-02T10:00:30Z,agent,Kim,"Two lines,\nthe second ""quoted"""', // 4-5
      "c,2026-03-02T10:02:00Z,customer,Ann,Is it late?", // 6
      "b,2026-03-02T10:04:00Z,agent,Kim,Earlier by time", // 7
      "e,2026-03-02T10:00:00Z,robot,R2,beep", // 8
      "b,2026-03-02T10:06:00Z,note,Kim,a note ends b", // 9
      "a,2026-03-02T10:01:00Z,customer,Dana,Thanks", // 10
      "c,2026-03-02T10:03:00Z,agent,Kim,No", // 11
      "e,2026-03-02T10:01:00Z,customer,Eve,hello?", // 12
      "d,2026-03-02T10:09:00Z,customer,Joe,Last row of the file", // 13
    ].join("\r\n");
    /** Where the row holding `words` ends, its line break included: its conversation may come out then. */
    const rowEnd = (words: string) => text.indexOf("\r\n", text.indexOf(words)) + 2;
    const whole = check(text);
    for (const size of [1, 2, 5, 16, 64]) {
      const index = new CsvTranscriptReader({ indexOnly: true });
      for (let i = 0; i < text.length; i += size) expect(index.push(text.slice(i, i + size))).toEqual([]);
      expect(index.end()).toEqual([]);
      expect(Object.fromEntries(index.lastRows)).toEqual({ a: 10, b: 9, c: 11, e: 12, d: 13 });

      const reader = new CsvTranscriptReader({ lastRowOf: index.lastRows });
      const checker = new ImportChecker();
      /** Characters pushed when each conversation (or invalid one) came out; -1: at `end()`. */
      const outAt: Record<string, number> = {};
      const take = (entries: RawEntry[], read: number) => {
        for (const e of entries)
          if (e.kind === "value") outAt[(e.value as { id: string }).id] = read;
          else if (e.kind === "invalid") outAt[e.conversationId ?? "?"] = read;
        checker.add(entries);
      };
      for (let i = 0; i < text.length; i += size)
        take(reader.push(text.slice(i, i + size)), Math.min(i + size, text.length));
      take(reader.end(), -1);
      const result = checker.result(reader.shape);
      for (const [id, words] of [
        ["b", "a note ends b"],
        ["a", "Thanks"],
        ["c", "No\r\n"],
        ["e", "hello?"],
      ] as const) {
        expect(outAt[id], `${id}, chunks of ${size}`).toBeGreaterThanOrEqual(rowEnd(words));
        expect(outAt[id], `${id}, chunks of ${size}`).toBeLessThan(rowEnd(words) + size);
      }
      expect(outAt.d).toBe(-1); // its last row is the file's, unfinished until the end
      // The same conversations and problems as when all are held until the end, in last-row order.
      expect(result.conversations.map((c) => c.conversation.id)).toEqual(["b", "a", "c", "d"]);
      expect(byId(result)).toEqual(byId(whole));
      expect(result.conversations.map((c) => c.place)).toEqual(
        ["b", "a", "c", "d"].map((id) => whole.conversations.find((c) => c.conversation.id === id)?.place),
      );
      expect(result.problems).toEqual(whole.problems);
      expect([result.accepted, result.invalid]).toEqual([4, 1]);
    }
  });

  it("maps headers without case or punctuation, takes overrides, and names a missing column", () => {
    const mapped = mapCsvColumns([
      "Ticket ID",
      "Sent-At",
      "DIRECTION",
      "Agent Email",
      "Body",
      "Customer Name",
    ]);
    expect(mapped.errors).toEqual([]);
    expect(mapped.columns).toMatchObject({
      conversation: 0,
      at: 1,
      role: 2,
      author: 3,
      text: 4,
      customer: 5,
      topic: null,
    });
    const overridden = mapCsvColumns(["Case", "Who", "Said", "body"], {
      conversation: "case",
      role: "Who",
      text: 2,
    });
    expect(overridden.errors).toEqual([]);
    expect(overridden.columns).toMatchObject({ conversation: 0, role: 1, text: 2 });

    const missing = mapCsvColumns(["Case", "Who", "Said"]);
    expect(missing.errors).toHaveLength(3);
    expect(missing.errors[2]).toContain("no column for text");
    expect(missing.errors[2]).toContain("the header has: Case, Who, Said");
    expect(mapCsvColumns(["a"], { text: "Comment" }).errors[0]).toContain(
      'text: there is no column "Comment"',
    );

    const r = check("Case,Who,Said\n1,customer,hi\n", { mappingHint: "--columns FIELD=COLUMN" });
    expect(lines(r)).toEqual([
      expect.stringMatching(
        /^line 1: no column for conversation: .*the header has: Case, Who, Said \(--columns/,
      ),
      expect.stringMatching(/^line 1: no column for role/),
      expect.stringMatching(/^line 1: no column for text/),
    ]);
    const fixed = check("Case,Who,Said\n1,customer,hi\n", {
      columns: { conversation: "Case", role: "Who", text: "Said" },
    });
    expect(lines(fixed)).toEqual([]);
    expect(fixed.accepted).toBe(1);

    expect(parseColumnChoices("conversation=Ticket ID, text=Comment,topic=")).toEqual({
      conversation: "Ticket ID",
      text: "Comment",
      topic: null,
    });
    expect(parseColumnChoices("words=Comment")).toHaveProperty("error");
  });

  it("lists problems by line and column, and holds back a conversation with any", () => {
    const text = [
      "ticket_id,created_at,role,author,comment",
      "1,2026-03-02T10:00:00Z,customer,Dana,Hello",
      "2,yesterday,customer,Lee,Hi",
      '1,2026-03-02T10:01:00Z,robot,R2,"beep,\nboop"',
      "3,2026-03-02T10:00:00Z,agent,Kim,",
      ",2026-03-02T10:00:00Z,agent,Kim,orphan",
      "4,2026-03-02T10:00:00Z,customer,Ann,fine",
    ].join("\n");
    const r = check(text);
    expect(lines(r)).toEqual([
      'line 3: created_at: "yesterday" is not a time: use ISO 8601 (2026-03-02T10:00:05Z), "2026-03-02 10:00:05" (UTC) or Unix seconds',
      expect.stringMatching(/^line 4: role: unknown role "robot": use customer/),
      "line 6: comment: no message text",
      "line 7: ticket_id: no conversation id",
    ]);
    expect(r.problems[1]?.conversationId).toBe("1");
    expect(r.accepted).toBe(1);
    expect(r.invalid).toBe(3);
    expect(r.conversations[0]?.conversation.id).toBe("4");
  });

  it("asks about ambiguous role values (Chatwoot's agents are \"User\"), which the file's own roles settle", () => {
    const chatwoot = [
      "conversation_id,sender_type,content",
      "7,Contact,My card was charged twice.",
      "7,User,I can refund the second charge now.",
      "7,Lead,Thanks.",
    ].join("\n");
    const unsure = check(chatwoot, { rolesHint: "or name this file's values with --roles VALUE=ROLE" });
    expect(lines(unsure)).toEqual([
      expect.stringMatching(
        /^line 3: sender_type: unknown role "User": .*; or name this file's values with --roles/,
      ),
      expect.stringMatching(/^line 4: sender_type: unknown role "Lead"/),
    ]);
    const roles = parseRoleChoices("User=agent, lead = customer,Private=note");
    expect(roles).toEqual({ User: "agent", lead: "customer", Private: "skip" });
    if ("error" in roles) throw new Error(roles.error);
    const settled = check(chatwoot, { roles });
    expect(lines(settled)).toEqual([]);
    expect(byId(settled)["7"]?.messages.map((m) => m.role)).toEqual(["customer", "agent", "customer"]);
    expect(parseRoleChoices("User")).toEqual({
      error: '--roles: "User" is not VALUE=ROLE with ROLE one of customer, agent, system, note',
    });
    expect(parseRoleChoices("User=boss")).toHaveProperty("error");
  });

  it("leaves notes out, gives system and bot rows as system, and the customer's name to their messages", () => {
    const r = check(
      [
        "conversation,sender_type,text,customer_name",
        "a,bot,Hi! How can we help?,",
        "a,visitor,Where is my order?,",
        "a,private_note,VIP,Dana Smith",
        "a,staff,Looking now.,Dana Smith",
      ].join("\n"),
    );
    expect(lines(r)).toEqual([]);
    expect(byId(r)["a"]?.messages).toEqual([
      { role: "system", text: "Hi! How can we help?" },
      { role: "customer", text: "Where is my order?", author: "Dana Smith" },
      { role: "agent", text: "Looking now." },
    ]);
  });

  it("reports a missing header, too many fields, an unclosed quote and a runaway row", () => {
    expect(lines(check(""))).toEqual(["file: the file has no header row (the first line names the columns)"]);
    expect(lines(check("conversation,role,text\n1,customer,a,b,c\n"))[0]).toContain(
      "line 2: 5 fields where the header has 3",
    );
    expect(lines(check('conversation,role,text\n1,customer,"never closed\n1,agent,ok\n'))[0]).toMatch(
      /^line 2: a quoted field is not closed/,
    );
    const runaway = checkInChunks(`conversation,role,text\n1,customer,"${"x".repeat(300)}`, 50, {
      maxRowChars: 100,
    });
    expect(lines(runaway)[0]).toMatch(
      /^line 2: a row starting here is still not finished after 100 characters/,
    );
  });

  it("reads times with offsets, without (UTC), and as Unix seconds or milliseconds", () => {
    expect(parseCsvTime("2026-03-02T10:00:05+02:00")).toBe("2026-03-02T08:00:05.000Z");
    expect(parseCsvTime("2026-03-02 10:00")).toBe("2026-03-02T10:00:00.000Z");
    expect(parseCsvTime("2026-03-02 10:00:05 UTC")).toBe("2026-03-02T10:00:05.000Z");
    expect(parseCsvTime("2026-03-02 10:00:05.250-0500")).toBe("2026-03-02T15:00:05.250Z");
    expect(parseCsvTime("1772445605")).toBe("2026-03-02T10:00:05.000Z");
    expect(parseCsvTime("1772445605000")).toBe("2026-03-02T10:00:05.000Z");
    expect(parseCsvTime("03/02/2026 10:00")).toBeNull();
    expect(parseCsvTime("2026-13-02 10:00")).toBeNull();
  });
});

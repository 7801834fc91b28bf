import { describeProblem, type CheckResult } from "./transcriptFile.ts";

/*
 * Sample transcripts for the tests of transcript files (src/protocol and the web app's import):
 * a helpdesk export's conversations, written as JSONL, and the files whose chunk boundaries are
 * tricky.
 */

/** A helpdesk export's conversation: a customer and an agent taking turns, a minute apart. */
export function conversation(id: string, turns = 4, startIso = "2026-03-02T10:00:00Z") {
  const start = Date.parse(startIso);
  const lines = [
    ["customer", "Hi, my order #4411 still hasn't arrived and it's been ten days."],
    ["agent", "Sorry about that! Let me check the tracking for you."],
    ["customer", "I already asked yesterday. Nobody got back to me."],
    ["agent", "It's with the courier and due tomorrow; I'll e-mail you the link."],
    ["customer", "Thanks — “tomorrow” had better mean tomorrow 😅"],
  ] as const;
  return {
    id,
    channel: "chat",
    messages: Array.from({ length: turns }, (_, i) => {
      const [role, text] = lines[i % lines.length] as (typeof lines)[number];
      return {
        role,
        text,
        at: new Date(start + i * 60_000).toISOString(),
        ...(role === "customer" ? { author: "Dana Smith" } : { author: "sam@acme.test" }),
      };
    }),
  };
}

export const jsonl = (...rows: unknown[]) =>
  rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n");

const TRICKY = [
  // Brackets, braces, quotes and escapes inside strings; multi-byte text; CRLF line ends.
  { ...conversation("q1", 2), topic: 'returns "[{ tricky }]" \\ and a lone "{" done' },
  conversation("q2", 5),
];

/** Files whose chunk boundaries are tricky: [label, text, ids found, problems]. */
export const CHUNKING_CASES: [string, string, string[], number][] = [
  [
    "JSONL with CRLF and a BOM",
    "\uFEFF" + TRICKY.map((c) => JSON.stringify(c)).join("\r\n") + "\r\n",
    ["q1", "q2"],
    0,
  ],
  ["a JSON array", JSON.stringify(TRICKY, null, 1), ["q1", "q2"], 0],
  ["a pretty-printed object", JSON.stringify(TRICKY[0], null, 2), ["q1"], 0],
  ["JSONL with a broken line", jsonl(TRICKY[0], "{not json", TRICKY[1]), ["q1", "q2"], 1],
  ["an array of numbers and strings", `[1, "two", ${JSON.stringify(TRICKY[0])}, null]`, ["q1"], 3],
];

/** What must not depend on the chunk size: conversations found where, problems, messages. */
export const chunkingResults = (r: CheckResult) => ({
  shape: r.shape,
  ids: r.conversations.map((c) => [c.conversation.id, c.place, c.bytes]),
  problems: r.problems.map(describeProblem),
  messages: r.messages,
});

/*
 * Sample transcripts for the tests of transcript files (src/protocol and the web app's import):
 * a helpdesk export's conversations, written as JSONL.
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

import { describe, expect, it } from "vitest";
import { castFor, DEMO_CONVERSATIONS } from "./demoConversations.ts";

describe("castFor", () => {
  const rounds = 3;
  const casts = Array.from({ length: DEMO_CONVERSATIONS.length * rounds }, (_, n) =>
    castFor(DEMO_CONVERSATIONS[n % DEMO_CONVERSATIONS.length]!, n),
  );

  it("plays the first round as written", () => {
    expect(casts.slice(0, DEMO_CONVERSATIONS.length)).toEqual(DEMO_CONVERSATIONS);
  });

  it("gives later rounds other customers: no name comes back within three rounds", () => {
    const names = casts.map((c) => c.customer);
    expect(new Set(names).size).toBe(names.length);
  });

  it("the agent greets the new customer by their own first name, and nothing else changes", () => {
    const tom = DEMO_CONVERSATIONS.findIndex((c) => c.customer === "Tom Ellis");
    const replay = casts[tom + DEMO_CONVERSATIONS.length]!;
    const first = replay.customer.split(" ")[0]!;
    const original = DEMO_CONVERSATIONS[tom]!;
    expect(replay.lines.map((l) => l.text).join(" ")).not.toMatch(/\bTom\b/);
    expect(replay.lines[1]?.text).toBe(original.lines[1]?.text.replace("Tom", first));
    expect(replay.lines.map((l) => l.role)).toEqual(original.lines.map((l) => l.role));
    expect({ topic: replay.topic, channel: replay.channel }).toEqual({
      topic: original.topic,
      channel: original.channel,
    });
  });
});

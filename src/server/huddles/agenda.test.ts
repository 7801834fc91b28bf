import { describe, expect, it } from "vitest";
import { quickWinsOf } from "./agenda.ts";

const cue = (kind: string, role: string, lines = 1) => ({
  conversationId: "c",
  role,
  authorId: null,
  kind,
  polarity: "bad",
  lines,
  firstPosition: 0,
});

describe("quickWinsOf", () => {
  it("names blame as blaming someone else (the courier, the system and IT count since CUE-BLAME-1)", () => {
    const [win] = quickWinsOf([cue("blame_coworker", "agent", 2)]);
    expect(win?.cue).toBe("Blaming someone else in front of the customer");
    expect(win?.text).not.toMatch(/colleague/);
  });
});

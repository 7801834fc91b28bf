import { describe, expect, it } from "vitest";
import type { KnowledgeGap } from "../../../protocol/index.ts";
import { groupGaps } from "./gaps.ts";

const gap = (id: string, question: string, at: string, teamId = "t1"): KnowledgeGap => ({
  id,
  teamId,
  conversationId: `c-${id}`,
  question,
  title: question,
  topic: "refunds",
  reason: "hedged",
  status: "open",
  answeredByFactId: null,
  createdAt: at,
});

describe("knowledge gaps, one row per question", () => {
  it("folds the same question asked again into one row, most asked first, opening the newest asking", () => {
    const groups = groupGaps([
      gap("a", "Where is my refund?", "2026-03-01T10:00:00Z"),
      gap("b", "Thirty days?", "2026-03-01T11:00:00Z"),
      gap("c", "where is my refund", "2026-03-02T09:00:00Z"),
      gap("d", "Where is my  refund?!", "2026-03-01T12:00:00Z"),
      gap("e", "Where is my refund?", "2026-03-01T12:00:00Z", "t2"),
    ]);
    expect(groups.map((g) => [g.question, g.ids])).toEqual([
      ["where is my refund", ["c", "d", "a"]],
      ["Where is my refund?", ["e"]],
      ["Thirty days?", ["b"]],
    ]);
    expect(groups[0]?.conversationId).toBe("c-c");
  });

  it("reads a contraction, a greeting or a 'please' as the same question", () => {
    const groups = groupGaps([
      gap("a", "Where is my refund?", "2026-03-01T10:00:00Z"),
      gap("b", "Where's my refund?", "2026-03-01T11:00:00Z"),
      gap("c", "Hi, where is my refund please?", "2026-03-01T12:00:00Z"),
      gap("d", "Why isn't my refund here?", "2026-03-01T13:00:00Z"),
      gap("e", "Why is not my refund here", "2026-03-01T09:00:00Z"),
      gap("f", "Where is my order?", "2026-03-01T08:00:00Z"),
    ]);
    expect(groups.map((g) => g.ids)).toEqual([["c", "b", "a"], ["d", "e"], ["f"]]);
  });

  it("titles each row by the clearest asking, as a person would write it, not by its key words", () => {
    const groups = groupGaps([
      gap("a", "hi where is my refund please", "2026-03-02T10:00:00Z"),
      gap("b", "Where is my refund?", "2026-03-01T10:00:00Z"),
      gap(
        "c",
        "ok quick question, I returned the kettle two weeks ago, when will the money be back?",
        "2026-03-01T11:00:00Z",
      ),
    ]);
    expect(groups.map((g) => [g.title, g.asked])).toEqual([
      ["Where is my refund?", null],
      [
        "When will the money be back?",
        "ok quick question, I returned the kettle two weeks ago, when will the money be back?",
      ],
    ]);
    expect(groups.map((g) => [g.title, g.question])).toEqual([
      ["Where is my refund?", "hi where is my refund please"],
      [
        "When will the money be back?",
        "ok quick question, I returned the kettle two weeks ago, when will the money be back?",
      ],
    ]);
  });

  it("folds the wordings of one question into one row: 'how long is…' and 'what's…'", () => {
    const answered = (id: string, question: string, at: string): KnowledgeGap => ({
      ...gap(id, question, at),
      status: "resolved",
      answeredByFactId: "f1",
    });
    const groups = groupGaps([
      answered("a", "how long is the return window", "2026-03-01T10:00:00Z"),
      answered("b", "what's the return window?", "2026-03-01T11:00:00Z"),
      answered("c", "Hi, what is the window for returns please?", "2026-03-01T12:00:00Z"),
      answered("d", "Is the return window 30 days?", "2026-03-01T13:00:00Z"),
    ]);
    expect(groups.map((g) => g.ids)).toEqual([["c", "b", "a"], ["d"]]);
    expect(groups[0]?.title).toBe("What's the return window?");
  });
});

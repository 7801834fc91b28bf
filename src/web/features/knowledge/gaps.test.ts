import { describe, expect, it } from "vitest";
import type { KnowledgeGap } from "../../../protocol/index.ts";
import { groupAnsweredGaps, groupGaps } from "./gaps.ts";

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

describe("answered gaps, one row per fact that answers them", () => {
  const answered = (id: string, question: string, at: string, factId: string | null = "f-shipping") => ({
    ...gap(id, question, at),
    status: "resolved" as const,
    answeredByFactId: factId,
  });

  it("rows every wording a fact answers as one, with each wording and how often it was asked", () => {
    const groups = groupAnsweredGaps([
      answered("a", "Does a $60 order ship free?", "2026-03-01T10:00:00Z"),
      answered("b", "Do you charge shipping on $60 orders?", "2026-03-01T11:00:00Z"),
      answered("c", "How much is postage on a $60 order?", "2026-03-01T12:00:00Z"),
      answered("d", "does a $60 order ship free", "2026-03-02T09:00:00Z"),
      answered("e", "How long is the return window?", "2026-03-01T08:00:00Z", "f-returns"),
      answered("f", "Does a $60 order ship free?", "2026-03-01T10:00:00Z", "f-shipping-b"),
    ]);
    expect(groups.map((g) => [g.factId, g.ids.length, g.conversationId])).toEqual([
      ["f-shipping", 4, "c-d"],
      ["f-shipping-b", 1, "c-f"],
      ["f-returns", 1, "c-e"],
    ]);
    expect(groups[0]?.wordings.map((w) => [w.title, w.ids])).toEqual([
      ["Does a $60 order ship free?", ["d", "a"]],
      ["How much is postage on a $60 order?", ["c"]],
      ["Do you charge shipping on $60 orders?", ["b"]],
    ]);
    expect(groups[0]?.title).toBe("Does a $60 order ship free?");
  });

  it("keeps a team's answers apart from another's, and an answer whose fact is gone with its own question", () => {
    const groups = groupAnsweredGaps([
      answered("a", "Does a $60 order ship free?", "2026-03-01T10:00:00Z"),
      { ...answered("b", "Does a $60 order ship free?", "2026-03-01T11:00:00Z"), teamId: "t2" },
      answered("c", "What's the return window?", "2026-03-01T12:00:00Z", null),
      answered("d", "How long is the return window?", "2026-03-01T13:00:00Z", null),
      answered("e", "Can I return it opened?", "2026-03-01T14:00:00Z", null),
    ]);
    expect(groups.map((g) => g.ids)).toEqual([["d", "c"], ["e"], ["b"], ["a"]]);
  });
});

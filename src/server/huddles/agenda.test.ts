import { describe, expect, it } from "vitest";
import { patternCandidates, quickWinsOf, warmUpPick } from "./agenda.ts";

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

  it("names the same reply sent twice (CUE-RESEND-1), with a move that answers it", () => {
    const wins = quickWinsOf([cue("repeated_reply", "agent", 3), cue("hedging", "agent", 1)]);
    expect(wins[0]).toEqual({
      cue: "The same reply sent twice",
      text: "Before sending a saved reply again, answer what the customer just wrote, in their words.",
    });
    expect(wins[1]?.cue).toBe("Hedged answers (“I think”, “maybe”)");
  });
});

describe("patternCandidates: questions agents could not answer", () => {
  it("are titled by the clearest question customers asked, with the key words only as the topic", () => {
    const [gaps] = patternCandidates(
      [],
      [],
      [
        {
          topic: "pay shipping order",
          conversations: 3,
          question: "and shipping?",
          questions: [
            "and shipping?",
            "hi, quick question: can I pay for shipping when my order arrives?",
            "ok so can I pay it later?",
          ],
        },
      ],
      [],
    );
    expect(gaps?.key).toBe("gaps:pay shipping order");
    expect(gaps?.label).toBe("Agents could not answer: “Can I pay for shipping when my order arrives?”");
    expect(gaps?.label).not.toContain("pay shipping order");
    expect([...(gaps?.topics.keys() ?? [])]).toEqual(["pay shipping order"]);
    expect(gaps?.update).toBe("Answer “Can I pay for shipping when my order arrives?” in the knowledge base");
    expect(gaps?.quote).toBe("and shipping?");
  });

  it("quote the asking in full only when its title left out more than a lead-in", () => {
    const quoteOf = (questions: string[]) =>
      patternCandidates(
        [],
        [],
        [{ topic: "ship boxes", conversations: 2, question: questions[0] ?? "", questions }],
        [],
      )[0]?.quote;
    expect(quoteOf(["ok, do you ship to PO boxes?", "ok, do you ship to PO boxes?"])).toBeNull();
    expect(
      quoteOf([
        "I live in Leeds and my parcel keeps getting stolen, can you ship to a PO box instead?",
        "I live in Leeds and my parcel keeps getting stolen, can you ship to a PO box instead?",
      ]),
    ).toBe("I live in Leeds and my parcel keeps getting stolen, can you ship to a PO box instead?");
  });
});

describe("patternCandidates: topics", () => {
  const conversation = (id: string, topic: string) => ({
    id,
    topic,
    channel: "chat",
    status: "closed",
    agentId: null,
    customerName: null,
    risk: 0.2,
    closedAt: 0,
    peakRisk: 0.7,
    peakPosition: 0,
    peakAt: 0,
    rootCause: null,
  });
  const row = (conversationId: string, authorId: string) => ({
    ...cue("hedging", "agent"),
    conversationId,
    authorId,
  });

  it("count each conversation once, however many cue rows it has (the agent's and a helper's lines)", () => {
    const [hedging] = patternCandidates(
      [conversation("c1", "refunds"), conversation("c2", "refunds"), conversation("c3", "shipping")],
      // c3's cue is in the agent's lines, a helper's and a third teammate's: three rows, one conversation.
      [row("c1", "a"), row("c2", "a"), row("c3", "a"), row("c3", "helper"), row("c3", "lead")],
      [],
      [],
    );
    expect(hedging?.conversations.size).toBe(3);
    expect([...(hedging?.topics ?? [])]).toEqual([
      ["refunds", 2],
      ["shipping", 1],
    ]);
    // The most common topic names the update: refunds, in two conversations, not shipping's three rows.
    expect(hedging?.update).toBe("An answer sheet for the refunds questions agents hedged on");
  });
});

describe("warmUpPick: the warm-up's conversation, day after day", () => {
  const DAY = 86_400_000;
  const monday = Date.parse("2026-03-09T08:00:00Z");
  // Ended hard conversations: three in the week before Monday, none since.
  const ended = [
    { id: "a", endedAt: monday - 5 * DAY, peakRisk: 0.95 },
    { id: "b", endedAt: monday - 4 * DAY, peakRisk: 0.9 },
    { id: "c", endedAt: monday - 3 * DAY, peakRisk: 0.8 },
  ];
  const week = (candidates: typeof ended) =>
    Array.from({ length: 5 }, (_, day) => warmUpPick(candidates, monday + day * DAY));

  it("shows another conversation each day, the one shown longest ago once each has been shown", () => {
    // a, b and c were shown the days after they ended (Thursday, Friday, Saturday) and a again on
    // quiet Sunday. It showed a, the week's hardest, every day from Monday to Friday.
    expect(week(ended)).toEqual(["b", "c", "a", "b", "c"]);
  });

  it("shows the hardest conversation that ended since the day before, never one shown already", () => {
    const busy = [
      ...ended,
      { id: "sun", endedAt: monday - 10 * 3_600_000, peakRisk: 0.7 },
      { id: "mon", endedAt: monday + 10 * 3_600_000, peakRisk: 0.65 },
      { id: "mon-mild", endedAt: monday + 11 * 3_600_000, peakRisk: 0.61 },
      { id: "tue", endedAt: monday + DAY + 10 * 3_600_000, peakRisk: 0.99 },
    ];
    expect(week(busy).slice(0, 3)).toEqual(["sun", "mon", "tue"]);
    const days = week(busy);
    expect(new Set(days).size).toBe(days.length);
  });

  it("shows nothing when nothing hard ended before the shift", () => {
    expect(warmUpPick([], monday)).toBeNull();
    expect(warmUpPick([{ id: "later", endedAt: monday + 60_000, peakRisk: 0.9 }], monday)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { observeConversation, type EngineMessage, type MessageAnalysis } from "../index.ts";
import { draftInsight, extractKnowledgeGaps, KnowledgeInputError } from "./extractKnowledgeGaps.ts";

const analyse = (messages: EngineMessage[]): MessageAnalysis[] => observeConversation(messages);

describe("extractKnowledgeGaps", () => {
  it("KNOW-GAP: hedged answers and 'let me check' with no follow-up are gaps; a real answer is not", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Does the warranty cover water damage?" },
      { role: "agent", text: "I think it might, I'm not sure to be honest." },
      { role: "customer", text: "Ok. And can I return it without the box?" },
      { role: "agent", text: "Let me check with my team." },
      { role: "customer", text: "What are your opening hours?" },
      { role: "agent", text: "We're open 9 to 5, Monday to Friday." },
    ];
    const gaps = extractKnowledgeGaps(messages, analyse(messages));
    expect(gaps.map((g) => [g.questionIndex, g.reason])).toEqual([
      [0, "hedged"],
      [2, "deferred_without_follow_up"],
    ]);
    expect(gaps[0]?.topic).toBe("warranty cover water damage");
    expect(gaps[1]?.question).toBe("And can I return it without the box?");
  });

  it("KNOW-GAP: a deferral that is followed up with an answer is not a gap", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Can I return it without the box?" },
      { role: "agent", text: "Let me check with my team." },
      { role: "agent", text: "Yes, you can return it without the box within 30 days." },
    ];
    expect(extractKnowledgeGaps(messages, analyse(messages))).toEqual([]);
  });

  it("KNOW-PII: questions are redacted before they reach the KB owner", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Can you send the invoice to anna@example.com?" },
      { role: "agent", text: "I'm not sure we can do that." },
    ];
    expect(extractKnowledgeGaps(messages, analyse(messages))[0]?.question).toBe(
      "Can you send the invoice to [EMAIL]?",
    );
  });

  it("KNOW-INPUT: misaligned inputs are an error", () => {
    expect(() => extractKnowledgeGaps([{ role: "customer", text: "hi?" }], [])).toThrow(KnowledgeInputError);
  });
});

describe("draftInsight", () => {
  it("KNOW-INSIGHT: 'confused by X; Y worked' from the confusion and the reply that ended it", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "I'm confused, why was I charged a restocking fee?" },
      {
        role: "agent",
        text: "Just to confirm, you returned the opened headphones? Opened items carry a 10% restocking fee under the returns policy.",
      },
      { role: "customer", text: "Ah ok, that makes sense now, thanks." },
    ];
    const insight = draftInsight(messages, analyse(messages));
    expect(insight?.confusion).toBe("I'm confused, why was I charged a restocking fee?");
    expect(insight?.resolution).not.toBeNull();
    expect(insight?.text).toMatch(
      /^Customers were confused by: "I'm confused, why was I charged a restocking fee\?"\. This worked: "/,
    );
    expect(insight?.evidence.map((e) => e.index)).toEqual([0, 1]);
  });

  it("KNOW-INSIGHT: no confusion, no insight", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Please cancel my order." },
      { role: "agent", text: "Done, you'll get an email in a minute." },
    ];
    expect(draftInsight(messages, analyse(messages))).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { compileKnowledgeBase, KnowledgeBaseError, type KnowledgeBase } from "./knowledge.ts";

describe("compileKnowledgeBase", () => {
  it("KB-1: indexes facts by kind and normalises durations to days", () => {
    const kb = compileKnowledgeBase({
      facts: [
        { id: "w", statement: "A 1-year warranty.", key: "warranty_period", value: 1, unit: "years" },
        { id: "r", statement: "We offer refunds.", key: "offers_refunds", value: true },
        { id: "f", statement: "Shipping costs €3.", key: "shipping_fee", value: 3, unit: "EUR" },
      ],
    });
    expect(kb.byId.get("w")).toMatchObject({ kind: "duration", normalised: 365, expected: "1 year" });
    expect(kb.byId.get("r")?.kind).toBe("boolean");
    expect(kb.byId.get("f")).toMatchObject({ kind: "money", currency: "eur" });
  });

  it("FACT-SUBJECT-1: a fact's subject is what its key names and its statement says; an exchange is not a return", () => {
    const kb = compileKnowledgeBase({
      facts: [
        {
          id: "r",
          topic: "returns",
          statement: "Items can be returned within 30 days.",
          key: "return_window",
          value: 30,
          unit: "day",
        },
        {
          id: "x",
          topic: "returns",
          statement: "Exchanges are accepted within 60 days.",
          key: "exchange_window",
          value: 60,
          unit: "day",
        },
        {
          id: "t",
          topic: "refunds",
          statement: "Refunds reach your card in 5 days.",
          key: "refund_processing_time",
          value: 5,
          unit: "day",
        },
        {
          id: "o",
          topic: "returns",
          statement: "Items can be returned within 30 days.",
          key: "rw_1",
          value: 30,
          unit: "day",
        },
      ],
    });
    expect(kb.byId.get("r")).toMatchObject({ subjectStems: ["return"], rivalStems: [] });
    expect(kb.byId.get("x")).toMatchObject({ subjectStems: ["exchang"], rivalStems: ["return"] });
    expect(kb.byId.get("t")?.subjectStems).toEqual(["refund"]);
    // An opaque key names nothing: the fact is matched by its words as before.
    expect(kb.byId.get("o")).toMatchObject({ subjectStems: [], rivalStems: [] });
    expect(kb.bySubject.get("return")).toEqual([0]);
  });

  it("KB-1: lists every malformed fact in one error", () => {
    const bad = {
      facts: [
        { id: "a", statement: "x", value: 1 },
        { id: "a", statement: "", value: null },
        { statement: "y", value: 2 },
      ],
    };
    try {
      compileKnowledgeBase(bad as unknown as KnowledgeBase);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeBaseError);
      const issues = (error as KnowledgeBaseError).issues;
      expect(issues.some((i) => i.includes('"a" is used twice'))).toBe(true);
      expect(issues.some((i) => i.includes("facts[2].id"))).toBe(true);
    }
    expect(() => compileKnowledgeBase({} as KnowledgeBase)).toThrow(KnowledgeBaseError);
  });
});

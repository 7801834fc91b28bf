// Test support for the engine's loop-1 tests (observe, decide): a knowledge base with one fact.
import { compileKnowledgeBase, type CompiledKnowledgeBase } from "../index.ts";

/** A knowledge base that knows one fact, `return-window`: items can be returned within 30 days. */
export function returnWindowKb(): CompiledKnowledgeBase {
  return compileKnowledgeBase({
    facts: [
      {
        id: "return-window",
        topic: "returns",
        statement: "Items can be returned within 30 days of delivery.",
        key: "return_window",
        value: 30,
        unit: "day",
      },
    ],
  });
}

import { describe, expect, it } from "vitest";
import { createEngineContext, observeConversation } from "./index.ts";
import { tokenize as modelTokens } from "./model/features.ts";
import { scoreCustomerText } from "./model/index.ts";
import { contentStems, maskPlaceholders, tokenize, uniqueContentStems } from "./text.ts";

describe("placeholders", () => {
  it("TEXT-MASK-1: an anonymisation placeholder is no content word", () => {
    const text = "My #PRS_ORG# reader lost #NUMBER# books, write to #EMAIL# or [ADDRESS]";
    for (const stems of [contentStems(text), uniqueContentStems(text.toLowerCase())]) {
      expect(stems).toEqual(["reader", "lost", "book", "writ"]);
    }
    expect(tokenize("#NAME#, hi")).toEqual(["hi"]);
    // Offsets hold, and what only looks like one stays text.
    expect(maskPlaceholders("a #NAME# b")).toBe("a        b");
    expect(uniqueContentStems("order #4412 ## #x1# #hashtag")).toEqual(["order", "4412", "x1", "hashtag"]);
  });

  it("TEXT-MASK-1: messages sharing only placeholders do not repeat each other (CUE-REPEAT-2)", () => {
    const third = observeConversation(
      [
        { role: "customer", text: "My #PRS_ORG# reader shows #NUMBER# books, sent from #EMAIL#" },
        { role: "agent", text: "Let me check that for you." },
        { role: "customer", text: "Hi #NAME#, it is about my #PRS_ORG# account #NUMBER#, email #EMAIL#" },
      ],
      createEngineContext({ emotionScorer: null }),
    )[2]!;
    expect(third.cues.filter((c) => c.kind === "repetition")).toEqual([]);
  });

  it("TEXT-MASK-1: the learned model reads no words or length into a placeholder", () => {
    expect(modelTokens("My #PRS_ORG# reader, #NAME#!")).toEqual(["my", "reader", "!"]);
    expect(scoreCustomerText("my #EMAIL# is wrong #PRS_ORG# #PRS_ORG#")).toEqual(
      scoreCustomerText("my is wrong"),
    );
  });
});

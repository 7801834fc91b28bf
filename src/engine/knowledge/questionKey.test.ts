import { describe, expect, it } from "vitest";
import { gapTopic } from "./gapTopic.ts";
import { questionKey } from "./questionKey.ts";

const same = (a: string, b: string) => questionKey(a) === questionKey(b);

describe("questionKey: one question however worded", () => {
  it("reads 'how long is …' and 'what's …' as one question", () => {
    expect(same("how long is the return window", "what's the return window?")).toBe(true);
    expect(same("How long is the return window?", "What is the window for returns?")).toBe(true);
    expect(same("How much does shipping to Canada cost?", "what does shipping to canada cost")).toBe(true);
    expect(same("How soon will my refund arrive?", "When will my refund arrive?")).toBe(true);
  });

  it("keeps what gapGroupKey already merged: greetings, punctuation, contractions", () => {
    expect(same("Hi, where's my refund please?", "where is my refund")).toBe(true);
    expect(same("Why isn't my refund here?", "Why is not my refund here")).toBe(true);
    expect(same("Hi, quick question: how long is the return window?", "What's the return window?")).toBe(
      true,
    );
  });

  it("keeps apart questions asking something else of the same thing", () => {
    expect(same("Where is my refund?", "Why is my refund here?")).toBe(false);
    expect(same("Why isn't my refund here?", "Where is my refund?")).toBe(false);
    expect(same("Where is my refund?", "Where is my order?")).toBe(false);
    expect(same("Where do I send returns?", "When do I send returns?")).toBe(false);
    expect(same("How many items can I return?", "Can I return items?")).toBe(false);
    expect(same("Is the return window 30 days?", "What's the return window?")).toBe(false);
  });

  it("keeps a redacted detail apart from the word its kind is named by, and from another kind", () => {
    expect(same("Did it go to [ADDRESS]?", "did it go to [ADDRESS]")).toBe(true);
    expect(same("Did it go to [ADDRESS]?", "Did it go to address?")).toBe(false);
    expect(same("Did it go to [ADDRESS]?", "Did it go to [EMAIL]?")).toBe(false);
    expect(same("Is [DATE_OF_BIRTH] right?", "Is date of birth right?")).toBe(false);
  });

  it("leaves a question of no content word only itself", () => {
    expect(same("what?", "why?")).toBe(false);
    expect(questionKey("Why?")).toBe("why");
  });
});

describe("a gap's stored keys", () => {
  it("are its topic and question key", () => {
    // A change to these needs no version bump: the server fingerprints this code and derives the
    // stored gaps' keys again at its next start (src/server/loop2/gapKeysDerivation.ts).
    const questions = [
      "Was my parcel sent to [ADDRESS]?",
      "Hi, quick question: how long is the return window?",
      "Do you ship to P.O. boxes?",
      "Why isn't my refund here yet?",
      "Can I pay for express shipping with PayPal please?",
    ];
    expect({ keys: questions.map((q) => [gapTopic(q), questionKey(q)]) }).toEqual({
      keys: [
        ["parcel sent", "|parcel sent \uE000address"],
        ["long return window", "what|return window"],
        ["ship box", "|box o p ship"],
        ["isn't refund here yet", "why|not refund yet"],
        ["pay express shipping paypal", "|express pay paypal shipp"],
      ],
    });
  });
});

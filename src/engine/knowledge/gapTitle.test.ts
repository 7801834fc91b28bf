import { describe, expect, it } from "vitest";
import { clearestGapTitle, gapGroupKey, gapTitle, GAP_TITLE_MAX } from "./gapTitle.ts";

describe("gapTitle", () => {
  it("is the question as asked, without the greeting or lead-in before it", () => {
    expect(gapTitle("hi, quick question - can I pay for shipping with my order?")).toBe(
      "Can I pay for shipping with my order?",
    );
    expect(gapTitle("Does the warranty cover water damage?")).toBe("Does the warranty cover water damage?");
  });

  it("keeps the question clause of a long sentence, and the last question of several", () => {
    expect(
      gapTitle("I paid for express shipping last week and nothing came, when will my order arrive?"),
    ).toBe("When will my order arrive?");
    expect(gapTitle("I moved house. Can I change the delivery address?")).toBe(
      "Can I change the delivery address?",
    );
    // Two words after the comma say too little: the sentence stays.
    expect(gapTitle("The refund went to my old card, is it?")).toBe("The refund went to my old card, is it?");
  });

  it("keeps an abbreviation's full stop inside the sentence ('P.O. boxes'), and still splits after one that ends it", () => {
    // Was "Boxes?" and "Box in Texas?".
    expect(gapTitle("Do you ship to P.O. boxes?")).toBe("Do you ship to P.O. boxes?");
    expect(gapTitle("Hi. Can you ship to a P.O. Box in Texas?")).toBe("Can you ship to a P.O. Box in Texas?");
    expect(gapTitle("I live in the U.S. Can you ship here?")).toBe("Can you ship here?");
    expect(gapTitle("I picked plan B. Can I change it?")).toBe("Can I change it?");
  });

  it("is one sentence of at most ~90 characters, cut at a word", () => {
    const long =
      "Would it be possible to get the replacement part shipped to my office instead of my home address because nobody is home during the day?";
    const title = gapTitle(long);
    expect(title.length).toBeLessThanOrEqual(GAP_TITLE_MAX);
    expect(title).toMatch(
      /^Would it be possible to get the replacement part shipped to my office instead of my\b.*…$/,
    );
  });
});

describe("clearestGapTitle", () => {
  it("picks the question that reads most plainly, not the key words or the alphabetically first", () => {
    expect(
      clearestGapTitle([
        "and shipping?",
        "ok so my order [ORDER_NUMBER], can I pay the shipping on it later?",
        "Can I pay for shipping when the order arrives?",
      ]),
    ).toBe("Can I pay for shipping when the order arrives?");
    expect(clearestGapTitle([])).toBeNull();
  });
});

describe("gapGroupKey", () => {
  it("is one question however greeted, punctuated or contracted", () => {
    expect(gapGroupKey("Hi, where's my refund please?")).toBe(gapGroupKey("where is my refund"));
  });

  it("keeps a redacted detail apart from the word its kind is named by, and from another kind", () => {
    expect(gapGroupKey("Did it go to [ADDRESS]?")).toBe(gapGroupKey("did it go to [ADDRESS]"));
    expect(gapGroupKey("Did it go to [ADDRESS]?")).not.toBe(gapGroupKey("Did it go to address?"));
    expect(gapGroupKey("Did it go to [ADDRESS]?")).not.toBe(gapGroupKey("Did it go to [EMAIL]?"));
    expect(gapGroupKey("Is [DATE_OF_BIRTH] right?")).not.toBe(gapGroupKey("Is date of birth right?"));
  });
});

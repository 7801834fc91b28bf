import { describe, expect, it } from "vitest";
import { nameVariants, redactText, textRedactor } from "./redaction.ts";

// A team's names with their parts, as an export redacts with (the customer's, then every teammate's).
const staff = [
  "Ana Agent",
  "Ben Agent",
  "Cho Agent",
  "Lee Lead",
  "Mary Ann",
  "Ann Lee",
  "Ali",
  "O'Neil Ray",
  "Dr. Kay (Ops)",
].flatMap(nameVariants);
const customer = nameVariants("Rosa Customer");

const lines = [
  "Hi Rosa, I'm Ana and I can help with order 12345 today.",
  "My parcel never arrived and I want a refund now, this is the second time!",
  "Thanks ANA AGENT, that helps. rosa here again",
  // Inside another word a name is not one: Alice is not Ali, Leeds is not Lee.
  "Alice from Leeds called about Annabel's refund",
  // Names that overlap: the longest is kept.
  "Mary Ann Lee said Ann Lee would call back",
  "Ask O'Neil Ray or Dr. Kay (Ops) about it; mail rosa@example.com",
  "",
  "   ",
  "Call me on 07700 900123, Ben.",
];

describe("textRedactor", () => {
  it("redacts every line exactly as redactText does, names in the line or not", () => {
    const redact = textRedactor();
    for (const names of [[...customer, ...staff], staff, [], ["a", " ", "Ro"]]) {
      for (const line of lines) expect(redact(line, names)).toBe(redactText(line, names));
    }
    // The names it looks for first are matched in any case, as the engine matches them.
    expect(redact("thanks ana agent", staff)).toBe("thanks [PERSON]");
  });
});

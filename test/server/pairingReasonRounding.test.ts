/**
 * A mentorship suggestion's reason gives each person's share in tens, and says when rounding hid
 * the difference between rarely and never, or almost always and always: on the demo, "Cho Yamada's
 * 0 in 10" was 4.8 % of her conversations and "Ana Silva's … 10 times in 10" 99.4 %.
 */
import { describe, expect, it } from "vitest";
import { pairingReason } from "../../src/server/skills/skillMap.ts";

describe("a mentorship suggestion's reason", () => {
  it("does not round a rare habit to never, nor a usual one to always", () => {
    expect(pairingReason("uses_name", null, { name: "Ana", level: 99.4 }, { name: "Cho", level: 4.8 })).toBe(
      "Ana's conversations address the customer by name more than 9 times in 10; Cho's less than 1 in 10.",
    );
  });

  it("says never and always when they were", () => {
    expect(
      pairingReason("uses_name", "billing", { name: "Ben", level: 100 }, { name: "Ada", level: 0 }),
    ).toBe("Ben's conversations about billing address the customer by name 10 times in 10; Ada's 0 in 10.");
  });

  it("says in words that a QA item scored nothing in every conversation, not '0.0 of 4'", () => {
    // The demo's Cho scores 0 on empathy in all her conversations: true, but "0.0 of 4" read as a bug.
    expect(
      pairingReason(
        "empathy",
        null,
        { name: "Ana", level: 79.2 },
        { name: "Cho", level: 0, conversations: 196 },
      ),
    ).toBe(
      "Ana's conversations score 3.2 of 4 on empathy; Cho's show no empathy in any of 196 conversations.",
    );
    expect(
      pairingReason("empathy", "shipping", { name: "Ana", level: 100 }, { name: "Ben", level: 30 }),
    ).toBe("Ana's conversations about shipping score 4.0 of 4 on empathy; Ben's 1.2 of 4.");
  });
});

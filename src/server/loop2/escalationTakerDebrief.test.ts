import { describe, expect, it } from "vitest";
import type { MessageAnalysis } from "../../engine/index.ts";
import { draftEscalationTakerDebrief } from "./escalationTakerDebrief.ts";

/** A customer line read at this frustration (only what the card reads of it). */
const customerAt = (frustration: number) => ({ customer: { frustration } }) as unknown as MessageAnalysis;

describe("the card of the lead who took on an escalation", () => {
  it("says how the customer's frustration moved in percent, as the floor does, not as 0.82 → 0.31", () => {
    const card = draftEscalationTakerDebrief([customerAt(0.82), undefined, customerAt(0.31)], {
      raisedAt: 0,
      takenAt: 30_000,
      takenIndex: 1,
    });
    expect(card.wentWell).toEqual([
      "You took on the escalation within a minute.",
      "The customer calmed after you took it on (frustration 82% → 31%).",
    ]);
  });
});

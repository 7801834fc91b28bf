import { describe, expect, it } from "vitest";
import type { MessageAnalysis } from "../../engine/index.ts";
import { draftEscalationTakerDebrief, withEscalationTaken } from "./escalationTakerDebrief.ts";

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

describe("the card of a lead who took on an escalation and stepped in too", () => {
  const taker = draftEscalationTakerDebrief([customerAt(0.82), undefined, customerAt(0.31)], {
    raisedAt: 0,
    takenAt: 30_000,
    takenIndex: 1,
  });

  it("names both, taking it on first, with the step-in's mood and advice, and not 'you did not write'", () => {
    const card = withEscalationTaken(taker, {
      role: "helper",
      wentWell: [
        "The customer calmed after you stepped in (frustration 82% → 31%).",
        'You started low on the ladder with a whisper ("Approve the refund."), which kept the agent in charge.',
      ],
      tricky: [],
      tryNext: "Tell the agent one thing they did well in this conversation.",
    });
    expect(card).toEqual({
      role: "helper",
      wentWell: [
        "You took on the escalation within a minute.",
        "The customer calmed after you stepped in (frustration 82% → 31%).",
        'You started low on the ladder with a whisper ("Approve the refund."), which kept the agent in charge.',
      ],
      tricky: [],
      tryNext: "Tell the agent one thing they did well in this conversation.",
    });
  });

  it("keeps the mood after taking it on when the step-in's card says nothing of it", () => {
    const card = withEscalationTaken(taker, {
      role: "helper",
      wentWell: ["You started low on the ladder (signal), which kept the agent in charge."],
      tricky: [],
      tryNext: "Tell the agent one thing they did well in this conversation.",
    });
    expect(card.wentWell).toEqual([
      "You took on the escalation within a minute.",
      "The customer calmed after you took it on (frustration 82% → 31%).",
      "You started low on the ladder (signal), which kept the agent in charge.",
    ]);
  });
});

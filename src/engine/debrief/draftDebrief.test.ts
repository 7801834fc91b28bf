import { describe, expect, it } from "vitest";
import { observeConversation, type EngineMessage, type MessageAnalysis } from "../index.ts";
import { refundFactContext } from "../testing/refundFactContext.ts";
import { DebriefInputError, draftDebrief } from "./draftDebrief.ts";

const context = refundFactContext();
const analyse = (messages: EngineMessage[]): MessageAnalysis[] => observeConversation(messages, context);

const HARD: EngineMessage[] = [
  { role: "customer", text: "My name is Dana and I was charged twice for order 5521. This is ridiculous." },
  { role: "agent", text: "What is your order number?" },
  { role: "customer", text: "I already told you, order 5521. I was charged twice for order 5521." },
  {
    role: "agent",
    text: "That's not my fault, the billing team messed it up. Your refund will reach your card in 2 days.",
  },
  { role: "customer", text: "This is useless. I want to speak to a manager." },
  {
    role: "agent",
    text: "I understand how frustrating this is, Dana. I've refunded the duplicate charge and I'll email you the confirmation today.",
  },
  { role: "customer", text: "Ok, thank you, that helps." },
];

describe("draftDebrief", () => {
  it("DEBRIEF-AGENT: went well, tricky and one thing to try, all from the conversation", () => {
    const draft = draftDebrief(analyse(HARD), HARD);
    expect(draft.role).toBe("agent");
    expect(draft.wentWell.join(" ")).toMatch(/You named how the customer felt \("I understand how/);
    expect(draft.tricky.join(" ")).toMatch(/"2 days"; your team's knowledge says 5 business days/);
    expect(draft.tricky.join(" ")).toMatch(/not my fault|billing team/);
    expect(draft.tryNext).toMatch(/Check the knowledge base before quoting figures like "2 days"/);
    expect(draft.wentWell.length).toBeLessThanOrEqual(3);
    expect(draft.tricky.length).toBeLessThanOrEqual(3);
  });

  it("DEBRIEF-HELPER: judges the step-in by what happened to the customer after it", () => {
    const analyses = analyse(HARD);
    const draft = draftDebrief(
      analyses,
      HARD,
      [{ index: 4, rung: "whisper", accepted: true, text: "Own it and give the date." }],
      "helper",
    );
    expect(draft.role).toBe("helper");
    // Quoting what the helper whispered: their own line.
    expect(draft.wentWell.join(" ")).toMatch(
      /started low on the ladder with a whisper \("Own it and give the date\."\)/,
    );
    expect(draft.wentWell.join(" ")).toMatch(/used your whisper/);
    // Offered a takeover where tagteam suggested a whisper (after the blame, line 4).
    const jumped = draftDebrief(
      analyses,
      HARD,
      [{ index: 3, rung: "offer_takeover", accepted: false }],
      "helper",
    );
    expect(jumped.tricky.join(" ")).toMatch(/declined the takeover offer/);
    expect(jumped.tryNext).toMatch(/Try a whisper first/);
  });

  it("DEBRIEF-HELPER: a takeover offered when the customer asked for someone with more authority is not a jump", () => {
    const analyses = analyse(HARD);
    // "I want to speak to a manager": tagteam itself suggested offering to take over.
    const asked = draftDebrief(
      analyses,
      HARD,
      [{ index: 4, rung: "offer_takeover", accepted: true }],
      "helper",
    );
    expect(asked.tryNext).not.toMatch(/Try a whisper first/);
    const GRETA: EngineMessage[] = [
      {
        role: "customer",
        text: "My refund for order 5512 still has not arrived after two weeks. Where is it?",
      },
      { role: "agent", text: "Sorry, I think refunds might take a while, maybe a month, I am not sure." },
      {
        role: "customer",
        text: "A month?? That is ridiculous, I need that money. Can someone who actually knows help me?",
      },
      {
        role: "agent",
        text: "Hi Greta, I'm Ben and I'll take it from here. Your refund reaches your card within 5 business days; I've asked payments to trace it and I'll email you by Thursday.",
      },
      { role: "customer", text: "Okay, thank you Ben, that is much clearer." },
    ];
    const took = draftDebrief(
      analyse(GRETA),
      GRETA,
      [{ index: 2, rung: "offer_takeover", accepted: true }],
      "helper",
    );
    expect(took.wentWell.join(" ")).toMatch(/calmed after you stepped in/);
    // In percent, as the floor and a handover summary say it, not "0.41 → 0.19".
    expect(took.wentWell.join(" ")).toMatch(/\(frustration \d{1,3}% → \d{1,3}%\)/);
    expect(took.tryNext).not.toMatch(/Try a whisper first/);
  });

  it("DEBRIEF-INPUT: misaligned analyses or an intervention outside the conversation are errors", () => {
    const analyses = analyse(HARD);
    expect(() => draftDebrief(analyses.slice(1), HARD)).toThrow(DebriefInputError);
    expect(() => draftDebrief(analyses, HARD, [{ index: 99, rung: "signal" }], "helper")).toThrow(
      /outside the conversation/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { createEngineContext, observeConversation, type EngineMessage } from "./index.ts";
import { returnWindowKb } from "./testing/returnWindow.ts";

const kb = returnWindowKb();
const context = createEngineContext({ kb });
const T0 = Date.parse("2026-03-02T10:00:00Z");
const at = (messages: Omit<EngineMessage, "at">[]): EngineMessage[] =>
  messages.map((m, i) => ({ ...m, at: T0 + i * 60_000 }));

// The demo's returns conversation: a wrong return window, then apology after apology.
const WRONG_THEN_APOLOGIES = at([
  {
    role: "customer",
    text: "Hi, I'd like to return a jacket I bought. It arrived three weeks ago and doesn't fit.",
  },
  {
    role: "agent",
    text: "I'm so sorry to hear it doesn't fit. I think returns might only be accepted within 14 days, maybe.",
  },
  { role: "customer", text: "That's not what your website says. I'm pretty sure it said 30 days." },
  { role: "agent", text: "Sorry, I'm not sure, I think it might be 14 days, maybe, I'd have to check." },
  {
    role: "customer",
    text: "I already told you it arrived three weeks ago. Can you actually check the policy please?",
  },
  { role: "agent", text: "Sorry again, I apologise for the confusion. I know how annoying this is." },
]);

describe("the step fits the root cause", () => {
  it("DEC-CAUSE-RUNG-1: a wrong fact still uncorrected is whispered with the right fact, not signalled", () => {
    const analyses = observeConversation(WRONG_THEN_APOLOGIES, context);
    expect(analyses[1]!.stepIn).toMatchObject({ rung: "whisper", reasons: ["wrong_information"] });
    const d = analyses[5]!.stepIn;
    expect(analyses[5]!.rootCauses[0]?.cause).toBe("knowledge_gap");
    // The apologies alone would be a signal; a signal cannot carry the right return window.
    expect(d.rules).toEqual(expect.arrayContaining(["DEC-REASON-APOLOGIES", "DEC-CAUSE-RUNG-1"]));
    expect(d.rung).toBe("whisper");
    expect(d.factId).toBe("return-window");
    expect(d.suggestion).toContain(
      'your team\'s knowledge says "Items can be returned within 30 days of delivery."',
    );
  });

  it("DEC-CAUSE-RUNG-1: once the agent states the fact rightly, the whisper no longer asks them to correct it", () => {
    const corrected = [
      ...WRONG_THEN_APOLOGIES.slice(0, 5),
      {
        role: "agent",
        text: "Items can be returned within 30 days of delivery, so you're fine.",
        at: T0 + 5 * 60_000,
      },
      { role: "customer", text: "Fine, but this took ages and I'm still annoyed.", at: T0 + 6 * 60_000 },
      { role: "agent", text: "Sorry, sorry again, I apologise.", at: T0 + 7 * 60_000 },
    ] satisfies EngineMessage[];
    const analyses = observeConversation(corrected, context);
    expect(analyses[5]!.factChecks.map((f) => f.verdict)).toEqual(["agrees"]);
    // The knowledge gap is still why it went wrong (the debrief says so), but it is closed now.
    expect(analyses[7]!.rootCauses[0]?.cause).toBe("knowledge_gap");
    const last = analyses[7]!.stepIn;
    expect(last.rules).toContain("DEC-REASON-APOLOGIES");
    expect(last.rung).toBe("signal");
    expect(last.suggestion).not.toContain("I need to correct what I said");
  });

  it("DEC-COOLDOWN-2: a wrong fact put right and then stated wrongly again is raised again within the cooldown", () => {
    const analyses = observeConversation(
      at([
        {
          role: "customer",
          text: "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit.",
        },
        { role: "agent", text: "Sorry, returns are only accepted within 14 days, so I can't take it back." },
        {
          role: "agent",
          text: "I need to correct what I said: items can be returned within 30 days of delivery.",
        },
        { role: "agent", text: "Sorry, I was wrong again: returns are only accepted within 14 days." },
      ]),
      context,
    );
    expect(analyses[1]!.stepIn.reasons).toContain("wrong_information");
    expect(analyses[2]!.factChecks.map((f) => f.verdict)).toEqual(["agrees"]);
    const again = analyses[3]!;
    expect(again.factChecks.map((f) => f.verdict)).toEqual(["contradicts"]);
    expect(again.stepIn.raise).toBe(true);
    expect(again.stepIn.reasons).toContain("wrong_information");
    expect(again.stepIn.factId).toBe("return-window");
  });

  it("RC-EVIDENCE-2: a wrong answer the agent has put right is no longer cited as the knowledge gap's evidence", () => {
    const corrected = [
      ...WRONG_THEN_APOLOGIES.slice(0, 5),
      {
        role: "agent",
        text: "Items can be returned within 30 days of delivery, so you're fine.",
        at: T0 + 5 * 60_000,
      },
      { role: "customer", text: "Fine, but this took ages and I'm still annoyed.", at: T0 + 6 * 60_000 },
      { role: "agent", text: "Sorry, sorry again, I apologise.", at: T0 + 7 * 60_000 },
    ] satisfies EngineMessage[];
    const analyses = observeConversation(corrected, context);
    const gapEvidence = (i: number) =>
      analyses[i]!.rootCauses.find((c) => c.cause === "knowledge_gap")?.evidence ?? [];
    // Before the correction the wrong 14 days are cited, as wrong information.
    expect(
      gapEvidence(4)
        .filter((e) => e.cue === "wrong_information")
        .map((e) => e.index),
    ).toEqual([1]);
    for (const i of [5, 6, 7]) {
      expect(analyses[i]!.rootCauses[0]?.cause).toBe("knowledge_gap");
      expect(gapEvidence(i).filter((e) => e.cue === "wrong_information")).toEqual([]);
      // What else showed the gap (the hedging) is still cited; the fact is not on any span.
      expect(gapEvidence(i).length).toBeGreaterThan(0);
      for (const e of gapEvidence(i)) expect(Object.keys(e).sort()).not.toContain("factId");
    }
  });

  it("DEC-CAUSE-RUNG-1: a cause a nudge can help (stress) leaves the apologies at a signal", () => {
    const analyses = observeConversation(
      at([
        { role: "customer", text: "My parcel still hasn't arrived and I'm getting annoyed." },
        { role: "agent", text: "Sorry about that." },
        { role: "customer", text: "It was due on Monday." },
        { role: "agent", text: "Sorry, really sorry." },
        { role: "customer", text: "Okay but where is it?" },
        { role: "agent", text: "I'm so sorry, I apologise." },
      ]),
      context,
    );
    const raised = analyses.filter((a) => a.stepIn.rules.includes("DEC-REASON-APOLOGIES"));
    expect(raised.length).toBeGreaterThan(0);
    for (const a of raised) {
      expect(a.stepIn.rung).toBe("signal");
      expect(a.stepIn.rules).not.toContain("DEC-CAUSE-RUNG-1");
    }
  });
});

describe("the whisper for a customer repeating themself", () => {
  it("DEC-WHISPER-1: tells the agent to say back what the customer said and act, not to ask them to confirm", () => {
    const analyses = observeConversation(
      at([
        {
          role: "customer",
          text: "I can't log into my account. It keeps saying my password is wrong, I've reset it twice.",
        },
        {
          role: "agent",
          text: "Your auth token has expired on our backend. Have you tried resetting your password?",
        },
        { role: "customer", text: "Yes. I just said I reset it twice. Are you even reading my messages?" },
        { role: "agent", text: "I can only do so much from here. What's your email address?" },
        {
          role: "customer",
          text: "I gave it at the start of the chat: sofia.marin@example.com. This is the third time I'm explaining.",
        },
      ]),
      context,
    );
    const d = analyses[4]!.stepIn;
    expect(d.rules).toContain("DEC-REASON-REPETITION");
    expect(d.suggestion).toContain("“I can't log into my account”");
    expect(d.suggestion).toContain("act on it");
    // Nothing in it asks the customer to confirm again.
    expect(d.suggestion).not.toMatch(/\?|is that it|is that right|confirm that/i);
  });

  it("WHISPER-MIRROR-2: with no words of theirs to quote, it says to say back what they said, not '(the problem)'", () => {
    const analyses = observeConversation(
      at([
        { role: "customer", text: "Can I change the delivery address on my order 5531?" },
        { role: "agent", text: "Sure. What's your order number?" },
        { role: "customer", text: "I just told you, it's 5531. This is the third time I'm explaining." },
      ]),
      context,
    );
    const d = analyses[2]!.stepIn;
    expect(d.rules).toContain("DEC-REASON-REPETITION");
    expect(d.suggestion).toBe(
      "They have told you already, so don't ask them to confirm it: say back what they said and act on it — \"I have everything I need, so here's what I'm doing now.\"",
    );
  });
});

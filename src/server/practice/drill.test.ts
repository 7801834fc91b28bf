import { describe, expect, it } from "vitest";
import {
  createConversationState,
  createEngineContext,
  observe,
  type EngineMessage,
} from "../../engine/index.ts";
import { DRILL_MAX_REPLIES, playDrill, type DrillEngine, type DrillScenario } from "./drill.ts";
import { buildScenario, redactReferences, ScenarioSourceError } from "./scenario.ts";

const context = createEngineContext();
const engine: DrillEngine = {
  fresh: () => createConversationState(),
  observe: (state, message) => observe(state, message, context),
};

const SCENARIO: DrillScenario = {
  lines: [
    { text: "My refund never arrived and I want it now.", frustration: 0.5, angry: false },
    { text: "I already told you twice! This is ridiculous.", frustration: 0.8, angry: true },
    { text: "Okay. So when will it be back on my card?", frustration: 0.2, angry: false },
    { text: "Get me a manager or I'm going to my bank.", frustration: 0.9, angry: true },
  ],
  closing: "Okay, that works for me. Thank you.",
  need: "my refund",
};

const GOOD =
  "I understand how frustrating that is. So your refund never arrived. I'll issue it today and email you by 5pm.";
const GOOD_2 =
  "I hear you. The refund is issued now and I'll call you tomorrow at 10am to confirm it landed.";
const BAD = "Sorry, sorry, I'm not sure, maybe it's billing's fault, not mine.";

describe("playDrill: the simulated customer follows the engine's reading", () => {
  it("opens with the first real line", () => {
    const out = playDrill(SCENARIO, [], engine);
    expect(out.turns).toEqual([{ role: "customer", text: SCENARIO.lines[0]?.text, line: 0, reading: null }]);
    expect(out.status).toBe("active");
    expect(out.score).toBeNull();
  });

  it("calms on empathy and a next step, moving to the next calm real line; escalates on hedging and blame, reusing the angriest", () => {
    const good = playDrill(SCENARIO, [GOOD], engine);
    const bad = playDrill(SCENARIO, [BAD], engine);
    expect(good.turns[1]?.reading?.landing).toBe("calmed");
    expect(good.turns[2]).toMatchObject({ role: "customer", line: 2 });
    expect(bad.turns[1]?.reading?.landing).toBe("escalated");
    expect(bad.turns[2]).toMatchObject({ role: "customer", line: 3 });
    expect(bad.turns[1]?.reading?.bad.map((c) => c.kind)).toEqual(expect.arrayContaining(["hedging"]));
    for (const c of bad.turns[1]?.reading?.bad ?? []) expect(BAD.slice(c.start, c.end)).toBe(c.text);
  });

  it("escalates when the trainee sends the same reply again (CUE-RESEND-1): the customer reads it as not heard", () => {
    const same = "Let me check the refund details on your account and the bank transfer status.";
    const out = playDrill(SCENARIO, [same, same], engine);
    expect(out.turns[1]?.reading?.landing).not.toBe("escalated");
    expect(out.turns[3]?.reading?.landing).toBe("escalated");
    expect(out.turns[3]?.reading?.bad.map((c) => c.kind)).toContain("repeated_reply");
  });

  it("is deterministic: the same replies give the same drill", () => {
    const replies = [BAD, GOOD, GOOD_2];
    expect(playDrill(SCENARIO, replies, engine)).toEqual(playDrill(SCENARIO, replies, engine));
  });

  it("ends satisfied with the closing line once calmed down, and scores the drill with the QA items", () => {
    const out = playDrill(SCENARIO, [GOOD, GOOD_2], engine);
    expect(out.status).toBe("satisfied");
    expect(out.turns.at(-1)?.text).toBe(SCENARIO.closing);
    expect(out.score?.items.find((i) => i.item === "empathy")).toMatchObject({ applicable: true });
    // Replies after the end are not played.
    expect(playDrill(SCENARIO, [GOOD, GOOD_2, BAD], engine)).toEqual(out);
  });

  it("walks away after replies that keep escalating", () => {
    const out = playDrill(SCENARIO, [BAD, BAD, BAD, BAD], engine);
    expect(out.status).toBe("walked_away");
    expect(out.turns.at(-1)?.text).toMatch(/someone who can sort out my refund/);
    expect(out.score).not.toBeNull();
  });

  it("stops after the maximum number of replies, and when the trainee ends it", () => {
    const neutral = Array.from({ length: DRILL_MAX_REPLIES + 2 }, () => "Okay.");
    const out = playDrill(SCENARIO, neutral, engine);
    expect(out.turns.filter((t) => t.role === "agent").every((t) => t.reading?.landing === "neutral")).toBe(
      true,
    );
    expect(out.status).toBe("max_turns");
    expect(out.turns.filter((t) => t.role === "agent")).toHaveLength(DRILL_MAX_REPLIES);
    expect(playDrill(SCENARIO, ["Okay."], engine, { ended: true }).status).toBe("ended");
  });
});

describe("buildScenario and redactReferences", () => {
  it("removes order numbers and other references, and keeps amounts and durations", () => {
    expect(redactReferences("My order 88412093 is late")).toBe("My order [REFERENCE] is late");
    expect(redactReferences("order number: AB-1234 and ticket #5521")).toBe(
      "order number: [REFERENCE] and ticket [REFERENCE]",
    );
    expect(redactReferences("tracking 1Z999AA10123456784")).toBe("tracking [REFERENCE]");
    expect(redactReferences("ref code XK29-771Q please")).toBe("ref code [REFERENCE] please");
    expect(redactReferences("it was 123456789 and $89 for 30 days")).toBe(
      "it was [NUMBER] and $89 for 30 days",
    );
  });

  it("refuses a conversation where the customer said nothing", () => {
    const messages: EngineMessage[] = [{ role: "agent", text: "Hello?" }];
    let state = createConversationState();
    const analyses = messages.map((m) => {
      const r = observe(state, m, context);
      state = r.state;
      return r.analysis;
    });
    expect(() => buildScenario({ messages, analyses, topic: null, redact: (t) => t })).toThrow(
      ScenarioSourceError,
    );
  });
});

describe("a scenario's lines where the customer says they had to repeat themself", () => {
  // The demo's double charge: after the real agent called it "pending", the customer pushed back.
  const REAL: EngineMessage[] = [
    {
      role: "customer",
      text: "Hi, I've been charged twice for my order, $89 each time. I need one of them refunded.",
    },
    { role: "agent", text: "I'm not sure, maybe it's a pending charge, it might drop off soon." },
    {
      role: "customer",
      text: "It's not pending, both charges went through on my statement. I already told you I was charged twice.",
    },
    { role: "agent", text: "I've refunded the second charge; you'll see it within 5 business days." },
    { role: "customer", text: "Okay, and will I get an email confirming it?" },
  ];
  const built = () => {
    let state = createConversationState();
    const analyses = REAL.map((m) => {
      const r = observe(state, m, context);
      state = r.state;
      return r.analysis;
    });
    return buildScenario({ messages: REAL, analyses, topic: "billing", redact: (t) => t });
  };

  it("are kept for a reply that pushes the customer: after a calming one they do not say 'I already told you'", () => {
    const b = built();
    const scenario: DrillScenario = { lines: b.lines, closing: b.closing, need: "this charge" };
    expect(scenario.lines.map((l) => l.angry)).toEqual([false, true, false]);
    const calmed = playDrill(
      scenario,
      [
        "I'm so sorry about the double charge, that's really frustrating. I've refunded the extra charge now and I'll email you the confirmation.",
      ],
      engine,
    );
    expect(calmed.turns[1]?.reading?.landing).toBe("calmed");
    expect(calmed.turns[2]?.text).toBe("Okay, and will I get an email confirming it?");
  });
});

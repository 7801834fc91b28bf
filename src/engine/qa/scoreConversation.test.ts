import { describe, expect, it } from "vitest";
import { observeConversation, type EngineMessage, type MessageAnalysis } from "../index.ts";
import { refundFactContext } from "../testing/refundFactContext.ts";
import { rateAgentTurns } from "./rateAgentTurns.ts";
import { QaInputError, scoreConversation, type QaItemName } from "./scoreConversation.ts";

const context = refundFactContext();
const analyse = (messages: EngineMessage[]): MessageAnalysis[] => observeConversation(messages, context);

const GOOD: EngineMessage[] = [
  {
    role: "customer",
    text: "Hi, my name is Dana. I was charged twice for order 5521 and I'm really frustrated.",
  },
  {
    role: "agent",
    text: "I'm sorry to hear that, Dana. I understand how frustrating a double charge is. So if I understand correctly, order 5521 was charged twice?",
  },
  { role: "customer", text: "Yes. When will I get my money back?" },
  {
    role: "agent",
    text: "I've refunded the duplicate charge now. Refunds reach your card within 5 business days, and I'll email you the confirmation today.",
  },
  { role: "customer", text: "Great, thanks." },
  { role: "agent", text: "Is there anything else I can help with today, Dana?" },
];

const POOR: EngineMessage[] = [
  { role: "customer", text: "My name is Dana and I was charged twice for order 5521. This is ridiculous." },
  { role: "agent", text: "What is your order number?" },
  { role: "customer", text: "I already told you, order 5521. I was charged twice for order 5521." },
  {
    role: "agent",
    text: "That's not my fault, the billing team messed it up. Your refund will reach your card in 2 days.",
  },
  { role: "customer", text: "This is useless. I want to speak to a manager." },
  { role: "agent", text: "I think it should be sorted at some point." },
];

const scoreOf = (messages: EngineMessage[], item: QaItemName): number | undefined =>
  scoreConversation(analyse(messages), messages).items.find((i) => i.item === item)?.score;

describe("scoreConversation", () => {
  it("QA-ITEMS: fills in all six items, 0–4, with an overall and a percentage", () => {
    const card = scoreConversation(analyse(GOOD), GOOD);
    expect(card.items.map((i) => i.item)).toEqual([
      "empathy",
      "active_listening",
      "accuracy",
      "ownership",
      "clear_next_steps",
      "habits",
    ]);
    for (const item of card.items) {
      expect(item.score).toBeGreaterThanOrEqual(0);
      expect(item.score).toBeLessThanOrEqual(4);
      expect(item.note.length).toBeGreaterThan(0);
    }
    expect(card.overall).toBe(4);
    expect(card.percent).toBe(100);
  });

  it("QA-EVIDENCE: every score points at the spans behind it", () => {
    const card = scoreConversation(analyse(GOOD), GOOD);
    const empathy = card.items.find((i) => i.item === "empathy");
    const spans = (empathy?.evidence ?? []).map((e) =>
      GOOD[e.index]?.text.slice(e.start, e.end).toLowerCase(),
    );
    expect(empathy?.evidence.every((e) => e.index === 1)).toBe(true);
    expect(spans.some((s) => s?.includes("i understand"))).toBe(true);
    const accuracy = card.items.find((i) => i.item === "accuracy");
    expect(accuracy?.evidence.some((e) => e.cueKind === "fact_agreed" && e.index === 3)).toBe(true);
  });

  it("QA-CONTRAST: a defensive, inaccurate, not-listening conversation scores lower on every judged item", () => {
    for (const item of [
      "empathy",
      "active_listening",
      "accuracy",
      "ownership",
      "clear_next_steps",
    ] as const) {
      expect(scoreOf(POOR, item), item).toBeLessThan(scoreOf(GOOD, item) ?? 0);
    }
    const card = scoreConversation(analyse(POOR), POOR);
    const accuracy = card.items.find((i) => i.item === "accuracy");
    expect(accuracy?.evidence.some((e) => e.cueKind === "fact_contradicted")).toBe(true);
    expect(
      card.items.find((i) => i.item === "ownership")?.evidence.some((e) => e.cueKind === "blame_coworker"),
    ).toBe(true);
  });

  it("QA-NA: an item with nothing to judge is marked not applicable and left out of the overall", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "What are your opening hours?" },
      { role: "agent", text: "We're open 9 to 5 on weekdays." },
    ];
    const card = scoreConversation(analyse(messages), messages);
    expect(card.items.find((i) => i.item === "accuracy")?.applicable).toBe(false);
    expect(card.overall).not.toBeNull();
  });

  it("says what counted against empathy when the customer was calm but the agent was defensive", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Can I change the delivery address on order 7730?" },
      { role: "agent", text: "There's nothing I can do, that's not my fault, the system locks it." },
    ];
    const empathy = scoreConversation(analyse(messages), messages).items.find((i) => i.item === "empathy");
    expect(empathy?.applicable).toBe(true);
    expect(empathy?.note).not.toMatch(/not tested/);
    // Two defensive phrases in one line are one moment.
    expect(empathy?.note).toMatch(/1 defensive or repeated-apology moment counts against it/);
  });

  it("counts empathy in any line of the agent's reply, not only its first line", () => {
    // The agent answers in two lines, the empathy in the second: shown as good evidence, it must
    // count as acknowledging the upset message (it scored 0 beside the evidence it showed).
    const messages: EngineMessage[] = [
      {
        role: "customer",
        text: "I've been waiting two weeks for my refund and nobody answers. This is ridiculous.",
      },
      { role: "agent", text: "Let me check that for you." },
      { role: "agent", text: "That must be really frustrating." },
      { role: "customer", text: "Thanks. When will it arrive?" },
      { role: "agent", text: "There's nothing I can do, that's not my fault." },
    ];
    const empathy = scoreConversation(analyse(messages), messages).items.find((i) => i.item === "empathy");
    expect(empathy?.evidence.some((e) => e.cueKind === "empathy" && e.polarity === "good")).toBe(true);
    expect(empathy?.note).toMatch(/acknowledged the customer's feelings after 1 of 1 upset message/);
    // 4 for the one upset message met, 1 off for the defensive line.
    expect(empathy?.score).toBe(3);
  });

  it("QA-INPUT: analyses and messages must line up", () => {
    expect(() => scoreConversation(analyse(GOOD).slice(1), GOOD)).toThrow(QaInputError);
    expect(() => scoreConversation(analyse(GOOD), [...GOOD].reverse())).toThrow(
      /analysis 0 is for a customer message/,
    );
  });
});

describe("rateAgentTurns", () => {
  it("rates courtesy and listening per agent reply, counting the customer's next message", () => {
    const ratings = rateAgentTurns(analyse(POOR));
    expect(ratings.map((r) => r.index)).toEqual([1, 3, 5]);
    expect(ratings[0]?.listening).toBeLessThan(0);
    expect(ratings[1]?.courtesy).toBeLessThan(0);
    const good = rateAgentTurns(analyse(GOOD));
    expect(good[0]?.courtesy).toBeGreaterThan(0);
    expect(good[0]?.listening).toBeGreaterThan(0);
  });
});

describe("the agent sending the same reply again (CUE-RESEND-1)", () => {
  const STEPS =
    "Please sign out of the app, sign back in, then open Library and tap Sync to download your books.";
  const messages: EngineMessage[] = [
    { role: "customer", text: "My ebook won't open on the reader." },
    { role: "agent", text: STEPS },
    { role: "customer", text: "I did that and it still won't open." },
    { role: "agent", text: STEPS },
  ];

  it("counts against active listening, with the reply as evidence, and against that reply's listening", () => {
    const listening = scoreConversation(analyse(messages), messages).items.find(
      (i) => i.item === "active_listening",
    );
    expect(listening?.note).toContain("sent one reply a second time");
    expect(listening?.evidence.some((e) => e.cueKind === "repeated_reply" && e.index === 3)).toBe(true);
    const once = messages.slice(0, 3).concat({ role: "agent", text: "Which reader model do you have?" });
    expect(listening?.score).toBeLessThan(scoreOf(once, "active_listening") ?? 0);
    const ratings = rateAgentTurns(analyse(messages));
    expect(ratings[1]!.listening).toBe(ratings[0]!.listening - 1);
  });
});

describe("scorecard notes", () => {
  it('are sentences a lead reads: counted in words, no "(s)", starting with a capital', () => {
    const notes = (messages: EngineMessage[]) =>
      scoreConversation(analyse(messages), messages).items.map((i) => i.note);
    const all = [...notes(GOOD), ...notes(POOR)];
    for (const note of all) {
      expect(note).not.toMatch(/\(s\)/);
      expect(note).not.toMatch(/(^|[;,] )0 /);
      expect(note.charAt(0)).toBe(note.charAt(0).toUpperCase());
    }
    const poor = notes(POOR);
    // The customer repeated themself once; the agent blamed billing once.
    expect(poor.find((n) => n.includes("repeat themself"))).toMatch(/had to repeat themself once/);
    expect(poor.find((n) => n.includes("blamed"))).toMatch(/blamed a colleague or team once/);
    expect(notes(GOOD).find((n) => n.includes("repeat themself"))).toMatch(/never had to repeat themself/);
  });
});

describe("items with nothing to score", () => {
  it("a question answered for a content customer has no ownership or next step to score, and is not pulled down by them", () => {
    const chat: EngineMessage[] = [
      { role: "customer", text: "Hi, can I change the delivery address on order 5521?" },
      { role: "agent", text: "Yes, you can change it in your account until the parcel ships." },
      { role: "customer", text: "Perfect, thank you!" },
    ];
    const card = scoreConversation(analyse(chat), chat);
    const item = (name: QaItemName) => card.items.find((i) => i.item === name);
    expect(item("ownership")?.applicable).toBe(false);
    expect(item("clear_next_steps")?.applicable).toBe(false);
    expect(item("clear_next_steps")?.note).toMatch(/content at the end/);
    // A customer still unhappy at the end: the missing next step counts.
    const unhappy: EngineMessage[] = [
      { role: "customer", text: "My parcel never arrived and I'm really frustrated." },
      { role: "agent", text: "I can see it was delayed." },
      { role: "customer", text: "So what now? This is useless." },
    ];
    const poor = scoreConversation(analyse(unhappy), unhappy);
    expect(poor.items.find((i) => i.item === "clear_next_steps")?.applicable).toBe(true);
    expect(poor.items.find((i) => i.item === "ownership")?.applicable).toBe(true);
  });
});

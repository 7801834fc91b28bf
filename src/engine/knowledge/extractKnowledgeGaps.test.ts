import { describe, expect, it } from "vitest";
import { observeConversation, type EngineMessage, type MessageAnalysis } from "../index.ts";
import { draftInsight, extractKnowledgeGaps, KnowledgeInputError } from "./extractKnowledgeGaps.ts";
import { topicWords } from "./gapTopic.ts";

const analyse = (messages: EngineMessage[]): MessageAnalysis[] => observeConversation(messages);

describe("extractKnowledgeGaps", () => {
  it("KNOW-GAP: hedged answers and 'let me check' with no follow-up are gaps; a real answer is not", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Does the warranty cover water damage?" },
      { role: "agent", text: "I think it might, I'm not sure to be honest." },
      { role: "customer", text: "Ok. And can I return it without the box?" },
      { role: "agent", text: "Let me check with my team." },
      { role: "customer", text: "What are your opening hours?" },
      { role: "agent", text: "We're open 9 to 5, Monday to Friday." },
    ];
    const gaps = extractKnowledgeGaps(messages, analyse(messages));
    expect(gaps.map((g) => [g.questionIndex, g.reason])).toEqual([
      [0, "hedged"],
      [2, "deferred_without_follow_up"],
    ]);
    expect(gaps[0]?.topic).toBe("warranty cover water damage");
    expect(gaps[1]?.question).toBe("And can I return it without the box?");
  });

  it("KNOW-GAP: a deferral that is followed up with an answer is not a gap", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Can I return it without the box?" },
      { role: "agent", text: "Let me check with my team." },
      { role: "agent", text: "Yes, you can return it without the box within 30 days." },
    ];
    expect(extractKnowledgeGaps(messages, analyse(messages))).toEqual([]);
  });

  it("KNOW-PII: questions are redacted before they reach the KB owner", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Can you send the invoice to anna@example.com?" },
      { role: "agent", text: "I'm not sure we can do that." },
    ];
    expect(extractKnowledgeGaps(messages, analyse(messages))[0]?.question).toBe(
      "Can you send the invoice to [EMAIL]?",
    );
  });

  // Each text as a customer message the agent answers with a hedge, and as the conversation's last
  // message with no reply: either way it would be listed if it counted as a question.
  const listedFor = (text: string): string[] => {
    const hedged: EngineMessage[] = [
      { role: "customer", text },
      { role: "agent", text: "I think so, I'm not sure to be honest." },
    ];
    const trailing: EngineMessage[] = [
      { role: "agent", text: "Your order has shipped and arrives on Monday." },
      { role: "customer", text },
    ];
    return [
      ...extractKnowledgeGaps(hedged, analyse(hedged)),
      ...extractKnowledgeGaps(trailing, analyse(trailing)),
    ].map((g) => `${g.reason}: ${g.question}`);
  };

  it("KNOW-GAP: an abbreviation's full stop does not cut the question in two ('P.O. boxes')", () => {
    // Was two gaps, "Do you ship to P.O." and "boxes?", the second titled "Boxes?".
    for (const [text, question] of [
      ["Do you ship to P.O. boxes?", "Do you ship to P.O. boxes?"],
      ["Hi. Can you ship to a P.O. Box in Texas?", "Can you ship to a P.O. Box in Texas?"],
      ["Do you deliver to P. O. boxes?", "Do you deliver to P. O. boxes?"],
      ["Is there a fee, e.g. for express?", "Is there a fee, e.g. for express?"],
      ["Can I pick it up at the U.S. store?", "Can I pick it up at the U.S. store?"],
    ] as const) {
      expect(listedFor(text), text).toEqual([`hedged: ${question}`, `unanswered: ${question}`]);
    }
    // Near misses: a full stop after a word, a lone letter or an initialism before a new sentence
    // still ends it.
    for (const [text, question] of [
      ["ok. Do you ship to PO boxes?", "Do you ship to PO boxes?"],
      ["I live in the U.S. Can you ship here?", "Can you ship here?"],
      ["I picked plan B. Can I change it?", "Can I change it?"],
    ] as const) {
      expect(listedFor(text), text).toEqual([`hedged: ${question}`, `unanswered: ${question}`]);
    }
  });

  it.each([
    "Have a good day.",
    "Have a nice weekend",
    "Thanks! Have a great evening.",
    "Can you hear me",
    "Are you there?",
    "Are you still there?",
    "hello?",
    "Hello??",
    "How are you?",
    "Ok?",
    "Did I get disconnected?",
  ])("KNOW-GAP-PLEASANTRY: %j (a pleasantry, a closing or a check the line is open) is not a gap", (text) => {
    expect(listedFor(text)).toEqual([]);
  });

  it.each([
    "Are you even reading my messages?",
    "Are you even listening?",
    "Is this a joke?",
    "Why is this so hard?",
    "Seriously?",
    "Are you kidding me?",
    "So nobody can help me pay you?",
    "I already told you, why do you keep asking?",
    "How many times do I have to tell you?",
  ])("KNOW-GAP-RHETORICAL: %j (a complaint or rhetorical question) is not a gap", (text) => {
    expect(listedFor(text)).toEqual([]);
  });

  it.each([
    "Is something wrong?",
    "Could you answer my question?",
    "What do you mean?",
    "How long?",
    "How?",
    "and then?",
    "Can you help me please?",
    "Sorry, one more question: do I need to do anything else?",
    "Quick question, is that everything?",
  ])("KNOW-GAP-META: %j (about the agent or the conversation, or naming no subject) is not a gap", (text) => {
    expect(listedFor(text)).toEqual([]);
  });

  it.each([
    "Does not work for me.",
    "When I open the app it crashes.",
    "Have in app on my phone only.",
    "Would be nice to know.",
  ])("KNOW-GAP-STATEMENT: %j (no question mark and not built like a question) is not a gap", (text) => {
    expect(listedFor(text)).toEqual([]);
  });

  it.each([
    ["How long do refunds take?", "How long do refunds take?"],
    ["Can I return an opened item?", "Can I return an opened item?"],
    ["do you ship to Canada", "do you ship to Canada"],
    ["how to reset my password", "how to reset my password"],
    ["what's the return window for shoes", "what's the return window for shoes"],
    ["Hi, do you ship to Canada?", "Hi, do you ship to Canada?"],
    [
      "I've been waiting for weeks, when will my refund arrive?",
      "I've been waiting for weeks, when will my refund arrive?",
    ],
    ["How many times can I change my plan?", "How many times can I change my plan?"],
    ["Can you send the receipt again?", "Can you send the receipt again?"],
    ["Is there a fee to cancel?", "Is there a fee to cancel?"],
    ["I need to change the address. How do I do it?", "How do I do it?"],
    ["Sorry, one more question: can I pay by invoice?", "Sorry, one more question: can I pay by invoice?"],
  ])("KNOW-GAP-KEEP: %j is a real question and stays a gap", (text, question) => {
    expect(listedFor(text)).toEqual([`hedged: ${question}`, `unanswered: ${question}`]);
  });

  it("KNOW-GAP-KEEP: a customer saying their question again is asking again, not being rhetorical", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "How can we arrange a meeting about the business plan" },
      { role: "agent", text: "Good morning!" },
      { role: "customer", text: "How can we arrange a meeting about the business plan?" },
      { role: "agent", text: "Maybe, I'm not sure." },
    ];
    const analyses = analyse(messages);
    expect(analyses[2]?.cues.some((c) => c.kind === "repetition")).toBe(true);
    expect(extractKnowledgeGaps(messages, analyses).map((g) => [g.questionIndex, g.reason])).toEqual([
      [0, "asked_again"],
    ]);
  });

  it("KNOW-GAP-TOPIC: a lead-in ('Sorry, one more question: …') is not the topic", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Sorry, one more question: can I pay by invoice?" },
      { role: "agent", text: "I'm not sure, maybe." },
    ];
    expect(extractKnowledgeGaps(messages, analyse(messages)).map((g) => g.topic)).toEqual(["pay invoice"]);
  });

  it("KNOW-GAP-TOPIC: a greeting is not the topic, and a plural names the same topic as its singular", () => {
    const topicOf = (question: string) => {
      const messages: EngineMessage[] = [
        { role: "customer", text: question },
        { role: "agent", text: "I'm not sure, maybe." },
      ];
      return extractKnowledgeGaps(messages, analyse(messages)).map((g) => g.topic);
    };
    expect(topicOf("Hi, quick question: do you ship to PO boxes?")).toEqual(["ship box"]);
    expect(topicOf("so can you ship it to a po box?")).toEqual(["ship box"]);
    expect(topicOf("Hello! Can I change my delivery addresses?")).toEqual(["change delivery address"]);
    expect(topicOf("Do the deliveries come on Sundays?")).toEqual(["delivery come sunday"]);
    expect(topicOf("What's the status of my refunds?")).toEqual(["what's status refund"]);
  });

  it("KNOW-GAP-TOPIC: a redacted detail is no key word ('[ADDRESS]' is not the word 'address')", () => {
    const topicsOf = (question: string) => {
      const messages: EngineMessage[] = [
        { role: "customer", text: question },
        { role: "agent", text: "I'm not sure, maybe." },
      ];
      return extractKnowledgeGaps(messages, analyse(messages)).map((g) => `${g.question} → ${g.topic}`);
    };
    expect(topicsOf("Was my parcel sent to 14 Baker Street, London?")).toEqual([
      "Was my parcel sent to [ADDRESS]? → parcel sent",
    ]);
    expect(topicsOf("Can you email it to anna@example.com?")).toEqual([
      "Can you email it to [EMAIL]? → email",
    ]);
    expect(topicWords("Is [DATE_OF_BIRTH] on the [ORDER_NUMBER] right?")).toEqual(["right"]);
    // TEXT-MASK-1: a corpus's anonymisation placeholder is no topic word either.
    expect(topicWords("Can #PRS_ORG# send the #NUMBER# books?")).toEqual(["send", "book"]);
    // The word itself, written by the customer, stays.
    expect(topicWords("Can I change my address?")).toEqual(["change", "address"]);
  });

  it("KNOW-GAP-ONCE: the same question asked twice in one conversation is listed once", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Where is my parcel?" },
      { role: "agent", text: "It might be delayed, I'm not sure." },
      { role: "customer", text: "where is my parcel" },
      { role: "agent", text: "Probably somewhere in transit, I think." },
      { role: "customer", text: "Can I get a refund for the delay?" },
      { role: "agent", text: "I'm not sure, maybe." },
    ];
    expect(extractKnowledgeGaps(messages, analyse(messages)).map((g) => [g.questionIndex, g.reason])).toEqual(
      [
        [0, "hedged"],
        [4, "hedged"],
      ],
    );
  });

  it("KNOW-GAP-WINDOW: a question answered after the customer's next message, in the same turn, is not unanswered", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Can I return it without the box?" },
      { role: "customer", text: "Order 4411, bought last week." },
      { role: "system", text: "Order details loaded." },
      { role: "agent", text: "Yes, you can return it without the box within 30 days." },
      { role: "customer", text: "Great, thanks." },
    ];
    expect(extractKnowledgeGaps(messages, analyse(messages))).toEqual([]);
  });

  it("KNOW-GAP-WINDOW: a question the conversation closed on, with no agent reply after it, stays unanswered", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "My order arrived." },
      { role: "agent", text: "Glad to hear it!" },
      { role: "customer", text: "Thanks. Is there a warranty on the blender?" },
      { role: "customer", text: "Have a nice day." },
    ];
    expect(
      extractKnowledgeGaps(messages, analyse(messages)).map((g) => [g.questionIndex, g.reason, g.question]),
    ).toEqual([[2, "unanswered", "Is there a warranty on the blender?"]]);
  });

  it("KNOW-INPUT: misaligned inputs are an error", () => {
    expect(() => extractKnowledgeGaps([{ role: "customer", text: "hi?" }], [])).toThrow(KnowledgeInputError);
  });
});

describe("extractKnowledgeGaps: echoes", () => {
  it("KNOW-GAP: a customer echoing the agent's answer ('Thirty days?') is not a question for the knowledge base", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Where is my refund? I was told it would take 5 days and it's been 12." },
      {
        role: "agent",
        text: "Oh Zoe, I'm so sorry, I know how stressful that is. I think refunds can take up to 30 business days, maybe longer.",
      },
      { role: "customer", text: "Thirty days? Nobody told me that. I need that money for rent." },
      {
        role: "agent",
        text: "I'm so sorry, Zoe, I really am. I'm not sure what else I can do, I'd have to ask someone.",
      },
    ];
    const gaps = extractKnowledgeGaps(messages, analyse(messages));
    expect(gaps.map((g) => g.question)).toEqual(["Where is my refund?"]);
  });

  it("KNOW-GAP: a short question of its own, or one the agent's words did not contain, still counts", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Hi, my parcel is late." },
      { role: "agent", text: "I'm not sure where it is, maybe it's stuck somewhere." },
      { role: "customer", text: "International shipping?" },
      { role: "agent", text: "I think so, maybe." },
      { role: "customer", text: "How long does it take?" },
      { role: "agent", text: "Not sure, it depends I guess." },
    ];
    const gaps = extractKnowledgeGaps(messages, analyse(messages));
    expect(gaps.map((g) => g.question)).toEqual(["International shipping?", "How long does it take?"]);
  });
});

describe("draftInsight", () => {
  it("KNOW-INSIGHT: 'confused by X; Y worked' from the confusion and the reply that ended it", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "I'm confused, why was I charged a restocking fee?" },
      {
        role: "agent",
        text: "Just to confirm, you returned the opened headphones? Opened items carry a 10% restocking fee under the returns policy.",
      },
      { role: "customer", text: "Ah ok, that makes sense now, thanks." },
    ];
    const insight = draftInsight(messages, analyse(messages));
    expect(insight?.confusion).toBe("I'm confused, why was I charged a restocking fee?");
    expect(insight?.resolution).not.toBeNull();
    expect(insight?.text).toMatch(
      /^Customers were confused by: "I'm confused, why was I charged a restocking fee\?"\. This worked: "/,
    );
    expect(insight?.evidence.map((e) => e.index)).toEqual([0, 1]);
  });

  it("KNOW-INSIGHT: the reply the customer answered with another question is not what worked", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Hi, I want to send back a lamp that stopped working. How do I do that?" },
      {
        role: "agent",
        text: "I've raised an RMA for the SKU. The fulfilment center sends the label once the batch job runs.",
      },
      { role: "customer", text: "Sorry, I don't follow. When do I get a label?" },
      {
        role: "agent",
        text: "You'll get the label by email tonight. Items can be returned within 30 days of delivery.",
      },
      { role: "customer", text: "Ok, thanks." },
    ];
    const insight = draftInsight(messages, analyse(messages));
    expect(insight?.resolution).toBe("You'll get the label by email tonight.");
    expect(insight?.text).not.toMatch(/This worked: "I've raised an RMA/);
    expect(insight?.evidence.map((e) => e.index)).toEqual([0, 3]);
  });

  it("KNOW-INSIGHT: no confusion, no insight", () => {
    const messages: EngineMessage[] = [
      { role: "customer", text: "Please cancel my order." },
      { role: "agent", text: "Done, you'll get an email in a minute." },
    ];
    expect(draftInsight(messages, analyse(messages))).toBeNull();
  });
});

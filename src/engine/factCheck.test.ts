import { describe, expect, it } from "vitest";
import { checkAgentClaims } from "./factCheck.ts";
import { compileKnowledgeBase } from "./knowledge.ts";

/** The return window: the fact most of these claims are about. */
const RETURN_WINDOW = {
  id: "window",
  topic: "returns",
  statement: "Items can be returned within 30 days of delivery.",
  key: "return_window",
  value: 30,
  unit: "day",
};
const kb = compileKnowledgeBase({
  facts: [
    RETURN_WINDOW,
    {
      id: "refunds",
      topic: "refunds",
      statement: "We offer full refunds on unopened items.",
      key: "offers_refunds",
      value: true,
    },
    {
      id: "fee",
      topic: "shipping",
      statement: "Standard shipping costs $4.99.",
      key: "standard_shipping_fee",
      value: 4.99,
      unit: "usd",
    },
    {
      id: "discount",
      topic: "discounts",
      statement: "Students get a 15% discount.",
      key: "student_discount",
      value: 15,
      unit: "%",
    },
    {
      id: "devices",
      topic: "subscriptions",
      statement: "A subscription covers up to 5 devices.",
      key: "subscription_device_limit",
      value: 5,
      unit: "device",
    },
    {
      id: "hours",
      topic: "support hours",
      statement: "Phone support is open 8am to 8pm.",
      key: "phone_support_hours",
      value: "8am to 8pm",
    },
  ],
});
const check = (text: string) => checkAgentClaims(text, kb, 2);

describe("checkAgentClaims", () => {
  it("FACT-2: converts weeks and months to days before comparing", () => {
    expect(check("You can return items within 2 weeks of delivery.")[0]).toMatchObject({
      factId: "window",
      verdict: "contradicts",
      claimed: "2 weeks",
      expected: "30 days",
    });
    expect(check("You can return items within a month of delivery.")[0]?.verdict).toBe("agrees");
    expect(check("Returns are accepted for 30 days after delivery.")[0]?.verdict).toBe("agrees");
  });

  it("FACT-2: a range agrees when the fact falls inside it", () => {
    expect(check("Returns are accepted within 28-31 days of delivery.")[0]?.verdict).toBe("agrees");
  });

  it("FACT-3: money and percentages", () => {
    expect(check("Standard shipping is $9.99.")[0]).toMatchObject({ factId: "fee", verdict: "contradicts" });
    expect(check("Standard shipping is $4.99.")[0]).toMatchObject({ factId: "fee", verdict: "agrees" });
    expect(check("Students get a 20% discount.")[0]).toMatchObject({
      factId: "discount",
      verdict: "contradicts",
    });
    expect(check("A subscription works on 3 devices.")[0]).toMatchObject({
      factId: "devices",
      verdict: "contradicts",
    });
  });

  it("FACT-4: yes/no answers by polarity, skipping qualified sentences", () => {
    expect(check("We don't offer refunds.")[0]).toMatchObject({
      factId: "refunds",
      verdict: "contradicts",
      claimed: "no",
    });
    expect(check("We offer full refunds on unopened items.")[0]?.verdict).toBe("agrees");
    expect(check("I'm not sure whether we offer refunds.")).toEqual([]);
  });

  it("FACT-4-IDIOM: a set phrase with 'no' or 'not' is no negative answer", () => {
    for (const text of [
      "Yes, we offer full refunds, no problem at all.",
      "We offer refunds, not a problem.",
      "No worries, we offer full refunds.",
      "We offer refunds at no extra cost.",
      "We offer refunds no matter where you bought it.",
      "Not only do we offer refunds, we also pay the return shipping.",
    ]) {
      expect(check(text)[0], text).toMatchObject({ factId: "refunds", claimed: "yes", verdict: "agrees" });
    }
    // Near misses: a real negation beside the idiom, or the idiom's words used as a negation.
    for (const text of [
      "No problem, but we don't offer refunds.",
      "We offer no refunds, sorry.",
      "Sorry, we do not offer refunds, no matter what.",
    ]) {
      expect(check(text)[0], text).toMatchObject({
        factId: "refunds",
        claimed: "no",
        verdict: "contradicts",
      });
    }
  });

  it("FACT-1: questions and unrelated sentences are not claims", () => {
    expect(check("Do you want a refund within 14 days?")).toEqual([]);
    expect(check("I've applied a 20% discount to your basket.")).toEqual([]);
    expect(check("Your parcel left the depot 2 days ago.")).toEqual([]);
  });

  it("FACT-5: string facts only agree", () => {
    expect(check("Phone support is open 8am to 8pm.")[0]).toMatchObject({
      factId: "hours",
      verdict: "agrees",
    });
    expect(check("Phone support is open 9am to 5pm.")).toEqual([]);
  });

  it("FACT-THRESHOLD-1: a concrete amount above a threshold qualifies; only a different threshold contradicts", () => {
    // The demo knowledge base's wording (src/server/bootstrap.ts).
    const demo = compileKnowledgeBase({
      facts: [
        {
          id: "free",
          topic: "shipping",
          statement: "Shipping is free on orders over $50.",
          key: "free_shipping_threshold",
          value: 50,
          unit: "USD",
        },
      ],
    });
    const checkDemo = (text: string) => checkAgentClaims(text, demo, 2);
    expect(checkDemo("Good news: your $70 order ships free.")[0]).toMatchObject({
      factId: "free",
      verdict: "agrees",
      claimed: "$70",
    });
    expect(checkDemo("Shipping is free on orders over $50.")[0]?.verdict).toBe("agrees");
    expect(checkDemo("Free shipping starts at $70.")[0]).toMatchObject({ verdict: "contradicts" });
    expect(checkDemo("Orders over $70 ship free.")[0]).toMatchObject({ verdict: "contradicts" });
    expect(checkDemo("Orders of $70 or more ship free.")[0]).toMatchObject({ verdict: "contradicts" });
    expect(checkDemo("Orders of $50 or more ship free.")[0]?.verdict).toBe("agrees");
    // A fixed amount fact is still compared exactly, even beside a threshold fact.
    const both = compileKnowledgeBase({
      facts: [...kb.facts.map((f) => f.fact), ...demo.facts.map((f) => f.fact)],
    });
    const checkBoth = (text: string) => checkAgentClaims(text, both, 2);
    expect(checkBoth("Standard shipping on your order costs $70.")[0]).toMatchObject({
      factId: "fee",
      verdict: "contradicts",
    });
    expect(checkBoth("Your $70 order ships free.")[0]).toMatchObject({ factId: "free", verdict: "agrees" });
  });

  // The demo knowledge base (src/server/bootstrap.ts) with an exchange window published under "returns".
  const demo = compileKnowledgeBase({
    facts: [
      {
        id: "return_window",
        topic: "returns",
        key: "return_window",
        value: 30,
        unit: "day",
        statement: "Items can be returned within 30 days of delivery.",
      },
      {
        id: "refund_time",
        topic: "refunds",
        key: "refund_time",
        value: 5,
        unit: "business day",
        statement: "Refunds reach the original payment method within 5 business days.",
      },
      {
        id: "standard_shipping",
        topic: "shipping",
        key: "standard_shipping",
        value: 3,
        unit: "day",
        statement: "Standard shipping takes 3 days.",
      },
      {
        id: "exchange_window",
        topic: "returns",
        key: "exchange_window",
        value: 60,
        unit: "day",
        statement: "Exchanges are accepted within 60 days.",
      },
    ],
  });
  const checkDemo = (text: string) =>
    checkAgentClaims(text, demo, 2).map((c) => `${c.factId} ${c.verdict} ${c.claimed}`);

  it("FACT-SUBJECT-1: a claim is checked against the fact about the same thing, not a sibling under its topic", () => {
    expect(checkDemo("Returns might only be accepted within 14 days.")).toEqual([
      "return_window contradicts 14 days",
    ]);
    expect(checkDemo("Exchanges are accepted within 30 days.")).toEqual([
      "exchange_window contradicts 30 days",
    ]);
    expect(checkDemo("You can exchange it within 60 days.")).toEqual(["exchange_window agrees 60 days"]);
    expect(checkDemo("You can exchange it within 90 days, and returns are 30 days.")).toEqual([
      "exchange_window contradicts 90 days",
      "return_window agrees 30 days",
    ]);
    // Each clause's number goes to the fact that clause names.
    expect(checkDemo("Standard shipping takes 3 days, and you can return it within 14 days.")).toEqual([
      "standard_shipping agrees 3 days",
      "return_window contradicts 14 days",
    ]);
    // Near misses: with only the exchange fact, a sentence about returns is about nothing it knows.
    const exchangeOnly = compileKnowledgeBase({ facts: [demo.byId.get("exchange_window")!.fact] });
    expect(checkAgentClaims("Returns might only be accepted within 14 days.", exchangeOnly, 2)).toEqual([]);
    expect(checkAgentClaims("The return window is 14 days.", exchangeOnly, 2)).toEqual([]);
  });

  it("FACT-SUBJECT-1: a short claim that only names a fact is checked, hedged or not", () => {
    expect(checkDemo("You can return it within 14 days.")).toEqual(["return_window contradicts 14 days"]);
    expect(checkDemo("You have 14 days to return it.")).toEqual(["return_window contradicts 14 days"]);
    expect(checkDemo("You've got 30 days to return it.")).toEqual(["return_window agrees 30 days"]);
    expect(checkDemo("I think refunds can take up to 30 business days.")).toEqual([
      "refund_time contradicts 30 business days",
    ]);
    expect(checkDemo("Refunds may take up to 2 weeks.")).toEqual(["refund_time contradicts 2 weeks"]);
    expect(checkDemo("Refunds usually take 5 business days.")).toEqual([
      "refund_time agrees 5 business days",
    ]);
    // Near misses: a clause that also says something else, a condition or a negation is not a claim
    // about the fact's value.
    expect(checkDemo("We'll process your return within 2 business days of receiving it.")).toEqual([]);
    expect(checkDemo("If you return it within 14 days, you get a full refund.")).toEqual([]);
    expect(checkDemo("Refunds are not processed within 3 days, it takes 5 business days.")).toEqual([]);
    expect(checkDemo("Shipping takes 5 days.")).toEqual([]); // standard or express? not said
    expect(checkDemo("The replacement will ship in 3 days.")).toEqual([]);
    expect(checkDemo("Do refunds take 30 days?")).toEqual([]);
  });

  it("FACT-ELAPSED-1: a duration that dates an event or counts what is left is not a policy's length", () => {
    expect(
      checkDemo("I see your order was delivered 12 days ago, so you're still within the return window."),
    ).toEqual([]);
    expect(checkDemo("Your return window closes in 12 days.")).toEqual([]);
    expect(checkDemo("Your return was received 10 days after delivery, so it's within the window.")).toEqual(
      [],
    );
    expect(checkDemo("Standard shipping on this order took 6 days, sorry about that.")).toEqual([]);
    expect(checkDemo("Refunds can take another 2 business days to reach your card.")).toEqual([]);
    // Still claims: a window counted from delivery, and a policy stated beside an event.
    expect(checkDemo("Returns are accepted for 14 days after delivery.")).toEqual([
      "return_window contradicts 14 days",
    ]);
    expect(checkDemo("Returns are accepted within 30 days after delivery.")).toEqual([
      "return_window agrees 30 days",
    ]);
    expect(checkDemo("Your package shipped 3 days ago, standard shipping takes 3 days.")).toEqual([
      "standard_shipping agrees 3 days",
    ]);
  });

  it("FACT-SUBJECT-1: a sentence naming what sets another fact apart is not checked against this one", () => {
    const withExpress = compileKnowledgeBase({
      facts: [
        ...kb.facts.map((f) => f.fact),
        {
          id: "express",
          topic: "express delivery",
          statement: "Express delivery arrives within 2 days.",
          key: "express_delivery_time",
          value: 2,
          unit: "day",
        },
        {
          id: "refund-time",
          topic: "refunds",
          statement: "Refunds reach the original payment method within 5 business days.",
          key: "refund_processing_time",
          value: 5,
          unit: "business day",
        },
      ],
    });
    const checkExpress = (text: string) =>
      checkAgentClaims(text, withExpress, 2).map((c) => `${c.factId} ${c.verdict} ${c.claimed}`);
    expect(checkExpress("Express delivery costs $12.")).toEqual([]); // not the standard fee
    expect(checkExpress("Standard shipping is $9.99.")).toEqual(["fee contradicts $9.99"]);
    expect(checkExpress("Express delivery takes 5 days.")).toEqual(["express contradicts 5 days"]);
    // Two facts of one kind named in one clause: which the number is about is not said.
    expect(checkExpress("Refunds for express delivery take 10 business days.")).toEqual([]);
    expect(checkExpress("Refunds for express delivery take 5 business days.")).toEqual([
      "refund-time agrees 5 business days",
    ]);
  });

  it("FACT-THRESHOLD-1: an order's size ('orders over $50') is no price; counts added are no limit", () => {
    expect(check("Standard shipping is free on orders over $50.")).toEqual([]);
    expect(check("Standard shipping starts at $9.99.")[0]).toMatchObject({
      factId: "fee",
      verdict: "contradicts",
    });
    expect(check("You can add 2 more devices to your subscription.")).toEqual([]);
    expect(check("A subscription works on 3 devices.")[0]).toMatchObject({
      factId: "devices",
      verdict: "contradicts",
    });
  });

  it("claim spans point at the claim in the original text", () => {
    const text = "Hi there. Standard shipping is $9.99 today.";
    const [c] = check(text);
    expect(text.slice(c!.claimStart, c!.claimEnd)).toBe("$9.99");
  });
});

describe("what a number is about", () => {
  const verdicts = (text: string) => check(text).map((c) => [c.factId, c.claimed, c.verdict]);
  /** Each text claims this of this fact, and nothing else (a failure names its text). */
  const expectClaim = (factId: string, claimed: string, verdict: string, texts: readonly string[]) => {
    for (const text of texts) expect(verdicts(text), text).toEqual([[factId, claimed, verdict]]);
  };
  /** No text claims anything checked (a failure names its text). */
  const expectNoClaim = (texts: readonly string[]) => {
    for (const text of texts) expect(verdicts(text), text).toEqual([]);
  };

  it("FACT-DELIVERY-1: a thing sent to the customer arriving is timed by its delivery, not the return window", () => {
    expectNoClaim([
      "Your return label will arrive in 2 days.",
      "Your return code will be emailed within 2 days.",
      "The return kit arrives in 3 days.",
    ]);
    expect(verdicts("Your return label will arrive in 2 days, so you can return it within 14 days.")).toEqual(
      [["window", "14 days", "contradicts"]],
    );
    expect(
      verdicts("Your return label should reach you in 2 days, and you have 30 days to return it."),
    ).toEqual([["window", "30 days", "agrees"]]);
    expect(verdicts("You can return it within 14 days.")).toEqual([["window", "14 days", "contradicts"]]);
  });

  it("FACT-COUNT-1: a count of what the customer has now is not the limit", () => {
    expectNoClaim([
      "You have 3 devices registered on your subscription.",
      "Your subscription currently has 3 devices.",
      "There are 3 devices linked to your subscription.",
      "I can see 3 devices on your subscription.",
    ]);
    expectClaim("devices", "3 devices", "contradicts", [
      "Your subscription covers up to 3 devices.",
      "You can use your subscription on 3 devices.",
      "You can have 3 devices on your subscription.",
      "You have up to 3 devices on your subscription.",
    ]);
    expect(verdicts("Your subscription has 3 devices registered, and it covers up to 5 devices.")).toEqual([
      ["devices", "5 devices", "agrees"],
    ]);
  });

  it("FACT-OBJECT-1: the thing returned is the item of the claim, not a word that makes it about something else", () => {
    // Missed: "phone" (a word of the phone-support fact) or any object stopped the check.
    for (const [text, claimed, verdict] of [
      ["You can return the phone within 14 days.", "14 days", "contradicts"],
      ["You can return the laptop within 14 days.", "14 days", "contradicts"],
      ["You can return the phone case within 14 days.", "14 days", "contradicts"],
      ["You can return your new headphones within 30 days.", "30 days", "agrees"],
      ["Your phone can be returned within 14 days.", "14 days", "contradicts"],
      ["Return the phone within 14 days, no questions asked.", "14 days", "contradicts"],
    ] as const) {
      expect(verdicts(text), text).toEqual([["window", claimed, verdict]]);
    }
    // Near misses: the company returning something, a call returned, a condition, a past event, an
    // object followed by its own clause.
    expectNoClaim([
      "We'll return your phone within 14 days.",
      "We will return the phone within 14 days.",
      "I can return your call within 14 days.",
      "Phone support can return your call within 14 days.",
      "If you return the phone within 14 days you get a refund.",
      "You returned the phone 14 days ago.",
      "You can return the phone you bought within 14 days.",
    ]);
  });

  it("FACT-RETURN-DIRECTION-1: the company returning something to the customer is not the return window", () => {
    // Triggered: "we will return the item to you within 7 days" read as a 7-day return window.
    expectNoClaim([
      "We will return the item to you within 7 days.",
      "We'll return the item within 7 days.",
      "Once it's repaired we will return the item to you within 7 days.",
      "Your item will be returned to you within 7 days.",
      "It will be returned to you within 7 days.",
      "We'll send the item back to you within 7 days.",
      "I'll return the item to you in 5 days.",
    ]);
    // The customer returning is still the window, in the same sentence too.
    expectClaim("window", "14 days", "contradicts", [
      "You can return the item within 14 days.",
      "You can return the item to us within 14 days.",
      "Items can be returned within 14 days.",
      "We accept returns within 14 days.",
      "We will return the item to you within 7 days, and you can return it within 14 days.",
    ]);
    // A fact about what comes back is still checked.
    const repairs = compileKnowledgeBase({
      facts: [
        RETURN_WINDOW,
        {
          id: "repair",
          topic: "repairs",
          statement: "Repaired devices are returned within 10 days.",
          key: "repair_return_time",
          value: 10,
          unit: "day",
        },
      ],
    });
    const repairVerdicts = (text: string) =>
      checkAgentClaims(text, repairs, 2).map((c) => [c.factId, c.claimed, c.verdict]);
    expect(repairVerdicts("We'll return your repaired device to you within 7 days.")).toEqual([
      ["repair", "7 days", "contradicts"],
    ]);
    expect(repairVerdicts("We will return the item to you within 7 days.")).toEqual([]);
  });

  it("FACT-PRODUCT-1: a product's model number is the item, neither a quantity nor a word that blocks the check", () => {
    // Triggered: "iPhone 15 device" read as 15 devices.
    expect(verdicts("Your iPhone 15 device is covered by your subscription.")).toEqual([]);
    expect(verdicts("Your subscription covers your iPhone 15 device.")).toEqual([]);
    // Blocked: the product name made the claim about something else.
    expect(verdicts("You can return the iPhone 15 within 14 days.")).toEqual([
      ["window", "14 days", "contradicts"],
    ]);
    expect(verdicts("You can return the Galaxy S23 within 30 days.")).toEqual([
      ["window", "30 days", "agrees"],
    ]);
    expect(verdicts("Pixel 8 returns are accepted within 14 days.")).toEqual([
      ["window", "14 days", "contradicts"],
    ]);
    // Words that open a sentence, dates and counts beside a product are still read.
    expect(verdicts("Within 14 days you can return it.")).toEqual([["window", "14 days", "contradicts"]]);
    expect(verdicts("Your subscription covers up to 3 devices, including your iPhone 15.")).toEqual([
      ["devices", "3 devices", "contradicts"],
    ]);
    expect(verdicts("Your subscription covers up to 5 devices, including your Galaxy S23.")).toEqual([
      ["devices", "5 devices", "agrees"],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { checkAgentClaims } from "./factCheck.ts";
import { compileKnowledgeBase } from "./knowledge.ts";

const kb = compileKnowledgeBase({
  facts: [
    {
      id: "window",
      topic: "returns",
      statement: "Items can be returned within 30 days of delivery.",
      key: "return_window",
      value: 30,
      unit: "day",
    },
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

  it("claim spans point at the claim in the original text", () => {
    const text = "Hi there. Standard shipping is $9.99 today.";
    const [c] = check(text);
    expect(text.slice(c!.claimStart, c!.claimEnd)).toBe("$9.99");
  });
});

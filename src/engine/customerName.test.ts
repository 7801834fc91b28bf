import { describe, expect, it } from "vitest";
import { detectCustomerName } from "./cues.ts";

describe("the customer's name from their own words", () => {
  it("reads an introduction that starts a sentence, with either apostrophe", () => {
    expect(detectCustomerName("Hi, I'm Jordan.", undefined)).toBe("Jordan");
    expect(detectCustomerName("Hi, I’m Jordan, my order is late", undefined)).toBe("Jordan");
    expect(detectCustomerName("My name is Priya and my router is broken", undefined)).toBe("Priya");
    expect(detectCustomerName("This is Sam from Leeds", undefined)).toBe("Sam");
    expect(detectCustomerName("I am Alex", undefined)).toBe("Alex");
    expect(detectCustomerName("hi i'm Jordan", undefined)).toBe("Jordan");
  });

  it("does not take a capitalised word that is not a name", () => {
    expect(detectCustomerName("This is Ridiculous.", undefined)).toBeNull();
    expect(detectCustomerName("I'm Sorry, what?", undefined)).toBeNull();
    expect(detectCustomerName("I'm Done!", undefined)).toBeNull();
    expect(detectCustomerName("I'm jordan", undefined)).toBeNull();
    expect(detectCustomerName("I'm waiting for my refund", undefined)).toBeNull();
  });
});

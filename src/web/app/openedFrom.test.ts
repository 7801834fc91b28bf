import { describe, expect, it } from "vitest";
import { navLocationFor } from "./openedFrom.ts";

describe("the navigation item lit", () => {
  it("is Numbers on a lead's view of an agent's own numbers, which has no item of its own", () => {
    const lead = ["/floor", "/conversations", "/alerts", "/escalations", "/numbers"];
    expect(navLocationFor("/my-numbers", null, lead)).toBe("/numbers");
  });

  it("is My numbers for an agent, whose navigation has it", () => {
    const agent = ["/console", "/floor", "/my-numbers"];
    expect(navLocationFor("/my-numbers", null, agent)).toBe("/my-numbers");
  });

  it("is the page a conversation was opened from", () => {
    expect(navLocationFor("/conversations/c-1", "/alerts?scope=team", ["/alerts"])).toBe("/alerts");
    expect(navLocationFor("/conversations/c-1", null, ["/alerts"])).toBe("/conversations/c-1");
  });
});

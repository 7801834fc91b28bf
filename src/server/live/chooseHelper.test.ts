import { describe, expect, it } from "vitest";
import { chooseHelper, type HelperCandidate } from "./chooseHelper.ts";

const person = (overrides: Partial<HelperCandidate> & { personId: string }): HelperCandidate => ({
  name: overrides.personId,
  role: "agent",
  availability: "available",
  load: 0,
  maxLoad: 3,
  topicStrength: 0,
  ...overrides,
});

describe("chooseHelper", () => {
  it("never picks the struggling agent, even when they know the topic best", () => {
    const choice = chooseHelper(
      [person({ personId: "agent", topicStrength: 9 }), person({ personId: "peer" })],
      {
        agentId: "agent",
        needsAuthority: false,
        exclude: [],
      },
    );
    expect(choice?.personId).toBe("peer");
  });

  it("prefers whoever knows the topic among free teammates", () => {
    const choice = chooseHelper([person({ personId: "a" }), person({ personId: "b", topicStrength: 2 })], {
      agentId: null,
      needsAuthority: false,
      exclude: [],
      topic: "refunds",
    });
    expect(choice?.personId).toBe("b");
    expect(choice?.routing).toBe(
      "b: an agent, free, handling 0 of at most 3 conversations, has handled refunds before",
    );
  });

  it("says why in words a helper reads: authority, load, a topic without history, presence", () => {
    const choice = chooseHelper([person({ personId: "Lee", role: "lead", load: 1, present: false })], {
      agentId: null,
      needsAuthority: true,
      exclude: [],
      topic: "billing",
    });
    expect(choice?.routing).toBe(
      "Lee: a lead, as this needs authority, free, handling 1 of at most 3 conversations, no history on billing yet, did not have tagteam open when asked",
    );
    // No topic known: nothing said about one.
    const untopical = chooseHelper([person({ personId: "a", present: true })], {
      agentId: null,
      needsAuthority: false,
      exclude: [],
    });
    expect(untopical?.routing).toBe(
      "a: an agent, free, handling 0 of at most 3 conversations, had tagteam open when asked",
    );
  });

  it("prefers free over busy and under-capacity over overloaded", () => {
    const choice = chooseHelper(
      [
        person({ personId: "busy", availability: "busy", topicStrength: 5 }),
        person({ personId: "full", load: 3, topicStrength: 5 }),
        person({ personId: "free" }),
      ],
      { agentId: null, needsAuthority: false, exclude: [] },
    );
    expect(choice?.personId).toBe("free");
  });

  it("asks a lead when authority is needed, and nobody away or offline", () => {
    const candidates = [
      person({ personId: "peer", topicStrength: 5 }),
      person({ personId: "lead-away", role: "lead", availability: "away" }),
      person({ personId: "lead", role: "lead", availability: "busy" }),
    ];
    expect(chooseHelper(candidates, { agentId: null, needsAuthority: true, exclude: [] })?.personId).toBe(
      "lead",
    );
    expect(chooseHelper(candidates, { agentId: null, needsAuthority: true, exclude: ["lead"] })).toBeNull();
  });

  it("reroutes past helpers who could not resolve it", () => {
    const candidates = [person({ personId: "first", topicStrength: 3 }), person({ personId: "second" })];
    expect(
      chooseHelper(candidates, { agentId: null, needsAuthority: false, exclude: ["first"] })?.personId,
    ).toBe("second");
  });
});

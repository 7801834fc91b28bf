import { describe, expect, it } from "vitest";
import { createConversationState, createEngineContext, observe } from "../engine/index.ts";
import {
  agentFor,
  castFor,
  DEMO_CONVERSATIONS,
  type DemoConversation,
  type DemoPersona,
} from "./demoConversations.ts";

describe("castFor", () => {
  const rounds = 3;
  const casts = Array.from({ length: DEMO_CONVERSATIONS.length * rounds }, (_, n) =>
    castFor(DEMO_CONVERSATIONS[n % DEMO_CONVERSATIONS.length]!, n),
  );

  it("plays the first round as written", () => {
    expect(casts.slice(0, DEMO_CONVERSATIONS.length)).toEqual(DEMO_CONVERSATIONS);
  });

  it("gives later rounds other customers: no name comes back within three rounds", () => {
    const names = casts.map((c) => c.customer);
    expect(new Set(names).size).toBe(names.length);
  });

  it("the agent greets the new customer by their own first name, and nothing else changes", () => {
    const tom = DEMO_CONVERSATIONS.findIndex((c) => c.customer === "Tom Ellis");
    const replay = casts[tom + DEMO_CONVERSATIONS.length]!;
    const first = replay.customer.split(" ")[0]!;
    const original = DEMO_CONVERSATIONS[tom]!;
    expect(replay.lines.map((l) => l.text).join(" ")).not.toMatch(/\bTom\b/);
    expect(replay.lines[1]?.text).toBe(original.lines[1]?.text.replace("Tom", first));
    expect(replay.lines.map((l) => l.role)).toEqual(original.lines.map((l) => l.role));
    expect({ topic: replay.topic, channel: replay.channel }).toEqual({
      topic: original.topic,
      channel: original.channel,
    });
  });
});

describe("the demo agents' ways of working", () => {
  /** The cue kinds the engine reads in each script's agent lines, as the live path reads them. */
  const cuesOf = (script: DemoConversation): Set<string> => {
    let state = createConversationState();
    const context = createEngineContext();
    const kinds = new Set<string>();
    for (const line of script.lines) {
      const author = line.role === "customer" ? script.customer : script.persona;
      const r = observe(state, { ...line, author }, context);
      state = r.state;
      if (line.role === "agent") for (const cue of r.analysis.cues) kinds.add(cue.kind);
    }
    return kinds;
  };
  const scriptsOf = (persona: DemoPersona) => DEMO_CONVERSATIONS.filter((s) => s.persona === persona);
  const has = (kinds: Set<string>, ...any: string[]) => any.some((k) => kinds.has(k));

  it("gives every demo agent several conversations", () => {
    for (const persona of ["ana", "ben", "cho", "dev"] as const)
      expect(scriptsOf(persona).length).toBeGreaterThanOrEqual(3);
  });

  it("Ana uses the name and acknowledges feelings, but hedges on fees, refunds and policy", () => {
    for (const s of scriptsOf("ana")) {
      const kinds = cuesOf(s);
      expect(kinds.has("customer_name"), s.customer).toBe(true);
      if (s.topic !== "shipping") expect(has(kinds, "hedging", "vague_answer"), s.customer).toBe(true);
    }
    expect(scriptsOf("ana").filter((s) => cuesOf(s).has("empathy")).length).toBeGreaterThanOrEqual(3);
  });

  it("Ben gives a concrete next step, never the customer's name nor a word about feelings", () => {
    for (const s of scriptsOf("ben")) {
      const kinds = cuesOf(s);
      expect(has(kinds, "customer_name", "empathy"), s.customer).toBe(false);
      expect(has(kinds, "next_step", "commitment"), s.customer).toBe(true);
    }
  });

  it("Cho talks in jargon and, pushed, gets defensive or blames another team", () => {
    for (const s of scriptsOf("cho")) expect(cuesOf(s).has("jargon"), s.customer).toBe(true);
    expect(
      scriptsOf("cho").filter((s) => has(cuesOf(s), "defensiveness", "blame_coworker")).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("Dev uses the name and never hedges, defends, blames or slips into jargon", () => {
    for (const s of scriptsOf("dev")) {
      const kinds = cuesOf(s);
      expect(kinds.has("customer_name"), s.customer).toBe(true);
      const bad = [
        "hedging",
        "vague_answer",
        "defensiveness",
        "blame_coworker",
        "jargon",
        "repeated_apology",
      ];
      expect(
        bad.filter((k) => kinds.has(k)),
        s.customer,
      ).toEqual([]);
    }
  });
});

describe("agentFor", () => {
  const demo = ["ana.agent@demo.test", "ben.agent@demo.test", "cho.agent@demo.test", "dev.agent@demo.test"];

  it("hands a script to the demo agent it was written for", () => {
    for (const [n, s] of DEMO_CONVERSATIONS.entries())
      expect(agentFor(s, demo, n)).toBe(`${s.persona}.agent@demo.test`);
  });

  it("takes other agents in turn, and none without any", () => {
    const others = ["x@team.test", "y@team.test"];
    expect([0, 1, 2].map((n) => agentFor({ persona: "ben" }, others, n))).toEqual([
      "x@team.test",
      "y@team.test",
      "x@team.test",
    ]);
    expect(agentFor({ persona: "ben" }, [], 0)).toBeUndefined();
  });
});

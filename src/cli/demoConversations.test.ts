import { describe, expect, it } from "vitest";
import { createConversationState, createEngineContext, observe } from "../engine/index.ts";
import { RECOVERY_CALM_BELOW, RECOVERY_FALL, RECOVERY_LINES } from "../protocol/numbers.ts";
import { DEMO_REPLAY_PACE, replayConversationsPerHour } from "./demoPace.ts";
import { DEFAULT_ENGINE_CONFIG } from "../engine/config.ts";
import { demoDefaults } from "./serve.ts";
import { heldNextAt, linesAfterStepIn, saysTheSame } from "./simulator.ts";
import {
  agentFor,
  castFor,
  datedFor,
  DEMO_CONVERSATIONS,
  LOGIN_EVERY_ROUNDS,
  OUTAGE_EVERY_ROUNDS,
  playsInReplay,
  type DemoConversation,
  type DemoLine,
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

  it("the agent greets the new customer by their own first name and order number, and nothing else changes", () => {
    const tom = DEMO_CONVERSATIONS.findIndex((c) => c.customer === "Tom Ellis");
    const replay = casts[tom + DEMO_CONVERSATIONS.length]!;
    const first = replay.customer.split(" ")[0]!;
    const original = DEMO_CONVERSATIONS[tom]!;
    expect(replay.lines.map((l) => l.text).join(" ")).not.toMatch(/\bTom\b|48213/);
    const order = /order (\d{5})/.exec(replay.lines[0]?.text ?? "")?.[1];
    expect(order).toMatch(/^\d{5}$/);
    expect(replay.lines[1]?.text).toBe(
      original.lines[1]?.text.replace("Tom", first).replace("48213", order ?? ""),
    );
    expect(replay.lines.map((l) => l.role)).toEqual(original.lines.map((l) => l.role));
    expect({ topic: replay.topic, channel: replay.channel }).toEqual({
      topic: original.topic,
      channel: original.channel,
    });
  });
});

describe("the customers' own words", () => {
  it("later rounds put each opening another way: over five rounds no customer's first line comes back word for word", () => {
    const L = DEMO_CONVERSATIONS.length;
    for (const [i, script] of DEMO_CONVERSATIONS.entries()) {
      const openings = Array.from({ length: 5 }, (_, round) => castFor(script, i + round * L).lines[0]?.text);
      expect(new Set(openings).size, script.customer).toBe(5);
      // The same facts the agent answers: the amount asked about stays the amount answered.
      for (const text of openings)
        for (const amount of script.lines[0]?.text.match(/\$\d+/g) ?? []) {
          expect(text, script.customer).toContain(amount);
        }
    }
    // "Do I have to pay for shipping on a $70 order?" once in five rounds, not every round.
    const omar = DEMO_CONVERSATIONS.findIndex((c) => c.customer === "Omar Haddad");
    const asked = Array.from({ length: 5 }, (_, round) =>
      castFor(DEMO_CONVERSATIONS[omar]!, omar + round * L),
    );
    expect(asked.filter((c) => /pay for shipping/.test(c.lines[0]?.text ?? ""))).toHaveLength(1);
  });
});

describe("what happens after a step-in", () => {
  /** The engine's reading of each line: whether it raised an alert, the customer's running frustration. */
  const read = (script: DemoConversation, lines: readonly DemoLine[]) => {
    let state = createConversationState();
    const context = createEngineContext();
    return lines.map((line, i) => {
      const author = line.role === "customer" ? script.customer : script.persona;
      const r = observe(state, { ...line, at: i * 2500, author }, context);
      state = r.state;
      return { role: line.role, raise: r.analysis.stepIn.raise, frustration: state.frustration };
    });
  };
  /** Numbers' rule: calm enough, or clearly calmer, RECOVERY_LINES customer lines later (or at the last). */
  const recovered = (script: DemoConversation, before: readonly DemoLine[], after: readonly DemoLine[]) => {
    const readings = read(script, [...before, ...after]);
    const customerBefore = readings.slice(0, before.length).filter((r) => r.role === "customer");
    const customerAfter = readings.slice(before.length).filter((r) => r.role === "customer");
    const then = customerBefore.at(-1)?.frustration ?? 0;
    const later = customerAfter[Math.min(RECOVERY_LINES, customerAfter.length) - 1]?.frustration;
    if (later === undefined) return null;
    return later < RECOVERY_CALM_BELOW || then - later >= RECOVERY_FALL;
  };
  const raising = DEMO_CONVERSATIONS.filter((s) => read(s, s.lines).some((r) => r.raise));

  it("every script that asks for help goes on once it comes, and ends without it otherwise", () => {
    expect(raising.length).toBeGreaterThanOrEqual(4);
    // Not every step-in saves the customer: Numbers show some that did not recover.
    expect(raising.filter((s) => s.helpTooLate === true).length).toBe(1);
    for (const s of raising) {
      expect(
        s.helped?.some((l) => l.role === "customer"),
        s.customer,
      ).toBe(true);
      expect(
        s.alone?.some((l) => l.role === "customer"),
        s.customer,
      ).toBe(true);
    }
  });

  it("the customer recovers whenever the agent gets the help (but where it came too late), and stays upset when nobody comes", () => {
    for (const s of raising) {
      const readings = read(s, s.lines);
      const firstAlert = readings.findIndex((r) => r.raise);
      // Help lands at one of the agent's turns after the first alert, or once the lines ran out.
      const turns = [
        ...readings.flatMap((r, i) => (i > firstAlert && r.role === "agent" ? [i] : [])),
        s.lines.length,
      ];
      for (const at of turns)
        expect(recovered(s, s.lines.slice(0, at), s.helped ?? []), `${s.customer}, help at line ${at}`).toBe(
          s.helpTooLate !== true,
        );
      const alone = read(s, [...s.lines, ...(s.alone ?? [])]);
      expect(alone.at(-1)?.frustration, s.customer).toBeGreaterThanOrEqual(RECOVERY_CALM_BELOW);
    }
  });

  it("a helper who took over introduces themself before the script goes on; a whisper changes no line", () => {
    const maya = DEMO_CONVERSATIONS.find((s) => s.customer === "Maya Chen")!;
    const takeover = linesAfterStepIn(maya, { kind: "takeover", helperName: "Dev Patel" });
    expect(takeover[0]).toEqual({
      role: "agent",
      text: "Hi Maya, this is Dev. I'm taking over from my colleague so we can sort this out for you now.",
    });
    expect(takeover.slice(1)).toEqual(maya.helped);
    expect(linesAfterStepIn(maya, { kind: "whisper", helperName: "Dev Patel" })).toEqual(maya.helped);
    expect(linesAfterStepIn(maya, { kind: "takeover", helperName: null })[0]?.text).toMatch(/^Hi Maya, I'm/);
  });

  it("a person who took over is answered where what they wrote fits the script, and nowhere else", () => {
    const maya = DEMO_CONVERSATIONS.find((s) => s.customer === "Maya Chen")!;
    const seq = [
      ...maya.lines.slice(0, 1),
      ...linesAfterStepIn(maya, { kind: "takeover", helperName: null }),
    ];
    const said = (text: string) => heldNextAt(seq, 1, text, maya.customer);
    // The policy in their own words: the customer asks how to send it back.
    const policy = said(
      "Hi Maya, I checked: returns are accepted within 30 days of delivery, so you're fine.",
    );
    expect(seq[policy!]?.text).toBe("Okay, good. So how do I send it back?");
    // The label, after it: the customer's thanks, skipping what came before.
    const label = said("I've emailed you a free return label. Drop the jacket at any post office.");
    expect(seq[label!]?.text).toBe("Great, that's easy. Thank you for sorting it out.");
    // Nothing the script answers: no line for it.
    expect(said("Let me look into this for you, one moment.")).toBeNull();
    expect(said("Hi Maya, I'm taking over now.")).toBeNull();
    // Another figure is another thing said: the script's first answer (14 days) is not 30 days.
    expect(
      saysTheSame(
        "Returns are accepted within 30 days.",
        "I think returns might only be accepted within 14 days, maybe.",
        "Maya Chen",
      ),
    ).toBe(false);
  });

  it("later rounds' customers are greeted by their own name after the step-in too", () => {
    const n = DEMO_CONVERSATIONS.findIndex((s) => s.customer === "Maya Chen");
    const replay = castFor(DEMO_CONVERSATIONS[n]!, n + DEMO_CONVERSATIONS.length);
    const first = replay.customer.split(" ")[0]!;
    const text = [...(replay.helped ?? []), ...(replay.alone ?? [])].map((l) => l.text).join(" ");
    expect(text).not.toMatch(/\bMaya\b/);
    expect(replay.helped?.[0]?.text).toMatch(new RegExp(`^${first},`));
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

describe("the outage in the replay", () => {
  it("plays its customers in the first round and then every OUTAGE_EVERY_ROUNDS rounds; the rest always", () => {
    const n = DEMO_CONVERSATIONS.length;
    const outage = DEMO_CONVERSATIONS.findIndex((s) => s.outage === true);
    const other = DEMO_CONVERSATIONS.findIndex((s) => s.outage !== true);
    expect(DEMO_CONVERSATIONS.filter((s) => s.outage === true)).toHaveLength(3);
    const plays = (i: number, round: number) => playsInReplay(DEMO_CONVERSATIONS[i]!, round * n + i);
    expect(plays(outage, 0)).toBe(true);
    expect(plays(outage, 1)).toBe(false);
    expect(plays(outage, OUTAGE_EVERY_ROUNDS - 1)).toBe(false);
    expect(plays(outage, OUTAGE_EVERY_ROUNDS)).toBe(true);
    for (const round of [0, 1, 7, OUTAGE_EVERY_ROUNDS]) expect(plays(other, round)).toBe(true);
  });

  it("plays the customers who cannot log in only every LOGIN_EVERY_ROUNDS rounds: too few to make an incident", () => {
    const n = DEMO_CONVERSATIONS.length;
    const login = DEMO_CONVERSATIONS.map((s, i) => (s.login === true ? i : -1)).filter((i) => i >= 0);
    expect(login).toHaveLength(2);
    // The lines that say it: every script that tells of a failed log-in is one of them.
    for (const [i, s] of DEMO_CONVERSATIONS.entries())
      if (s.lines.some((l) => l.role === "customer" && /can't log in|locked out/i.test(l.text)))
        expect(login).toContain(i);
    const reports = (rounds: number) => {
      let count = 0;
      for (let r = 0; r < rounds; r++)
        for (const i of login) if (playsInReplay(DEMO_CONVERSATIONS[i]!, r * n + i)) count++;
      return count;
    };
    // Fewer than five reports (the incident threshold) in any quarter of an hour at the demo's pace.
    const lines = DEMO_CONVERSATIONS.map((s) => s.lines.length + (s.helped ?? s.alone ?? []).length);
    const perHour = replayConversationsPerHour(DEMO_REPLAY_PACE, Math.min(...lines));
    const roundsIn15Minutes = Math.ceil(perHour / 4 / n) + 1;
    for (let start = 0; start < 3 * LOGIN_EVERY_ROUNDS; start++) {
      let count = 0;
      for (let r = start; r < start + roundsIn15Minutes; r++)
        for (const i of login) if (playsInReplay(DEMO_CONVERSATIONS[i]!, r * n + i)) count++;
      expect(count).toBeLessThan(5);
    }
    expect(reports(1)).toBe(2);
  });

  it("never say which weekday it is or was: the demo plays on any day (Felix's parcel 'due on Monday and it's now Thursday' on a Sunday)", () => {
    const day = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    const past = new RegExp(
      `\\b(?:shipped|was due|arrived|came|now|today is|it's)\\s+(?:on\\s+)?${day}\\b`,
      "i",
    );
    const soon = new RegExp(`\\b(?:arrives|arriving|delivered)\\s+(?:on\\s+)?${day}\\b|^${day}\\?`, "i");
    for (const s of DEMO_CONVERSATIONS)
      for (const line of [...s.lines, ...(s.helped ?? []), ...(s.alone ?? [])]) {
        expect(line.text).not.toMatch(past);
        expect(line.text).not.toMatch(soon);
      }
  });

  it("say the days they name as on the day they play: none left unsaid, none today's own weekday, Grace's money before her rent", () => {
    const DAY = 86_400_000;
    const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    // Thursday 3 December 2026 and the six days after it, in the second round's wordings too.
    const thursday = Date.UTC(2026, 11, 3);
    for (let d = 0; d < 7; d++) {
      const day = thursday + d * DAY;
      const own = WEEKDAYS[new Date(day).getUTCDay()]!;
      for (const [n, s] of DEMO_CONVERSATIONS.entries())
        for (const played of [datedFor(s, day), datedFor(castFor(s, n + DEMO_CONVERSATIONS.length), day)]) {
          const lines = [...played.lines, ...(played.helped ?? []), ...(played.alone ?? [])];
          const texts = lines.flatMap((l) => [l.text, ...(l.also ?? [])]);
          expect(texts.filter((t) => /[{}]/.test(t))).toEqual([]);
          expect(texts.filter((t) => t.includes(own))).toEqual([]);
        }
      const grace = datedFor(
        DEMO_CONVERSATIONS.find((s) => s.customer === "Grace Liu")!,
        day,
      );
      const rent = /rent is due on (\w+)/.exec(grace.helped!.map((l) => l.text).join(" "))?.[1];
      const paid = /on your card by (\w+)/.exec(grace.helped!.map((l) => l.text).join(" "))?.[1];
      const ahead = (name: string | undefined) =>
        (WEEKDAYS.indexOf(name!) - new Date(day).getUTCDay() + 7) % 7;
      expect(ahead(paid), own).toBeGreaterThan(0);
      expect(ahead(paid), own).toBeLessThan(ahead(rent));
    }
    const jonas = DEMO_CONVERSATIONS.find((s) => s.customer === "Jonas Berg")!;
    const friday = datedFor(jonas, thursday + DAY).lines.map((l) => l.text);
    expect(friday).toContain(
      "I can see the return arrived on the 24th. Refunds reach your card within 5 business days, so this is late.",
    );
    expect(friday).toContain(
      "I've escalated it to our payments team and I'll email you an update by Monday at noon.",
    );
  });

  it("answers e-mails before the engine reads a long gap, while their customers write back minutes to an hour later", () => {
    const [, answerMax] = DEMO_REPLAY_PACE.emailAnswerDelayMs;
    expect(answerMax).toBeLessThan(DEFAULT_ENGINE_CONFIG.thresholds.longGapMs);
    const [customerMin, customerMax] = DEMO_REPLAY_PACE.emailLineDelayMs;
    const [, chatMax] = DEMO_REPLAY_PACE.lineDelayMs;
    expect(customerMin).toBeGreaterThan(chatMax);
    expect(customerMax).toBeGreaterThanOrEqual(3_600_000);
  });

  it("goes quiet within a demo: the live demo's incidents end after ten minutes without a report", () => {
    expect(demoDefaults({ TAGTEAM_DEMO: "live" })).toEqual({ TAGTEAM_INCIDENT_QUIET_MS: "600000" });
    expect(demoDefaults({ TAGTEAM_DEMO: "live", TAGTEAM_INCIDENT_QUIET_MS: "5000" })).toEqual({});
    expect(demoDefaults({ TAGTEAM_DEMO: "workspace" })).toEqual({});
    expect(demoDefaults({})).toEqual({});
  });
});

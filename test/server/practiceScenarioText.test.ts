/**
 * What a drill's customer says, over in-process HTTP against a real (PGlite) store: a lead makes a
 * scenario from a closed conversation, a teammate drills on it. The scenario keeps no reference the
 * customer gave in a sentence ("my order is 4521"); the lines we write for the customer read as
 * theirs; a lead may remove a scenario. practice.test.ts covers the drill's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { seedDemoScenario } from "../../src/server/practice/demoScenario.ts";
import { createWorld, message, practiceScenarioFrom, type World } from "./factories.ts";

let world: World;
let ingestToken: string;

type Line = { role: "customer" | "agent"; text: string };
type Scenario = {
  id: string;
  title: string;
  persona: { wants: string };
  customerLines: string[];
  sourceConversationId: string | null;
};
type Session = { id: string; status: string; turns: { role: string; text: string }[] };

beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

/** A closed conversation of team A from these lines, made into a scenario by its lead. */
const scenarioFrom = (name: string, lines: readonly Line[], topic: string): Promise<Scenario> =>
  practiceScenarioFrom(world, ingestToken, { name, topic, customer: "Maren Olsen" }, lines);

/** A solo drill by peerA with these replies, ended if the customer has not ended it. */
async function drill(scenarioId: string, replies: readonly string[]): Promise<Session> {
  const started = await world.inject({
    method: "POST",
    url: "/api/v1/practice/sessions",
    as: "peerA",
    payload: { scenarioId },
  });
  expect(started.statusCode, started.body).toBe(201);
  let session: Session = started.json().session;
  for (const text of replies) {
    if (session.status !== "active") break;
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${session.id}/replies`,
      as: "peerA",
      payload: { text },
    });
    expect(r.statusCode, r.body).toBe(200);
    session = r.json().session;
  }
  return session;
}

describe("a scenario's customer lines", () => {
  it("keep no order number or account name the customer gave as a sentence", async () => {
    const scenario = await scenarioFrom(
      "references-said",
      [
        { role: "customer", text: "My order is 4521 and it never came. I want a refund." },
        { role: "agent", text: "Sorry, I'm not sure, maybe it's the warehouse." },
        {
          role: "customer",
          text: "I already told you! The order ID was 7731 on the second one. This is ridiculous.",
        },
        { role: "agent", text: "Well, I don't know what to say." },
        { role: "customer", text: "My account's mo1987 if that helps. Get me a manager now." },
      ],
      "refunds",
    );
    // What the scenario says (not its ids or times: a random id or a clock can hold '4521' too).
    const { id: _id, sourceConversationId: _source, ...said } = scenario;
    const text = JSON.stringify(said);
    for (const secret of ["4521", "7731", "mo1987"])
      expect(text, secret).not.toMatch(new RegExp(`(?<![\\w-])${secret}(?![\\w])`));
    // A made-up reference in its place (69b5e4a), never the placeholder.
    expect(scenario.customerLines[0]).toMatch(
      /^My order is [A-Z]{2}-\d{5} and it never came\. I want a refund\.$/,
    );
    const session = await drill(scenario.id, []);
    expect(session.turns[0]?.text).not.toContain("4521");
  });
});

describe("the simulated customer's own lines", () => {
  const LATE_FEE: Line[] = [
    { role: "customer", text: "Why was I charged a late fee? I paid on the due date." },
    { role: "agent", text: "Well, that's the policy, it's not my fault." },
    { role: "customer", text: "I paid on time! This is ridiculous, you are not listening." },
    { role: "agent", text: "Sorry, I'm not sure what happened." },
    { role: "customer", text: "I want to speak to a manager right now or I'm cancelling." },
  ];

  it("want what the customer asked for, not what they threatened, said in words that fit each line", async () => {
    const scenario = await scenarioFrom("late-fee", LATE_FEE, "billing");
    // "or I'm cancelling" is a threat: the customer wants the fee put right.
    expect(scenario.persona.wants).toBe("the charge explained and put right");
    expect(scenario.title).not.toContain("cancel");
    // Three different replies: the same one sent again reads as not listening (CUE-RESEND-1).
    const calmed = await drill(scenario.id, [
      "I understand how annoying that is. So you paid on the due date and still got a late fee. I'll remove the fee today and email you confirmation by 5pm.",
      "I hear you, being charged after paying on time is not fair. The fee is removed now and I'll send you the receipt by 5pm today.",
      "That makes sense, you want it put right. I've refunded the late fee to your card today and I'll call you tomorrow at 10am to confirm.",
    ]);
    expect(calmed.status).toBe("satisfied");
    const neutral = await drill(scenario.id, ["Okay.", "Okay.", "Okay."]);
    const walked = await drill(scenario.id, [
      "Sorry, I'm not sure, maybe billing did it, not me.",
      "Sorry, that's the policy, nothing I can do.",
      "Sorry, I don't know, maybe it's billing's fault.",
    ]);
    expect(walked.status).toBe("walked_away");
    const written = [calmed, neutral, walked]
      .flatMap((s) => s.turns)
      .filter((t) => t.role === "customer" && !LATE_FEE.some((l) => l.text === t.text))
      .map((t) => t.text);
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const line of written) {
      expect(line).not.toMatch(/cancel/);
      // The customer speaks for themself: never "their", never a want that breaks the sentence.
      expect(line).not.toMatch(/\btheir\b|sorting out (?:to|back|a clear)|need (?:to|back|it)\b/);
    }
    expect(written).toContain(
      "Okay, if that's what happens, that works for me. Thank you for sorting out this charge.",
    );
  });

  it("read a request to cancel as the want", async () => {
    const scenario = await scenarioFrom(
      "cancel-asked",
      [
        { role: "customer", text: "I want to cancel my subscription, I asked last week already." },
        { role: "agent", text: "Hmm, I'm not sure that's possible, maybe try again later." },
        { role: "customer", text: "I already told you I asked last week! This is ridiculous." },
      ],
      "accounts",
    );
    expect(scenario.persona.wants).toBe("to cancel");
    const session = await drill(scenario.id, ["Okay.", "Okay."]);
    expect(session.turns.at(-1)?.text).toBe("That doesn't answer me. I still need my cancellation sorted.");
  });
});

describe("a customer kept waiting for an answer", () => {
  it("restates what they need in other words each time, not the same sentence again", async () => {
    const scenario = await scenarioFrom(
      "restated",
      [
        { role: "customer", text: "My sofa arrived with a torn cushion. I want a full refund." },
        { role: "agent", text: "Hmm, maybe, I'm not sure." },
        { role: "customer", text: "I already told you, I sent photos twice! This is ridiculous." },
      ],
      "returns",
    );
    const session = await drill(scenario.id, ["Okay.", "Let me check.", "Okay.", "Hmm, okay.", "Right."]);
    const said = session.turns.filter((t) => t.role === "customer").map((t) => t.text);
    expect(said).toHaveLength(6);
    for (const [i, line] of said.entries()) if (i > 0) expect(line, `line ${i}`).not.toBe(said[i - 1]);
    // Three restatements of the need, each in its own words.
    expect(new Set(said.slice(2, 5)).size).toBe(3);
    expect(said[2]).toBe("That doesn't answer me. I still need my refund sorted.");
  });
});

describe("removing a scenario", () => {
  it("is for the team's lead: it goes with its drills, is audited, and its conversation can be made again", async () => {
    const lines: Line[] = [
      { role: "customer", text: "My refund never arrived and I already told you twice. I'm really angry." },
      { role: "agent", text: "Sorry, sorry, I'm not sure, maybe billing messed it up." },
      { role: "customer", text: "You are useless. Get me a manager or I'm calling my lawyer." },
    ];
    const scenario = await scenarioFrom("to-remove", lines, "refunds");
    const session = await drill(scenario.id, ["I hear you. I'll refund it today and email you by 5pm."]);
    const url = `/api/v1/practice/scenarios/${scenario.id}`;

    const byAgent = await world.inject({ method: "DELETE", url, as: "peerA" });
    expect(byAgent.statusCode, byAgent.body).toBe(403);
    expect((await world.inject({ method: "GET", url, as: "peerA" })).statusCode).toBe(200);

    const removed = await world.inject({ method: "DELETE", url, as: "leadA" });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json()).toEqual({ removed: { scenarioId: scenario.id, drills: 1 } });
    expect((await world.inject({ method: "GET", url, as: "leadA" })).statusCode).toBe(404);
    const listed = await world.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "peerA" });
    expect(listed.json().scenarios.map((s: { id: string }) => s.id)).not.toContain(scenario.id);
    const drillGone = await world.inject({
      method: "GET",
      url: `/api/v1/practice/sessions/${session.id}`,
      as: "peerA",
    });
    expect(drillGone.statusCode).toBe(404);
    expect((await world.inject({ method: "DELETE", url, as: "leadA" })).statusCode).toBe(404);

    const audit = await world.inject({
      method: "GET",
      url: "/api/v1/audit?action=practice_scenario.removed",
      as: "admin",
    });
    expect(audit.json().entries).toHaveLength(1);

    // The conversation it came from is free to be made a scenario again.
    const candidates = await world.inject({ method: "GET", url: "/api/v1/practice/candidates", as: "leadA" });
    const source = scenario.sourceConversationId;
    expect(candidates.json().candidates.map((c: { conversationId: string }) => c.conversationId)).toContain(
      source,
    );
    const again = await world.inject({
      method: "POST",
      url: "/api/v1/practice/scenarios",
      as: "leadA",
      payload: { conversationId: source },
    });
    expect(again.statusCode, again.body).toBe(201);
  });
});

/**
 * What the lead's list of suggested conversations shows (GET /practice/candidates) for a few closed
 * conversations of one topic, each opened with its own line and going on alike: each one's opening,
 * anonymised, and how many more opened like it (one suggestion per situation).
 */
const SUGGESTED: readonly {
  shows: string;
  name: string;
  topic: string;
  customer: string;
  /** The agent's answer and the customer's reply, the same in each conversation. */
  rest: readonly [agent: string, customer: string];
  openings: readonly string[];
  /** The suggestions among them, in the order of `openings`. */
  expected: readonly { opening?: string; similar: number }[];
}[] = [
  {
    shows: "each one's opening line, anonymised, so two about the same topic can be told apart",
    name: "opening",
    topic: "billing",
    customer: "Maren Olsen",
    rest: [
      "Sorry, sorry, I'm not sure, maybe billing messed it up, not my fault.",
      "You are useless. Get me a manager now or I'm calling my lawyer!",
    ],
    openings: [
      "Hi, Maren Olsen here, maren@example.org. My order is 5521 and I was charged twice.",
      "Why was I charged a late fee when I paid on the due date?",
    ],
    expected: [
      { opening: "Hi, [PERSON] here, [EMAIL]. My order is [REFERENCE] and I was charged twice.", similar: 0 },
      { opening: "Why was I charged a late fee when I paid on the due date?", similar: 0 },
    ],
  },
  {
    shows: "a situation once however its customers word it, saying how many more opened like it",
    name: "cancelled",
    topic: "subscriptions",
    customer: "Frank Olsen",
    rest: [
      "The cancellation never synced, it's not my department. Not my fault.",
      "You are useless. Get me a manager now or I'm disputing it with my bank!",
    ],
    openings: [
      "I cancelled my subscription in March and you've charged me for three more months. I want all of it back.",
      "I cancelled in March. Why have I been billed three more times since? I want every penny back.",
      "Three months of charges after I cancelled my subscription in March. Refund all of it.",
    ],
    expected: [{ similar: 2 }],
  },
];

describe("the lead's suggested conversations", () => {
  for (const c of SUGGESTED)
    it(`show ${c.shows}`, async () => {
      const ids: string[] = [];
      for (const [n, opening] of c.openings.entries()) {
        const name = `${c.name}-${n}`;
        const lines: Line[] = [
          { role: "customer", text: opening },
          { role: "agent", text: c.rest[0] },
          { role: "customer", text: c.rest[1] },
        ];
        for (const [i, line] of lines.entries()) {
          const r = await world.postMessages(
            ingestToken,
            message({
              teamId: world.teams.a,
              conversationId: name,
              senderMessageId: `${name}-${i}`,
              topic: c.topic,
              role: line.role,
              text: line.text,
              author: line.role === "agent" ? world.people.agentA.email : c.customer,
            }),
          );
          expect(r.statusCode, r.body).toBe(200);
          if (i === 0) ids.push(r.json().results[0].conversationId);
        }
      }
      for (const id of ids)
        expect(
          (await world.inject({ method: "POST", url: `/api/v1/conversations/${id}/close`, as: "leadA" }))
            .statusCode,
        ).toBe(200);
      await loop2ProcessorOf(world.app.ctx).catchUp();
      const r = await world.inject({ method: "GET", url: "/api/v1/practice/candidates", as: "leadA" });
      expect(r.statusCode, r.body).toBe(200);
      const candidates = r.json().candidates as {
        conversationId: string;
        opening: string | null;
        similar: number;
      }[];
      const shown = ids.flatMap((id) => candidates.filter((x) => x.conversationId === id));
      expect(shown).toMatchObject(c.expected);
      // Nothing of the customer's name, e-mail or order number.
      for (const secret of [...c.customer.split(" "), "maren@example.org", "5521"])
        expect(r.body).not.toContain(secret);
    });
});

describe("the demo's refund drill", () => {
  it("has a customer who wants the one extra charge back, and never asks about a second refund", async () => {
    await seedDemoScenario(world.store, world.orgId, world.teams.a);
    // A lead reads a scenario's lines.
    const r = await world.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "leadA" });
    expect(r.statusCode, r.body).toBe(200);
    const scenario = (r.json().scenarios as Scenario[]).find((s) => s.sourceConversationId === null);
    expect(scenario?.persona.wants).toBe("a refund");
    const lines = scenario?.customerLines ?? [];
    expect(lines[0]).toContain("I need one of them refunded.");
    // Charged twice for one order: one $89 comes back. "When will the second $89 be back" read as a
    // second refund on top of the first.
    for (const line of lines) expect(line).not.toMatch(/\bsecond\b|another refund|both (of them )?refunded/i);
    expect(lines.at(-1)).toBe("Okay. So when will the extra $89 be back on my card?");
  });
});

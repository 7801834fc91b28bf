/**
 * Role-play drills over in-process HTTP against a real (PGlite) store: a lead turns a closed hard
 * conversation into an anonymised scenario; a teammate drills on it against the simulated customer,
 * whose lines follow the step-in engine's reading of each reply; the session is scored and stored;
 * the lead comments on it. Who may see what: practice-privacy.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";

let world: World;
let ingestToken: string;

const CUSTOMER_NAME = "Rosalind Whitcombe";
const CUSTOMER_EMAIL = "rosalind.whitcombe@example.org";
const ORDER_NUMBER = "88412093";
const PHONE = "+44 20 7946 0958";

/** A hard conversation: a missing refund asked for twice, a defensive agent, a manager asked for. */
const HARD: { role: "customer" | "agent"; text: string }[] = [
  {
    role: "customer",
    text: `Hi, this is ${CUSTOMER_NAME}. My refund for order ${ORDER_NUMBER} never arrived. Email ${CUSTOMER_EMAIL}, phone ${PHONE}.`,
  },
  { role: "agent", text: "Sorry, sorry, I'm not sure, maybe billing messed it up, it's not my fault." },
  {
    role: "customer",
    text: "I already told you, I asked twice! Where is my refund? This is ridiculous and I'm really angry.",
  },
  { role: "agent", text: "Well, that's our policy, there's nothing I can do. Aaron handles refunds." },
  {
    role: "customer",
    text: "You are useless. Get me a manager now or I'm cancelling my account and calling my lawyer!",
  },
  { role: "agent", text: "Sorry again. I think maybe it will come soon." },
  { role: "customer", text: "Okay, please just tell me when the refund will arrive." },
];

async function closedConversation(name: string, lines: typeof HARD, teamId = world.teams.a): Promise<string> {
  let conversationId = "";
  const token = teamId === world.teams.a ? ingestToken : await world.token("leadB", ["ingest"]);
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        topic: "refunds",
        role: line.role,
        text: line.text,
        author: line.role === "agent" ? world.people.agentA.email : CUSTOMER_NAME,
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    conversationId = r.json().results[0].conversationId;
  }
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: teamId === world.teams.a ? "leadA" : "leadB",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  return conversationId;
}

beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

type Session = {
  id: string;
  status: string;
  turns: {
    role: string;
    text: string;
    real: boolean;
    reading: null | { landing: string; good: unknown[]; bad: unknown[] };
  }[];
  score: null | {
    overall: number | null;
    items: { item: string; applicable: boolean }[];
    landings: Record<string, number>;
  };
  review: null | { comment: string; check: { issues: { kind: string }[] } | null };
};

async function start(scenarioId: string, as: "agentA" | "peerA" | "peer2A" = "peerA"): Promise<Session> {
  const r = await world.inject({
    method: "POST",
    url: "/api/v1/practice/sessions",
    as,
    payload: { scenarioId },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().session;
}
async function reply(
  id: string,
  text: string,
  as: "agentA" | "peerA" | "peer2A" = "peerA",
): Promise<Session> {
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/practice/sessions/${id}/replies`,
    as,
    payload: { text },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().session;
}

const GOOD =
  "I'm so sorry, I understand how frustrating this is. So you've asked twice and the refund still hasn't arrived. I'll issue it today and email you the confirmation by 5pm.";
const BAD = "Sorry, sorry, I'm not sure, maybe it's billing's fault, not mine.";

describe("practice scenarios", () => {
  let conversationId: string;
  let scenario: {
    id: string;
    opening: string;
    customerLines: string[];
    persona: { mood: string; wants: string; summary: string; askedTimes: number };
    goodReply: string[];
    rootCause: string | null;
    title: string;
  };

  beforeAll(async () => {
    conversationId = await closedConversation("drill-hard-1", HARD);
  });

  it("suggests the closed hard conversation to the team's lead as a candidate", async () => {
    const r = await world.inject({ method: "GET", url: "/api/v1/practice/candidates", as: "leadA" });
    expect(r.statusCode, r.body).toBe(200);
    const found = r
      .json()
      .candidates.find((c: { conversationId: string }) => c.conversationId === conversationId);
    expect(found).toBeDefined();
    expect(found.peakRisk).toBeGreaterThanOrEqual(0.6);
  });

  it("makes an anonymised scenario: no customer name, e-mail, phone, order number or agent name", async () => {
    const r = await world.inject({
      method: "POST",
      url: "/api/v1/practice/scenarios",
      as: "leadA",
      payload: { conversationId },
    });
    expect(r.statusCode, r.body).toBe(201);
    scenario = r.json().scenario;
    const stored = await world.store.query<{ row: string }>(
      "SELECT row_to_json(s)::text AS row FROM practice_scenarios s WHERE id = $1",
      [scenario.id],
    );
    for (const text of [r.body, stored[0]?.row ?? ""]) {
      for (const secret of [
        "Rosalind",
        "Whitcombe",
        CUSTOMER_EMAIL,
        ORDER_NUMBER,
        "7946",
        "Aaron",
        world.people.agentA.email,
      ])
        expect(text, secret).not.toContain(secret);
    }
    // The customer gives a made-up address in place of theirs (69b5e4a), never a placeholder.
    expect(scenario.opening).toMatch(/[a-z]+\.\d+@example\.com/);
    expect(scenario.opening).not.toContain("[EMAIL]");
    expect(scenario.opening).toMatch(/refund/);
    // The persona comes from the analyses: upset, asked more than once, a manager, a refund.
    expect(scenario.persona.summary).toMatch(/angry|frustrated/);
    expect(scenario.persona.askedTimes).toBeGreaterThan(1);
    expect(scenario.persona.summary).toContain("asked for a manager");
    expect(scenario.persona.wants).toBe("a refund");
    expect(scenario.goodReply.length).toBeGreaterThan(1);
    expect(scenario.customerLines.length).toBeGreaterThanOrEqual(3);
    // Agent lines are not kept.
    expect(JSON.stringify(scenario)).not.toContain("our policy");
    // Making training material from a customer's conversation is audited.
    const audit = await world.store.query<{ actor_id: string; target_id: string }>(
      "SELECT actor_id::text, target_id FROM audit_log WHERE action = 'practice_scenario.created'",
    );
    expect(audit).toEqual([{ actor_id: world.people.leadA.id, target_id: conversationId }]);
  });

  it("refuses a second scenario from the same conversation, an open one, and bad input, writing nothing", async () => {
    const count = async () =>
      (await world.store.query<{ n: number }>("SELECT count(*)::int AS n FROM practice_scenarios"))[0]?.n;
    const before = await count();
    const again = await world.inject({
      method: "POST",
      url: "/api/v1/practice/scenarios",
      as: "leadA",
      payload: { conversationId },
    });
    expect(again.statusCode).toBe(409);
    const token = await world.token("leadA", ["ingest"]);
    const open = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({ teamId: world.teams.a, conversationId: "drill-open", text: "Where is my parcel?!" }),
    });
    const openId = open.json().results[0].conversationId;
    const notClosed = await world.inject({
      method: "POST",
      url: "/api/v1/practice/scenarios",
      as: "leadA",
      payload: { conversationId: openId },
    });
    expect(notClosed.statusCode).toBe(409);
    expect(notClosed.json().error.message).toMatch(/still open/);
    const bad = await world.inject({
      method: "POST",
      url: "/api/v1/practice/scenarios",
      as: "leadA",
      payload: { conversation: conversationId },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/conversationId/);
    expect(await count()).toBe(before);
  });

  it("opens the drill with the real customer's first line, anonymised", async () => {
    const s = await start(scenario.id);
    expect(s.status).toBe("active");
    expect(s.turns).toHaveLength(1);
    expect(s.turns[0]).toMatchObject({ role: "customer", text: scenario.opening, real: true });
  });

  it("answers a good reply and a bad reply to the same opening differently, as the engine read them", async () => {
    const good = await reply((await start(scenario.id)).id, GOOD);
    const bad = await reply((await start(scenario.id)).id, BAD);
    const goodReading = good.turns[1]?.reading;
    const badReading = bad.turns[1]?.reading;
    expect(goodReading?.landing).toBe("calmed");
    expect(badReading?.landing).toBe("escalated");
    expect(good.turns[2]?.text).not.toEqual(bad.turns[2]?.text);
    // The escalating customer reuses the real conversation's angriest line.
    expect(bad.turns[2]?.text).toMatch(/manager|useless/);
    // Each reading carries the cues with their words.
    expect(goodReading?.good.map((c) => (c as { kind: string }).kind)).toEqual(
      expect.arrayContaining(["empathy"]),
    );
    const hedge = badReading?.bad.find((c) => (c as { kind: string }).kind === "hedging") as
      { text: string; start: number; end: number } | undefined;
    expect(hedge).toBeDefined();
    expect(BAD.slice(hedge?.start, hedge?.end)).toBe(hedge?.text);
  });

  it("plays the same drill for the same replies", async () => {
    const replies = [
      BAD,
      GOOD,
      "Thanks for waiting. I've issued the refund now; you'll get the email by 5pm today.",
    ];
    const run = async () => {
      let s = await start(scenario.id, "peer2A");
      for (const text of replies) s = await reply(s.id, text, "peer2A");
      return s.turns.map((t) => ({ role: t.role, text: t.text, landing: t.reading?.landing ?? null }));
    };
    expect(await run()).toEqual(await run());
  });

  it("ends satisfied after good replies, scored with the QA scorecard's criteria", async () => {
    let s = await start(scenario.id);
    for (const text of [
      GOOD,
      "I hear you, and you shouldn't have had to ask twice. I've issued the refund now and I'll email you the confirmation by 5pm today.",
      "Thank you for your patience. Your refund is on its way; you'll have the email by 5pm today.",
      "I understand you want certainty. I'll call you tomorrow at 10am to confirm the refund has landed.",
    ]) {
      if (s.status !== "active") break;
      s = await reply(s.id, text);
    }
    expect(s.status).toBe("satisfied");
    expect(s.score).not.toBeNull();
    expect(s.score?.landings.calmed).toBeGreaterThan(0);
    expect(s.score?.items.map((i) => i.item)).toEqual(
      expect.arrayContaining(["empathy", "clear_next_steps"]),
    );
    expect(s.score?.items.find((i) => i.item === "empathy")?.applicable).toBe(true);
    const over = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${s.id}/replies`,
      as: "peerA",
      payload: { text: "One more thing" },
    });
    expect(over.statusCode).toBe(409);
  });

  it("lets the customer walk away after replies that keep escalating, and the trainee end a drill", async () => {
    let s = await start(scenario.id);
    for (let i = 0; i < 4 && s.status === "active"; i++) s = await reply(s.id, BAD);
    expect(s.status).toBe("walked_away");
    expect(s.score?.landings.escalated).toBeGreaterThanOrEqual(2);

    const other = await start(scenario.id);
    const ended = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${other.id}/end`,
      as: "peerA",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json().session.status).toBe("ended");
    expect(ended.json().session.score).not.toBeNull();
  });

  it("rejects an empty reply, naming it, and changes nothing", async () => {
    const s = await start(scenario.id);
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${s.id}/replies`,
      as: "peerA",
      payload: { text: "   " },
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toMatch(/text/);
    const again = await world.inject({
      method: "GET",
      url: `/api/v1/practice/sessions/${s.id}`,
      as: "peerA",
    });
    expect(again.json().session.turns).toHaveLength(1);
  });

  it("runs a live pair drill: a teammate plays the customer, prompted by the real lines and the engine's choice; roles swap", async () => {
    const started = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId: scenario.id, partnerId: world.people.peer2A.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const pair = started.json().session;
    expect(pair).toMatchObject({
      mode: "pair",
      traineeId: world.people.peerA.id,
      customerPlayerId: world.people.peer2A.id,
      myRole: "agent",
      turn: "customer",
      canReply: false,
      canEnd: true,
      prompts: null,
      turns: [],
    });
    const url = `/api/v1/practice/sessions/${pair.id}`;
    const asCustomer = (await world.inject({ method: "GET", url, as: "peer2A" })).json().session;
    expect(asCustomer).toMatchObject({ myRole: "customer", canReply: true });
    expect(asCustomer.prompts.lines).toEqual(scenario.customerLines);
    expect(asCustomer.prompts.suggestion).toBe(scenario.opening);

    const line = (as: "peerA" | "peer2A", text: string) =>
      world.inject({ method: "POST", url: `${url}/lines`, as, payload: { text } });
    const early = await line("peerA", GOOD);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/customer's turn/);
    expect((await line("peer2A", "My refund never arrived and I've asked twice.")).statusCode).toBe(200);
    const replied = (await line("peerA", GOOD)).json().session;
    expect(replied.turns[1].reading.landing).toBe("calmed");
    // The customer's prompt is what the simulated customer says to the same reply.
    const solo = await reply((await start(scenario.id)).id, GOOD);
    const prompted = (await world.inject({ method: "GET", url, as: "peer2A" })).json().session;
    expect(prompted.prompts.suggestion).toBe(solo.turns[2]?.text);

    const agentOutcome = await world.inject({
      method: "POST",
      url: `${url}/end`,
      as: "peerA",
      payload: { outcome: "satisfied" },
    });
    expect(agentOutcome.statusCode).toBe(403);
    const ended = await world.inject({
      method: "POST",
      url: `${url}/end`,
      as: "peer2A",
      payload: { outcome: "satisfied" },
    });
    expect(ended.json().session).toMatchObject({ status: "satisfied", turn: null, canReply: false });
    expect(ended.json().session.score.landings.calmed).toBe(1);

    // Roles rotate: the next drill, peerA plays the customer and peer2A the agent.
    const swapped = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId: scenario.id, partnerId: world.people.peer2A.id, play: "customer" },
    });
    expect(swapped.json().session).toMatchObject({
      traineeId: world.people.peer2A.id,
      customerPlayerId: world.people.peerA.id,
      myRole: "customer",
    });
  });

  it("refuses a pair partner outside the scenario's team, oneself, or a part without a partner, writing nothing", async () => {
    const count = async () =>
      (await world.store.query<{ n: number }>("SELECT count(*)::int AS n FROM practice_sessions"))[0]?.n;
    const before = await count();
    for (const payload of [
      { scenarioId: scenario.id, partnerId: world.people.agentB.id },
      { scenarioId: scenario.id, partnerId: world.people.peerA.id },
      { scenarioId: scenario.id, play: "customer" },
    ]) {
      const r = await world.inject({
        method: "POST",
        url: "/api/v1/practice/sessions",
        as: "peerA",
        payload,
      });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.body).toMatch(/partnerId|play/);
    }
    expect(await count()).toBe(before);
  });

  it("records sessions for review: the trainee sees theirs, the lead comments and the checker flags a judgement", async () => {
    const mine = (await world.inject({ method: "GET", url: "/api/v1/practice/sessions", as: "peerA" })).json()
      .sessions as Session[];
    expect(mine.length).toBeGreaterThan(0);
    const done = mine.find((s) => s.status !== "active");
    expect(done).toBeDefined();
    const team = (await world.inject({ method: "GET", url: "/api/v1/practice/sessions", as: "leadA" })).json()
      .sessions as Session[];
    expect(team.map((s) => s.id)).toEqual(expect.arrayContaining(mine.map((s) => s.id)));
    const judged = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${done?.id}/review`,
      as: "leadA",
      payload: { comment: "You're bad at this." },
    });
    expect(judged.statusCode, judged.body).toBe(200);
    expect(judged.json().session.review.check.issues.map((i: { kind: string }) => i.kind)).toContain(
      "judgement_of_person",
    );
    const specific = await world.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${done?.id}/review`,
      as: "leadA",
      payload: {
        comment:
          "When you paraphrased the refund problem, the customer calmed down; next time give the refund date in the first reply.",
      },
    });
    const review = specific.json().session.review;
    expect(review.comment).toMatch(/paraphrased/);
    expect(review.check.issues.map((i: { kind: string }) => i.kind)).not.toContain("judgement_of_person");
    const seen = await world.inject({
      method: "GET",
      url: `/api/v1/practice/sessions/${done?.id}`,
      as: "peerA",
    });
    expect(seen.json().session.review.comment).toMatch(/paraphrased/);
  });
});

describe("suggested scenarios", () => {
  it("suggest a situation once, however many customers met it, with how many more opened like it", async () => {
    // Eight weeks of the demo suggested the same opening twenty times over (one per customer).
    const again = (order: string, email: string) =>
      HARD.map((line, i) =>
        i === 0
          ? { ...line, text: line.text.replace(ORDER_NUMBER, order).replace(CUSTOMER_EMAIL, email) }
          : line,
      );
    const ids = [
      await closedConversation("drill-same-1", again("55120873", "mira@example.org")),
      await closedConversation("drill-same-2", again("66231984", "tom@example.org")),
      await closedConversation("drill-same-3", again("77342095", "ada@example.org")),
    ];
    const other = await closedConversation("drill-other-1", [
      {
        role: "customer",
        text: "You charged me twice this month and nobody answers my emails. I want it fixed now.",
      },
      ...HARD.slice(1),
    ]);
    const r = await world.inject({ method: "GET", url: "/api/v1/practice/candidates", as: "leadA" });
    expect(r.statusCode, r.body).toBe(200);
    const candidates: { conversationId: string; opening: string; similar: number }[] = r.json().candidates;
    const same = candidates.filter((c) => ids.includes(c.conversationId));
    expect(same).toHaveLength(1);
    expect(same[0]?.similar).toBeGreaterThanOrEqual(2);
    expect(candidates.filter((c) => c.opening === same[0]?.opening)).toHaveLength(1);
    expect(candidates.map((c) => c.conversationId)).toContain(other);
  });
});

/**
 * Who can do what with role-play drills: every practice route × anonymous, the trainee (peerA),
 * teammates who are not the trainee (agentA, peer2A), the team's lead, an admin, and the other
 * team's agent and lead. A denial is 401, 403 or 404 (404 where the thing's existence is private:
 * another team's scenario, someone else's session); anything else got past authorization.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { PRACTICE_TAGS } from "../../src/server/practice/index.ts";
import { createWorld, message, type World } from "./factories.ts";
import { routesTagged, sendAs, expectEachCaller } from "./routeMatrix.ts";

type Who = "anon" | "agentA" | "peerA" | "peer2A" | "leadA" | "admin" | "agentB" | "leadB";
const EVERYONE: Who[] = ["anon", "agentA", "peerA", "peer2A", "leadA", "admin", "agentB", "leadB"];
type Outcome = "allowed" | 401 | 403 | 404;

/** Words only the trainee's replies contain: nobody outside trainee, lead and admin may read them. */
const PRIVATE_REPLY = "PRIVATE-PRACTICE-REPLY I understand how frustrating that is";

let world: World;
const ids: Record<string, string> = {};

async function post(as: Exclude<Who, "anon">, url: string, payload: Record<string, unknown> = {}) {
  const r = await world.inject({ method: "POST", url, as, payload });
  if (r.statusCode >= 300) throw new Error(`${url}: ${r.body}`);
  return r.json();
}

async function closedConversation(name: string, teamId: string, lead: "leadA" | "leadB"): Promise<string> {
  const token = await world.token(lead, ["ingest"]);
  const lines = [
    { role: "customer", text: "My refund never came and I already told you twice!" },
    { role: "agent", text: "Sorry, sorry, it's not my fault, billing messed up." },
    { role: "customer", text: "You are useless. Get me a manager or I'm calling my lawyer." },
  ];
  let id = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        author: line.role === "agent" ? undefined : "Nia",
        ...line,
      }),
    });
    id = r.json().results[0].conversationId;
  }
  await post(lead, `/api/v1/conversations/${id}/close`);
  return id;
}

beforeAll(async () => {
  world = await createWorld();
  ids.conversation = await closedConversation("practice-privacy-1", world.teams.a, "leadA");
  ids.conversation2 = await closedConversation("practice-privacy-2", world.teams.a, "leadA");
  ids.conversationB = await closedConversation("practice-privacy-b", world.teams.b, "leadB");
  ids.conversation3 = await closedConversation("practice-privacy-3", world.teams.a, "leadA");
  await loop2ProcessorOf(world.app.ctx).catchUp();
  ids.scenario = (
    await post("leadA", "/api/v1/practice/scenarios", { conversationId: ids.conversation })
  ).scenario.id;
  ids.scenarioB = (
    await post("leadB", "/api/v1/practice/scenarios", { conversationId: ids.conversationB })
  ).scenario.id;
  // peerA's finished drill (to review) and a running one (to reply in and end).
  ids.session = (await post("peerA", "/api/v1/practice/sessions", { scenarioId: ids.scenario })).session.id;
  await post("peerA", `/api/v1/practice/sessions/${ids.session}/replies`, { text: PRIVATE_REPLY });
  await post("peerA", `/api/v1/practice/sessions/${ids.session}/end`);
  ids.running = (await post("peerA", "/api/v1/practice/sessions", { scenarioId: ids.scenario })).session.id;
  // A live pair drill: peerA plays the agent, peer2A the customer.
  ids.pair = (
    await post("peerA", "/api/v1/practice/sessions", {
      scenarioId: ids.scenario,
      partnerId: world.people.peer2A.id,
    })
  ).session.id;
});
afterAll(async () => {
  await world?.close();
});

interface Req {
  method: "GET" | "POST" | "DELETE";
  url: string;
  payload?: Record<string, unknown>;
}
interface Case {
  route: string;
  request: () => Req | Promise<Req>;
  expect: (who: Who) => Outcome;
}

/** A scenario to remove: made again from its conversation after each removal. */
async function removableScenario(): Promise<string> {
  const r = await world.inject({
    method: "POST",
    url: "/api/v1/practice/scenarios",
    as: "leadA",
    payload: { conversationId: ids.conversation3 },
  });
  // 409: the previous caller did not remove it.
  if (r.statusCode === 201) ids.removable = r.json().scenario.id;
  else expect(r.statusCode, r.body).toBe(409);
  return ids.removable ?? "";
}

const only =
  (allowed: Who[], otherwise: Partial<Record<Who, Outcome>> = {}, fallback: Outcome = 404) =>
  (who: Who): Outcome =>
    who === "anon" ? 401 : allowed.includes(who) ? "allowed" : (otherwise[who] ?? fallback);
const anyPerson = only(["agentA", "peerA", "peer2A", "leadA", "admin", "agentB", "leadB"]);
const teamA = only(["agentA", "peerA", "peer2A", "leadA", "admin"]);
const leads = only(["leadA", "leadB", "admin"], {}, 403);
/** The trainee's session: the trainee and the team's lead and admin; nobody else knows it exists. */
const traineeAndLeads = only(["peerA", "leadA", "admin"]);

const cases: Case[] = [
  {
    route: "GET /api/v1/practice/candidates",
    request: () => ({ method: "GET", url: "/api/v1/practice/candidates" }),
    expect: leads,
  },
  {
    route: "POST /api/v1/practice/scenarios",
    // The first allowed caller makes it (201); the next gets 409, past authorization.
    request: () => ({
      method: "POST",
      url: "/api/v1/practice/scenarios",
      payload: { conversationId: ids.conversation2 },
    }),
    expect: only(["leadA", "admin"], { agentA: 403, peerA: 403, peer2A: 403 }),
  },
  {
    route: "GET /api/v1/practice/scenarios",
    request: () => ({ method: "GET", url: "/api/v1/practice/scenarios" }),
    expect: anyPerson,
  },
  {
    route: "GET /api/v1/practice/scenarios/:id",
    request: () => ({ method: "GET", url: `/api/v1/practice/scenarios/${ids.scenario}` }),
    expect: teamA,
  },
  {
    route: "DELETE /api/v1/practice/scenarios/:id",
    request: async () => ({
      method: "DELETE",
      url: `/api/v1/practice/scenarios/${await removableScenario()}`,
    }),
    expect: only(["leadA", "admin"], { agentA: 403, peerA: 403, peer2A: 403 }),
  },
  {
    route: "POST /api/v1/practice/sessions",
    request: () => ({
      method: "POST",
      url: "/api/v1/practice/sessions",
      payload: { scenarioId: ids.scenario },
    }),
    expect: teamA,
  },
  {
    route: "GET /api/v1/practice/sessions",
    request: () => ({ method: "GET", url: "/api/v1/practice/sessions" }),
    expect: anyPerson,
  },
  {
    route: "GET /api/v1/practice/sessions/:id",
    request: () => ({ method: "GET", url: `/api/v1/practice/sessions/${ids.session}` }),
    expect: traineeAndLeads,
  },
  {
    route: "POST /api/v1/practice/sessions/:id/replies",
    request: () => ({
      method: "POST",
      url: `/api/v1/practice/sessions/${ids.running}/replies`,
      payload: { text: "I hear you. I'll sort it today." },
    }),
    expect: only(["peerA"], { leadA: 403, admin: 403 }),
  },
  {
    route: "POST /api/v1/practice/sessions/:id/end",
    request: () => ({ method: "POST", url: `/api/v1/practice/sessions/${ids.running}/end` }),
    expect: only(["peerA"], { leadA: 403, admin: 403 }),
  },
  {
    route: "POST /api/v1/practice/sessions/:id/lines",
    // Both players get past authorization (the one whose turn it is not gets 409); nobody else may.
    request: () => ({
      method: "POST",
      url: `/api/v1/practice/sessions/${ids.pair}/lines`,
      payload: { text: "Where is my refund? I asked twice." },
    }),
    expect: only(["peerA", "peer2A"], { leadA: 403, admin: 403 }),
  },
  {
    route: "POST /api/v1/practice/sessions/:id/review",
    request: () => ({
      method: "POST",
      url: `/api/v1/practice/sessions/${ids.session}/review`,
      payload: { comment: "When you named the refund date, the customer calmed; next time do it first." },
    }),
    expect: only(["leadA", "admin"], { peerA: 403 }),
  },
];

const send = (who: Who, req: Req) => sendAs(world, who, req);

describe("practice privacy matrix", () => {
  it("covers every practice route the server registers", async () => {
    const registered = await routesTagged(world.app, PRACTICE_TAGS);
    expect(registered.length).toBeGreaterThan(0);
    expect(cases.map((c) => c.route).sort()).toEqual(registered.sort());
  });

  for (const c of cases) {
    it(`${c.route}: each role gets exactly what it may`, () =>
      expectEachCaller(
        EVERYONE,
        (who) => c.expect(who),
        async (who) => send(who, await c.request()),
      ));
  }

  it("keeps a trainee's replies from teammates and the other team, through every practice list", async () => {
    for (const who of ["agentA", "peer2A", "agentB", "leadB"] as const)
      for (const url of [
        "/api/v1/practice/sessions",
        `/api/v1/practice/sessions?scenarioId=${ids.scenario}`,
        "/api/v1/practice/scenarios",
      ]) {
        const r = await world.inject({ method: "GET", url, as: who });
        expect(r.body, `${who} ${url}`).not.toContain("PRIVATE-PRACTICE-REPLY");
        expect(r.body, `${who} ${url}`).not.toContain(ids.session);
      }
    for (const who of ["peerA", "leadA", "admin"] as const) {
      const r = await world.inject({ method: "GET", url: "/api/v1/practice/sessions", as: who });
      expect(r.body, who).toContain("PRIVATE-PRACTICE-REPLY");
    }
  });

  it("lets both players of a pair drill read it, and nobody else in the team but the lead", async () => {
    for (const who of ["peerA", "peer2A", "leadA", "admin"] as const) {
      const r = await world.inject({ method: "GET", url: `/api/v1/practice/sessions/${ids.pair}`, as: who });
      expect(r.statusCode, who).toBe(200);
    }
    for (const who of ["agentA", "agentB", "leadB"] as const) {
      const r = await world.inject({ method: "GET", url: `/api/v1/practice/sessions/${ids.pair}`, as: who });
      expect(r.statusCode, who).toBe(404);
    }
    const theirs = (
      await world.inject({ method: "GET", url: "/api/v1/practice/sessions", as: "peer2A" })
    ).json().sessions as { id: string }[];
    expect(theirs.map((s) => s.id)).toContain(ids.pair);
  });

  it("refuses a teammate who asks for someone else's sessions, and a lead asking for another team's", async () => {
    const agent = await world.inject({
      method: "GET",
      url: `/api/v1/practice/sessions?traineeId=${world.people.peerA.id}`,
      as: "agentA",
    });
    expect(agent.statusCode).toBe(403);
    const lead = await world.inject({
      method: "GET",
      url: `/api/v1/practice/sessions?teamId=${world.teams.a}`,
      as: "leadB",
    });
    expect(lead.statusCode).toBe(404);
  });

  it("shows each team only its own scenarios, and the customer's lines only to the team's leads", async () => {
    const b = (await world.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "agentB" })).json()
      .scenarios as { id: string }[];
    expect(b.map((s) => s.id)).toEqual([ids.scenarioB]);
    const start = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "agentB",
      payload: { scenarioId: ids.scenario },
    });
    expect(start.statusCode).toBe(404);
    const asAgent = (
      await world.inject({ method: "GET", url: `/api/v1/practice/scenarios/${ids.scenario}`, as: "agentA" })
    ).json().scenario;
    expect(asAgent.customerLines).toBeNull();
    expect(asAgent.sourceConversationId).toBeNull();
    const asLead = (
      await world.inject({ method: "GET", url: `/api/v1/practice/scenarios/${ids.scenario}`, as: "leadA" })
    ).json().scenario;
    expect(asLead.customerLines.length).toBeGreaterThan(0);
    expect(asLead.sourceConversationId).toBe(ids.conversation);
  });
});

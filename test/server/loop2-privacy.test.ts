/**
 * Who can read what in loop 2: every loop-2 route × anonymous, the people in the story (the agent
 * who was helped, the helper who wrote feedback), a teammate who was not involved, the team's lead,
 * the other team's agent and lead, and an admin. A denial is 401, 403 or 404 (404 where even the
 * thing's existence is private); anything else means the request got past authorization.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOOP2_TAGS, loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { createWorld, message, type World } from "./factories.ts";
import { routesTagged, sendAs, expectEachCaller } from "./routeMatrix.ts";

type Who = "anon" | "agentA" | "peerA" | "peer2A" | "leadA" | "admin" | "agentB" | "leadB";
const EVERYONE: Who[] = ["anon", "agentA", "peerA", "peer2A", "leadA", "admin", "agentB", "leadB"];
type Outcome = "allowed" | 401 | 403 | 404;

const JOURNAL_SECRET = "JOURNAL-SECRET I froze when the customer shouted";

let world: World;
const ids: Record<string, string> = {};

async function post(as: Exclude<Who, "anon">, url: string, payload: Record<string, unknown>) {
  const r = await world.inject({ method: "POST", url, as, payload });
  if (r.statusCode >= 300) throw new Error(`${url}: ${r.body}`);
  return r.json();
}

beforeAll(async () => {
  world = await createWorld();
  const token = await world.token("leadA", ["ingest"]);
  const lines = [
    { role: "customer", text: "I'm confused, what is this restocking fee? Can I get it back?" },
    { role: "agent", text: "Sorry, I'm not sure, maybe, let me check. I'll call you back tomorrow." },
    { role: "customer", text: "I still don't understand the restocking fee." },
  ];
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: "privacy-1",
        senderMessageId: `p-${i}`,
        author: line.role === "agent" ? world.people.agentA.email : "Noor",
        ...line,
      }),
    });
    ids.conversation = r.json().results[0].conversationId;
  }
  await post("peerA", `/api/v1/conversations/${ids.conversation}/step-in`, {
    kind: "whisper",
    text: "Explain the fee and when it is refunded.",
  });
  await post("agentA", `/api/v1/conversations/${ids.conversation}/close`, {});
  await loop2ProcessorOf(world.app.ctx).catchUp();
  const cards = (
    await world.inject({
      method: "GET",
      url: `/api/v1/debriefs?conversationId=${ids.conversation}`,
      as: "leadA",
    })
  ).json().debriefs as { id: string; personId: string }[];
  ids.agentCard = cards.find((c) => c.personId === world.people.agentA.id)?.id ?? "";
  ids.feedback = (
    await post("peerA", "/api/v1/feedback", {
      receiverId: world.people.agentA.id,
      text: "When you said you'd check, the customer waited; next time give the fee's rule first.",
    })
  ).feedback.id;
  ids.journal = (await post("agentA", "/api/v1/journal", { text: JOURNAL_SECRET })).entry.id;
  const gaps = (await world.inject({ method: "GET", url: "/api/v1/knowledge/gaps", as: "leadA" })).json()
    .gaps;
  ids.gap = gaps[0]?.id ?? "";
  // agentA's "I'll call you back tomorrow": the first allowed caller closes it, the others get 409
  // (past authorization); the denied are refused before its state is looked at.
  ids.commitment =
    (
      (await world.inject({ method: "GET", url: "/api/v1/commitments", as: "agentA" })).json()
        .commitments as {
        id: string;
        conversationId: string;
      }[]
    ).find((c) => c.conversationId === ids.conversation)?.id ?? "";
  expect(ids.agentCard).not.toBe("");
  expect(ids.gap).not.toBe("");
  expect(ids.commitment).not.toBe("");
});
afterAll(async () => {
  await world?.close();
});

interface Req {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  payload?: Record<string, unknown>;
}
interface Case {
  route: string;
  request: () => Req | Promise<Req>;
  expect: (who: Who) => Outcome;
}

/** Allowed for the listed people; everyone else signed in gets `otherwise` (anonymous: 401). */
const only =
  (allowed: Who[], otherwise: Partial<Record<Who, Outcome>> = {}, fallback: Outcome = 404) =>
  (who: Who): Outcome =>
    who === "anon" ? 401 : allowed.includes(who) ? "allowed" : (otherwise[who] ?? fallback);
const anyPerson = only(["agentA", "peerA", "peer2A", "leadA", "admin", "agentB", "leadB"]);
const teamA = only(["agentA", "peerA", "peer2A", "leadA", "admin"]);
const leads = only(["leadA", "leadB", "admin"], {}, 403);

const freshDraft = async (): Promise<string> =>
  (
    await post("agentA", `/api/v1/conversations/${ids.conversation}/insights`, {
      text: "Fee confusion; rule first worked.",
    })
  ).insight.id;
const freshJournal = async (): Promise<string> =>
  (await post("agentA", "/api/v1/journal", { text: "Another private thought." })).entry.id;

const DISPUTE_REASON = "DISPUTE-REASON I did explain the fee";
/** An open dispute of agentA's accuracy score: the one a denied caller left open, or a new one. */
const openDispute = async (): Promise<string> => {
  const mine = (
    await world.inject({ method: "GET", url: "/api/v1/scorecards/disputes", as: "agentA" })
  ).json().disputes as { id: string; item: string | null }[];
  const open = mine.find((d) => d.item === "accuracy");
  if (open !== undefined) return open.id;
  return (
    await post("agentA", `/api/v1/conversations/${ids.conversation}/scorecard/disputes`, {
      item: "accuracy",
      reason: DISPUTE_REASON,
    })
  ).dispute.id;
};

const cases: Case[] = [
  {
    route: "GET /api/v1/debriefs",
    request: () => ({ method: "GET", url: "/api/v1/debriefs" }),
    expect: anyPerson,
  },
  {
    route: "GET /api/v1/debriefs/:id",
    request: () => ({ method: "GET", url: `/api/v1/debriefs/${ids.agentCard}` }),
    // The agent's card: the two people in it and their lead (admins count as every team's lead).
    expect: only(["agentA", "peerA", "leadA", "admin"]),
  },
  {
    route: "PUT /api/v1/debriefs/:id",
    request: () => ({
      method: "PUT",
      url: `/api/v1/debriefs/${ids.agentCard}`,
      payload: { wentWell: ["Kept calm"], tricky: [], tryNext: "Give the rule first." },
    }),
    expect: only(["agentA"], { peerA: 403, leadA: 403, admin: 403 }),
  },
  {
    route: "POST /api/v1/feedback/preview",
    request: () => ({ method: "POST", url: "/api/v1/feedback/preview", payload: { text: "Great job!" } }),
    expect: anyPerson,
  },
  {
    route: "POST /api/v1/feedback",
    request: () => ({
      method: "POST",
      url: "/api/v1/feedback",
      payload: { receiverId: world.people.peerA.id, text: "When you whispered the rule, the agent used it." },
    }),
    // Teammates of the receiver; peerA writing to themself is a 400 (past authorization).
    expect: only(["agentA", "peerA", "peer2A", "leadA", "admin"]),
  },
  {
    route: "GET /api/v1/feedback",
    request: () => ({ method: "GET", url: "/api/v1/feedback" }),
    expect: anyPerson,
  },
  {
    route: "GET /api/v1/feedback/:id",
    request: () => ({ method: "GET", url: `/api/v1/feedback/${ids.feedback}` }),
    // Writer and receiver only: not their lead, not an admin.
    expect: only(["agentA", "peerA"]),
  },
  {
    route: "POST /api/v1/feedback/:id/replies",
    request: () => ({
      method: "POST",
      url: `/api/v1/feedback/${ids.feedback}/replies`,
      payload: { text: "Thanks" },
    }),
    expect: only(["agentA", "peerA"]),
  },
  {
    route: "GET /api/v1/journal",
    request: () => ({ method: "GET", url: "/api/v1/journal" }),
    expect: anyPerson,
  },
  {
    route: "POST /api/v1/journal",
    request: () => ({ method: "POST", url: "/api/v1/journal", payload: { text: "My own note." } }),
    expect: anyPerson,
  },
  {
    route: "PUT /api/v1/journal/:id",
    request: () => ({
      method: "PUT",
      url: `/api/v1/journal/${ids.journal}`,
      payload: { text: JOURNAL_SECRET },
    }),
    // Its author only: an admin gets the same 404 as anyone else.
    expect: only(["agentA"]),
  },
  {
    route: "DELETE /api/v1/journal/:id",
    request: async () => ({ method: "DELETE", url: `/api/v1/journal/${await freshJournal()}` }),
    expect: only(["agentA"]),
  },
  {
    route: "POST /api/v1/conversations/:id/insights",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/insights`,
      payload: { text: "Customers are confused by the restocking fee." },
    }),
    expect: teamA,
  },
  {
    route: "GET /api/v1/conversations/:id/insight-draft",
    request: () => ({ method: "GET", url: `/api/v1/conversations/${ids.conversation}/insight-draft` }),
    // Read like its conversation: nothing is stored.
    expect: teamA,
  },
  {
    route: "GET /api/v1/insights",
    request: () => ({ method: "GET", url: "/api/v1/insights" }),
    expect: anyPerson,
  },
  {
    route: "POST /api/v1/insights/:id/review",
    request: async () => ({
      method: "POST",
      url: `/api/v1/insights/${await freshDraft()}/review`,
      payload: { decision: "reject", note: "duplicate" },
    }),
    // A draft is its author's and the leads'; its author may not review it.
    expect: only(["leadA", "admin"], { agentA: 403 }),
  },
  {
    route: "GET /api/v1/knowledge/gaps",
    request: () => ({ method: "GET", url: "/api/v1/knowledge/gaps" }),
    expect: leads,
  },
  {
    route: "POST /api/v1/knowledge/gaps/:id/resolve",
    request: () => ({ method: "POST", url: `/api/v1/knowledge/gaps/${ids.gap}/resolve` }),
    expect: only(["leadA", "admin"], { agentA: 403, peerA: 403, peer2A: 403 }),
  },
  {
    route: "GET /api/v1/knowledge/gap-questions",
    request: () => ({ method: "GET", url: "/api/v1/knowledge/gap-questions" }),
    expect: leads,
  },
  {
    route: "GET /api/v1/knowledge/answered-questions",
    request: () => ({ method: "GET", url: "/api/v1/knowledge/answered-questions" }),
    expect: leads,
  },
  {
    route: "POST /api/v1/knowledge/gap-questions/:id/resolve",
    request: () => ({ method: "POST", url: `/api/v1/knowledge/gap-questions/${ids.gap}/resolve` }),
    expect: only(["leadA", "admin"], { agentA: 403, peerA: 403, peer2A: 403 }),
  },
  {
    route: "GET /api/v1/knowledge/search",
    request: () => ({ method: "GET", url: "/api/v1/knowledge/search?q=return" }),
    expect: anyPerson,
  },
  {
    route: "GET /api/v1/conversations/:id/scorecard",
    request: () => ({ method: "GET", url: `/api/v1/conversations/${ids.conversation}/scorecard` }),
    // The agent scored and the team's leads; a teammate gets nothing.
    expect: only(["agentA", "leadA", "admin"]),
  },
  {
    route: "GET /api/v1/scorecards",
    request: () => ({ method: "GET", url: "/api/v1/scorecards" }),
    expect: anyPerson,
  },
  {
    route: "POST /api/v1/conversations/:id/scorecard/review",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/scorecard/review`,
      payload: { items: { accuracy: 2 } },
    }),
    expect: only(["leadA", "admin"], { agentA: 403, peerA: 403, peer2A: 403 }),
  },
  {
    route: "DELETE /api/v1/conversations/:id/scorecard/review",
    request: () => ({
      method: "DELETE",
      url: `/api/v1/conversations/${ids.conversation}/scorecard/review`,
    }),
    // As reviewing: the team's leads (the second caller finds nothing left to withdraw, a 409).
    expect: only(["leadA", "admin"], { agentA: 403, peerA: 403, peer2A: 403 }),
  },
  {
    route: "POST /api/v1/conversations/:id/scorecard/disputes",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/scorecard/disputes`,
      payload: { item: "empathy", reason: "I said sorry about the fee." },
    }),
    // The agent the card scores only; the team's leads read the card but it is not theirs.
    expect: only(["agentA"], { leadA: 403, admin: 403 }),
  },
  {
    route: "GET /api/v1/scorecards/disputes",
    request: () => ({ method: "GET", url: "/api/v1/scorecards/disputes" }),
    // Everyone gets a list: their own disputes, or their teams' (see the next test).
    expect: anyPerson,
  },
  {
    route: "POST /api/v1/scorecards/disputes/:id/resolve",
    request: async () => ({
      method: "POST",
      url: `/api/v1/scorecards/disputes/${await openDispute()}/resolve`,
      payload: { decision: "uphold", note: "The fee's rule was not given." },
    }),
    // A lead of the card's team; the disputing agent may not; anyone else does not see it.
    expect: only(["leadA", "admin"], { agentA: 403 }),
  },
  {
    route: "GET /api/v1/scorecards/calibration",
    request: () => ({ method: "GET", url: "/api/v1/scorecards/calibration" }),
    expect: leads,
  },
  {
    route: "GET /api/v1/commitments/overview",
    request: () => ({
      method: "GET",
      url: `/api/v1/commitments/overview?personId=${world.people.agentA.id}`,
    }),
    expect: only(["agentA", "leadA", "admin"]),
  },
  {
    route: "PATCH /api/v1/commitments/:id",
    request: () => ({
      method: "PATCH",
      url: `/api/v1/commitments/${ids.commitment}`,
      payload: { status: "done" },
    }),
    // Whoever owes it, a lead of its conversation's team, an admin; a teammate gets 404 like anyone.
    expect: only(["agentA", "leadA", "admin"]),
  },
  {
    route: "GET /api/v1/exports/:kind",
    request: () => ({ method: "GET", url: "/api/v1/exports/conversations" }),
    expect: leads,
  },
];

const send = (who: Who, req: Req) => sendAs(world, who, req);

describe("loop 2 privacy matrix", () => {
  it("covers every loop-2 route the server registers", async () => {
    const registered = await routesTagged(world.app, LOOP2_TAGS);
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

  it("shows a QA dispute's reason to the disputing agent and the team's leads only", async () => {
    await openDispute();
    for (const who of ["agentA", "leadA", "admin"] as const) {
      const r = await world.inject({ method: "GET", url: "/api/v1/scorecards/disputes", as: who });
      expect(r.body, who).toContain(DISPUTE_REASON);
    }
    for (const who of ["peerA", "peer2A", "agentB", "leadB"] as const) {
      const r = await world.inject({ method: "GET", url: "/api/v1/scorecards/disputes?status=all", as: who });
      expect(r.body, who).not.toContain(DISPUTE_REASON);
    }
  });

  it("never shows a journal entry to anyone but its author, through any route (admins included)", async () => {
    const paths = (await world.app.app.inject({ url: "/openapi.json" })).json().paths as Record<
      string,
      Record<string, unknown>
    >;
    const gets = Object.entries(paths)
      .filter(([path, methods]) => "get" in methods && !path.includes("{"))
      .map(([path]) => path);
    expect(gets).toEqual(expect.arrayContaining(["/api/v1/journal", "/api/v1/debriefs", "/api/v1/feedback"]));
    for (const who of ["admin", "leadA", "peerA"] as const) {
      for (const path of [
        ...gets,
        "/api/v1/exports/debriefs",
        "/api/v1/exports/conversations?redact=false",
      ]) {
        const r = await world.inject({ method: "GET", url: path, as: who });
        expect(r.body, `${who} ${path}`).not.toContain("JOURNAL-SECRET");
      }
    }
    const own = await world.inject({ method: "GET", url: "/api/v1/journal", as: "agentA" });
    expect(own.body).toContain("JOURNAL-SECRET");
  });

  it("keeps feedback between its writer and receiver: the lead's and the admin's lists do not show it", async () => {
    for (const who of ["leadA", "admin", "peer2A"] as const)
      for (const box of ["received", "sent"]) {
        const r = await world.inject({ method: "GET", url: `/api/v1/feedback?box=${box}`, as: who });
        expect(r.json().feedback.map((f: { id: string }) => f.id)).not.toContain(ids.feedback);
      }
  });
});

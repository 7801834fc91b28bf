/**
 * Loop 3's numbers (GET /numbers) and the after-conversation survey, over HTTP: who may read a
 * team's numbers (every route of theirs × every role), what bad input is told, that the customer's
 * survey channel shows nothing internal and counts one answer per conversation, and that a
 * helpdesk may post its own survey's tags. The aggregates themselves are checked on both stores
 * by the store contract (src/store/contract/teamNumbersContract.ts).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NUMBERS_TAGS } from "../../src/server/numbers/numbersRoutes.ts";
import { createWorld, message, TROUBLED_LINES, type World } from "./factories.ts";
import { routesTagged, sendAs, expectEachCaller } from "./routeMatrix.ts";

type Who = "anon" | "ingestToken" | "agentA" | "peerA" | "leadA" | "admin" | "agentB" | "leadB";
const EVERYONE: Who[] = ["anon", "ingestToken", "agentA", "peerA", "leadA", "admin", "agentB", "leadB"];
type Outcome = "allowed" | 401 | 403 | 404;

const DAY = 86_400_000;
let world: World;
let ingestToken: string;
let leadToken: string;
let conversationId = "";
let chatToken = "";
let chatKey = "";
/** A range around the test's conversations (they are dated just before now). */
const range = () =>
  `since=${new Date(Date.now() - DAY).toISOString()}&until=${new Date(Date.now() + 3_600_000).toISOString()}`;

const get = (as: Exclude<Who, "anon" | "ingestToken">, url: string) =>
  world.inject({ method: "GET", url, as });

async function startChat(text: string): Promise<string> {
  const r = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/chat/conversations",
    payload: { chatKey, text, name: "Rosa Customer" },
  });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json().token as string;
}

beforeAll(async () => {
  world = await createWorld();
  ingestToken = await world.token("agentA", ["ingest"]);
  leadToken = await world.token("leadA", ["ingest"]);
  // A troubled conversation dated just now, a helper's whisper, the customer calming, then closed.
  const start = Date.now() - 10 * 60_000;
  const post = (i: number, line: { role: string; text: string }) =>
    world.postMessages(
      leadToken,
      message({
        teamId: world.teams.a,
        conversationId: "numbers-1",
        senderMessageId: `numbers-1-${i}`,
        at: new Date(start + i * 5_000).toISOString(),
        author: line.role === "agent" ? world.people.agentA.email : "Nia",
        ...line,
      }),
    );
  for (const [i, line] of TROUBLED_LINES.entries()) {
    const r = await post(i, line);
    conversationId = r.json().results[0].conversationId;
  }
  const whisper = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/step-in`,
    as: "peerA",
    payload: { kind: "whisper", text: "Name the refund date and what you will do today." },
  });
  expect(whisper.statusCode, whisper.body).toBe(201);
  const after = [
    { role: "agent", text: "You're right to be upset. Your refund goes out today; I'll confirm by email." },
    { role: "customer", text: "Ok, thank you, that helps." },
    { role: "customer", text: "Great, thanks for sorting it out." },
    { role: "customer", text: "Have a nice day." },
  ];
  for (const [i, line] of after.entries()) await post(TROUBLED_LINES.length + i, line);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "agentA",
    payload: {},
  });
  expect(closed.statusCode, closed.body).toBe(200);
  chatKey = `${world.orgId}.${world.teams.a}`;
  chatToken = await startChat("Where is my parcel?");
});
afterAll(async () => {
  await world?.close();
});

describe("GET /numbers", () => {
  it("gives a team's lead its numbers over the range, with the counts behind each share", async () => {
    const r = await get("leadA", `/api/v1/numbers?teamId=${world.teams.a}&${range()}`);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.team).toEqual({ id: world.teams.a, name: "Team A" });
    // A day and an hour: a point per day.
    expect(body.bucket).toBe("day");
    expect(body.periods).toHaveLength(2);
    expect(body.total.conversations).toBe(2);
    expect(body.total.closed).toBe(1);
    expect(body.total.resolvedFirstContact).toBe(1);
    expect(body.total.escalated).toBe(0);
    // One step-in, and three customer lines after it, each calmer.
    expect(body.total.stepIns).toEqual({ total: 1, recovered: 1, notRecovered: 0, tooEarly: 0 });
    const sum = (key: "conversations" | "closed") =>
      (body.periods as Record<string, number>[]).reduce((s, p) => s + (p[key] ?? 0), 0);
    expect(sum("conversations")).toBe(2);
    expect(body.comparison).toBeNull();
  });

  it("compares before with after a date, and picks weeks for a long range by default", async () => {
    const at = new Date(Date.now() - DAY / 2).toISOString();
    const r = await get("admin", `/api/v1/numbers?teamId=${world.teams.a}&${range()}&compareAt=${at}`);
    expect(r.statusCode, r.body).toBe(200);
    const { comparison } = r.json();
    expect(comparison.at).toBe(at);
    expect(comparison.before.conversations).toBe(0);
    expect(comparison.after.conversations).toBe(2);
    const long = await get("leadA", `/api/v1/numbers?teamId=${world.teams.a}`);
    expect(long.statusCode, long.body).toBe(200);
    expect(long.json().bucket).toBe("week");
    expect(long.json().periods).toHaveLength(8);
  });

  it("names what is wrong with the range, the bucket, the comparison date or a missing team", async () => {
    const problems = async (query: string): Promise<string[]> => {
      const r = await get("leadA", `/api/v1/numbers?${query}`);
      expect(r.statusCode, r.body).toBe(400);
      return (r.json().error.details.issues as { path: string[] }[]).map((i) => i.path.join("."));
    };
    const team = `teamId=${world.teams.a}`;
    expect(await problems(`${team}&since=2026-03-10T00:00:00Z&until=2026-03-01T00:00:00Z`)).toEqual([
      "query.until",
    ]);
    expect(await problems(`${team}&since=2025-01-01T00:00:00Z&until=2026-06-01T00:00:00Z`)).toEqual([
      "query.since",
    ]);
    expect(
      await problems(`${team}&since=2026-01-01T00:00:00Z&until=2026-06-01T00:00:00Z&bucket=day`),
    ).toEqual(["query.bucket"]);
    expect(
      await problems(
        `${team}&since=2026-03-01T00:00:00Z&until=2026-03-10T00:00:00Z&compareAt=2026-04-01T00:00:00Z`,
      ),
    ).toEqual(["query.compareAt"]);
    expect(await problems(`${team}&since=yesterday`)).toEqual(["query.since"]);
    expect(await problems("")).toEqual(["query.teamId"]);
    // A start given without an end: the end is now, and the start after it is named.
    const future = new Date(Date.now() + 7 * DAY).toISOString();
    expect(await problems(`${team}&since=${future}`)).toEqual(["query.since"]);
  });

  it("draws days from the reader's local midnights with timeZone, across a clock change", async () => {
    const wall = (iso: string) =>
      new Intl.DateTimeFormat("sv-SE", {
        timeZone: "Europe/Berlin",
        dateStyle: "short",
        timeStyle: "short",
      }).format(new Date(iso));
    // Berlin leaves summer time on 25 October 2026: that day is 25 hours long.
    const since = encodeURIComponent("2026-10-23T00:00:00+02:00");
    const until = encodeURIComponent("2026-10-28T00:00:00+01:00");
    const r = await get(
      "leadA",
      `/api/v1/numbers?teamId=${world.teams.a}&since=${since}&until=${until}&timeZone=Europe/Berlin`,
    );
    expect(r.statusCode, r.body).toBe(200);
    const starts = (r.json().periods as { start: string }[]).map((p) => wall(p.start));
    // In 24-hour steps from the first midnight, the days after the change began at 23:00 the day before.
    expect(starts).toEqual([
      "2026-10-23 00:00",
      "2026-10-24 00:00",
      "2026-10-25 00:00",
      "2026-10-26 00:00",
      "2026-10-27 00:00",
    ]);
    // Without dates: the last 56 whole local days, today the last, a week a point from a local midnight.
    const byDefault = await get("leadA", `/api/v1/numbers?teamId=${world.teams.a}&timeZone=Europe/Berlin`);
    expect(byDefault.statusCode, byDefault.body).toBe(200);
    const body = byDefault.json();
    expect(body.periods).toHaveLength(8);
    for (const p of body.periods as { start: string }[]) expect(wall(p.start)).toMatch(/ 00:00$/);
    expect(wall(body.until)).toMatch(/ 00:00$/);
    expect(Date.parse(body.until)).toBeGreaterThan(Date.now());
    expect(body.total.conversations).toBe(2);
    const mine = await get(
      "agentA",
      `/api/v1/numbers/people/${world.people.agentA.id}?timeZone=Europe/Berlin`,
    );
    expect(wall(mine.json().since)).toMatch(/ 00:00$/);
    const bad = await get("leadA", `/api/v1/numbers?teamId=${world.teams.a}&timeZone=Mars/Olympus`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(["query", "timeZone"]);
  });

  it("answers 404 for a team that does not exist, 403 for the team's agents", async () => {
    const unknown = await get("admin", `/api/v1/numbers?teamId=${randomUUID()}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe("Team not found");
    expect((await get("leadB", `/api/v1/numbers?teamId=${world.teams.a}`)).statusCode).toBe(404);
    const agent = await get("agentA", `/api/v1/numbers?teamId=${world.teams.a}`);
    expect(agent.statusCode).toBe(403);
  });
});

describe("GET /numbers/people/:personId (My numbers)", () => {
  let fixed = "";
  const mine = (as: Exclude<Who, "anon" | "ingestToken">, who: "agentA" | "peerA") =>
    get(as, `/api/v1/numbers/people/${world.people[who].id}?${(fixed ||= range())}`);

  it("gives an agent their own conversations, the help they got and the help they gave, with the outcome", async () => {
    const r = await mine("agentA", "agentA");
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.person).toEqual({ id: world.people.agentA.id, name: "Aaron Agent" });
    expect(body.teams).toEqual([{ id: world.teams.a, name: "Team A" }]);
    expect(body.bucket).toBe("day");
    expect(body.periods).toHaveLength(2);
    // Their one conversation, closed without a transfer or an escalation; Petra's whisper helped.
    expect(body.total).toMatchObject({ conversations: 1, closed: 1, resolvedFirstContact: 1, escalated: 0 });
    expect(body.total.helpReceived).toEqual({ total: 1, recovered: 1, notRecovered: 0, tooEarly: 0 });
    expect(body.total.helpGiven).toEqual({ total: 0, recovered: 0, notRecovered: 0, tooEarly: 0 });
    // The periods add up to the whole range.
    const sum = (p: { conversations: number }[]) => p.reduce((n, x) => n + x.conversations, 0);
    expect(sum(body.periods)).toBe(1);

    const peer = (await mine("peerA", "peerA")).json();
    expect(peer.total.conversations).toBe(0);
    expect(peer.total.helpGiven).toEqual({ total: 1, recovered: 1, notRecovered: 0, tooEarly: 0 });
    expect(peer.total.helpReceived.total).toBe(0);
    // Nothing to average: no scorecard, no survey answer, and no division by zero.
    expect(peer.total.scorecards).toEqual({ count: 0, averageOverall: null });
    expect(peer.total.survey.answered).toBe(0);
  });

  it("is the agent's own: their lead and an admin read the same, another agent is told it does not exist", async () => {
    const own = (await mine("agentA", "agentA")).json();
    const lead = await mine("leadA", "agentA");
    expect(lead.statusCode).toBe(200);
    expect(lead.json().total).toEqual(own.total);
    expect((await mine("admin", "agentA")).json().total).toEqual(own.total);
    // The lead's read is in the audit log; the agent's own reads are not.
    const audit = await get("admin", "/api/v1/audit?action=agent_numbers.read");
    expect(audit.statusCode, audit.body).toBe(200);
    const entries = audit.json().entries as { actor: { id: string } | null; target: { id: string } | null }[];
    expect(entries.map((e) => [e.actor?.id, e.target?.id])).toEqual([
      [world.people.admin.id, world.people.agentA.id],
      [world.people.leadA.id, world.people.agentA.id],
    ]);
    const peer = await mine("peerA", "agentA");
    expect(peer.statusCode).toBe(404);
    expect(peer.json().error.message).toBe("Person not found");
    expect((await mine("agentB", "agentA")).statusCode).toBe(404);
    expect((await mine("leadB", "agentA")).statusCode).toBe(404);
    expect((await get("agentA", `/api/v1/numbers/people/${randomUUID()}`)).statusCode).toBe(404);
  });

  it("names what is wrong with the range", async () => {
    const r = await get(
      "agentA",
      `/api/v1/numbers/people/${world.people.agentA.id}?since=2026-03-10T00:00:00Z&until=2026-03-01T00:00:00Z&teamId=x`,
    );
    expect(r.statusCode).toBe(400);
    const paths = (r.json().error.details.issues as { path: string[] }[]).map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["query", "query.until"]);
    const notUuid = await get("agentA", "/api/v1/numbers/people/someone");
    expect(notUuid.statusCode).toBe(400);
  });
});

describe("the after-chat survey", () => {
  it("is offered to the customer only once their chat has ended, with nothing internal in it", async () => {
    const token = await startChat("My card was charged twice.");
    const open = await world.app.app.inject({ url: `/api/v1/chat/${token}/survey` });
    expect(open.statusCode).toBe(200);
    expect(open.json().offered).toBe(false);
    const tooSoon = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/chat/${token}/survey`,
      payload: { tags: ["felt_heard"] },
    });
    expect(tooSoon.statusCode).toBe(409);
    await world.app.app.inject({ method: "POST", url: `/api/v1/chat/${token}/end` });
    const ended = await world.app.app.inject({ url: `/api/v1/chat/${token}/survey` });
    const survey = ended.json();
    expect(Object.keys(survey).sort()).toEqual(["answered", "offered", "tags"]);
    expect(survey.offered).toBe(true);
    expect(survey.tags.map((t: { tag: string }) => t.tag)).toContain("felt_heard");
    for (const t of survey.tags) expect(Object.keys(t).sort()).toEqual(["label", "tag", "tone"]);
    // No id, name or reading of anything on the team's side.
    const text = ended.body;
    for (const secret of [
      world.orgId,
      world.teams.a,
      world.people.agentA.id,
      world.people.agentA.email,
      "Aaron",
      "risk",
      "frustration",
    ])
      expect(text).not.toContain(secret);
    const unknown = await world.app.app.inject({ url: `/api/v1/chat/${"x".repeat(40)}/survey` });
    expect(unknown.statusCode).toBe(404);
  });

  it("counts one answer per conversation: a second one changes nothing", async () => {
    const token = await startChat("I need to change my address.");
    await world.app.app.inject({ method: "POST", url: `/api/v1/chat/${token}/end` });
    const answer = (tags: string[]) =>
      world.app.app.inject({ method: "POST", url: `/api/v1/chat/${token}/survey`, payload: { tags } });
    const bad = await answer(["felt_heard", "felt_heard", "delighted"]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("tags");
    const first = await answer(["felt_heard", "quick"]);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ recorded: true });
    expect((await answer(["too_slow"])).json()).toEqual({ recorded: false });
    expect((await answer(["felt_heard", "quick"])).json()).toEqual({ recorded: false });
    const after = (await world.app.app.inject({ url: `/api/v1/chat/${token}/survey` })).json();
    expect(after).toMatchObject({ offered: false, answered: true });
    const numbers = (await get("leadA", `/api/v1/numbers?teamId=${world.teams.a}&${range()}`)).json();
    expect(numbers.total.survey.tags.felt_heard).toBe(1);
    expect(numbers.total.survey.tags.quick).toBe(1);
    expect(numbers.total.survey.tags.too_slow).toBe(0);
  });

  it("takes a helpdesk's survey tags by its conversation id, once, from the conversation's team only", async () => {
    const send = (token: string, payload: Record<string, unknown>) =>
      world.app.app.inject({
        method: "POST",
        url: "/api/v1/surveys",
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const other = await world.token("leadB", ["ingest"]);
    expect((await send(other, { conversationId: "numbers-1", tags: ["felt_heard"] })).statusCode).toBe(404);
    expect((await send(ingestToken, { conversationId: "nope", tags: [] })).statusCode).toBe(404);
    const first = await send(ingestToken, {
      conversationId: "numbers-1",
      tags: ["problem_solved", "felt_heard"],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ conversationId, recorded: true });
    expect(
      (await send(ingestToken, { conversationId: "numbers-1", tags: ["not_solved"] })).json().recorded,
    ).toBe(false);
    const numbers = (await get("leadA", `/api/v1/numbers?teamId=${world.teams.a}&${range()}`)).json();
    expect(numbers.total.survey.tags.problem_solved).toBe(1);
    expect(numbers.total.survey.tags.not_solved).toBe(0);
  });
});

const onlyLeadsOfA = (who: Who): Outcome =>
  who === "anon"
    ? 401
    : who === "ingestToken"
      ? 403
      : who === "agentB" || who === "leadB"
        ? 404
        : who === "leadA" || who === "admin"
          ? "allowed"
          : 403;

interface Case {
  route: string;
  request: () => Promise<{ method: "GET" | "POST"; url: string; payload?: Record<string, unknown> }>;
  expect: (who: Who) => Outcome;
}

const cases: Case[] = [
  {
    route: "GET /api/v1/numbers",
    request: async () => ({ method: "GET", url: `/api/v1/numbers?teamId=${world.teams.a}` }),
    expect: onlyLeadsOfA,
  },
  {
    // An agent's own numbers: themself, their team's lead, admins; anyone else, as if nobody.
    route: "GET /api/v1/numbers/people/:personId",
    request: async () => ({ method: "GET", url: `/api/v1/numbers/people/${world.people.agentA.id}` }),
    expect: (who) =>
      who === "anon"
        ? 401
        : who === "ingestToken"
          ? 403
          : who === "agentA" || who === "leadA" || who === "admin"
            ? "allowed"
            : 404,
  },
  {
    // The customer's token is the credential, whoever holds it.
    route: "GET /api/v1/chat/:token/survey",
    request: async () => ({ method: "GET", url: `/api/v1/chat/${chatToken}/survey` }),
    expect: () => "allowed",
  },
  {
    route: "POST /api/v1/chat/:token/survey",
    request: async () => ({ method: "POST", url: `/api/v1/chat/${chatToken}/survey`, payload: { tags: [] } }),
    expect: () => "allowed",
  },
  {
    // Another team's conversation is as unknown to them as a missing one.
    route: "POST /api/v1/surveys",
    request: async () => ({
      method: "POST",
      url: "/api/v1/surveys",
      payload: { conversationId: "numbers-1", tags: [] },
    }),
    expect: (who) => (who === "anon" ? 401 : who === "agentB" || who === "leadB" ? 404 : "allowed"),
  },
];

const send = (who: Who, req: Awaited<ReturnType<Case["request"]>>) =>
  sendAs(world, who === "ingestToken" ? { bearer: ingestToken } : who, req);

describe("numbers and survey authorization matrix", () => {
  it("covers every route tagged numbers or surveys", async () => {
    const registered = await routesTagged(world.app, NUMBERS_TAGS);
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
});

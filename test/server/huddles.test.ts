import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgenda, rotatePairs } from "../../src/server/huddles/agenda.ts";
import { HUDDLE_TAG } from "../../src/server/huddles/routes.ts";
import {
  listShiftConversations,
  listShiftCues,
  migrate,
  openStore,
  type ShiftCue,
} from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { createWorld, message, type World } from "./factories.ts";
import { routesTagged } from "./routeMatrix.ts";

/*
 * The buddy-boost routine (loop 3): agendas made from a team's shift, champions for the day's
 * patterns, and who may read and change what.
 */

let world: World;
let agentToken: string;
const DAY = "2026-03-20";
const SHIFT = { since: "2026-03-20T08:00:00Z", until: "2026-03-20T18:00:00Z" };
const agendaUrl = (teamId: string, extra = "") =>
  `/api/v1/huddles/agenda?teamId=${teamId}&date=${DAY}&since=${encodeURIComponent(SHIFT.since)}&until=${encodeURIComponent(SHIFT.until)}${extra}`;

/** A hard conversation: a customer getting angrier, an agent hedging and apologising. */
const HARD = [
  { role: "customer", text: "Hi, I'm Marta Kowalski, my order 88123 arrived broken, marta@example.org." },
  { role: "agent", text: "Sorry, sorry, I think maybe order 88123 is with the courier, I'm not sure." },
  { role: "customer", text: "I already told you it arrived broken. This is ridiculous." },
  { role: "agent", text: "Sorry again, I think it might be possible, maybe, I'd have to check." },
  { role: "customer", text: "You are useless. I want to speak to a manager now." },
] as const;

async function postConversation(
  id: string,
  startIso: string,
  lines: readonly { role: string; text: string }[],
) {
  const start = Date.parse(startIso);
  let conversationId = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.postMessages(
      agentToken,
      message({
        teamId: world.teams.a,
        conversationId: id,
        senderMessageId: `${id}-${i}`,
        role: line.role,
        text: line.text,
        topic: "returns",
        at: new Date(start + i * 40_000).toISOString(),
        ...(line.role === "agent" ? { author: world.people.agentA.email } : { author: "Marta Kowalski" }),
      }),
    );
    expect(r.statusCode, r.body).toBe(200);
    conversationId = r.json().results[0].conversationId as string;
  }
  return conversationId;
}

let lastWeek = "";
let pg: PostgresServer | null = null;
beforeAll(async () => {
  // The agendas' SQL runs on PostgreSQL as well as PGlite: HUDDLES_STORE=postgres runs it there.
  if (process.env.HUDDLES_STORE === "postgres") {
    pg = await startPostgresServer();
    if (pg === null) throw new Error("PostgreSQL binaries are not installed");
    const store = await openStore({ databaseUrl: await pg.createDatabase("huddles") });
    await migrate(store);
    world = await createWorld({ store });
  } else world = await createWorld();
  agentToken = await world.token("agentA", ["ingest"]);
  // Two days before the shift: a hard conversation that ended (the warm-up's).
  lastWeek = await postConversation("huddle-last-week", "2026-03-18T10:00:00Z", HARD);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${lastWeek}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  // The shift: three hard conversations, the last two within its final two hours.
  await postConversation("huddle-today-1", "2026-03-20T09:00:00Z", HARD);
  await postConversation("huddle-today-2", "2026-03-20T16:30:00Z", HARD);
  await postConversation("huddle-today-3", "2026-03-20T17:00:00Z", HARD);
});
afterAll(async () => {
  await world?.close();
  await pg?.stop();
});

describe("the huddle agendas", () => {
  it("warm-up: the past week's hardest ended conversation, its agent unnamed, with two quick wins", async () => {
    const r = await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "leadA" });
    expect(r.statusCode, r.body).toBe(200);
    const { warmUp } = r.json();
    expect(warmUp.hardConversation).not.toBeNull();
    expect(warmUp.hardConversation.conversationId).toBe(lastWeek);
    expect(warmUp.hardConversation.peakRisk).toBeGreaterThanOrEqual(0.6);
    expect(warmUp.hardConversation.quickWins).toHaveLength(2);
    // Each names the pattern it answers in words, not by the engine's cue name.
    for (const win of warmUp.hardConversation.quickWins as { cue: string }[]) {
      expect(win.cue).toMatch(/^[A-Z]/);
      expect(win.cue).not.toContain("_");
    }
    expect(warmUp.hardConversation.peak.length).toBeGreaterThan(0);
    // Nobody is named, and the customer's details are redacted.
    const text = JSON.stringify(warmUp.hardConversation);
    for (const secret of ["Aaron", "Marta", "Kowalski", "marta@example.org", "88123"])
      expect(text).not.toContain(secret);
    // A teammate discusses it without opening it; its own agent may open it.
    const peer = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "peerA" })).json();
    expect(peer.warmUp.hardConversation.conversationId).toBeNull();
    const agent = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "agentA" })).json();
    expect(agent.warmUp.hardConversation.conversationId).toBe(lastWeek);
  });

  it("pairs everyone in the team once, and rotates them for the check-in", async () => {
    const agenda = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "peerA" })).json();
    const members = agenda.members.map((m: { id: string }) => m.id).sort();
    expect(members).toEqual(
      [world.people.leadA.id, world.people.agentA.id, world.people.peerA.id, world.people.peer2A.id].sort(),
    );
    const flat = (pairs: { id: string }[][]) =>
      pairs
        .flat()
        .map((p) => p.id)
        .sort();
    expect(flat(agenda.warmUp.pairs)).toEqual(members);
    expect(flat(agenda.checkIn.pairs)).toEqual(members);
    const key = (pairs: { id: string }[][]) =>
      pairs
        .map((p) =>
          p
            .map((x) => x.id)
            .sort()
            .join("+"),
        )
        .sort()
        .join(" ");
    expect(key(agenda.checkIn.pairs)).not.toEqual(key(agenda.warmUp.pairs));
  });

  it("check-in: the reader's own shift; leads also see who has had several hard conversations lately", async () => {
    const agent = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "agentA" })).json();
    expect(agent.checkIn.mine.conversations).toBe(3);
    // The shift is over (a day in March): its check-in speaks of that day.
    expect(agent.checkIn.mine.observation).toContain("3 conversations that day");
    expect(agent.checkIn.checkOn).toEqual([]);
    const peer = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "peerA" })).json();
    expect(peer.checkIn.mine.conversations).toBe(0);
    const lead = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "leadA" })).json();
    expect(lead.checkIn.checkOn).toEqual([
      expect.objectContaining({
        person: { id: world.people.agentA.id, name: "Aaron Agent" },
        hardConversations: 2,
      }),
    ]);
  });

  it("wrap-up: the shift's top patterns with a procedure update each, quoted without names", async () => {
    const agenda = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "leadA" })).json();
    expect(agenda.wrapUp.conversations).toBe(3);
    const patterns = agenda.wrapUp.patterns as {
      key: string;
      conversations: number;
      suggestedUpdate: string;
    }[];
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.length).toBeLessThanOrEqual(3);
    for (const p of patterns) {
      expect(p.conversations).toBeGreaterThanOrEqual(2);
      expect(p.suggestedUpdate.length).toBeGreaterThan(0);
    }
    expect(patterns.map((p) => p.key)).toContain("cue:hedging");
    const text = JSON.stringify(agenda.wrapUp);
    for (const secret of ["Marta", "Kowalski", "marta@example.org", "88123"])
      expect(text).not.toContain(secret);
    // The day before the shift has none of them.
    const quiet = await world.inject({
      method: "GET",
      url: `/api/v1/huddles/agenda?teamId=${world.teams.a}&date=2026-03-19&since=2026-03-19T08:00:00Z&until=2026-03-19T18:00:00Z`,
      as: "leadA",
    });
    expect(quiet.json().wrapUp).toMatchObject({ conversations: 0, patterns: [] });
  });

  it("a lead names a champion; the champion marks the update done; others may not", async () => {
    const agenda = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "leadA" })).json();
    const pattern = agenda.wrapUp.patterns[0];
    const body = {
      teamId: world.teams.a,
      date: DAY,
      pattern: pattern.key,
      title: pattern.suggestedUpdate,
      ownerId: world.people.peerA.id,
    };
    expect(
      (await world.inject({ method: "PUT", url: "/api/v1/huddles/actions", as: "agentA", payload: body }))
        .statusCode,
    ).toBe(403);
    expect(
      (await world.inject({ method: "PUT", url: "/api/v1/huddles/actions", as: "leadB", payload: body }))
        .statusCode,
    ).toBe(404);
    const outsider = await world.inject({
      method: "PUT",
      url: "/api/v1/huddles/actions",
      as: "leadA",
      payload: { ...body, ownerId: world.people.agentB.id },
    });
    expect(outsider.statusCode).toBe(404);
    const named = await world.inject({
      method: "PUT",
      url: "/api/v1/huddles/actions",
      as: "leadA",
      payload: body,
    });
    expect(named.statusCode, named.body).toBe(200);
    const action = named.json().action;
    expect(action).toMatchObject({
      owner: { id: world.people.peerA.id },
      status: "open",
      pattern: pattern.key,
    });

    // Everyone in the team sees it on the agenda; only its champion (and leads) may change it.
    const seen = (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "peer2A" })).json();
    expect(seen.wrapUp.patterns[0].action).toMatchObject({ id: action.id, editable: false });
    const url = `/api/v1/huddles/actions/${action.id}`;
    expect(
      (await world.inject({ method: "PATCH", url, as: "peer2A", payload: { status: "done" } })).statusCode,
    ).toBe(403);
    expect(
      (await world.inject({ method: "PATCH", url, as: "leadB", payload: { status: "done" } })).statusCode,
    ).toBe(404);
    const done = await world.inject({
      method: "PATCH",
      url,
      as: "peerA",
      payload: { status: "done", note: "Answer sheet added to the returns macros." },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().action).toMatchObject({
      status: "done",
      note: "Answer sheet added to the returns macros.",
    });

    // Naming someone else reopens it for them; one per pattern and day.
    const renamed = await world.inject({
      method: "PUT",
      url: "/api/v1/huddles/actions",
      as: "leadA",
      payload: { ...body, ownerId: world.people.peer2A.id },
    });
    expect(renamed.json().action).toMatchObject({
      id: action.id,
      status: "open",
      owner: { id: world.people.peer2A.id },
    });
    // Still open the next day, listed for the next huddle.
    const next = await world.inject({
      method: "GET",
      url: `/api/v1/huddles/agenda?teamId=${world.teams.a}&date=2026-03-21&since=2026-03-21T08:00:00Z&until=2026-03-21T18:00:00Z`,
      as: "peer2A",
    });
    expect(next.json().wrapUp.openActions).toEqual([
      expect.objectContaining({ id: action.id, editable: true }),
    ]);
  });

  it("refuses bad input, naming each problem, and another team's agenda", async () => {
    const bad = await world.inject({
      method: "GET",
      url: `/api/v1/huddles/agenda?teamId=nope&date=20-03-2026&since=2026-03-20T18:00:00Z&until=2026-03-20T08:00:00Z`,
      as: "leadA",
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().error.details.issues as { path: string[] }[]).map((i) => i.path.at(-1)).sort();
    expect(fields).toEqual(expect.arrayContaining(["teamId", "date", "until"]));
    const long = await world.inject({
      method: "GET",
      url: `/api/v1/huddles/agenda?teamId=${world.teams.a}&date=${DAY}&since=2026-03-18T08:00:00Z&until=2026-03-20T18:00:00Z`,
      as: "leadA",
    });
    expect(long.statusCode).toBe(400);
    expect(
      (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "leadB" })).statusCode,
    ).toBe(404);
    expect(
      (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "agentB" })).statusCode,
    ).toBe(404);
    expect((await world.inject({ method: "GET", url: agendaUrl(world.teams.a) })).statusCode).toBe(401);
    expect(
      (await world.inject({ method: "GET", url: agendaUrl(world.teams.a), as: "admin" })).statusCode,
    ).toBe(200);
    const emptyTitle = await world.inject({
      method: "PUT",
      url: "/api/v1/huddles/actions",
      as: "leadA",
      payload: {
        teamId: world.teams.a,
        date: DAY,
        pattern: "cue:hedging",
        title: " ",
        ownerId: world.people.peerA.id,
      },
    });
    expect(emptyTitle.statusCode).toBe(400);
    expect(
      (
        await world.inject({
          method: "PATCH",
          url: "/api/v1/huddles/actions/x",
          as: "leadA",
          payload: { status: "done" },
        })
      ).statusCode,
    ).toBe(400);
  });

  it("covers every huddle route the server registers", async () => {
    const registered = await routesTagged(world.app, [HUDDLE_TAG]);
    expect(registered.sort()).toEqual([
      "GET /api/v1/huddles/agenda",
      "PATCH /api/v1/huddles/actions/:id",
      "PUT /api/v1/huddles/actions",
    ]);
  });
});

describe("rotatePairs", () => {
  it("seats everyone once per round, a trio when odd, and meets everyone over the rounds", () => {
    const people = ["a", "b", "c", "d", "e", "f"];
    const met = new Set<string>();
    for (let round = 0; round < 5; round++) {
      const pairs = rotatePairs(people, round);
      expect(pairs.flat().sort()).toEqual(people);
      for (const [x, y] of pairs) met.add([x, y].sort().join(""));
    }
    expect(met.size).toBe(15);
    const odd = rotatePairs(["a", "b", "c"], 0);
    expect(odd.flat().sort()).toEqual(["a", "b", "c"]);
    expect(odd).toHaveLength(1);
    expect(rotatePairs(["a"], 3)).toEqual([["a"]]);
    expect(rotatePairs([], 3)).toEqual([]);
  });
});

describe("the agenda's reads while the shift is under way", () => {
  it("reads the team's cues once, for the wrap-up, and the check-in only the reader's own", async () => {
    const shift = {
      orgId: world.orgId,
      teamId: world.teams.a,
      since: Date.parse(SHIFT.since),
      until: Date.parse(SHIFT.until),
    };
    // 16:45: the 09:00 and 16:30 conversations so far, the 17:00 one still to come.
    const now = Date.parse("2026-03-20T16:45:00Z");
    const soFar = { ...shift, until: now };
    const key = (c: unknown) => JSON.stringify(c);
    // An agent's own shift so far is what the team's holds of theirs: conversations and cues.
    const team = await listShiftConversations(world.store, soFar);
    const teamCues = await listShiftCues(world.store, soFar);
    const agents = [...new Set(team.flatMap((c) => (c.agentId === null ? [] : [c.agentId])))];
    expect(agents.length).toBeGreaterThan(0);
    for (const agentId of agents) {
      const theirs = team.filter((c) => c.agentId === agentId);
      expect(await listShiftConversations(world.store, soFar, 500, agentId)).toEqual(theirs);
      const ids = new Set(theirs.map((c) => c.id));
      expect((await listShiftCues(world.store, soFar, undefined, agentId)).map(key).sort()).toEqual(
        teamCues
          .filter((c: ShiftCue) => ids.has(c.conversationId))
          .map(key)
          .sort(),
      );
    }
    expect(await listShiftConversations(world.store, soFar, 500, world.people.leadB.id)).toEqual([]);
    expect((await listShiftCues(world.store, shift)).length).toBeGreaterThan(teamCues.length);

    const cueReads: string[] = [];
    const counting = {
      query: (sql: string, params?: unknown[]) => {
        if (sql.includes("analysis->'cues'")) cueReads.push(sql);
        return world.store.query(sql, params as never);
      },
    };
    const lead = world.people.leadA;
    await buildAgenda({
      db: counting as never,
      principal: {
        orgId: world.orgId,
        personId: lead.id,
        name: lead.displayName,
        role: "lead",
        teamIds: [world.teams.a],
        via: "session",
        scopes: ["api"],
      } as never,
      date: DAY,
      ...shift,
      now,
    });
    // The warm-up's conversation, the lead's own so far, and the team's whole day once.
    expect(cueReads).toHaveLength(3);
    // The reader's own: those whose agent is them ($6).
    expect(cueReads.filter((sql) => !sql.includes("= $6::uuid"))).toHaveLength(2);
  });
});

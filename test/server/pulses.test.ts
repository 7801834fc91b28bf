/**
 * Employee pulses (eNPS) over HTTP: who may open, close, read and answer a pulse (every route ×
 * every role × the other team), and what they are told; that an answer cannot be tied to the person
 * who gave it (not in the stored rows, the audit log, the events or any response); that results stay
 * hidden while a pulse is open and, below five answers, for good; one answer per person; and that
 * bad input is named and changes nothing. The store's own rules are checked on both stores by
 * src/store/contract/pulsesContract.ts; the demo's pulses by numbersDemo.test.ts, on the demo
 * workspace it makes anyway.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PULSES_TAG } from "../../src/server/pulses/index.ts";
import { listAuditEntries } from "../../src/store/index.ts";
import { createWorld, PASSWORD, type World } from "./factories.ts";
import { expectEachCaller, routesTagged, sendAs, type MatrixOutcome } from "./routeMatrix.ts";

type Person = keyof World["people"];
type Who = "anon" | "agentA" | "peerA" | "leadA" | "admin" | "agentB" | "leadB";
const EVERYONE: Who[] = ["anon", "agentA", "peerA", "leadA", "admin", "agentB", "leadB"];

let world: World;
/** Two more agents of team A (its lead, agent, two peers and these: six people, enough to show results). */
const extra: { id: string; email: string; cookie: string }[] = [];

const as = (who: Person, method: "GET" | "POST", url: string, payload?: unknown) =>
  world.inject({ method, url, as: who, ...(payload !== undefined ? { payload: payload as object } : {}) });
const asExtra = (i: number, method: "GET" | "POST", url: string, payload?: unknown) =>
  world.app.app.inject({
    method,
    url,
    headers: { cookie: extra[i]?.cookie ?? "" },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const open = async (who: Person = "leadA", body: Record<string, unknown> = { teamId: world.teams.a }) => {
  const r = await as(who, "POST", "/api/v1/pulses", body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().pulse as { id: string; invited: number; status: string; closesAt: string };
};
const close = async (id: string) => {
  const r = await as("leadA", "POST", `/api/v1/pulses/${id}/close`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().pulse;
};
const answer = (who: Person, id: string, score: unknown, comment?: unknown) =>
  as(who, "POST", `/api/v1/pulses/${id}/answers`, comment === undefined ? { score } : { score, comment });
const teamPulses = async (who: Person = "leadA") => {
  const r = await as(who, "GET", `/api/v1/pulses?teamId=${world.teams.a}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

beforeAll(async () => {
  world = await createWorld();
  for (const name of ["Xena", "Yuri"]) {
    const email = `${name.toLowerCase()}.a@example.com`;
    const made = await as("admin", "POST", "/api/v1/people", {
      email,
      name: `${name} Agent`,
      role: "agent",
      password: PASSWORD,
      teamIds: [world.teams.a],
    });
    expect(made.statusCode, made.body).toBe(201);
    const login = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password: PASSWORD },
    });
    const session = login.cookies.find((c) => c.name === "tagteam_session");
    if (session === undefined) throw new Error(login.body);
    extra.push({ id: made.json().person.id, email, cookie: `tagteam_session=${session.value}` });
  }
});
afterAll(async () => {
  await world?.close();
});

describe("who may do what with a pulse", () => {
  it("covers every pulse route the server registers", async () => {
    expect(await routesTagged(world.app, [PULSES_TAG])).toEqual([
      "GET /api/v1/pulses",
      "GET /api/v1/pulses/mine",
      "POST /api/v1/pulses",
      "POST /api/v1/pulses/:id/answers",
      "POST /api/v1/pulses/:id/close",
    ]);
  });

  it("lets the team's leads and admins open, read and close; its members answer; another team sees nothing", async () => {
    const send = (method: "GET" | "POST", url: string, payload?: unknown) => (who: Who) =>
      sendAs(world, who, { method, url, ...(payload !== undefined ? { payload } : {}) });
    const lead = (who: Who): MatrixOutcome =>
      (
        ({
          anon: 401,
          agentA: 403,
          peerA: 403,
          leadA: "allowed",
          admin: "allowed",
          agentB: 404,
          leadB: 404,
        }) as const
      )[who];
    // Opening: leadA opens, the admin is then told it is already open (let through, 409).
    await expectEachCaller(
      EVERYONE,
      lead,
      send("POST", "/api/v1/pulses", { teamId: world.teams.a, days: 2 }),
    );
    const { pulses } = await teamPulses();
    const pulse = pulses[0];
    expect(pulse.status).toBe("open");
    await expectEachCaller(EVERYONE, lead, send("GET", `/api/v1/pulses?teamId=${world.teams.a}`));
    await expectEachCaller(
      EVERYONE,
      (who) => (who === "anon" ? 401 : "allowed"),
      send("GET", "/api/v1/pulses/mine"),
    );
    // Answering: the team's members (its lead too); the admin is no member; team B sees no such pulse.
    await expectEachCaller(
      EVERYONE,
      (who) =>
        ({
          anon: 401,
          agentA: "allowed",
          peerA: "allowed",
          leadA: "allowed",
          admin: 403,
          agentB: 404,
          leadB: 404,
        })[who] as MatrixOutcome,
      send("POST", `/api/v1/pulses/${pulse.id}/answers`, { score: 8 }),
    );
    // Closing: leadA closes, the admin is then told it has closed (let through, 409).
    await expectEachCaller(EVERYONE, lead, send("POST", `/api/v1/pulses/${pulse.id}/close`));
    // Team B's lead asking for team B's pulses, and for a pulse that does not exist: the same 404.
    const missing = await as("leadA", "POST", `/api/v1/pulses/${randomUUID()}/close`);
    const foreign = await as("leadB", "POST", `/api/v1/pulses/${pulse.id}/close`);
    expect([missing.statusCode, foreign.statusCode]).toEqual([404, 404]);
    expect(foreign.json().error.message).toBe(missing.json().error.message);
    const foreignAnswer = await answer("agentB", pulse.id, 5);
    const missingAnswer = await answer("agentB", randomUUID(), 5);
    expect([foreignAnswer.statusCode, missingAnswer.statusCode]).toEqual([404, 404]);
    expect(foreignAnswer.json().error.message).toBe(missingAnswer.json().error.message);
  });
});

describe("a pulse's life", () => {
  it("prompts the team's members live, takes one answer each, and shows nothing while open", async () => {
    const pulse = await open("leadA", { teamId: world.teams.a });
    // Six active members: the lead, three agents and the two added; not the admin, not team B.
    expect(pulse.invited).toBe(6);
    expect(pulse.status).toBe("open");
    // The team's room hears of it (the prompt appears without a reload); nobody's answer is an event.
    const events = await world.store.query(
      `SELECT type, team_id, person_id, payload FROM events WHERE type LIKE 'pulse.%' AND payload->>'pulseId' = $1`,
      [pulse.id],
    );
    expect(events).toEqual([
      { type: "pulse.opened", team_id: world.teams.a, person_id: null, payload: { pulseId: pulse.id } },
    ]);
    const mine = await as("agentA", "GET", "/api/v1/pulses/mine");
    expect(mine.json().pulses).toEqual([
      expect.objectContaining({
        id: pulse.id,
        team: { id: world.teams.a, name: "Team A" },
        question: "How likely are you to recommend working on this team to a friend?",
      }),
    ]);
    expect((await as("agentB", "GET", "/api/v1/pulses/mine")).json().pulses).toEqual([]);
    // A second pulse while one is open: 409, saying what to do.
    const twice = await as("leadA", "POST", "/api/v1/pulses", { teamId: world.teams.a });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe(
      "Team A already has an open pulse: close it first, or wait until it closes",
    );

    const first = await answer("agentA", pulse.id, 10, "More time between chats, please.");
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ recorded: true });
    const again = await answer("agentA", pulse.id, 0);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already answered this pulse; each person answers once/);
    // Answered: no longer prompted.
    expect((await as("agentA", "GET", "/api/v1/pulses/mine")).json().pulses).toEqual([]);
    for (const [who, score] of [
      ["peerA", 9],
      ["peer2A", 7],
      ["leadA", 4],
    ] as const)
      expect((await answer(who, pulse.id, score)).statusCode).toBe(201);
    // Four answers, open: the count, nothing else.
    let listed = (await teamPulses()).pulses[0];
    expect(listed).toMatchObject({
      id: pulse.id,
      status: "open",
      answers: 4,
      invited: 6,
      visibility: "open",
    });
    expect(listed.results).toBeNull();
    expect((await asExtra(0, "POST", `/api/v1/pulses/${pulse.id}/answers`, { score: 2 })).statusCode).toBe(
      201,
    );
    // Five answers, still open: still nothing.
    listed = (await teamPulses("admin")).pulses[0];
    expect(listed).toMatchObject({ answers: 5, visibility: "open", results: null });

    const closed = await close(pulse.id);
    expect(closed).toMatchObject({ status: "closed", closedEarly: true, visibility: "shown", answers: 5 });
    // 10, 9 promoters; 7 passive; 4, 2 detractors: round(100 × (2 − 2) / 5) = 0.
    expect(closed.results).toEqual({
      promoters: 2,
      passives: 1,
      detractors: 2,
      enps: 0,
      comments: ["More time between chats, please."],
    });
    // Closed: the last member is not prompted and may not answer any more.
    expect((await asExtra(1, "GET", "/api/v1/pulses/mine")).json().pulses).toEqual([]);
    const late = await asExtra(1, "POST", `/api/v1/pulses/${pulse.id}/answers`, { score: 10 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe("This pulse has closed and takes no more answers");
    const events2 = await world.store.query(
      `SELECT type FROM events WHERE payload->>'pulseId' = $1 ORDER BY id`,
      [pulse.id],
    );
    expect(events2.map((e) => e["type"])).toEqual(["pulse.opened", "pulse.closed"]);
  });

  it("shows nothing, ever, for a pulse that closed with fewer than five answers, and says why", async () => {
    const pulse = await open();
    for (const who of ["agentA", "peerA", "peer2A", "leadA"] as const)
      expect((await answer(who, pulse.id, 10)).statusCode).toBe(201);
    // Its time runs out (moved back in the store: the server reads the clock).
    await world.store.query(
      `UPDATE team_pulses SET opened_at = opened_at - interval '4 days', closes_at = now() - interval '1 second' WHERE id = $1`,
      [pulse.id],
    );
    const listed = (await teamPulses()).pulses.find((p: { id: string }) => p.id === pulse.id);
    expect(listed).toMatchObject({ status: "closed", closedEarly: false, visibility: "too_few", answers: 4 });
    expect(listed.results).toBeNull();
    // Already closed by its time: closing it again is refused.
    const reclose = await as("leadA", "POST", `/api/v1/pulses/${pulse.id}/close`);
    expect(reclose.statusCode).toBe(409);
    expect(reclose.json().error.message).toBe("This pulse has already closed");
    // The scores that came in never show, in any response.
    expect(JSON.stringify(await teamPulses("admin"))).not.toContain('"promoters":4');
  });

  it("stores no tie between an answer and its person: not in the rows, the audit log, the events or a response", async () => {
    const pulse = await open();
    const comment = `Fewer meetings ${randomUUID().slice(0, 6)}`;
    const r = await answer("peerA", pulse.id, 6, comment);
    expect(r.statusCode).toBe(201);
    // The answer row: the pulse (and its organisation), the score, the comment, a random id. Nothing else.
    const [row] = await world.store.query(`SELECT * FROM team_pulse_answers WHERE comment = $1`, [comment]);
    expect(Object.keys(row ?? {}).sort()).toEqual(["comment", "id", "org_id", "pulse_id", "score"]);
    expect(row?.org_id).toBe(world.orgId);
    expect(JSON.stringify(row)).not.toContain(world.people.peerA.id);
    // Who answered: a yes, with no time and no link to the answer.
    const asked = await world.store.query(
      `SELECT * FROM team_pulse_invitees WHERE pulse_id = $1 AND answered`,
      [pulse.id],
    );
    expect(asked).toEqual([
      { org_id: world.orgId, pulse_id: pulse.id, person_id: world.people.peerA.id, answered: true },
    ]);
    // The audit log has the opening (by the lead, about the team) and nothing about the answer.
    const audit = await listAuditEntries(world.store, { orgId: world.orgId, limit: 1000 });
    const aboutPulse = audit.filter((e) => JSON.stringify(e.details).includes(pulse.id));
    expect(aboutPulse.map((e) => [e.action, e.actorId, e.targetType, e.targetId])).toEqual([
      ["pulse.opened", world.people.leadA.id, "team", world.teams.a],
    ]);
    expect(audit.some((e) => e.actorId === world.people.peerA.id && e.action.startsWith("pulse."))).toBe(
      false,
    );
    expect(JSON.stringify(audit)).not.toContain(comment);
    // No event names the person who answered.
    const events = await world.store.query(`SELECT person_id, payload FROM events WHERE type LIKE 'pulse.%'`);
    expect(events.every((e) => e["person_id"] === null)).toBe(true);
    // The lead's listing has no person anywhere.
    const listing = JSON.stringify(await teamPulses());
    for (const p of ["agentA", "peerA", "peer2A"] as const) {
      expect(listing).not.toContain(world.people[p].id);
      expect(listing).not.toContain(world.people[p].displayName);
    }
    await close(pulse.id);
  });
});

describe("bad input", () => {
  it("names every wrong field and changes nothing", async () => {
    const before = await teamPulses();
    const problems = async (r: Awaited<ReturnType<typeof as>>) => {
      expect(r.statusCode, r.body).toBe(400);
      return (r.json().error.details.issues as { path: string[]; message: string }[]).map(
        (i) => `${i.path.join(".")}: ${i.message}`,
      );
    };
    expect(
      await problems(await as("leadA", "POST", "/api/v1/pulses", { teamId: world.teams.a, days: 15 })),
    ).toEqual(["body.days: must be at most 14 days"]);
    expect(
      await problems(await as("leadA", "POST", "/api/v1/pulses", { teamId: "team-a", days: 0 })),
    ).toEqual(["body.teamId: must be a team's id (a UUID)", "body.days: must be at least 1 day"]);
    expect(
      await problems(await as("leadA", "POST", "/api/v1/pulses", { teamId: world.teams.a, days: 2.5 })),
    ).toEqual(["body.days: must be a whole number of days from 1 to 14"]);
    expect(await teamPulses()).toEqual(before);

    const pulse = await open();
    expect(await problems(await answer("agentA", pulse.id, 11))).toEqual([
      "body.score: must be a whole number from 0 to 10",
    ]);
    expect(await problems(await answer("agentA", pulse.id, -1, "x".repeat(1001)))).toEqual([
      "body.score: must be a whole number from 0 to 10",
      "body.comment: must be at most 1000 characters",
    ]);
    expect(await problems(await answer("agentA", pulse.id, "ten"))).toEqual([
      "body.score: must be a whole number from 0 to 10",
    ]);
    expect(
      await problems(await as("agentA", "POST", "/api/v1/pulses/not-a-pulse/answers", { score: 5 })),
    ).toEqual(["params.id: must be a pulse's id (a UUID)"]);
    // Nothing was recorded: still prompted, and the answer after these goes through.
    expect(
      (await as("agentA", "GET", "/api/v1/pulses/mine")).json().pulses.map((p: { id: string }) => p.id),
    ).toEqual([pulse.id]);
    expect((await teamPulses()).pulses[0].answers).toBe(0);
    expect((await answer("agentA", pulse.id, 5, "  ")).statusCode).toBe(201);
    const [row] = await world.store.query(`SELECT comment FROM team_pulse_answers WHERE pulse_id = $1`, [
      pulse.id,
    ]);
    expect(row).toEqual({ comment: null });
    await close(pulse.id);
  });
});

describe("a team too small for a pulse's results", () => {
  it("is refused with a 409 that says why, and nothing is opened", async () => {
    // Team B has two people to ask; results show only from five answers on.
    const r = await as("leadB", "POST", "/api/v1/pulses", { teamId: world.teams.b });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toBe(
      "Team B has 2 people to ask (its active agents and leads), and a pulse shows its results only once 5 have answered, so this one never could. Add people to the team first",
    );
    const list = await as("leadB", "GET", `/api/v1/pulses?teamId=${world.teams.b}`);
    expect(list.json().pulses).toEqual([]);
  });
});

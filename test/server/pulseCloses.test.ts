/**
 * A pulse whose time runs out is announced by the sweeper: `pulse.closed` to its team's room,
 * exactly once, over real WebSockets against a real (PGlite) store; never for one a lead closed
 * early (its route announced it); and, with two server instances sharing one PostgreSQL sweeping at
 * the same moment, still once per pulse, reaching a client of either instance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type TagteamEvent } from "../../src/protocol/index.ts";
import { announcePulseCloses } from "../../src/server/pulses/announceCloses.ts";
import type { Store } from "../../src/store/index.ts";
import { createWorld, PASSWORD, type World } from "./factories.ts";
import { twoInstancesOnPostgres } from "./twoInstanceWorld.ts";
import { isType, openSocket, type TestSocket, startListening } from "./wsClient.ts";

type Who = keyof World["people"];

async function connect(url: string, cookie: string, teamId: string): Promise<TestSocket> {
  const socket = await openSocket(url, { cookie });
  socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, rooms: [{ kind: "team", id: teamId }] });
  await socket.next(isType("welcome"));
  return socket;
}

/** Everything the server sent this socket before now has arrived (a socket keeps its frames' order). */
async function settled(socket: TestSocket): Promise<void> {
  const at = Date.now() + Math.random();
  socket.send({ type: "ping", at });
  await socket.waitFor((f) => f.type === "pong" && f.at === at);
}

const closedEvents = (socket: TestSocket, pulseId: string): TagteamEvent[] =>
  socket.frames.flatMap((f) =>
    f.type === "event" && f.event.type === "pulse.closed" && f.event.data.pulseId === pulseId
      ? [f.event]
      : [],
  );

async function storedEvents(store: Store, pulseId: string): Promise<{ type: string; teamId: string }[]> {
  const rows = await store.query(
    `SELECT type, team_id FROM events WHERE payload->>'pulseId' = $1 ORDER BY id`,
    [pulseId],
  );
  return rows.map((r) => ({ type: String(r.type), teamId: String(r.team_id) }));
}

async function openPulseAs(
  world: World,
  who: Who,
  teamId: string,
): Promise<{ id: string; closesAt: string }> {
  const r = await world.inject({
    method: "POST",
    url: "/api/v1/pulses",
    as: who,
    payload: { teamId, days: 1 },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().pulse;
}

/** Teammates enough (five to ask) for a pulse on each team: a smaller team's is refused. */
async function fillTeams(world: World): Promise<void> {
  for (const [team, count] of [
    [world.teams.a, 1],
    [world.teams.b, 3],
  ] as const)
    for (let i = 0; i < count; i++) {
      const made = await world.inject({
        method: "POST",
        url: "/api/v1/people",
        as: "admin",
        payload: {
          email: `extra${i}.${team.slice(0, 8)}@example.com`,
          name: `Extra Agent ${i + 1}`,
          role: "agent",
          password: PASSWORD,
          teamIds: [team],
        },
      });
      expect(made.statusCode, made.body).toBe(201);
    }
}

/** Its time runs out (moved back in the store: the server reads the real clock). */
async function runOut(world: World, pulseId: string): Promise<void> {
  await world.store.query(
    `UPDATE team_pulses SET opened_at = opened_at - interval '2 days', closes_at = now() - interval '1 second' WHERE id = $1`,
    [pulseId],
  );
}

describe("a pulse whose time runs out (one instance, PGlite)", () => {
  let world: World;
  let wsUrl: string;
  beforeAll(async () => {
    world = await createWorld();
    await fillTeams(world);
    wsUrl = await startListening(world.app);
  });
  afterAll(async () => {
    await world?.close();
  });

  it("is announced once, to its team's room only, when the sweeper passes after its time", async () => {
    const [member, otherTeam] = await Promise.all([
      connect(wsUrl, await world.cookie("agentA"), world.teams.a),
      connect(wsUrl, await world.cookie("agentB"), world.teams.b),
    ]);
    const pulse = await openPulseAs(world, "leadA", world.teams.a);
    const mine = async () =>
      (await world.inject({ method: "GET", url: "/api/v1/pulses/mine", as: "agentA" })).json().pulses;
    expect((await mine()).map((p: { id: string }) => p.id)).toEqual([pulse.id]);

    // Before its time: nothing.
    expect(await announcePulseCloses(world.app.ctx, Date.now(), 500)).toBe(0);
    await runOut(world, pulse.id);
    // After it: announced, with the pulse's id only.
    expect(await announcePulseCloses(world.app.ctx, Date.now(), 500)).toBe(1);
    const frame = await member.waitFor(
      (f) => f.type === "event" && f.event.type === "pulse.closed" && f.event.data.pulseId === pulse.id,
    );
    expect(frame).toMatchObject({
      event: { teamId: world.teams.a, personId: null, data: { pulseId: pulse.id } },
    });
    expect(await mine()).toEqual([]);
    // Later passes, now or on a later clock, find nothing more to say.
    expect(await announcePulseCloses(world.app.ctx, Date.now(), 500)).toBe(0);
    expect(await announcePulseCloses(world.app.ctx, Date.now() + 86_400_000, 500)).toBe(0);
    await Promise.all([settled(member), settled(otherTeam)]);
    expect(closedEvents(member, pulse.id)).toHaveLength(1);
    expect(closedEvents(otherTeam, pulse.id)).toEqual([]);
    expect(await storedEvents(world.store, pulse.id)).toEqual([
      { type: "pulse.opened", teamId: world.teams.a },
      { type: "pulse.closed", teamId: world.teams.a },
    ]);
    member.close();
    otherTeam.close();
  });

  it("runs in the sweeper's pass: the prompt is gone from the member's next read, with no timer in the page", async () => {
    const member = await connect(wsUrl, await world.cookie("peerA"), world.teams.a);
    const pulse = await openPulseAs(world, "leadA", world.teams.a);
    await runOut(world, pulse.id);
    await world.app.sweeper.run();
    await member.waitFor(
      (f) => f.type === "event" && f.event.type === "pulse.closed" && f.event.data.pulseId === pulse.id,
    );
    const mine = await world.inject({ method: "GET", url: "/api/v1/pulses/mine", as: "peerA" });
    expect(mine.json().pulses).toEqual([]);
    await world.app.sweeper.run();
    await settled(member);
    expect(closedEvents(member, pulse.id)).toHaveLength(1);
    member.close();
  });

  it("is never announced again once a lead closed it early (the close announced it)", async () => {
    const pulse = await openPulseAs(world, "leadA", world.teams.a);
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/pulses/${pulse.id}/close`,
      as: "leadA",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(await announcePulseCloses(world.app.ctx, Date.parse(pulse.closesAt) + 1, 500)).toBe(0);
    expect((await storedEvents(world.store, pulse.id)).map((e) => e.type)).toEqual([
      "pulse.opened",
      "pulse.closed",
    ]);
  });

  it("cannot be closed early once the sweeper has announced it (another instance's clock ran ahead)", async () => {
    const pulse = await openPulseAs(world, "leadA", world.teams.a);
    expect(await announcePulseCloses(world.app.ctx, Date.parse(pulse.closesAt), 500)).toBe(1);
    const late = await world.inject({ method: "POST", url: `/api/v1/pulses/${pulse.id}/close`, as: "leadA" });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toBe("This pulse has already closed");
    expect((await storedEvents(world.store, pulse.id)).map((e) => e.type)).toEqual([
      "pulse.opened",
      "pulse.closed",
    ]);
    // Once this instance's clock gets there too, nothing more is said either.
    await runOut(world, pulse.id);
    expect(await announcePulseCloses(world.app.ctx, Date.now(), 500)).toBe(0);
  });
});

describe("a pulse whose time runs out (two instances on one PostgreSQL)", () => {
  const instances = twoInstancesOnPostgres("pulse_closes");

  it("announces each pulse once though both instances sweep at the same moment, to clients of either", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world, appB } = pair;
    const w = world;
    const b = appB;
    await fillTeams(w);
    const address = await b.app.listen({ host: "127.0.0.1", port: 0 });
    const onB = await connect(
      `${address.replace("http", "ws")}/api/v1/ws`,
      await w.cookie("agentA"),
      w.teams.a,
    );
    const onBOtherTeam = await connect(
      `${address.replace("http", "ws")}/api/v1/ws`,
      await w.cookie("agentB"),
      w.teams.b,
    );
    const ofA = await openPulseAs(w, "leadA", w.teams.a);
    const ofB = await openPulseAs(w, "leadB", w.teams.b);
    const pulses = [ofA, ofB];
    const at = Math.max(...pulses.map((p) => Date.parse(p.closesAt)));
    // Several passes of each instance at once, as their sweepers' timers may fall.
    const counts = await Promise.all(
      Array.from({ length: 4 }, (_, i) => announcePulseCloses((i % 2 === 0 ? w.app : b).ctx, at, 500)),
    );
    expect(counts.reduce((s, n) => s + n, 0)).toBe(2);
    for (const p of pulses)
      expect((await storedEvents(w.store, p.id)).map((e) => e.type)).toEqual([
        "pulse.opened",
        "pulse.closed",
      ]);
    await onB.waitFor(
      (f) => f.type === "event" && f.event.type === "pulse.closed" && f.event.data.pulseId === ofA.id,
    );
    await onBOtherTeam.waitFor(
      (f) => f.type === "event" && f.event.type === "pulse.closed" && f.event.data.pulseId === ofB.id,
    );
    // Later passes of either say nothing more.
    expect(await announcePulseCloses(b.ctx, at + 60_000, 500)).toBe(0);
    expect(await announcePulseCloses(w.app.ctx, at + 60_000, 500)).toBe(0);
    await Promise.all([settled(onB), settled(onBOtherTeam)]);
    expect(closedEvents(onB, ofA.id)).toHaveLength(1);
    expect(closedEvents(onB, ofB.id)).toEqual([]);
    expect(closedEvents(onBOtherTeam, ofB.id)).toHaveLength(1);
    onB.close();
    onBOtherTeam.close();
  });
});

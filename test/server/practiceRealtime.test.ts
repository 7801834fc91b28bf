/**
 * Pair drills and mentorship pairings, live over real WebSockets against a real (PGlite) store: a
 * drill's events (partner joined, each line, the end, a lead's comment, the roles swapped) reach
 * its two players and the commenting lead, each in their person room, and no third teammate of the
 * same team, though that teammate's socket has joined the team room; a missed line is replayed on
 * resume. An agreed or ended pairing reaches its mentor and mentee only. The events carry ids, and
 * what a player reads after one goes through the authorised HTTP routes. A lead of the team (or an
 * admin) who has a running pair drill open joins its room and hears its lines and its end; an agent
 * of the team, or a lead of another, may not join it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ServerFrame, type TagteamEvent } from "../../src/protocol/index.ts";
import { seedDemoScenario } from "../../src/server/practice/demoScenario.ts";
import { createWorld, type World } from "./factories.ts";
import { isType, openSocket, type TestSocket, startListening } from "./wsClient.ts";

type Who = keyof World["people"];

let world: World;
let wsUrl: string;
let scenarioId: string;

beforeAll(async () => {
  world = await createWorld();
  wsUrl = await startListening(world.app);
  await seedDemoScenario(world.store, world.orgId, world.teams.a);
  const r = await world.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "peerA" });
  scenarioId = r.json().scenarios[0].id;
});
afterAll(async () => {
  await world?.close();
});

/** A signed-in page's socket: its person room, and the team room as the web app joins it. */
async function connect(who: Who, lastEventId?: string): Promise<TestSocket> {
  const socket = await openSocket(wsUrl, { cookie: await world.cookie(who) });
  socket.send({
    type: "hello",
    protocolVersion: PROTOCOL_VERSION,
    rooms: [{ kind: "team", id: world.teams.a }],
    ...(lastEventId !== undefined ? { lastEventId } : {}),
  });
  await socket.next(isType("welcome"));
  return socket;
}

const eventsOf = (socket: TestSocket, prefix: string): TagteamEvent[] =>
  socket.frames.flatMap((f) => (f.type === "event" && f.event.type.startsWith(prefix) ? [f.event] : []));

const waitEvent = async (
  socket: TestSocket,
  type: TagteamEvent["type"],
  match: (e: TagteamEvent) => boolean = () => true,
): Promise<TagteamEvent> => {
  const frame = await socket.waitFor(
    (f: ServerFrame) => f.type === "event" && f.event.type === type && match(f.event),
  );
  if (frame.type !== "event") throw new Error("not an event");
  return frame.event;
};

/** Everything the server sent this socket before now has arrived (frames on a socket keep their order). */
async function settled(socket: TestSocket): Promise<void> {
  const at = Date.now() + Math.random();
  socket.send({ type: "ping", at });
  await socket.waitFor((f) => f.type === "pong" && f.at === at);
}

describe("a pair drill, live", () => {
  it("sends each step to its two players (and the commenting lead), never to a third teammate", async () => {
    const [trainee, customer, teammate, lead] = await Promise.all([
      connect("peerA"),
      connect("peer2A"),
      connect("agentA"),
      connect("leadA"),
    ]);
    const players = [trainee, customer];

    // peerA starts a pair drill with peer2A playing the customer.
    const started = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId, partnerId: world.people.peer2A.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const sessionId: string = started.json().session.id;
    const url = `/api/v1/practice/sessions/${sessionId}`;
    for (const s of players) {
      const joined = await waitEvent(s, "drill.partner_joined");
      expect(joined.data).toEqual({ sessionId, personId: world.people.peerA.id });
      expect(joined.teamId).toBeNull();
    }
    expect((await waitEvent(customer, "drill.partner_joined")).personId).toBe(world.people.peer2A.id);

    // Each line reaches both players; the partner's refetch through HTTP shows it.
    const line = async (as: Who, text: string) => {
      const r = await world.inject({ method: "POST", url: `${url}/lines`, as, payload: { text } });
      expect(r.statusCode, r.body).toBe(200);
    };
    await line("peer2A", "I was charged twice for one order and nobody is fixing it.");
    for (const s of players)
      await waitEvent(s, "drill.line_said", (e) => e.data.personId === world.people.peer2A.id);
    const seenByTrainee = (await world.inject({ method: "GET", url, as: "peerA" })).json().session;
    expect(seenByTrainee.turns.at(-1).text).toMatch(/charged twice/);
    expect(seenByTrainee.canReply).toBe(true);

    // The customer's player drops off; the trainee's line is replayed when they come back.
    const lastSeen = customer.frames.flatMap((f) => (f.type === "event" ? [f.event.id] : [])).at(-1);
    customer.close();
    await customer.closed;
    await line(
      "peerA",
      "I understand how frustrating that is. I'll refund the second charge today and email you by 5pm.",
    );
    await waitEvent(trainee, "drill.line_said", (e) => e.data.personId === world.people.peerA.id);
    const back = await connect("peer2A", lastSeen);
    await back.next(isType("resumed"));
    expect(eventsOf(back, "drill.").map((e) => [e.type, e.data.personId])).toEqual([
      ["drill.line_said", world.people.peerA.id],
    ]);

    // The customer's player ends it: both hear it's over and scored.
    const ended = await world.inject({
      method: "POST",
      url: `${url}/end`,
      as: "peer2A",
      payload: { outcome: "satisfied" },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    for (const s of [trainee, back]) await waitEvent(s, "drill.ended", (e) => e.data.sessionId === sessionId);

    // A lead comments: the two players and the lead's own pages hear of it.
    const reviewed = await world.inject({
      method: "POST",
      url: `${url}/review`,
      as: "leadA",
      payload: { comment: "When you named the refund date, the customer calmed. Keep doing that." },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    for (const s of [trainee, back, lead]) {
      const commented = await waitEvent(s, "drill.commented");
      expect(commented.data).toEqual({ sessionId, personId: world.people.leadA.id });
    }

    // peer2A swaps: now the agent, peerA the customer. Both hear the roles swapped, with both drills.
    const swapped = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peer2A",
      payload: { scenarioId, partnerId: world.people.peerA.id, play: "agent", swapOf: sessionId },
    });
    expect(swapped.statusCode, swapped.body).toBe(201);
    const nextId: string = swapped.json().session.id;
    for (const s of [trainee, back]) {
      const swap = await waitEvent(s, "drill.roles_swapped");
      expect(swap.data).toEqual({
        sessionId: nextId,
        previousSessionId: sessionId,
        personId: world.people.peer2A.id,
      });
    }

    // The third teammate (same team, team room joined) heard none of it; the lead only the comment.
    await Promise.all([settled(teammate), settled(lead)]);
    expect(eventsOf(teammate, "drill.")).toEqual([]);
    expect(eventsOf(lead, "drill.").map((e) => e.type)).toEqual(["drill.commented"]);
    // Nor would a resume from before the drill give them any.
    const teammateAgain = await connect("agentA", "0");
    await teammateAgain.next(isType("resumed"));
    expect(eventsOf(teammateAgain, "drill.")).toEqual([]);
    expect(eventsOf(trainee, "drill.").map((e) => e.type)).toEqual([
      "drill.partner_joined",
      "drill.line_said",
      "drill.line_said",
      "drill.ended",
      "drill.commented",
      "drill.roles_swapped",
    ]);
    for (const s of [trainee, back, teammate, lead, teammateAgain]) s.close();
  });

  it("refuses a swap that does not swap, naming every problem, and writes nothing", async () => {
    const first = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId, partnerId: world.people.peer2A.id },
    });
    const running: string = first.json().session.id;
    const count = async () =>
      (await world.store.query<{ n: number }>("SELECT count(*)::int AS n FROM practice_sessions"))[0]?.n;
    const before = await count();
    // Still running, with someone else than the partner, and the same part again.
    const r = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId, partnerId: world.people.agentA.id, play: "agent", swapOf: running },
    });
    expect(r.statusCode).toBe(400);
    const messages = (r.json().error.details.issues as { path: string[]; message: string }[]).map(
      (i) => `${i.path.join(".")}: ${i.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        "body.swapOf: must be over before the roles swap",
        "body.partnerId: must be your partner in the drill you swap",
        "body.play: must be the part you did not play in the drill you swap",
      ]),
    );
    // Someone else's drill cannot be swapped from.
    const other = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "agentA",
      payload: { scenarioId, partnerId: world.people.peerA.id, swapOf: running },
    });
    expect(other.statusCode).toBe(400);
    expect(other.body).toContain("must be a pair drill you played in");
    expect(await count()).toBe(before);
  });
});

describe("a lead watching a running pair drill", () => {
  /** A socket that asks to join the drill's room; resolves with what the server answered. */
  async function watch(who: Who, sessionId: string): Promise<{ socket: TestSocket; joined: boolean }> {
    const socket = await connect(who);
    const room = { kind: "drill", id: sessionId };
    socket.send({ type: "subscribe", room });
    const answer = await socket.waitFor(
      (f) =>
        (f.type === "subscribed" && f.room.id === sessionId) ||
        (f.type === "error" && f.error.code === "FORBIDDEN"),
    );
    return { socket, joined: answer.type === "subscribed" };
  }

  it("hears each line and the end once, if a lead of its team or an admin; never a teammate or another team", async () => {
    const started = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId, partnerId: world.people.peer2A.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const sessionId: string = started.json().session.id;
    const url = `/api/v1/practice/sessions/${sessionId}`;
    const [lead, admin, teammate, otherLead] = await Promise.all([
      watch("leadA", sessionId),
      watch("admin", sessionId),
      watch("agentA", sessionId),
      watch("leadB", sessionId),
    ]);
    expect([lead.joined, admin.joined, teammate.joined, otherLead.joined]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    // A lead's page joins it from its hello too, as after a reconnect.
    const leadAgain = await openSocket(wsUrl, { cookie: await world.cookie("leadA") });
    leadAgain.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      rooms: [{ kind: "drill", id: sessionId }],
    });
    const welcome = await leadAgain.next(isType("welcome"));
    expect(welcome.rooms).toContainEqual({ kind: "drill", id: sessionId });
    const trainee = await connect("peerA");

    const line = async (as: Who, text: string) => {
      const r = await world.inject({ method: "POST", url: `${url}/lines`, as, payload: { text } });
      expect(r.statusCode, r.body).toBe(200);
    };
    await line("peer2A", "I was charged twice for one order and nobody is fixing it.");
    for (const s of [lead.socket, admin.socket, leadAgain]) {
      const heard = await waitEvent(s, "drill.line_said", (e) => e.data.sessionId === sessionId);
      // Addressed to nobody (so it toasts nobody), with who said it, and an id a resume may start from.
      expect(heard).toMatchObject({
        personId: null,
        teamId: null,
        data: { sessionId, personId: world.people.peer2A.id },
      });
      expect(Number(heard.id)).toBeGreaterThan(0);
    }
    // What it points at, the lead reads through HTTP.
    const read = (await world.inject({ method: "GET", url, as: "leadA" })).json().session;
    expect(read.turns.at(-1).text).toMatch(/charged twice/);
    expect(read.myRole).toBe("reviewer");

    await line("peerA", "I understand how frustrating that is. I'll refund the second charge today.");
    const ended = await world.inject({ method: "POST", url: `${url}/end`, as: "peer2A", payload: {} });
    expect(ended.statusCode, ended.body).toBe(200);
    for (const s of [lead.socket, admin.socket, leadAgain])
      await waitEvent(s, "drill.ended", (e) => e.data.sessionId === sessionId);
    await Promise.all([lead.socket, admin.socket, teammate.socket, otherLead.socket, trainee].map(settled));
    // Each step once (the players' two stored copies make one hint), and nothing for the others.
    expect(eventsOf(lead.socket, "drill.").map((e) => [e.type, e.data.personId])).toEqual([
      ["drill.line_said", world.people.peer2A.id],
      ["drill.line_said", world.people.peerA.id],
      ["drill.ended", world.people.peer2A.id],
    ]);
    expect(eventsOf(teammate.socket, "drill.")).toEqual([]);
    expect(eventsOf(otherLead.socket, "drill.")).toEqual([]);
    // The players hear their own copies, once each, as before.
    expect(
      eventsOf(trainee, "drill.")
        .filter((e) => e.data.sessionId === sessionId)
        .map((e) => e.type),
    ).toEqual(["drill.line_said", "drill.line_said", "drill.ended"]);
    for (const s of [lead.socket, admin.socket, teammate.socket, otherLead.socket, leadAgain, trainee])
      s.close();
  });

  it("is no room for a solo drill, nor for one that does not exist", async () => {
    const solo = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId },
    });
    expect(solo.statusCode, solo.body).toBe(201);
    expect((await watch("leadA", solo.json().session.id)).joined).toBe(false);
    expect((await watch("admin", "00000000-0000-4000-8000-000000000000")).joined).toBe(false);
    expect((await watch("admin", "not-an-id")).joined).toBe(false);
  });
});

describe("a mentorship pairing, live", () => {
  it("tells its mentor and its mentee when a lead agrees it and when it ends, and nobody else", async () => {
    const [mentor, mentee, teammate, lead] = await Promise.all([
      connect("peerA"),
      connect("agentA"),
      connect("peer2A"),
      connect("leadA"),
    ]);
    const agreed = await world.inject({
      method: "POST",
      url: "/api/v1/skills/pairings",
      as: "leadA",
      payload: {
        teamId: world.teams.a,
        mentorId: world.people.peerA.id,
        menteeId: world.people.agentA.id,
        skill: "empathy",
      },
    });
    expect(agreed.statusCode, agreed.body).toBe(201);
    const pairingId: string = agreed.json().pairing.id;
    for (const [s, who] of [
      [mentor, "peerA"],
      [mentee, "agentA"],
    ] as const) {
      const e = await waitEvent(s, "pairing.agreed");
      expect(e.personId).toBe(world.people[who].id);
      expect(e.data).toEqual({ pairingId, personId: world.people.leadA.id });
      // What the event points at, each reads on their own skill map.
      const map = (
        await world.inject({ method: "GET", url: `/api/v1/skills/people/${world.people[who].id}`, as: who })
      ).json().skillMap;
      expect(map.pairings.map((p: { id: string }) => p.id)).toContain(pairingId);
    }
    const ended = await world.inject({
      method: "POST",
      url: `/api/v1/skills/pairings/${pairingId}/end`,
      as: "leadA",
    });
    expect(ended.statusCode, ended.body).toBe(200);
    for (const s of [mentor, mentee])
      await waitEvent(s, "pairing.ended", (e) => e.data.pairingId === pairingId);
    await Promise.all([settled(teammate), settled(lead)]);
    expect(eventsOf(teammate, "pairing.")).toEqual([]);
    expect(eventsOf(lead, "pairing.")).toEqual([]);
    for (const s of [mentor, mentee, teammate, lead]) s.close();
  });
});

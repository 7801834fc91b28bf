/**
 * When an admin changes someone's access (role, teams, active state), their already-open sockets
 * follow at once, over real WebSockets against a real (PGlite) store: the rooms they may no longer
 * read are left and the client is told (`access_changed`), so the next event there does not reach
 * them; a room the new access allows can be joined, one the old access allowed no longer; and a
 * deactivated person's sockets are closed with 4401 "account deactivated", their session and API
 * tokens refused over HTTP too. The heartbeat is a minute here, so nothing waits for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PROTOCOL_VERSION,
  type Room,
  type ServerFrame,
  type TagteamEvent,
} from "../../src/protocol/index.ts";
import { seedDemoScenario } from "../../src/server/practice/demoScenario.ts";
import { removeTeamMember } from "../../src/store/index.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";
import { isType, openSocket, type TestSocket, startListening } from "./wsClient.ts";

type Who = keyof World["people"];

let world: World;
let wsUrl: string;
let scenarioId: string;

beforeAll(async () => {
  // These tests sign the same people in again after each change.
  world = await createWorld({ env: { TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE: "1000" } });
  wsUrl = await startListening(world.app);
  await seedDemoScenario(world.store, world.orgId, world.teams.a);
  const r = await world.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "peerA" });
  scenarioId = r.json().scenarios[0].id;
});
afterAll(async () => {
  await world?.close();
});

/** A fresh sign-in's session cookie (its own session, so other tests' cookies are untouched). */
async function signIn(who: Who): Promise<string> {
  const r = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: world.people[who].email, password: PASSWORD },
  });
  expect(r.statusCode, r.body).toBe(200);
  const set = r.cookies.find((c) => c.name === "tagteam_session");
  return `tagteam_session=${set?.value ?? ""}`;
}

async function connect(cookie: string, rooms: Room[]): Promise<TestSocket> {
  const socket = await openSocket(wsUrl, { cookie });
  socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, rooms });
  await socket.next(isType("welcome"));
  return socket;
}

/** Joins a room on an open socket: true if the server let it in, false if it refused. */
async function join(socket: TestSocket, room: Room): Promise<boolean> {
  const from = socket.frames.length;
  socket.send({ type: "subscribe", room });
  await socket.waitFor(
    (f) =>
      socket.frames.indexOf(f) >= from &&
      ((f.type === "subscribed" && f.room.id === room.id) ||
        (f.type === "error" && f.error.code === "FORBIDDEN" && f.error.details?.room !== undefined)),
  );
  return socket.frames.slice(from).some((f) => f.type === "subscribed" && f.room.id === room.id);
}

/** Resolves with `promise`, or fails naming what did not happen within `ms` (not at the heartbeat). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Everything the server sent this socket before now has arrived (frames on a socket keep their order). */
async function settled(socket: TestSocket): Promise<void> {
  const at = Date.now() + Math.random();
  socket.send({ type: "ping", at });
  await socket.waitFor((f) => f.type === "pong" && f.at === at);
}

const eventsAfter = (socket: TestSocket, from: number): TagteamEvent[] =>
  socket.frames.slice(from).flatMap((f) => (f.type === "event" ? [f.event] : []));

const waitEvent = async (socket: TestSocket, match: (e: TagteamEvent) => boolean): Promise<TagteamEvent> => {
  const frame = await socket.waitFor((f: ServerFrame) => f.type === "event" && match(f.event));
  if (frame.type !== "event") throw new Error("not an event");
  return frame.event;
};

const patchPerson = async (who: Who, payload: Record<string, unknown>) => {
  const r = await world.inject({
    method: "PATCH",
    url: `/api/v1/people/${world.people[who].id}`,
    as: "admin",
    payload,
  });
  expect(r.statusCode, r.body).toBe(200);
};

/** A customer writes in a new conversation of team A: the floor's hint goes to team A's room. */
async function newConversationInTeamA(conversationId: string): Promise<string> {
  const token = await world.token("agentA", ["ingest"]);
  const r = await world.postMessages(token, message({ teamId: world.teams.a, conversationId }));
  expect(r.statusCode, r.body).toBe(200);
  return r.json().results[0].conversationId as string;
}

const teamA = (): Room => ({ kind: "team", id: world.teams.a });

describe("an open socket when an admin changes its person's access", () => {
  it("a lead demoted to agent leaves the drill they watch at once and hears no more of it; the team room stays", async () => {
    const started = await world.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId, partnerId: world.people.peer2A.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const sessionId: string = started.json().session.id;
    const drill: Room = { kind: "drill", id: sessionId };
    const lead = await connect(await signIn("leadA"), [teamA()]);
    const admin = await connect(await world.cookie("admin"), [teamA()]);
    expect(await join(lead, drill)).toBe(true);
    expect(await join(admin, drill)).toBe(true);
    try {
      const from = lead.frames.length;
      await patchPerson("leadA", { role: "agent" });
      const changed = await within(lead.next(isType("access_changed")), 3_000, "access_changed");
      expect(changed).toMatchObject({ role: "agent", teamIds: [world.teams.a], left: [drill] });
      expect(changed.rooms).toContainEqual(teamA());
      expect(changed.rooms).not.toContainEqual(drill);

      const said = await world.inject({
        method: "POST",
        url: `/api/v1/practice/sessions/${sessionId}/lines`,
        as: "peer2A",
        payload: { text: "I was charged twice and nobody is fixing it." },
      });
      expect(said.statusCode, said.body).toBe(200);
      // The admin still watching hears the line: it was published.
      await waitEvent(admin, (e) => e.type === "drill.line_said" && e.data.sessionId === sessionId);
      // A team event still reaches them: an agent of team A reads team A.
      const conversationId = await newConversationInTeamA("access-demoted");
      await waitEvent(lead, (e) => e.conversationId === conversationId);
      await settled(lead);
      expect(eventsAfter(lead, from).filter((e) => e.type.startsWith("drill."))).toEqual([]);
      // Asking to watch the drill again is refused: joins are decided on the new role.
      expect(await join(lead, drill)).toBe(false);
    } finally {
      await patchPerson("leadA", { role: "lead" });
      for (const s of [lead, admin]) s.close();
    }
  });

  it("a lead moved to another team leaves the old team's rooms at once; its next event does not reach them", async () => {
    const watched = await newConversationInTeamA("access-moved-watched");
    const conversation: Room = { kind: "conversation", id: watched };
    const lead = await connect(await signIn("leadA"), [teamA(), conversation]);
    const agent = await connect(await world.cookie("agentA"), [teamA(), conversation]);
    try {
      await patchPerson("leadA", { teamIds: [world.teams.b] });
      const changed = await within(lead.next(isType("access_changed")), 3_000, "access_changed");
      // (The change's own `person.updated` reached team A's room just before: it is about them.)
      const from = lead.frames.indexOf(changed);
      expect(changed).toMatchObject({ role: "lead", teamIds: [world.teams.b] });
      expect(changed.left).toEqual(expect.arrayContaining([teamA(), conversation]));
      expect(changed.rooms).toEqual([{ kind: "person", id: world.people.leadA.id }]);

      // A new conversation on team A's floor, and a line in the one they had open.
      const fresh = await newConversationInTeamA("access-moved-next");
      const token = await world.token("agentA", ["ingest"]);
      const line = await world.postMessages(
        token,
        message({ teamId: world.teams.a, conversationId: "access-moved-watched", text: "Any news?" }),
      );
      expect(line.statusCode, line.body).toBe(200);
      // Their former teammate hears both; they hear neither.
      await waitEvent(agent, (e) => e.conversationId === fresh);
      await waitEvent(agent, (e) => e.type === "message.received" && e.conversationId === watched);
      await settled(lead);
      expect(eventsAfter(lead, from).filter((e) => e.teamId === world.teams.a)).toEqual([]);
      // The new team's room is theirs to join on this socket; the old one is refused.
      expect(await join(lead, { kind: "team", id: world.teams.b })).toBe(true);
      expect(await join(lead, teamA())).toBe(false);
    } finally {
      await patchPerson("leadA", { teamIds: [world.teams.a] });
      for (const s of [lead, agent]) s.close();
    }
  });

  it("holds events published while the new access is checked, and delivers only those for rooms kept", async () => {
    const ctx = world.app.ctx;
    const lead = await connect(await signIn("leadA"), [teamA()]);
    const agent = await connect(await world.cookie("agentA"), [teamA()]);
    try {
      const from = lead.frames.length;
      // Moved off team A in the store; the announcement starts checking, and an event for team A
      // is published before the check can have read anything.
      await ctx.store.transaction((tx) =>
        removeTeamMember(tx, { orgId: world.orgId, teamId: world.teams.a, personId: world.people.leadA.id }),
      );
      ctx.auth.forget();
      const checking = ctx.bus.announceAccessChange({
        orgId: world.orgId,
        personId: world.people.leadA.id,
        deactivated: false,
      });
      const hint: TagteamEvent = {
        id: "0",
        type: "conversation.updated",
        teamId: world.teams.a,
        conversationId: "held-while-checking",
        personId: null,
        data: { risk: 0.5 },
        at: new Date().toISOString(),
      };
      ctx.bus.publish([], [{ orgId: world.orgId, event: hint }]);
      await checking;
      await waitEvent(agent, (e) => e.conversationId === "held-while-checking");
      await lead.next(isType("access_changed"));
      await settled(lead);
      expect(eventsAfter(lead, from)).toEqual([]);
    } finally {
      await patchPerson("leadA", { teamIds: [world.teams.a] });
      for (const s of [lead, agent]) s.close();
    }
  });

  it("checks again a socket whose sign-in was read before an access change and that connects just after it", async () => {
    const ctx = world.app.ctx;
    const session = (await signIn("leadA")).slice("tagteam_session=".length);
    // What the upgrade read, and the hub's epoch when it began reading: before the change.
    const epoch = ctx.hub.accessEpoch;
    const stale = await ctx.auth.resolveSession(session);
    if (stale === null) throw new Error("not signed in");
    await patchPerson("leadA", { teamIds: [world.teams.b] });
    try {
      // The transport hands the socket to the hub only now (the hub's own socket interface).
      const frames: ServerFrame[] = [];
      const handlers = ctx.hub.connect(
        { send: (text) => frames.push(JSON.parse(text) as ServerFrame), close: () => undefined },
        stale,
        `s:${session}`,
        epoch,
      );
      handlers.onMessage(
        JSON.stringify({ type: "hello", protocolVersion: PROTOCOL_VERSION, rooms: [teamA()] }),
      );
      const arrived = async (type: ServerFrame["type"], what: string) =>
        within(
          (async () => {
            while (!frames.some((f) => f.type === type)) await new Promise((r) => setTimeout(r, 10));
          })(),
          3_000,
          what,
        );
      await arrived("welcome", "welcome");
      await arrived("access_changed", "access_changed");
      const from = frames.length;
      ctx.bus.publish(
        [],
        [
          {
            orgId: world.orgId,
            event: {
              id: "0",
              type: "conversation.updated",
              teamId: world.teams.a,
              conversationId: "after-a-late-connect",
              personId: null,
              data: { risk: 0.4 },
              at: new Date().toISOString(),
            },
          },
        ],
      );
      handlers.onMessage(JSON.stringify({ type: "ping", at: 1 }));
      await arrived("pong", "pong");
      expect(frames.slice(from).filter((f) => f.type === "event" || f.type === "events")).toEqual([]);
      handlers.onClose();
    } finally {
      await patchPerson("leadA", { teamIds: [world.teams.a] });
    }
  });

  it("closes a deactivated person's sockets at once with a clear reason; their session and tokens stop over HTTP", async () => {
    const cookie = await signIn("peer2A");
    const token = await world.token("peer2A", ["api"]);
    const page = await connect(cookie, [teamA()]);
    const integration = await openSocket(`${wsUrl}?token=${token}`);
    integration.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
    await integration.next(isType("welcome"));
    const lead = await connect(await signIn("leadA"), [teamA()]);
    // Used just before, so the credential cache holds it.
    const me = () => world.app.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    const byToken = () =>
      world.app.app.inject({
        method: "GET",
        url: "/api/v1/conversations",
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await me()).statusCode).toBe(200);
    expect((await byToken()).statusCode).toBe(200);
    try {
      await patchPerson("peer2A", { active: false });
      for (const socket of [page, integration]) {
        expect(await within(socket.closed, 3_000, "closing the socket")).toEqual({
          code: 4401,
          reason: "account deactivated",
        });
        expect(socket.frames.find(isType("error"))).toMatchObject({
          error: {
            code: "UNAUTHENTICATED",
            message: "An admin deactivated your account, so you were signed out",
          },
        });
      }
      expect((await me()).statusCode).toBe(401);
      expect((await byToken()).statusCode).toBe(401);
      // Others' sockets stay open, and they are not told anything.
      await settled(lead);
      expect(lead.frames.filter((f) => f.type === "error" || f.type === "access_changed")).toEqual([]);
    } finally {
      await patchPerson("peer2A", { active: true });
      world.forgetSession("peer2A");
      lead.close();
    }
  });
});

describe("an open socket whose session or token is ended", () => {
  const signedOut = { code: 4401, reason: "signed out" };

  it("signing out one's other sessions closes their sockets at once; this session's socket stays", async () => {
    const here = await signIn("peer2A");
    const elsewhere = await signIn("peer2A");
    const mine = await connect(here, [teamA()]);
    const other = await connect(elsewhere, [teamA()]);
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/me/sessions/revoke-others",
      headers: { cookie: here },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await within(other.closed, 3_000, "closing the other session's socket")).toEqual(signedOut);
    await settled(mine);
    expect(mine.frames.filter((f) => f.type === "error" || f.type === "access_changed")).toEqual([]);
    mine.close();
  });

  it("an admin's password reset closes the person's sockets at once", async () => {
    const page = await connect(await signIn("peer2A"), [teamA()]);
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.peer2A.id}/password`,
      as: "admin",
      payload: { password: PASSWORD },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await within(page.closed, 3_000, "closing the socket")).toEqual(signedOut);
    world.forgetSession("peer2A");
  });

  it("revoking an API token closes the sockets opened with it at once", async () => {
    const token = await world.token("peer2A", ["api"]);
    const integration = await openSocket(`${wsUrl}?token=${token}`);
    integration.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
    await integration.next(isType("welcome"));
    const list = await world.inject({ method: "GET", url: "/api/v1/tokens", as: "admin" });
    const tokens = list.json().tokens as { id: string; personId: string | null; createdAt: string }[];
    const newest = tokens
      .filter((t) => t.personId === world.people.peer2A.id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const r = await world.inject({ method: "DELETE", url: `/api/v1/tokens/${newest?.id}`, as: "admin" });
    expect(r.statusCode, r.body).toBe(200);
    expect(await within(integration.closed, 3_000, "closing the token's socket")).toEqual(signedOut);
  });
});

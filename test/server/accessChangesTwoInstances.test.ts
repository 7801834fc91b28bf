import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type Room, type TagteamEvent } from "../../src/protocol/index.ts";
import type { App } from "../../src/server/app.ts";
import { message, PASSWORD, type World } from "./factories.ts";
import { twoInstancesOnPostgres } from "./twoInstanceWorld.ts";
import { isType, openSocket, type TestSocket } from "./wsClient.ts";

/*
 * Two instances on one PostgreSQL: an admin changes someone's access through instance A while that
 * person's sockets are open on instance B. B hears of it over LISTEN/NOTIFY and acts at once: the
 * rooms they may no longer read are left (the next event there does not reach them), a deactivated
 * person's socket is closed, and B's own HTTP answers follow the change without waiting out its
 * credential cache. The heartbeat is a minute here, so nothing waits for it.
 */
const instances = twoInstancesOnPostgres("access_changes");

type Who = keyof World["people"];

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

describe("an access change made through one instance, on another", () => {
  it("leaves the rooms and closes the sockets it no longer allows on instance B, and B's HTTP follows at once", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world: w, appB } = pair;
    if (!appB.app.server.listening) await appB.app.listen({ host: "127.0.0.1", port: 0 });
    const port = (appB.app.server.address() as { port: number }).port;
    const teamA: Room = { kind: "team", id: w.teams.a };

    /** Signs in through B (sessions live in the shared database) and opens a socket there. */
    const onB = async (who: Who): Promise<{ cookie: string; socket: TestSocket }> => {
      const login = await appB.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: w.people[who].email, password: PASSWORD },
      });
      expect(login.statusCode, login.body).toBe(200);
      const cookie = `tagteam_session=${login.cookies.find((c) => c.name === "tagteam_session")?.value ?? ""}`;
      const socket = await openSocket(`ws://127.0.0.1:${port}/api/v1/ws`, { cookie });
      socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, rooms: [teamA] });
      await socket.next(isType("welcome"));
      return { cookie, socket };
    };
    const meOnB = (app: App, cookie: string) =>
      app.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    const patchOnA = async (who: Who, payload: Record<string, unknown>) => {
      const r = await w.inject({
        method: "PATCH",
        url: `/api/v1/people/${w.people[who].id}`,
        as: "admin",
        payload,
      });
      expect(r.statusCode, r.body).toBe(200);
    };

    const lead = await onB("leadA");
    const agent = await onB("agentA");
    const leaving = await onB("peer2A");
    // B has just read both sessions: its credential cache holds them as they were.
    expect((await meOnB(appB, lead.cookie)).json().me).toMatchObject({ teamIds: [w.teams.a] });
    expect((await meOnB(appB, leaving.cookie)).statusCode).toBe(200);
    try {
      await patchOnA("leadA", { teamIds: [w.teams.b] });
      const changed = await within(lead.socket.next(isType("access_changed")), 5_000, "access_changed on B");
      expect(changed).toMatchObject({ role: "lead", teamIds: [w.teams.b], left: [teamA] });
      const from = lead.socket.frames.indexOf(changed);
      // B's HTTP reads them as they are now, not as its cache had them.
      expect((await meOnB(appB, lead.cookie)).json().me).toMatchObject({ teamIds: [w.teams.b] });

      // The next event of team A, committed through A: their former teammate on B hears it, they don't.
      const token = await w.token("agentA", ["ingest"]);
      const posted = await w.postMessages(
        token,
        message({ teamId: w.teams.a, conversationId: "two-access" }),
      );
      expect(posted.statusCode, posted.body).toBe(200);
      const conversationId = posted.json().results[0].conversationId as string;
      await agent.socket.waitFor((f) => f.type === "event" && f.event.conversationId === conversationId);
      const at = Date.now() + Math.random();
      lead.socket.send({ type: "ping", at });
      await lead.socket.waitFor((f) => f.type === "pong" && f.at === at);
      const heard = lead.socket.frames
        .slice(from)
        .flatMap((f): TagteamEvent[] => (f.type === "event" ? [f.event] : []))
        .filter((e) => e.teamId === w.teams.a);
      expect(heard).toEqual([]);

      // Deactivated through A: their socket on B closes at once, and B refuses their session.
      await patchOnA("peer2A", { active: false });
      expect(await within(leaving.socket.closed, 5_000, "closing the socket on B")).toEqual({
        code: 4401,
        reason: "account deactivated",
      });
      expect((await meOnB(appB, leaving.cookie)).statusCode).toBe(401);
      // Everyone else on B carries on.
      expect(agent.socket.frames.filter((f) => f.type === "error" || f.type === "access_changed")).toEqual(
        [],
      );
    } finally {
      await patchOnA("leadA", { teamIds: [w.teams.a] });
      await patchOnA("peer2A", { active: true });
      w.forgetSession("peer2A");
      for (const s of [lead.socket, agent.socket]) s.close();
    }
  });
});

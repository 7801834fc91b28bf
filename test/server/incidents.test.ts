import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ServerFrame } from "../../src/protocol/index.ts";
import { resolveQuietIncidents } from "../../src/server/sweeper/sweeper.ts";
import { createWorld, message, type World } from "./factories.ts";
import { isType, openSocket, type TestSocket, startListening } from "./wsClient.ts";

/*
 * Incident surge, end to end: customers of several conversations report the same malfunction
 * through the public ingest API; the team hears of one incident over its WebSocket room, a draft
 * insight (the knowledge stub) waits for review, a lead resolves it, and the sweeper closes a quiet one.
 */

let world: World;
let wsUrl: string;
let token: string;
beforeAll(async () => {
  world = await createWorld({
    // Growth is announced at once here (the interval has its own test below).
    env: {
      TAGTEAM_INCIDENT_THRESHOLD: "3",
      TAGTEAM_INCIDENT_QUIET_MS: "600000",
      TAGTEAM_INCIDENT_UPDATE_EVERY_MS: "1",
    },
  });
  wsUrl = await startListening(world.app);
  token = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

async function teamSocket(who: "peerA" | "agentB"): Promise<TestSocket> {
  const socket = await openSocket(wsUrl, { cookie: await world.cookie(who) });
  const team = who === "agentB" ? world.teams.b : world.teams.a;
  socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, rooms: [{ kind: "team", id: team }] });
  await socket.next(isType("welcome"));
  return socket;
}

/**
 * Each conversation's customer reports the malfunction in their own words, now: reports count
 * by when they were sent, so an imported transcript's old messages never open an incident.
 */
async function report(conversationId: string, text: string, teamId = world.teams.a): Promise<void> {
  const at = new Date().toISOString();
  const r = await world.postMessages(token, message({ teamId, conversationId, text, at }));
  expect(r.statusCode, r.body).toBe(200);
  await world.app.ctx.incidents.idle();
}

const eventOf = (type: string) => (f: ServerFrame) => f.type === "event" && f.event.type === type;

describe("incident surge", () => {
  it(
    "opens one incident when three conversations report the checkout failing, and tells the team",
    { timeout: 20_000 },
    async () => {
      const peer = await teamSocket("peerA");
      const other = await teamSocket("agentB");
      await report("surge-1", "Your checkout keeps failing with error 502, I can't pay!");
      await report("surge-2", "The checkout page won't load at all");
      let list = await world.inject({ method: "GET", url: "/api/v1/incidents", as: "peerA" });
      expect(list.json().incidents).toEqual([]);

      await report("surge-3", "hi, checkout is broken, it keeps giving me error 502");
      const opened = await peer.waitFor(eventOf("incident.opened"));
      expect(opened.type === "event" && opened.event.data).toMatchObject({ count: 3 });

      list = await world.inject({ method: "GET", url: "/api/v1/incidents", as: "peerA" });
      const [incident] = list.json().incidents;
      expect(incident).toMatchObject({
        teamId: world.teams.a,
        status: "open",
        label: "checkout",
        conversationCount: 3,
      });
      expect(incident.terms).toContain("checkout");
      expect(incident.example.toLowerCase()).toContain("checkout");

      // The knowledge stub: a draft insight for the lead to complete, not yet published.
      const insights = await world.inject({
        method: "GET",
        url: "/api/v1/insights?status=draft",
        as: "leadA",
      });
      const stub = insights.json().insights.find((i: { id: string }) => i.id === incident.insightId);
      expect(stub).toMatchObject({ status: "draft", topic: "checkout" });
      expect(stub.text).toContain("3 customers");

      // A fourth conversation grows the same incident; a repeat from one already counted does not.
      await report("surge-4", "Checkout fails every time I try");
      await peer.waitFor(
        (f) => eventOf("incident.updated")(f) && f.type === "event" && f.event.data.count === 4,
      );
      await report("surge-1", "still the same, checkout keeps failing");
      const detail = await world.inject({
        method: "GET",
        url: `/api/v1/incidents/${incident.id}`,
        as: "agentA",
      });
      expect(detail.json().incident.conversationCount).toBe(4);
      expect(detail.json().conversations).toHaveLength(4);
      expect(
        (await world.inject({ method: "GET", url: "/api/v1/incidents", as: "peerA" })).json().incidents,
      ).toHaveLength(1);

      // Team B hears nothing and sees nothing of team A's incident.
      expect(other.frames.some(eventOf("incident.opened"))).toBe(false);
      const hidden = await world.inject({
        method: "GET",
        url: `/api/v1/incidents/${incident.id}`,
        as: "agentB",
      });
      expect(hidden.statusCode).toBe(404);
      expect(
        (await world.inject({ method: "GET", url: "/api/v1/incidents", as: "agentB" })).json().incidents,
      ).toEqual([]);

      // Agents may not resolve it; the team's lead may, once.
      const byAgent = await world.inject({
        method: "POST",
        url: `/api/v1/incidents/${incident.id}/resolve`,
        as: "agentA",
        payload: {},
      });
      expect(byAgent.statusCode).toBe(403);
      const bad = await world.inject({
        method: "POST",
        url: `/api/v1/incidents/${incident.id}/resolve`,
        as: "leadA",
        payload: { note: 42, extra: true },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain("note");
      expect(bad.body).toContain("extra");
      const resolved = await world.inject({
        method: "POST",
        url: `/api/v1/incidents/${incident.id}/resolve`,
        as: "leadA",
        payload: { note: "Payment provider fixed their gateway" },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect(resolved.json().incident).toMatchObject({
        status: "resolved",
        resolvedBy: world.people.leadA.id,
        resolvedByName: world.people.leadA.displayName,
        resolutionNote: "Payment provider fixed their gateway",
      });
      await peer.waitFor(eventOf("incident.resolved"));
      // The knowledge stub learns how it ended.
      const afterStub = await world.inject({
        method: "GET",
        url: "/api/v1/insights?status=draft",
        as: "leadA",
      });
      const ended = afterStub.json().insights.find((i: { id: string }) => i.id === incident.insightId);
      expect(ended.text).toContain(
        `by ${world.people.leadA.displayName} after 4 customers reported it: Payment provider fixed their gateway`,
      );
      const again = await world.inject({
        method: "POST",
        url: `/api/v1/incidents/${incident.id}/resolve`,
        as: "leadA",
        payload: {},
      });
      expect(again.statusCode).toBe(409);
      expect(
        (await world.inject({ method: "GET", url: "/api/v1/incidents", as: "peerA" })).json().incidents,
      ).toEqual([]);
      peer.close();
      other.close();
    },
  );

  it("skips a conversation repeating what it reported, and announces a fast-growing incident at most once per interval", async () => {
    const reportsRecorded = async (): Promise<number> => {
      const metrics = await world.app.app.inject({ url: "/metrics" });
      const line = metrics.body.split("\n").find((l) => l.startsWith("tagteam_incident_reports_total "));
      return Number(line?.split(" ")[1]);
    };
    // Each of three customers reports the modem twice: the repeats are not recorded again.
    for (let i = 0; i < 3; i++) await report(`modem-${i}`, "my modem keeps dropping the connection");
    const before = await reportsRecorded();
    for (let i = 0; i < 3; i++) await report(`modem-${i}`, "the modem keeps dropping again");
    expect(await reportsRecorded()).toBe(before);
    const modem = (await world.inject({ method: "GET", url: "/api/v1/incidents", as: "leadA" }))
      .json()
      .incidents.find((i: { label: string }) => i.label === "modem");
    expect(modem?.conversationCount).toBe(3);
    await world.inject({
      method: "POST",
      url: `/api/v1/incidents/${modem.id}/resolve`,
      as: "leadA",
      payload: {},
    });

    // With updates announced at most every 1.5 s: three more customers right after the opening
    // give one incident.updated, after the interval, with the count as it is then.
    const throttled = await createWorld({
      env: { TAGTEAM_INCIDENT_THRESHOLD: "3", TAGTEAM_INCIDENT_UPDATE_EVERY_MS: "1500" },
    });
    try {
      await throttled.app.start();
      const address = await throttled.app.app.listen({ host: "127.0.0.1", port: 0 });
      const socket = await openSocket(`${address.replace("http", "ws")}/api/v1/ws`, {
        cookie: await throttled.cookie("peerA"),
      });
      socket.send({
        type: "hello",
        protocolVersion: PROTOCOL_VERSION,
        rooms: [{ kind: "team", id: throttled.teams.a }],
      });
      await socket.next(isType("welcome"));
      const ingest = await throttled.token("leadA", ["ingest"]);
      const started = Date.now();
      for (let i = 0; i < 6; i++) {
        const r = await throttled.postMessages(
          ingest,
          message({
            teamId: throttled.teams.a,
            conversationId: `fast-${i}`,
            text: "the login page won't load",
            at: new Date().toISOString(),
          }),
        );
        expect(r.statusCode).toBe(200);
        await throttled.app.ctx.incidents.idle();
      }
      const updated = await socket.waitFor(eventOf("incident.updated"));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(updated.type === "event" && updated.event.data.count).toBe(6);
      expect(socket.frames.filter(eventOf("incident.opened"))).toHaveLength(1);
      expect(socket.frames.filter(eventOf("incident.updated"))).toHaveLength(1);
      socket.close();
    } finally {
      await throttled.close();
    }
  });

  it("follows each team's own threshold, set with its engine settings", async () => {
    const bad = await world.inject({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.b}/engine-settings`,
      as: "admin",
      payload: { overrides: { incidents: { threshold: 1, windowMs: 10 } } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("incidents");
    const saved = await world.inject({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.b}/engine-settings`,
      as: "admin",
      payload: { overrides: { incidents: { threshold: 2 } } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().settings.effective.incidents).toEqual({ threshold: 2, windowMs: 900_000 });
    expect(saved.json().settings.defaults.incidents).toEqual({ threshold: 3, windowMs: 900_000 });
    const tokenB = await world.token("leadB", ["ingest"]);
    for (const team of ["a", "b"] as const)
      for (let i = 0; i < 2; i++) {
        const r = await world.postMessages(
          team === "a" ? token : tokenB,
          message({
            teamId: world.teams[team],
            conversationId: `printer-${team}-${i}`,
            text: "my printer is broken again",
            at: new Date().toISOString(),
          }),
        );
        expect(r.statusCode, r.body).toBe(200);
      }
    await world.app.ctx.incidents.idle();
    const inB = (await world.inject({ method: "GET", url: "/api/v1/incidents", as: "leadB" })).json()
      .incidents;
    const inA = (await world.inject({ method: "GET", url: "/api/v1/incidents", as: "leadA" })).json()
      .incidents;
    expect(inB.map((i: { label: string }) => i.label)).toEqual(["printer"]);
    expect(inA.map((i: { label: string }) => i.label)).not.toContain("printer");
    const done = await world.inject({
      method: "POST",
      url: `/api/v1/incidents/${inB[0].id}/resolve`,
      as: "leadB",
      payload: {},
    });
    expect(done.statusCode).toBe(200);
  });

  it("does not count agents' words or messages without a malfunction", async () => {
    for (const [i, text] of ["The app keeps crashing for everyone today", "the app is down"].entries())
      await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: `quiet-agent-${i}`,
          role: "agent",
          text,
          at: new Date().toISOString(),
        }),
      );
    for (let i = 0; i < 3; i++)
      await report(`quiet-${i}`, "Can I change the delivery address on my app order?");
    await world.app.ctx.incidents.idle();
    const list = await world.inject({ method: "GET", url: "/api/v1/incidents?status=all", as: "leadA" });
    expect(list.json().incidents.map((i: { label: string }) => i.label)).not.toContain("app");
  });

  it("closes an incident by itself once reports stop", async () => {
    for (let i = 0; i < 3; i++)
      await report(`router-${i}`, "my router keeps disconnecting every few minutes");
    const [open] = (await world.inject({ method: "GET", url: "/api/v1/incidents", as: "leadA" })).json()
      .incidents;
    expect(open).toMatchObject({ label: "router", status: "open" });
    expect(await resolveQuietIncidents(world.app.ctx, Date.now())).toBe(0);
    expect(await resolveQuietIncidents(world.app.ctx, Date.now() + 600_001)).toBe(1);
    const closed = await world.inject({ method: "GET", url: `/api/v1/incidents/${open.id}`, as: "leadA" });
    expect(closed.json().incident).toMatchObject({
      status: "resolved",
      resolvedBy: null,
      resolvedByName: null,
    });
    const stubs = await world.inject({ method: "GET", url: "/api/v1/insights?status=draft", as: "leadA" });
    const stub = stubs.json().insights.find((x: { id: string }) => x.id === closed.json().incident.insightId);
    expect(stub.text).toContain("Closed automatically");
  });
});

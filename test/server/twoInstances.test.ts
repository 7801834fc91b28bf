import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ServerFrame } from "../../src/protocol/index.ts";
import type { App } from "../../src/server/app.ts";
import { seedDemoScenario } from "../../src/server/practice/demoScenario.ts";
import { message } from "./factories.ts";
import { twoInstancesOnPostgres } from "./twoInstanceWorld.ts";
import { openSocket } from "./wsClient.ts";

/*
 * Two server instances sharing one PostgreSQL: an alert raised through instance A reaches a
 * WebSocket client connected to instance B (events cross over LISTEN/NOTIFY).
 */
const instances = twoInstancesOnPostgres("two_instances");

describe("two instances on one PostgreSQL", () => {
  it("delivers an alert raised through instance A to a client of instance B", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world, appB } = pair;
    const w = world;
    const address = await appB.app.listen({ host: "127.0.0.1", port: 0 });
    // Sign in through B: sessions live in the shared database.
    const login = await appB.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: w.people.leadA.email, password: "correct horse battery staple" },
    });
    const session = login.cookies.find((c) => c.name === "tagteam_session");
    const socket = await openSocket(`${address.replace("http", "ws")}/api/v1/ws`, {
      cookie: `tagteam_session=${session?.value ?? ""}`,
    });
    socket.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      rooms: [{ kind: "team", id: w.teams.a }],
    });
    await socket.waitFor((f) => f.type === "welcome");

    const token = await w.token("leadA", ["ingest"]);
    const lines = [
      { role: "customer", text: "My refund never arrived and I already told you twice!", author: "Ola" },
      { role: "agent", text: "Sorry, sorry, not my fault, billing did it.", author: w.people.agentA.email },
      { role: "customer", text: "You are useless. Get me a manager or I call my lawyer." },
    ];
    let alertId: string | null = null;
    for (const [i, line] of lines.entries()) {
      const response = await w.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: w.teams.a,
          conversationId: "two-instances",
          senderMessageId: `ti-${i}`,
          ...line,
        }),
      });
      expect(response.statusCode).toBe(200);
      alertId = response.json().results[0].alertId ?? alertId;
    }
    expect(alertId).not.toBeNull();
    const frame = await socket.waitFor(
      (f: ServerFrame) =>
        f.type === "event" && f.event.type === "alert.raised" && f.event.data.alertId === alertId,
    );
    expect(frame).toMatchObject({ event: { personId: w.people.leadA.id } });
    // The floor hint crossed too.
    await socket.waitFor((f) => f.type === "event" && f.event.type === "conversation.started");
    socket.close();
  });

  it("tells of a reopen on the instance that wrote the customer's message, though the other one closed it", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world, appB } = pair;
    const w = world;
    const token = await w.token("leadA", ["ingest"]);
    const post = (i: number, role: "customer" | "agent") =>
      w.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: w.teams.a,
          conversationId: "two-instances-reopen",
          senderMessageId: `tir-${i}`,
          role,
          text: role === "customer" ? "Where is my parcel?" : "Let me check for you.",
        }),
      });
    // A has the conversation in its cache, open.
    expect((await post(0, "customer")).statusCode).toBe(200);
    const id = (await post(1, "agent")).json().results[0].conversationId as string;
    // B closes it: A's cache still says open.
    const closed = await appB.app.inject({
      method: "POST",
      url: "/api/v1/conversations/close",
      headers: { authorization: `Bearer ${token}` },
      payload: { conversationId: "two-instances-reopen" },
    });
    expect(closed.json()).toMatchObject({ closed: true });
    expect((await post(2, "customer")).statusCode).toBe(200);
    const events = await w.store.query(
      "SELECT type FROM events WHERE conversation_id = $1 AND type LIKE 'conversation.%' ORDER BY id",
      [id],
    );
    expect(events.map((e) => e.type)).toEqual(["conversation.closed", "conversation.reopened"]);
  });

  it("a knowledge fact corrected through instance A is read again by instance B's engine at once", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world, appB } = pair;
    const w = world;
    const b = appB;
    // B compiles team A's knowledge base and caches it (for a minute, without the event).
    await b.ctx.engine.contextFor(b.ctx.store, w.orgId, w.teams.a);
    expect(b.ctx.engine.cachedContext(w.orgId, w.teams.a)).toBeDefined();
    const { facts } = (
      await w.inject({ method: "GET", url: "/api/v1/knowledge/facts", as: "admin" })
    ).json() as {
      facts: { id: string; key: string | null }[];
    };
    const window = facts.find((f) => f.key === "return_window")!;
    const patched = await w.inject({
      method: "PATCH",
      url: `/api/v1/knowledge/facts/${window.id}`,
      as: "admin",
      payload: { value: 60 },
    });
    expect(patched.statusCode).toBe(200);
    await expect
      .poll(() => b.ctx.engine.cachedContext(w.orgId, w.teams.a), { timeout: 5_000 })
      .toBeUndefined();
    // So do a team's thresholds saved through A.
    await b.ctx.engine.contextFor(b.ctx.store, w.orgId, w.teams.a);
    const saved = await w.inject({
      method: "PUT",
      url: `/api/v1/teams/${w.teams.a}/engine-settings`,
      as: "admin",
      payload: { overrides: {} },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    await expect
      .poll(() => b.ctx.engine.cachedContext(w.orgId, w.teams.a), { timeout: 5_000 })
      .toBeUndefined();
  });

  it("reads a conversation whose messages alternate between instances as one instance would", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world, appB } = pair;
    const w = world;
    const b = appB;
    const token = await w.token("agentA", ["ingest"]);
    const lines = [
      ["customer", "Hi, my order 5521 was charged twice."],
      ["agent", "Sorry, I think that might be a bank thing, maybe."],
      ["customer", "I already told you it was charged twice. This is ridiculous."],
      ["agent", "Sorry, there's nothing I can do, that's not my fault."],
      ["customer", "You are useless. I want to speak to a manager now."],
    ] as const;
    const start = Date.parse("2026-03-10T10:00:00Z");
    const post = (app: App, conversationId: string, i: number) =>
      app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: w.teams.a,
          conversationId,
          senderMessageId: `${conversationId}-${i}`,
          role: lines[i]![0],
          text: lines[i]![1],
          at: new Date(start + i * 30_000).toISOString(),
          ...(lines[i]![0] === "agent" ? { author: w.people.agentA.email } : { author: "Dana Whitfield" }),
        }),
      });
    // The same lines through instance A alone, then alternating A, B, A, B, A (a load balancer
    // without sticky sessions), each posted once the other instance has heard of the previous one.
    for (let i = 0; i < lines.length; i++)
      expect((await post(w.app, "one-instance", i)).statusCode).toBe(200);
    let id = "";
    for (let i = 0; i < lines.length; i++) {
      const app = i % 2 === 0 ? w.app : b;
      const r = await post(app, "alternating", i);
      expect(r.statusCode).toBe(200);
      id = r.json().results[0].conversationId as string;
      const next = i % 2 === 0 ? b : w.app;
      await expect.poll(() => next.ctx.engine.cachedState(id), { timeout: 5_000 }).toBeUndefined();
    }
    const readings = async (externalId: string) =>
      (
        await w.store.query<{ risk: number; rung: string }>(
          `SELECT (m.analysis->>'risk')::float8 AS risk, m.analysis->'stepIn'->>'rung' AS rung
             FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.external_id = $1 ORDER BY m.position`,
          [externalId],
        )
      ).map((r) => [Math.round(r.risk * 1000) / 1000, r.rung]);
    const alone = await readings("one-instance");
    expect(alone).toHaveLength(lines.length);
    expect(await readings("alternating")).toEqual(alone);

    // Alternating again, each line posted the moment the previous one is acknowledged: the other
    // instance has not yet heard of it (its word is held for up to 200 ms), so its state in memory
    // is a line short. The position the store hands out says so, and the line is read again.
    const staleBefore = await staleCount(w.app);
    for (let i = 0; i < lines.length; i++) {
      const r = await post(i % 2 === 0 ? w.app : b, "at-once", i);
      expect(r.statusCode, r.body).toBe(200);
    }
    expect(await readings("at-once")).toEqual(alone);
    expect((await staleCount(w.app)) + (await staleCount(b))).toBeGreaterThan(staleBefore);
  });

  it("reads lines posted at the same moment through both instances in the order they were stored", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world, appB } = pair;
    const w = world;
    const b = appB;
    const token = await w.token("agentA", ["ingest"]);
    const texts = [
      "Hi, my order 7710 arrived broken.",
      "I already told you it arrived broken. Nobody listens.",
      "This is the third time I am writing. Unacceptable.",
      "I want a refund now or I cancel everything.",
      "You are useless. Get me a manager.",
      "I will talk to my lawyer about this.",
    ];
    const start = Date.parse("2026-03-11T10:00:00Z");
    const post = (app: App, conversationId: string, i: number, text: string, at = start + i * 1_000) =>
      app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: w.teams.a,
          conversationId,
          senderMessageId: `${conversationId}-${i}`,
          role: "customer",
          text,
          at: new Date(at).toISOString(),
          author: "Ravi Menon",
        }),
      });
    // Two lines at a time, one through each instance: which is stored first is the database's call.
    for (let i = 0; i < texts.length; i += 2) {
      const [ra, rb] = await Promise.all([
        post(w.app, "together", i, texts[i]!),
        post(b, "together", i + 1, texts[i + 1]!),
      ]);
      expect(ra.statusCode, ra.body).toBe(200);
      expect(rb.statusCode, rb.body).toBe(200);
    }
    const stored = await w.store.query<{ text: string; sent_at: Date; risk: number; rung: string }>(
      `SELECT m.text, m.sent_at, (m.analysis->>'risk')::float8 AS risk, m.analysis->'stepIn'->>'rung' AS rung
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.external_id = 'together' ORDER BY m.position`,
    );
    expect(stored).toHaveLength(texts.length);
    // The same lines, sent at the same times, in the order the store kept, through one instance alone
    // (a line stored second may carry the earlier time: the engine reads the stored order).
    for (const [i, line] of stored.entries())
      expect(
        (await post(w.app, "together-alone", i, line.text, new Date(line.sent_at).getTime())).statusCode,
      ).toBe(200);
    const alone = await w.store.query<{ risk: number; rung: string }>(
      `SELECT (m.analysis->>'risk')::float8 AS risk, m.analysis->'stepIn'->>'rung' AS rung
         FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE c.external_id = 'together-alone' ORDER BY m.position`,
    );
    const round = (rows: { risk: number; rung: string }[]) =>
      rows.map((r) => [Math.round(r.risk * 1000) / 1000, r.rung]);
    expect(round(stored)).toEqual(round(alone));
  });
  it("brings a pair drill's line, said through instance A, to a lead watching it on instance B, once", async (context) => {
    const pair = instances(context);
    if (pair === null) return;
    const { world, appB } = pair;
    const w = world;
    await seedDemoScenario(w.store, w.orgId, w.teams.a);
    const scenarios = await w.inject({ method: "GET", url: "/api/v1/practice/scenarios", as: "peerA" });
    const started = await w.inject({
      method: "POST",
      url: "/api/v1/practice/sessions",
      as: "peerA",
      payload: { scenarioId: scenarios.json().scenarios[0].id, partnerId: w.people.peer2A.id },
    });
    expect(started.statusCode, started.body).toBe(201);
    const sessionId: string = started.json().session.id;
    // B may listen already (the first test does it).
    if (!appB.app.server.listening) await appB.app.listen({ host: "127.0.0.1", port: 0 });
    const port = (appB.app.server.address() as { port: number }).port;
    const socket = await openSocket(`ws://127.0.0.1:${port}/api/v1/ws`, { cookie: await w.cookie("leadA") });
    socket.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      rooms: [{ kind: "drill", id: sessionId }],
    });
    const welcome = await socket.waitFor((f) => f.type === "welcome");
    expect(welcome).toMatchObject({ rooms: expect.arrayContaining([{ kind: "drill", id: sessionId }]) });
    const said = await w.inject({
      method: "POST",
      url: `/api/v1/practice/sessions/${sessionId}/lines`,
      as: "peer2A",
      payload: { text: "I was charged twice and nobody is fixing it." },
    });
    expect(said.statusCode, said.body).toBe(200);
    await socket.waitFor(
      (f) => f.type === "event" && f.event.type === "drill.line_said" && f.event.data.sessionId === sessionId,
    );
    const at = Date.now() + Math.random();
    socket.send({ type: "ping", at });
    await socket.waitFor((f) => f.type === "pong" && f.at === at);
    const heard = socket.frames.filter((f) => f.type === "event" && f.event.type.startsWith("drill."));
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ event: { personId: null, data: { personId: w.people.peer2A.id } } });
    socket.close();
  });
});

/** How many conversations this instance found it had read a line short (its metric). */
async function staleCount(app: App): Promise<number> {
  const metric = await app.ctx.metrics.ingestStaleStates.get();
  return metric.values.reduce((n, v) => n + v.value, 0);
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ServerFrame, type TagteamEvent } from "../../src/protocol/index.ts";
import { appendEvents } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";
import { isType, openSocket, startListening } from "./wsClient.ts";

let world: World;
let wsUrl: string;
beforeAll(async () => {
  world = await createWorld();
  wsUrl = await startListening(world.app);
});
afterAll(async () => {
  await world?.close();
});

const isEvent =
  (type: TagteamEvent["type"], extra: (e: TagteamEvent) => boolean = () => true) =>
  (f: ServerFrame): boolean =>
    f.type === "event" && f.event.type === type && extra(f.event);

/** Posts lines that make the engine raise an alert; returns the alert id. */
async function raiseAlert(conversationId: string): Promise<string> {
  const token = await world.token("leadA", ["ingest"]);
  const lines = [
    {
      role: "customer",
      text: "My refund never arrived. I already told you twice, this is ridiculous!",
      author: "Kim",
    },
    {
      role: "agent",
      text: "Sorry, sorry, it's not my fault, billing did that.",
      author: world.people.agentA.email,
    },
    { role: "customer", text: "You are useless. I want to speak to a manager or I'm calling my lawyer." },
  ];
  let alertId: string | null = null;
  for (const [i, line] of lines.entries()) {
    const response = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: world.teams.a,
        conversationId,
        senderMessageId: `${conversationId}-${i}`,
        ...line,
      }),
    });
    alertId = (response.json().results[0].alertId as string | null) ?? alertId;
  }
  if (alertId === null) throw new Error("no alert raised");
  return alertId;
}

describe("realtime over real sockets", () => {
  it("greets a versioned hello, joins the person room, and delivers a routed alert to the helper only", async () => {
    const lead = await openSocket(wsUrl, { cookie: await world.cookie("leadA") });
    const peer = await openSocket(wsUrl, { cookie: await world.cookie("peer2A") });
    for (const s of [lead, peer])
      s.send({
        type: "hello",
        protocolVersion: PROTOCOL_VERSION,
        rooms: [{ kind: "team", id: world.teams.a }],
      });
    const welcome = await lead.next(isType("welcome"));
    expect(welcome).toMatchObject({ protocolVersion: PROTOCOL_VERSION, personId: world.people.leadA.id });
    expect(welcome.rooms).toEqual(
      expect.arrayContaining([
        { kind: "team", id: world.teams.a },
        { kind: "person", id: world.people.leadA.id },
      ]),
    );
    await peer.next(isType("welcome"));
    const alertId = await raiseAlert("ws-1");
    const detail = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "leadA" })
    ).json().alert;
    // The customer asked for a manager: authority is needed, so the team's lead is asked.
    expect(detail.helperId).toBe(world.people.leadA.id);
    const frame = await lead.waitFor(isEvent("alert.raised", (e) => e.data.alertId === alertId));
    expect(frame).toMatchObject({ type: "event", event: { personId: world.people.leadA.id } });
    // Who could use help, so the helper's toast names them.
    expect(frame.type === "event" ? frame.event.data.agentId : null).toBe(detail.agentId);
    expect(detail.agentId).not.toBeNull();
    // The floor hint reached the team; the private alert only the helper.
    await peer.waitFor(isEvent("conversation.started", (e) => e.conversationId === detail.conversationId));
    expect(peer.frames.some((f) => f.type === "event" && f.event.data.alertId === alertId)).toBe(false);
    lead.close();
    peer.close();
  });

  it("sends a busy floor's hints together: one frame for conversations started in one request", async () => {
    const peer = await openSocket(wsUrl, { cookie: await world.cookie("peer2A") });
    peer.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      rooms: [{ kind: "team", id: world.teams.a }],
    });
    await peer.next(isType("welcome"));
    const token = await world.token("leadA", ["ingest"]);
    const ids = ["bundle-1", "bundle-2", "bundle-3"];
    const response = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: {
        messages: ids.map((conversationId) =>
          message({
            teamId: world.teams.a,
            conversationId,
            senderMessageId: `${conversationId}-0`,
            text: "hello",
          }),
        ),
      },
    });
    expect(response.statusCode).toBe(200);
    const conversationIds = new Set(
      (response.json().results as { conversationId: string }[]).map((r) => r.conversationId),
    );
    expect(conversationIds.size).toBe(3);
    for (const id of conversationIds)
      await peer.waitFor(isEvent("conversation.started", (e) => e.conversationId === id));
    // All three came in one `events` frame, not one frame each. (Only these three count: an
    // earlier test's hint for another conversation may still be on its way when this one starts.)
    const ours = (e: TagteamEvent) =>
      e.type === "conversation.started" && e.conversationId !== null && conversationIds.has(e.conversationId);
    const bundles = peer.bundles.filter(
      (f) => (f.type === "events" && f.events.some(ours)) || (f.type === "event" && ours(f.event)),
    );
    expect(bundles).toHaveLength(1);
    expect(
      bundles[0]?.type === "events" &&
        bundles[0].events
          .filter(ours)
          .map((e) => e.conversationId)
          .sort(),
    ).toEqual([...conversationIds].sort());
    peer.close();
  });

  it("sends one room's frame to each of its connections as the same text frame", async () => {
    // A frame published to a room is encoded once and its bytes shared by every connection.
    const sockets = await Promise.all(
      (["peer2A", "agentA"] as const).map(async (who) =>
        openSocket(wsUrl, { cookie: await world.cookie(who) }),
      ),
    );
    for (const socket of sockets) {
      socket.send({
        type: "hello",
        protocolVersion: PROTOCOL_VERSION,
        rooms: [{ kind: "team", id: world.teams.a }],
      });
      await socket.next(isType("welcome"));
    }
    const token = await world.token("leadA", ["ingest"]);
    const response = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: "shared-frame",
        senderMessageId: "shared-frame-0",
      }),
    });
    expect(response.statusCode).toBe(200);
    const conversationId = response.json().results[0].conversationId as string;
    const started = isEvent("conversation.started", (e) => e.conversationId === conversationId);
    await Promise.all(sockets.map((socket) => socket.waitFor(started)));
    const texts = sockets.map((socket) => {
      const frame = socket.raw.find((f) => f.text.includes(`"conversationId":"${conversationId}"`));
      expect(frame?.binary).toBe(false);
      return frame?.text;
    });
    expect(texts[0]).toBeDefined();
    expect(texts[1]).toBe(texts[0]);
    expect(JSON.parse(texts[0] ?? "{}")).toMatchObject({ type: expect.stringMatching(/^events?$/) });
    for (const socket of sockets) socket.close();
  });

  it("sends a teammate in both the team's and the conversation's room each event once, in order, in one frame", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const post = (i: number) =>
      world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({
          teamId: world.teams.a,
          conversationId: "two-rooms",
          senderMessageId: `two-rooms-${i}`,
        }),
      });
    const first = await post(0);
    const conversationId = first.json().results[0].conversationId as string;
    const peer = await openSocket(wsUrl, { cookie: await world.cookie("peer2A") });
    peer.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      rooms: [
        { kind: "team", id: world.teams.a },
        { kind: "conversation", id: conversationId },
      ],
    });
    await peer.next(isType("welcome"));
    await world.app.ctx.ingest.idle();
    const from = peer.bundles.length;
    // One hint for the team and the conversation (the floor row), one for the conversation only.
    world.app.ctx.bus.publish(
      [],
      [
        {
          orgId: world.orgId,
          event: {
            id: "0",
            type: "conversation.updated",
            teamId: world.teams.a,
            conversationId,
            personId: null,
            data: { conversationId, risk: 0.5 },
            at: new Date().toISOString(),
          },
        },
        {
          orgId: world.orgId,
          event: {
            id: "0",
            type: "message.received",
            teamId: null,
            conversationId,
            personId: null,
            data: { conversationId, messageIndex: 1 },
            at: new Date().toISOString(),
          },
        },
      ],
    );
    await peer.waitFor(isEvent("message.received", (e) => e.conversationId === conversationId));
    // Ours: the frame with the conversation's risk 0.5 (an earlier flush of the first post's hints
    // may still arrive after `from`).
    const ours = peer.bundles
      .slice(from)
      .filter(
        (f) => JSON.stringify(f).includes('"risk":0.5') || JSON.stringify(f).includes('"messageIndex":1'),
      );
    expect(ours).toHaveLength(1);
    expect(ours[0]?.type === "events" && ours[0].events.map((e) => e.type)).toEqual([
      "conversation.updated",
      "message.received",
    ]);
    peer.close();
  });

  it("refuses another protocol version, frames before hello, rooms of other teams and anonymous sockets", async () => {
    const old = await openSocket(wsUrl, { cookie: await world.cookie("agentA") });
    old.send({ type: "hello", protocolVersion: PROTOCOL_VERSION + 1 });
    expect(await old.next(isType("error"))).toMatchObject({
      error: { code: "UNSUPPORTED_PROTOCOL_VERSION" },
    });
    expect((await old.closed).code).toBe(4426);

    const rude = await openSocket(wsUrl, { cookie: await world.cookie("agentA") });
    rude.send({ type: "subscribe", room: { kind: "team", id: world.teams.a } });
    expect((await rude.closed).code).toBe(4400);

    const nosy = await openSocket(wsUrl, { cookie: await world.cookie("agentA") });
    nosy.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      rooms: [{ kind: "team", id: world.teams.b }],
    });
    expect(await nosy.next(isType("error"))).toMatchObject({ error: { code: "FORBIDDEN" } });
    nosy.send({ type: "subscribe", room: { kind: "person", id: world.people.leadA.id } });
    await nosy.waitFor(
      (f) =>
        f.type === "error" &&
        f.error.details?.room !== undefined &&
        nosy.frames.filter((x) => x.type === "error").length === 2,
    );
    nosy.send({ type: "ping", at: 1 });
    expect(await nosy.next(isType("pong"))).toMatchObject({ at: 1 });
    nosy.close();

    const anonymous = await openSocket(wsUrl);
    expect((await anonymous.closed).code).toBe(4401);
  });

  it("resumes from the last event id after a reconnect, so an alert raised while away is not missed", async () => {
    const cookie = await world.cookie("leadA");
    const first = await openSocket(wsUrl, { cookie });
    first.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
    const welcome = await first.next(isType("welcome"));
    first.close();
    await first.closed;
    // While disconnected: an alert is raised and escalated.
    const alertId = await raiseAlert("ws-resume");
    const again = await openSocket(wsUrl, { cookie });
    again.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      lastEventId: welcome.lastEventId,
      rooms: [{ kind: "team", id: world.teams.a }],
    });
    const resumed = await again.next(isType("resumed"));
    expect(resumed.fromEventId).toBe(welcome.lastEventId);
    const replayed = again.frames.filter(
      (f): f is Extract<ServerFrame, { type: "event" }> => f.type === "event",
    );
    expect(replayed.some((f) => f.event.data.alertId === alertId)).toBe(true);
    expect(
      replayed.every((f) => f.event.personId === null || f.event.personId === world.people.leadA.id),
    ).toBe(true);
    const ids = replayed.map((f) => Number(f.event.id));
    expect(new Set(ids).size).toBe(ids.length);
    again.close();
  });

  it("replays a person's own events after a long absence, however busy their team's floor was", async () => {
    const cookie = await world.cookie("leadA");
    const first = await openSocket(wsUrl, { cookie });
    first.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
    const welcome = await first.next(isType("welcome"));
    first.close();
    await first.closed;
    // A laptop asleep while the floor was busy: more team hints than one replay holds (5,000)…
    await appendEvents(
      world.store,
      Array.from({ length: 5_200 }, () => ({
        orgId: world.orgId,
        teamId: world.teams.a,
        type: "conversation.updated",
        payload: {},
      })),
    );
    // …and, at the end, an alert for this lead.
    const alertId = await raiseAlert("ws-resume-busy");
    const again = await openSocket(wsUrl, { cookie });
    again.send({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      lastEventId: welcome.lastEventId,
      rooms: [{ kind: "team", id: world.teams.a }],
    });
    await again.next(isType("resumed"));
    const replayed = again.frames.flatMap((f) =>
      f.type === "event" ? [f.event] : f.type === "events" ? f.events : [],
    );
    expect(
      replayed.some(
        (e) =>
          e.type === "alert.raised" && e.data.alertId === alertId && e.personId === world.people.leadA.id,
      ),
    ).toBe(true);
    const ids = replayed.map((e) => BigInt(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    again.close();
  }, 60_000);
});

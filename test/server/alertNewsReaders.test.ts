/**
 * An alert whose card changes (`alert.updated`) or that ends (`alert.expired`) is news for everyone
 * who may read it, not its helper alone: a lead's team Alerts page, an admin's, a teammate with the
 * conversation open changed only at their next refetch. They hear it over the team's and the
 * conversation's rooms, by the rule GET /alerts/:id reads by: never the agent it is about (unless
 * they lead the team), never another team. Real sockets, live and on resume.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type ServerFrame, type TagteamEvent } from "../../src/protocol/index.ts";
import { runSweep } from "../../src/server/sweeper/sweeper.ts";
import { createWorld, wrongReturnWindow, type World } from "./factories.ts";
import { isType, openSocket, type TestSocket, startListening } from "./wsClient.ts";

let world: World;
let wsUrl: string;
beforeAll(async () => {
  world = await createWorld();
  wsUrl = await startListening(world.app);
});
afterAll(async () => {
  await world?.close();
});

type Who = "leadA" | "peer2A" | "agentA" | "admin" | "leadB";

async function connect(who: Who, lastEventId?: string): Promise<TestSocket> {
  const socket = await openSocket(wsUrl, { cookie: await world.cookie(who) });
  socket.send({
    type: "hello",
    protocolVersion: PROTOCOL_VERSION,
    rooms: [{ kind: "team", id: who === "leadB" ? world.teams.b : world.teams.a }],
    ...(lastEventId !== undefined ? { lastEventId } : {}),
  });
  await socket.next(isType("welcome"));
  return socket;
}

const about =
  (type: TagteamEvent["type"], alertId: string) =>
  (f: ServerFrame): boolean =>
    f.type === "event" && f.event.type === type && f.event.data.alertId === alertId;

/** The frame, or a failure naming who never heard it (instead of the test's timeout). */
async function heard(socket: TestSocket, who: string, match: (f: ServerFrame) => boolean) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${who} never heard of it`)), 5_000);
  });
  try {
    return await Promise.race([socket.waitFor(match), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Everything sent to the socket before now has arrived (a ping's answer comes after it). */
async function settled(socket: TestSocket): Promise<void> {
  const at = Date.now();
  socket.send({ type: "ping", at });
  await socket.waitFor((f) => f.type === "pong" && f.at === at);
}

const CORRECTION = "I need to correct what I said: items can be returned within 30 days of delivery.";

describe("an alert's news reaches everyone who may read it", () => {
  it("a revised card: its team's lead, an admin and a teammate hear it; the agent it is about and another team do not", async () => {
    const sockets = Object.fromEntries(
      await Promise.all(
        (["leadA", "peer2A", "agentA", "admin", "leadB"] as const).map(async (who) => [
          who,
          await connect(who),
        ]),
      ),
    ) as Record<Who, TestSocket>;
    const { say } = await wrongReturnWindow(world, "alert-news-revised");
    const turned = await say("customer", "You are useless. You clearly don't know what you're doing.");
    const alertId = turned.json().results[0].alertId as string;
    const [alert] = await world.store.query(
      `SELECT helper_person_id, agent_person_id FROM alerts WHERE id = $1`,
      [alertId],
    );
    expect(alert!.agent_person_id).toBe(world.people.agentA.id);

    await say("agent", CORRECTION);
    // Not only as its helper (whom the alert has asked, privately, as before).
    const asReader = (f: ServerFrame) =>
      about("alert.updated", alertId)(f) && f.type === "event" && f.event.personId === null;
    for (const who of ["leadA", "peer2A", "admin"] as const) {
      const frame = await heard(sockets[who], who, asReader);
      expect(frame).toMatchObject({ event: { teamId: world.teams.a, data: { status: "raised" } } });
    }
    for (const who of ["agentA", "leadB"] as const) {
      await settled(sockets[who]);
      expect(sockets[who].frames.some(about("alert.updated", alertId)), who).toBe(false);
    }

    // On resume too: what a reconnecting page is replayed follows the same rule.
    const agentAgain = await connect("agentA", "0");
    const leadAgain = await connect("leadA", "0");
    await Promise.all([agentAgain, leadAgain].map((s) => s.next(isType("resumed"))));
    expect(leadAgain.frames.some(about("alert.updated", alertId))).toBe(true);
    expect(agentAgain.frames.some(about("alert.updated", alertId))).toBe(false);
    for (const socket of [...Object.values(sockets), agentAgain, leadAgain]) socket.close();
  });

  it("an alert that ended: its team's lead hears it is over, the agent it is about does not", async () => {
    const lead = await connect("leadA");
    const agent = await connect("agentA");
    const { alertId, say } = await wrongReturnWindow(world, "alert-news-expired");
    await say("agent", CORRECTION);
    await heard(
      lead,
      "leadA",
      (f) => about("alert.expired", alertId)(f) && f.type === "event" && f.event.personId === null,
    );
    await settled(agent);
    expect(agent.frames.some(about("alert.expired", alertId))).toBe(false);
    lead.close();
    agent.close();
  });

  it("an escalation raised and taken on: every lead of the team and the admins hear it, its agents and another team do not", async () => {
    const sockets = Object.fromEntries(
      await Promise.all(
        (["leadA", "peer2A", "agentA", "admin", "leadB"] as const).map(async (who) => [
          who,
          await connect(who),
        ]),
      ),
    ) as Record<Who, TestSocket>;
    const { conversationId } = await wrongReturnWindow(world, "escalation-news");
    const made = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/escalate`,
      as: "agentA",
      payload: { reason: "The customer wants a manager" },
    });
    expect(made.statusCode, made.body).toBe(201);
    const interventionId = made.json().intervention.id as string;
    const asLeads = (type: TagteamEvent["type"]) => (f: ServerFrame) =>
      f.type === "event" &&
      f.event.type === type &&
      f.event.personId === null &&
      f.event.data.interventionId === interventionId;
    // The admin is not asked (the team's lead is): they hear it join the queue all the same.
    await heard(sockets.admin, "admin", asLeads("escalation.raised"));
    await heard(sockets.leadA, "leadA", asLeads("escalation.raised"));
    const taken = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${interventionId}/acknowledge`,
      as: "leadA",
      payload: {},
    });
    expect(taken.statusCode, taken.body).toBe(200);
    await heard(sockets.admin, "admin", asLeads("escalation.acknowledged"));
    for (const who of ["peer2A", "agentA", "leadB"] as const) {
      await settled(sockets[who]);
      expect(
        sockets[who].frames.some(
          (f) => f.type === "event" && f.event.personId === null && f.event.type.startsWith("escalation."),
        ),
        who,
      ).toBe(false);
    }
    for (const socket of Object.values(sockets)) socket.close();
  });
});

describe("an escalation moved on is news for its team's leads", () => {
  it("moved to its next level by the sweeper: the lead no longer asked and the admin asked hear it; its agents and another team do not", async () => {
    const { conversationId } = await wrongReturnWindow(world, "escalation-news-moved");
    const made = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/escalate`,
      as: "agentA",
      payload: { reason: "The customer wants a manager" },
    });
    expect(made.statusCode, made.body).toBe(201);
    const escalation = made.json().intervention as { id: string; toId: string; createdAt: string };
    // The default protocol: the team's lead for five minutes, then the admins.
    expect(escalation.toId).toBe(world.people.leadA.id);
    // Listening from here on: what they hear is the move, not the raise.
    const sockets = Object.fromEntries(
      await Promise.all(
        (["leadA", "peer2A", "agentA", "admin", "leadB"] as const).map(async (who) => [
          who,
          await connect(who),
        ]),
      ),
    ) as Record<Who, TestSocket>;
    const result = await runSweep(world.app.ctx, Date.parse(escalation.createdAt) + 5 * 60_000);
    expect(result.advanced).toBeGreaterThanOrEqual(1);
    const moved = (personId: string | null) => (f: ServerFrame) =>
      f.type === "event" &&
      f.event.type === "escalation.raised" &&
      f.event.personId === personId &&
      f.event.data.interventionId === escalation.id;
    // The admin is asked now (privately, as before); the lead's queue and Menu badge follow at once.
    await heard(sockets.admin, "admin", moved(world.people.admin.id));
    for (const who of ["leadA", "admin"] as const) await heard(sockets[who], who, moved(null));
    for (const who of ["peer2A", "agentA", "leadB"] as const) {
      await settled(sockets[who]);
      expect(
        sockets[who].frames.some((f) => f.type === "event" && f.event.data.interventionId === escalation.id),
        who,
      ).toBe(false);
    }
    for (const socket of Object.values(sockets)) socket.close();
  });
});

describe("a new alert is news for its team's leads", () => {
  it("raised: the team's lead and an admin hear it on the rooms, with no person; a teammate, the agent it is about and another team do not", async () => {
    const sockets = Object.fromEntries(
      await Promise.all(
        (["leadA", "peer2A", "agentA", "admin", "leadB"] as const).map(async (who) => [
          who,
          await connect(who),
        ]),
      ),
    ) as Record<Who, TestSocket>;
    const { alertId } = await wrongReturnWindow(world, "alert-news-raised");
    const [row] = await world.store.query(`SELECT helper_person_id FROM alerts WHERE id = $1`, [alertId]);
    const asLeads = (f: ServerFrame) =>
      about("alert.raised", alertId)(f) && f.type === "event" && f.event.personId === null;
    for (const who of ["leadA", "admin"] as const) {
      const frame = await heard(sockets[who], who, asLeads);
      expect(frame).toMatchObject({
        event: { teamId: world.teams.a, data: { status: "raised", agentId: world.people.agentA.id } },
      });
    }
    for (const who of ["peer2A", "agentA", "leadB"] as const) {
      await settled(sockets[who]);
      expect(sockets[who].frames.some(asLeads), who).toBe(false);
      // A teammate hears of it only as its helper, privately.
      const isHelper = world.people[who].id === row!.helper_person_id;
      expect(sockets[who].frames.some(about("alert.raised", alertId)), who).toBe(isHelper);
    }
    // The helper's own event and one for the leads: the alert webhook posts the first only.
    const stored = await world.store.query(
      `SELECT person_id FROM events WHERE payload->>'alertId' = $1 AND type = 'alert.raised' ORDER BY id`,
      [alertId],
    );
    expect(stored.map((e) => e.person_id)).toEqual([row!.helper_person_id, null]);
    for (const socket of Object.values(sockets)) socket.close();
  });
});

describe("an alert acted on is news for everyone who may read it", () => {
  it("acknowledged, resolved and dismissed: its team's lead hears each on the rooms, the agent it is about and another team do not", async () => {
    const sockets = Object.fromEntries(
      await Promise.all(
        (["leadA", "agentA", "leadB"] as const).map(async (who) => [who, await connect(who)]),
      ),
    ) as Record<"leadA" | "agentA" | "leadB", TestSocket>;
    const first = await wrongReturnWindow(world, "alert-news-acted-on");
    const second = await wrongReturnWindow(world, "alert-news-dismissed");
    const [row] = await world.store.query(`SELECT helper_person_id FROM alerts WHERE id = $1`, [
      first.alertId,
    ]);
    const helper = Object.entries(world.people).find(([, p]) => p.id === row!.helper_person_id)?.[0];
    expect(helper, "the alert has a helper").toBeDefined();

    const acknowledged = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${first.alertId}/acknowledge`,
      as: "leadA",
      payload: {},
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    // The helper answers it by signalling the agent: it is resolved.
    const signalled = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${first.conversationId}/step-in`,
      as: helper as Parameters<World["inject"]>[0]["as"],
      payload: { kind: "signal", alertId: first.alertId },
    });
    expect(signalled.statusCode, signalled.body).toBe(201);
    const dismissed = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${second.alertId}/dismiss`,
      as: "leadA",
      payload: { reason: "handled" },
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);

    const news: [TagteamEvent["type"], string][] = [
      ["alert.acknowledged", first.alertId],
      ["alert.resolved", first.alertId],
      ["alert.dismissed", second.alertId],
    ];
    for (const [type, alertId] of news) {
      const frame = await heard(
        sockets.leadA,
        `leadA (${type})`,
        (f) => about(type, alertId)(f) && f.type === "event" && f.event.personId === null,
      );
      expect(frame).toMatchObject({
        event: { teamId: world.teams.a, data: { agentId: world.people.agentA.id } },
      });
    }
    for (const who of ["agentA", "leadB"] as const) {
      await settled(sockets[who]);
      for (const [type, alertId] of news)
        expect(sockets[who].frames.some(about(type, alertId)), `${who} heard ${type}`).toBe(false);
    }
    // The helper's own notice is still private and still there: one each, not two.
    const stored = await world.store.query(
      `SELECT type, person_id FROM events WHERE payload->>'alertId' = $1 AND type IN ('alert.acknowledged', 'alert.resolved') ORDER BY id`,
      [first.alertId],
    );
    expect(stored.map((e) => [e.type, e.person_id])).toEqual([
      ["alert.acknowledged", row!.helper_person_id],
      ["alert.acknowledged", null],
      ["alert.resolved", row!.helper_person_id],
      ["alert.resolved", null],
    ]);
    for (const socket of Object.values(sockets)) socket.close();
  });
});

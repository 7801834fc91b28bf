import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents, listAuditEntries } from "../../src/store/index.ts";
import { pruneLogs, runSweep } from "../../src/server/sweeper/sweeper.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";

const ALERT_EXPIRY_MS = 600_000;
const MINUTE_MS = 60_000;

let world: World;
beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_ALERT_EXPIRY_MS: String(ALERT_EXPIRY_MS) } });
});
afterAll(async () => {
  await world?.close();
});

async function eventsOfType(type: string): Promise<{ personId: string | null; payload: unknown }[]> {
  const rows = await world.store.query(
    "SELECT person_id, payload FROM events WHERE org_id = $1 AND type = $2 ORDER BY id",
    [world.orgId, type],
  );
  return rows.map((r) => ({ personId: (r.person_id as string | null) ?? null, payload: r.payload }));
}

async function struggle(conv: string): Promise<{ conversationId: string; alertId: string }> {
  const token = await world.token("leadA", ["ingest"]);
  const lines = [
    { role: "customer", text: "My refund never came and I already told you twice!", author: "Nia" },
    {
      role: "agent",
      text: "Sorry, sorry, it's not my fault, billing messed up.",
      author: world.people.agentA.email,
    },
    { role: "customer", text: "You are useless. I want to speak to a manager right now." },
  ];
  let alertId: string | null = null;
  let conversationId = "";
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: conv,
        senderMessageId: `${conv}-${i}`,
        ...line,
      }),
    });
    expect(r.statusCode).toBe(200);
    conversationId = r.json().results[0].conversationId;
    alertId = r.json().results[0].alertId ?? alertId;
  }
  if (alertId === null) throw new Error("no alert was raised");
  return { conversationId, alertId };
}

describe("escalation follow-up", () => {
  it("moves an escalation nobody acknowledged to the protocol's next level, with its event, and no further once taken", async () => {
    const { conversationId } = await struggle("sweep-escalation");
    const escalated = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/escalate`,
      as: "peerA",
      payload: { reason: "Customer wants a manager" },
    });
    expect(escalated.statusCode).toBe(201);
    const escalation = escalated.json().intervention;
    // The default protocol: the team's lead first (5 minutes), then the admins.
    expect(escalation.toId).toBe(world.people.leadA.id);
    const createdAt = Date.parse(escalation.createdAt);
    const ctx = world.app.ctx;

    expect((await runSweep(ctx, createdAt + 5 * MINUTE_MS - 1)).advanced).toBe(0);
    const result = await runSweep(ctx, createdAt + 5 * MINUTE_MS);
    expect(result.advanced).toBe(1);

    const after = await world.inject({
      method: "GET",
      url: `/api/v1/interventions?scope=team&kind=escalation&teamId=${world.teams.a}`,
      as: "leadA",
    });
    const moved = after.json().interventions.find((i: { id: string }) => i.id === escalation.id);
    expect(moved).toMatchObject({ toId: world.people.admin.id, status: "offered" });
    const raised = await eventsOfType("escalation.raised");
    // The admin asked now, privately, then the copy for the team's leads and the admins.
    expect(raised.slice(-2)).toMatchObject([
      { personId: world.people.admin.id, payload: { interventionId: escalation.id, status: "offered" } },
      { personId: null, payload: { interventionId: escalation.id, status: "offered" } },
    ]);
    const audit = await listAuditEntries(world.store, { orgId: world.orgId });
    expect(audit.find((e) => e.action === "escalation.advanced")).toMatchObject({
      actorKind: "system",
      targetId: escalation.id,
      details: { fromLevel: 0, toLevel: 1, toPersonId: world.people.admin.id },
    });

    // The last level stays put; an acknowledged escalation is never moved.
    expect((await runSweep(ctx, createdAt + 60 * MINUTE_MS)).advanced).toBe(0);
    const ack = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${escalation.id}/acknowledge`,
      as: "admin",
    });
    expect(ack.statusCode).toBe(200);
    expect((await runSweep(ctx, createdAt + 600 * MINUTE_MS)).advanced).toBe(0);
  });
});

describe("a team with no lead", () => {
  it("moves an escalation on to the admins at the next sweep, not after the lead level's five minutes", async () => {
    const team = await world.inject({
      method: "POST",
      url: "/api/v1/teams",
      as: "admin",
      payload: { name: "Night shift" },
    });
    expect(team.statusCode, team.body).toBe(201);
    const teamId = team.json().team.id as string;
    const email = "night.agent@example.com";
    const made = await world.inject({
      method: "POST",
      url: "/api/v1/people",
      as: "admin",
      payload: { email, name: "Noor Night", role: "agent", password: PASSWORD, teamIds: [teamId] },
    });
    expect(made.statusCode, made.body).toBe(201);
    const login = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email, password: PASSWORD },
    });
    const cookie = `tagteam_session=${login.cookies.find((c) => c.name === "tagteam_session")?.value ?? ""}`;
    const token = await world.token("admin", ["ingest"]);
    const posted = await world.postMessages(
      token,
      message({ teamId, conversationId: "night-1", text: "I need a manager now.", role: "customer" }),
    );
    expect(posted.statusCode, posted.body).toBe(200);
    const conversationId = posted.json().results[0].conversationId as string;

    const escalated = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/escalate`,
      headers: { cookie },
      payload: { reason: "Customer wants a manager" },
    });
    expect(escalated.statusCode, escalated.body).toBe(201);
    const escalation = escalated.json().intervention;
    expect(escalation.toId).toBeNull();

    // One sweep later (a second, not five minutes), the admins' level has it.
    const result = await runSweep(world.app.ctx, Date.parse(escalation.createdAt) + 1000);
    expect(result.advanced).toBeGreaterThanOrEqual(1);
    const [row] = await world.store.query(
      "SELECT escalation_level, to_person_id FROM interventions WHERE id = $1",
      [escalation.id],
    );
    expect(row).toEqual({ escalation_level: 1, to_person_id: world.people.admin.id });
    const raised = await eventsOfType("escalation.raised");
    expect(raised.some((e) => e.personId === world.people.admin.id)).toBe(true);
  });
});

describe("escalations of closed conversations", () => {
  it("are not moved on: the conversation is over", async () => {
    const { conversationId } = await struggle("sweep-escalation-closed");
    const escalated = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/escalate`,
      as: "peerA",
      payload: { reason: "Customer wants a manager" },
    });
    expect(escalated.statusCode).toBe(201);
    const createdAt = Date.parse(escalated.json().intervention.createdAt);
    const closed = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/close`,
      as: "leadA",
    });
    expect(closed.statusCode).toBe(200);
    expect((await runSweep(world.app.ctx, createdAt + 60 * MINUTE_MS)).advanced).toBe(0);
  });
});

describe("alert expiry", () => {
  it("expires an alert nobody acknowledged within ALERT_EXPIRY_MS, tells its helper, and frees their load", async () => {
    const { alertId } = await struggle("sweep-alert");
    const before = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "admin" })
    ).json().alert;
    expect(before.status).toBe("raised");
    const helperId = before.helperId as string;
    const helperName = Object.entries(world.people).find(
      ([, p]) => p.id === helperId,
    )?.[0] as keyof World["people"];
    const loadOf = async () =>
      (await world.inject({ method: "GET", url: `/api/v1/people?teamId=${world.teams.a}`, as: "admin" }))
        .json()
        .people.find((p: { id: string }) => p.id === helperId).load as number;
    const loadBefore = await loadOf();
    const raisedAt = Date.parse(before.raisedAt);
    const ctx = world.app.ctx;

    const statusOf = async () =>
      (await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "admin" })).json().alert
        .status;
    await runSweep(ctx, raisedAt + ALERT_EXPIRY_MS - 1);
    expect(await statusOf()).toBe("raised");
    // +1: the API's timestamps are whole milliseconds; the store keeps microseconds.
    expect((await runSweep(ctx, raisedAt + ALERT_EXPIRY_MS + 1)).expired).toBe(1);

    const after = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "admin" })
    ).json().alert;
    expect(after.status).toBe("expired");
    const expired = await eventsOfType("alert.expired");
    expect(expired.filter((e) => (e.payload as { alertId?: string }).alertId === alertId)).toEqual([
      { personId: helperId, payload: expect.objectContaining({ status: "expired" }) },
      // Everyone else who may read it hears it too (a lead's team Alerts page), kept from its agent.
      {
        personId: null,
        payload: expect.objectContaining({ status: "expired", agentId: world.people.agentA.id }),
      },
    ]);
    expect(await loadOf()).toBe(loadBefore - 1);
    const mine = await world.inject({ method: "GET", url: "/api/v1/alerts", as: helperName });
    const open = mine
      .json()
      .alerts.filter((a: { status: string }) => a.status === "raised" || a.status === "acknowledged");
    expect(open.map((a: { id: string }) => a.id)).not.toContain(alertId);
    // A second sweep finds nothing more to do with it.
    expect((await runSweep(ctx, raisedAt + ALERT_EXPIRY_MS + 2)).expired).toBe(0);
  });

  it("never expires an acknowledged alert", async () => {
    const { alertId } = await struggle("sweep-acked");
    const alert = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "admin" })
    ).json().alert;
    const ack = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${alertId}/acknowledge`,
      as: "leadA",
    });
    expect(ack.statusCode).toBe(200);
    await runSweep(world.app.ctx, Date.parse(alert.raisedAt) + 10 * ALERT_EXPIRY_MS);
    const after = (
      await world.inject({ method: "GET", url: `/api/v1/alerts/${alertId}`, as: "admin" })
    ).json().alert;
    expect(after.status).toBe("acknowledged");
  });
});

describe("housekeeping (pruneLogs, each sweep)", () => {
  it("deletes events past TAGTEAM_EVENT_RETENTION_DAYS (30 by default), and sessions and sign-in links ended over a week ago, nothing newer", async () => {
    await appendEvents(
      world.store,
      Array.from({ length: 5 }, () => ({ orgId: world.orgId, teamId: world.teams.a, type: "alert.raised" })),
    );
    const cookie = await world.cookie("peerA");
    const count = async () =>
      Number((await world.store.query("SELECT count(*)::int AS n FROM events"))[0]?.n);
    const total = await count();
    expect(total).toBeGreaterThan(3);
    // The oldest three are 31 days old; one session ended 8 days ago.
    await world.store.query(
      "UPDATE events SET created_at = now() - interval '31 days' WHERE id IN (SELECT id FROM events ORDER BY id LIMIT 3)",
    );
    const [ended] = await world.store.query(
      "INSERT INTO sessions (org_id, person_id, token_hash, expires_at) VALUES ($1, $2, 'ended', now() - interval '8 days') RETURNING id",
      [world.orgId, world.people.peerA.id],
    );
    const link = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.peer2A.id}/sign-in-link`,
      as: "admin",
    });
    expect(link.statusCode).toBe(201);
    await world.store.query("UPDATE sign_in_links SET expires_at = now() - interval '8 days'");
    const live = await world.inject({
      method: "POST",
      url: `/api/v1/people/${world.people.agentB.id}/sign-in-link`,
      as: "admin",
    });
    expect(live.statusCode).toBe(201);
    expect(await pruneLogs(world.app.ctx, Date.now())).toEqual({ events: 3, sessions: 1, signInLinks: 1 });
    expect(await count()).toBe(total - 3);
    expect(await world.store.query("SELECT id FROM sessions WHERE id = $1", [ended?.id])).toEqual([]);
    // The live session still works.
    const me = await world.app.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(await pruneLogs(world.app.ctx, Date.now())).toEqual({ events: 0, sessions: 0, signInLinks: 0 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAlertById, findConversationById, listAuditEntries } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

const HOUR_MS = 3_600_000;

let world: World;
let token: string;
beforeAll(async () => {
  world = await createWorld({ env: { TAGTEAM_CONVERSATION_IDLE_CLOSE_MS: String(4 * HOUR_MS) } });
  token = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
});

async function events(type: string, conversationId: string): Promise<Record<string, unknown>[]> {
  const rows = await world.store.query(
    "SELECT payload FROM events WHERE org_id = $1 AND type = $2 AND conversation_id = $3 ORDER BY id",
    [world.orgId, type, conversationId],
  );
  return rows.map((r) => r.payload as Record<string, unknown>);
}

/** Posts one line into a conversation (by the sender's id) and returns tagteam's conversation id. */
async function post(
  conversation: string,
  line: { role: "customer" | "agent"; text: string; at?: number },
): Promise<string> {
  const r = await world.postMessages(
    token,
    message({
      teamId: world.teams.a,
      conversationId: conversation,
      role: line.role,
      text: line.text,
      ...(line.role === "agent" ? { author: world.people.agentA.email } : {}),
      ...(line.at !== undefined ? { at: new Date(line.at).toISOString() } : {}),
    }),
  );
  expect(r.statusCode).toBe(200);
  return r.json().results[0].conversationId as string;
}

const closeBySender = (payload: unknown, bearer = token) =>
  world.app.app.inject({
    method: "POST",
    url: "/api/v1/conversations/close",
    headers: { authorization: `Bearer ${bearer}` },
    payload: payload as Record<string, unknown>,
  });

const status = async (id: string) => {
  const c = await findConversationById(world.store, world.orgId, id);
  return { status: c?.status, closed: c?.closedAt !== null };
};

/** A counter's value on /metrics (0 when it has no sample yet). */
async function metric(name: string, labels = ""): Promise<number> {
  const text = (await world.app.app.inject({ url: "/metrics" })).body;
  const line = text.split("\n").find((l) => l.startsWith(labels === "" ? `${name} ` : `${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

async function floorIds(): Promise<string[]> {
  const r = await world.inject({ method: "GET", url: "/api/v1/conversations", as: "leadA" });
  expect(r.statusCode).toBe(200);
  return (r.json().conversations as { id: string }[]).map((c) => c.id);
}

describe("the sender closes a conversation (POST /conversations/close)", () => {
  it("closes it once, with its event: it leaves the floor; telling again changes nothing", async () => {
    const closedBefore = await metric("tagteam_conversations_closed_total", 'reason="sender"');
    const id = await post("life-close", { role: "customer", text: "Where is my parcel?" });
    expect(await floorIds()).toContain(id);

    const first = await closeBySender({ conversationId: "life-close" });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ conversationId: id, closed: true });
    expect(await status(id)).toEqual({ status: "closed", closed: true });
    expect(await events("conversation.closed", id)).toEqual([
      { conversationId: id, status: "closed", reason: "sender" },
    ]);
    expect(await floorIds()).not.toContain(id);
    const detail = await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" });
    expect(detail.json().conversation).toMatchObject({ status: "closed", closedReason: "sender" });
    expect(Date.parse(detail.json().conversation.closedAt)).toBeGreaterThan(0);

    const again = await closeBySender({ conversationId: "life-close" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ conversationId: id, closed: false });
    expect(await events("conversation.closed", id)).toHaveLength(1);
    expect(await metric("tagteam_conversations_closed_total", 'reason="sender"')).toBe(closedBefore + 1);
  });

  it("takes the time it ended", async () => {
    const id = await post("life-close-at", { role: "customer", text: "Thanks, that's all." });
    const at = "2026-03-02T12:34:56.000Z";
    expect((await closeBySender({ conversationId: "life-close-at", at })).statusCode).toBe(200);
    expect((await findConversationById(world.store, world.orgId, id))?.closedAt).toBe(Date.parse(at));
  });

  it("answers 404 for an unknown conversation and for another team's, and closes nothing", async () => {
    const id = await post("life-close-other", { role: "customer", text: "Hello?" });
    const unknown = await closeBySender({ conversationId: "never-seen" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("NOT_FOUND");

    const teamB = await world.token("leadB", ["ingest"]);
    const other = await closeBySender({ conversationId: "life-close-other" }, teamB);
    expect(other.statusCode).toBe(404);
    expect(await status(id)).toEqual({ status: "open", closed: false });
    expect(await events("conversation.closed", id)).toEqual([]);
  });

  it("refuses a bad body, naming every problem, and changes nothing", async () => {
    const id = await post("life-close-bad", { role: "customer", text: "Hi" });
    const r = await closeBySender({ conversationId: "", at: "yesterday", extra: 1 });
    expect(r.statusCode).toBe(400);
    const issues = r.json().error.details.issues as { path: (string | number)[]; message: string }[];
    expect(issues.map((i) => i.path.join(".")).sort()).toEqual(["body", "body.at", "body.conversationId"]);
    expect(issues.find((i) => i.path.join(".") === "body")?.message).toMatch(/extra/);
    expect(await status(id)).toEqual({ status: "open", closed: false });
    const future = await closeBySender({
      conversationId: "life-close-bad",
      at: new Date(Date.now() + 24 * HOUR_MS).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.issues[0]).toMatchObject({ path: ["body", "at"] });
    expect(future.json().error.details.issues[0].message).toMatch(/future/);
    expect(await status(id)).toEqual({ status: "open", closed: false });
  });

  it("needs an ingest token or a session", async () => {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/conversations/close",
      payload: { conversationId: "life-close" },
    });
    expect(r.statusCode).toBe(401);
  });
});

describe("a customer writing again reopens a closed conversation", () => {
  it("reopens on the customer's message, with its event, and it is back on the floor", async () => {
    const id = await post("life-reopen", { role: "customer", text: "My order is late." });
    await closeBySender({ conversationId: "life-reopen" });
    expect(await status(id)).toEqual({ status: "closed", closed: true });

    const reopenedBefore = await metric("tagteam_conversations_reopened_total");
    await post("life-reopen", { role: "customer", text: "Actually, it still has not arrived." });
    expect(await metric("tagteam_conversations_reopened_total")).toBe(reopenedBefore + 1);
    expect(await status(id)).toEqual({ status: "open", closed: false });
    expect((await findConversationById(world.store, world.orgId, id))?.closedReason).toBeNull();
    expect(await events("conversation.reopened", id)).toEqual([{ conversationId: id, status: "open" }]);
    expect(await floorIds()).toContain(id);

    // Closed again by a teammate, the conversation is closed again (the cache saw the close).
    const byTeammateBefore = await metric("tagteam_conversations_closed_total", 'reason="teammate"');
    const byLead = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/close`,
      as: "leadA",
    });
    expect(byLead.statusCode).toBe(200);
    expect(await metric("tagteam_conversations_closed_total", 'reason="teammate"')).toBe(
      byTeammateBefore + 1,
    );
    expect(await status(id)).toEqual({ status: "closed", closed: true });
    expect((await events("conversation.closed", id)).map((e) => e.reason)).toEqual(["sender", "teammate"]);
    // Pressing Close again is refused and records nothing more.
    const twice = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/close`,
      as: "leadA",
    });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, "INVALID_STATE"]);
    expect(await events("conversation.closed", id)).toHaveLength(2);
  });

  it("an agent's follow-up leaves a closed conversation closed", async () => {
    const id = await post("life-followup", { role: "customer", text: "Can you confirm my address?" });
    await closeBySender({ conversationId: "life-followup" });
    await post("life-followup", { role: "agent", text: "Just confirming: it shipped today." });
    expect(await status(id)).toEqual({ status: "closed", closed: true });
    expect(await events("conversation.reopened", id)).toEqual([]);
  });
});

describe("the idle sweep", () => {
  it("closes conversations with no message for TAGTEAM_CONVERSATION_IDLE_CLOSE_MS, each with its event, and leaves active ones", async () => {
    const now = Date.now();
    const idle = await post("life-idle", { role: "customer", text: "Hello?", at: now - 5 * HOUR_MS });
    const active = await post("life-active", { role: "customer", text: "Still there?", at: now - 60_000 });
    const idleBefore = await metric("tagteam_conversations_closed_total", 'reason="idle"');
    await world.app.sweeper.run();
    expect(await metric("tagteam_conversations_closed_total", 'reason="idle"')).toBeGreaterThan(idleBefore);
    expect(await status(idle)).toEqual({ status: "closed", closed: true });
    expect(await events("conversation.closed", idle)).toEqual([
      { conversationId: idle, status: "closed", reason: "idle" },
    ]);
    expect((await findConversationById(world.store, world.orgId, idle))?.closedReason).toBe("idle");
    expect(await status(active)).toEqual({ status: "open", closed: false });
    expect(await floorIds()).not.toContain(idle);
    expect(await floorIds()).toContain(active);
  });

  it("closes none when set to 0", async () => {
    const off = await createWorld({ env: { TAGTEAM_CONVERSATION_IDLE_CLOSE_MS: "0" } });
    try {
      const t = await off.token("leadA", ["ingest"]);
      const r = await off.postMessages(
        t,
        message({
          teamId: off.teams.a,
          conversationId: "idle-off",
          at: new Date(Date.now() - 48 * HOUR_MS).toISOString(),
        }),
      );
      const id = r.json().results[0].conversationId as string;
      await off.app.sweeper.run();
      expect((await findConversationById(off.store, off.orgId, id))?.status).toBe("open");
    } finally {
      await off.close();
    }
  });
});

describe("closing a conversation ends its open alerts", () => {
  const STRUGGLE = [
    { role: "customer" as const, text: "My refund never came and I already told you twice!" },
    { role: "agent" as const, text: "Sorry, sorry, it's not my fault." },
    { role: "customer" as const, text: "You are useless. I want to speak to a manager right now." },
  ];
  /** A conversation going wrong: its alert, the helper asked and their load. */
  async function struggle(conversation: string, at?: number) {
    let alertId: string | null = null;
    let id = "";
    for (const [i, line] of STRUGGLE.entries()) {
      const r = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: conversation,
          ...line,
          ...(line.role === "agent" ? { author: world.people.agentA.email } : {}),
          ...(at !== undefined ? { at: new Date(at + i * 1000).toISOString() } : {}),
        }),
      );
      expect(r.statusCode).toBe(200);
      id = r.json().results[0].conversationId;
      alertId = r.json().results[0].alertId ?? alertId;
    }
    if (alertId === null) throw new Error("no alert was raised");
    const alert = await findAlertById(world.store, world.orgId, alertId);
    const helper = alert?.helperPersonId ?? null;
    if (helper === null) throw new Error("the alert has no helper");
    return { id, alertId, helper, load: await loadOf(helper) };
  }
  const loadOf = async (personId: string) =>
    Number(
      (await world.store.query("SELECT current_load FROM people WHERE id = $1", [personId]))[0]?.current_load,
    );
  async function expectEnded(s: Awaited<ReturnType<typeof struggle>>, closedBy: string) {
    expect((await findAlertById(world.store, world.orgId, s.alertId))?.state).toBe("expired");
    const told = await world.store.query(
      "SELECT person_id, payload FROM events WHERE org_id = $1 AND type = 'alert.expired' AND conversation_id = $2",
      [world.orgId, s.id],
    );
    expect(told.map((e) => [e.person_id, (e.payload as { alertId: string }).alertId])).toEqual([
      [s.helper, s.alertId],
    ]);
    expect(await loadOf(s.helper)).toBe(s.load - 1);
    const audit = await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 });
    expect(audit.find((e) => e.targetId === s.alertId && e.action === "alert.expired")?.details).toEqual({
      why: "conversation closed",
      closedBy,
    });
  }

  it("when the sender closes it", async () => {
    const s = await struggle("life-alert-sender");
    expect((await closeBySender({ conversationId: "life-alert-sender" })).statusCode).toBe(200);
    await expectEnded(s, "sender");
  });

  it("when a teammate closes it", async () => {
    const s = await struggle("life-alert-teammate");
    const r = await world.inject({ method: "POST", url: `/api/v1/conversations/${s.id}/close`, as: "leadA" });
    expect(r.statusCode).toBe(200);
    await expectEnded(s, "teammate");
  });

  it("and its waiting escalation leaves the queue (still listed with status=all)", async () => {
    const s = await struggle("life-escalation");
    const escalated = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${s.id}/escalate`,
      as: "peerA",
      payload: { reason: "Customer wants a manager" },
    });
    expect(escalated.statusCode).toBe(201);
    const escalationId = escalated.json().intervention.id as string;
    const queue = async (status: "active" | "all") =>
      (
        await world.inject({
          method: "GET",
          url: `/api/v1/interventions?scope=team&kind=escalation&status=${status}`,
          as: "leadA",
        })
      )
        .json()
        .interventions.map((i: { id: string }) => i.id) as string[];
    expect(await queue("active")).toContain(escalationId);
    expect((await closeBySender({ conversationId: "life-escalation" })).statusCode).toBe(200);
    expect(await queue("active")).not.toContain(escalationId);
    expect(await queue("all")).toContain(escalationId);
    // Nobody answered it before the end: it is withdrawn, as of the close, and audited.
    const listed = await world.inject({ method: "GET", url: `/api/v1/conversations/${s.id}`, as: "leadA" });
    expect(listed.statusCode).toBe(200);
    const escalation = (listed.json().conversation.interventions as { id: string; status: string }[]).find(
      (i) => i.id === escalationId,
    );
    expect(escalation?.status).toBe("withdrawn");
    const audit = await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 });
    expect(
      audit.find((e) => e.targetId === escalationId && e.action === "intervention.withdrawn")?.details,
    ).toEqual({
      kind: "escalation",
      why: "conversation closed",
      closedBy: "sender",
    });
    // The lead can no longer pick it up: there is nothing left to answer.
    const ack = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${escalationId}/acknowledge`,
      as: "leadA",
      payload: {},
    });
    expect(ack.statusCode).toBe(409);
  });

  it("and nobody can step in, escalate, transfer, raise a hand or take it over once it has ended", async () => {
    const s = await struggle("life-guards");
    const offer = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${s.id}/step-in`,
      as: "peerA",
      payload: { kind: "takeover_offer" },
    });
    expect(offer.statusCode).toBe(201);
    const offerId = offer.json().intervention.id as string;
    expect((await closeBySender({ conversationId: "life-guards" })).statusCode).toBe(200);
    const attempts = [
      { url: `/api/v1/conversations/${s.id}/step-in`, as: "peerA" as const, payload: { kind: "signal" } },
      { url: `/api/v1/conversations/${s.id}/escalate`, as: "peerA" as const, payload: { reason: "late" } },
      {
        url: `/api/v1/conversations/${s.id}/transfer`,
        as: "leadA" as const,
        payload: { toPersonId: world.people.peerA.id },
      },
      { url: `/api/v1/conversations/${s.id}/raise-hand`, as: "agentA" as const, payload: {} },
      { url: `/api/v1/interventions/${offerId}/accept`, as: "agentA" as const, payload: {} },
    ];
    for (const a of attempts) {
      const r = await world.inject({ method: "POST", url: a.url, as: a.as, payload: a.payload });
      expect([a.url, r.statusCode, r.json().error?.code]).toEqual([a.url, 409, "INVALID_STATE"]);
    }
    const interventions = await world.store.query(
      "SELECT kind, state FROM interventions WHERE conversation_id = $1 ORDER BY created_at",
      [s.id],
    );
    // The offer nobody answered was withdrawn when the conversation ended: there is nothing to decline.
    expect(interventions).toEqual([{ kind: "takeover_offer", state: "withdrawn" }]);
    const decline = await world.inject({
      method: "POST",
      url: `/api/v1/interventions/${offerId}/decline`,
      as: "agentA",
      payload: {},
    });
    expect(decline.statusCode).toBe(409);
    expect(decline.json().error.message).toMatch(/withdrawn/);
  });

  it("when the idle sweep closes it", async () => {
    const s = await struggle("life-alert-idle", Date.now() - 5 * HOUR_MS);
    await world.app.sweeper.run();
    expect((await findConversationById(world.store, world.orgId, s.id))?.status).toBe("closed");
    await expectEnded(s, "idle");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findAlertById,
  findHelperCandidates,
  listAuditEntries,
  raiseAlert,
  revokeSessionsForPerson,
} from "../../src/store/index.ts";
import { PROTOCOL_VERSION } from "../../src/protocol/index.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";
import { isType, openSocket, startListening } from "./wsClient.ts";

/*
 * Accounts: changing one's own password, an admin setting someone's, and deactivating someone
 * who left. Each signs people out where it should, is audited, and refuses bad input whole.
 */
let world: World;
let wsUrl: string;
beforeAll(async () => {
  // A short heartbeat: an open socket's credential is checked again once a heartbeat.
  // These tests sign in far more often than the 20 a minute one address is allowed.
  world = await createWorld({
    env: { TAGTEAM_HEARTBEAT_MS: "1000", TAGTEAM_LOGIN_RATE_LIMIT_PER_MINUTE: "1000" },
  });
  wsUrl = await startListening(world.app);
});
afterAll(async () => {
  await world.close();
});

const NEW_PASSWORD = "a much longer passphrase 2026";

/** A fresh sign-in (its own session), as a cookie header; null when refused. */
async function signIn(
  email: string,
  password: string,
): Promise<{ cookie: string | null; status: number; message: string }> {
  const r = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email, password },
  });
  const set = r.cookies.find((c) => c.name === "tagteam_session");
  return {
    cookie: r.statusCode === 200 && set !== undefined ? `tagteam_session=${set.value}` : null,
    status: r.statusCode,
    message: r.statusCode === 200 ? "" : (r.json().error.message as string),
  };
}
const me = (cookie: string) =>
  world.app.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
const auditOf = async (action: string, targetId: string) =>
  (await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 })).filter(
    (e) => e.action === action && e.targetId === targetId,
  );

describe("changing one's own password (POST /me/password)", () => {
  it("refuses a wrong current password or a weak new one, naming each, and changes nothing", async () => {
    const { cookie } = await signIn(world.people.peer2A.email, PASSWORD);
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/me/password",
      headers: { cookie: cookie ?? "" },
      payload: { currentPassword: "not it at all", newPassword: "short" },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual([
      "body.newPassword",
    ]);
    const wrong = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/me/password",
      headers: { cookie: cookie ?? "" },
      payload: { currentPassword: "not it at all", newPassword: PASSWORD },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.issues).toMatchObject([
      { path: ["body", "currentPassword"], message: "is not your current password" },
    ]);
    const same = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/me/password",
      headers: { cookie: cookie ?? "" },
      payload: { currentPassword: PASSWORD, newPassword: PASSWORD },
    });
    expect(same.json().error.details.issues).toMatchObject([
      { path: ["body", "newPassword"], message: "must differ from the current one" },
    ]);
    expect((await signIn(world.people.peer2A.email, PASSWORD)).status).toBe(200);
  });

  it("changes it, keeps this session and signs the others out; the old password stops working", async () => {
    const email = world.people.peer2A.email;
    const here = (await signIn(email, PASSWORD)).cookie ?? "";
    const elsewhere = (await signIn(email, PASSWORD)).cookie ?? "";
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/me/password",
      headers: { cookie: here },
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().signedOutSessions).toBeGreaterThanOrEqual(1);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await signIn(email, PASSWORD)).status).toBe(401);
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(200);
    expect(await auditOf("person.password_changed", world.people.peer2A.id)).toHaveLength(1);
  });

  it("needs a signed-in session: an API token cannot change its person's password", async () => {
    const token = await world.token("agentB", ["api"]);
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/me/password",
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(r.statusCode).toBe(403);
    expect((await signIn(world.people.agentB.email, PASSWORD)).status).toBe(200);
  });
});

describe("an admin sets someone's password (POST /people/:id/password)", () => {
  const setPassword = (as: "admin" | "leadA", id: string, password: string) =>
    world.inject({ method: "POST", url: `/api/v1/people/${id}/password`, as, payload: { password } });

  it("is for admins only, not for their own (that is /me/password), and checks the password", async () => {
    expect((await setPassword("leadA", world.people.agentB.id, NEW_PASSWORD)).statusCode).toBe(403);
    expect((await setPassword("admin", world.people.admin.id, NEW_PASSWORD)).statusCode).toBe(409);
    expect((await setPassword("admin", world.people.agentB.id, "short")).statusCode).toBe(400);
    expect(
      (await setPassword("admin", "7b0e5a52-3a3b-4d0a-9c8e-2f1d2b3c4d5e", NEW_PASSWORD)).statusCode,
    ).toBe(404);
    expect((await signIn(world.people.agentB.email, PASSWORD)).status).toBe(200);
  });

  it("sets it and signs them out everywhere", async () => {
    const theirs = (await signIn(world.people.agentB.email, PASSWORD)).cookie ?? "";
    const r = await setPassword("admin", world.people.agentB.id, NEW_PASSWORD);
    expect(r.statusCode).toBe(200);
    expect((await me(theirs)).statusCode).toBe(401);
    expect((await signIn(world.people.agentB.email, PASSWORD)).status).toBe(401);
    expect((await signIn(world.people.agentB.email, NEW_PASSWORD)).status).toBe(200);
    expect(await auditOf("person.password_reset", world.people.agentB.id)).toHaveLength(1);
  });
});

describe("deactivating someone who left (PATCH /people/:id { active })", () => {
  const patch = (as: "admin" | "leadA", id: string, payload: Record<string, unknown>) =>
    world.inject({ method: "PATCH", url: `/api/v1/people/${id}`, as, payload });

  it("signs them out, stops their API tokens, keeps them out of routing, and reactivates", async () => {
    const peer = world.people.peerA;
    const session = (await signIn(peer.email, PASSWORD)).cookie ?? "";
    const token = await world.token("peerA", ["ingest", "api"]);
    expect((await patch("leadA", peer.id, { active: false })).statusCode).toBe(403);
    const r = await patch("admin", peer.id, { active: false });
    expect(r.statusCode).toBe(200);
    expect(r.json().person).toMatchObject({ active: false, availability: "offline" });
    expect((await me(session)).statusCode).toBe(401);
    const withToken = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/conversations",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(withToken.statusCode).toBe(401);
    // The right password is told why; a wrong one learns nothing.
    const right = await signIn(peer.email, PASSWORD);
    expect([right.status, right.message]).toEqual([
      403,
      "This account has been deactivated; ask an admin of your team",
    ]);
    expect((await signIn(peer.email, "a wrong password")).message).toBe("E-mail or password is wrong");
    const candidates = await findHelperCandidates(world.store, { orgId: world.orgId, teamId: world.teams.a });
    expect(candidates.map((c) => c.personId)).not.toContain(peer.id);
    // Nobody can hand them a conversation, and they cannot set themselves available.
    const people = await world.inject({ method: "GET", url: "/api/v1/people", as: "admin" });
    expect(people.json().people.find((p: { id: string }) => p.id === peer.id)).toMatchObject({
      active: false,
    });
    expect(await auditOf("person.deactivated", peer.id)).toHaveLength(1);
    // A second deactivation changes nothing more.
    expect((await patch("admin", peer.id, { active: false })).statusCode).toBe(200);
    expect(await auditOf("person.deactivated", peer.id)).toHaveLength(1);

    const back = await patch("admin", peer.id, { active: true });
    expect(back.json().person).toMatchObject({ active: true });
    expect((await signIn(peer.email, PASSWORD)).status).toBe(200);
    const again = await findHelperCandidates(world.store, { orgId: world.orgId, teamId: world.teams.a });
    expect(again.map((c) => c.personId)).toContain(peer.id);
    expect(await auditOf("person.reactivated", peer.id)).toHaveLength(1);
  });

  it("refuses to deactivate oneself or the last active admin, or to demote the last admin", async () => {
    const self = await patch("admin", world.people.admin.id, { active: false });
    expect([self.statusCode, self.json().error.message]).toEqual([409, "You cannot deactivate yourself"]);
    const demote = await patch("admin", world.people.admin.id, { role: "lead" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.message).toMatch(/last active admin/);
    expect((await me(await world.cookie("admin"))).json().me.role).toBe("admin");
  });

  it("refuses while a team's escalation protocol names them, and a protocol may not name them after", async () => {
    const lead = world.people.leadB;
    const protocol = (levels: unknown[]) =>
      world.inject({
        method: "PUT",
        url: `/api/v1/teams/${world.teams.b}/escalation-protocol`,
        as: "admin",
        payload: { levels, autoEscalate: true },
      });
    const named = [{ target: "person", personId: lead.id, acknowledgeWithinMs: 60_000 }];
    expect((await protocol(named)).statusCode).toBe(200);
    const refused = await patch("admin", lead.id, { active: false });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      "Liam Lead is named in the escalation protocol of Team B; change it first",
    );
    expect(
      (await protocol([{ target: "lead", personId: null, acknowledgeWithinMs: 60_000 }])).statusCode,
    ).toBe(200);
    expect((await patch("admin", lead.id, { active: false })).statusCode).toBe(200);
    const bad = await protocol([
      { target: "lead", personId: null, acknowledgeWithinMs: 60_000 },
      { target: "person", personId: lead.id, acknowledgeWithinMs: 60_000 },
      { target: "person", personId: null, acknowledgeWithinMs: 60_000 },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.issues.map((i: { path: (string | number)[]; message: string }) => [
          i.path.join("."),
          i.message,
        ]),
    ).toEqual([
      ["body.levels.1.personId", "is not an active person of this organisation"],
      ["body.levels.2.personId", "must name the person this level asks"],
    ]);
    expect((await patch("admin", lead.id, { active: true })).statusCode).toBe(200);
  });

  it("a conversation cannot be transferred to them", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const posted = await world.postMessages(token, {
      senderMessageId: "acc-transfer-1",
      conversationId: "acc-transfer",
      teamId: world.teams.a,
      role: "customer",
      text: "Hello, is anyone there?",
    });
    const id = posted.json().results[0].conversationId as string;
    expect((await patch("admin", world.people.peer2A.id, { active: false })).statusCode).toBe(200);
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/transfer`,
      as: "leadA",
      payload: { toPersonId: world.people.peer2A.id },
    });
    expect([r.statusCode, r.json().error.message]).toEqual([409, "Paul Peer is deactivated"]);
    expect((await patch("admin", world.people.peer2A.id, { active: true })).statusCode).toBe(200);
  });
});

describe("alerts held by someone deactivated", () => {
  /**
   * An open alert in team A about agentA's conversation, held by peerA, that any teammate could
   * take (the engine's own alerts on a hard conversation often need a lead, and team A has one).
   */
  async function struggle(conversationId: string) {
    const token = await world.token("admin", ["ingest"]);
    const r = await world.postMessages(
      token,
      message({ teamId: world.teams.a, conversationId, role: "customer", text: "Where is my parcel?" }),
    );
    const alert = await raiseAlert(world.store, {
      orgId: world.orgId,
      teamId: world.teams.a,
      conversationId: r.json().results[0].conversationId as string,
      agentPersonId: world.people.agentA.id,
      helperPersonId: world.people.peerA.id,
      reasons: ["customer_frustrated"],
      rung: "signal",
      risk: 0.6,
      why: "the customer is asking a third time",
    });
    await world.store.query("UPDATE people SET current_load = current_load + 1 WHERE id = $1", [
      world.people.peerA.id,
    ]);
    return { alertId: alert.id, helper: world.people.peerA.id };
  }
  const loadOf = async (personId: string) =>
    Number(
      (await world.store.query("SELECT current_load FROM people WHERE id = $1", [personId]))[0]?.current_load,
    );
  const patch = (id: string, payload: Record<string, unknown>) =>
    world.inject({ method: "PATCH", url: `/api/v1/people/${id}`, as: "admin", payload });

  it("go to the next best-placed teammate, who is told", async () => {
    const { alertId, helper } = await struggle("acc-reroute");
    const load = await loadOf(helper);
    try {
      expect((await patch(helper, { active: false })).statusCode).toBe(200);
      const alert = await findAlertById(world.store, world.orgId, alertId);
      expect(alert?.state).toBe("raised");
      expect([helper, world.people.agentA.id]).not.toContain(alert?.helperPersonId);
      expect(alert?.routing).toMatch(/was deactivated/);
      expect(await loadOf(helper)).toBe(load - 1);
      const told = await world.store.query(
        "SELECT type, person_id FROM events WHERE type IN ('alert.rerouted', 'alert.raised') AND payload->>'alertId' = $1 ORDER BY id",
        [alertId],
      );
      // The helper who went hears it, and so does everyone else who may read it (the rooms' copy).
      expect(told.slice(-3)).toEqual([
        { type: "alert.rerouted", person_id: helper },
        { type: "alert.rerouted", person_id: null },
        { type: "alert.raised", person_id: alert?.helperPersonId },
      ]);
    } finally {
      await patch(helper, { active: true });
    }
  });

  it("move on when their helper goes away or offline, unless acknowledged", async () => {
    world.forgetSession("peerA");
    // Earlier tests deactivated and brought back both, which leaves them offline.
    for (const p of [world.people.leadA, world.people.peerA])
      expect((await patch(p.id, { availability: "available" })).statusCode).toBe(200);
    const first = await struggle("acc-away-1");
    const second = await struggle("acc-away-2");
    const helper = first.helper;
    // They are on the second one already.
    const ack = await world.inject({
      method: "POST",
      url: `/api/v1/alerts/${second.alertId}/acknowledge`,
      as: "peerA",
      payload: {},
    });
    expect(ack.statusCode).toBe(200);
    try {
      // Their own availability, set from the sidebar.
      const away = await world.inject({
        method: "PATCH",
        url: `/api/v1/people/${helper}`,
        as: "peerA",
        payload: { availability: "away" },
      });
      expect(away.statusCode).toBe(200);
      const moved = await findAlertById(world.store, world.orgId, first.alertId);
      expect(moved?.state).toBe("raised");
      expect([helper, world.people.agentA.id]).not.toContain(moved?.helperPersonId);
      expect(moved?.routing).toMatch(/Petra Peer is away/);
      expect((await findAlertById(world.store, world.orgId, second.alertId))?.helperPersonId).toBe(helper);
      expect((await auditOf("alert.rerouted", first.alertId))[0]?.details).toMatchObject({
        from: helper,
        to: moved?.helperPersonId,
        why: "Petra Peer is away",
      });
    } finally {
      await patch(helper, { availability: "available" });
    }
  });

  it("expire, saying why, when nobody else in the team is free", async () => {
    const { alertId, helper } = await struggle("acc-nobody");
    const others = [world.people.leadA, world.people.peerA, world.people.peer2A].filter(
      (p) => p.id !== helper,
    );
    for (const p of others) expect((await patch(p.id, { availability: "away" })).statusCode).toBe(200);
    try {
      expect((await patch(helper, { active: false })).statusCode).toBe(200);
      expect((await findAlertById(world.store, world.orgId, alertId))?.state).toBe("expired");
      expect((await auditOf("alert.expired", alertId))[0]?.details).toEqual({
        why: "its helper was deactivated and nobody else in the team was free",
      });
    } finally {
      for (const p of others) await patch(p.id, { availability: "available" });
      await patch(helper, { active: true });
    }
  });
});

describe("what waits on someone deactivated", () => {
  const patch = (id: string, payload: Record<string, unknown>) =>
    world.inject({ method: "PATCH", url: `/api/v1/people/${id}`, as: "admin", payload });
  /** A conversation of agentA's in team A (an agent's line names them). */
  async function conversationOfAgentA(conversationId: string): Promise<string> {
    const token = await world.token("admin", ["ingest"]);
    await world.postMessages(
      token,
      message({ teamId: world.teams.a, conversationId, role: "customer", text: "I want a refund now." }),
    );
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId,
        role: "agent",
        author: world.people.agentA.email,
        text: "Let me check that for you.",
      }),
    );
    expect(r.statusCode).toBe(200);
    return r.json().results[0].conversationId as string;
  }
  const eventsAbout = (interventionId: string) =>
    world.store.query(
      "SELECT type, person_id FROM events WHERE payload->>'interventionId' = $1 ORDER BY id",
      [interventionId],
    );

  it("an escalation they were asked to take goes to the protocol's next level at once", async () => {
    const id = await conversationOfAgentA("acc-escalation");
    const escalated = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/escalate`,
      as: "agentA",
      payload: { reason: "The customer asks for a manager" },
    });
    expect(escalated.statusCode).toBe(201);
    const escalation = escalated.json().intervention as { id: string; toId: string };
    // Team A's only lead is asked first (the default protocol: leads, then admins).
    expect(escalation.toId).toBe(world.people.leadA.id);
    try {
      expect((await patch(world.people.leadA.id, { active: false })).statusCode).toBe(200);
      const queue = await world.inject({
        method: "GET",
        url: `/api/v1/interventions?scope=team&kind=escalation&teamId=${world.teams.a}`,
        as: "admin",
      });
      const now = queue.json().interventions.find((i: { id: string }) => i.id === escalation.id);
      // No other lead in team A: the admins' level asks its admin, who is told, and the team's
      // leads and the admins see whom it waits on now (the rooms' copy, no person).
      expect(now).toMatchObject({ status: "offered", toId: world.people.admin.id });
      expect((await eventsAbout(escalation.id)).slice(-2)).toEqual([
        { type: "escalation.raised", person_id: world.people.admin.id },
        { type: "escalation.raised", person_id: null },
      ]);
      expect((await auditOf("escalation.reassigned", escalation.id))[0]?.details).toEqual({
        why: "Lena Lead was deactivated",
        fromPersonId: world.people.leadA.id,
        toPersonId: world.people.admin.id,
        level: 1,
      });
      const ack = await world.inject({
        method: "POST",
        url: `/api/v1/interventions/${escalation.id}/acknowledge`,
        as: "admin",
        payload: {},
      });
      expect(ack.statusCode).toBe(200);
    } finally {
      await patch(world.people.leadA.id, { active: true });
      world.forgetSession("leadA");
    }
  });

  it("a takeover offer they made is withdrawn, saying why, and the agent is told", async () => {
    world.forgetSession("peerA");
    const id = await conversationOfAgentA("acc-offer");
    const offered = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${id}/step-in`,
      as: "peerA",
      payload: { kind: "takeover_offer" },
    });
    expect(offered.statusCode).toBe(201);
    const offerId = offered.json().intervention.id as string;
    try {
      expect((await patch(world.people.peerA.id, { active: false })).statusCode).toBe(200);
      const history = await world.inject({
        method: "GET",
        url: `/api/v1/interventions?scope=team&teamId=${world.teams.a}&status=all`,
        as: "leadA",
      });
      expect(history.json().interventions.find((i: { id: string }) => i.id === offerId)).toMatchObject({
        status: "withdrawn",
        withdrawnReason: "person_deactivated",
      });
      expect((await eventsAbout(offerId)).slice(-1)).toEqual([
        { type: "intervention.withdrawn", person_id: world.people.agentA.id },
      ]);
      expect((await auditOf("intervention.withdrawn", offerId))[0]?.details).toEqual({
        kind: "takeover_offer",
        why: "Petra Peer was deactivated",
        personId: world.people.peerA.id,
      });
      // Nothing is left for the agent to accept.
      const accept = await world.inject({
        method: "POST",
        url: `/api/v1/interventions/${offerId}/accept`,
        as: "agentA",
        payload: {},
      });
      expect(accept.statusCode).toBe(409);
    } finally {
      await patch(world.people.peerA.id, { active: true });
      world.forgetSession("peerA");
    }
  });
  it("their open conversations wait for the next agent, who takes one by writing in it; none is handed to them", async () => {
    const id = await conversationOfAgentA("acc-unassign");
    const token = await world.token("admin", ["ingest"]);
    const promised = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: "acc-unassign",
        role: "agent",
        author: world.people.agentA.email,
        text: "I'll email you the refund confirmation by tomorrow at noon.",
      }),
    );
    expect(promised.statusCode).toBe(200);
    // An earlier promise in it fell due unkept: missed, and still owed to the customer.
    await world.store.query(
      `INSERT INTO commitments (org_id, conversation_id, person_id, text, due_at, status, created_at)
       SELECT org_id, id, $2, 'I will call you back this morning.', now() - interval '1 hour', 'missed',
         now() - interval '3 hours'
       FROM conversations WHERE id = $1`,
      [id, world.people.agentA.id],
    );
    const owners = () =>
      world.store.query(
        "SELECT person_id, status FROM commitments WHERE conversation_id = $1 AND status IN ('open', 'missed') ORDER BY status DESC",
        [id],
      );
    expect(await owners()).toEqual([
      { person_id: world.people.agentA.id, status: "open" },
      { person_id: world.people.agentA.id, status: "missed" },
    ]);
    const conversation = () =>
      world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" });
    expect((await conversation()).json().conversation.agentId).toBe(world.people.agentA.id);
    try {
      expect((await patch(world.people.agentA.id, { active: false })).statusCode).toBe(200);
      expect((await conversation()).json().conversation.agentId).toBeNull();
      const [unassignedEntry] = await auditOf("conversation.unassigned", id);
      expect(unassignedEntry?.details).toEqual({
        why: "Aaron Agent was deactivated",
        personId: world.people.agentA.id,
      });
      // The log reads cause before consequence.
      const deactivated = await auditOf("person.deactivated", world.people.agentA.id);
      expect(Number(deactivated.at(-1)?.id)).toBeLessThan(Number(unassignedEntry?.id));
      const told = await world.store.query(
        "SELECT team_id FROM events WHERE type = 'conversation.transferred' AND conversation_id = $1",
        [id],
      );
      expect(told).toEqual([{ team_id: world.teams.a }]);
      // The promises they made the customer are the team's to keep, the missed one too: they go to
      // team A's lead.
      expect(await owners()).toEqual([
        { person_id: world.people.leadA.id, status: "open" },
        { person_id: world.people.leadA.id, status: "missed" },
      ]);
      const [handed] = await auditOf("commitment.handed_over", id);
      expect(handed?.details).toMatchObject({
        why: "Aaron Agent was deactivated",
        toPersonId: world.people.leadA.id,
      });
      // A helpdesk that still names them hands them nothing: not this one, nor a new one.
      for (const conversationId of ["acc-unassign", "acc-unassign-new"]) {
        const named = await world.postMessages(
          token,
          message({
            teamId: world.teams.a,
            conversationId,
            role: "agent",
            author: world.people.agentA.email,
            text: "Sorry, one more thing.",
          }),
        );
        expect(named.statusCode).toBe(200);
        const cid = named.json().results[0].conversationId as string;
        const got = await world.inject({ method: "GET", url: `/api/v1/conversations/${cid}`, as: "leadA" });
        expect([conversationId, got.json().conversation.agentId]).toEqual([conversationId, null]);
      }
      const reply = await world.postMessages(
        token,
        message({
          teamId: world.teams.a,
          conversationId: "acc-unassign",
          role: "agent",
          author: world.people.peerA.email,
          text: "Hi, I'm picking this up for my colleague.",
        }),
      );
      expect(reply.statusCode).toBe(200);
      expect((await conversation()).json().conversation.agentId).toBe(world.people.peerA.id);
    } finally {
      await patch(world.people.agentA.id, { active: true });
      world.forgetSession("agentA");
    }
  });
});

describe("an open WebSocket whose sign-in no longer holds", () => {
  it("is closed with 4401 at the next heartbeat once its session was ended (ended with no word to the sockets, as one that expires); others stay", async () => {
    const person = world.people.agentA;
    const theirs = await openSocket(wsUrl, { cookie: (await signIn(person.email, PASSWORD)).cookie ?? "" });
    const lead = await openSocket(wsUrl, {
      cookie: (await signIn(world.people.leadA.email, PASSWORD)).cookie ?? "",
    });
    for (const socket of [theirs, lead]) {
      socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION });
      await socket.next(isType("welcome"));
    }
    // Ended in the store, with no announcement: what the heartbeat's check is for (a session that
    // expires). Sign-outs, password resets, revoked tokens and deactivation close sockets at once
    // (test/server/accessChanges.test.ts).
    expect(
      await revokeSessionsForPerson(world.store, { orgId: world.orgId, personId: person.id }),
    ).toBeGreaterThan(0);
    const pingsBefore = lead.frames.filter(isType("ping")).length;
    lead.send({ type: "pong", at: 0 });
    expect(await theirs.closed).toEqual({ code: 4401, reason: "signed out" });
    expect(theirs.frames.find(isType("error"))).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    // The lead's socket was checked at the same heartbeat and kept.
    await lead.waitFor((f) => f.type === "ping" && lead.frames.filter(isType("ping")).length > pingsBefore);
    expect(lead.frames.find(isType("error"))).toBeUndefined();
    lead.close();
    world.forgetSession("agentA");
  }, 20_000);
});

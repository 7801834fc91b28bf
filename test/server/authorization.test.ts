import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  appendEvents,
  createKnowledgeFact,
  createSession,
  generateToken,
  hashToken,
  findOrCreateConversation,
  recordDeliveryFailure,
  recordMalfunctionReports,
} from "../../src/store/index.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";
import { LIVE_SERVICE_TAGS, routesTagged, sendAs, expectEachCaller } from "./routeMatrix.ts";

/*
 * The authorization matrix: every route × every role, against team A's data, with team B's people
 * as "another team". A denial is 401 (anonymous), 403 (role or scope) or 404 (another team's data,
 * which must look like nothing). Anything else means the request got past authorization.
 */

type Who = "anon" | "ingestToken" | "agentA" | "peerA" | "leadA" | "admin" | "agentB" | "leadB";
const EVERYONE: Who[] = ["anon", "ingestToken", "agentA", "peerA", "leadA", "admin", "agentB", "leadB"];
const PEOPLE: Who[] = ["agentA", "peerA", "leadA", "admin", "agentB", "leadB"];
type Outcome = "allowed" | 401 | 403 | 404;

let world: World;
let ingestToken: string;
const ids: Record<string, string> = {};
/** A language model that always drafts the same line, so the draft route answers past authorization. */
let llm: Server;

beforeAll(async () => {
  llm = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ choices: [{ message: { role: "assistant", content: "Acknowledge the wait." } }] }),
      );
    });
  });
  await new Promise<void>((resolve) => llm.listen(0, "127.0.0.1", resolve));
  world = await createWorld({
    env: {
      TAGTEAM_LLM_URL: `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`,
      TAGTEAM_LLM_MODEL: "authz-model",
    },
  });
  ingestToken = await world.token("agentA", ["ingest"]);
  const lead = await world.token("leadA", ["ingest"]);
  ids.leadToken = lead;
  const lines = [
    { role: "customer", text: "My refund never came and I already told you twice!", author: "Nia" },
    {
      role: "agent",
      text: "Sorry, sorry, it's not my fault, billing messed up.",
      author: world.people.agentA.email,
    },
    { role: "customer", text: "You are useless. Get me a manager or I'm calling my lawyer." },
  ];
  for (const [i, line] of lines.entries()) {
    const r = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${lead}` },
      payload: message({
        teamId: world.teams.a,
        conversationId: "authz-conv",
        senderMessageId: `authz-${i}`,
        ...line,
      }),
    });
    ids.conversation = r.json().results[0].conversationId;
    ids.alert = r.json().results[0].alertId ?? ids.alert;
  }
  const offer = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${ids.conversation}/step-in`,
    as: "peerA",
    payload: { kind: "takeover_offer" },
  });
  ids.offer = offer.json().intervention.id;
  const escalation = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${ids.conversation}/escalate`,
    as: "peerA",
    payload: { reason: "x" },
  });
  ids.escalation = escalation.json().intervention.id;
  const teams = await world.inject({ method: "GET", url: "/api/v1/teams", as: "agentA" });
  ids.chatKey = teams.json().teams[0].chatKey;
  const chat = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/chat/conversations",
    payload: { chatKey: ids.chatKey },
  });
  ids.chatToken = chat.json().token;
  // A conversation of team A only the erase case uses (the admin's request erases it).
  const { conversation: toErase } = await findOrCreateConversation(world.store, {
    orgId: world.orgId,
    teamId: world.teams.a,
    channel: "chat",
    externalId: "authz-erase",
  });
  ids.toErase = toErase.id;
  // An incident in team A (recorded through the store: the surge itself is tested in incidents.test.ts).
  const { conversation: second } = await findOrCreateConversation(world.store, {
    orgId: world.orgId,
    teamId: world.teams.a,
    channel: "chat",
    externalId: "authz-incident",
  });
  const { opened } = await world.store.transaction((tx) =>
    recordMalfunctionReports(
      tx,
      [ids.conversation as string, second.id].map((conversationId) => ({
        orgId: world.orgId,
        teamId: world.teams.a,
        conversationId,
        messageId: randomUUID(),
        term: "checkout",
        label: "checkout",
        phrase: "checkout keeps failing",
        reportedAt: Date.now(),
      })),
      Date.now(),
      { threshold: 2, windowMs: 60_000 },
    ),
  );
  ids.incident = opened[0]?.id ?? "";
  // A dead letter of this organisation's (no integration is configured here: a retry is refused
  // with INVALID_STATE, past authorization).
  const [event] = await appendEvents(world.store, [
    { orgId: world.orgId, teamId: world.teams.a, type: "escalation.raised" },
  ]);
  ids.deadLetter = (
    await recordDeliveryFailure(world.store, {
      orgId: world.orgId,
      processor: "alert-webhook",
      eventId: event?.id ?? 0,
      attempts: 8,
      lastError: "alert webhook answered 503",
    })
  ).id;
});
afterAll(async () => {
  await world?.close();
  llm?.closeAllConnections();
  await new Promise((resolve) => llm?.close(resolve));
});

/** A new open incident in team A, reported by two new conversations. */
async function freshIncident(): Promise<string> {
  const label = `thing${randomUUID().slice(0, 8)}`;
  const conversations: string[] = [];
  for (let i = 0; i < 2; i++) {
    const { conversation } = await findOrCreateConversation(world.store, {
      orgId: world.orgId,
      teamId: world.teams.a,
      channel: "chat",
      externalId: `authz-${label}-${i}`,
    });
    conversations.push(conversation.id);
  }
  const { opened } = await world.store.transaction((tx) =>
    recordMalfunctionReports(
      tx,
      conversations.map((conversationId) => ({
        orgId: world.orgId,
        teamId: world.teams.a,
        conversationId,
        messageId: randomUUID(),
        term: label,
        label,
        phrase: `${label} keeps failing`,
        reportedAt: Date.now(),
      })),
      Date.now(),
      { threshold: 2, windowMs: 60_000 },
    ),
  );
  return opened[0]?.id ?? "";
}

/** A new sign-in link for peer2A (nobody's identity in this matrix), as the admin makes one. */
async function freshSignInToken(): Promise<string> {
  const r = await world.inject({
    method: "POST",
    url: `/api/v1/people/${world.people.peer2A.id}/sign-in-link`,
    as: "admin",
  });
  return String(r.json().signInLink.path).replace("/welcome/", "");
}

async function helperOfAlert(): Promise<string | null> {
  const r = await world.inject({ method: "GET", url: `/api/v1/alerts/${ids.alert}`, as: "admin" });
  return r.json().alert.helperId as string | null;
}

interface Req {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  payload?: Record<string, unknown>;
}

/** The conversation's current agent (takeovers and transfers move it). */
async function currentAgent(): Promise<Who | null> {
  const r = await world.inject({
    method: "GET",
    url: `/api/v1/conversations/${ids.conversation}`,
    as: "admin",
  });
  const agentId = r.json().conversation.agentId as string | null;
  const entry = Object.entries(world.people).find(([, p]) => p.id === agentId);
  return (entry?.[0] as Who | undefined) ?? null;
}
const agentOrLead = async (who: Who): Promise<Outcome> => {
  const agent = await currentAgent();
  return teamA(["leadA", "admin", ...(agent !== null ? [agent] : [])])(who);
};

interface Case {
  route: string;
  request: () => Req | Promise<Req>;
  expect: (who: Who) => Outcome | Promise<Outcome>;
}

const onlyPeople =
  (allowed: Who[], elseOutcome: Outcome = 403) =>
  (who: Who): Outcome =>
    who === "anon" ? 401 : who === "ingestToken" ? 403 : allowed.includes(who) ? "allowed" : elseOutcome;
/** Team A's data: team A members and admins; team B's people see nothing (404). */
const teamA =
  (allowedInA: Who[] = ["agentA", "peerA", "leadA", "admin"]) =>
  (who: Who): Outcome =>
    who === "anon"
      ? 401
      : who === "ingestToken"
        ? 403
        : who === "agentB" || who === "leadB"
          ? 404
          : allowedInA.includes(who)
            ? "allowed"
            : 403;
const helperOrLead =
  (agentOutcome: Outcome) =>
  async (who: Who): Promise<Outcome> => {
    const base = teamA(["leadA", "admin"])(who);
    if (who === "agentA" && base !== 401) return agentOutcome;
    if (base === 403 && who !== "ingestToken" && world.people[who as "peerA"].id === (await helperOfAlert()))
      return "allowed";
    return base;
  };

const cases: Case[] = [
  {
    route: "POST /api/v1/auth/login",
    request: () => ({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "lead.a@example.com", password: PASSWORD },
    }),
    expect: () => "allowed",
  },
  {
    route: "GET /api/v1/me",
    request: () => ({ method: "GET", url: "/api/v1/me" }),
    expect: onlyPeople(PEOPLE),
  },
  {
    // A wrong current password: 400 once past authorization, and nothing changes.
    route: "POST /api/v1/me/password",
    request: () => ({
      method: "POST",
      url: "/api/v1/me/password",
      payload: { currentPassword: "not the password", newPassword: "another long password" },
    }),
    expect: onlyPeople(PEOPLE),
  },
  {
    route: "GET /api/v1/me/sessions",
    request: () => ({ method: "GET", url: "/api/v1/me/sessions" }),
    expect: onlyPeople(PEOPLE),
  },
  {
    // A fresh session of agentA's each time: only agentA may end it; anyone else's is 404.
    route: "DELETE /api/v1/me/sessions/:id",
    request: async () => {
      const session = await createSession(world.store, {
        orgId: world.orgId,
        personId: world.people.agentA.id,
        tokenHash: hashToken(generateToken()),
        expiresAt: Date.now() + 3_600_000,
      });
      return { method: "DELETE", url: `/api/v1/me/sessions/${session.id}` };
    },
    expect: onlyPeople(["agentA"], 404),
  },
  {
    // Each caller's own other sessions; the matrix signs each person in once, so none of its own.
    route: "POST /api/v1/me/sessions/revoke-others",
    request: () => ({ method: "POST", url: "/api/v1/me/sessions/revoke-others" }),
    expect: onlyPeople(PEOPLE),
  },
  {
    // peer2A is nobody's identity in this matrix, so resetting theirs signs no caller out.
    route: "POST /api/v1/people/:id/password",
    request: () => ({
      method: "POST",
      url: `/api/v1/people/${world.people.peer2A.id}/password`,
      payload: { password: "a new long password" },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "POST /api/v1/people/:id/sign-in-link",
    request: () => ({ method: "POST", url: `/api/v1/people/${world.people.peer2A.id}/sign-in-link` }),
    expect: onlyPeople(["admin"]),
  },
  {
    // The link's token is the credential, whoever holds it: a fresh link for peer2A each time.
    route: "GET /api/v1/sign-in-links/:token",
    request: async () => ({ method: "GET", url: `/api/v1/sign-in-links/${await freshSignInToken()}` }),
    expect: () => "allowed",
  },
  {
    route: "POST /api/v1/sign-in-links/:token",
    request: async () => ({
      method: "POST",
      url: `/api/v1/sign-in-links/${await freshSignInToken()}`,
      payload: { password: "a password of their own" },
    }),
    expect: () => "allowed",
  },
  {
    route: "GET /api/v1/teams",
    request: () => ({ method: "GET", url: "/api/v1/teams" }),
    expect: onlyPeople(PEOPLE),
  },
  {
    route: "POST /api/v1/teams",
    request: () => ({ method: "POST", url: "/api/v1/teams", payload: { name: `T ${Math.random()}` } }),
    expect: onlyPeople(["admin"]),
  },
  {
    // Renamed to a fresh name each time, so each role's answer is about permission.
    route: "PATCH /api/v1/teams/:id",
    request: () => ({
      method: "PATCH",
      url: `/api/v1/teams/${world.teams.a}`,
      payload: { name: `Team A ${Math.random().toString(36).slice(2)}` },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "PATCH /api/v1/organisation",
    request: () => ({
      method: "PATCH",
      url: "/api/v1/organisation",
      payload: { name: `Org ${Math.random().toString(36).slice(2)}` },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/people",
    request: () => ({ method: "GET", url: `/api/v1/people?teamId=${world.teams.a}` }),
    expect: teamA(),
  },
  {
    route: "POST /api/v1/people",
    request: () => ({
      method: "POST",
      url: "/api/v1/people",
      payload: {
        email: `n${Math.random().toString(36).slice(2)}@example.com`,
        name: "N",
        role: "agent",
        password: PASSWORD,
      },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "PATCH /api/v1/people/:id",
    request: () => ({
      method: "PATCH",
      url: `/api/v1/people/${world.people.peerA.id}`,
      payload: { name: "Petra P." },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/tokens",
    request: () => ({ method: "GET", url: "/api/v1/tokens" }),
    expect: onlyPeople(PEOPLE),
  },
  {
    route: "POST /api/v1/tokens",
    request: () => ({ method: "POST", url: "/api/v1/tokens", payload: { name: "mine" } }),
    expect: onlyPeople(PEOPLE),
  },
  {
    route: "DELETE /api/v1/tokens/:id",
    // A fresh token each time: the first allowed caller revokes it.
    request: async () => {
      const spare = await world.inject({
        method: "POST",
        url: "/api/v1/tokens",
        as: "agentA",
        payload: { name: "to revoke" },
      });
      return { method: "DELETE" as const, url: `/api/v1/tokens/${spare.json().token.id}` };
    },
    expect: (who) =>
      who === "anon"
        ? 401
        : who === "ingestToken"
          ? 403
          : who === "agentA" || who === "admin"
            ? "allowed"
            : 404,
  },
  {
    route: "GET /api/v1/knowledge/facts",
    request: () => ({ method: "GET", url: `/api/v1/knowledge/facts?teamId=${world.teams.a}` }),
    expect: teamA(),
  },
  {
    route: "POST /api/v1/knowledge/facts",
    request: () => ({
      method: "POST",
      url: "/api/v1/knowledge/facts",
      payload: {
        teamId: world.teams.a,
        statement: "Gift cards never expire.",
        key: "gift_card_expiry",
        value: false,
      },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "PATCH /api/v1/knowledge/facts/:id",
    request: async () => {
      const fact = await createKnowledgeFact(world.store, {
        orgId: world.orgId,
        teamId: world.teams.a,
        statement: "Store credit lasts a year.",
        value: 365,
        status: "published",
      });
      return { method: "PATCH" as const, url: `/api/v1/knowledge/facts/${fact.id}`, payload: { value: 400 } };
    },
    expect: onlyPeople(["admin"]),
  },
  {
    route: "DELETE /api/v1/knowledge/facts/:id",
    // A fresh fact per caller, so each role's answer is about permission, not a fact already gone.
    request: async () => {
      const fact = await createKnowledgeFact(world.store, {
        orgId: world.orgId,
        teamId: world.teams.a,
        statement: "Vouchers last a year.",
        value: 365,
        status: "published",
      });
      return { method: "DELETE" as const, url: `/api/v1/knowledge/facts/${fact.id}` };
    },
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/teams/:id/engine-settings",
    request: () => ({ method: "GET", url: `/api/v1/teams/${world.teams.a}/engine-settings` }),
    expect: teamA(["leadA", "admin"]),
  },
  {
    route: "PUT /api/v1/teams/:id/engine-settings",
    request: () => ({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.a}/engine-settings`,
      payload: { overrides: { thresholds: { frustrationHigh: 0.6 } } },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/teams/:id/escalation-protocol",
    request: () => ({ method: "GET", url: `/api/v1/teams/${world.teams.a}/escalation-protocol` }),
    expect: teamA(["leadA", "admin"]),
  },
  {
    route: "PUT /api/v1/teams/:id/escalation-protocol",
    request: () => ({
      method: "PUT",
      url: `/api/v1/teams/${world.teams.a}/escalation-protocol`,
      payload: {
        levels: [{ target: "lead", personId: null, acknowledgeWithinMs: 60000 }],
        autoEscalate: true,
      },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/conversations",
    request: () => ({ method: "GET", url: `/api/v1/conversations?teamId=${world.teams.a}` }),
    expect: teamA(),
  },
  {
    route: "GET /api/v1/conversations/:id",
    request: () => ({ method: "GET", url: `/api/v1/conversations/${ids.conversation}` }),
    expect: teamA(),
  },
  {
    route: "POST /api/v1/conversations/:id/messages",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/messages`,
      payload: { text: "Let me check that." },
    }),
    expect: teamA(),
  },
  {
    route: "GET /api/v1/commitments",
    request: () => ({ method: "GET", url: "/api/v1/commitments" }),
    expect: onlyPeople(PEOPLE),
  },
  {
    route: "GET /api/v1/alerts",
    // Named by id too (the page-load close of desktop notifications): the same roles may read them.
    request: () => ({
      method: "GET",
      url: `/api/v1/alerts?scope=team&teamId=${world.teams.a}&ids=${ids.alert}`,
    }),
    expect: teamA(["leadA", "admin"]),
  },
  {
    route: "GET /api/v1/alerts/:id",
    request: () => ({ method: "GET", url: `/api/v1/alerts/${ids.alert}` }),
    expect: async (who) => (who === "agentA" ? 404 : teamA()(who)),
  },
  {
    route: "POST /api/v1/alerts/:id/acknowledge",
    request: () => ({ method: "POST", url: `/api/v1/alerts/${ids.alert}/acknowledge` }),
    expect: helperOrLead(404),
  },
  {
    route: "POST /api/v1/alerts/:id/reroute",
    request: () => ({ method: "POST", url: `/api/v1/alerts/${ids.alert}/reroute`, payload: {} }),
    expect: helperOrLead(404),
  },
  {
    route: "POST /api/v1/alerts/:id/dismiss",
    request: () => ({
      method: "POST",
      url: `/api/v1/alerts/${ids.alert}/dismiss`,
      payload: { reason: "handled" },
    }),
    expect: helperOrLead(404),
  },
  {
    route: "POST /api/v1/conversations/:id/step-in",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/step-in`,
      payload: { kind: "signal" },
    }),
    expect: teamA(["peerA", "leadA", "admin"]),
  },
  {
    route: "GET /api/v1/llm",
    request: () => ({ method: "GET", url: "/api/v1/llm" }),
    expect: onlyPeople(PEOPLE),
  },
  {
    // The same rules as a whisper: team A's people other than the conversation's current agent.
    route: "POST /api/v1/conversations/:id/whisper-draft",
    request: () => ({ method: "POST", url: `/api/v1/conversations/${ids.conversation}/whisper-draft` }),
    expect: async (who) => {
      const agent = await currentAgent();
      return teamA((["agentA", "peerA", "leadA", "admin"] as Who[]).filter((w) => w !== agent))(who);
    },
  },
  {
    route: "POST /api/v1/interventions/:id/decline",
    request: () => ({ method: "POST", url: `/api/v1/interventions/${ids.offer}/decline`, payload: {} }),
    expect: (who) => (who === "admin" ? 403 : teamA(["agentA"])(who)),
  },
  {
    route: "POST /api/v1/interventions/:id/accept",
    request: () => ({ method: "POST", url: `/api/v1/interventions/${ids.offer}/accept`, payload: {} }),
    expect: (who) => (who === "admin" ? 403 : teamA(["agentA"])(who)),
  },
  {
    route: "POST /api/v1/conversations/:id/escalate",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/escalate`,
      payload: { reason: "irate" },
    }),
    expect: teamA(),
  },
  {
    route: "POST /api/v1/interventions/:id/acknowledge",
    request: () => ({ method: "POST", url: `/api/v1/interventions/${ids.escalation}/acknowledge` }),
    expect: teamA(["leadA", "admin"]),
  },
  {
    route: "GET /api/v1/interventions",
    request: () => ({ method: "GET", url: `/api/v1/interventions?scope=team&teamId=${world.teams.a}` }),
    expect: teamA(["leadA", "admin"]),
  },
  {
    route: "POST /api/v1/conversations/:id/raise-hand",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/raise-hand`,
      payload: {},
    }),
    expect: agentOrLead,
  },
  {
    route: "POST /api/v1/conversations/:id/transfer",
    request: () => ({
      method: "POST",
      url: `/api/v1/conversations/${ids.conversation}/transfer`,
      payload: { toPersonId: world.people.peerA.id },
    }),
    expect: agentOrLead,
  },
  {
    route: "POST /api/v1/messages",
    request: () => ({
      method: "POST",
      url: "/api/v1/messages",
      payload: message({ teamId: world.teams.a, conversationId: "authz-ingest" }),
    }),
    expect: (who) => (who === "anon" ? 401 : who === "agentB" || who === "leadB" ? 403 : "allowed"),
  },
  {
    route: "POST /api/v1/conversations/close",
    request: async () => {
      // Its own conversation (created once; the retry is idempotent), so closing it leaves the
      // conversation the other routes use open.
      await world.app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${ids.leadToken}` },
        payload: message({
          teamId: world.teams.a,
          conversationId: "authz-close",
          senderMessageId: "authz-close-0",
        }),
      });
      return {
        method: "POST",
        url: "/api/v1/conversations/close",
        payload: { conversationId: "authz-close" },
      };
    },
    // Another team's conversation is as unknown to them as a missing one.
    expect: (who) => (who === "anon" ? 401 : who === "agentB" || who === "leadB" ? 404 : "allowed"),
  },
  {
    route: "POST /api/v1/import",
    request: () => ({
      method: "POST",
      url: "/api/v1/import",
      payload: {
        teamId: world.teams.a,
        conversations: [{ id: `authz-import`, messages: [{ role: "customer", text: "hi" }] }],
      },
    }),
    expect: (who) => (who === "anon" ? 401 : who === "agentB" || who === "leadB" ? 403 : "allowed"),
  },
  {
    route: "POST /api/v1/webhooks/generic",
    request: () => ({
      method: "POST",
      url: "/api/v1/webhooks/generic",
      payload: {
        event: "message.created",
        team: world.teams.a,
        conversation: { id: "authz-webhook" },
        message: { id: "authz-webhook-1", author: { type: "customer" }, body: "hi" },
      },
    }),
    expect: (who) => (who === "anon" ? 401 : who === "agentB" || who === "leadB" ? 403 : "allowed"),
  },
  {
    route: "POST /api/v1/webhooks/chatwoot",
    request: () => ({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}`,
      payload: {
        event: "message_created",
        id: 7001,
        content: "hi",
        message_type: "incoming",
        private: false,
        sender: { id: 1, name: "Nia", type: "contact" },
        conversation: { id: 42, inbox_id: 1 },
        account: { id: 1 },
      },
    }),
    expect: (who) => (who === "anon" ? 401 : who === "agentB" || who === "leadB" ? 403 : "allowed"),
  },
  {
    route: "POST /api/v1/chat/conversations",
    request: () => ({
      method: "POST",
      url: "/api/v1/chat/conversations",
      payload: { chatKey: ids.chatKey ?? "" },
    }),
    expect: () => "allowed",
  },
  {
    route: "GET /api/v1/chat/:token/messages",
    request: () => ({ method: "GET", url: `/api/v1/chat/${ids.chatToken}/messages` }),
    expect: () => "allowed",
  },
  {
    route: "POST /api/v1/chat/:token/messages",
    request: () => ({
      method: "POST",
      url: `/api/v1/chat/${ids.chatToken}/messages`,
      payload: { text: "hello?", clientMessageId: "x" },
    }),
    expect: () => "allowed",
  },
  {
    // The token is the credential, whoever holds it; after the first call the chat has ended.
    route: "POST /api/v1/chat/:token/end",
    request: () => ({ method: "POST", url: `/api/v1/chat/${ids.chatToken}/end` }),
    expect: () => "allowed",
  },
  {
    route: "POST /api/v1/conversations/:id/close",
    request: () => ({ method: "POST", url: `/api/v1/conversations/${ids.conversation}/close` }),
    expect: teamA(),
  },
  {
    // Team A's figures: its leads and admins; team B's lead has no team A to ask about.
    route: "GET /api/v1/alerts/outcomes",
    request: () => ({ method: "GET", url: `/api/v1/alerts/outcomes?teamId=${world.teams.a}` }),
    expect: teamA(["leadA", "admin"]),
  },
  {
    route: "GET /api/v1/admin/backup",
    request: () => ({ method: "GET", url: "/api/v1/admin/backup" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/admin/retention",
    request: () => ({ method: "GET", url: "/api/v1/admin/retention" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/admin/setup",
    request: () => ({ method: "GET", url: "/api/v1/admin/setup" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "PUT /api/v1/admin/retention",
    // null: the server's default, as before (the matrix changes nothing that matters).
    request: () => ({ method: "PUT", url: "/api/v1/admin/retention", payload: { retentionDays: null } }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "DELETE /api/v1/conversations/:id",
    request: () => ({ method: "DELETE", url: `/api/v1/conversations/${ids.toErase}` }),
    expect: teamA(["admin"]),
  },
  {
    route: "GET /api/v1/incidents",
    request: () => ({ method: "GET", url: `/api/v1/incidents?teamId=${world.teams.a}` }),
    expect: teamA(),
  },
  {
    route: "GET /api/v1/incidents/:id",
    request: () => ({ method: "GET", url: `/api/v1/incidents/${ids.incident}` }),
    expect: teamA(),
  },
  {
    // Resolving is final: each request gets a fresh incident to resolve.
    route: "POST /api/v1/incidents/:id/resolve",
    request: async () => ({
      method: "POST",
      url: `/api/v1/incidents/${await freshIncident()}/resolve`,
      payload: {},
    }),
    expect: teamA(["leadA", "admin"]),
  },
  {
    route: "GET /api/v1/admin/deliveries",
    request: () => ({ method: "GET", url: "/api/v1/admin/deliveries" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "POST /api/v1/admin/deliveries/:id/retry",
    request: () => ({ method: "POST", url: `/api/v1/admin/deliveries/${ids.deadLetter}/retry` }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/admin/integrations/settings",
    request: () => ({ method: "GET", url: "/api/v1/admin/integrations/settings" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "PUT /api/v1/admin/integrations/chatwoot",
    request: () => ({
      method: "PUT",
      url: "/api/v1/admin/integrations/chatwoot",
      payload: { url: "http://127.0.0.1:9/chatwoot", apiToken: "matrix-token-1234" },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "DELETE /api/v1/admin/integrations/chatwoot",
    request: () => ({ method: "DELETE", url: "/api/v1/admin/integrations/chatwoot" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "PUT /api/v1/admin/integrations/reply-webhook",
    request: () => ({
      method: "PUT",
      url: "/api/v1/admin/integrations/reply-webhook",
      payload: { url: "http://127.0.0.1:9/replies" },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "POST /api/v1/admin/integrations/reply-webhook/secret",
    request: () => ({ method: "POST", url: "/api/v1/admin/integrations/reply-webhook/secret" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "POST /api/v1/admin/integrations/reply-webhook/test",
    request: () => ({ method: "POST", url: "/api/v1/admin/integrations/reply-webhook/test" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "DELETE /api/v1/admin/integrations/reply-webhook",
    request: () => ({ method: "DELETE", url: "/api/v1/admin/integrations/reply-webhook" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "PUT /api/v1/admin/integrations/alert-webhook",
    request: () => ({
      method: "PUT",
      url: "/api/v1/admin/integrations/alert-webhook",
      payload: { url: "http://127.0.0.1:9/hooks/matrix" },
    }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "POST /api/v1/admin/integrations/alert-webhook/test",
    request: () => ({ method: "POST", url: "/api/v1/admin/integrations/alert-webhook/test" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "DELETE /api/v1/admin/integrations/alert-webhook",
    request: () => ({ method: "DELETE", url: "/api/v1/admin/integrations/alert-webhook" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "GET /api/v1/audit",
    request: () => ({ method: "GET", url: "/api/v1/audit?limit=5" }),
    expect: onlyPeople(["admin"]),
  },
  {
    route: "POST /api/v1/auth/logout",
    request: () => ({ method: "POST", url: "/api/v1/auth/logout" }),
    expect: onlyPeople(PEOPLE),
  },
];

const send = (who: Who, req: Req) =>
  sendAs(world, who === "ingestToken" ? { bearer: ingestToken } : who, req);

describe("authorization matrix", () => {
  it("covers every route of the live service", async () => {
    const registered = await routesTagged(world.app, LIVE_SERVICE_TAGS);
    expect(cases.map((c) => c.route).sort()).toEqual(registered.sort());
  });

  for (const c of cases) {
    it(`${c.route}: each role gets exactly what it may`, () =>
      expectEachCaller(
        EVERYONE,
        (who) => c.expect(who),
        async (who) => send(who, await c.request()),
      ));
  }
});

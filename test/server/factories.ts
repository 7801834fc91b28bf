import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { loadConfig, type ServerConfig } from "../../src/server/config.ts";
import { buildApp, type App } from "../../src/server/app.ts";
import { bootstrap } from "../../src/server/bootstrap.ts";
import { loop2ProcessorOf } from "../../src/server/loop2/index.ts";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import type { Principal } from "../../src/server/auth/principal.ts";
import {
  createKnowledgeFact,
  createPerson,
  createTeam,
  findPersonCredentialsByEmail,
  recordTopicExperience,
  type PersonRecord,
  type Store,
} from "../../src/store/index.ts";
import { createTestStore } from "../support/testStore.ts";

export const PASSWORD = "correct horse battery staple";

/** A config for tests, with overrides by environment key (the same parser as production). */
export function testConfig(env: Record<string, string> = {}): ServerConfig {
  const result = loadConfig({
    TAGTEAM_LOG_LEVEL: "silent",
    TAGTEAM_HEARTBEAT_MS: "60000",
    // `message()` dates lines in March 2026: the idle sweep (4 h by default) would close every
    // conversation at a started app's first tick. Tests of the sweep set it themselves.
    TAGTEAM_CONVERSATION_IDLE_CLOSE_MS: "0",
    // For the same reason, lines of any age raise alerts here; the age limit has its own test.
    TAGTEAM_ALERT_MAX_MESSAGE_AGE_MS: "0",
    // …and a customer's unanswered March line would alert at the first tick: its test sets it.
    TAGTEAM_UNANSWERED_ALERT_MS: "0",
    ...env,
  });
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.config;
}

export interface World {
  app: App;
  store: Store;
  orgId: string;
  teams: { a: string; b: string };
  /** People by name: admin, leadA, agentA, peerA, peer2A, leadB, agentB. */
  people: Record<"admin" | "leadA" | "agentA" | "peerA" | "peer2A" | "leadB" | "agentB", PersonRecord>;
  /** Session cookie header for a person. */
  cookie(name: keyof World["people"]): Promise<string>;
  /** Drops a person's cached session (after deactivating them signed them out): the next call signs in anew. */
  forgetSession(name: keyof World["people"]): void;
  /** An API token secret acting as a person. */
  token(name: keyof World["people"], scopes?: ("ingest" | "api")[]): Promise<string>;
  inject(options: InjectOptions & { as?: keyof World["people"] }): Promise<LightMyRequestResponse>;
  /** POST /api/v1/messages with an API token. */
  postMessages(token: string, payload: Record<string, unknown>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * Two teams in one organisation, with a lead and agents in each, plus an admin: enough people to
 * check every role against its own team's data and the other team's.
 */
export async function createWorld(
  options: { store?: Store; env?: Record<string, string>; logStream?: { write(line: string): void } } = {},
): Promise<World> {
  const store = options.store ?? (await createTestStore());
  const boot = await bootstrap(store, { email: "admin@example.com", password: PASSWORD });
  const orgId = boot.orgId;
  const passwordHash = await hashPassword(PASSWORD);
  const setup = await store.transaction(async (tx) => {
    const a = await createTeam(tx, { orgId, name: "Team A" });
    const b = await createTeam(tx, { orgId, name: "Team B" });
    const make = async (
      email: string,
      displayName: string,
      role: "agent" | "lead",
      teamId: string,
      topics: string[],
    ) => {
      const person = await createPerson(tx, {
        orgId,
        email,
        displayName,
        role,
        passwordHash,
        availability: "available",
        teamIds: [teamId],
      });
      for (const topic of topics)
        await recordTopicExperience(tx, { orgId, personId: person.id, topic, weight: 1 });
      return person;
    };
    const people = {
      leadA: await make("lead.a@example.com", "Lena Lead", "lead", a.id, ["billing"]),
      agentA: await make("agent.a@example.com", "Aaron Agent", "agent", a.id, ["returns"]),
      peerA: await make("peer.a@example.com", "Petra Peer", "agent", a.id, ["returns", "refunds"]),
      peer2A: await make("peer2.a@example.com", "Paul Peer", "agent", a.id, []),
      leadB: await make("lead.b@example.com", "Liam Lead", "lead", b.id, []),
      agentB: await make("agent.b@example.com", "Bea Agent", "agent", b.id, []),
    };
    await createKnowledgeFact(tx, {
      orgId,
      teamId: a.id,
      topic: "returns",
      key: "return_window",
      value: 30,
      unit: "day",
      statement: "Items can be returned within 30 days of delivery.",
      status: "published",
    });
    return { teams: { a: a.id, b: b.id }, people };
  });
  const admin = await findPersonCredentialsByEmail(store, "admin@example.com");
  if (admin === null) throw new Error("admin missing");
  const people = { admin: admin.person, ...setup.people };
  const app = await buildApp({
    config: testConfig(options.env),
    store,
    ...(options.logStream !== undefined ? { logStream: options.logStream } : {}),
  });
  await app.app.ready();
  const cookies = new Map<string, string>();
  const world: World = {
    app,
    store,
    orgId,
    teams: setup.teams,
    people,
    cookie: async (name) => {
      const cached = cookies.get(name);
      if (cached !== undefined) return cached;
      const response = await app.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: people[name].email, password: PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`login ${name}: ${response.body}`);
      const set = response.cookies.find((c) => c.name === "tagteam_session");
      if (set === undefined) throw new Error("no session cookie");
      const header = `tagteam_session=${set.value}`;
      cookies.set(name, header);
      return header;
    },
    forgetSession: (name) => {
      cookies.delete(name);
    },
    token: async (name, scopes = ["ingest", "api"]) => {
      const response = await app.app.inject({
        method: "POST",
        url: "/api/v1/tokens",
        headers: { cookie: await world.cookie(name) },
        payload: { name: `${name} token`, scopes },
      });
      if (response.statusCode !== 201) throw new Error(`token ${name}: ${response.body}`);
      return (response.json() as { secret: string }).secret;
    },
    inject: async ({ as, ...rest }) => {
      const headers = {
        ...(rest.headers ?? {}),
        ...(as !== undefined ? { cookie: await world.cookie(as) } : {}),
      };
      return app.app.inject({ ...rest, headers });
    },
    postMessages: (token, payload) =>
      app.app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload,
      }),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
  return world;
}

/**
 * A returns conversation of team A, `key` its sender's id: `say(role, text)` posts one line through
 * ingest, the customer's as Rosa Delgado, the agent's as agentA. The customer asks to return a jacket
 * bought three weeks ago and agentA answers that returns are only accepted within 14 days (the
 * team's knowledge says 30): returns the conversation's id and the alert that wrong answer raised.
 */
export async function wrongReturnWindow(
  world: World,
  key: string,
): Promise<{
  conversationId: string;
  alertId: string;
  say: (role: "customer" | "agent", text: string) => Promise<LightMyRequestResponse>;
}> {
  const token = await world.token("agentA", ["ingest"]);
  const say = (role: "customer" | "agent", text: string) =>
    world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: key,
        topic: "returns",
        role,
        text,
        author: role === "agent" ? world.people.agentA.email : "Rosa Delgado",
      }),
    );
  const first = await say(
    "customer",
    "Hi, I'd like to return a jacket. It arrived three weeks ago and doesn't fit.",
  );
  expect(first.statusCode, first.body).toBe(200);
  const conversationId = first.json().results[0].conversationId as string;
  const wrong = await say(
    "agent",
    "Sorry, returns are only accepted within 14 days, so I can't take it back.",
  );
  expect(wrong.statusCode, wrong.body).toBe(200);
  const alertId = wrong.json().results[0].alertId as string;
  expect(alertId).toBeTruthy();
  return { conversationId, alertId, say };
}

/**
 * A wrong answer (`wrongReturnWindow`) whose alert its helper takes on ("I'm on it"), then `taken`
 * (what happens once they have), the customer upset by the answer, and the agent repeating it a
 * line later: the engine holds that reading back (same fact, within the cooldown) while the risk
 * has gone from 12% to about 60%. `beforeRepeat` runs just before the repeated line. Gives the
 * alert taken on, its helper and the alert the repeated line raised, if any.
 */
export async function wrongAnswerRepeatedAfterTakenOn(
  world: World,
  key: string,
  taken: (helperId: string, conversationId: string, alertId: string) => Promise<void>,
  beforeRepeat: () => void = () => undefined,
): Promise<{ conversationId: string; alertId: string; helperId: string; newAlertId: string | null }> {
  const { conversationId, alertId, say } = await wrongReturnWindow(world, key);
  const [alert] = await world.store.query(`SELECT helper_person_id FROM alerts WHERE id = $1`, [alertId]);
  const helperId = alert!.helper_person_id as string;
  const ack = await world.inject({
    method: "POST",
    url: `/api/v1/alerts/${alertId}/acknowledge`,
    as: personKey(world, helperId),
    payload: {},
  });
  expect(ack.statusCode, ack.body).toBe(200);
  await taken(helperId, conversationId, alertId);
  const upset = await say("customer", "Only 14 days? That's really disappointing, I'm upset now.");
  expect(upset.statusCode, upset.body).toBe(200);
  beforeRepeat();
  const repeated = await say("agent", "Sorry, returns are only accepted within 14 days.");
  expect(repeated.statusCode, repeated.body).toBe(200);
  const stored = await world.store.query(
    `SELECT analysis->'stepIn'->>'why' AS why FROM messages WHERE id = $1`,
    [repeated.json().results[0].messageId],
  );
  expect(stored[0]!.why).toContain("held back: wrong_information");
  return {
    conversationId,
    alertId,
    helperId,
    newAlertId: repeated.json().results[0].alertId as string | null,
  };
}

/** An alert as `GET /alerts` lists it: the fields the alert tests read. */
export interface ListedAlert {
  id: string;
  conversationId: string;
  status: string;
  helperId: string | null;
  routing: string | null;
  why: string;
  reasons: string[];
  suggestion: string | null;
  factId: string | null;
  /** The step the card suggests: "signal", "whisper", "escalate"… */
  rung: string;
  evidence: { kind?: string; messageIndex?: number }[];
}

/** Team A's alerts on one conversation, whatever their status, as its lead lists them. */
export async function teamAlertsOn(world: World, conversationId: string): Promise<ListedAlert[]> {
  const listed = await world.inject({
    method: "GET",
    url: `/api/v1/alerts?scope=team&teamId=${world.teams.a}&status=all`,
    as: "leadA",
  });
  expect(listed.statusCode, listed.body).toBe(200);
  return (listed.json().alerts as ListedAlert[]).filter((a) => a.conversationId === conversationId);
}

/** The one open ("raised") alert on a conversation of team A's; fails the test unless there is exactly one. */
export async function raisedAlertOn(world: World, conversationId: string): Promise<ListedAlert> {
  const raised = (await teamAlertsOn(world, conversationId)).filter((a) => a.status === "raised");
  expect(raised, `open alerts on ${conversationId}`).toHaveLength(1);
  return raised[0]!;
}

/** The name `world.people` gives the person with this id. */
export function personKey(world: World, personId: string): keyof World["people"] {
  const key = (Object.keys(world.people) as (keyof World["people"])[]).find(
    (k) => world.people[k].id === personId,
  );
  if (key === undefined) throw new Error(`nobody of the world has the id ${personId}`);
  return key;
}

/**
 * Whom the `alert.raised` events of an alert went to, with their payloads: the people asked (not
 * the copy for the team's leads on its rooms, which names nobody).
 */
export async function alertRaisedEvents(
  world: World,
  alertId: string,
): Promise<{ personId: string; payload: Record<string, unknown> }[]> {
  const rows = await world.store.query(
    `SELECT person_id, payload FROM events WHERE type = 'alert.raised' AND payload->>'alertId' = $1 AND person_id IS NOT NULL ORDER BY id`,
    [alertId],
  );
  return rows.map((r) => ({
    personId: r.person_id as string,
    payload: r.payload as Record<string, unknown>,
  }));
}

/** The huddle agenda's URL for team `teamId`'s whole day `day` (YYYY-MM-DD, UTC midnight to midnight). */
export function dayAgendaUrl(teamId: string, day: string): string {
  const since = `${day}T00:00:00.000Z`;
  const until = new Date(Date.parse(since) + 86_400_000).toISOString();
  return `/api/v1/huddles/agenda?teamId=${teamId}&date=${day}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`;
}

/**
 * A conversation of team A from `lines` (agentA answering Maya Lopez), line i at `startIso` +
 * i × `stepMs` and sent as `<name>-<i>`, closed by leadA and read by loop 2. Returns its id.
 */
export async function closedConversationAt(
  world: World,
  conversation: { name: string; topic: string; startIso: string; stepMs: number },
  lines: readonly (readonly [role: "customer" | "agent", text: string])[],
): Promise<string> {
  const { name, topic, startIso, stepMs } = conversation;
  const token = await world.token("agentA", ["ingest"]);
  let conversationId = "";
  for (const [i, [role, text]] of lines.entries()) {
    const r = await world.postMessages(
      token,
      message({
        teamId: world.teams.a,
        conversationId: name,
        senderMessageId: `${name}-${i}`,
        role,
        text,
        topic,
        at: new Date(Date.parse(startIso) + i * stepMs).toISOString(),
        author: role === "agent" ? world.people.agentA.email : "Maya Lopez",
      }),
    );
    expect(r.statusCode, r.body).toBe(200);
    conversationId = r.json().results[0].conversationId as string;
  }
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  return conversationId;
}

/**
 * A customer's question agentA could only hedge on, in team A from `startIso` (a line each 30 s),
 * closed and read by loop 2: a knowledge gap ("Does the warranty cover water damage on the
 * blender?"). Returns the conversation's id.
 */
export function closedUnansweredQuestion(world: World, name: string, startIso: string): Promise<string> {
  return closedConversationAt(world, { name, topic: "warranty", startIso, stepMs: 30_000 }, [
    ["customer", "Does the warranty cover water damage on the blender?"],
    ["agent", "I think it might, I'm not sure to be honest."],
    ["customer", "Ok, thanks anyway."],
  ]);
}

/**
 * `helper` offers to take the conversation over (with `text`, if given) and agentA, its agent,
 * accepts: each answered as it should be (201, then 200).
 */
export async function acceptedTakeover(
  world: World,
  conversationId: string,
  helper: keyof World["people"],
  text?: string,
): Promise<void> {
  const offer = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/step-in`,
    as: helper,
    payload: { kind: "takeover_offer", ...(text !== undefined ? { text } : {}) },
  });
  expect(offer.statusCode, offer.body).toBe(201);
  const accepted = await world.inject({
    method: "POST",
    url: `/api/v1/interventions/${offer.json().intervention.id}/accept`,
    as: "agentA",
    payload: {},
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
}

/** Closes the conversation as leadA, lets loop 2 draft its debriefs, and reads them (as leadA). */
export async function closeAndReadDebriefs(
  world: World,
  conversationId: string,
): Promise<{ personId: string; wentWell: string[]; tricky: string[] }[]> {
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  return (
    await world.inject({
      method: "GET",
      url: `/api/v1/debriefs?conversationId=${conversationId}`,
      as: "leadA",
    })
  ).json().debriefs as { personId: string; wentWell: string[]; tricky: string[] }[];
}

/** A line of a scripted conversation: who says it (its customer, or one of the world's people) and what. */
export type ScriptLine = readonly [who: "customer" | keyof World["people"], text: string];

/**
 * Posts a scripted conversation's lines in team A through the ingest API, each answered 200: the
 * customer's as `conversation.customer`, the others as agent lines by that person (by e-mail).
 * Line i is sent as `<name>-<firstIndex + i>`. Returns the conversation's id.
 */
export async function postScript(
  world: World,
  ingestToken: string,
  conversation: { name: string; topic: string; customer: string },
  lines: readonly ScriptLine[],
  firstIndex = 0,
): Promise<string> {
  let conversationId = "";
  for (const [i, [who, text]] of lines.entries()) {
    const r = await world.postMessages(
      ingestToken,
      message({
        teamId: world.teams.a,
        conversationId: conversation.name,
        senderMessageId: `${conversation.name}-${firstIndex + i}`,
        topic: conversation.topic,
        role: who === "customer" ? "customer" : "agent",
        text,
        author: who === "customer" ? conversation.customer : world.people[who].email,
      }),
    );
    expect(r.statusCode, r.body).toBe(200);
    conversationId = r.json().results[0].conversationId;
  }
  return conversationId;
}

/**
 * A conversation agentA handed to peerA by a warm transfer, which peerA finished and closed (team
 * a, "handed-1", a broken order replaced). Returns its id.
 */
export async function handedOnAndClosed(world: World, ingestToken: string): Promise<string> {
  const conversation = { name: "handed-1", topic: "returns", customer: "Jordan Blake" };
  const conversationId = await postScript(world, ingestToken, conversation, [
    ["customer", "My order arrived broken, can I get a replacement?"],
    ["agentA", "Sorry to hear that. Let me pass you to Petra, who handles replacements."],
  ]);
  const transfer = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/transfer`,
    as: "agentA",
    payload: { toPersonId: world.people.peerA.id },
  });
  expect(transfer.statusCode, transfer.body).toBe(201);
  await postScript(
    world,
    ingestToken,
    conversation,
    [
      ["peerA", "Hi, Petra here: a replacement goes out today and you will get the tracking by email."],
      ["customer", "Thanks!"],
    ],
    2,
  );
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "peerA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  return conversationId;
}

/**
 * Posts a scripted conversation (postScript) in turns: each call goes on from the line the last one
 * ended at. Returns the conversation's id.
 */
export function postScriptInTurns(
  world: World,
  ingestToken: string,
  conversation: { name: string; topic: string; customer: string },
): (lines: readonly ScriptLine[]) => Promise<string> {
  let sent = 0;
  return async (lines) => {
    const conversationId = await postScript(world, ingestToken, conversation, lines, sent);
    sent += lines.length;
    return conversationId;
  };
}

/**
 * A closed conversation of team A from these lines (agentA answering `conversation.customer`), read
 * by loop 2 and made into a practice scenario by leadA. Returns the scenario as the API answers it.
 */
export async function practiceScenarioFrom<S extends { id: string }>(
  world: World,
  ingestToken: string,
  conversation: { name: string; topic: string; customer: string },
  lines: readonly { role: "customer" | "agent"; text: string }[],
): Promise<S> {
  const script = lines.map(({ role, text }): ScriptLine => [role === "agent" ? "agentA" : "customer", text]);
  const conversationId = await postScript(world, ingestToken, conversation, script);
  const closed = await world.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/close`,
    as: "leadA",
  });
  expect(closed.statusCode, closed.body).toBe(200);
  await loop2ProcessorOf(world.app.ctx).catchUp();
  const made = await world.inject({
    method: "POST",
    url: "/api/v1/practice/scenarios",
    as: "leadA",
    payload: { conversationId },
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().scenario as S;
}

let clock = Date.parse("2026-03-02T10:00:00Z");

/** A conversation going wrong, line by line: a late order, repeated asking, a wrong answer, a manager. */
export const TROUBLED_LINES: readonly { role: "customer" | "agent"; text: string }[] = [
  { role: "customer", text: "Hi, my order #5521 never arrived and it was due last week." },
  { role: "agent", text: "Sorry to hear that. Let me check the tracking for you." },
  { role: "customer", text: "This is the third time I'm asking. Nobody ever gets back to me!" },
  { role: "agent", text: "I understand. Refunds take 30 days to process." },
  { role: "customer", text: "30 days?? That's ridiculous, I want to speak to a manager." },
  { role: "agent", text: "I will call you back tomorrow with an update." },
  { role: "customer", text: "Fine. But I am really frustrated and thinking of cancelling." },
];

/**
 * An ingest message with defaults, overridable per test. Each gets its own `at`, 5 s after the
 * previous one, so the engine's timing cues never depend on how busy the machine is.
 */
export function message(overrides: Record<string, unknown> & { teamId: string }): Record<string, unknown> {
  clock += 5_000;
  return {
    at: new Date(clock).toISOString(),
    senderMessageId: `m-${Math.random().toString(36).slice(2)}`,
    conversationId: "conv-1",
    channel: "chat",
    role: "customer",
    text: "Hello, I have a question about my order.",
    ...overrides,
  };
}

/**
 * Starts conversation `name` of team A with one line of agentA's (`text`), posted through the ingest
 * API with leadA's token, so agentA handles it; gives its id.
 */
export async function agentAConversation(
  world: World,
  name: string,
  text = "Let me check that for you.",
): Promise<string> {
  const token = await world.token("leadA", ["ingest"]);
  const r = await world.postMessages(
    token,
    message({
      teamId: world.teams.a,
      conversationId: name,
      author: world.people.agentA.email,
      role: "agent",
      text,
    }),
  );
  expect(r.statusCode, r.body).toBe(200);
  return r.json().results[0].conversationId as string;
}

/** agentA as an ingest-only API token of theirs presents them, for a test that calls the ingest pipeline straight. */
export function agentAIngestPrincipal(world: World): Principal {
  const { agentA } = world.people;
  return {
    orgId: world.orgId,
    personId: agentA.id,
    name: agentA.displayName,
    role: agentA.role,
    teamIds: [world.teams.a],
    via: "token",
    scopes: ["ingest"],
  };
}

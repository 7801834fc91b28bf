import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatwootSignature } from "../../src/server/integrations/chatwootSignature.ts";
import { PROTOCOL_VERSION } from "../../src/protocol/index.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";
import { isType, openSocket } from "./wsClient.ts";

/*
 * Chatwoot in (POST /webhooks/chatwoot) and whispers out as private notes. Chatwoot itself is an
 * external service: a real HTTP server started here stands in for its API.
 */

/** A `message_created` webhook shaped like Chatwoot's, for account 3 unless overridden. */
const chatwootMessage = (over: {
  id: number;
  conversation: number;
  content: string | null;
  type?: "incoming" | "outgoing" | "activity" | "template" | 0 | 1 | 2 | 3;
  private?: boolean;
  sender?: Record<string, unknown> | null;
  account?: number;
  createdAt?: string | number;
  channel?: string;
}) => ({
  event: "message_created",
  id: over.id,
  content: over.content,
  created_at: over.createdAt ?? "2026-03-02T10:00:00.000Z",
  message_type: over.type ?? "incoming",
  content_type: "text",
  private: over.private ?? false,
  content_attributes: {},
  source_id: null,
  sender:
    over.sender === undefined ? { id: 14, name: "Nia Okafor", avatar: "", type: "contact" } : over.sender,
  inbox: { id: 1, name: "Acme Support" },
  conversation: {
    can_reply: true,
    channel: over.channel ?? "Channel::WebWidget",
    id: over.conversation,
    inbox_id: 1,
    status: "open",
    messages: [],
  },
  account: { id: over.account ?? 3, name: "Acme Inc" },
});

const agentSender = (email: string) => ({ id: 1, name: "Aaron", email, type: "user" });

/**
 * A `conversation_status_changed` webhook shaped like Chatwoot's: the conversation's webhook data
 * (`id` is its number in the account) with `event` and `changed_attributes` on top. The account is
 * where the Chatwoot version puts it: `messages[].account_id` (every version), `account` (newer
 * ones), `account_id`, or nowhere.
 */
const chatwootStatus = (over: {
  conversation: number;
  status: string;
  previous?: string;
  account?: number;
  accountIn?: "messages" | "account" | "account_id" | "nowhere";
}) => {
  const account = over.account ?? 3;
  const where = over.accountIn ?? "messages";
  return {
    event: "conversation_status_changed",
    additional_attributes: {},
    can_reply: true,
    channel: "Channel::WebWidget",
    contact_inbox: { id: 12, contact_id: 14, inbox_id: 1, source_id: "405f1d30", hmac_verified: false },
    id: over.conversation,
    inbox_id: 1,
    messages:
      where === "nowhere"
        ? []
        : [
            {
              id: 120,
              content: "Thanks, that's all.",
              ...(where === "messages" ? { account_id: account } : {}),
              inbox_id: 1,
              conversation_id: over.conversation,
              message_type: 0,
              created_at: 1_772_445_600,
              private: false,
            },
          ],
    meta: { sender: { id: 14, name: "Nia Okafor", type: "contact" }, assignee: null },
    status: over.status,
    unread_count: 0,
    agent_last_seen_at: 1_772_445_700,
    contact_last_seen_at: 0,
    timestamp: 1_772_445_600,
    ...(where === "account" ? { account: { id: account, name: "Acme Inc" } } : {}),
    ...(where === "account_id" ? { account_id: account } : {}),
    changed_attributes: [{ status: { previous_value: over.previous ?? "open", current_value: over.status } }],
  };
};

/**
 * Stands in for Chatwoot's API: records every request and answers with the next of `answers`, then
 * with `answer` (a status, or hanging up).
 */
class FakeChatwoot {
  readonly received: { method: string; url: string; headers: IncomingHttpHeaders; body: unknown }[] = [];
  answer: number | "hang-up" = 200;
  answers: (number | "hang-up")[] = [];
  /** What a refusal (4xx) says, as Chatwoot words it. */
  refusalBody = '{"error":"Resource could not be found"}';
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        this.received.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: JSON.parse(body) as unknown,
        });
        const answer = this.answers.shift() ?? this.answer;
        if (answer === "hang-up") req.socket.destroy();
        else
          res
            .writeHead(answer, { "content-type": "application/json" })
            .end(answer >= 400 && answer < 500 ? this.refusalBody : '{"id":1}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const CHATWOOT_API_TOKEN = "cw-access-token-123";
/** Retries in milliseconds: failures settle at once. */
const FAST_RETRIES = {
  TAGTEAM_DELIVERY_RETRY_BASE_MS: "1",
  TAGTEAM_DELIVERY_RETRY_MAX_MS: "4",
};

async function metric(world: World, name: string, labels: string): Promise<number> {
  const text = (await world.app.app.inject({ url: "/metrics" })).body;
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

/** The payloads of a conversation's events of one type, oldest first. */
async function eventsOf(world: World, type: string, conversationId: string): Promise<unknown[]> {
  const rows = await world.store.query(
    "SELECT payload FROM events WHERE org_id = $1 AND type = $2 AND conversation_id = $3 ORDER BY id",
    [world.orgId, type, conversationId],
  );
  return rows.map((r) => r.payload);
}

/**
 * The conversation events of the organisation (a close or a reopen would add one). Not all events:
 * loop 2 scores each closed conversation in the background, and its `scorecard.created` events
 * land whenever it gets there.
 */
const countEvents = async (world: World): Promise<number> =>
  Number(
    (
      await world.store.query(
        "SELECT count(*) AS n FROM events WHERE org_id = $1 AND type LIKE 'conversation.%'",
        [world.orgId],
      )
    )[0]?.n,
  );

/** A conversation's status as its detail shows it, and whether the team's floor lists it. */
async function standing(world: World, conversationId: string, as: "leadA" | "leadB" = "leadA") {
  const detail = (
    await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as })
  ).json().conversation;
  const floor = (await world.inject({ method: "GET", url: "/api/v1/conversations", as })).json()
    .conversations as { id: string }[];
  return { status: detail.status as string, onFloor: floor.some((c) => c.id === conversationId) };
}

describe("Chatwoot in: POST /webhooks/chatwoot", () => {
  let world: World;
  let token: string;
  const logLines: string[] = [];
  beforeAll(async () => {
    world = await createWorld({
      env: { TAGTEAM_LOG_LEVEL: "info" },
      logStream: { write: (line) => void logLines.push(line) },
    });
    token = await world.token("leadA", ["ingest"]);
  });
  afterAll(async () => {
    await world?.close();
  });

  const post = (payload: unknown, query: Record<string, string> = { team: world.teams.a, token }) =>
    world.app.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?${new URLSearchParams(query).toString()}`,
      payload: payload as Record<string, unknown>,
    });
  const countConversations = async () =>
    (await world.inject({ method: "GET", url: "/api/v1/conversations?status=all", as: "admin" })).json()
      .conversations.length as number;
  const messagesOf = async (conversationId: string) =>
    (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as: "leadA" })
    ).json().conversation;

  it("ingests a customer's message and the agent's reply, attributed and analysed; a retry changes nothing", async () => {
    const first = await post(
      chatwootMessage({
        id: 501,
        conversation: 17,
        content: "My refund never came and I already told you twice!",
        createdAt: "2026-03-02 10:00:00 UTC",
      }),
    );
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      ignored: 0,
      results: [{ senderMessageId: "chatwoot:3:501", created: true }],
    });
    const conversationId = first.json().results[0].conversationId as string;
    const reply = await post(
      chatwootMessage({
        id: 502,
        conversation: 17,
        type: 1,
        content: "Sorry, sorry, it's not my fault, billing messed up.",
        sender: agentSender(world.people.agentA.email),
        createdAt: 1_772_445_660,
      }),
    );
    expect(reply.json().results[0]).toMatchObject({ conversationId, created: true });
    await post(
      chatwootMessage({
        id: 503,
        conversation: 17,
        content: "You are useless. Get me a manager.",
        createdAt: "2026-03-02T10:02:00.000Z",
      }),
    );

    const retry = await post(
      chatwootMessage({
        id: 501,
        conversation: 17,
        content: "changed",
        createdAt: "2026-03-02 10:00:00 UTC",
      }),
    );
    expect(retry.statusCode).toBe(200);
    expect(retry.json().results[0]).toMatchObject({
      created: false,
      messageId: first.json().results[0].messageId,
    });

    const detail = await messagesOf(conversationId);
    expect(detail).toMatchObject({
      externalId: "chatwoot:3:17",
      channel: "chat",
      agentId: world.people.agentA.id,
      customerName: "Nia Okafor",
    });
    expect(
      detail.messages.map((m: { role: string; text: string; at: string }) => [m.role, m.text, m.at]),
    ).toEqual([
      ["customer", "My refund never came and I already told you twice!", "2026-03-02T10:00:00.000Z"],
      ["agent", "Sorry, sorry, it's not my fault, billing messed up.", "2026-03-02T10:01:00.000Z"],
      ["customer", "You are useless. Get me a manager.", "2026-03-02T10:02:00.000Z"],
    ]);
    // Analysed like any other message: the floor has a reading for it.
    expect(detail.risk).toBeGreaterThan(0);
  });

  it("names the customer of a conversation an agent began, from Chatwoot's contact of the conversation", async () => {
    const outbound = chatwootMessage({
      id: 520,
      conversation: 30,
      type: "outgoing",
      content: "Hello, following up on your ticket about the refund.",
      sender: agentSender(world.people.agentA.email),
    });
    const r = await post({
      ...outbound,
      conversation: {
        ...outbound.conversation,
        meta: { sender: { id: 14, name: "Olu Ade", type: "contact" }, assignee: null },
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(await messagesOf(r.json().results[0].conversationId as string)).toMatchObject({
      customerName: "Olu Ade",
      agentId: world.people.agentA.id,
    });
  });

  it("says when a Chatwoot agent is nobody here: in the answer, and once in the log", async () => {
    const reply = (id: number) =>
      post(
        chatwootMessage({
          id,
          conversation: 31,
          type: "outgoing",
          content: "Let me check that for you.",
          sender: agentSender("Zed.Outsider@acme.example"),
        }),
      );
    const first = await reply(530);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ ignored: 0, unknownAgent: "Zed.Outsider@acme.example" });
    expect((await reply(531)).json().unknownAgent).toBe("Zed.Outsider@acme.example");
    const warned = logLines.filter((l) => l.includes("a Chatwoot agent is not a tagteam person"));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain("Zed.Outsider@acme.example");
    // A known agent is not mentioned.
    const known = await post(
      chatwootMessage({
        id: 532,
        conversation: 31,
        type: "outgoing",
        content: "Found it.",
        sender: agentSender(world.people.agentA.email.toUpperCase()),
      }),
    );
    expect(known.json()).not.toHaveProperty("unknownAgent");
  });

  it("sends an inbox named in inboxTeams to its team, the others to the default team", async () => {
    const admin = await world.token("admin", ["ingest"]);
    const query = { team: world.teams.a, inboxTeams: `7:${world.teams.b},8:${world.teams.a}`, token: admin };
    const mapped = await post(
      { ...chatwootMessage({ id: 701, conversation: 70, content: "Hi" }), inbox: { id: 7 } },
      query,
    );
    const other = await post(
      { ...chatwootMessage({ id: 702, conversation: 71, content: "Hi" }), inbox: { id: 9 } },
      query,
    );
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(
      (
        await world.inject({
          method: "GET",
          url: `/api/v1/conversations/${mapped.json().results[0].conversationId}`,
          as: "admin",
        })
      ).json().conversation.teamId,
    ).toBe(world.teams.b);
    expect(
      (
        await world.inject({
          method: "GET",
          url: `/api/v1/conversations/${other.json().results[0].conversationId}`,
          as: "admin",
        })
      ).json().conversation.teamId,
    ).toBe(world.teams.a);
    // A mapping to a team the token may not post into is refused, like any other.
    const refused = await post(
      { ...chatwootMessage({ id: 703, conversation: 72, content: "Hi" }), inbox: { id: 7 } },
      { team: world.teams.a, inboxTeams: `7:${world.teams.b}`, token },
    );
    expect(refused.statusCode).toBe(403);
    const bad = await post(chatwootMessage({ id: 704, conversation: 73, content: "Hi" }), {
      team: world.teams.a,
      inboxTeams: "seven=b",
      token,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("inboxTeams");
  });

  it("keeps conversations of different accounts apart, and reads the inbox's channel", async () => {
    const a = await post(chatwootMessage({ id: 601, conversation: 5, content: "Hello from account 3" }));
    const b = await post(
      chatwootMessage({
        id: 601,
        conversation: 5,
        account: 4,
        content: "Hello from account 4",
        channel: "Channel::Email",
      }),
    );
    expect(b.json().results[0]).toMatchObject({ senderMessageId: "chatwoot:4:601", created: true });
    expect(b.json().results[0].conversationId).not.toBe(a.json().results[0].conversationId);
    expect(await messagesOf(b.json().results[0].conversationId)).toMatchObject({
      externalId: "chatwoot:4:5",
      channel: "email",
    });
  });

  it("acknowledges private notes, activity and template messages, empty ones and other events, and writes nothing", async () => {
    const before = await countConversations();
    const ignored = [
      [
        chatwootMessage({
          id: 701,
          conversation: 70,
          type: "outgoing",
          private: true,
          content: "Whisper from Petra Peer (tagteam): offer the refund",
          sender: agentSender(world.people.agentA.email),
        }),
        "private_note",
      ],
      [
        chatwootMessage({
          id: 702,
          conversation: 70,
          type: 2,
          content: "Conversation was resolved by Aaron",
          sender: null,
        }),
        "message_type",
      ],
      [
        chatwootMessage({ id: 703, conversation: 70, type: "template", content: "Get notified by email" }),
        "message_type",
      ],
      [chatwootMessage({ id: 704, conversation: 70, content: null }), "empty_content"],
      // Also sent when the status changes; tagteam reads conversation_status_changed for that, and
      // conversation_updated only for a new assignee.
      [{ event: "conversation_updated", id: 70, status: "resolved", meta: {} }, "assignee"],
      [
        { ...chatwootMessage({ id: 705, conversation: 70, content: "edited" }), event: "message_updated" },
        "event",
      ],
      [{ event: "webwidget_triggered", contact: { id: 14 } }, "event"],
    ] as const;
    for (const [payload, reason] of ignored) {
      const r = await post(payload);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ results: [], ignored: 1, ignoredReason: reason });
    }
    expect(await countConversations()).toBe(before);
    expect(await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="ignored_event"')).toBe(2);
  });

  it("answers a malformed payload with 400 listing every problem, query included, and writes nothing", async () => {
    const before = await countConversations();
    const r = await post(
      {
        event: "message_created",
        id: "abc",
        content: 5,
        message_type: "sideways",
        created_at: "yesterday",
        conversation: {},
        account: { id: -1 },
      },
      { token },
    );
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.issues.map((i: { path: (string | number)[] }) => i.path.join("."));
    expect(paths.sort()).toEqual([
      "body.account.id",
      "body.content",
      "body.conversation.id",
      "body.created_at",
      "body.id",
      "body.message_type",
      "query.team",
    ]);
    // Without `event`, a body is checked as a message too.
    const bare = await post({ content: "hi" });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual(
      expect.arrayContaining(["body.event", "body.id", "body.conversation", "body.account"]),
    );
    expect(await countConversations()).toBe(before);
  });

  it("refuses callers without an ingest token for the team", async () => {
    const payload = chatwootMessage({ id: 801, conversation: 80, content: "hi" });
    expect((await post(payload, { team: world.teams.a })).statusCode).toBe(401);
    expect((await post(payload, { team: world.teams.a, token: "tt_not-a-token" })).statusCode).toBe(401);
    const otherTeam = await world.token("agentB", ["ingest"]);
    expect((await post(payload, { team: world.teams.a, token: otherTeam })).statusCode).toBe(403);
    // The header works too; a token in the query is taken by this route only.
    const header = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });
    expect(header.statusCode).toBe(200);
    const elsewhere = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/messages?token=${token}`,
      payload: message({ teamId: world.teams.a, conversationId: "cw-elsewhere" }),
    });
    expect(elsewhere.statusCode).toBe(401);
  });

  it("never writes the token to the logs", async () => {
    await post(chatwootMessage({ id: 901, conversation: 90, content: "Is anyone there?" }));
    const logged = logLines.join("");
    expect(logged).toContain("/api/v1/webhooks/chatwoot?team=");
    expect(logged).toContain("token=[redacted]");
    expect(logged).not.toContain(token);
  });

  /** A conversation of team A brought in by one customer message; its tagteam id. */
  const conversationIn = async (conversation: number, account = 3, query?: Record<string, string>) => {
    const r = await post(
      chatwootMessage({ id: conversation * 10, conversation, account, content: "Is my order on its way?" }),
      query,
    );
    expect(r.statusCode, r.body).toBe(200);
    return r.json().results[0].conversationId as string;
  };

  it("closes a conversation Chatwoot resolved: it leaves the floor, with a conversation.closed event; resolving again changes nothing", async () => {
    const id = await conversationIn(110);
    expect(await standing(world, id)).toEqual({ status: "open", onFloor: true });
    const closedBefore = await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="closed"');

    const first = await post(chatwootStatus({ conversation: 110, status: "resolved" }));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ results: [], ignored: 0, conversationId: id, closed: true });
    expect(await standing(world, id)).toEqual({ status: "closed", onFloor: false });
    expect(await eventsOf(world, "conversation.closed", id)).toEqual([
      { conversationId: id, status: "closed", reason: "sender" },
    ]);

    const events = await countEvents(world);
    const again = await post(chatwootStatus({ conversation: 110, status: "resolved" }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ results: [], ignored: 0, conversationId: id, closed: false });
    expect(await countEvents(world)).toBe(events);
    expect(await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="closed"')).toBe(
      closedBefore + 1,
    );
    expect(await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="already_closed"')).toBe(1);
  });

  it("finds the conversation by account and number, wherever the Chatwoot version puts the account", async () => {
    // The same conversation number in two accounts: only the account named is closed.
    const inAccount3 = await conversationIn(111, 3);
    const inAccount4 = await conversationIn(111, 4);
    const viaAccountId = await conversationIn(112, 4);
    const viaMessages = await post(
      chatwootStatus({ conversation: 111, status: "resolved", account: 4, accountIn: "messages" }),
    );
    expect(viaMessages.json()).toMatchObject({ conversationId: inAccount4, closed: true });
    expect((await standing(world, inAccount3)).status).toBe("open");
    const viaAccount = await post(
      chatwootStatus({ conversation: 111, status: "resolved", account: 3, accountIn: "account" }),
    );
    expect(viaAccount.json()).toMatchObject({ conversationId: inAccount3, closed: true });
    const viaTopLevel = await post(
      chatwootStatus({ conversation: 112, status: "resolved", account: 4, accountIn: "account_id" }),
    );
    expect(viaTopLevel.json()).toMatchObject({ conversationId: viaAccountId, closed: true });

    // No account anywhere (a conversation without a public message): it cannot be named.
    const open = await conversationIn(113);
    const nowhere = await post(
      chatwootStatus({ conversation: 113, status: "resolved", accountIn: "nowhere" }),
    );
    expect(nowhere.statusCode).toBe(200);
    expect(nowhere.json()).toEqual({ results: [], ignored: 1, ignoredReason: "unknown_conversation" });
    expect(await standing(world, open)).toEqual({ status: "open", onFloor: true });
    expect(await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="ignored_no_account"')).toBe(
      1,
    );
  });

  it("acknowledges the other statuses and changes nothing: open, pending and snoozed neither close nor reopen", async () => {
    const id = await conversationIn(120);
    const events = await countEvents(world);
    for (const status of ["pending", "snoozed", "open"]) {
      const r = await post(chatwootStatus({ conversation: 120, status }));
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ results: [], ignored: 1, ignoredReason: "status" });
    }
    expect(await standing(world, id)).toEqual({ status: "open", onFloor: true });
    expect(await countEvents(world)).toBe(events);

    // Reopened in Chatwoot: still closed here, until the customer writes again.
    await post(chatwootStatus({ conversation: 120, status: "resolved" }));
    const reopened = await post(chatwootStatus({ conversation: 120, status: "open", previous: "resolved" }));
    expect(reopened.json()).toMatchObject({ ignored: 1, ignoredReason: "status" });
    expect(await standing(world, id)).toEqual({ status: "closed", onFloor: false });
    expect(await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="ignored_status"')).toBe(4);
  });

  it("acknowledges a resolved conversation it never saw, and writes nothing", async () => {
    const conversations = await countConversations();
    const events = await countEvents(world);
    const r = await post(chatwootStatus({ conversation: 9_999, status: "resolved" }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ results: [], ignored: 1, ignoredReason: "unknown_conversation" });
    expect(await countConversations()).toBe(conversations);
    expect(await countEvents(world)).toBe(events);
    expect(
      await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="ignored_unknown_conversation"'),
    ).toBe(1);
  });

  it("does not close another team's conversation for a team-scoped token, and answers as if unknown", async () => {
    const teamB = await world.token("leadB", ["ingest"]);
    const id = await conversationIn(130, 3, { team: world.teams.b, token: teamB });
    const r = await post(chatwootStatus({ conversation: 130, status: "resolved" }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ results: [], ignored: 1, ignoredReason: "unknown_conversation" });
    expect(await standing(world, id, "leadB")).toEqual({ status: "open", onFloor: true });
    expect(await eventsOf(world, "conversation.closed", id)).toEqual([]);
    expect(await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="ignored_other_team"')).toBe(
      1,
    );
    // Team B's own token may close it.
    const own = await post(chatwootStatus({ conversation: 130, status: "resolved" }), {
      team: world.teams.b,
      token: teamB,
    });
    expect(own.json()).toMatchObject({ conversationId: id, closed: true });
  });

  it("answers a malformed status change with 400 listing every problem, query included, and changes nothing", async () => {
    const id = await conversationIn(140);
    const events = await countEvents(world);
    const r = await post(
      {
        event: "conversation_status_changed",
        id: "one-forty",
        status: 1,
        account: { id: -3 },
        messages: [{ account_id: "three" }],
      },
      { token },
    );
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.issues.map((i: { path: (string | number)[] }) => i.path.join("."));
    expect(paths.sort()).toEqual([
      "body.account.id",
      "body.id",
      "body.messages.0.account_id",
      "body.status",
      "query.team",
    ]);
    // A resolved status with a broken field is refused whole: the conversation stays open.
    const broken = await post({
      ...chatwootStatus({ conversation: 140, status: "resolved" }),
      inbox_id: "inbox-1",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual([
      "body.inbox_id",
    ]);
    const missing = await post({ event: "conversation_status_changed" });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .error.details.issues.map((i: { path: string[] }) => i.path.join("."))
        .sort(),
    ).toEqual(["body.id", "body.status"]);
    expect(await standing(world, id)).toEqual({ status: "open", onFloor: true });
    expect(await countEvents(world)).toBe(events);
  });

  /**
   * A `conversation_updated` webhook shaped like Chatwoot's after a reassignment: the conversation's
   * webhook data, `meta.assignee` as User#push_event_data (no e-mail), and what changed.
   */
  const chatwootAssigned = (
    conversation: number,
    assignee: { id: number; name: string } | null,
    changed = "assignee_id",
  ) => ({
    ...chatwootStatus({ conversation, status: "open" }),
    event: "conversation_updated",
    meta: {
      sender: { id: 14, name: "Nia Okafor", type: "contact" },
      assignee:
        assignee === null
          ? null
          : {
              ...assignee,
              available_name: assignee.name,
              avatar_url: "",
              type: "user",
              availability_status: "online",
              thumbnail: "",
            },
      hmac_verified: false,
    },
    changed_attributes: [{ [changed]: { previous_value: 1, current_value: assignee?.id ?? null } }],
  });
  const agentOf = async (id: string) =>
    (await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "leadA" })).json()
      .conversation.agentId as string | null;

  it("a reassignment in Chatwoot (Ana → Ben) makes Ben the conversation's agent, by the agents= map of Chatwoot ids", async () => {
    const id = await conversationIn(140);
    // Ana (agentA) answers first, so the conversation is hers.
    const reply = await post(
      chatwootMessage({
        id: 1402,
        conversation: 140,
        type: 1,
        content: "Let me look.",
        sender: agentSender(world.people.agentA.email),
      }),
    );
    expect(reply.statusCode, reply.body).toBe(200);
    expect(await agentOf(id)).toBe(world.people.agentA.id);
    const agents = `1:${world.people.agentA.email},7:${world.people.peerA.email.toUpperCase()}`;
    const query = { team: world.teams.a, token, agents };
    // Ben (peerA, Chatwoot user 7) takes it over in Chatwoot.
    const moved = await post(chatwootAssigned(140, { id: 7, name: "Petra" }), query);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({
      results: [],
      ignored: 0,
      conversationId: id,
      assignedPersonId: world.people.peerA.id,
    });
    expect(await agentOf(id)).toBe(world.people.peerA.id);
    expect(await eventsOf(world, "conversation.transferred", id)).toEqual([
      { conversationId: id, personId: world.people.peerA.id },
    ]);
    // Ana's next reply does not take it back, and the same update again changes nothing.
    await post(
      chatwootMessage({
        id: 1403,
        conversation: 140,
        type: 1,
        content: "Petra has it now.",
        sender: agentSender(world.people.agentA.email),
      }),
    );
    expect(await agentOf(id)).toBe(world.people.peerA.id);
    const events = await countEvents(world);
    expect((await post(chatwootAssigned(140, { id: 7, name: "Petra" }), query)).json()).toMatchObject({
      ignored: 0,
      assignedPersonId: world.people.peerA.id,
    });
    expect(await countEvents(world)).toBe(events);
  });

  it("a reassignment to a Chatwoot agent tagteam cannot name is acknowledged and named; other updates change nothing", async () => {
    const id = await conversationIn(141);
    await post(
      chatwootMessage({
        id: 1412,
        conversation: 141,
        type: 1,
        content: "On it.",
        sender: agentSender(world.people.agentA.email),
      }),
    );
    const unknown = await post(chatwootAssigned(141, { id: 9, name: "Zed" }), {
      team: world.teams.a,
      token,
      agents: `7:${world.people.peerA.email}`,
    });
    expect(unknown.statusCode, unknown.body).toBe(200);
    expect(unknown.json()).toEqual({
      results: [],
      ignored: 1,
      ignoredReason: "unknown_agent",
      unknownAgent: "chatwoot user 9 (Zed)",
      conversationId: id,
    });
    expect(logLines.filter((l) => l.includes("a Chatwoot reassignment names an agent")).length).toBe(1);
    // Someone of another team is not made this team's agent.
    const otherTeam = await post(chatwootAssigned(141, { id: 4, name: "Bea" }), {
      team: world.teams.a,
      token,
      agents: `4:${world.people.agentB.email}`,
    });
    expect(otherTeam.json()).toMatchObject({ ignored: 1, ignoredReason: "unknown_agent" });
    expect(otherTeam.json().unknownAgent).toContain("not an active member of the conversation's team");
    // Labels changed, or unassigned: tagteam keeps the agent it knew.
    expect((await post(chatwootAssigned(141, { id: 7, name: "Petra" }, "label_list"))).json()).toMatchObject({
      ignored: 1,
      ignoredReason: "assignee",
    });
    expect((await post(chatwootAssigned(141, null))).json()).toMatchObject({
      ignored: 1,
      ignoredReason: "assignee",
    });
    expect(await agentOf(id)).toBe(world.people.agentA.id);
    // A malformed map is a 400 naming it.
    const bad = await post(chatwootAssigned(141, { id: 7, name: "Petra" }), {
      team: world.teams.a,
      token,
      agents: "seven:petra",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toEqual(["query", "agents"]);
  });

  it("is described in the OpenAPI document, with its query, the token in the query and the three events", async () => {
    const doc = (await world.app.app.inject({ url: "/openapi.json" })).json();
    const op = doc.paths["/api/v1/webhooks/chatwoot"].post;
    expect(op.tags).toEqual(["ingest"]);
    expect(
      op.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required]),
    ).toEqual([
      ["team", "query", true],
      ["inboxTeams", "query", false],
      ["agents", "query", false],
      ["token", "query", false],
    ]);
    expect(op.security).toContainEqual({ queryToken: [] });
    expect(doc.components.securitySchemes.queryToken).toEqual({ type: "apiKey", in: "query", name: "token" });
    // Any of the three events it reads.
    const [messageEvent, statusEvent, updatedEvent] = op.requestBody.content["application/json"].schema.anyOf;
    expect(updatedEvent.properties.event.enum).toEqual(["conversation_updated"]);
    expect(messageEvent.properties).toHaveProperty("message_type");
    expect(statusEvent.properties.event.enum).toEqual(["conversation_status_changed"]);
    expect(statusEvent.properties).toHaveProperty("status");
  });
});

describe("Whispers out: private notes on Chatwoot", () => {
  const chatwoot = new FakeChatwoot();
  let world: World;
  let ingest: string;
  beforeAll(async () => {
    const url = await chatwoot.start();
    world = await createWorld({
      env: {
        TAGTEAM_CHATWOOT_URL: `${url}/`,
        TAGTEAM_CHATWOOT_API_TOKEN: CHATWOOT_API_TOKEN,
        ...FAST_RETRIES,
      },
    });
    ingest = await world.token("leadA", ["ingest"]);
  });
  afterAll(async () => {
    await world?.close();
    await chatwoot.stop();
  });

  /** A Chatwoot conversation of agent A's, as the webhook brings it in; its tagteam id. */
  async function chatwootConversation(account: number, conversation: number): Promise<string> {
    let conversationId = "";
    const lines = [
      { content: "Where is my refund?", type: "incoming" as const, sender: undefined },
      { content: "Checking now.", type: "outgoing" as const, sender: agentSender(world.people.agentA.email) },
    ];
    for (const [i, line] of lines.entries()) {
      const r = await world.app.app.inject({
        method: "POST",
        url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=${ingest}`,
        payload: chatwootMessage({ id: conversation * 100 + i, conversation, account, ...line }),
      });
      conversationId = r.json().results[0].conversationId;
    }
    return conversationId;
  }

  const whisper = (conversationId: string, text: string) =>
    world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/step-in`,
      as: "peerA",
      payload: { kind: "whisper", text },
    });

  it("posts a whisper on a Chatwoot conversation there as a private note naming the helper", async () => {
    const conversationId = await chatwootConversation(5, 77);
    const r = await whisper(conversationId, "Offer the refund now, it is within policy.");
    expect(r.statusCode).toBe(201);
    await world.app.ctx.bus.idle();
    expect(chatwoot.received).toHaveLength(1);
    const [note] = chatwoot.received;
    expect(note).toMatchObject({ method: "POST", url: "/api/v1/accounts/5/conversations/77/messages" });
    expect(note?.headers.api_access_token).toBe(CHATWOOT_API_TOKEN);
    expect(note?.headers["content-type"]).toBe("application/json");
    expect(note?.body).toEqual({
      content: "Whisper from Petra Peer (tagteam): Offer the refund now, it is within policy.",
      message_type: "outgoing",
      private: true,
    });
    expect(await metric(world, "tagteam_chatwoot_notes_total", 'outcome="posted"')).toBe(1);

    // Chatwoot sends the note back as a private message_created: it is not ingested (no loop).
    const echo = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=${ingest}`,
      payload: chatwootMessage({
        id: 7799,
        conversation: 77,
        account: 5,
        type: "outgoing",
        private: true,
        content: (note?.body as { content: string }).content,
        sender: { id: 9, name: "tagteam", email: "bot@example.com", type: "user" },
      }),
    });
    expect(echo.json()).toMatchObject({ ignored: 1, ignoredReason: "private_note" });
    const detail = (
      await world.inject({ method: "GET", url: `/api/v1/conversations/${conversationId}`, as: "leadA" })
    ).json().conversation;
    expect(detail.messages.filter((m: { role: string }) => m.role !== "system")).toHaveLength(2);
  });

  it("leaves whispers on other conversations, and other kinds of step-in, alone", async () => {
    const before = chatwoot.received.length;
    await world.postMessages(
      ingest,
      message({ teamId: world.teams.a, conversationId: "not-chatwoot", role: "customer" }),
    );
    const plain = await world.postMessages(
      ingest,
      message({
        teamId: world.teams.a,
        conversationId: "not-chatwoot",
        role: "agent",
        author: world.people.agentA.email,
      }),
    );
    const r = await whisper(plain.json().results[0].conversationId, "Ask for the order number.");
    expect(r.statusCode).toBe(201);
    const signal = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${await chatwootConversation(5, 78)}/step-in`,
      as: "peerA",
      payload: { kind: "signal" },
    });
    expect(signal.statusCode).toBe(201);
    await world.app.ctx.bus.idle();
    expect(chatwoot.received.length).toBe(before);
  });

  it("a failing Chatwoot never fails the whisper: the note is retried until it goes through, once", async () => {
    const failedBefore = await metric(world, "tagteam_chatwoot_notes_total", 'outcome="failed"');
    const postedBefore = await metric(world, "tagteam_chatwoot_notes_total", 'outcome="posted"');
    const conversationId = await chatwootConversation(6, 90);
    const before = chatwoot.received.length;
    chatwoot.answers = [500, "hang-up"];
    const r = await whisper(conversationId, "Stay calm.");
    expect(r.statusCode).toBe(201);
    await world.app.ctx.bus.idle();
    const notes = chatwoot.received.slice(before);
    expect(notes.map((n) => n.url)).toEqual(Array(3).fill("/api/v1/accounts/6/conversations/90/messages"));
    expect(new Set(notes.map((n) => JSON.stringify(n.body))).size).toBe(1);
    expect(await metric(world, "tagteam_chatwoot_notes_total", 'outcome="failed"')).toBe(failedBefore + 2);
    expect(await metric(world, "tagteam_chatwoot_notes_total", 'outcome="posted"')).toBe(postedBefore + 1);
  });

  it("a refused note (Chatwoot's 404) is not retried: a dead letter, and the next whisper goes through", async () => {
    const first = await chatwootConversation(6, 92);
    const second = await chatwootConversation(6, 93);
    const before = chatwoot.received.length;
    chatwoot.answers = [404];
    expect((await whisper(first, "Refund it.")).statusCode).toBe(201);
    expect((await whisper(second, "Ask for the order number.")).statusCode).toBe(201);
    await world.app.ctx.bus.idle();
    expect(chatwoot.received.slice(before).map((n) => n.url)).toEqual([
      "/api/v1/accounts/6/conversations/92/messages",
      "/api/v1/accounts/6/conversations/93/messages",
    ]);
    const listed = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
    const [deadLetter] = listed
      .json()
      .deadLetters.filter((d: { processor: string }) => d.processor === "chatwoot-notes");
    // The teammate who whispered is told (a toast): a dead letter shows only on Admin → Integrations.
    const told = await world.store.query(
      "SELECT person_id, payload FROM events WHERE org_id = $1 AND type = 'whisper.undelivered' AND conversation_id = $2",
      [world.orgId, first],
    );
    expect(told).toEqual([
      {
        person_id: world.people.peerA.id,
        payload: {
          interventionId: expect.any(String),
          conversationId: first,
          personId: world.people.agentA.id,
        },
      },
    ]);
    expect(
      await world.store.query(
        "SELECT 1 FROM events WHERE type = 'whisper.undelivered' AND conversation_id = $1",
        [second],
      ),
    ).toEqual([]);
    expect(deadLetter).toMatchObject({
      eventType: "whisper.sent",
      conversationId: first,
      attempts: 1,
      lastError:
        "Chatwoot answered 404 (“Resource could not be found”) to a private note on conversation 92 of account 6: the conversation was deleted in Chatwoot, or TAGTEAM_CHATWOOT_URL is not the Chatwoot the webhook comes from",
    });
  });

  it("the teammate whose whisper became a dead letter hears of it at once, on their own socket only", async () => {
    const address = await world.app.app.listen({ host: "127.0.0.1", port: 0 });
    const socketOf = async (who: "peerA" | "agentA") => {
      const login = await world.app.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: world.people[who].email, password: PASSWORD },
      });
      const cookie = login.cookies.find((c) => c.name === "tagteam_session");
      const socket = await openSocket(`${address.replace("http", "ws")}/api/v1/ws`, {
        cookie: `tagteam_session=${cookie?.value ?? ""}`,
      });
      socket.send({ type: "hello", protocolVersion: PROTOCOL_VERSION, rooms: [] });
      await socket.next(isType("welcome"));
      return socket;
    };
    const helper = await socketOf("peerA");
    const agent = await socketOf("agentA");
    try {
      const conversationId = await chatwootConversation(6, 95);
      chatwoot.answers = [404];
      expect((await whisper(conversationId, "Refund it.")).statusCode).toBe(201);
      const told = await helper.waitFor((f) => f.type === "event" && f.event.type === "whisper.undelivered");
      expect(told.type === "event" ? told.event : null).toMatchObject({
        conversationId,
        personId: world.people.peerA.id,
        data: { conversationId, personId: world.people.agentA.id },
      });
      await world.app.ctx.bus.idle();
      // The agent heard of the whisper (whisper.sent), not of its note's fate.
      expect(agent.frames.some((f) => f.type === "event" && f.event.type === "whisper.undelivered")).toBe(
        false,
      );
    } finally {
      helper.close();
      agent.close();
    }
  });

  it("a note Chatwoot refuses for its token says so, with Chatwoot's words and what to check", async () => {
    const conversationId = await chatwootConversation(6, 94);
    chatwoot.answers = [401];
    chatwoot.refusalBody = '{"error":"Invalid Access Token"}';
    expect((await whisper(conversationId, "Refund it.")).statusCode).toBe(201);
    await world.app.ctx.bus.idle();
    const listed = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
    const deadLetter = listed
      .json()
      .deadLetters.find((d: { conversationId: string }) => d.conversationId === conversationId);
    expect(deadLetter?.lastError).toBe(
      "Chatwoot answered 401 (“Invalid Access Token”) to a private note on conversation 94 of account 6: check that TAGTEAM_CHATWOOT_API_TOKEN is the access token of a Chatwoot user (Profile settings → Access Token) who is a member of that conversation's inbox",
    );
  });

  it("an unreachable Chatwoot never fails the whisper either: retried while it is worth posting, then a dead letter", async () => {
    const gone = new FakeChatwoot();
    const url = await gone.start();
    await gone.stop(); // nothing listens there any more
    const offline = await createWorld({
      env: {
        TAGTEAM_CHATWOOT_URL: url,
        TAGTEAM_CHATWOOT_API_TOKEN: CHATWOOT_API_TOKEN,
        TAGTEAM_CHATWOOT_NOTE_MAX_AGE_MS: "1000",
        ...FAST_RETRIES,
      },
    });
    try {
      const token = await offline.token("leadA", ["ingest"]);
      const incoming = await offline.app.app.inject({
        method: "POST",
        url: `/api/v1/webhooks/chatwoot?team=${offline.teams.a}&token=${token}`,
        payload: chatwootMessage({ id: 1, conversation: 1, content: "Hello?" }),
      });
      const r = await offline.inject({
        method: "POST",
        url: `/api/v1/conversations/${incoming.json().results[0].conversationId}/step-in`,
        as: "peerA",
        payload: { kind: "whisper", text: "Greet them by name." },
      });
      expect(r.statusCode).toBe(201);
      await offline.app.ctx.bus.idle();
      const failed = await metric(offline, "tagteam_chatwoot_notes_total", 'outcome="failed"');
      expect(failed).toBeGreaterThan(1);
      expect(
        await metric(offline, "tagteam_deliveries_total", 'processor="chatwoot-notes",outcome="expired"'),
      ).toBe(1);
      const listed = await offline.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
      expect(listed.json().deadLetters).toEqual([
        expect.objectContaining({
          processor: "chatwoot-notes",
          eventType: "whisper.sent",
          attempts: failed,
          lastError: expect.stringMatching(
            new RegExp(
              `^not sent: ${failed} attempts failed and it would be older than 1 second by the next one \\(the receiver was failing: fetch failed \\(ECONNREFUSED`,
            ),
          ),
        }),
      ]);
      // Chatwoot is still failing: the admin screen says so, with nothing waiting for an attempt.
      // (Its replies' processor, chatwoot-replies, has had nothing to post.)
      expect(listed.json().processors.filter((p: { name: string }) => p.name === "chatwoot-notes")).toEqual([
        expect.objectContaining({
          name: "chatwoot-notes",
          maxAgeMs: 1000,
          failing: {
            since: expect.any(String),
            lastError: expect.stringMatching(/^fetch failed/),
            nextAttemptAt: null,
          },
        }),
      ]);
      expect(listed.json().deadLetters[0].lastError).not.toContain(url);
    } finally {
      await offline.close();
    }
  });
});

describe("Chatwoot in, signed: TAGTEAM_CHATWOOT_WEBHOOK_SECRET", () => {
  const SECRET = "chatwoot-webhook-secret-1";
  let world: World;
  let token: string;
  beforeAll(async () => {
    world = await createWorld({ env: { TAGTEAM_CHATWOOT_WEBHOOK_SECRET: SECRET } });
    token = await world.token("leadA", ["ingest"]);
  });
  afterAll(async () => {
    await world?.close();
  });

  /** Posts the body's exact bytes, signed as Chatwoot signs them unless told otherwise. */
  const post = (
    body: string,
    sign: { secret?: string; timestamp?: string; signedBody?: string; omit?: "signature" | "timestamp" } = {},
  ) => {
    const timestamp = sign.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signature = chatwootSignature(sign.secret ?? SECRET, timestamp, sign.signedBody ?? body);
    return world.app.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=${token}`,
      headers: {
        "content-type": "application/json",
        ...(sign.omit !== "signature" ? { "x-chatwoot-signature": signature } : {}),
        ...(sign.omit !== "timestamp" ? { "x-chatwoot-timestamp": timestamp } : {}),
      },
      payload: body,
    });
  };
  const stored = async () =>
    (await world.inject({ method: "GET", url: "/api/v1/conversations?status=all", as: "admin" })).json()
      .conversations.length as number;

  it("reads a request Chatwoot signed, byte for byte as sent", async () => {
    // Spacing a JSON parser would not reproduce: the signature covers the bytes, not the object.
    const body = JSON.stringify(
      chatwootMessage({ id: 901, conversation: 70, content: "Where is my order?" }),
      null,
      1,
    );
    const r = await post(body);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      ignored: 0,
      results: [{ senderMessageId: "chatwoot:3:901", created: true }],
    });
  });

  it("refuses unsigned, tampered, stale or foreign-signed requests with 401 naming why, and stores nothing", async () => {
    const before = await stored();
    const body = JSON.stringify(chatwootMessage({ id: 902, conversation: 71, content: "Hello" }));
    const cases: [Parameters<typeof post>[1], RegExp][] = [
      [{ omit: "signature" }, /X-Chatwoot-Signature header is missing/],
      [{ omit: "timestamp" }, /X-Chatwoot-Timestamp header is missing/],
      [{ signedBody: body.replace("Hello", "Hullo") }, /does not match/],
      [{ secret: "someone-elses-secret" }, /does not match/],
      [{ timestamp: String(Math.floor(Date.now() / 1000) - 600) }, /more than 5 minutes/],
    ];
    for (const [sign, why] of cases) {
      const r = await post(body, sign);
      expect(r.statusCode).toBe(401);
      expect(r.json().error).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringMatching(why) });
    }
    expect(await stored()).toBe(before);
    expect(await metric(world, "tagteam_chatwoot_webhook_events_total", 'outcome="bad_signature"')).toBe(
      cases.length,
    );
  });

  it("refuses an unsigned status change too: the conversation stays open until Chatwoot signs it", async () => {
    const first = await post(JSON.stringify(chatwootMessage({ id: 905, conversation: 74, content: "Hi" })));
    const id = first.json().results[0].conversationId as string;
    const body = JSON.stringify(chatwootStatus({ conversation: 74, status: "resolved" }));
    for (const sign of [{ omit: "signature" }, { secret: "someone-elses-secret" }] as const) {
      const r = await post(body, sign);
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe("UNAUTHENTICATED");
    }
    expect(await eventsOf(world, "conversation.closed", id)).toEqual([]);
    expect((await standing(world, id)).status).toBe("open");
    const signed = await post(body);
    expect(signed.json()).toMatchObject({ conversationId: id, closed: true });
    expect((await standing(world, id)).status).toBe("closed");
  });

  it("a body over the server's limit is refused before it is read whole", async () => {
    const body = JSON.stringify(
      chatwootMessage({ id: 904, conversation: 73, content: "x".repeat(3 * 1024 * 1024) }),
    );
    const r = await post(body);
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("still needs the ingest token: a signature alone is not enough", async () => {
    const body = JSON.stringify(chatwootMessage({ id: 903, conversation: 72, content: "Hi" }));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const r = await world.app.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}`,
      headers: {
        "content-type": "application/json",
        "x-chatwoot-signature": chatwootSignature(SECRET, timestamp, body),
        "x-chatwoot-timestamp": timestamp,
      },
      payload: body,
    });
    expect(r.statusCode).toBe(401);
  });
});

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyWebhookPayloadSchema } from "../../src/protocol/index.ts";
import { signReplyWebhook } from "../../src/server/integrations/replies.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * A teammate's reply reaches the customer whatever the conversation came through, or is refused
 * with the reason: built-in chat (the widget reads it), Chatwoot (posted back as an outgoing
 * message), a helpdesk through the ingest API (the signed reply webhook), an import (never). The
 * receivers are one real HTTP server on a port of this task's range (3960), standing in for
 * Chatwoot's API and for the helpdesk.
 */

const RECEIVER_PORT = 3960;
const RECEIVER = `http://127.0.0.1:${RECEIVER_PORT}`;
const SECRET = "reply-webhook-secret-0123456789";
const CHATWOOT_TOKEN = "cw-token-for-replies";
/** Retries in milliseconds: failures settle at once. */
const FAST_RETRIES = { TAGTEAM_DELIVERY_RETRY_BASE_MS: "1", TAGTEAM_DELIVERY_RETRY_MAX_MS: "4" };

/** Chatwoot's API under /chatwoot and the helpdesk's reply webhook under /helpdesk. */
class Receiver {
  readonly received: { url: string; headers: IncomingHttpHeaders; raw: string; body: unknown; id: number }[] =
    [];
  /** The next answers' statuses (then 200). */
  answers: number[] = [];
  private server: Server | null = null;
  private nextChatwootId = 4200;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", () => {
        const id = this.nextChatwootId++;
        this.received.push({
          url: req.url ?? "",
          headers: req.headers,
          raw,
          body: JSON.parse(raw) as unknown,
          id,
        });
        const status = this.answers.shift() ?? 200;
        res
          .writeHead(status, { "content-type": "application/json" })
          .end(status >= 400 ? '{"error":"Gone"}' : JSON.stringify({ id }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(RECEIVER_PORT, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const chatwootMessage = (
  id: number,
  conversation: number,
  content: string,
  extra: Record<string, unknown> = {},
) => ({
  event: "message_created",
  id,
  content,
  message_type: "incoming",
  private: false,
  sender: { id: 14, name: "Nia Okafor", type: "contact" },
  conversation: { id: conversation, channel: "Channel::WebWidget" },
  account: { id: 3 },
  ...extra,
});

async function ingestToken(world: World): Promise<string> {
  return world.token("leadA", ["ingest"]);
}

/** A conversation of each origin in team A; their tagteam ids. */
async function conversations(world: World) {
  const token = await ingestToken(world);
  const teams = (await world.inject({ method: "GET", url: "/api/v1/teams", as: "agentA" })).json().teams;
  const chatKey = teams.find((t: { id: string }) => t.id === world.teams.a).chatKey;
  const chat = (
    await world.app.app.inject({
      method: "POST",
      url: "/api/v1/chat/conversations",
      payload: { chatKey, name: "Rosa", text: "Where is my parcel?" },
    })
  ).json().conversationId as string;
  const api = (
    await world.postMessages(
      token,
      message({ teamId: world.teams.a, conversationId: "hd-501", text: "My refund has not arrived." }),
    )
  ).json().results[0].conversationId as string;
  const chatwoot = (
    await world.app.app.inject({
      method: "POST",
      url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=${token}`,
      payload: chatwootMessage(9001, 77, "Can I change my address?"),
    })
  ).json().results[0].conversationId as string;
  const imported = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/import",
    headers: { authorization: `Bearer ${token}` },
    payload: {
      teamId: world.teams.a,
      conversations: [{ id: "old-77", messages: [{ role: "customer", text: "Last year's question." }] }],
    },
  });
  expect(imported.statusCode).toBe(200);
  const importedId = (
    await world.inject({
      method: "GET",
      url: `/api/v1/conversations?teamId=${world.teams.a}&status=all`,
      as: "leadA",
    })
  )
    .json()
    .conversations.find((c: { externalId: string }) => c.externalId === "old-77").id as string;
  return { chat, api, chatwoot, imported: importedId };
}

const detail = async (world: World, id: string) =>
  (await world.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "agentA" })).json()
    .conversation;

const reply = (world: World, id: string, text: string) =>
  world.inject({
    method: "POST",
    url: `/api/v1/conversations/${id}/messages`,
    as: "agentA",
    payload: { text },
  });

describe("replies with no outbound delivery configured", () => {
  let world: World;
  let ids: Awaited<ReturnType<typeof conversations>>;
  beforeAll(async () => {
    world = await createWorld();
    ids = await conversations(world);
  });
  afterAll(async () => world?.close());

  it("knows each conversation's origin and says whether a reply would reach the customer", async () => {
    const chat = await detail(world, ids.chat);
    expect(chat.origin).toBe("chat");
    expect(chat.replies).toEqual({
      via: "chat",
      notSentReason: null,
      explanation: "Replies go to the customer's chat window.",
    });
    const api = await detail(world, ids.api);
    expect(api.origin).toBe("api");
    expect(api.replies).toEqual({
      via: null,
      notSentReason: "no_reply_webhook",
      explanation: "Replies here are not sent to the customer: answer in your helpdesk.",
    });
    const chatwoot = await detail(world, ids.chatwoot);
    expect(chatwoot.origin).toBe("chatwoot");
    expect(chatwoot.replies.notSentReason).toBe("chatwoot_not_configured");
    expect(chatwoot.replies.explanation).toContain("Answer in Chatwoot");
    const imported = await detail(world, ids.imported);
    expect(imported.origin).toBe("import");
    expect(imported.replies.notSentReason).toBe("imported");
  });

  it("a built-in chat reply is stored and shown to the customer at once", async () => {
    const r = await reply(world, ids.chat, "Hi Rosa, it left our warehouse this morning.");
    expect(r.statusCode).toBe(201);
    expect(r.json().delivery).toEqual({ via: "chat", state: "sent" });
  });

  it("refuses a reply that would reach nobody, stores nothing, and says where to answer", async () => {
    for (const [id, words] of [
      [ids.api, "Replies here are not sent to the customer: answer in your helpdesk."],
      [
        ids.chatwoot,
        "Replies here are not sent to the customer: tagteam is not set up to post to Chatwoot. Answer in Chatwoot.",
      ],
      [ids.imported, "This is an imported transcript: there is no customer waiting to read a reply here."],
    ] as const) {
      const before = (await detail(world, id)).messages.length;
      const r = await reply(world, id, "This would go nowhere.");
      expect(r.statusCode, r.body).toBe(409);
      expect(r.json().error).toMatchObject({ code: "INVALID_STATE", message: words });
      expect((await detail(world, id)).messages.length).toBe(before);
    }
  });

  it("refuses a reply on a closed conversation, even a built-in chat", async () => {
    expect(
      (await world.inject({ method: "POST", url: `/api/v1/conversations/${ids.chat}/close`, as: "agentA" }))
        .statusCode,
    ).toBe(200);
    const closed = await detail(world, ids.chat);
    expect(closed.replies).toMatchObject({ via: null, notSentReason: "closed" });
    const r = await reply(world, ids.chat, "One more thing…");
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toBe(
      "This conversation is closed: a reply here would not reach the customer.",
    );
  });
});

describe("replies delivered to Chatwoot and to the helpdesk's reply webhook", () => {
  let world: World;
  let ids: Awaited<ReturnType<typeof conversations>>;
  const receiver = new Receiver();
  beforeAll(async () => {
    await receiver.start();
    world = await createWorld({
      env: {
        TAGTEAM_CHATWOOT_URL: `${RECEIVER}/chatwoot`,
        TAGTEAM_CHATWOOT_API_TOKEN: CHATWOOT_TOKEN,
        TAGTEAM_REPLY_WEBHOOK_URL: `${RECEIVER}/helpdesk/replies`,
        TAGTEAM_REPLY_WEBHOOK_SECRET: SECRET,
        ...FAST_RETRIES,
      },
    });
    ids = await conversations(world);
  });
  afterAll(async () => {
    await world?.close();
    await receiver.stop();
  });

  it("posts a Chatwoot conversation's reply to Chatwoot as an outgoing message, and not back in again", async () => {
    expect((await detail(world, ids.chatwoot)).replies.via).toBe("chatwoot");
    receiver.received.length = 0;
    const r = await reply(world, ids.chatwoot, "Yes, Nia: send me the new address and I'll change it.");
    expect(r.statusCode).toBe(201);
    expect(r.json().delivery).toEqual({ via: "chatwoot", state: "waiting" });
    const messageId = r.json().result.messageId as string;
    await world.app.ctx.bus.idle();
    expect(receiver.received).toHaveLength(1);
    const [post] = receiver.received;
    expect(post?.url).toBe("/chatwoot/api/v1/accounts/3/conversations/77/messages");
    expect(post?.headers.api_access_token).toBe(CHATWOOT_TOKEN);
    expect(post?.body).toEqual({
      content: "Yes, Nia: send me the new address and I'll change it.",
      message_type: "outgoing",
      private: false,
      content_attributes: { tagteam_message_id: messageId },
    });
    const line = (await detail(world, ids.chatwoot)).messages.find((m: { id: string }) => m.id === messageId);
    expect(line.delivery).toMatchObject({ via: "chatwoot", state: "sent", error: null });

    // Chatwoot's webhook sends the reply back: with our attribute, or (an older Chatwoot) by its id.
    const token = await ingestToken(world);
    // Chatwoot's id for the message it created (what its answer said).
    const chatwootId = post?.id ?? 0;
    for (const echo of [
      chatwootMessage(7001, 77, "Yes, Nia: send me the new address and I'll change it.", {
        message_type: "outgoing",
        sender: { id: 1, name: "Aaron", email: world.people.agentA.email, type: "user" },
        content_attributes: { tagteam_message_id: messageId },
      }),
      chatwootMessage(chatwootId, 77, "Yes, Nia: send me the new address and I'll change it.", {
        message_type: "outgoing",
        sender: { id: 1, name: "Aaron", email: world.people.agentA.email, type: "user" },
        content_attributes: {},
      }),
    ]) {
      const back = await world.app.app.inject({
        method: "POST",
        url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=${token}`,
        payload: echo,
      });
      expect(back.json()).toMatchObject({ ignored: 1, ignoredReason: "tagteam_reply" });
    }
    const texts = (await detail(world, ids.chatwoot)).messages.map((m: { text: string }) => m.text);
    expect(texts.filter((t: string) => t.startsWith("Yes, Nia"))).toHaveLength(1);
  });

  it("posts a helpdesk conversation's reply to the reply webhook, signed, for the helpdesk to send", async () => {
    expect((await detail(world, ids.api)).replies.via).toBe("webhook");
    receiver.received.length = 0;
    const r = await reply(world, ids.api, "I've found your refund: it reaches your bank tomorrow.");
    expect(r.statusCode).toBe(201);
    expect(r.json().delivery).toEqual({ via: "webhook", state: "waiting" });
    const messageId = r.json().result.messageId as string;
    await world.app.ctx.bus.idle();
    expect(receiver.received).toHaveLength(1);
    const [post] = receiver.received;
    expect(post?.url).toBe("/helpdesk/replies");
    expect(post?.body).toEqual({
      type: "reply.sent",
      replyId: messageId,
      conversationId: "hd-501",
      tagteamConversationId: ids.api,
      teamId: world.teams.a,
      text: "I've found your refund: it reaches your bank tomorrow.",
      author: {
        id: world.people.agentA.id,
        name: world.people.agentA.displayName,
        email: world.people.agentA.email,
      },
      sentAt: expect.any(String) as string,
    });
    // As the OpenAPI description documents it (webhooks.replySent).
    expect(replyWebhookPayloadSchema.strict().safeParse(post?.body).success).toBe(true);
    const openapi = (await world.app.app.inject({ url: "/openapi.json" })).json();
    expect(
      Object.keys(openapi.webhooks.replySent.post.requestBody.content["application/json"].schema.properties),
    ).toEqual(Object.keys(replyWebhookPayloadSchema.shape));
    // The signature is over the exact bytes sent, with the time it names.
    const signature = String(post?.headers["x-tagteam-signature"]);
    const t = Number(/^t=(\d+),v1=[0-9a-f]{64}$/.exec(signature)?.[1]);
    expect(signature).toBe(signReplyWebhook(SECRET, post?.raw ?? "", t));
    expect(signature).not.toBe(signReplyWebhook("another-secret-0123456789", post?.raw ?? "", t));
    const line = (await detail(world, ids.api)).messages.find((m: { id: string }) => m.id === messageId);
    expect(line.delivery).toMatchObject({ via: "webhook", state: "sent" });
  });

  it("a reply the helpdesk refuses is marked failed, its writer told, and sent when an admin sends it again", async () => {
    receiver.received.length = 0;
    receiver.answers = [410];
    const r = await reply(world, ids.api, "Your replacement ships on Monday.");
    const messageId = r.json().result.messageId as string;
    await world.app.ctx.bus.idle();
    const failed = (await detail(world, ids.api)).messages.find((m: { id: string }) => m.id === messageId);
    expect(failed.delivery).toMatchObject({
      state: "failed",
      error:
        "the server's reply webhook (TAGTEAM_REPLY_WEBHOOK_URL) answered 410 to the reply on conversation hd-501: nothing takes replies at that address. Check TAGTEAM_REPLY_WEBHOOK_URL",
    });
    const told = await world.store.query(
      "SELECT person_id, payload FROM events WHERE org_id = $1 AND type = 'reply.undelivered'",
      [world.orgId],
    );
    expect(told).toEqual([
      { person_id: world.people.agentA.id, payload: { messageId, conversationId: ids.api } },
    ]);

    const listed = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
    const deadLetter = listed
      .json()
      .deadLetters.find(
        (d: { processor: string; conversationId: string }) => d.processor === "reply-webhook",
      );
    expect(deadLetter?.conversationId).toBe(ids.api);
    const again = await world.inject({
      method: "POST",
      url: `/api/v1/admin/deliveries/${deadLetter.id}/retry`,
      as: "admin",
    });
    expect(again.statusCode, again.body).toBe(200);
    const sent = (await detail(world, ids.api)).messages.find((m: { id: string }) => m.id === messageId);
    expect(sent.delivery).toMatchObject({ state: "sent", error: null });
    expect(receiver.received).toHaveLength(2);
  });

  it("an imported transcript still takes no reply, with the outlets configured", async () => {
    const r = await reply(world, ids.imported, "Hello?");
    expect(r.statusCode).toBe(409);
  });
});

import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import { createOrganisation, createPerson, hashToken, listAuditEntries } from "../../src/store/index.ts";
import { createWorld, message, PASSWORD, type World } from "./factories.ts";
import { FakeReceiver } from "./fakeReceiver.ts";

/*
 * Admin → Integrations, per organisation: an admin sets their organisation's own Chatwoot and
 * reply webhook; teammates' replies then go there (not to the server's), signed with a secret the
 * server made and showed once. No read returns a secret, nothing is written for bad input, every
 * change is audited, and another organisation's admin sees none of it. Real HTTP receivers.
 */

const FAST_RETRIES = { TAGTEAM_DELIVERY_RETRY_BASE_MS: "1", TAGTEAM_DELIVERY_RETRY_MAX_MS: "4" };
const CHATWOOT_TOKEN = "cw-org-token-7f3a";

let world: World;
let helpdesk: FakeReceiver;
let chatwoot: FakeReceiver;
let serverWebhook: FakeReceiver;
/** The other organisation's admin's session. */
let elsewhere: string;

const settings = async (as: "admin" = "admin") =>
  world.inject({ method: "GET", url: "/api/v1/admin/integrations/settings", as });

beforeAll(async () => {
  helpdesk = new FakeReceiver();
  chatwoot = new FakeReceiver();
  serverWebhook = new FakeReceiver();
  await Promise.all([helpdesk.start(), chatwoot.start(), serverWebhook.start()]);
  chatwoot.answerFor = () => 200;
  world = await createWorld({
    env: {
      ...FAST_RETRIES,
      // The server-wide fallback: replaced by the organisation's own once it sets one.
      TAGTEAM_REPLY_WEBHOOK_URL: serverWebhook.url("/server-hook"),
      TAGTEAM_REPLY_WEBHOOK_SECRET: "server-wide-secret-0123456789",
    },
  });
  const org = await createOrganisation(world.store, { name: "Elsewhere", slug: "elsewhere-integrations" });
  await createPerson(world.store, {
    orgId: org.id,
    email: "admin@elsewhere.example",
    displayName: "Elsa Elsewhere",
    role: "admin",
    availability: "available",
    teamIds: [],
    passwordHash: await hashPassword(PASSWORD),
  });
  const login = await world.app.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: "admin@elsewhere.example", password: PASSWORD },
  });
  elsewhere = `tagteam_session=${login.cookies.find((c) => c.name === "tagteam_session")?.value}`;
});

afterAll(async () => {
  await world?.close();
  await Promise.all([helpdesk?.stop(), chatwoot?.stop(), serverWebhook?.stop()]);
});

const verify = (secret: string, header: string, raw: string) => {
  const [t, v1] = header.split(",").map((p) => p.split("=")[1]);
  return createHmac("sha256", secret).update(`${t}.${raw}`).digest("hex") === v1;
};

describe("an organisation's own integrations", () => {
  it("starts with none of its own, and says the server's reply webhook serves it", async () => {
    const r = await settings();
    expect(r.statusCode).toBe(200);
    expect(r.json().settings).toEqual({
      chatwoot: { own: null, server: false },
      replyWebhook: { own: null, server: true },
      alertWebhook: { own: null, server: false },
      secrets: { encrypted: false },
    });
  });

  it("refuses bad input with the field named, and writes nothing", async () => {
    for (const [url, payload, field] of [
      ["/api/v1/admin/integrations/reply-webhook", { url: "ftp://helpdesk.example/hook" }, "url"],
      ["/api/v1/admin/integrations/reply-webhook", { url: "not a url" }, "url"],
      ["/api/v1/admin/integrations/reply-webhook", { url: "https://h.example", secret: "mine" }, "secret"],
      ["/api/v1/admin/integrations/chatwoot", { url: "https://chatwoot.example" }, "apiToken"],
      [
        "/api/v1/admin/integrations/chatwoot",
        { url: "javascript:alert(1)", apiToken: CHATWOOT_TOKEN },
        "url",
      ],
      [
        "/api/v1/admin/integrations/chatwoot",
        { url: "https://chatwoot.example", apiToken: "a b c d e f" },
        "apiToken",
      ],
    ] as const) {
      const r = await world.inject({ method: "PUT", url, as: "admin", payload });
      expect(r.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
      expect(r.json().error.code).toBe("VALIDATION_FAILED");
      expect(r.json().error.message).toContain(field);
    }
    expect((await settings()).json().settings.chatwoot.own).toBeNull();
    expect((await settings()).json().settings.replyWebhook.own).toBeNull();
  });

  it("lets only admins, each of their own organisation, read or change them", async () => {
    for (const as of ["leadA", "agentA"] as const) {
      expect(
        (await world.inject({ method: "GET", url: "/api/v1/admin/integrations/settings", as })).statusCode,
      ).toBe(403);
      const put = await world.inject({
        method: "PUT",
        url: "/api/v1/admin/integrations/reply-webhook",
        as,
        payload: { url: helpdesk.url("/lead") },
      });
      expect(put.statusCode).toBe(403);
    }
    expect((await settings()).json().settings.replyWebhook.own).toBeNull();
  });

  it("makes the reply webhook's secret once, never shows it again, and sends replies there signed with it", async () => {
    const put = await world.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/reply-webhook",
      as: "admin",
      payload: { url: helpdesk.url("/replies") },
    });
    expect(put.statusCode, put.body).toBe(200);
    const secret = put.json().secret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(put.json().settings.replyWebhook.own).toMatchObject({
      url: helpdesk.url("/replies"),
      secretLast4: secret.slice(-4),
      updatedBy: { id: world.people.admin.id },
    });
    // Changing the address keeps the secret and does not show it.
    const again = await world.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/reply-webhook",
      as: "admin",
      payload: { url: helpdesk.url("/replies") },
    });
    expect(again.json().secret).toBeNull();
    const read = await settings();
    expect(read.body).not.toContain(secret);

    // Another organisation's admin sees only theirs.
    const theirs = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/admin/integrations/settings",
      headers: { cookie: elsewhere },
    });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().settings.replyWebhook.own).toBeNull();
    expect(theirs.body).not.toContain("/replies");

    // A teammate's reply on a helpdesk conversation goes to the organisation's webhook, not the server's.
    const token = await world.token("leadA", ["ingest"]);
    const conversationId = (
      await world.postMessages(
        token,
        message({ teamId: world.teams.a, conversationId: "hd-9", text: "Where is it?" }),
      )
    ).json().results[0].conversationId as string;
    const reply = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/messages`,
      as: "agentA",
      payload: { text: "On its way, Rosa." },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().delivery).toEqual({ via: "webhook", state: "waiting" });
    await helpdesk.waitFor((posts) => posts.length >= 1);
    await world.app.ctx.bus.idle();
    expect(serverWebhook.received).toHaveLength(0);
    const [post] = helpdesk.received;
    expect(post?.url).toBe("/replies");
    expect(post?.body).toMatchObject({
      type: "reply.sent",
      text: "On its way, Rosa.",
      conversationId: "hd-9",
    });
    expect(verify(secret, String(post?.headers["x-tagteam-signature"]), post?.raw ?? "")).toBe(true);
  });

  it("sends a signed test event and says what the webhook answered; a new secret signs from then on", async () => {
    const rotated = await world.inject({
      method: "POST",
      url: "/api/v1/admin/integrations/reply-webhook/secret",
      as: "admin",
    });
    expect(rotated.statusCode).toBe(200);
    const secret = rotated.json().secret as string;
    const before = helpdesk.received.length;
    const test = await world.inject({
      method: "POST",
      url: "/api/v1/admin/integrations/reply-webhook/test",
      as: "admin",
    });
    expect(test.statusCode).toBe(200);
    expect(test.json()).toEqual({
      ok: true,
      status: 200,
      message: "Your webhook answered 200: replies will reach it.",
      source: "organisation",
    });
    const post = helpdesk.received[before];
    expect(post?.body).toMatchObject({ type: "test", organisationId: world.orgId });
    expect(verify(secret, String(post?.headers["x-tagteam-signature"]), post?.raw ?? "")).toBe(true);

    helpdesk.answers.push(410);
    const refused = await world.inject({
      method: "POST",
      url: "/api/v1/admin/integrations/reply-webhook/test",
      as: "admin",
    });
    expect(refused.json()).toMatchObject({ ok: false, status: 410 });
    expect(refused.json().message).toContain("answered 410");
  });

  it("posts replies on Chatwoot's conversations to the organisation's Chatwoot with its token", async () => {
    const put = await world.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/chatwoot",
      as: "admin",
      payload: { url: chatwoot.url("/cw"), apiToken: CHATWOOT_TOKEN },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().settings.chatwoot.own).toMatchObject({
      url: chatwoot.url("/cw"),
      apiTokenLast4: "7f3a",
    });
    expect(put.body).not.toContain(CHATWOOT_TOKEN);
    const token = await world.token("leadA", ["ingest"]);
    const conversationId = (
      await world.app.app.inject({
        method: "POST",
        url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=${token}`,
        payload: {
          event: "message_created",
          id: 501,
          content: "Can I change my address?",
          message_type: "incoming",
          private: false,
          sender: { id: 14, name: "Nia Okafor", type: "contact" },
          conversation: { id: 88, channel: "Channel::WebWidget" },
          account: { id: 3 },
        },
      })
    ).json().results[0].conversationId as string;
    const reply = await world.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/messages`,
      as: "agentA",
      payload: { text: "Yes: tell me the new one." },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().delivery).toEqual({ via: "chatwoot", state: "waiting" });
    await chatwoot.waitFor((posts) => posts.length >= 1);
    const [post] = chatwoot.received;
    expect(post?.url).toBe("/cw/api/v1/accounts/3/conversations/88/messages");
    expect(post?.headers.api_access_token).toBe(CHATWOOT_TOKEN);
    expect(post?.body).toMatchObject({ content: "Yes: tell me the new one.", private: false });
  });

  it("a reply its own Chatwoot refuses says to check the token on Admin → Integrations, not the server's settings", async () => {
    const token = await world.token("leadA", ["ingest"]);
    const conversationId = (
      await world.app.app.inject({
        method: "POST",
        url: `/api/v1/webhooks/chatwoot?team=${world.teams.a}&token=${token}`,
        payload: {
          event: "message_created",
          id: 502,
          content: "Where is my parcel?",
          message_type: "incoming",
          private: false,
          sender: { id: 15, name: "Ravi Shah", type: "contact" },
          conversation: { id: 89, channel: "Channel::WebWidget" },
          account: { id: 3 },
        },
      })
    ).json().results[0].conversationId as string;
    chatwoot.answerFor = (body) =>
      (body as { content?: string }).content === "On its way today." ? 401 : 200;
    try {
      const reply = await world.inject({
        method: "POST",
        url: `/api/v1/conversations/${conversationId}/messages`,
        as: "agentA",
        payload: { text: "On its way today." },
      });
      expect(reply.statusCode, reply.body).toBe(201);
      await chatwoot.waitFor((posts) => posts.some((p) => p.answer === 401));
      await world.app.ctx.bus.idle();
      const listed = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
      const deadLetter = listed
        .json()
        .deadLetters.find((d: { conversationId: string }) => d.conversationId === conversationId);
      expect(deadLetter?.lastError).toBe(
        "Chatwoot answered 401 to a reply on conversation 89 of account 3: check that the access token set on Admin → Integrations (Where replies and whispers go → Chatwoot) is the access token of a Chatwoot user (Profile settings → Access Token) who is a member of that conversation's inbox",
      );
    } finally {
      chatwoot.answerFor = () => 200;
    }
  });

  it("audits each change without the secret, and removing its own falls back to the server's", async () => {
    const removed = await world.inject({
      method: "DELETE",
      url: "/api/v1/admin/integrations/reply-webhook",
      as: "admin",
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().settings.replyWebhook).toEqual({ own: null, server: true });
    const test = await world.inject({
      method: "POST",
      url: "/api/v1/admin/integrations/reply-webhook/test",
      as: "admin",
    });
    expect(test.json()).toMatchObject({ ok: true, source: "server" });
    expect(serverWebhook.received.at(-1)?.url).toBe("/server-hook");

    const entries = await listAuditEntries(world.store, {
      orgId: world.orgId,
      action: "integration.updated",
      limit: 50,
    });
    const changes = entries
      .map((e) => e.details as { integration?: string; change?: string } | null)
      .map((d) => `${String(d?.integration)}:${String(d?.change)}`)
      .sort();
    expect(changes).toEqual(
      [
        "chatwoot:set",
        "reply_webhook:address_changed",
        "reply_webhook:removed",
        "reply_webhook:secret_rotated",
        "reply_webhook:set",
      ].sort(),
    );
    expect(JSON.stringify(entries)).not.toContain("whsec_");
    expect(JSON.stringify(entries)).not.toContain(CHATWOOT_TOKEN);
  });
});

describe("the live demo's conversations", () => {
  let demo: World;
  beforeAll(async () => {
    demo = await createWorld({ env: { TAGTEAM_DEMO: "live" } });
  });
  afterAll(async () => demo?.close());

  it("are the demo's by the token its replay posts with, not by their ids", async () => {
    // What createDemoCredentials does for the replay's token.
    const replayToken = await demo.token("leadA", ["ingest"]);
    demo.app.ctx.demoReplayTokens.add(hashToken(replayToken));
    const helpdeskToken = await demo.token("leadA", ["ingest"]);
    const post = async (token: string, conversationId: string) =>
      (
        await demo.postMessages(
          token,
          message({ teamId: demo.teams.a, conversationId, text: "Where is my parcel?" }),
        )
      ).json().results[0].conversationId as string;
    const replayed = await post(replayToken, "shop-41");
    const lookalike = await post(helpdeskToken, "sim-abc-3");
    const detail = async (id: string) =>
      (await demo.inject({ method: "GET", url: `/api/v1/conversations/${id}`, as: "agentA" })).json()
        .conversation;
    expect(await detail(replayed)).toMatchObject({ origin: "demo", replies: { via: "demo" } });
    // Named like the replay's, but a helpdesk's: without a reply webhook, a reply there is refused.
    expect(await detail(lookalike)).toMatchObject({
      origin: "api",
      replies: { via: null, notSentReason: "no_reply_webhook" },
    });
    const reply = await demo.inject({
      method: "POST",
      url: `/api/v1/conversations/${replayed}/messages`,
      as: "agentA",
      payload: { text: "It is on its way." },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().delivery).toEqual({ via: "demo", state: "sent" });
  });
});

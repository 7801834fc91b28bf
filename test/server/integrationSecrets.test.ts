import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/server/config.ts";
import { buildApp, type App } from "../../src/server/app.ts";
import { secretKeyId } from "../../src/store/index.ts";
import { FakeReceiver } from "./fakeReceiver.ts";
import { createWorld, message, testConfig, type World } from "./factories.ts";

/*
 * Organisations' Chatwoot tokens and reply webhook secrets at rest. Without TAGTEAM_SECRETS_KEY
 * they are stored as they are and Admin → Integrations says so; a server started with a key
 * encrypts the ones already saved (nothing lost: replies are still signed with the same secret);
 * a new key with the old one kept readable re-encrypts them; without the key that encrypted them
 * they cannot be read, and the admin is told to set them again. Real store, real HTTP receiver.
 */

const TOKEN = "cw-secret-token-9b2e";
const KEY1 = randomBytes(32);
const KEY2 = randomBytes(32);

let world: World;
let helpdesk: FakeReceiver;
const opened: App[] = [];

/** Another server on the world's database, started with these settings. */
const serverWith = async (env: Record<string, string>): Promise<App> => {
  const app = await buildApp({ config: testConfig(env), store: world.store });
  opened.push(app);
  return app;
};

const closed = async (app: App): Promise<void> => {
  opened.splice(opened.indexOf(app), 1);
  await app.close();
};

const rawRow = async () => {
  const [row] = await world.store.query(
    `SELECT chatwoot_api_token, chatwoot_api_token_key_id, reply_webhook_secret, reply_webhook_secret_key_id
     FROM organisation_integrations WHERE org_id = $1`,
    [world.orgId],
  );
  return row as Record<string, string | null>;
};

const asAdmin = async (app: App, method: "GET" | "PUT" | "POST", url: string, payload?: object) =>
  app.app.inject({
    method,
    url: `/api/v1/admin/integrations/${url}`,
    headers: { cookie: await world.cookie("admin") },
    ...(payload !== undefined ? { payload } : {}),
  });

const verify = (secret: string, header: string, raw: string) => {
  const [t, v1] = header.split(",").map((p) => p.split("=")[1]);
  return createHmac("sha256", secret).update(`${t}.${raw}`).digest("hex") === v1;
};

beforeAll(async () => {
  helpdesk = new FakeReceiver();
  await helpdesk.start();
  world = await createWorld();
});

afterAll(async () => {
  for (const app of opened) await app.close();
  await world?.close();
  await helpdesk?.stop();
});

describe("integration secrets at rest", () => {
  let webhookSecret = "";

  it("without a key, are stored as they are, and the page is told they are not encrypted", async () => {
    expect(
      (await asAdmin(world.app, "PUT", "chatwoot", { url: "https://cw.example", apiToken: TOKEN }))
        .statusCode,
    ).toBe(200);
    const put = await asAdmin(world.app, "PUT", "reply-webhook", { url: helpdesk.url("/replies") });
    webhookSecret = put.json().secret as string;
    expect(put.json().settings.secrets).toEqual({ encrypted: false });
    expect(await rawRow()).toEqual({
      chatwoot_api_token: TOKEN,
      chatwoot_api_token_key_id: null,
      reply_webhook_secret: webhookSecret,
      reply_webhook_secret_key_id: null,
    });
  });

  it("a server started with a key encrypts the ones already saved, and still signs with the same secret", async () => {
    const app = await serverWith({ TAGTEAM_SECRETS_KEY: KEY1.toString("base64") });
    const row = await rawRow();
    expect(row.chatwoot_api_token_key_id).toBe(secretKeyId(KEY1));
    expect(row.reply_webhook_secret_key_id).toBe(secretKeyId(KEY1));
    expect(row.chatwoot_api_token).not.toContain(TOKEN);
    expect(row.reply_webhook_secret).not.toContain(webhookSecret.slice(6));
    const read = await asAdmin(app, "GET", "settings");
    expect(read.json().settings).toMatchObject({
      chatwoot: { own: { apiTokenLast4: TOKEN.slice(-4), readable: true } },
      replyWebhook: { own: { secretLast4: webhookSecret.slice(-4), readable: true } },
      secrets: { encrypted: true },
    });
    const test = await asAdmin(app, "POST", "reply-webhook/test");
    expect(test.json()).toMatchObject({ ok: true, source: "organisation" });
    const post = helpdesk.received.at(-1);
    expect(verify(webhookSecret, String(post?.headers["x-tagteam-signature"]), post?.raw ?? "")).toBe(true);
    // Saved again under the key: encrypted straight away.
    await asAdmin(app, "PUT", "chatwoot", { url: "https://cw2.example", apiToken: TOKEN });
    expect((await rawRow()).chatwoot_api_token).not.toContain(TOKEN);
    await closed(app);
  });

  it("a new key, the old one kept readable, re-encrypts them under the new one", async () => {
    // Started and closed again: only its start-up pass matters (its loops would deliver with KEY2).
    await closed(
      await serverWith({
        TAGTEAM_SECRETS_KEY: KEY2.toString("hex"),
        TAGTEAM_SECRETS_OLD_KEYS: KEY1.toString("base64"),
      }),
    );
    const row = await rawRow();
    expect(row.chatwoot_api_token_key_id).toBe(secretKeyId(KEY2));
    expect(row.reply_webhook_secret_key_id).toBe(secretKeyId(KEY2));
  });

  it("without the key that encrypted them, says they cannot be read and takes new ones", async () => {
    const app = await serverWith({
      TAGTEAM_SECRETS_KEY: KEY1.toString("base64"),
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "1",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "4",
      TAGTEAM_REPLY_MAX_AGE_MS: "1000",
    });
    const before = await rawRow();
    const read = (await asAdmin(app, "GET", "settings")).json().settings;
    expect(read.chatwoot.own).toMatchObject({ readable: false, apiTokenLast4: "" });
    expect(read.replyWebhook.own).toMatchObject({ readable: false, secretLast4: "" });
    // Left as they are: the right key may come back.
    expect(await rawRow()).toEqual(before);
    const test = (await asAdmin(app, "POST", "reply-webhook/test")).json();
    expect(test.ok).toBe(false);
    expect(test.message).toContain("encrypted with a key the server no longer has");
    // A reply on a helpdesk conversation is kept, and its delivery fails saying what to do.
    const token = await world.token("leadA", ["ingest"]);
    const posted = await app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({ teamId: world.teams.a, conversationId: "hd-locked-1", text: "Any news?" }),
    });
    const conversationId = posted.json().results[0].conversationId as string;
    const reply = await app.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: { cookie: await world.cookie("agentA") },
      payload: { text: "Tomorrow." },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await app.ctx.bus.idle();
    const failed = (
      await app.app.inject({
        method: "GET",
        url: "/api/v1/admin/deliveries",
        headers: { cookie: await world.cookie("admin") },
      })
    )
      .json()
      .deadLetters.find((d: { conversationId: string }) => d.conversationId === conversationId);
    expect(failed?.lastError).toContain(
      "reply webhook secret was encrypted with a key the server no longer has",
    );
    expect(failed?.lastError).toContain("make a new secret on Admin → Integrations");
    const keep = await asAdmin(app, "PUT", "chatwoot", { url: "https://cw3.example" });
    expect(keep.statusCode).toBe(400);
    expect(keep.json().error.message).toContain("apiToken");
    const again = await asAdmin(app, "PUT", "chatwoot", { url: "https://cw3.example", apiToken: TOKEN });
    expect(again.json().settings.chatwoot.own).toMatchObject({
      readable: true,
      apiTokenLast4: TOKEN.slice(-4),
    });
    // Saving the webhook's address again makes a new secret, shown this once.
    const hook = await asAdmin(app, "PUT", "reply-webhook", { url: helpdesk.url("/replies") });
    expect(hook.json().secret).toMatch(/^whsec_/);
    expect(hook.json().settings.replyWebhook.own.readable).toBe(true);
  });

  it("refuses a key that is not 32 bytes, saying how to make one", () => {
    const result = loadConfig({ TAGTEAM_SECRETS_KEY: "too-short" });
    expect(JSON.stringify(result)).toContain("openssl rand -base64 32");
  });
});

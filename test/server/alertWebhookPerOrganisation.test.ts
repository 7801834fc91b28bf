import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findOrganisationIntegrations,
  listAuditEntries,
  resealOrganisationSecrets,
  secretKeys,
  setOrganisationAlertWebhook,
} from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";
import { otherOrganisation, troubledConversation, type OtherOrganisation } from "./otherOrganisation.ts";
import { FakeReceiver } from "./fakeReceiver.ts";

/*
 * Alerts out, per organisation: an admin sets their organisation's own Slack-style alert webhook on
 * Admin → Integrations. Its address is a secret (stored encrypted, shown as its host and last four
 * characters); "Send a test" posts a test message and says what the receiver answered; each
 * organisation's alerts go to its own webhook only, and the server's TAGTEAM_ALERT_WEBHOOK_URL
 * serves an organisation without one. Real HTTP receivers stand in for Slack.
 */

const SECRET_PATH = "/services/T0001/B0002/aLeRtSeCrEt9Zq";
let world: World;
let serverHook: FakeReceiver;
let hookA: FakeReceiver;
let hookB: FakeReceiver;
/** The other organisation: its admin's and its lead's sessions, and its team. */
let elsewhere: OtherOrganisation;

const asWorldAdmin = (method: "GET" | "PUT" | "POST" | "DELETE", path: string, payload?: object) =>
  world.inject({
    method,
    url: `/api/v1/admin/integrations/${path}`,
    as: "admin",
    ...(payload !== undefined ? { payload } : {}),
  });

const asElsewhere = (method: "GET" | "PUT" | "POST", path: string, payload?: object) =>
  world.app.app.inject({
    method,
    url: `/api/v1/admin/integrations/${path}`,
    headers: { cookie: elsewhere.admin },
    ...(payload !== undefined ? { payload } : {}),
  });

const alertTexts = (hook: FakeReceiver) =>
  hook.received.map((p) => (p.body as { text: string }).text).filter((t) => t.startsWith("Step-in alert"));

beforeAll(async () => {
  serverHook = new FakeReceiver();
  hookA = new FakeReceiver();
  hookB = new FakeReceiver();
  await Promise.all([serverHook.start(), hookA.start(), hookB.start()]);
  world = await createWorld({
    env: {
      TAGTEAM_ALERT_WEBHOOK_URL: serverHook.url("/server-hook"),
      TAGTEAM_SECRETS_KEY: randomBytes(32).toString("base64"),
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "1",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "4",
    },
  });
  elsewhere = await otherOrganisation(world, "elsewhere-alerts");
});

afterAll(async () => {
  await world?.close();
  await Promise.all([serverHook?.stop(), hookA?.stop(), hookB?.stop()]);
});

describe("an organisation's own alert webhook", () => {
  it("starts with none of its own, and says the server's serves it", async () => {
    const r = await asWorldAdmin("GET", "settings");
    expect(r.statusCode).toBe(200);
    expect(r.json().settings.alertWebhook).toEqual({ own: null, server: true });
  });

  it("refuses bad input with a 400 naming the field, and non-admins with a 403, changing nothing", async () => {
    for (const [payload, field] of [
      [{ url: "ftp://hooks.example/x" }, "url"],
      [{ url: "not a url" }, "url"],
      [{}, "url"],
      [{ url: hookA.url(SECRET_PATH), channel: "#alerts" }, "channel"],
    ] as const) {
      const r = await asWorldAdmin("PUT", "alert-webhook", payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.body).toContain(field);
    }
    const lead = await world.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/alert-webhook",
      as: "leadA",
      payload: { url: hookA.url(SECRET_PATH) },
    });
    expect(lead.statusCode).toBe(403);
    expect((await asWorldAdmin("GET", "settings")).json().settings.alertWebhook.own).toBeNull();
    expect((await asWorldAdmin("DELETE", "alert-webhook")).statusCode).toBe(409);
  });

  it("keeps the address encrypted, shows only its host and last four characters, and audits it masked", async () => {
    const address = hookA.url(SECRET_PATH);
    const r = await asWorldAdmin("PUT", "alert-webhook", { url: address });
    expect(r.statusCode).toBe(200);
    expect(r.json().settings.alertWebhook).toEqual({
      own: {
        host: new URL(address).host,
        urlLast4: address.slice(-4),
        readable: true,
        updatedAt: expect.any(String),
        updatedBy: { id: world.people.admin.id, name: world.people.admin.displayName },
      },
      server: true,
    });
    expect(r.body).not.toContain("aLeRtSeCrEt");
    expect((await asWorldAdmin("GET", "settings")).body).not.toContain("aLeRtSeCrEt");
    const [row] = await world.store.query(
      `SELECT alert_webhook_url, alert_webhook_url_key_id FROM organisation_integrations WHERE org_id = $1`,
      [world.orgId],
    );
    expect(String(row?.alert_webhook_url)).not.toContain("aLeRtSeCrEt");
    expect(row?.alert_webhook_url_key_id).toEqual(expect.any(String));
    const entries = await listAuditEntries(world.store, { orgId: world.orgId, limit: 20 });
    const entry = entries.find(
      (e) => e.action === "integration.updated" && JSON.stringify(e.details).includes("alert_webhook"),
    );
    expect(entry?.details).toMatchObject({ integration: "alert_webhook", change: "set" });
    expect(JSON.stringify(entry)).not.toContain("aLeRtSeCrEt");
    expect(JSON.stringify(entry)).toContain(address.slice(-4));
  });

  it("sends a test message and shows what the receiver answered", async () => {
    hookA.answers.push({ status: 200, body: "ok" });
    const ok = await asWorldAdmin("POST", "alert-webhook/test");
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      ok: true,
      status: 200,
      answer: "ok",
      message: expect.stringContaining("answered 200"),
      source: "organisation",
    });
    expect(hookA.received.at(-1)?.url).toBe(SECRET_PATH);
    expect((hookA.received.at(-1)?.body as { text: string }).text).toMatch(/^A test from tagteam/);

    hookA.answers.push({ status: 403, body: "invalid_token" });
    const refused = (await asWorldAdmin("POST", "alert-webhook/test")).json();
    expect(refused).toMatchObject({
      ok: false,
      status: 403,
      answer: "invalid_token",
      source: "organisation",
    });
    expect(refused.message).toContain("403");
    expect(serverHook.received).toHaveLength(0);
  });

  it("posts each organisation's alerts to its own webhook only", async () => {
    expect(
      (await asElsewhere("PUT", "alert-webhook", { url: hookB.url("/hooks/elsewhere") })).statusCode,
    ).toBe(200);
    // Another organisation's admin sees its own alert webhook, never this one's.
    expect((await asElsewhere("GET", "settings")).json().settings.alertWebhook.own.urlLast4).toBe("here");

    const tokenB = await world.app.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: { cookie: elsewhere.lead },
      payload: { name: "elsewhere ingest", scopes: ["ingest"] },
    });
    expect(tokenB.statusCode).toBe(201);
    await troubledConversation(
      world,
      (tokenB.json() as { secret: string }).secret,
      elsewhere.teamId,
      "elsewhere-1",
      "agent@elsewhere-alerts.example",
    );
    await hookB.waitFor(() => alertTexts(hookB).length > 0);

    await troubledConversation(
      world,
      await world.token("leadA", ["ingest"]),
      world.teams.a,
      "here-1",
      world.people.agentA.email,
    );
    await hookA.waitFor(() => alertTexts(hookA).length > 0);

    // Each went to its own organisation's webhook: none to the other's, none to the server's.
    expect(alertTexts(hookB).every((t) => t.includes("Elsewhere Support"))).toBe(true);
    expect(alertTexts(hookA).every((t) => t.includes("Team A"))).toBe(true);
    expect(hookB.received.every((p) => p.url === "/hooks/elsewhere")).toBe(true);
    expect(serverHook.received).toHaveLength(0);
  });

  it("once removed, the server's webhook serves the organisation again", async () => {
    const r = await asWorldAdmin("DELETE", "alert-webhook");
    expect(r.statusCode).toBe(200);
    expect(r.json().settings.alertWebhook).toEqual({ own: null, server: true });
    const test = (await asWorldAdmin("POST", "alert-webhook/test")).json();
    expect(test).toMatchObject({ ok: true, status: 200, source: "server" });
    expect(serverHook.received.at(-1)?.url).toBe("/server-hook");
  });
});

describe("an alert webhook saved before the server had a key", () => {
  it("is encrypted when a server with a key starts, and still reads back as the same address", async () => {
    const orgId = elsewhere.orgId;
    const address = hookB.url("/services/T9/B9/sAvEdUnEnCrYpTeD");
    await setOrganisationAlertWebhook(
      world.store,
      { orgId, byPersonId: world.people.admin.id, alertWebhook: { url: address } },
      secretKeys(null),
    );
    const raw = async () =>
      (
        await world.store.query(
          `SELECT alert_webhook_url, alert_webhook_url_key_id FROM organisation_integrations WHERE org_id = $1`,
          [orgId],
        )
      )[0];
    expect((await raw())?.alert_webhook_url).toBe(address);
    const keys = secretKeys(randomBytes(32));
    expect((await resealOrganisationSecrets(world.store, keys)).resealed).toBeGreaterThanOrEqual(1);
    expect(String((await raw())?.alert_webhook_url)).not.toContain("sAvEdUnEnCrYpTeD");
    expect((await raw())?.alert_webhook_url_key_id).toEqual(expect.any(String));
    expect((await findOrganisationIntegrations(world.store, orgId, keys)).alertWebhook?.url).toBe(address);
  });
});

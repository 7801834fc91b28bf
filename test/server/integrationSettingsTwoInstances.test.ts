import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildApp, type App } from "../../src/server/app.ts";
import { migrate, openStore, type Store } from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { FakeReceiver } from "./fakeReceiver.ts";
import { createWorld, message, testConfig, type World } from "./factories.ts";

/*
 * Two instances on one PostgreSQL, neither with a server-wide reply webhook: an admin sets their
 * organisation's own on instance A, and instance B starts the reply webhook's delivery loop at once
 * (told over LISTEN/NOTIFY), so with A gone a reply sent through B still reaches the helpdesk.
 */
const helpdesk = new FakeReceiver();
let pg: PostgresServer | null = null;
let world: World | null = null;
let storeB: Store | null = null;
let appB: App | null = null;
let closedA = false;

beforeAll(async () => {
  pg = await startPostgresServer();
  if (pg === null) return;
  await helpdesk.start();
  const url = await pg.createDatabase("integration_settings_two_instances");
  // No polling: what starts B's loop and moves the reply is the NOTIFY and B's own commit.
  const env = { TAGTEAM_DELIVERY_POLL_MS: "600000" };
  const storeA = await openStore({ databaseUrl: url });
  await migrate(storeA);
  world = await createWorld({ store: storeA, env: { ...env, TAGTEAM_INSTANCE_ID: "a" } });
  storeB = await openStore({ databaseUrl: url });
  appB = await buildApp({ config: testConfig({ ...env, TAGTEAM_INSTANCE_ID: "b" }), store: storeB });
  await world.app.start();
  await appB.start();
});

afterAll(async () => {
  await appB?.close();
  await storeB?.close();
  if (!closedA) await world?.app.close();
  await world?.store.close();
  await pg?.stop();
  await helpdesk.stop();
});

describe("an organisation's own reply webhook with two instances on one PostgreSQL", () => {
  it("set on one instance, runs its delivery loop on the other too", async (context) => {
    if (pg === null || world === null || appB === null) {
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
      return;
    }
    const w = world;
    const b = appB;
    expect(w.app.ctx.deliveries.has("reply-webhook")).toBe(false);
    expect(b.ctx.deliveries.has("reply-webhook")).toBe(false);

    const put = await w.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/reply-webhook",
      as: "admin",
      payload: { url: helpdesk.url("/replies") },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(w.app.ctx.deliveries.has("reply-webhook")).toBe(true);
    await vi.waitFor(() => expect(b.ctx.deliveries.has("reply-webhook")).toBe(true), {
      timeout: 5_000,
      interval: 20,
    });

    // A goes away; a reply through B is posted to the helpdesk by B's own loop.
    const token = await w.token("leadA", ["ingest"]);
    const agent = await w.cookie("agentA");
    await w.app.close();
    closedA = true;
    const posted = await b.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({ teamId: w.teams.a, conversationId: "hd-two-1", text: "Is it shipped?" }),
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const conversationId = posted.json().results[0].conversationId as string;
    const reply = await b.app.inject({
      method: "POST",
      url: `/api/v1/conversations/${conversationId}/messages`,
      headers: { cookie: agent },
      payload: { text: "Shipped this morning." },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    await helpdesk.waitFor((posts) => posts.length >= 1);
    expect(helpdesk.received[0]?.body).toMatchObject({
      type: "reply.sent",
      text: "Shipped this morning.",
      conversationId: "hd-two-1",
    });
  });
});

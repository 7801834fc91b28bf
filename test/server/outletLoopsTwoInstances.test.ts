import { afterAll, beforeAll, describe, expect, it, vi, type TestContext } from "vitest";
import { buildApp, type App } from "../../src/server/app.ts";
import {
  listDeliveryCursors,
  migrate,
  openStore,
  setOrganisationAlertWebhook,
  type Store,
} from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { FakeReceiver } from "./fakeReceiver.ts";
import { createWorld, message, testConfig, TROUBLED_LINES, type World } from "./factories.ts";

/*
 * Which delivery loops run, with three instances on one PostgreSQL and no server-wide alert
 * webhook. A and B check the stored outlets rarely (TAGTEAM_DELIVERY_RECONCILE_MS of ten minutes),
 * so only an announcement starts their loops; C checks every 100 ms. No loop polls: what moves an
 * alert is a commit's wake or another instance's NOTIFY.
 *
 * - An outlet saved without any instance being told (the NOTIFY missed): C's next check starts the
 *   alert webhook's loop and C delivers; removed the same way, C stops it and forgets its cursor.
 * - An organisation's own alert webhook set on A: B runs its loop too, and with A (and C) gone
 *   delivers an alert raised through B; what was raised while nobody had a webhook is not posted.
 */
const slack = new FakeReceiver();
const RARELY = { TAGTEAM_DELIVERY_POLL_MS: "600000", TAGTEAM_DELIVERY_RECONCILE_MS: "600000" };
let pg: PostgresServer | null = null;
let world: World | null = null;
let closedA = false;
const others: { store: Store; app: App; closed: boolean }[] = [];

beforeAll(async () => {
  pg = await startPostgresServer();
  if (pg === null) return;
  await slack.start();
  const url = await pg.createDatabase("outlet_loops_two_instances");
  const storeA = await openStore({ databaseUrl: url });
  await migrate(storeA);
  world = await createWorld({ store: storeA, env: { ...RARELY, TAGTEAM_INSTANCE_ID: "a" } });
  await world.app.start();
  for (const [id, env] of [
    ["b", RARELY],
    ["c", { TAGTEAM_DELIVERY_POLL_MS: "600000", TAGTEAM_DELIVERY_RECONCILE_MS: "100" }],
  ] as const) {
    const store = await openStore({ databaseUrl: url });
    const app = await buildApp({ config: testConfig({ ...env, TAGTEAM_INSTANCE_ID: id }), store });
    await app.start();
    others.push({ store, app, closed: false });
  }
});

afterAll(async () => {
  for (const other of others) {
    if (!other.closed) await other.app.close();
    await other.store.close();
  }
  if (!closedA) await world?.app.close();
  await world?.store.close();
  await pg?.stop();
  await slack.stop();
});

const instances = (context: TestContext): { w: World; b: App; c: App } | null => {
  const [b, c] = others;
  if (pg === null || world === null || b === undefined || c === undefined) {
    context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
    return null;
  }
  return { w: world, b: b.app, c: c.app };
};

/** Posts the troubled lines as conversation `key` through an instance; an alert follows. */
async function troubledConversation(app: App, token: string, w: World, key: string): Promise<void> {
  for (const [i, line] of TROUBLED_LINES.entries()) {
    const r = await app.app.inject({
      method: "POST",
      url: "/api/v1/messages",
      headers: { authorization: `Bearer ${token}` },
      payload: message({
        teamId: w.teams.a,
        conversationId: key,
        senderMessageId: `${key}-${i}`,
        role: line.role,
        text: line.text,
        author: line.role === "agent" ? w.people.agentA.email : "Casey Customer",
      }),
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
  }
}

const alertsPosted = (): string[] =>
  slack.received.map((p) => (p.body as { text: string }).text).filter((t) => t.startsWith("Step-in alert"));

const waitUntil = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe("delivery loops follow the stored outlets", () => {
  it("an outlet saved while no instance was told: the next check starts its loop, which delivers; removed, it stops", async (context) => {
    const i = instances(context);
    if (i === null) return;
    for (const app of [i.w.app, i.b, i.c]) expect(app.ctx.deliveries.has("alert-webhook")).toBe(false);

    // As if the announcement were lost: written to the store, nobody told.
    await setOrganisationAlertWebhook(
      i.w.store,
      { orgId: i.w.orgId, byPersonId: i.w.people.admin.id, alertWebhook: { url: slack.url("/missed") } },
      i.w.app.ctx.config.secretKeys,
    );
    await waitUntil(() => expect(i.c.ctx.deliveries.has("alert-webhook")).toBe(true));
    expect(i.w.app.ctx.deliveries.has("alert-webhook")).toBe(false);
    expect(i.b.ctx.deliveries.has("alert-webhook")).toBe(false);

    // Raised on A, which runs no alert loop: C, woken by A's NOTIFY, posts it.
    const token = await i.w.token("leadA", ["ingest"]);
    await troubledConversation(i.w.app, token, i.w, "missed-1");
    await slack.waitFor(() => alertsPosted().length >= 1);
    expect(slack.received.at(-1)?.url).toBe("/missed");

    // Removed the same way: C stops the loop once it has nothing in hand, and forgets its cursor.
    await setOrganisationAlertWebhook(
      i.w.store,
      { orgId: i.w.orgId, byPersonId: i.w.people.admin.id, alertWebhook: null },
      i.w.app.ctx.config.secretKeys,
    );
    await waitUntil(() => expect(i.c.ctx.deliveries.has("alert-webhook")).toBe(false));
    await waitUntil(async () =>
      expect((await listDeliveryCursors(i.w.store)).map((c) => c.processor)).not.toContain("alert-webhook"),
    );
  });

  it("an organisation's own alert webhook set on one instance runs its loop on the other, which delivers alone", async (context) => {
    const i = instances(context);
    if (i === null) return;
    const token = await i.w.token("leadA", ["ingest"]);
    // While nobody has an alert webhook: this alert is for no one, then or later.
    await troubledConversation(i.w.app, token, i.w, "gap-1");

    const put = await i.w.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/alert-webhook",
      as: "admin",
      payload: { url: slack.url("/told") },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(i.w.app.ctx.deliveries.has("alert-webhook")).toBe(true);
    // B checks the store only every ten minutes: the announcement is what starts its loop.
    await waitUntil(() => expect(i.b.ctx.deliveries.has("alert-webhook")).toBe(true));

    // A and C go away; an alert raised through B is posted by B's own loop.
    await i.w.app.close();
    closedA = true;
    for (const other of others.slice(1)) {
      await other.app.close();
      other.closed = true;
    }
    await troubledConversation(i.b, token, i.w, "told-1");
    await slack.waitFor(() => slack.received.some((p) => p.url === "/told"));
    await i.b.ctx.ingest.idle();
    await i.b.ctx.bus.idle();
    // Only that one: the loop started at the newest event, not where it stopped before the gap.
    const told = slack.received.filter((p) => p.url === "/told");
    expect(told).toHaveLength(1);
    expect((told[0]?.body as { text: string }).text).toMatch(/^Step-in alert/);
  });
});

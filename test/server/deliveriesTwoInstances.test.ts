import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../src/server/app.ts";
import { migrate, openStore, type Store } from "../../src/store/index.ts";
import { startPostgresServer, type PostgresServer } from "../support/postgresServer.ts";
import { FakeReceiver } from "./fakeReceiver.ts";
import { createWorld, message, testConfig, type World } from "./factories.ts";

/*
 * Two instances sharing one PostgreSQL, both with the alert webhook configured: every event is
 * posted once, whichever instance committed it (the one holding the cursor's lease delivers, woken
 * by the other's NOTIFY); when that one shuts down, the other takes over at once.
 */
const receiver = new FakeReceiver();
let pg: PostgresServer | null = null;
let world: World | null = null;
let storeB: Store | null = null;
let appB: App | null = null;
const closed = new Set<"a" | "b">();

beforeAll(async () => {
  pg = await startPostgresServer();
  if (pg === null) return;
  const url = await pg.createDatabase("deliveries_two_instances");
  const hook = `${await receiver.start()}/hook`;
  // No polling during the test: what moves deliveries is the commit, or the other instance's NOTIFY.
  const env = { TAGTEAM_ALERT_WEBHOOK_URL: hook, TAGTEAM_DELIVERY_POLL_MS: "600000" };
  const storeA = await openStore({ databaseUrl: url });
  await migrate(storeA);
  world = await createWorld({ store: storeA, env: { ...env, TAGTEAM_INSTANCE_ID: "a" } });
  storeB = await openStore({ databaseUrl: url });
  appB = await buildApp({ config: testConfig({ ...env, TAGTEAM_INSTANCE_ID: "b" }), store: storeB });
  await world.app.start();
  await appB.start();
});

afterAll(async () => {
  if (!closed.has("b")) await appB?.close();
  await storeB?.close();
  if (!closed.has("a")) await world?.app.close();
  await world?.store.close();
  await pg?.stop();
  await receiver.stop();
});

describe("deliveries with two instances on one PostgreSQL", () => {
  it("posts each event once, whichever instance commits it, and hands over on shutdown", async (context) => {
    if (pg === null || world === null || appB === null) {
      context.skip("PostgreSQL binaries (initdb, pg_ctl) are not installed on this machine");
      return;
    }
    const w = world;
    const apps = { a: w.app, b: appB };
    const token = await w.token("leadA", ["ingest"]);
    const cookie = await w.cookie("peerA");
    const escalate = async (via: "a" | "b", reason: string): Promise<void> => {
      const app = apps[via].app;
      const posted = await app.inject({
        method: "POST",
        url: "/api/v1/messages",
        headers: { authorization: `Bearer ${token}` },
        payload: message({ teamId: w.teams.a, conversationId: `two-${reason}` }),
      });
      const conversationId = posted.json().results[0].conversationId as string;
      const r = await app.inject({
        method: "POST",
        url: `/api/v1/conversations/${conversationId}/escalate`,
        headers: { cookie },
        payload: { reason },
      });
      expect(r.statusCode).toBe(201);
    };
    const delivered = (reason: string) =>
      receiver.deliveredTexts().filter((t) => t.includes(`: ${reason} · `));
    const allDelivered = (reasons: string[]) => () => reasons.every((r) => delivered(r).length > 0);
    const settle = async (reasons: string[]): Promise<void> => {
      await receiver.waitFor(allDelivered(reasons));
      await Promise.all(Object.values(apps).map((app) => app.ctx.bus.idle()));
    };

    const reasons = ["first via a", "first via b", "second via a", "second via b"];
    for (const reason of reasons) await escalate(reason.endsWith("a") ? "a" : "b", reason);
    await settle(reasons);
    expect(reasons.map((r) => delivered(r).length)).toEqual([1, 1, 1, 1]);
    expect(receiver.received).toHaveLength(4);

    // The instance holding the lease shuts down; the other delivers from where it stopped.
    const status = await w.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
    const holder = status.json().processors[0].leasedBy as "a" | "b";
    expect(["a", "b"]).toContain(holder);
    await apps[holder].close();
    closed.add(holder);
    const other = holder === "a" ? "b" : "a";
    await escalate(other, "after the handover");
    await settle(["after the handover"]);
    expect(delivered("after the handover")).toHaveLength(1);
    expect(receiver.received).toHaveLength(5);
  });
});

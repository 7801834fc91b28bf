import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDeliveryHolds } from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";
import { otherOrganisation, troubledConversation, type OtherOrganisation } from "./otherOrganisation.ts";
import { FakeReceiver, type ReceivedPost } from "./fakeReceiver.ts";

/*
 * One organisation's failing receiver does not hold up the others. Two organisations each set
 * their own alert webhook; the first one's answers 500. The second organisation's alerts are
 * still posted at once (before, they waited behind the failing one's alert, retried for up to
 * 15 minutes), the first organisation's wait apart and are posted in order once its receiver is
 * back. Real HTTP receivers stand in for Slack.
 */

let world: World;
let hookA: FakeReceiver;
let hookB: FakeReceiver;
let elsewhere: OtherOrganisation;

const deliveredAlerts = (hook: FakeReceiver) =>
  hook.deliveredTexts().filter((t) => t.startsWith("Step-in alert"));

/** Waits for the receiver's posts to satisfy `done`, failing after `ms` with `what`. */
const within = async (hook: FakeReceiver, ms: number, what: string, done: (p: ReceivedPost[]) => boolean) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    hook.waitFor(done),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not within ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
};

const conversationIdOf = async (orgId: string, key: string): Promise<string> => {
  const [row] = await world.store.query(
    "SELECT id FROM conversations WHERE org_id = $1 AND external_id = $2",
    [orgId, key],
  );
  return String(row?.id);
};

beforeAll(async () => {
  hookA = new FakeReceiver();
  hookB = new FakeReceiver();
  await Promise.all([hookA.start(), hookB.start()]);
  world = await createWorld({
    env: {
      TAGTEAM_SECRETS_KEY: randomBytes(32).toString("base64"),
      TAGTEAM_DELIVERY_RETRY_BASE_MS: "100",
      TAGTEAM_DELIVERY_RETRY_MAX_MS: "400",
    },
  });
  elsewhere = await otherOrganisation(world, "elsewhere-hol");
});

afterAll(async () => {
  await world?.close();
  await Promise.all([hookA?.stop(), hookB?.stop()]);
});

describe("an organisation whose alert webhook keeps failing", () => {
  it("does not hold up another organisation's alerts, and gets its own in order once it answers", async () => {
    const setA = await world.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/alert-webhook",
      as: "admin",
      payload: { url: hookA.url("/hooks/here") },
    });
    expect(setA.statusCode).toBe(200);
    const setB = await world.app.app.inject({
      method: "PUT",
      url: "/api/v1/admin/integrations/alert-webhook",
      headers: { cookie: elsewhere.admin },
      payload: { url: hookB.url("/hooks/elsewhere") },
    });
    expect(setB.statusCode).toBe(200);

    // This organisation's receiver is down: its alert is tried and fails.
    hookA.answer = 500;
    const tokenA = await world.token("leadA", ["ingest"]);
    await troubledConversation(world, tokenA, world.teams.a, "hol-here-1", world.people.agentA.email);
    await within(hookA, 5000, "the first attempt at this organisation's alert", (p) => p.length >= 1);

    // The other organisation's alert, raised after it, is posted promptly all the same.
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
      "hol-elsewhere-1",
      "agent@elsewhere-hol.example",
    );
    await within(hookB, 5000, "the other organisation's alert", () => deliveredAlerts(hookB).length > 0);
    expect(deliveredAlerts(hookB).every((t) => t.includes("Elsewhere Support"))).toBe(true);
    expect(hookB.received.every((p) => p.url === "/hooks/elsewhere")).toBe(true);

    // Meanwhile this organisation's alerts wait apart, and its admins read why; the other's do not.
    await troubledConversation(world, tokenA, world.teams.a, "hol-here-2", world.people.agentA.email);
    expect(deliveredAlerts(hookA)).toEqual([]);
    const holds = await listDeliveryHolds(world.store, { processor: "alert-webhook" });
    expect(holds.map((h) => h.orgId)).toEqual([world.orgId]);
    const mine = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
    expect(mine.statusCode).toBe(200);
    const myHook = (mine.json() as { processors: { name: string; failing: unknown }[] }).processors.find(
      (p) => p.name === "alert-webhook",
    );
    expect(myHook?.failing).toMatchObject({ lastError: expect.stringContaining("500") });
    const theirs = await world.app.app.inject({
      method: "GET",
      url: "/api/v1/admin/deliveries",
      headers: { cookie: elsewhere.admin },
    });
    const theirHook = (theirs.json() as { processors: { name: string; failing: unknown }[] }).processors.find(
      (p) => p.name === "alert-webhook",
    );
    expect(theirHook?.failing).toBeNull();

    // Back up: both its alerts are posted, the older first, and its hold ends.
    hookA.answer = 200;
    await within(
      hookA,
      10_000,
      "this organisation's alerts after it is back",
      () => deliveredAlerts(hookA).length >= 2,
    );
    await world.app.ctx.bus.idle();
    const [first, second] = deliveredAlerts(hookA);
    expect(first).toContain(await conversationIdOf(world.orgId, "hol-here-1"));
    expect(second).toContain(await conversationIdOf(world.orgId, "hol-here-2"));
    expect(hookA.received.every((p) => p.url === "/hooks/here")).toBe(true);
    expect(await listDeliveryHolds(world.store, { processor: "alert-webhook" })).toEqual([]);
    expect(deliveredAlerts(hookB)).toHaveLength(1);
  });
});

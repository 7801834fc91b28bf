import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app.ts";
import { parseRetryAfter } from "../../src/server/integrations/deliveries.ts";
import {
  appendEvents,
  ensureDeliveryCursor,
  listAuditEntries,
  recordDeliveryFailure,
} from "../../src/store/index.ts";
import { seedOrganisation } from "../support/testStore.ts";
import { FakeReceiver, statusOf, type Answer } from "./fakeReceiver.ts";
import { createWorld, message, testConfig, type World } from "./factories.ts";

/*
 * Deliveries out: the alert webhook follows the event log with its cursor, retries what fails for
 * as long as the event is worth posting, gives up on what is refused or too old (a dead letter an
 * admin can send again) and goes on. A real HTTP server stands in for Slack's incoming webhook; no
 * test sleeps (backoff is a millisecond, max ages a second or two where a test lets one run out).
 */

const FAST_RETRIES = {
  TAGTEAM_DELIVERY_RETRY_BASE_MS: "1",
  TAGTEAM_DELIVERY_RETRY_MAX_MS: "8",
};

const receiver = new FakeReceiver();
let world: World;
let ingestToken: string;
const logLines: string[] = [];

beforeAll(async () => {
  const url = await receiver.start();
  world = await createWorld({
    env: { TAGTEAM_ALERT_WEBHOOK_URL: `${url}/hook`, TAGTEAM_LOG_LEVEL: "warn", ...FAST_RETRIES },
    logStream: { write: (line) => void logLines.push(line) },
  });
  ingestToken = await world.token("leadA", ["ingest"]);
});
afterAll(async () => {
  await world?.close();
  await receiver.stop();
});

/** A new conversation in team A; its id. */
async function newConversation(w: World, token: string, externalId: string): Promise<string> {
  const r = await w.postMessages(token, message({ teamId: w.teams.a, conversationId: externalId }));
  return r.json().results[0].conversationId as string;
}

/** Escalates a new conversation with `reason`: one escalation.raised, posted as "Escalation to …: <reason> · …". */
async function escalate(reason: string, w: World = world, token: string = ingestToken): Promise<string> {
  const conversationId = await newConversation(w, token, `deliveries-${reason}`);
  const r = await w.inject({
    method: "POST",
    url: `/api/v1/conversations/${conversationId}/escalate`,
    as: "peerA",
    payload: { reason },
  });
  expect(r.statusCode).toBe(201);
  return conversationId;
}

/** Every post about `reason`, with what the receiver answered. */
const postsAbout = (reason: string) =>
  receiver.received.filter((p) => (p.body as { text: string }).text.includes(`: ${reason} · `));

async function metric(name: string, labels: string): Promise<number> {
  const text = (await world.app.app.inject({ url: "/metrics" })).body;
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}
const deliveries = (outcome: string) =>
  metric("tagteam_deliveries_total", `processor="alert-webhook",outcome="${outcome}"`);

interface DeadLetter {
  id: string;
  processor: string;
  eventType: string | null;
  conversationId: string | null;
  attempts: number;
  lastError: string;
}
interface Listing {
  processors: { name: string; maxAgeMs: number | null; failing: { nextAttemptAt: string | null } | null }[];
  deadLetters: DeadLetter[];
}
async function listDeliveries(): Promise<Listing> {
  const r = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
  expect(r.statusCode).toBe(200);
  return r.json() as Listing;
}
const deadLetters = async (): Promise<DeadLetter[]> => (await listDeliveries()).deadLetters;

describe("deliveries out", () => {
  it("retries transient failures (5xx, 429, a hang-up, 408) and then delivers exactly once", async () => {
    const retriedBefore = await deliveries("retried");
    const deliveredBefore = await deliveries("delivered");
    receiver.answers = [503, 429, "hang-up", 408] satisfies Answer[];
    await escalate("transient trouble");
    await world.app.ctx.bus.idle();
    expect(postsAbout("transient trouble").map((p) => p.answer)).toEqual([503, 429, "hang-up", 408, 200]);
    expect(await deliveries("retried")).toBe(retriedBefore + 4);
    expect(await deliveries("delivered")).toBe(deliveredBefore + 1);
    expect(await deadLetters()).toEqual([]);
  });

  it("a refusal (4xx) becomes a dead letter at once, and the events after it still go out", async () => {
    receiver.answerFor = (body) =>
      (body as { text: string }).text.includes("refused one") ? 400 : undefined;
    const conversationId = await escalate("refused one");
    await escalate("after the refusal");
    await world.app.ctx.bus.idle();
    receiver.answerFor = null;
    expect(postsAbout("refused one").map((p) => p.answer)).toEqual([400]);
    expect(postsAbout("after the refusal").map((p) => p.answer)).toEqual([200]);
    expect(await deadLetters()).toEqual([
      expect.objectContaining({
        processor: "alert-webhook",
        eventType: "escalation.raised",
        conversationId,
        teamId: world.teams.a,
        attempts: 1,
        lastError: "alert webhook answered 400",
      }),
    ]);
  });

  it("retries the head through an outage; once the receiver is back the backlog goes out in order, once each", async () => {
    receiver.answer = 503;
    try {
      await escalate("outage first");
      await receiver.waitFor(() => postsAbout("outage first").length >= 3);
      await escalate("outage second");
      await escalate("outage third");
      // The admin sees an outage, not just events waiting.
      const [during] = (await listDeliveries()).processors;
      expect(during).toMatchObject({
        name: "alert-webhook",
        maxAgeMs: 900_000,
        failing: { since: expect.any(String), lastError: "alert webhook answered 503" },
      });
      expect(during?.failing?.nextAttemptAt).toEqual(expect.any(String));
    } finally {
      receiver.answer = 200;
    }
    await world.app.ctx.bus.idle();
    const first = postsAbout("outage first").map((p) => p.answer);
    expect(first.at(-1)).toBe(200);
    expect(first.slice(0, -1).every((a) => a === 503)).toBe(true);
    expect(postsAbout("outage second").map((p) => p.answer)).toEqual([200]);
    expect(postsAbout("outage third").map((p) => p.answer)).toEqual([200]);
    expect(receiver.deliveredTexts().filter((t) => t.includes(": outage "))).toEqual([
      expect.stringContaining("outage first"),
      expect.stringContaining("outage second"),
      expect.stringContaining("outage third"),
    ]);
    expect((await deadLetters()).filter((d) => d.lastError.includes("503"))).toEqual([]);
    expect((await listDeliveries()).processors[0]?.failing).toBeNull();
  });

  it("waits as long as a 429 or 503's Retry-After asks (seconds or a date), capped by the retry maximum", async () => {
    const waits = () =>
      logLines
        .map((line) => JSON.parse(line) as { msg: string; retryInMs?: number; retryAfterMs?: number | null })
        .filter((l) => l.msg === "delivery failed: retrying");
    const before = waits().length;
    receiver.answers = [
      { status: 429, headers: { "retry-after": "1" } },
      { status: 503, headers: { "retry-after": new Date(Date.now() + 60_000).toUTCString() } },
      503,
    ] satisfies Answer[];
    await escalate("slow down");
    await world.app.ctx.bus.idle();
    expect(postsAbout("slow down").map((p) => statusOf(p.answer))).toEqual([429, 503, 503, 200]);
    // Without Retry-After the waits would be 1, 2, 4 ms (the backoff); with it, the cap (8 ms).
    expect(
      waits()
        .slice(before)
        .map((l) => [l.retryInMs, l.retryAfterMs === null ? null : "asked"]),
    ).toEqual([
      [8, "asked"],
      [8, "asked"],
      [4, null],
    ]);
    expect(waits()[before]?.retryAfterMs).toBe(1000);
    const now = Date.parse("2026-03-02T10:00:00.000Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 02 Mar 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 02 Mar 2026 09:00:00 GMT", now)).toBe(0);
    expect([
      parseRetryAfter("soon-ish", now),
      parseRetryAfter("1.5", now),
      parseRetryAfter(null, now),
    ]).toEqual([null, null, null]);
  });

  it("does not post what got too old while the receiver was down; fresh events go out once it is back", async () => {
    const quiet = await createWorld();
    const posted = receiver.received.length;
    try {
      const token = await quiet.token("leadA", ["ingest"]);
      // The webhook's cursor exists: the two escalations below are its backlog, as after a restart.
      await ensureDeliveryCursor(quiet.store, "alert-webhook");
      await escalate("stale one", quiet, token);
      await escalate("stale two", quiet, token);
      // And one the webhook would not have posted anyway (its alert is gone): passed over, no dead letter.
      await appendEvents(quiet.store, [
        {
          orgId: quiet.orgId,
          teamId: quiet.teams.a,
          type: "alert.raised",
          payload: { alertId: "00000000-0000-4000-8000-000000000000", status: "raised" },
        },
      ]);
      await quiet.store.query(
        "UPDATE events SET created_at = created_at - interval '1 hour' WHERE type IN ('escalation.raised', 'alert.raised')",
      );
      // What a previous run, stopped during the outage, recorded on the cursor.
      await quiet.store.query(
        "UPDATE delivery_cursors SET failing_since = now(), last_error = 'alert webhook answered 502', failing_org_id = $1 WHERE processor = 'alert-webhook'",
        [quiet.orgId],
      );
      receiver.answer = 503;
      const enabled = await buildApp({
        config: testConfig({
          TAGTEAM_ALERT_WEBHOOK_URL: receiver.url("/hook"),
          TAGTEAM_ALERT_WEBHOOK_MAX_AGE_MS: "2000",
          ...FAST_RETRIES,
        }),
        store: quiet.store,
      });
      try {
        await enabled.start();
        const escalateHere = async (reason: string) => {
          const conversationId = await newConversation(quiet, token, `deliveries-${reason}`);
          const r = await enabled.app.inject({
            method: "POST",
            url: `/api/v1/conversations/${conversationId}/escalate`,
            headers: { cookie: await quiet.cookie("peerA") },
            payload: { reason },
          });
          expect(r.statusCode).toBe(201);
        };
        await enabled.ctx.bus.idle();
        // Retried until it would be older than the max age, then given up on without a last post.
        await escalateHere("down too long");
        await enabled.ctx.bus.idle();
        receiver.answer = 200;
        await escalateHere("fresh after");
        await enabled.ctx.bus.idle();

        const ours = receiver.received.slice(posted);
        const about = (reason: string) =>
          ours
            .filter((p) => (p.body as { text: string }).text.includes(`: ${reason} · `))
            .map((p) => p.answer);
        expect(about("stale one")).toEqual([]);
        expect(about("stale two")).toEqual([]);
        const tries = about("down too long");
        expect(tries.length).toBeGreaterThan(1);
        expect(tries.every((a) => a === 503)).toBe(true);
        expect(about("fresh after")).toEqual([200]);

        const listed = await enabled.app.inject({
          url: "/api/v1/admin/deliveries",
          headers: { cookie: await quiet.cookie("admin") },
        });
        const letters = (listed.json().deadLetters as DeadLetter[]).map((d) => [d.attempts, d.lastError]);
        expect(letters).toEqual([
          [
            tries.length,
            `not sent: ${tries.length} attempts failed and it would be older than 2 seconds by the next one (the receiver was failing: alert webhook answered 503)`,
          ],
          [
            0,
            "not sent: older than 2 seconds when its turn came (the receiver was failing: alert webhook answered 502)",
          ],
          [
            0,
            "not sent: older than 2 seconds when its turn came (the receiver was failing: alert webhook answered 502)",
          ],
        ]);
        expect(listed.json().processors[0]).toMatchObject({ maxAgeMs: 2000, failing: null });
        const text = (await enabled.app.inject({ url: "/metrics" })).body;
        expect(text).toContain('tagteam_deliveries_total{processor="alert-webhook",outcome="expired"} 3');
        // The alert that is gone, and the team's copy of each of the four escalations (42b6970: its
        // leads hear it; the webhook posts the asked person's only).
        expect(text).toContain('tagteam_deliveries_total{processor="alert-webhook",outcome="skipped"} 5');
        expect(text).not.toContain(
          'tagteam_deliveries_total{processor="alert-webhook",outcome="dead_lettered"}',
        );
      } finally {
        receiver.answer = 200;
        await enabled.close();
      }
    } finally {
      await quiet.close();
    }
  });

  it("shows admins each processor's cursor, lag and dead letters; /metrics counts them", async () => {
    const r = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as: "admin" });
    const body = r.json();
    expect(body.processors).toEqual([
      {
        name: "alert-webhook",
        handles: ["alert.raised", "escalation.raised", "incident.opened"],
        configured: true,
        lastEventId: body.headEventId,
        lag: 0,
        updatedAt: expect.any(String),
        leasedBy: world.app.ctx.config.instanceId,
        leaseExpiresAt: expect.any(String),
        deadLetters: 1,
        maxAgeMs: 900_000,
        failing: null,
      },
    ]);
    expect(body.deadLetters.map((d: DeadLetter) => d.lastError)).toEqual(["alert webhook answered 400"]);
    const limited = await world.inject({
      method: "GET",
      url: "/api/v1/admin/deliveries?limit=1&processor=alert-webhook",
      as: "admin",
    });
    expect(limited.json().deadLetters).toHaveLength(1);
    expect(await deliveries("dead_lettered")).toBe(1);
    expect(await deliveries("expired")).toBe(0);
    expect(await metric("tagteam_delivery_lag_events", 'processor="alert-webhook"')).toBe(0);
  });

  it("an admin sends a dead letter again: kept (and counted) while it fails, gone once delivered", async () => {
    const refused = (await deadLetters()).find((d) => d.lastError === "alert webhook answered 400");
    if (refused === undefined) throw new Error("no dead letter");
    receiver.answerFor = (body) =>
      (body as { text: string }).text.includes("refused one") ? 400 : undefined;
    const again = await world.inject({
      method: "POST",
      url: `/api/v1/admin/deliveries/${refused.id}/retry`,
      as: "admin",
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      delivered: false,
      outcome: null,
      error: "alert webhook answered 400",
      deadLetter: { id: refused.id, attempts: 2, conversationId: refused.conversationId },
    });

    receiver.answerFor = null;
    // Someone else (another admin, perhaps on another instance) is sending it again right now.
    await world.store.query(
      "UPDATE delivery_failures SET retrying_until = now() + interval '1 minute' WHERE id = $1",
      [refused.id],
    );
    const busy = await world.inject({
      method: "POST",
      url: `/api/v1/admin/deliveries/${refused.id}/retry`,
      as: "admin",
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.message).toMatch(/being sent again already/);
    expect(postsAbout("refused one").map((p) => p.answer)).toEqual([400, 400]);
    await world.store.query("UPDATE delivery_failures SET retrying_until = NULL WHERE id = $1", [refused.id]);
    const retried = await world.inject({
      method: "POST",
      url: `/api/v1/admin/deliveries/${refused.id}/retry`,
      as: "admin",
    });
    expect(retried.json()).toEqual({ delivered: true, outcome: "sent", error: null, deadLetter: null });
    expect(postsAbout("refused one").map((p) => p.answer)).toEqual([400, 400, 200]);
    expect((await deadLetters()).map((d) => d.id)).not.toContain(refused.id);
    const gone = await world.inject({
      method: "POST",
      url: `/api/v1/admin/deliveries/${refused.id}/retry`,
      as: "admin",
    });
    expect(gone.statusCode).toBe(404);
    const audit = await listAuditEntries(world.store, { orgId: world.orgId }); // newest first
    expect(
      audit
        .filter((a) => a.action === "delivery.retried")
        .map((a) => [a.targetId, (a.details as { delivered: boolean }).delivered]),
    ).toEqual([
      [refused.id, true],
      [refused.id, false],
    ]);
  });

  it("is for admins of the dead letter's organisation only", async () => {
    const [own] = await appendEvents(world.store, [{ orgId: world.orgId, type: "escalation.raised" }]);
    const mine = await recordDeliveryFailure(world.store, {
      orgId: world.orgId,
      processor: "alert-webhook",
      eventId: own?.id ?? 0,
      attempts: 0,
      lastError: "not sent: older than 15 minutes when its turn came",
    });
    for (const as of ["leadA", "agentA"] as const) {
      const list = await world.inject({ method: "GET", url: "/api/v1/admin/deliveries", as });
      const retry = await world.inject({
        method: "POST",
        url: `/api/v1/admin/deliveries/${mine.id}/retry`,
        as,
      });
      expect([list.statusCode, retry.statusCode]).toEqual([403, 403]);
    }
    // Another organisation's dead letter: not listed, and not found.
    const other = await seedOrganisation(world.store);
    const [event] = await appendEvents(world.store, [{ orgId: other.org.id, type: "escalation.raised" }]);
    const theirs = await recordDeliveryFailure(world.store, {
      orgId: other.org.id,
      processor: "alert-webhook",
      eventId: event?.id ?? 0,
      attempts: 8,
      lastError: "alert webhook answered 503",
    });
    expect((await deadLetters()).map((d) => d.id)).not.toContain(theirs.id);
    const r = await world.inject({
      method: "POST",
      url: `/api/v1/admin/deliveries/${theirs.id}/retry`,
      as: "admin",
    });
    expect(r.statusCode).toBe(404);
  });

  it("answers a bad request with 400 naming every problem", async () => {
    const r = await world.inject({
      method: "GET",
      url: "/api/v1/admin/deliveries?limit=0&processor=Not%20A%20Name&colour=red",
      as: "admin",
    });
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths.sort()).toEqual(["query", "query.limit", "query.processor"]);
  });

  it("posts an alert told to several leads once; told again later (a reroute), once more", async () => {
    const lines = [
      { role: "customer", text: "My refund never arrived. I already told you twice!" },
      {
        role: "agent",
        text: "Sorry, sorry, it's not my fault, billing did it.",
        author: world.people.agentA.email,
      },
      { role: "customer", text: "You are useless. I want a manager now or I call my lawyer." },
    ];
    let alertId: string | undefined;
    let conversationId = "";
    for (const line of lines) {
      const r = await world.postMessages(
        ingestToken,
        message({ teamId: world.teams.a, conversationId: "deliveries-leads", ...line }),
      );
      alertId = r.json().results[0].alertId ?? alertId;
      conversationId = r.json().results[0].conversationId;
    }
    if (alertId === undefined) throw new Error("no alert raised");
    await world.app.ctx.bus.idle();
    const alertPosts = () =>
      receiver.deliveredTexts().filter((t) => t.includes(`conversation ${conversationId}`));
    const before = alertPosts().length;
    // With nobody free, raiseAlerts tells each lead: one alert.raised per lead, in one transaction.
    const tell = (personIds: string[]) =>
      world.store.transaction((tx) =>
        appendEvents(
          tx,
          personIds.map((personId) => ({
            orgId: world.orgId,
            teamId: world.teams.a,
            conversationId,
            personId,
            type: "alert.raised",
            payload: { alertId, conversationId, status: "raised" },
          })),
        ),
      );
    world.app.ctx.bus.publish(await tell([world.people.leadA.id, world.people.admin.id]));
    await world.app.ctx.bus.idle();
    expect(alertPosts().length).toBe(before + 1);
    world.app.ctx.bus.publish(await tell([world.people.peerA.id]));
    await world.app.ctx.bus.idle();
    expect(alertPosts().length).toBe(before + 2);
  });

  it("enabling the webhook later posts nothing that happened before", async () => {
    const quiet = await createWorld();
    try {
      const token = await quiet.token("leadA", ["ingest"]);
      await escalate("before enabling", quiet, token);
      const enabled = await buildApp({
        config: testConfig({ TAGTEAM_ALERT_WEBHOOK_URL: receiver.url("/hook"), ...FAST_RETRIES }),
        store: quiet.store,
      });
      try {
        await enabled.start();
        const conversationId = await newConversation(quiet, token, "deliveries-after-enabling");
        const r = await enabled.app.inject({
          method: "POST",
          url: `/api/v1/conversations/${conversationId}/escalate`,
          headers: { cookie: await quiet.cookie("peerA") },
          payload: { reason: "after enabling" },
        });
        expect(r.statusCode).toBe(201);
        await enabled.ctx.bus.idle();
        expect(postsAbout("after enabling")).toHaveLength(1);
        expect(postsAbout("before enabling")).toEqual([]);
      } finally {
        await enabled.close();
      }
    } finally {
      await quiet.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeConversation, listAuditEntries } from "../../src/store/index.ts";
import { createWorld, message, type World } from "./factories.ts";

/*
 * Admin → Retention: an organisation's own period for keeping closed conversations, over the
 * server's default (none here: TAGTEAM_RETENTION_DAYS unset keeps them for good).
 */
const DAY_MS = 86_400_000;
let world: World;

beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function closedConversation(externalId: string, closedAt: number): Promise<string> {
  const token = await world.token("leadA", ["ingest"]);
  const r = await world.postMessages(token, message({ teamId: world.teams.a, conversationId: externalId }));
  expect(r.statusCode, r.body).toBe(200);
  const id = r.json().results[0].conversationId as string;
  await closeConversation(world.store, { orgId: world.orgId, conversationId: id, at: closedAt });
  return id;
}

const exists = async (id: string): Promise<boolean> =>
  (await world.store.query("SELECT 1 FROM conversations WHERE id = $1", [id])).length === 1;

describe("the organisation's retention period", () => {
  it("follows the server's default until an admin sets one; the sweep then erases what is past it", async () => {
    const now = Date.now();
    const old = await closedConversation("ret-old", now - 40 * DAY_MS);
    const recent = await closedConversation("ret-recent", now - 10 * DAY_MS);
    const before = await world.inject({ method: "GET", url: "/api/v1/admin/retention", as: "admin" });
    expect(before.json()).toEqual({
      retentionDays: null,
      serverDefaultDays: 0,
      effectiveDays: 0,
      eventRetentionDays: 30,
    });
    // The default keeps everything.
    await world.app.sweeper.run();
    expect(await exists(old)).toBe(true);

    const set = await world.inject({
      method: "PUT",
      url: "/api/v1/admin/retention",
      as: "admin",
      payload: { retentionDays: 30 },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ retentionDays: 30, effectiveDays: 30 });
    await world.app.sweeper.run();
    expect(await exists(old)).toBe(false);
    expect(await exists(recent)).toBe(true);
    const entries = await listAuditEntries(world.store, { orgId: world.orgId, limit: 500 });
    expect(entries.find((e) => e.action === "retention.updated")).toMatchObject({
      actorId: world.people.admin.id,
      details: { from: null, to: 30 },
    });
    expect(
      entries.find((e) => e.action === "conversation.erased" && e.targetId === old)?.details,
    ).toMatchObject({ why: "retention" });

    // 0 keeps them for good again.
    await world.inject({
      method: "PUT",
      url: "/api/v1/admin/retention",
      as: "admin",
      payload: { retentionDays: 0 },
    });
    const older = await closedConversation("ret-older", now - 400 * DAY_MS);
    await world.app.sweeper.run();
    expect(await exists(older)).toBe(true);
  });

  it("refuses a period that is not whole days within 0..36500, naming it, and changes nothing", async () => {
    for (const retentionDays of [-1, 1.5, 40_000, "30"]) {
      const r = await world.inject({
        method: "PUT",
        url: "/api/v1/admin/retention",
        as: "admin",
        payload: { retentionDays },
      });
      expect(r.statusCode, String(retentionDays)).toBe(400);
      expect(r.body).toContain("retentionDays");
    }
    const extra = await world.inject({
      method: "PUT",
      url: "/api/v1/admin/retention",
      as: "admin",
      payload: { retentionDays: 5, keep: true },
    });
    expect(extra.statusCode).toBe(400);
    const now = (await world.inject({ method: "GET", url: "/api/v1/admin/retention", as: "admin" })).json();
    expect(now.retentionDays).toBe(0);
  });

  it("is the admin's: leads and agents are refused", async () => {
    for (const as of ["leadA", "agentA"] as const) {
      expect((await world.inject({ method: "GET", url: "/api/v1/admin/retention", as })).statusCode).toBe(
        403,
      );
      expect(
        (
          await world.inject({
            method: "PUT",
            url: "/api/v1/admin/retention",
            as,
            payload: { retentionDays: 1 },
          })
        ).statusCode,
      ).toBe(403);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildAuditListQuery,
  findAuditActionsWithPrefix,
  listAuditEntries,
  createOrganisation,
  createPerson,
  type AuditQuery,
} from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";

/*
 * The audit log's pages read about as many entries as they show, not the organisation's whole log:
 * 100,000 entries of a realistic mix (the system's expiries and withdrawals most of them, people's
 * changes rare) plus 50,000 of another organisation, on PGlite after a maintenance pass (which is
 * what gives PGlite, without autovacuum, the statistics these plans need).
 */

const ENTRIES = 100_000;
let world: World;
const people: string[] = [];
let middleId = 0;
/** The person most entries were done to. */
let targetPerson = "";

beforeAll(async () => {
  world = await createWorld();
  const other = await createOrganisation(world.store, { name: "Other", slug: "other-plan" });
  for (let i = 0; i < 40; i++)
    people.push(
      (
        await createPerson(world.store, {
          orgId: world.orgId,
          email: `plan${i}@example.com`,
          displayName: `Plan ${i}`,
          role: "agent",
          availability: "available",
          teamIds: [],
        })
      ).id,
    );
  // r: a fixed pseudo-random fraction per entry, so every run plans the same data.
  const seed = (orgId: string, n: number) =>
    world.store.query(
      `INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target_type, target_id, details, request_id, created_at)
       SELECT $1::uuid,
         CASE WHEN r < 0.80 THEN 'system' WHEN r < 0.83 THEN 'api_token' ELSE 'person' END,
         CASE WHEN r < 0.80 THEN NULL ELSE ($2::uuid[])[1 + (g % 40)] END,
         CASE WHEN r < 0.45 THEN 'alert.expired' WHEN r < 0.70 THEN 'intervention.withdrawn'
              WHEN r < 0.78 THEN 'escalation.advanced' WHEN r < 0.80 THEN 'incident.opened'
              WHEN r < 0.90 THEN 'scorecard.reviewed' WHEN r < 0.95 THEN 'export.downloaded'
              WHEN r < 0.97 THEN 'knowledge.created' WHEN r < 0.985 THEN 'person.updated'
              WHEN r < 0.99 THEN 'person.created' WHEN r < 0.995 THEN 'engine_settings.updated'
              WHEN r < 0.998 THEN 'person.deactivated' ELSE 'person.password_reset' END,
         CASE WHEN r < 0.45 THEN 'alert' WHEN r < 0.78 THEN 'intervention' WHEN r < 0.80 THEN 'incident'
              WHEN r < 0.90 THEN 'conversation' WHEN r < 0.95 THEN 'export' WHEN r < 0.97 THEN 'knowledge_fact'
              WHEN r < 0.99 THEN 'person' WHEN r < 0.995 THEN 'team' ELSE 'person' END,
         CASE WHEN r >= 0.97 AND r < 0.99 THEN (($2::uuid[])[1 + (g % 40)])::text ELSE md5(g::text) END,
         '{}'::jsonb, 'req-' || g,
         now() - interval '365 days' + (g * interval '365 days' / $3::int)
       FROM (SELECT g, ((g * 7919) % 1000) / 1000.0 AS r FROM generate_series(1, $3::int) g) s`,
      [orgId, people, n],
    );
  await seed(world.orgId, ENTRIES);
  await seed(other.id, ENTRIES / 2);
  await world.app.maintenance.run();
  const [middle] = await world.store.query<{ id: number }>(
    "SELECT id FROM audit_log WHERE org_id = $1 ORDER BY created_at DESC, id DESC OFFSET 5000 LIMIT 1",
    [world.orgId],
  );
  middleId = Number(middle?.id);
  const [target] = await world.store.query<{ target_id: string }>(
    `SELECT target_id FROM audit_log WHERE org_id = $1 AND target_type = 'person'
     GROUP BY target_id ORDER BY count(*) DESC LIMIT 1`,
    [world.orgId],
  );
  targetPerson = target?.target_id ?? "";
}, 60_000);
afterAll(async () => {
  await world?.close();
});

/** Rows of audit_log read so far, by index and sequential scans (PGlite publishes its counters lazily). */
async function auditRowsRead(): Promise<number> {
  await world.store.query("SELECT pg_stat_force_next_flush()");
  const [row] = await world.store.query<{ n: string }>(
    `SELECT (COALESCE(idx_tup_fetch, 0) + seq_tup_read)::bigint AS n FROM pg_stat_user_tables WHERE relname = 'audit_log'`,
  );
  return Number(row?.n);
}

/** Entries of audit_log one page read (through listAuditEntries, as the route reads it), and the plan for the message. */
async function entriesRead(query: Omit<AuditQuery, "orgId">): Promise<{ read: number; plan: string }> {
  const before = await auditRowsRead();
  await listAuditEntries(world.store, { orgId: world.orgId, ...query });
  const read = (await auditRowsRead()) - before;
  const actions = query.action?.endsWith(".")
    ? await findAuditActionsWithPrefix(world.store, world.orgId, query.action)
    : undefined;
  if (actions?.length === 0) return { read, plan: "no action has the prefix" };
  const { sql, params } = buildAuditListQuery({ orgId: world.orgId, ...query }, actions);
  const plan = await world.store.query(`EXPLAIN ${sql}`, params);
  return { read, plan: plan.map((r) => String(Object.values(r)[0])).join("\n") };
}

const day = 86_400_000;

describe("audit log plans, 100,000 entries", () => {
  const shapes: [string, () => Omit<AuditQuery, "orgId">][] = [
    ["the first page", () => ({})],
    ["a page far back (before)", () => ({ beforeId: middleId })],
    ["the most common action (45 %)", () => ({ action: "alert.expired" })],
    ["a rare action (0.3 %)", () => ({ action: "person.deactivated" })],
    ["a rare action, far back", () => ({ action: "person.deactivated", beforeId: middleId })],
    ["a prefix (person., 3 %)", () => ({ action: "person." })],
    ["a prefix nothing has (delivery.)", () => ({ action: "delivery." })],
    ["one person's actions", () => ({ actorId: people[7] })],
    ["one person's actions, far back", () => ({ actorId: people[7], beforeId: middleId })],
    ["what was done to one person", () => ({ targetType: "person", targetId: targetPerson })],
    ["a prefix, far back", () => ({ action: "person.", beforeId: middleId })],
    ["a week half a year ago", () => ({ since: Date.now() - 200 * day, until: Date.now() - 193 * day })],
    ["up to a month after the first entry", () => ({ until: Date.now() - 335 * day })],
    ["one person and an action they never did", () => ({ actorId: people[7], action: "alert.expired" })],
    [
      "one person in an old week",
      () => ({ actorId: people[7], since: Date.now() - 200 * day, until: Date.now() - 193 * day }),
    ],
  ];
  for (const [name, query] of shapes) {
    it(`${name}: reads a page's worth, not the whole log`, async () => {
      // Twice: the second runs the statement prepared by the first (and cached plans must hold too).
      await entriesRead({ limit: 51, ...query() });
      const { read, plan } = await entriesRead({ limit: 51, ...query() });
      // Of 150,000 entries, 100,000 this organisation's: a page (51), or at worst every entry of
      // one filter's index range when the other filter rejects them all (one person's 500).
      expect(read, plan).toBeLessThanOrEqual(1_000);
    });
  }
});

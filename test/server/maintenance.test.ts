import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHECKPOINT_INTERVAL_MS,
  HOT_TABLES,
  StoreMaintenance,
} from "../../src/server/sweeper/maintenance.ts";
import { findOrCreateConversations, raiseAlerts } from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const statsOf = async (table: string): Promise<number> => {
  const [row] = await world.store.query("SELECT reltuples FROM pg_class WHERE relname = $1", [table]);
  return Number(row?.reltuples);
};

describe("store maintenance on PGlite (no autovacuum)", () => {
  it("vacuums and analyses the hot tables, so the planner knows their sizes", async () => {
    // Never analysed, a table reports -1 tuples (the world's app has not been started).
    expect(await statsOf("people")).toBe(-1);
    const people = await world.store.query("SELECT count(*)::int AS n FROM people");
    await world.app.maintenance.run();
    expect(await statsOf("people")).toBe(Number(people[0]?.n));
    for (const table of HOT_TABLES) expect(await statsOf(table)).toBeGreaterThanOrEqual(0);
  });
});

describe("statistics kept current between maintenance passes", () => {
  it("analyses a hot table again once it grew by more than 50 rows and 10 %, one table per pass, and only then", async () => {
    await world.app.maintenance.run();
    expect(await world.app.maintenance.analyzeChanged()).toEqual([]);

    // A busy floor: 3,000 open alerts on 1,000 conversations within minutes of the last pass.
    const conversations = await findOrCreateConversations(
      world.store,
      world.orgId,
      Array.from({ length: 1_000 }, (_, i) => ({
        externalId: `stats-${i}`,
        teamId: world.teams.a,
        channel: "chat" as const,
        customerName: null,
        assignedPersonId: null,
        topic: null,
        createdAt: null,
      })),
    );
    await raiseAlerts(
      world.store,
      Array.from({ length: 3_000 }, (_, i) => ({
        orgId: world.orgId,
        teamId: world.teams.a,
        conversationId: conversations[i % conversations.length]?.id ?? "",
        reasons: ["customer_reacting_to_agent"],
        rung: "signal" as const,
        risk: 0.5,
        why: "test",
      })),
    );
    // Both grew past the threshold; the one most overdue goes first, the other on the next pass.
    expect(await world.app.maintenance.analyzeChanged()).toEqual(["alerts"]);
    expect(await statsOf("alerts")).toBe(3_000);
    expect(await world.app.maintenance.analyzeChanged()).toEqual(["conversations"]);
    // Keys, counts and times were analysed; the free text and documents wait for the full pass.
    const columns = await world.store.query(
      "SELECT attname FROM pg_stats WHERE tablename = 'alerts' AND schemaname = current_schema()",
    );
    const analysedColumns = columns.map((row) => String(row["attname"]));
    expect(analysedColumns).toEqual(expect.arrayContaining(["org_id", "conversation_id", "raised_at"]));
    expect(analysedColumns).not.toContain("evidence");
    expect(analysedColumns).not.toContain("why");
    // Nothing changed since: nothing to do.
    expect(await world.app.maintenance.analyzeChanged()).toEqual([]);
    // Updates change no table's size: every conversation and alert rewritten is still nothing to do.
    await world.store.query("UPDATE conversations SET risk = 0.5 WHERE org_id = $1", [world.orgId]);
    await world.store.query("UPDATE alerts SET risk = 0.25 WHERE org_id = $1", [world.orgId]);
    expect(await world.app.maintenance.analyzeChanged()).toEqual([]);

    // Planned with current statistics, two open alerts are found by their ids, not by walking the
    // organisation's open alerts.
    const plan = await world.store.query(
      `EXPLAIN UPDATE alerts SET state = 'expired' WHERE org_id = $1 AND id = ANY($2::uuid[])
       AND state IN ('raised', 'acknowledged')`,
      [world.orgId, [conversations[0]?.id, conversations[1]?.id]],
    );
    const text = plan.map((row) => String(Object.values(row)[0])).join("\n");
    expect(text).not.toContain("alerts_open");
  });
});

describe("checkpoints on PGlite (single-user mode never takes one by itself)", () => {
  const walSinceCheckpoint = async (): Promise<number> => {
    const [row] = await world.store.query(
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::bigint AS since FROM pg_control_checkpoint()",
    );
    return Number(row?.["since"]);
  };
  const writeWal = async (rows: number): Promise<void> => {
    await world.store.query(
      "INSERT INTO wal_probe SELECT repeat('x', 1000) FROM generate_series(1, $1::int)",
      [rows],
    );
  };

  it("takes one once enough WAL was written, or after the interval, and not otherwise", async () => {
    await world.store.query("CREATE TABLE IF NOT EXISTS wal_probe (body text)");
    const maintenance = new StoreMaintenance(world.app.ctx, 600_000, 600_000, 2 * 1024 * 1024);
    await world.store.query("CHECKPOINT");
    const start = Date.now();
    expect(await maintenance.checkpointIfDue(start)).toBeNull();

    // About 3 MB of WAL: over the (test's) 2 MB limit.
    await writeWal(3_000);
    const before = await walSinceCheckpoint();
    expect(before).toBeGreaterThan(2 * 1024 * 1024);
    expect(await maintenance.checkpointIfDue(start)).toBeGreaterThanOrEqual(before);
    expect(await walSinceCheckpoint()).toBeLessThan(before / 10);
    expect(await maintenance.checkpointIfDue(start)).toBeNull();

    // About 1.5 MB: under the limit, so only the interval makes it due.
    await writeWal(1_500);
    expect(await maintenance.checkpointIfDue(start + 1_000)).toBeNull();
    expect(await maintenance.checkpointIfDue(start + CHECKPOINT_INTERVAL_MS + 1_000)).not.toBeNull();
  });
});

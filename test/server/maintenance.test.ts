import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHECKPOINT_INTERVAL_MS,
  HOT_TABLES,
  StoreMaintenance,
  VACUUM_SCALE_FACTOR,
  VACUUM_THRESHOLD_ROWS,
} from "../../src/server/sweeper/maintenance.ts";
import { pruneLogs } from "../../src/server/sweeper/sweeper.ts";
import {
  eraseConversationsNow,
  eraseExpiredConversations,
} from "../../src/server/commands/eraseConversations.ts";
import {
  appendMessages,
  findOrCreateConversations,
  raiseAlerts,
  setRetentionDays,
  type ConversationRecord,
} from "../../src/store/index.ts";
import { createWorld, type World } from "./factories.ts";

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

/**
 * `count` chat conversations of the world's team A (`<prefix>-<i>`) written straight into the
 * store, created `at` (or now), their customers named by `customer` (or not).
 */
const writeConversations = (
  w: World,
  prefix: string,
  count: number,
  o: { at?: number; customer?: (i: number) => string } = {},
) =>
  findOrCreateConversations(
    w.store,
    w.orgId,
    Array.from({ length: count }, (_, i) => ({
      externalId: `${prefix}-${i}`,
      teamId: w.teams.a,
      channel: "chat" as const,
      customerName: o.customer?.(i) ?? null,
      assignedPersonId: null,
      topic: null,
      createdAt: o.at ?? null,
    })),
  );

/** `lines` lines in each conversation, the customer's and the agent's in turn, sent `at` (or now). */
const writeLines = (
  w: World,
  conversations: readonly Pick<ConversationRecord, "id" | "externalId">[],
  lines: number,
  text: (line: number, externalId: ConversationRecord["externalId"]) => string,
  at?: number,
) =>
  appendMessages(
    w.store,
    conversations.flatMap((c) =>
      Array.from({ length: lines }, (_, p) => ({
        orgId: w.orgId,
        conversationId: c.id,
        role: p % 2 === 0 ? ("customer" as const) : ("agent" as const),
        text: text(p, c.externalId),
        externalId: `${c.externalId}-${p}`,
        sentAt: at ?? Date.now(),
      })),
    ),
  );

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
    const conversations = await writeConversations(world, "stats", 1_000);
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

describe("statistics of the transcripts (a large table reports read by conversation and time)", () => {
  const messageStats = async () =>
    (
      await world.store.query(
        "SELECT attname FROM pg_stats WHERE tablename = 'messages' AND schemaname = current_schema()",
      )
    ).map((row) => String(row["attname"]));
  const addLines = async (prefix: string, conversationsCount: number, lines: number) => {
    const conversations = await writeConversations(world, prefix, conversationsCount);
    await writeLines(world, conversations, lines, (p) => `Line ${p}: where is my parcel?`);
  };
  /** The frequent pass until it has nothing left to do (one table per pass). */
  const passes = async (): Promise<string[]> => {
    const done: string[] = [];
    for (let i = 0; i < 20; i++) {
      const analysed = await world.app.maintenance.analyzeChanged();
      if (analysed.length === 0) break;
      done.push(...analysed);
    }
    return done;
  };

  it("analyses the messages once they doubled since the last ANALYZE, their key and time columns only", async () => {
    await world.app.maintenance.run();
    await passes();
    const before = await statsOf("messages");
    // Lines of 400 new conversations: more than the table held.
    await addLines("transcripts", 400, 6);
    expect(await passes()).toContain("messages");
    expect(await statsOf("messages")).toBeGreaterThanOrEqual(before + 2_400);
    const columns = await messageStats();
    expect(columns).toEqual(expect.arrayContaining(["org_id", "conversation_id", "sent_at", "position"]));
    expect(columns).not.toContain("text");
    expect(columns).not.toContain("analysis");
    // A few hundred more lines are not a doubling: not sampled again.
    await addLines("transcripts-more", 50, 6);
    expect(await passes()).not.toContain("messages");

    // Planned with statistics, a conversation's lines are read through its own index, not by
    // intersecting it with every message of the organisation.
    const [one] = await world.store.query("SELECT id FROM conversations WHERE external_id = 'transcripts-1'");
    const plan = await world.store.query(
      `EXPLAIN SELECT m.risk FROM conversations c JOIN LATERAL (
         SELECT risk FROM messages m WHERE m.org_id = c.org_id AND m.conversation_id = c.id
          ORDER BY risk DESC LIMIT 1) m ON true
       WHERE c.org_id = $1 AND c.id = $2`,
      [world.orgId, one?.["id"]],
    );
    const text = plan.map((row) => String(Object.values(row)[0])).join("\n");
    expect(text).not.toContain("BitmapAnd");
  });
});

describe("statistics of the other large tables the pages read by team, person and time", () => {
  it("analyses scorecards, debriefs, events, customers, knowledge gaps and survey answers in the ten-minute pass", async () => {
    const tables = ["scorecards", "debriefs", "events", "customers", "knowledge_gaps", "survey_answers"];
    await world.app.maintenance.run();
    // Never analysed, a table's reltuples is -1 and the planner guesses a handful of rows.
    const rows = await world.store.query(
      "SELECT relname, reltuples FROM pg_class WHERE relname = ANY($1::text[]) AND relkind = 'r'",
      [tables],
    );
    expect(Object.fromEntries(rows.map((r) => [String(r["relname"]), Number(r["reltuples"]) >= 0]))).toEqual(
      Object.fromEntries(tables.map((t) => [t, true])),
    );
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

describe("space freed by the sweeper's deletions is reused (PGlite runs no autovacuum)", () => {
  const DAY = 86_400_000;
  const LINES = 20;
  let own: World;
  const logLines: string[] = [];
  beforeAll(async () => {
    own = await createWorld({
      env: { TAGTEAM_LOG_LEVEL: "info" },
      logStream: { write: (line) => void logLines.push(line) },
    });
    // Admin → Retention: conversations closed more than 30 days ago are erased.
    await setRetentionDays(own.store, own.orgId, 30);
  });
  afterAll(async () => {
    await own?.close();
  });

  const heapBytes = async (table: string): Promise<number> => {
    const [row] = await own.store.query("SELECT pg_relation_size($1::regclass) AS n", [table]);
    return Number(row?.["n"]);
  };
  const deadRows = async (table: string): Promise<number> => {
    await own.store.query("SELECT pg_stat_force_next_flush()");
    const [row] = await own.store.query("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = $1", [
      table,
    ]);
    return Number(row?.["n_dead_tup"]);
  };
  const countedBeforeRestart = async (): Promise<Record<string, number>> => {
    const rows = await own.store.query("SELECT table_name, dead_rows FROM store_dead_rows");
    return Object.fromEntries(rows.map((row) => [String(row["table_name"]), Number(row["dead_rows"])]));
  };

  /** `count` conversations of LINES lines each, closed `daysAgo` days ago, with as many events, as old. */
  const writeClosed = async (prefix: string, count: number, daysAgo: number): Promise<string[]> => {
    const at = Date.now() - daysAgo * DAY;
    const conversations = await writeConversations(own, prefix, count, {
      at,
      customer: (i) => `Customer ${prefix} ${i}`,
    });
    const ids = conversations.map((c) => c.id);
    await writeLines(
      own,
      conversations,
      LINES,
      (p, externalId) =>
        `Line ${p} of ${externalId}: my order has not arrived yet, and it has been a week now.`,
      at,
    );
    await own.store.query(
      "UPDATE conversations SET status = 'closed', closed_at = $2, closed_reason = 'sender' WHERE id = ANY($1::uuid[])",
      [ids, new Date(at).toISOString()],
    );
    await own.store.query(
      `INSERT INTO events (org_id, team_id, conversation_id, type, payload, created_at)
       SELECT $1, $2, c, 'analysis.updated', jsonb_build_object('conversationId', c, 'risk', 0.2), $4
       FROM unnest($3::uuid[]) AS c CROSS JOIN generate_series(1, ${LINES})`,
      [own.orgId, own.teams.a, ids, new Date(at).toISOString()],
    );
    return ids;
  };

  it("vacuums messages, events and customers after retention deleted from them, so new rows fill the freed pages", async () => {
    await writeClosed("old", 100, 60);
    await writeClosed("recent", 100, 1);
    await own.app.maintenance.run();
    const before = { messages: await heapBytes("messages"), events: await heapBytes("events") };

    // The sweeper's own passes: the retention erasure (messages, customers and what hangs off the
    // conversations) and the event pruning (events past TAGTEAM_EVENT_RETENTION_DAYS, 30 days).
    expect(await eraseExpiredConversations(own.app.ctx, Date.now(), 0, 500)).toBe(100);
    expect((await pruneLogs(own.app.ctx, Date.now())).events).toBe(100 * LINES);
    expect(await deadRows("messages")).toBeGreaterThanOrEqual(100 * LINES);
    expect(await deadRows("events")).toBeGreaterThanOrEqual(100 * LINES);

    // After the next maintenance pass, as many conversations again fit in the space the erased
    // ones left: the tables grow by a page or two at most (without a VACUUM, by half: 100 more
    // conversations' worth of pages).
    await own.app.maintenance.run();
    await writeClosed("again", 100, 1);
    expect(await heapBytes("messages")).toBeLessThan(before.messages * 1.05);
    expect(await heapBytes("events")).toBeLessThan(before.events * 1.05);
    // The pass vacuumed them, and said so.
    expect(await deadRows("messages")).toBe(0);
    expect(await deadRows("events")).toBe(0);
    expect(await deadRows("customers")).toBe(0);
    const logged = logLines.filter((line) => line.includes('"msg":"store vacuum"')).join("\n");
    for (const table of ["messages", "events", "customers"]) expect(logged).toContain(`"table":"${table}"`);
  });

  it("waits until dead rows pass 50 plus a fifth of the table, counting those from before a restart", async () => {
    const ids = await writeClosed("later", 100, 1);
    await own.app.maintenance.run();
    // The table's rows as the planner knows them (the pass analyses the transcripts too).
    const [stats] = await own.store.query("SELECT reltuples FROM pg_class WHERE relname = 'messages'");
    const live = await own.store.query("SELECT count(*)::int AS n FROM messages");
    expect(Number(stats?.["reltuples"])).toBe(Number(live[0]?.["n"]));
    const threshold = VACUUM_THRESHOLD_ROWS + VACUUM_SCALE_FACTOR * Number(stats?.["reltuples"]);
    const by = { kind: "system" as const, id: null };
    // Below the threshold with the first erasure, past it with both.
    const first = Math.floor((0.5 * threshold) / LINES);
    const both = Math.floor(threshold / LINES) + 1;
    expect(both).toBeLessThanOrEqual(ids.length);

    // An admin erases a few conversations: fewer dead messages than the threshold, nothing vacuumed;
    // the count is kept for after a restart.
    await eraseConversationsNow(own.app.ctx, own.orgId, ids.slice(0, first), by, "request");
    expect(await own.app.maintenance.vacuumLargeTables()).toEqual([]);
    expect((await countedBeforeRestart())["messages"]).toBe(first * LINES);

    // A restart: PGlite starts its counters from zero, and a new server's maintenance begins.
    await own.store.query("SELECT pg_stat_reset()");
    const restarted = new StoreMaintenance(own.app.ctx, 600_000, 600_000);
    await eraseConversationsNow(own.app.ctx, own.orgId, ids.slice(first, both), by, "request");
    expect(await deadRows("messages")).toBe((both - first) * LINES);
    expect((both - first) * LINES).toBeLessThan(threshold);
    // Those since the restart and those before it: past the threshold together.
    const vacuumed = await restarted.vacuumLargeTables();
    expect(vacuumed.find((v) => v.table === "messages")?.deadRows).toBe(both * LINES);
    expect(await deadRows("messages")).toBe(0);
    expect((await countedBeforeRestart())["messages"]).toBeUndefined();
  });

  it("freezes a table whose oldest unfrozen transaction passed the age limit, even with no dead rows (no wraparound)", async () => {
    const ageOf = async (table: string): Promise<number> => {
      const [row] = await own.store.query(
        "SELECT age(relfrozenxid) AS age FROM pg_class WHERE relname = $1",
        [table],
      );
      return Number(row?.["age"]);
    };
    // The audit log is only ever inserted into: it never reaches the dead-row threshold.
    await writeClosed("aged", 5, 1);
    await own.store.query("VACUUM (FREEZE) audit_log");
    // A limit of 100 transactions here (200 million in the server): 150 write transactions later
    // the audit log is past it, with no dead row.
    for (let i = 0; i < 150; i++) await own.store.query("SELECT txid_current()");
    expect(await ageOf("audit_log")).toBeGreaterThan(100);
    expect(await deadRows("audit_log")).toBe(0);
    const maintenance = new StoreMaintenance(own.app.ctx, 600_000, 600_000, undefined, 100);
    const frozen = await maintenance.vacuumLargeTables();
    expect(frozen.find((v) => v.table === "audit_log")).toMatchObject({ freeze: true, deadRows: 0 });
    expect(await ageOf("audit_log")).toBeLessThan(100);
    // At the server's limit the same table is left alone.
    expect(
      (await new StoreMaintenance(own.app.ctx, 600_000, 600_000).vacuumLargeTables()).find(
        (v) => v.table === "audit_log",
      ),
    ).toBeUndefined();
  });
});

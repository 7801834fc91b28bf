// How long a VACUUM of the large tables holds a PGlite database, on realistic sizes (the figures in
// docs/ARCHITECTURE.md, "Store maintenance").
//
//   npx tsx scripts/measure-vacuum.ts [messages=200000] [purge=0.15] [no-vacuum]
//
// Builds an on-disk PGlite database in a temporary directory (removed at the end) with `messages`
// lines in conversations of 20, closed over 100 days, and half as many events; then, twice: the
// retention sweep's own statements erase the oldest `purge` share of the conversations (500 at a
// time, as the sweeper does) and prune as many events (5,000 at a time), each large table is
// vacuumed and timed, and the same number of conversations is written again, to show whether the
// freed space was reused (with `no-vacuum`, nothing is vacuumed in between: what PGlite did before).
// Last, a VACUUM with nothing deleted since the last (what a pass at every start would cost), and
// one more with every page all-visible.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../src/store/migrate.ts";
import { openPGliteStore } from "../src/store/pgliteStore.ts";
import { seedOrganisation } from "../src/store/contract/factories.ts";
import { eraseConversations, findConversationsPastRetention, pruneEvents } from "../src/store/index.ts";
import type { Store } from "../src/store/types.ts";

const MESSAGES = Number(process.argv[2] ?? 200_000);
const PURGE = Number(process.argv[3] ?? 0.15);
const VACUUM_BETWEEN = process.argv[4] !== "no-vacuum";
const PER_CONVERSATION = 20;
const DAY = 86_400_000;
const LARGE_TABLES = ["messages", "events", "customers", "conversations", "alerts"];

const dir = mkdtempSync(join(tmpdir(), "tagteam-vacuum-"));
const store = await openPGliteStore({ dataDir: dir });
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function sizes(): Promise<string> {
  const rows = await store.query<{ relname: string; heap: string; indexes: string; dead: string }>(
    `SELECT s.relname, pg_relation_size(s.relid) AS heap, pg_indexes_size(s.relid) AS indexes, s.n_dead_tup AS dead
     FROM pg_stat_user_tables s WHERE s.relname = ANY($1::text[]) ORDER BY s.relname`,
    [LARGE_TABLES.slice(0, 3)],
  );
  return rows.map((r) => `${r.relname} ${mb(Number(r.heap))} + ${mb(Number(r.indexes))} idx`).join(", ");
}

/** `count` conversations of PER_CONVERSATION lines each, closed from `fromDay` days ago onwards, and half as many events as lines. */
async function write(
  db: Store,
  orgId: string,
  teamId: string,
  first: number,
  count: number,
  fromDay: number,
) {
  await db.query(
    `WITH c AS (
       SELECT g, now() - make_interval(secs => ($4::float8 - (g - $2)::float8 * $4::float8 / $3::float8) * 86400) AS closed
       FROM generate_series($2::int, $2::int + $3::int - 1) g),
     cust AS (
       INSERT INTO customers (org_id, external_id, name, email)
       SELECT $1, 'conversation:m' || g, 'Customer ' || g, 'customer' || g || '@example.test' FROM c RETURNING id, external_id)
     INSERT INTO conversations (org_id, team_id, channel, external_id, customer_id, status, subject, topic,
                                message_count, last_message_at, created_at, updated_at, closed_at, closed_reason)
     SELECT $1, $5, 'chat', 'm' || g, cust.id, 'closed', 'Order ' || g, 'billing', ${PER_CONVERSATION},
            closed, closed - interval '20 minutes', closed, closed, 'sender'
     FROM c JOIN cust ON cust.external_id = 'conversation:m' || g`,
    [orgId, first, count, fromDay, teamId],
  );
  // Lines of 60–180 characters; the customer's carry the engine's analysis (a few hundred bytes).
  await db.query(
    `INSERT INTO messages (org_id, conversation_id, position, role, author_name, text, external_id, sent_at, created_at,
                           risk, rung, analysis, analysed_at)
     SELECT $1, c.id, p, CASE WHEN p % 2 = 0 THEN 'customer' ELSE 'agent' END, 'Someone',
            left(repeat('I would like to know why my order has not arrived yet, it has been a week. ', 3), 60 + (p * 37) % 120),
            c.external_id || '-' || p, c.created_at + p * interval '1 minute', c.created_at + p * interval '1 minute',
            CASE WHEN p % 2 = 0 THEN 0.2 END, CASE WHEN p % 2 = 0 THEN 'observe' END,
            CASE WHEN p % 2 = 0 THEN jsonb_build_object('risk', 0.2, 'rung', 'observe', 'emotion', 'neutral',
              'cues', jsonb_build_array('waiting', 'order_status'), 'politeness', 0.61, 'frustration', 0.12,
              'reasons', jsonb_build_array(), 'topics', jsonb_build_array('billing'), 'why', 'customer asks about a late order')
            END,
            CASE WHEN p % 2 = 0 THEN c.created_at END
     FROM conversations c CROSS JOIN generate_series(0, ${PER_CONVERSATION - 1}) p
     WHERE c.org_id = $1 AND c.external_id = ANY(SELECT 'm' || g FROM generate_series($2::int, $2::int + $3::int - 1) g)
     ORDER BY c.closed_at, p`,
    [orgId, first, count],
  );
  await db.query(
    `INSERT INTO events (org_id, team_id, conversation_id, type, payload, created_at)
     SELECT c.org_id, c.team_id, c.id, 'analysis.updated',
            jsonb_build_object('conversationId', c.id, 'risk', 0.2, 'rung', 'none', 'messageCount', p), c.created_at + p * interval '2 minutes'
     FROM conversations c CROSS JOIN generate_series(1, ${PER_CONVERSATION / 2}) p
     WHERE c.org_id = $1 AND c.external_id = ANY(SELECT 'm' || g FROM generate_series($2::int, $2::int + $3::int - 1) g)
     ORDER BY c.closed_at, p`,
    [orgId, first, count],
  );
}

async function purge(
  orgId: string,
  days: number,
): Promise<{ conversations: number; events: number; ms: number }> {
  const started = performance.now();
  let conversations = 0;
  for (;;) {
    const due = await findConversationsPastRetention(store, {
      now: Date.now(),
      defaultDays: days,
      limit: 500,
    });
    if (due.length === 0) break;
    const gone = await store.transaction((tx) =>
      eraseConversations(tx, { orgId, conversationIds: due.map((c) => c.id) }),
    );
    conversations += gone.length;
  }
  let events = 0;
  for (;;) {
    const n = await pruneEvents(store, { createdBefore: Date.now() - days * DAY, limit: 5_000 });
    if (n === 0) break;
    events += n;
  }
  return { conversations, events, ms: Math.round(performance.now() - started) };
}

async function vacuumAll(label: string): Promise<void> {
  await store.query("SELECT pg_stat_force_next_flush()");
  const dead = await store.query<{ relname: string; n_dead_tup: string }>(
    "SELECT relname, n_dead_tup FROM pg_stat_user_tables WHERE relname = ANY($1::text[])",
    [LARGE_TABLES],
  );
  const deadBy = new Map(dead.map((r) => [r.relname, Number(r.n_dead_tup)]));
  for (const table of LARGE_TABLES) {
    const started = performance.now();
    await store.query(`VACUUM ${table}`);
    const ms = Math.round(performance.now() - started);
    console.log(`  ${label}: VACUUM ${table} ${ms} ms (${deadBy.get(table) ?? 0} dead rows)`);
  }
}

try {
  await migrate(store);
  const org = await seedOrganisation(store);
  // The seed's own conversation stays out of the retention period.
  await store.query("UPDATE organisations SET retention_days = NULL WHERE id = $1", [org.org.id]);
  const conversations = Math.round(MESSAGES / PER_CONVERSATION);
  let started = performance.now();
  await write(store, org.org.id, org.team.id, 0, conversations, 100);
  await store.query("CHECKPOINT");
  console.log(
    `built ${conversations} conversations, ${conversations * PER_CONVERSATION} messages, ${conversations * 10} events in ${Math.round(performance.now() - started)} ms`,
  );
  console.log(`  ${await sizes()}`);

  let next = conversations;
  for (const round of [1, 2]) {
    // The oldest PURGE share of what is stored is past a retention period of `days`.
    const days = Math.round(100 * (1 - PURGE * round));
    const purged = await purge(org.org.id, days);
    console.log(
      `round ${round}: retention erased ${purged.conversations} conversations and pruned ${purged.events} events in ${purged.ms} ms`,
    );
    if (VACUUM_BETWEEN) {
      await vacuumAll(`round ${round}`);
      console.log(`  after VACUUM: ${await sizes()}`);
    }
    started = performance.now();
    await write(store, org.org.id, org.team.id, next, purged.conversations, 1);
    next += purged.conversations;
    console.log(`  written again (${Math.round(performance.now() - started)} ms): ${await sizes()}`);
  }
  await store.query("CHECKPOINT");
  await vacuumAll(VACUUM_BETWEEN ? "nothing deleted since" : "after both rounds");
  started = performance.now();
  await store.query("VACUUM messages");
  console.log(
    `VACUUM messages once more, all pages all-visible: ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

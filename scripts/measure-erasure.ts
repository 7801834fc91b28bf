// How long the retention sweep's erasure holds a PGlite database, on realistic sizes (the figures
// in docs/ARCHITECTURE.md, "Erasure and retention").
//
//   npx tsx scripts/measure-erasure.ts [messages=200000] [batch=25] [old-schema|new-schema] [transactions]
//
// Builds an on-disk PGlite database in a temporary directory (removed at the end) with `messages`
// lines in conversations of 20, each with its customer, closed over 100 days; an alert on every
// other conversation and a promise on every fifth, both pointing at one of its lines (what the
// engine records), and an incident report on every tenth. Prints the plan of one erasure of
// `batch` conversations (EXPLAIN ANALYZE, rolled back, with the time of each foreign key's
// trigger), then erases the oldest 15 % with the sweep's own statement, `batch` conversations
// per transaction, and prints how long the transactions held the database (median, 95th
// percentile, longest), or only the first `transactions` of them. With `old-schema`, the indexes
// of migration 0038 are dropped first: what the erasure cost before them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "../src/store/migrate.ts";
import { openPGliteStore } from "../src/store/pgliteStore.ts";
import { seedOrganisation } from "../src/store/contract/factories.ts";
import {
  ERASE_CONVERSATIONS_SQL,
  eraseConversations,
  findConversationsPastRetention,
} from "../src/store/index.ts";

const MESSAGES = Number(process.argv[2] ?? 200_000);
const BATCH = Number(process.argv[3] ?? 25);
const OLD_SCHEMA = process.argv[4] === "old-schema";
const TRANSACTIONS = Number(process.argv[5] ?? Number.POSITIVE_INFINITY);
const PER_CONVERSATION = 20;
const PURGE = 0.15;
const INDEXES_0038 = [
  "conversations_customer",
  "alerts_message",
  "commitments_message",
  "incident_reports_conversation",
  "incident_conversations_conversation",
  "feedback_conversation",
  "journal_entries_conversation",
  "insights_conversation",
  "knowledge_facts_source_conversation",
];

const dir = mkdtempSync(join(tmpdir(), "tagteam-erasure-"));
const store = await openPGliteStore({ dataDir: dir });

try {
  await migrate(store);
  if (OLD_SCHEMA) for (const index of INDEXES_0038) await store.query(`DROP INDEX ${index}`);
  const { org, team, agent } = await seedOrganisation(store);
  await store.query("UPDATE organisations SET retention_days = NULL WHERE id = $1", [org.id]);
  const conversations = Math.round(MESSAGES / PER_CONVERSATION);
  let started = performance.now();
  await store.query(
    `WITH c AS (
       SELECT g, now() - make_interval(secs => (100 - g::float8 * 100 / $2::float8) * 86400) AS closed
       FROM generate_series(0, $2::int - 1) g),
     cust AS (
       INSERT INTO customers (org_id, external_id, name, email)
       SELECT $1, 'conversation:m' || g, 'Customer ' || g, 'customer' || g || '@example.test' FROM c RETURNING id, external_id)
     INSERT INTO conversations (org_id, team_id, channel, external_id, customer_id, status, subject, topic,
                                message_count, last_message_at, created_at, updated_at, closed_at, closed_reason)
     SELECT $1, $3, 'chat', 'm' || g, cust.id, 'closed', 'Order ' || g, 'billing', ${PER_CONVERSATION},
            closed, closed - interval '20 minutes', closed, closed, 'sender'
     FROM c JOIN cust ON cust.external_id = 'conversation:m' || g`,
    [org.id, conversations, team.id],
  );
  await store.query(
    `INSERT INTO messages (org_id, conversation_id, position, role, author_name, text, external_id, sent_at, created_at)
     SELECT $1, c.id, p, CASE WHEN p % 2 = 0 THEN 'customer' ELSE 'agent' END, 'Someone',
            left(repeat('I would like to know why my order has not arrived yet, it has been a week. ', 3), 60 + (p * 37) % 120),
            c.external_id || '-' || p, c.created_at + p * interval '1 minute', c.created_at + p * interval '1 minute'
     FROM conversations c CROSS JOIN generate_series(0, ${PER_CONVERSATION - 1}) p
     WHERE c.org_id = $1 AND c.external_id LIKE 'm%'
     ORDER BY c.closed_at, p`,
    [org.id],
  );
  await store.query(
    `INSERT INTO alerts (org_id, team_id, conversation_id, message_id, agent_person_id, state, rung, risk, why, raised_at)
     SELECT m.org_id, $2, m.conversation_id, m.id, $3, 'expired', 'whisper', 0.7, 'repeated apologies', m.created_at
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.org_id = $1 AND m.position = 6 AND CASE WHEN c.external_id ~ '^m[0-9]+$' THEN substr(c.external_id, 2)::int % 2 = 0 ELSE false END`,
    [org.id, team.id, agent.id],
  );
  await store.query(
    `INSERT INTO commitments (org_id, conversation_id, message_id, person_id, text, status, created_at)
     SELECT m.org_id, m.conversation_id, m.id, $2, 'I will email you the label by Thursday', 'done', m.created_at
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.org_id = $1 AND m.position = 9 AND CASE WHEN c.external_id ~ '^m[0-9]+$' THEN substr(c.external_id, 2)::int % 5 = 0 ELSE false END`,
    [org.id, agent.id],
  );
  await store.query(
    `INSERT INTO incident_reports (org_id, team_id, conversation_id, message_id, term, label, phrase, reported_at)
     SELECT m.org_id, $2, m.conversation_id, m.id, 'checkout', 'checkout', 'the checkout is broken', m.created_at
     FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.org_id = $1 AND m.position = 2 AND CASE WHEN c.external_id ~ '^m[0-9]+$' THEN substr(c.external_id, 2)::int % 10 = 0 ELSE false END`,
    [org.id, team.id],
  );
  await store.query("VACUUM ANALYZE");
  await store.query("CHECKPOINT");
  const count = async (table: string) =>
    Number((await store.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
  console.log(
    `built ${conversations} conversations, ${await count("messages")} messages, ${await count("alerts")} alerts, ` +
      `${await count("commitments")} promises, ${await count("incident_reports")} incident reports in ` +
      `${Math.round(performance.now() - started)} ms${OLD_SCHEMA ? " (old schema: no 0038 indexes)" : ""}`,
  );

  const days = Math.round(100 * (1 - PURGE));
  const due = async () =>
    (await findConversationsPastRetention(store, { now: Date.now(), defaultDays: days, limit: BATCH })).map(
      (c) => c.id,
    );

  // The plan of one batch, rolled back (the statement eraseConversations runs).
  const sample = await due();
  const plan = await store
    .transaction(async (tx) => {
      const rows = await tx.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) ${ERASE_CONVERSATIONS_SQL}`,
        [org.id, sample],
      );
      throw Object.assign(new Error("rollback"), { rows });
    })
    .catch((error: { rows?: { "QUERY PLAN": string }[] }) => {
      if (!error.rows) throw error;
      return error.rows;
    });
  console.log(`plan of one batch of ${sample.length} (rolled back):`);
  for (const row of plan) console.log(`  ${row["QUERY PLAN"].slice(0, 160)}`);

  const pauses: number[] = [];
  started = performance.now();
  let erased = 0;
  while (pauses.length < TRANSACTIONS) {
    const ids = await due();
    if (ids.length === 0) break;
    const t = performance.now();
    erased += (
      await store.transaction((tx) => eraseConversations(tx, { orgId: org.id, conversationIds: ids }))
    ).length;
    pauses.push(performance.now() - t);
  }
  pauses.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(pauses[Math.min(pauses.length - 1, Math.floor(q * pauses.length))] ?? 0);
  console.log(
    `erased ${erased} conversations in ${pauses.length} transactions of up to ${BATCH} in ` +
      `${Math.round(performance.now() - started)} ms; each held the database: median ${at(0.5)} ms, ` +
      `95th percentile ${at(0.95)} ms, longest ${Math.round(pauses.at(-1) ?? 0)} ms`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

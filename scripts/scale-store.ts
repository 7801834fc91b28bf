/**
 * `npx tsx scripts/scale-store.ts <data dir> [copies] [agents] [live]` — grows a demo workspace into
 * a busy team's store, to measure pages and statements at scale ("the scale store"): more agents
 * (`agents` in Lee's team, 40 unless said, agent5…agentN@scale.tagteam.local, the demo password) and
 * the demo history's conversations cloned `copies` times (200: ~32,000 conversations, 200,000 lines),
 * each clone on one of the 30 days before today, with its lines, alerts, step-ins, scorecards,
 * debriefs, survey answers, knowledge gaps and events, the demo agents' parts handed round the team.
 *
 * Then the live floor: `live` conversations (400 unless said) cloned again with their last line in
 * the 20 minutes before the run and left open, each with its newest alert still raised, and one in
 * ten escalated to Lee and waiting for an answer (an `escalation` step-in still offered). Without
 * them the floor, the alerts, the escalation queue and the agents' consoles were tried on an empty
 * shift. They are live as of the run: start the server on the store soon after (it closes a
 * conversation idle for four hours).
 *
 * Make the workspace first (`TAGTEAM_DATA_DIR=<dir> npm start -- --demo`, stopped once the history
 * is written), grow it stopped, then start the server on it (it migrates).
 *
 * Every id is a version-4 UUID (derived from the row it copies, so a run is repeatable): the first
 * scale store's ids were bare md5 digests, which the API's UUID checks refuse (a bulk agent's skill
 * map answered 400 in 26 ms instead of being built, ~3 s).
 */
import { openStore } from "../src/store/openStore.ts";

const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: scale-store.ts <data dir> [copies]");
const COPIES = Number(process.argv[3] ?? 200);
const AGENTS = Math.max(5, Number(process.argv[4] ?? 40));
const LIVE = Number(process.argv[5] ?? 400);
const BATCH = 10;
const store = await openStore({ dataDir: dir, pgliteThread: "main" });
const q = (sql: string, p: unknown[] = []) => store.query(sql, p as never);
/** A version-4 UUID (variant 10) from the md5 of a text expression. */
const uuidOf = (expr: string) =>
  `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;

const t0 = performance.now();
const [lee] = await q(`SELECT id, org_id FROM people WHERE email = 'lee.lead@demo.tagteam.local'`);
const [ana] = await q(`SELECT id FROM people WHERE email = 'ana.agent@demo.tagteam.local'`);
if (lee === undefined || ana === undefined) throw new Error(`${dir} holds no demo workspace`);
const [membership] = await q(`SELECT team_id FROM team_memberships WHERE person_id = $1`, [lee.id]);
const org = String(lee.org_id);
const team = String(membership?.team_id);
await q(
  `INSERT INTO people (id, org_id, email, display_name, role, password_hash, availability, current_load, max_load,
                       created_at, updated_at)
   SELECT ${uuidOf(`'scale-agent-' || g`)}, org_id, 'agent' || g || '@scale.tagteam.local', 'Agent ' || g, 'agent',
          password_hash, availability, 0, max_load, created_at, updated_at
     FROM people, generate_series(5, $2::int) g WHERE id = $1 ON CONFLICT DO NOTHING`,
  [ana.id, AGENTS],
);
await q(
  `INSERT INTO team_memberships (org_id, team_id, person_id, created_at)
   SELECT $1, $2, ${uuidOf(`'scale-agent-' || g`)}, now() FROM generate_series(5, $3::int) g ON CONFLICT DO NOTHING`,
  [org, team, AGENTS],
);
const agents = (
  await q(
    `SELECT p.id FROM people p JOIN team_memberships m ON m.person_id = p.id
      WHERE p.role = 'agent' AND m.team_id = $1 ORDER BY p.email`,
    [team],
  )
).map((r) => String(r.id));
const demoAgents = (
  await q(`SELECT id FROM people WHERE email LIKE '%@demo.tagteam.local' AND role = 'agent' ORDER BY email`)
).map((r) => String(r.id));
await q(`CREATE TEMP TABLE pm (k int, old uuid, new uuid, PRIMARY KEY (k, old))`);
await q(`CREATE TEMP TABLE copies (k int, conv uuid, shift interval, PRIMARY KEY (k, conv))`);

/** A table's columns, but those it computes itself (a generated column takes no value). */
const columnsOf = async (table: string) =>
  (
    await q(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    )
  ).map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
const IDS = new Set(["conversation_id", "alert_id", "message_id", "customer_id", "source_conversation_id"]);
const PEOPLE = new Set([
  "assigned_person_id",
  "agent_person_id",
  "helper_person_id",
  "from_person_id",
  "to_person_id",
  "author_person_id",
  "person_id",
  "agent_id",
  "reviewed_by",
]);
/** INSERT … SELECT of one table's rows for the copies k in [$1, $2], ids and people mapped. */
async function cloneSql(table: string, convExpr: string, from: string, skip: string[] = []): Promise<string> {
  const columns = (await columnsOf(table)).filter(
    (c) => !skip.includes(c.name) && !(table === "events" && c.name === "id"),
  );
  const joins: string[] = [];
  const exprs = columns.map((c) => {
    const col = `s."${c.name}"`;
    if (c.name === "id" && c.type === "uuid") return uuidOf(`${col}::text || ':' || cp.k`);
    if (IDS.has(c.name))
      return `CASE WHEN ${col} IS NULL THEN NULL ELSE ${uuidOf(`${col}::text || ':' || cp.k`)} END`;
    if (PEOPLE.has(c.name)) {
      joins.push(`LEFT JOIN pm pm_${c.name} ON pm_${c.name}.k = cp.k AND pm_${c.name}.old = ${col}`);
      return `coalesce(pm_${c.name}.new, ${col})`;
    }
    if (c.type === "timestamp with time zone") return `${col} + cp.shift`;
    if (c.name === "external_id") return `CASE WHEN ${col} IS NULL THEN NULL ELSE ${col} || '-s' || cp.k END`;
    if (c.name === "customer_token_hash") return "NULL";
    return col;
  });
  return `INSERT INTO ${table} (${columns.map((c) => `"${c.name}"`).join(", ")})
    SELECT ${exprs.join(", ")} FROM ${from} s JOIN copies cp ON cp.conv = ${convExpr} ${joins.join(" ")}
     WHERE cp.k BETWEEN $1 AND $2 ON CONFLICT DO NOTHING`;
}
const TEMPLATES = `SELECT * FROM conversations WHERE external_id LIKE 'demo-history-%' AND external_id NOT LIKE '%-s%'`;
const sqls = [
  await cloneSql(
    "customers",
    "s.conv_of",
    `(SELECT cu.*, c.id AS conv_of FROM customers cu JOIN (${TEMPLATES}) c ON c.customer_id = cu.id)`,
  ),
  await cloneSql("conversations", "s.id", `(${TEMPLATES})`),
  ...[
    "messages",
    "alerts",
    "interventions",
    "scorecards",
    "debriefs",
    "survey_answers",
    "knowledge_gaps",
    "events",
  ].map((table) => cloneSql(table, "s.conversation_id", table)),
];
const statements = await Promise.all(sqls);
/** What a live conversation gets: its lines, alerts and step-ins, not what closing it writes. */
const LIVE_TABLES = [0, 1, 2, 3, 4, 9];
const templates = (await q(TEMPLATES)).map((r) => String(r.id));
console.log(`agents ${agents.length}, template conversations ${templates.length}`);
for (let k0 = 1; k0 <= COPIES; k0 += BATCH) {
  const k1 = Math.min(COPIES, k0 + BATCH - 1);
  const started = performance.now();
  await store.transaction(async (tx) => {
    // Clone k of a conversation lands on one of the 30 days before today, at its time of day.
    await tx.query(
      `INSERT INTO copies
       SELECT k, c.id, (date_trunc('day', now()) - ((abs(hashtext(c.id::text || k)) % 30) + 1) * interval '1 day')
                       - date_trunc('day', c.created_at)
         FROM conversations c, generate_series($1::int, $2::int) k WHERE c.id = ANY($3::uuid[])`,
      [k0, k1, templates],
    );
    for (let k = k0; k <= k1; k++)
      for (const [i, old] of demoAgents.entries())
        await tx.query(`INSERT INTO pm VALUES ($1, $2, $3)`, [k, old, agents[(i + 4 * k) % agents.length]]);
    for (const sql of statements) await tx.query(sql, [k0, k1]);
  });
  console.log(`copies ${k0}-${k1}: ${(performance.now() - started).toFixed(0)} ms`);
}

// -- the live floor: open conversations, their raised alerts, escalations waiting --------------------
// Clones numbered far past the history's, so `copies` 0 adds the live floor to a grown store.
const liveFrom = 1_000_001;
const liveTo = liveFrom - 1 + Math.ceil(LIVE / templates.length);
const liveId = uuidOf(`cp.conv::text || ':' || cp.k`);
if (LIVE > 0) {
  const started = performance.now();
  await store.transaction(async (tx) => {
    // Each one's last line at some second of the 20 minutes before now.
    await tx.query(
      `INSERT INTO copies
       SELECT k, c.id, now() - (abs(hashtext(c.id::text || k)) % 1200) * interval '1 second'
                       - coalesce(c.last_message_at, c.created_at)
         FROM conversations c, generate_series($1::int, $2::int) k WHERE c.id = ANY($3::uuid[])
        ORDER BY k, c.id LIMIT $4`,
      [liveFrom, liveTo, templates, LIVE],
    );
    for (let k = liveFrom; k <= liveTo; k++)
      for (const [i, old] of demoAgents.entries())
        await tx.query(`INSERT INTO pm VALUES ($1, $2, $3)`, [k, old, agents[(i + 4 * k) % agents.length]]);
    for (const i of LIVE_TABLES) await tx.query(statements[i] as string, [liveFrom, liveTo]);
    // Open, each with one of the team's agents (a clone's agents are four neighbours of the list).
    await tx.query(
      `UPDATE conversations c SET status = 'open', closed_at = NULL, closed_reason = NULL,
              assigned_person_id = ($3::uuid[])[1 + abs(hashtext(c.id::text)) % cardinality($3::uuid[])]
         FROM copies cp WHERE cp.k BETWEEN $1 AND $2 AND c.id = ${liveId}`,
      [liveFrom, liveTo, agents],
    );
    // The newest alert of each still raised, the others over.
    await tx.query(
      `UPDATE alerts a SET state = CASE WHEN a.id = newest.id THEN 'raised' ELSE 'expired' END,
              acknowledged_at = NULL, closed_at = CASE WHEN a.id = newest.id THEN NULL ELSE a.closed_at END,
              agent_person_id = (SELECT assigned_person_id FROM conversations WHERE id = a.conversation_id)
         FROM copies cp
         CROSS JOIN LATERAL (SELECT id FROM alerts WHERE conversation_id = ${liveId}
                              ORDER BY raised_at DESC, id LIMIT 1) newest
        WHERE cp.k BETWEEN $1 AND $2 AND a.conversation_id = ${liveId}`,
      [liveFrom, liveTo],
    );
    // One in ten escalated to Lee by its agent, waiting for an answer.
    await tx.query(
      `INSERT INTO interventions (id, org_id, team_id, conversation_id, kind, state, from_person_id, to_person_id,
                                  text, created_at, updated_at)
       SELECT ${uuidOf(`'scale-escalation-' || c.id::text`)}, c.org_id, c.team_id, c.id, 'escalation', 'offered',
              c.assigned_person_id, $3, 'The customer asks for a manager.', c.last_message_at, c.last_message_at
         FROM copies cp JOIN conversations c ON c.id = ${liveId}
        WHERE cp.k BETWEEN $1 AND $2 AND abs(hashtext(c.id::text)) % 10 = 0
       ON CONFLICT DO NOTHING`,
      [liveFrom, liveTo, lee.id],
    );
    await tx.query(
      `UPDATE people p SET current_load = (SELECT count(*) FROM conversations c
                                            WHERE c.assigned_person_id = p.id AND c.status = 'open')
        WHERE p.id = ANY($1::uuid[])`,
      [agents],
    );
  });
  const [live] = await q(
    `SELECT count(*) FILTER (WHERE status = 'open') AS open,
            (SELECT count(*) FROM interventions WHERE kind = 'escalation' AND state = 'offered') AS waiting
       FROM conversations WHERE team_id = $1`,
    [team],
  );
  console.log(
    `live: ${String(live?.open)} open conversations, ${String(live?.waiting)} escalations waiting: ${(performance.now() - started).toFixed(0)} ms`,
  );
}
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
await store.close();

import { PeriodicJob } from "./periodicJob.ts";
import type { ServerContext } from "../context.ts";

/**
 * Small tables rewritten by every ingest group or command. PostgreSQL's autovacuum keeps them
 * lean and their statistics current; PGlite runs no autovacuum, so without this they fill with
 * dead row versions and are planned with no statistics at all (the helper-candidates query joined
 * people by scanning them once per team member).
 */
export const HOT_TABLES = [
  "conversations",
  "conversation_engine_states",
  "people",
  "team_memberships",
  "person_topics",
  "alerts",
  "interventions",
  "commitments",
  "sessions",
  // Incident surge: open incidents are rewritten by every detector batch; the reports are what the
  // window counts read by (team, subject, time).
  "incidents",
  "incident_conversations",
  "incident_reports",
  // Rewritten by every ten-minute pass (vacuumLargeTables).
  "store_dead_rows",
] as const;

/**
 * Large append-only tables that admins read through filters: the audit log (GET /audit). Nothing
 * rewrites their rows, so there is nothing to vacuum, but with no statistics the planner guesses
 * every filter matches a handful of entries and sorts all the matching ones rather than walking the
 * filter's index in the page's order (a page of the most common action read all 45,000 of its
 * entries among 100,000: ~40 ms; with statistics, 51 entries, 0.1 ms). The ten-minute pass analyses
 * the columns those reads filter by, from a sample of 3,000 rows: 10–20 ms with 100,000 to
 * 1,000,000 entries; the row count follows the table's size in between (the planner scales it
 * by the pages on disk).
 */
export const FILTERED_LOG_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  audit_log: ["org_id", "created_at", "action", "actor_id", "target_type", "target_id"],
  // The transcripts every report reads by conversation and time (huddles, numbers, skill maps,
  // history). Never analysed, they were planned as ~1,000 rows: each conversation's lines were
  // found by intersecting its index with the whole organisation's (a BitmapAnd over every
  // message), and a day's huddle agenda of 600 conversations took ~25 s under load instead of 2.
  messages: ["org_id", "conversation_id", "sent_at", "position", "role", "kind", "author_person_id", "risk"],
  // The other large tables the pages read by team, person and time: a conversation's cards and
  // debriefs, its events, customers, knowledge gaps and survey answers. Never analysed, they were
  // planned as 4 rows each: a team's skill evidence (33,000 scorecards of a team of 40) was sorted
  // on disk (42 MB written) where, with statistics, it is read in order by the conversations'
  // close and sorted in memory (111 kB).
  scorecards: [
    "org_id",
    "team_id",
    "conversation_id",
    "agent_id",
    "role",
    "created_at",
    "reviewed_at",
    "reviewed_by",
  ],
  debriefs: ["org_id", "team_id", "conversation_id", "person_id", "role", "status", "created_at"],
  events: ["org_id", "team_id", "conversation_id", "person_id", "type", "created_at"],
  customers: ["org_id", "created_at"],
  knowledge_gaps: ["org_id", "team_id", "conversation_id", "status", "reason", "topic", "created_at"],
  survey_answers: ["org_id", "team_id", "conversation_id", "answered_at"],
};

/**
 * Between ten-minute passes, a large table of FILTERED_LOG_COLUMNS is analysed again (its columns
 * only, from the small sample) once rows inserted or deleted since its last ANALYZE passed
 * ANALYZE_THRESHOLD_ROWS plus this share of its rows: it doubled. A new install's transcripts (or
 * a demo's history, written after the start's pass) get their statistics within seconds, and a
 * table of millions is sampled again only every few million rows.
 */
export const LARGE_TABLE_ANALYZE_SCALE_FACTOR = 1;

/**
 * Any other table (messages, events, customers, …: the large ones the sweeper deletes from) is
 * vacuumed once its dead rows pass this many plus VACUUM_SCALE_FACTOR of its rows: PostgreSQL's
 * autovacuum_vacuum_threshold and autovacuum_vacuum_scale_factor.
 */
export const VACUUM_THRESHOLD_ROWS = 50;
export const VACUUM_SCALE_FACTOR = 0.2;

/**
 * A table whose oldest unfrozen transaction id is this many transactions old is frozen
 * (`VACUUM (FREEZE)`): PostgreSQL's autovacuum_freeze_max_age. PostgreSQL's transaction ids wrap
 * around after ~2 billion, and a server that comes within 3 million of that refuses every write
 * until the old rows are frozen; autovacuum's anti-wraparound pass prevents it, and PGlite runs
 * none. Tables only ever inserted into (the audit log, a floor's messages while nothing is erased)
 * never reach the dead-row threshold, so without this nothing would ever freeze them: at ~200
 * write transactions a second (an ingest group each, at 2,000 messages/s) the limit is ~4 months
 * away. The hot tables, vacuumed every pass, freeze by themselves (a plain VACUUM scans the whole
 * table once it is vacuum_freeze_table_age, 150 million, old).
 */
export const FREEZE_MAX_AGE_XIDS = 200_000_000;

/** What one VACUUM of a large table did (logged as "store vacuum"). */
export interface LargeTableVacuum {
  table: string;
  /** Dead rows counted before it (since the last VACUUM, across restarts). */
  deadRows: number;
  /** The table's rows as the planner last knew them (0 when never vacuumed or analysed). */
  rows: number;
  /** Frozen (FREEZE_MAX_AGE_XIDS passed) rather than only cleared of dead rows. */
  freeze: boolean;
  ms: number;
}

/** A hot table is analysed again once this many rows plus ANALYZE_SCALE_FACTOR of it changed (autovacuum's defaults). */
export const ANALYZE_THRESHOLD_ROWS = 50;
export const ANALYZE_SCALE_FACTOR = 0.1;
/** WAL written since the last checkpoint that makes the server take one (PostgreSQL's max_wal_size). */
export const CHECKPOINT_WAL_BYTES = 1024 * 1024 * 1024;
/** How often the WAL written since the last checkpoint is read (one small query). */
export const CHECKPOINT_CHECK_INTERVAL_MS = 1_000;
/** …or this long since the last one (PostgreSQL's checkpoint_timeout), with at least CHECKPOINT_MIN_WAL_BYTES written. */
export const CHECKPOINT_INTERVAL_MS = 5 * 60_000;
const CHECKPOINT_MIN_WAL_BYTES = 1024 * 1024;
/** The statistics target of the frequent pass (PostgreSQL samples 300 rows per unit). */
const FREQUENT_STATISTICS_TARGET = 10;
/** How often PGlite's change counters are read to find the hot tables due for ANALYZE. */
export const ANALYZE_CHECK_INTERVAL_MS = 5_000;

/** Column types whose statistics the frequent pass refreshes: keys, counts, flags and times. */
const PLANNER_COLUMN_TYPES = [
  "uuid",
  "integer",
  "bigint",
  "smallint",
  "boolean",
  "real",
  "double precision",
  "numeric",
  "timestamp with time zone",
  "date",
];

/**
 * On PGlite: `VACUUM (ANALYZE)` of the hot tables at start and every `intervalMs` (a few
 * milliseconds each: they are small), and in between, what autovacuum's analyse part would do:
 * every `analyzeCheckMs`, the hot table that grew or shrank the most, by more than 50 rows plus
 * 10 % since its last ANALYZE, is analysed again. A table that grows from nothing to thousands of
 * rows within the ten minutes (the open alerts of a busy floor) is otherwise planned as nearly
 * empty: the lookup of two alerts by id walked every open alert of the organisation (1–1.5 ms per
 * ingest group instead of 0.05). That frequent pass refreshes the row counts and the statistics of
 * the key, count and time columns only, from a sample of 3,000 rows, one table per pass: the free
 * text and JSON documents (an alert's evidence) made a full ANALYZE of 4,000 alerts 4× as long,
 * and the full sample of a 17,000-row table took 40–55 ms under load, pauses every ingest group
 * queued behind. The ten-minute pass covers every column, one table per statement, and then
 * vacuums the other tables that deletions left with enough dead rows (vacuumLargeTables). On
 * PostgreSQL none of this runs: autovacuum does it.
 */
export class StoreMaintenance {
  private readonly job: PeriodicJob;
  private readonly analyzeJob: PeriodicJob;
  private readonly checkpointJob: PeriodicJob;
  /** Per hot table, the quoted names of its PLANNER_COLUMN_TYPES columns (read once). */
  private plannerColumns: Map<string, string[]> | null = null;
  private lastCheckpointAt = Date.now();
  /** Per hot table, its rows inserted plus deleted when the frequent pass last analysed it. */
  private readonly churnAtLastPass = new Map<string, number>();
  /** Per large table, dead rows counted before this start (store_dead_rows, read once). */
  private deadBeforeStart: Map<string, number> | null = null;
  /** What store_dead_rows holds now, as last written by this instance. */
  private deadRowsStored = "";

  constructor(
    private readonly ctx: Pick<ServerContext, "store" | "log">,
    intervalMs: number,
    analyzeCheckMs: number = ANALYZE_CHECK_INTERVAL_MS,
    private readonly checkpointWalBytes: number = CHECKPOINT_WAL_BYTES,
    private readonly freezeMaxAge: number = FREEZE_MAX_AGE_XIDS,
  ) {
    this.job = new PeriodicJob(
      async () => {
        const started = performance.now();
        await this.vacuumAll();
        ctx.log.debug({ ms: Math.round(performance.now() - started) }, "store maintenance");
      },
      intervalMs,
      (error) => ctx.log.error({ err: error }, "store maintenance failed"),
    );
    this.analyzeJob = new PeriodicJob(
      async () => {
        const analysed = await this.analyzeChanged();
        if (analysed.length > 0) ctx.log.debug({ tables: analysed }, "store statistics refreshed");
      },
      analyzeCheckMs,
      (error) => ctx.log.error({ err: error }, "store statistics refresh failed"),
    );
    this.checkpointJob = new PeriodicJob(
      async () => {
        const started = performance.now();
        const walBytes = await this.checkpointIfDue();
        // Logged as PostgreSQL logs its own (log_checkpoints): how much WAL, and how long it held the database.
        if (walBytes !== null)
          ctx.log.info({ walBytes, ms: Math.round(performance.now() - started) }, "store checkpoint");
      },
      CHECKPOINT_CHECK_INTERVAL_MS,
      (error) => ctx.log.error({ err: error }, "store checkpoint failed"),
    );
  }

  /**
   * PGlite runs PostgreSQL in single-user mode, where nothing ever checkpoints on its own: the
   * write-ahead log grew by ~400 MB in 20 s of heavy inserts and was never recycled (a busy floor
   * would fill the disk, and a restart after a crash would replay all of it). So every second the
   * server asks for a CHECKPOINT once CHECKPOINT_WAL_BYTES of WAL were written since the last one,
   * or CHECKPOINT_INTERVAL_MS passed with at least 1 MB written: PostgreSQL's own max_wal_size and
   * checkpoint_timeout. Here a checkpoint holds the database while it runs, writing every dirty
   * page of the shared buffers (a page at a time, ~7 µs each), and that is what its pause
   * measures: under load ~35–50 ms after 8–32 MB, 110–150 ms after 256 MB, when nearly all
   * 16,384 buffers (128 MB) were dirty, and it cannot grow past them however much WAL it covers.
   * So the rarer the better: at 2,000 messages/s, one every ~2.5 minutes (every ~35 s with
   * 256 MB, for the same pause). The price is the replay after a crash: ~5 s for 1 GB of
   * WAL, ~1.4 s for 256 MB. Returns the WAL bytes the checkpoint covered, or null when none
   * was due.
   */
  async checkpointIfDue(now: number = Date.now()): Promise<number | null> {
    const [row] = await this.ctx.store.query<{ since: string }>(
      "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::bigint AS since FROM pg_control_checkpoint()",
    );
    const since = Number(row?.since ?? 0);
    const due =
      since >= this.checkpointWalBytes ||
      (since >= CHECKPOINT_MIN_WAL_BYTES && now - this.lastCheckpointAt >= CHECKPOINT_INTERVAL_MS);
    if (!due) return null;
    await this.ctx.store.query("CHECKPOINT");
    this.lastCheckpointAt = now;
    return since;
  }

  start(): void {
    if (this.ctx.store.kind !== "pglite") return;
    this.job.start({ runNow: true });
    this.analyzeJob.start();
    this.checkpointJob.start();
  }

  /** One pass now. */
  run(): Promise<void> {
    return this.job.run();
  }

  /**
   * `VACUUM (ANALYZE)` of each hot table, one statement per table so that ingest groups run in
   * between, and ANALYZE of the filtered logs' columns (FILTERED_LOG_COLUMNS); then the frequent pass's starting point: what it counts is what changed after this.
   * Last, VACUUM of the large tables whose deletions made it worth it (vacuumLargeTables).
   */
  private async vacuumAll(): Promise<void> {
    const { store } = this.ctx;
    for (const table of HOT_TABLES) await store.query(`VACUUM (ANALYZE) ${table}`);
    for (const [table, columns] of Object.entries(FILTERED_LOG_COLUMNS))
      await store.transaction(async (tx) => {
        await tx.query(`SET LOCAL default_statistics_target = ${FREQUENT_STATISTICS_TARGET}`);
        await tx.query(`ANALYZE ${table} (${columns.join(", ")})`);
      });
    for (const [table, { churn }] of await this.churnByTable()) this.churnAtLastPass.set(table, churn);
    await this.vacuumLargeTables();
  }

  /**
   * What autovacuum's vacuum part would do for the tables that are not hot: the sweeper deletes
   * from large ones (events past their retention; erased conversations' messages, customers and
   * scorecards, …), and PostgreSQL reuses the space of deleted rows only once a VACUUM
   * has cleared them; PGlite runs none, so its data directory grew however much retention deleted,
   * and the indexes kept the dead entries. Each table whose dead rows passed
   * VACUUM_THRESHOLD_ROWS + VACUUM_SCALE_FACTOR of its rows is vacuumed: plain VACUUM (no rewrite,
   * no lock beyond the statement; index scans skipped when few pages hold dead rows, PostgreSQL's
   * INDEX_CLEANUP AUTO), one table per statement so that ingest groups run in between, and each
   * is logged at info with how long it held the database. The dead rows are PGlite's own counters
   * (pg_stat_user_tables.n_dead_tup), which it starts from zero at every start, plus what was
   * counted before this start (store_dead_rows, written by each pass): without that a server
   * restarted more often than retention deletes a fifth of a table would never vacuum it.
   * Any table, hot or not, whose oldest unfrozen transaction id is older than FREEZE_MAX_AGE_XIDS
   * is frozen first (`VACUUM (FREEZE)`: autovacuum's anti-wraparound pass).
   * Returns what it vacuumed.
   */
  async vacuumLargeTables(): Promise<LargeTableVacuum[]> {
    const { store, log } = this.ctx;
    if (this.deadBeforeStart === null) {
      const stored = await store.query<{ table_name: string; dead_rows: string }>(
        "SELECT table_name, dead_rows FROM store_dead_rows",
      );
      this.deadBeforeStart = new Map(stored.map((row) => [row.table_name, Number(row.dead_rows)]));
    }
    const before = this.deadBeforeStart;
    await store.query("SELECT pg_stat_force_next_flush()");
    // Every table for its age (FREEZE_MAX_AGE_XIDS); the tables that are not hot for dead rows too.
    const rows = await store.query<{
      relname: string;
      n_dead_tup: string;
      reltuples: string;
      xid_age: string;
      hot: boolean;
    }>(
      `SELECT s.relname, s.n_dead_tup, GREATEST(c.reltuples, 0)::bigint AS reltuples,
              age(c.relfrozenxid) AS xid_age, s.relname = ANY($1::text[]) AS hot
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
       WHERE s.schemaname = current_schema()`,
      [HOT_TABLES],
    );
    const dead = new Map<string, number>();
    const due: { table: string; deadRows: number; rows: number; overdue: number; freeze: boolean }[] = [];
    for (const row of rows) {
      const table = row.relname;
      const freeze = Number(row.xid_age) > this.freezeMaxAge;
      const tableRows = Number(row.reltuples);
      if (row.hot) {
        if (freeze) due.push({ table, deadRows: 0, rows: tableRows, overdue: Infinity, freeze });
        continue;
      }
      const deadRows = (before.get(table) ?? 0) + Number(row.n_dead_tup);
      dead.set(table, deadRows);
      const overdue = deadRows / (VACUUM_THRESHOLD_ROWS + VACUUM_SCALE_FACTOR * tableRows);
      if (freeze || overdue > 1)
        due.push({ table, deadRows, rows: tableRows, overdue: freeze ? Infinity : overdue, freeze });
    }
    const done: LargeTableVacuum[] = [];
    for (const { table, deadRows, rows: tableRows, freeze } of due.sort((a, b) => b.overdue - a.overdue)) {
      const started = performance.now();
      // The name comes from the catalog; quoted all the same.
      await store.query(`VACUUM ${freeze ? "(FREEZE) " : ""}"${table.replaceAll('"', '""')}"`);
      const vacuum = {
        table,
        deadRows,
        rows: tableRows,
        freeze,
        ms: Math.round(performance.now() - started),
      };
      log.info(vacuum, "store vacuum");
      done.push(vacuum);
      before.set(table, 0);
      dead.set(table, 0);
    }
    await this.storeDeadRows(dead);
    return done;
  }

  /** Writes the dead rows counted per table (only those with some) when they changed. */
  private async storeDeadRows(dead: Map<string, number>): Promise<void> {
    const counted = [...dead].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify(counted);
    if (key === this.deadRowsStored) return;
    await this.ctx.store.transaction(async (tx) => {
      await tx.query("DELETE FROM store_dead_rows WHERE NOT (table_name = ANY($1::text[]))", [
        counted.map(([table]) => table),
      ]);
      if (counted.length > 0)
        await tx.query(
          `INSERT INTO store_dead_rows (table_name, dead_rows)
           SELECT * FROM unnest($1::text[], $2::bigint[])
           ON CONFLICT (table_name) DO UPDATE SET dead_rows = EXCLUDED.dead_rows, counted_at = now()`,
          [counted.map(([table]) => table), counted.map(([, n]) => n)],
        );
    });
    this.deadRowsStored = key;
  }

  /**
   * Per hot table and large filtered table: its rows (live rows for a hot table; for a large one,
   * the planner's count as of its last ANALYZE, as PGlite's live count starts from zero at each
   * start), and rows inserted plus deleted since statistics began (flushed first).
   */
  private async churnByTable(): Promise<Map<string, { live: number; churn: number }>> {
    const { store } = this.ctx;
    await store.query("SELECT pg_stat_force_next_flush()");
    const large = Object.keys(FILTERED_LOG_COLUMNS);
    const rows = await store.query<{ relname: string; n_live_tup: string; reltuples: string; churn: string }>(
      `SELECT s.relname, s.n_live_tup, greatest(c.reltuples, 0) AS reltuples, s.n_tup_ins + s.n_tup_del AS churn
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
       WHERE s.schemaname = current_schema() AND s.relname = ANY($1::text[])`,
      [[...HOT_TABLES, ...large]],
    );
    const byTable = new Map<string, { live: number; churn: number }>();
    // Only names of our own lists are kept: they go into statements.
    for (const row of rows)
      if ((HOT_TABLES as readonly string[]).includes(row.relname))
        byTable.set(row.relname, { live: Number(row.n_live_tup), churn: Number(row.churn) });
      else if (large.includes(row.relname))
        byTable.set(row.relname, { live: Number(row.reltuples), churn: Number(row.churn) });
    return byTable;
  }

  /**
   * Analyses the hot table that grew or shrank the most past ANALYZE_THRESHOLD_ROWS +
   * ANALYZE_SCALE_FACTOR of its rows (rows inserted plus rows deleted) since it was last analysed
   * (a large table of FILTERED_LOG_COLUMNS: past LARGE_TABLE_ANALYZE_SCALE_FACTOR, a doubling),
   * and returns its name ([] when none is due). One table per pass: each ANALYZE holds the
   * database for 5–30 ms under load, and four of them back to back every few seconds made waves of
   * slow acknowledgements; a table still due is analysed on a later pass.
   * Updates do not count: the conversations' and alerts' rows change on every ingest group, which
   * moved the old counter (PostgreSQL's n_mod_since_analyze) past the threshold on every pass, but
   * what this pass is for is the planner's idea of a table's size; a shift in values by updates
   * waits for the ten-minute pass.
   */
  async analyzeChanged(): Promise<string[]> {
    let most: { table: string; churn: number; overdue: number } | null = null;
    for (const [table, { live, churn }] of await this.churnByTable()) {
      const since = this.churnAtLastPass.get(table) ?? 0;
      // The counters start again from zero after a statistics reset.
      if (churn < since) this.churnAtLastPass.set(table, 0);
      const changed = churn >= since ? churn - since : churn;
      const scale = table in FILTERED_LOG_COLUMNS ? LARGE_TABLE_ANALYZE_SCALE_FACTOR : ANALYZE_SCALE_FACTOR;
      const overdue = changed / (ANALYZE_THRESHOLD_ROWS + scale * live);
      if (overdue > 1 && (most === null || overdue > most.overdue)) most = { table, churn, overdue };
    }
    if (most === null) return [];
    const { table, churn } = most;
    const list = FILTERED_LOG_COLUMNS[table] ?? (await this.columnsToAnalyze()).get(table) ?? [];
    // A sample of 3,000 rows (statistics target 10) rather than 30,000: the row count and the
    // rough shape are what this pass is for; the ten-minute pass reads the full sample.
    await this.ctx.store.transaction(async (tx) => {
      await tx.query(`SET LOCAL default_statistics_target = ${FREQUENT_STATISTICS_TARGET}`);
      await tx.query(`ANALYZE ${table}${list.length > 0 ? ` (${list.join(", ")})` : ""}`);
    });
    this.churnAtLastPass.set(table, churn);
    return [table];
  }

  private async columnsToAnalyze(): Promise<Map<string, string[]>> {
    if (this.plannerColumns !== null) return this.plannerColumns;
    // From the catalog rather than information_schema.columns, whose view took 60 ms on a quiet
    // machine and 1.2 s under load, holding the database on the first pass (the same rows;
    // docs/ARCHITECTURE.md, "What makes the tail").
    const rows = await this.ctx.store.query<{ table_name: string; column_name: string }>(
      `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[])
         AND a.attnum > 0 AND NOT a.attisdropped AND format_type(a.atttypid, NULL) = ANY($2::text[])
       ORDER BY c.relname, a.attnum`,
      [HOT_TABLES, PLANNER_COLUMN_TYPES],
    );
    const columns = new Map<string, string[]>();
    for (const { table_name: table, column_name: column } of rows)
      columns.set(table, [...(columns.get(table) ?? []), `"${column.replaceAll('"', '""')}"`]);
    this.plannerColumns = columns;
    return columns;
  }

  async stop(): Promise<void> {
    await Promise.all([this.job.stop(), this.analyzeJob.stop(), this.checkpointJob.stop()]);
  }
}

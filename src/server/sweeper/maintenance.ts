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
] as const;

/** A hot table is analysed again once this many rows plus ANALYZE_SCALE_FACTOR of it changed (autovacuum's defaults). */
export const ANALYZE_THRESHOLD_ROWS = 50;
export const ANALYZE_SCALE_FACTOR = 0.1;
/** How often PGlite's change counters are read to find the hot tables due for ANALYZE. */
export const ANALYZE_CHECK_INTERVAL_MS = 5_000;

/**
 * On PGlite: `VACUUM (ANALYZE)` of the hot tables at start and every `intervalMs` (a few
 * milliseconds: they are small), and in between, what autovacuum's analyse part would do: every
 * `analyzeCheckMs`, the hot tables that changed by more than 50 rows plus 10 % since their last
 * ANALYZE are analysed again. A table that grows from nothing to thousands of rows within the
 * ten minutes (the open alerts of a busy floor) is otherwise planned as nearly empty: the lookup
 * of two alerts by id walked every open alert of the organisation (1–1.5 ms per ingest group
 * instead of 0.05). On PostgreSQL neither runs: autovacuum does both.
 */
export class StoreMaintenance {
  private readonly job: PeriodicJob;
  private readonly analyzeJob: PeriodicJob;

  constructor(
    private readonly ctx: Pick<ServerContext, "store" | "log">,
    intervalMs: number,
    analyzeCheckMs: number = ANALYZE_CHECK_INTERVAL_MS,
  ) {
    this.job = new PeriodicJob(
      async () => {
        const started = performance.now();
        await ctx.store.query(`VACUUM (ANALYZE) ${HOT_TABLES.join(", ")}`);
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
  }

  start(): void {
    if (this.ctx.store.kind !== "pglite") return;
    this.job.start({ runNow: true });
    this.analyzeJob.start();
  }

  /** One pass now. */
  run(): Promise<void> {
    return this.job.run();
  }

  /**
   * Analyses the hot tables changed by more than ANALYZE_THRESHOLD_ROWS + ANALYZE_SCALE_FACTOR of
   * their rows since their last ANALYZE; returns their names. PGlite publishes its change
   * counters lazily, so they are flushed first.
   */
  async analyzeChanged(): Promise<string[]> {
    const { store } = this.ctx;
    await store.query("SELECT pg_stat_force_next_flush()");
    const rows = await store.query<{ relname: string; n_live_tup: string; n_mod_since_analyze: string }>(
      `SELECT relname, n_live_tup, n_mod_since_analyze FROM pg_stat_user_tables
       WHERE schemaname = current_schema() AND relname = ANY($1::text[])`,
      [HOT_TABLES],
    );
    const due = rows
      .filter(
        (r) =>
          Number(r.n_mod_since_analyze) >
          ANALYZE_THRESHOLD_ROWS + ANALYZE_SCALE_FACTOR * Number(r.n_live_tup),
      )
      .map((r) => r.relname)
      // Only names of our own list go into the statement.
      .filter((name): name is (typeof HOT_TABLES)[number] =>
        (HOT_TABLES as readonly string[]).includes(name),
      );
    if (due.length > 0) await store.query(`ANALYZE ${due.join(", ")}`);
    return due;
  }

  async stop(): Promise<void> {
    await Promise.all([this.job.stop(), this.analyzeJob.stop()]);
  }
}

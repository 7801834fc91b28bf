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

/**
 * On PGlite: `VACUUM (ANALYZE)` of the hot tables at start and every `intervalMs` (a few
 * milliseconds: they are small). On PostgreSQL it never runs: autovacuum does this.
 */
export class StoreMaintenance {
  private readonly job: PeriodicJob;

  constructor(
    private readonly ctx: Pick<ServerContext, "store" | "log">,
    intervalMs: number,
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
  }

  start(): void {
    if (this.ctx.store.kind === "pglite") this.job.start({ runNow: true });
  }

  /** One pass now. */
  run(): Promise<void> {
    return this.job.run();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }
}

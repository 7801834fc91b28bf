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
 * milliseconds each: they are small). Never overlaps itself; a failure is logged and retried at the
 * next tick. On PostgreSQL it does nothing: autovacuum does this.
 */
export class StoreMaintenance {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly ctx: Pick<ServerContext, "store" | "log">,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.ctx.store.kind !== "pglite" || this.timer !== undefined) return;
    void this.run();
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  /** One pass now (what each tick runs). */
  async run(): Promise<void> {
    if (this.running !== undefined) return this.running;
    const started = performance.now();
    this.running = this.ctx.store
      .query(`VACUUM (ANALYZE) ${HOT_TABLES.join(", ")}`)
      .then(() => this.ctx.log.debug({ ms: Math.round(performance.now() - started) }, "store maintenance"))
      .catch((error: unknown) => this.ctx.log.error({ err: error }, "store maintenance failed"))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

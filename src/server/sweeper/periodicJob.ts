import { stallTraceMs, traceCaller, traceClock, traceStall } from "../../store/stallTrace.ts";

/**
 * A background job run every `intervalMs` (the timer does not keep the process alive). Runs never
 * overlap: asking for one while one is running waits for that one. A failed run is reported and
 * the next tick tries again.
 */
export class PeriodicJob {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  /** Where the job was made, naming it in a stall trace (TAGTEAM_TRACE_STALLS_MS). */
  private readonly origin = stallTraceMs === 0 ? "" : traceCaller("periodicJob.ts");

  constructor(
    private readonly job: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts the timer (once); with `runNow`, also runs the job at once. */
  start(options: { runNow?: boolean } = {}): void {
    if (this.timer !== undefined) return;
    if (options.runNow === true) void this.run();
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  /** One run now (what each tick does). */
  async run(): Promise<void> {
    if (this.running !== undefined) return this.running;
    const at = stallTraceMs === 0 ? 0 : traceClock();
    this.running = this.job()
      .catch(this.onError)
      .finally(() => {
        if (stallTraceMs !== 0) traceStall("job", at, traceClock() - at, { job: this.origin });
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

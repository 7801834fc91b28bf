import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { stallTraceMs, traceClock, traceStall } from "../store/stallTrace.ts";

/**
 * With TAGTEAM_TRACE_STALLS_MS (src/store/stallTrace.ts): the main thread's own stalls. Every
 * event-loop gap of the threshold or more (a 5 ms timer that fired late), every GC pause of the
 * threshold or more, and every 5 s the loop delay's p50/p99/max. Returns what stops it; a no-op
 * when tracing is off.
 */
export function traceMainThread(): () => void {
  if (stallTraceMs === 0) return () => undefined;
  const tick = 5;
  let last = traceClock();
  const gaps = setInterval(() => {
    const now = traceClock();
    traceStall("loop", last + tick, now - last - tick, {});
    last = now;
  }, tick);
  gaps.unref();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const summary = setInterval(() => {
    const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
    process.stderr.write(
      `stall-summary ${JSON.stringify({ at: Math.round(traceClock()), p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) })}\n`,
    );
    delay.reset();
  }, 5000);
  summary.unref();
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      traceStall("gc", performance.timeOrigin + entry.startTime, entry.duration, {
        gcKind: (entry as unknown as { detail?: { kind?: number } }).detail?.kind,
      });
  });
  gc.observe({ entryTypes: ["gc"] });
  return () => {
    clearInterval(gaps);
    clearInterval(summary);
    delay.disable();
    gc.disconnect();
  };
}

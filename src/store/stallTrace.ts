/**
 * Stall tracing, off by default: with `TAGTEAM_TRACE_STALLS_MS=15` the server writes one line to
 * stderr for everything that held a thread or the database for 15 ms or more (a store statement
 * or transaction and who issued it, a periodic job's run, an ingest group, an event-loop gap, a
 * GC pause), each as `stall {json}` with `at` (when it began, milliseconds since the epoch, the
 * same clock on every thread) and `ms`. `scripts/measure-stalls.ts` reads them beside a paced
 * load (docs/ARCHITECTURE.md, "What makes the tail"). Off, each check is one comparison.
 */
const configured = Number(process.env.TAGTEAM_TRACE_STALLS_MS ?? "");

/** The threshold in milliseconds, 0 when tracing is off. */
export const stallTraceMs = Number.isFinite(configured) && configured > 0 ? configured : 0;

/** Milliseconds since the epoch, with fractions, comparable across threads and processes. */
export function traceClock(): number {
  return performance.timeOrigin + performance.now();
}

/** Writes one stall line when `ms` reaches the threshold (tracing on). */
export function traceStall(
  kind: string,
  startedAt: number,
  ms: number,
  detail: Record<string, unknown>,
): void {
  if (stallTraceMs === 0 || ms < stallTraceMs) return;
  process.stderr.write(
    `stall ${JSON.stringify({ kind, at: Math.round(startedAt), ms: Math.round(ms), ...detail })}\n`,
  );
}

/** The first caller outside the store (file:line), for naming who issued a statement. */
export function traceCaller(skip?: string): string {
  const lines = (new Error().stack ?? "").split("\n").slice(2);
  for (const line of lines) {
    if (
      line.includes("/src/store/") ||
      line.includes("node:internal") ||
      line.includes("node_modules") ||
      (skip !== undefined && line.includes(skip))
    )
      continue;
    const match = /\/src\/(.+?):(\d+):\d+\)?$/.exec(line.trim());
    if (match !== null) return `${match[1]}:${match[2]}`;
  }
  return "?";
}

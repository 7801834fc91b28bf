import type { PauseRange } from "./demoTeammates.ts";

/**
 * How fast `npm start -- --demo` replays its conversations: at about a real chat team's pace, so
 * that what the replay adds to today is a day's work like the eight weeks of history behind it (at
 * eight chats at a time, a line every 2.5 s, half an hour of demo added more conversations than
 * any week of the history, and each chat was over in a minute). Four agents, one chat each at a
 * time, a customer or agent line every 15 to 40 seconds, a short breather between two chats.
 */
export const DEMO_REPLAY_PACE = {
  concurrency: 4,
  lineDelayMs: [15_000, 40_000] as PauseRange,
  betweenMs: [20_000, 60_000] as PauseRange,
  /** A finished chat leaves the floor a little later, as it would with a helpdesk closing it. */
  closeAfterMs: 20_000,
  /** How long a struggling conversation waits after its last line for a teammate to step in. */
  stepInWaitMs: 45_000,
} as const;

/** The demo teammates' human pause, from seeing an alert or offer to acting on it. */
export const DEMO_TEAMMATE_PAUSE_MS: PauseRange = [4_000, 12_000];

/**
 * The conversations a replay at this pace starts in an hour, on average, when a conversation has
 * `meanLines` lines: each seat plays one after another, with a breather and the close between.
 */
export function replayConversationsPerHour(
  pace: {
    concurrency: number;
    lineDelayMs: number | PauseRange;
    betweenMs?: PauseRange;
    closeAfterMs?: number;
  },
  meanLines: number,
): number {
  const mean = (x: number | PauseRange | undefined): number =>
    x === undefined ? 0 : typeof x === "number" ? x : (x[0] + x[1]) / 2;
  const perConversationMs =
    meanLines * mean(pace.lineDelayMs) + mean(pace.betweenMs) + (pace.closeAfterMs ?? 0);
  return (pace.concurrency * 3_600_000) / perConversationMs;
}

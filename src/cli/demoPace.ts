import type { PauseRange } from "./demoTeammates.ts";

/**
 * How fast `npm start -- --demo` replays its conversations: at a real team's pace. Four agents
 * with up to two chats each at a time (six chat seats), a chat line every 45 s to 2.5 minutes
 * (customers type on their phones, agents look things up), a minute or more between two chats;
 * and e-mail threads on seats of their own, customers writing back within the hour and the team
 * answering within three minutes, so the floor holds threads waiting beside the live chats.
 * How many conversations a day the replay may start is the history's to say
 * (`DEMO_REPLAY_HEAD_START`).
 */
export const DEMO_REPLAY_PACE = {
  concurrency: 6,
  lineDelayMs: [45_000, 150_000] as PauseRange,
  /** An agent wraps a chat up (notes, tags) before taking the next. */
  betweenMs: [60_000, 180_000] as PauseRange,
  /** A finished chat leaves the floor a little later, as it would with a helpdesk closing it. */
  closeAfterMs: 30_000,
  /** How long a struggling conversation waits after its last line for a teammate to step in. */
  stepInWaitMs: 60_000,
  /**
   * E-mail threads open at once: their customers write back ten minutes to an hour later, and the
   * team answers within three minutes. The floor counts a customer waiting three minutes or more,
   * and the engine reads an answer after three minutes as a long gap (not told a channel's pace
   * apart): answered in 3 to 15 minutes, every e-mail on the floor had a "long gap" cue.
   */
  emailConcurrency: 4,
  emailLineDelayMs: [10 * 60_000, 60 * 60_000] as PauseRange,
  emailAnswerDelayMs: [90_000, 170_000] as PauseRange,
  /** An answered e-mail thread is closed a quarter of an hour after its last line. */
  emailCloseAfterMs: 15 * 60_000,
  /** How often a seat asks again whether today has room for another conversation. */
  gatePollMs: 60_000,
} as const;

/**
 * How far the replay may run ahead of the history's clock, in conversations: today keeps to the
 * demo history's mean day for the same weekday up to the same hour, plus this many, so that a
 * visitor at any hour finds a floor at work for the first hour or so (never more than the
 * history's whole day; src/server/demo.ts `demoReplayAllowance`).
 */
export const DEMO_REPLAY_HEAD_START = 24;

/**
 * While someone watches the demo (a signed-in page open), the replay starts this many
 * conversations an hour (a quarter of them in any quarter of an hour), whatever the history's day
 * has left: two or three chats live on the floor
 * beside the e-mail threads (a chat lasts ten minutes or so at this pace), on a Sunday evening or
 * at 3 a.m. as on a Monday morning. Nobody watching, today stays a day of the history.
 */
export const DEMO_REPLAY_MIN_PER_HOUR = 16;

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

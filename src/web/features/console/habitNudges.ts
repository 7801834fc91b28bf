import type { HabitName, Message } from "../../../protocol/resources.ts";

/** What each habit asks of the agent, in one line (PRODUCT: loop 1, habits nudges). */
export const HABIT_ASK: Readonly<Record<HabitName, string>> = {
  use_name: "Use the customer's name: it tells them a person is listening.",
  update_while_waiting: "Give a waiting customer an update every 10–15 minutes, even if nothing has changed.",
  keep_engaged: "Tell the customer what you are doing while they wait.",
  confirm_need_met: "Before closing, check their need is met and the next steps are clear.",
};

export interface HabitNudge {
  habit: HabitName;
  ask: string;
  /** What the engine saw, e.g. "3 replies without using Dana's name". */
  detail: string;
  messageIndex: number;
}

/**
 * The habits the conversation currently misses: for each habit, its latest event in the transcript,
 * when that event is a miss. A habit kept later (the name used after all) clears its nudge.
 */
export function habitNudges(messages: readonly Message[]): { nudges: HabitNudge[]; kept: HabitName[] } {
  const latest = new Map<HabitName, { status: "missed" | "done"; detail: string; messageIndex: number }>();
  for (const m of messages)
    for (const h of m.analysis?.habits ?? [])
      latest.set(h.habit, { status: h.status, detail: h.detail, messageIndex: m.index });
  const nudges: HabitNudge[] = [];
  const kept: HabitName[] = [];
  for (const [habit, event] of latest) {
    if (event.status === "done") kept.push(habit);
    else
      nudges.push({ habit, ask: HABIT_ASK[habit], detail: event.detail, messageIndex: event.messageIndex });
  }
  nudges.sort((a, b) => b.messageIndex - a.messageIndex);
  return { nudges, kept };
}

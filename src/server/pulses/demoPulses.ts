import { answerPulse, listPeople, openPulse, StoreError, type Transaction } from "../../store/index.ts";
import { DEMO_COACHING_WEEKS_AGO, DEMO_HISTORY_WEEKS } from "../numbers/demoHistory.ts";

/*
 * The demo team's employee pulses: one every two weeks over the demo's eight weeks of history, each
 * open three days and answered by all five of the team (exactly the five a pulse needs to show
 * anything). Before the coaching push (DEMO_COACHING_WEEKS_AGO) the team is lukewarm and says why;
 * after it, more of them would recommend the team. None is left open, so a lead trying the demo
 * can start one.
 */

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const PULSE_DAYS = 3;

interface DemoPulse {
  weeksAgo: number;
  scores: number[];
  comments: string[];
}

const BEFORE: Omit<DemoPulse, "weeksAgo">[] = [
  {
    scores: [9, 7, 6, 5, 8],
    comments: [
      "Too many chats back to back, with no time to reset after a hard one.",
      "When a customer gets angry I'm never sure who to ask for help.",
    ],
  },
  {
    scores: [8, 7, 9, 7, 6],
    comments: ["The refund rules changed twice this month and nobody told us why."],
  },
];

const AFTER: Omit<DemoPulse, "weeksAgo">[] = [
  {
    scores: [9, 8, 10, 7, 6],
    comments: [
      "The whispers from teammates really help on the hard chats.",
      "I'd like more practice drills like last week's.",
    ],
  },
  {
    scores: [9, 10, 8, 9, 7],
    comments: [
      "The huddles are short and useful; please keep them.",
      "Still too few people on Monday mornings.",
    ],
  },
];

/** The demo's pulses, oldest first: every two weeks from seven weeks ago, before and after the push. */
export function demoPulsePlan(): DemoPulse[] {
  const plan: DemoPulse[] = [];
  let before = 0;
  let after = 0;
  for (let weeksAgo = DEMO_HISTORY_WEEKS - 1; weeksAgo >= 1; weeksAgo -= 2) {
    const script =
      weeksAgo > DEMO_COACHING_WEEKS_AGO ? BEFORE[before++ % BEFORE.length] : AFTER[after++ % AFTER.length];
    if (script !== undefined) plan.push({ weeksAgo, ...script });
  }
  return plan;
}

/**
 * Writes the demo team's past pulses (called once, when the demo workspace is created).
 * Deterministic: the same pulses and answers, at the same times relative to `now`.
 */
export async function seedDemoPulses(
  tx: Transaction,
  orgId: string,
  teamId: string,
  now: number,
): Promise<void> {
  const people = await listPeople(tx, { orgId, teamId, roles: ["agent", "lead"], activeOnly: true });
  const lead = people.find((p) => p.role === "lead");
  const today = new Date(now);
  // Mondays at 9 in the morning (UTC), two weeks apart.
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const monday = midnight - ((today.getUTCDay() + 6) % 7) * DAY_MS;
  for (const planned of demoPulsePlan()) {
    const openedAt = monday - planned.weeksAgo * WEEK_MS + 9 * 3_600_000;
    const pulse = await openPulse(tx, {
      orgId,
      teamId,
      openedBy: lead?.id ?? null,
      closesAt: openedAt + PULSE_DAYS * DAY_MS,
      at: openedAt,
    });
    for (const [i, person] of people.entries()) {
      const score = planned.scores[i % planned.scores.length] ?? 7;
      const outcome = await answerPulse(tx, {
        orgId,
        pulseId: pulse.id,
        personId: person.id,
        score,
        comment: planned.comments[i] ?? null,
        at: openedAt + (i + 1) * 3_600_000,
      });
      if (outcome !== "recorded")
        throw new StoreError("INVALID_INPUT", `the demo's pulse answer was not recorded (${outcome})`);
    }
  }
}

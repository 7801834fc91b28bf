/**
 * The demo's history (src/server/numbers/demoHistory.ts): a fresh demo workspace has eight weeks
 * of its team's past, with a coaching push four weeks ago that the Numbers page can show, and the
 * team's pulses over those weeks (src/server/pulses/demoPulses.ts; here rather than in
 * pulses.test.ts so the suite makes the demo workspace, a minute on a busy machine, once less).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDemoWorkspace } from "../../src/server/bootstrap.ts";
import { DEMO_COACHING_WEEKS_AGO, DEMO_HISTORY_WEEKS } from "../../src/server/numbers/demoHistory.ts";
import { PULSE_MIN_ANSWERS } from "../../src/protocol/index.ts";
import { presentPulse } from "../../src/server/pulses/index.ts";
import {
  countTeamNumbers,
  listConversations,
  listTeamPulses,
  readPulseResults,
  type Store,
} from "../../src/store/index.ts";
import { demoStore } from "./demoWorkspace.ts";
import { DEMO_CONVERSATIONS } from "../../src/cli/demoConversations.ts";
import { DEMO_REPLAY_PACE, replayConversationsPerHour } from "../../src/cli/demoPace.ts";

const WEEK = 7 * 86_400_000;
let store: Store;
let orgId: string;
let teamId: string;

beforeAll(async () => {
  ({ store, orgId, teamId } = await demoStore());
  // The history is some 640 conversations written through the store: a minute on a busy machine.
}, 300_000);
afterAll(() => store.close());

describe("the demo's history", () => {
  it("gives the demo team eight weeks of numbers that improve after the coaching push", async () => {
    const now = Date.now();
    const push = now - DEMO_COACHING_WEEKS_AGO * WEEK;
    const [before, after] = await countTeamNumbers(store, {
      orgId,
      teamId,
      edges: [now - (DEMO_HISTORY_WEEKS + 1) * WEEK, push - 86_400_000, now],
      recovery: { lines: 3, calmBelow: 0.45, fall: 0.15 },
    });
    if (before === undefined || after === undefined) throw new Error("no periods");
    for (const p of [before, after]) {
      expect(p.conversations).toBeGreaterThan(40);
      expect(p.closed).toBe(p.conversations);
      expect(p.stepIns.total).toBeGreaterThan(5);
      expect(p.survey.answered).toBeGreaterThan(10);
    }
    // Customers came back after some closes: not every closed conversation was resolved at once.
    expect(before.resolvedFirstContact + after.resolvedFirstContact).toBeLessThan(
      before.closed + after.closed,
    );
    expect(after.timeToHelp.medianSeconds ?? Infinity).toBeLessThan(before.timeToHelp.medianSeconds ?? 0);
    const recovered = (p: typeof before) => p.stepIns.recovered / p.stepIns.total;
    expect(recovered(after)).toBeGreaterThan(recovered(before));
    expect(after.alerts.notUseful / after.alerts.raised).toBeLessThan(
      before.alerts.notUseful / before.alerts.raised,
    );
  });

  it("has weeks of a working team's size, each its own: half an hour of the live replay adds a fraction of one", async () => {
    // After half an hour of `npm start -- --demo`, the current week stood far above every week of
    // the history (about 20 conversations a week behind eight chats replayed at a line per 2.5 s).
    const [row] = await store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM conversations WHERE org_id = $1 AND external_id LIKE 'demo-history-%'`,
      [orgId],
    );
    const perWeek = (row?.n ?? 0) / DEMO_HISTORY_WEEKS;
    // Scripts play in turn: their mean length, without the lines that follow a step-in (the fastest).
    const lines = DEMO_CONVERSATIONS.reduce((sum, s) => sum + s.lines.length, 0) / DEMO_CONVERSATIONS.length;
    const halfHour = replayConversationsPerHour(DEMO_REPLAY_PACE, lines) / 2;
    expect(halfHour).toBeGreaterThan(10);
    expect(halfHour).toBeLessThan(perWeek / 2);
    // Each working day a plausible day of four chat agents, not one conversation each.
    expect(perWeek / 5).toBeGreaterThan(12);
    // …and the weeks differ, as a real team's do (every week had the same height on the chart).
    const weeks = await store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM conversations
       WHERE org_id = $1 AND external_id LIKE 'demo-history-%'
       GROUP BY date_trunc('week', created_at)`,
      [orgId],
    );
    const full = weeks.map((w) => w.n).filter((n) => n > perWeek / 2);
    expect(Math.max(...full) - Math.min(...full)).toBeGreaterThanOrEqual(8);
  });

  it("is written once: a second start finds the workspace and adds nothing", async () => {
    const count = async () => (await listConversations(store, { orgId, limit: 500 })).length;
    const first = await count();
    await ensureDemoWorkspace(store, orgId);
    expect(await count()).toBe(first);
  });
});

describe("the demo's pulses", () => {
  it("gives the demo team a pulse every two weeks, all five answering, warmer after the coaching push", async () => {
    const now = Date.now();
    const pulses = (await listTeamPulses(store, { orgId, teamId })).reverse();
    // Four, two weeks apart, within the eight weeks of history, the last one closed before now.
    expect(pulses).toHaveLength(4);
    expect(pulses.slice(1).map((p, i) => p.openedAt - (pulses[i]?.openedAt ?? 0))).toEqual([
      2 * WEEK,
      2 * WEEK,
      2 * WEEK,
    ]);
    expect(now - (pulses[0]?.openedAt ?? 0)).toBeLessThan(8 * WEEK);
    expect(now - (pulses[3]?.openedAt ?? 0)).toBeLessThan(2 * WEEK);
    const shown = await Promise.all(
      pulses.map(async (p) =>
        presentPulse(
          p,
          await readPulseResults(store, { orgId, pulseId: p.id, minAnswers: PULSE_MIN_ANSWERS, at: now }),
          now,
        ),
      ),
    );
    for (const p of shown)
      expect(p).toMatchObject({ status: "closed", invited: 5, answers: 5, visibility: "shown" });
    const scores = shown.map((p) => p.results?.enps ?? NaN);
    const push = now - DEMO_COACHING_WEEKS_AGO * WEEK;
    const before = scores.filter((_, i) => (pulses[i]?.openedAt ?? 0) < push);
    const after = scores.filter((_, i) => (pulses[i]?.openedAt ?? 0) >= push);
    expect(before).toHaveLength(2);
    expect(Math.min(...after)).toBeGreaterThan(Math.max(...before));
    // Written once: a second start adds none.
    await ensureDemoWorkspace(store, orgId);
    expect(await listTeamPulses(store, { orgId, teamId })).toHaveLength(4);
  });
});

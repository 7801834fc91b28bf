/**
 * The live demo's replay keeps today to a day of the demo's history (src/server/demo.ts
 * `demoReplayAllowance`): left running all day, the current week on Numbers stays one of the
 * history's weeks instead of climbing above them all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoReplayAllowance, demoReplayStartAt } from "../../src/server/demo.ts";
import { DEMO_HISTORY_WEEKS } from "../../src/server/numbers/demoHistory.ts";
import { DEMO_REPLAY_HEAD_START, DEMO_REPLAY_MIN_PER_HOUR } from "../../src/cli/demoPace.ts";
import {
  findOrCreateConversation,
  listPeople,
  markPeoplePresent,
  type Store,
} from "../../src/store/index.ts";
import { demoStore } from "./demoWorkspace.ts";

const DAY = 86_400_000;
let store: Store;
let orgId: string;
let teamId: string;
/** The midnight (UTC) of the day the demo's history was written, which its days count back from. */
let midnight: number;

beforeAll(async () => {
  let writtenAt: number;
  ({ store, orgId, teamId, writtenAt } = await demoStore());
  midnight = Math.floor(writtenAt / DAY) * DAY;
}, 300_000);
afterAll(() => store.close());

const countBetween = async (from: number, to: number): Promise<number> => {
  const [row] = await store.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM conversations
     WHERE org_id = $1 AND team_id = $2 AND created_at >= $3::timestamptz AND created_at < $4::timestamptz`,
    [orgId, teamId, new Date(from).toISOString(), new Date(to).toISOString()],
  );
  return row?.n ?? 0;
};

describe("the live demo's pace against its history", () => {
  it("keeps a whole day of replay to a day of the history, and the current week among the history's weeks", async () => {
    const allowance = (now: number) =>
      demoReplayAllowance(store, {
        orgId,
        teamId,
        now,
        headStart: DEMO_REPLAY_HEAD_START,
        historyWeeks: DEMO_HISTORY_WEEKS,
      });
    // The history's mean day for today's weekday.
    let whole = 0;
    for (let w = 1; w <= DEMO_HISTORY_WEEKS; w++)
      whole += await countBetween(midnight - w * 7 * DAY, midnight - w * 7 * DAY + DAY);
    whole /= DEMO_HISTORY_WEEKS;
    expect(whole).toBeGreaterThan(4);
    // A visitor at midnight, before the history's working hours, still finds a floor at work.
    expect(await allowance(midnight)).toBeGreaterThan(Math.min(whole, DEMO_REPLAY_HEAD_START) - 1);
    // A replay running all day, every quarter of an hour starting what it is allowed to.
    let n = 0;
    for (let t = midnight; t < midnight + DAY; t += 15 * 60_000) {
      const room = await allowance(t);
      for (let k = 0; k < room; k++)
        await findOrCreateConversation(store, {
          orgId,
          teamId,
          channel: "chat",
          externalId: `sim-pace-${n++}`,
          createdAt: t,
        });
    }
    const today = await countBetween(midnight, midnight + DAY);
    expect(today).toBeLessThanOrEqual(whole);
    expect(today).toBeGreaterThanOrEqual(Math.floor(whole) - 1);
    expect(await allowance(midnight + DAY - 1)).toBe(0);
    // A replay started again goes on after the conversations replayed so far (not the history's).
    expect(await demoReplayStartAt(store, orgId, teamId)).toBe(n);
    // Numbers' weeks (the last 56 days, today the last): this week is one like the others.
    const weeks: number[] = [];
    for (let w = 7; w >= 0; w--)
      weeks.push(await countBetween(midnight + DAY - (w + 1) * 7 * DAY, midnight + DAY - w * 7 * DAY));
    const current = weeks.pop() ?? 0;
    expect(current).toBeLessThanOrEqual(Math.max(...weeks));
    expect(current).toBeGreaterThanOrEqual(Math.min(...weeks));
  }, 120_000);

  it("while someone watches, conversations keep arriving once the day's share is spent: the floor never drains", async () => {
    // 21:00 UTC, a Sunday evening or any evening: the history's working day is over.
    const evening = midnight + 21 * 3_600_000;
    const allowance = (now: number) =>
      demoReplayAllowance(store, {
        orgId,
        teamId,
        now,
        headStart: DEMO_REPLAY_HEAD_START,
        minPerHour: DEMO_REPLAY_MIN_PER_HOUR,
        historyWeeks: DEMO_HISTORY_WEEKS,
      });
    let n = 0;
    const start = async (count: number, at: number, channel: "chat" | "email" = "chat") => {
      for (let k = 0; k < count; k++)
        await findOrCreateConversation(store, {
          orgId,
          teamId,
          channel,
          externalId: `sim-watched-${n++}`,
          createdAt: at,
        });
    };
    // The day's share spent in the morning (as a demo started then would have).
    await start(await allowance(midnight + 9 * 3_600_000), midnight + 9 * 3_600_000);
    // Nobody watching: today stays a day of the history.
    expect(await allowance(evening)).toBe(0);
    // Someone opens the floor, half an hour after the head start's burst: conversations arrive
    // again at once, a quarter of the hour's minimum in any quarter of an hour, no more.
    await start(DEMO_REPLAY_HEAD_START, evening - 30 * 60_000);
    const quarter = Math.ceil(DEMO_REPLAY_MIN_PER_HOUR / 4);
    const [someone] = await listPeople(store, { orgId, teamId });
    await markPeoplePresent(store, { personIds: [someone!.id], until: evening + 90 * 60_000 });
    expect(await allowance(evening)).toBe(quarter);
    // E-mail threads starting on their own seats take none of the live chats' places.
    await start(3, evening - 12 * 60_000, "email");
    expect(await allowance(evening)).toBe(quarter);
    await start(quarter - 1, evening - 10 * 60_000);
    expect(await allowance(evening)).toBe(1);
    await start(1, evening);
    expect(await allowance(evening + 4 * 60_000)).toBe(0);
    // Later, as long as they watch, the next ones; once they have left, none.
    expect(await allowance(evening + 16 * 60_000)).toBe(quarter);
    expect(await allowance(evening + 2 * 3_600_000)).toBe(0);
  }, 120_000);
});

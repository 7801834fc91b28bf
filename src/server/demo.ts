import { createApiToken, generateToken, hashToken, listPeople, type Queryable } from "../store/index.ts";
import type { RunningServer } from "./main.ts";
import { DEMO_HISTORY_WEEKS } from "./numbers/demoHistory.ts";
import { loop2ProcessorOf } from "./loop2/index.ts";

/**
 * What the demo replay needs to post through the public API like any channel would: an ingest
 * token acting as the demo lead, the team, the agents to hand conversations to, and the lead (whom
 * the demo's simulated teammates act for too).
 */
export async function createDemoCredentials(
  running: RunningServer,
): Promise<{ token: string; teamId: string; agents: string[]; lead: string }> {
  if (running.demo === null) throw new Error("the demo workspace was not created");
  const orgId = running.boot.orgId;
  const people = await listPeople(running.store, { orgId, teamId: running.demo.teamId });
  const lead = people.find((p) => p.role === "lead") ?? people[0];
  if (lead === undefined) throw new Error("the demo team has nobody in it");
  const token = `tt_${generateToken()}`;
  await createApiToken(running.store, {
    orgId,
    personId: lead.id,
    name: "demo replay",
    scopes: ["ingest"],
    tokenHash: hashToken(token),
  });
  // What it posts starts the demo's conversations (origin `demo`), which take replies without a webhook.
  running.app.ctx.demoReplayTokens.add(hashToken(token));
  return {
    token,
    teamId: running.demo.teamId,
    agents: people.filter((p) => p.role === "agent").map((p) => p.email),
    lead: lead.email,
  };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * How many more conversations the live demo's replay may start now, so that today stays a day of
 * the demo's history and the current week on Numbers one of its weeks, however long the demo runs:
 * today's conversations (every replay today, this run's and earlier ones') against the history's
 * mean for the same weekday up to the same hour (an hour ahead), plus `headStart` conversations so
 * that a visitor's first hour has a floor to look at at any hour, never beyond the history's whole
 * day. Days and hours are UTC, as the history's. Half an hour of an unbounded replay added more
 * than a day of the history, and a demo left running for a day stood over every week of it.
 *
 * While someone watches (a person of the organisation has a signed-in page open), the floor never
 * drains: once the day's share is spent, the replay may still start `minPerHour` conversations an
 * hour, a quarter of them in any quarter of an hour, so they keep arriving at a steady pace (a
 * Sunday evening's share was spent within 35 minutes, and the floor emptied but for the e-mail
 * threads; counted over a whole hour, the first hour's head start held the next ones back until it
 * was an hour old). Those are the floor's live chats: an e-mail thread started in the quarter
 * takes none of them (the e-mail seats are bounded by their own number; counted, three threads
 * starting together left one chat for the quarter). Nobody watching, today stays a day of the
 * history as before.
 */
export async function demoReplayAllowance(
  db: Queryable,
  input: {
    orgId: string;
    teamId: string;
    now: number;
    headStart: number;
    historyWeeks: number;
    minPerHour?: number;
  },
): Promise<number> {
  const midnight = Math.floor(input.now / DAY_MS) * DAY_MS;
  const clock = Math.min(DAY_MS, input.now - midnight + HOUR_MS);
  const [row] = await db.query<{ so_far: number; whole: number; today: number }>(
    `WITH c AS (
       SELECT created_at, external_id LIKE 'demo-history-%' AS history,
              created_at AT TIME ZONE 'UTC' AS utc
       FROM conversations WHERE org_id = $1 AND team_id = $2 AND created_at >= $3::timestamptz)
     SELECT
       count(*) FILTER (WHERE history AND extract(dow FROM utc) = $4
         AND extract(epoch FROM utc - date_trunc('day', utc)) * 1000 < $5)::int AS so_far,
       count(*) FILTER (WHERE history AND extract(dow FROM utc) = $4)::int AS whole,
       count(*) FILTER (WHERE NOT coalesce(history, false) AND created_at >= $6::timestamptz)::int AS today
     FROM c`,
    [
      input.orgId,
      input.teamId,
      new Date(midnight - (input.historyWeeks + 1) * 7 * DAY_MS).toISOString(),
      new Date(midnight).getUTCDay(),
      clock,
      new Date(midnight).toISOString(),
    ],
  );
  if (row === undefined) return 0;
  const weeks = Math.max(1, input.historyWeeks);
  const target = Math.min(row.whole / weeks, row.so_far / weeks + input.headStart);
  const ofTheDay = Math.max(0, Math.floor(target - row.today));
  const minPerHour = input.minPerHour ?? 0;
  if (ofTheDay > 0 || minPerHour <= 0) return ofTheDay;
  const quarter = HOUR_MS / 4;
  const [watch] = await db.query<{ watched: boolean; recent: number }>(
    `SELECT
       EXISTS (SELECT 1 FROM people WHERE org_id = $1 AND deactivated_at IS NULL
               AND present_until > $3::timestamptz) AS watched,
       (SELECT count(*)::int FROM conversations WHERE org_id = $1 AND team_id = $2
          AND NOT coalesce(external_id LIKE 'demo-history-%', false) AND channel <> 'email'
          AND created_at > $4::timestamptz AND created_at <= $3::timestamptz) AS recent`,
    [
      input.orgId,
      input.teamId,
      new Date(input.now).toISOString(),
      new Date(input.now - quarter).toISOString(),
    ],
  );
  return watch?.watched === true ? Math.max(0, Math.ceil(minPerHour / 4) - watch.recent) : 0;
}

/** Whether the live demo's replay may start a conversation now (`demoReplayAllowance`). */
export function demoReplayGate(
  running: RunningServer,
  teamId: string,
  pace: { headStart: number; minPerHour: number },
): () => Promise<boolean> {
  return async () =>
    (await demoReplayAllowance(running.store, {
      orgId: running.boot.orgId,
      teamId,
      now: Date.now(),
      headStart: pace.headStart,
      minPerHour: pace.minPerHour,
      historyWeeks: DEMO_HISTORY_WEEKS,
    })) > 0;
}

/**
 * The demo history's debrief cards as its team left them: about half saved, each a few minutes to
 * three quarters of an hour after its conversation closed, on its own day. Loop 2 drafts the cards
 * once the server sweeps the history's closes; the demo teammates fill in only the cards of the
 * live replay (they saved half of eight weeks' cards at the minute the demo started, so each read
 * 'saved' today). Idempotent: a card saved already is left as it is. Returns the cards saved now.
 */
export async function saveDemoHistoryDebriefs(db: Queryable, orgId: string): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `UPDATE debriefs d SET status = 'saved',
       updated_at = LEAST(now(), d.created_at + make_interval(mins => 5 + get_byte(decode(md5(d.id::text), 'hex'), 1) % 40))
     FROM conversations c
     WHERE d.org_id = $1 AND c.org_id = $1 AND c.id = d.conversation_id AND c.external_id LIKE 'demo-history-%'
       AND d.status = 'draft' AND d.updated_at = d.created_at
       AND get_byte(decode(md5(d.id::text), 'hex'), 0) % 2 = 0
     RETURNING d.id`,
    [orgId],
  );
  return rows.length;
}

/** Once loop 2 has drafted the history's cards (its start-up sweep), saves theirs as the team did. */
export async function settleDemoHistory(running: RunningServer): Promise<void> {
  await loop2ProcessorOf(running.app.ctx).sweep();
  await saveDemoHistoryDebriefs(running.store, running.boot.orgId);
}

/**
 * How many conversations the demo's replays have played in the team so far: a replay started
 * again goes on from there in the scripts' sequence, with other customers (a restart replayed the
 * first round's Maya Chen and Priya Raman again, the same words the same day). After the highest
 * number played, not their count: each run numbers from where it began, its e-mail seats far ahead
 * of its chats, so a restart counting 4 played the e-mail of number 9 again, beside the same
 * thread resumed (`demoReplayLeftOpen`): Lucas Moreau twice on the floor.
 */
export async function demoReplayStartAt(db: Queryable, orgId: string, teamId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT greatest(count(*), coalesce(max(substring(external_id FROM '-([0-9]+)$')::int) + 1, 0))::int AS n
     FROM conversations WHERE org_id = $1 AND team_id = $2 AND external_id LIKE 'sim-%'`,
    [orgId, teamId],
  );
  return row?.n ?? 0;
}

/** A replayed conversation an earlier run left open: where its script stood. */
export interface DemoReplayLeftOpen {
  /** The replay's id for it (`sim-<run>-<n>`). */
  conversationId: string;
  /** Its number in the scripts' sequence. */
  n: number;
  channel: string;
  /** How many of its lines the replay had posted. */
  posted: number;
  /** When it began (ms): its lines name days as on that day. */
  startedAt: number;
}

/**
 * The replayed conversations an earlier run of the demo left open (stopped, or killed, in the
 * middle of them): an e-mail whose customer was waiting for the answer stays open on stop, as in a
 * real inbox, and was then never answered nor closed by the next run. The replay goes on with them
 * (`SimulationOptions.resume`).
 */
export async function demoReplayLeftOpen(
  db: Queryable,
  orgId: string,
  teamId: string,
): Promise<DemoReplayLeftOpen[]> {
  const rows = await db.query<{ external_id: string; channel: string; posted: number; started_at: number }>(
    `SELECT c.external_id, c.channel, (extract(epoch FROM c.created_at) * 1000)::float8 AS started_at,
       (SELECT count(*)::int FROM messages m WHERE m.org_id = c.org_id AND m.conversation_id = c.id
          AND m.external_id LIKE c.external_id || '-%') AS posted
     FROM conversations c
     WHERE c.org_id = $1 AND c.team_id = $2 AND c.status = 'open' AND c.external_id LIKE 'sim-%'
     ORDER BY c.created_at`,
    [orgId, teamId],
  );
  return rows.flatMap((r) => {
    const n = Number(r.external_id.split("-").pop());
    return Number.isInteger(n) && n >= 0
      ? [
          {
            conversationId: r.external_id,
            n,
            channel: r.channel,
            posted: r.posted,
            startedAt: Number(r.started_at),
          },
        ]
      : [];
  });
}

// Test helpers for a store test file of its own: a migrated in-memory store, the plan of the
// statement a read runs, the huddle's conversations with their lines' readings, and knowledge gaps
// asked some minutes ago.
import { afterAll, beforeAll } from "vitest";
import { appendKnowledgeGaps, type KnowledgeGapRecord, type NewKnowledgeGap } from "../knowledgeGaps.ts";
import { migrate } from "../migrate.ts";
import { openStore } from "../openStore.ts";
import type { Queryable, Store } from "../types.ts";

/**
 * A migrated in-memory store opened before the file's tests and closed after them; call at the top
 * of the file and read the store inside a test (`const store = useMemoryStore()` then `store()`).
 */
export function useMemoryStore(): () => Store {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openStore({ memory: true, pgliteThread: "main" });
    await migrate(store);
  });
  afterAll(async () => {
    await store?.close();
  });
  return () => {
    if (store === undefined) throw new Error("the store opens before the file's first test");
    return store;
  };
}

/** The lines of `EXPLAIN` of the last statement `read` sends (run against nothing: it gets no rows). */
export async function planOf(store: Store, read: (db: Queryable) => Promise<unknown>): Promise<string[]> {
  let sql = "";
  let params: unknown[] = [];
  const capture = {
    query: (text: string, values?: readonly unknown[]) => {
      sql = text;
      params = [...(values ?? [])];
      return Promise.resolve([]);
    },
  } as Queryable;
  await read(capture);
  const plan = await store.query(`EXPLAIN ${sql}`, params as never);
  return plan.map((row) => String(Object.values(row)[0]));
}

/**
 * A conversation of the team whose lines (a customer's, a second apart) were read at `risks`, begun
 * and last written `ago` ms before `now`; closed then when `status` is closed.
 */
export async function insertShiftConversation(
  store: Store,
  c: {
    orgId: string;
    teamId: string;
    externalId: string;
    now: number;
    risks: readonly number[];
    status?: "open" | "closed";
    agentId?: string | null;
    ago?: number;
  },
): Promise<string> {
  const at = new Date(c.now - (c.ago ?? 3_600_000)).toISOString();
  const [row] = await store.query(
    `INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, created_at,
                                last_message_at, closed_at, assigned_person_id)
     VALUES ($1, $2, 'chat', $3, $4, $5, $6::timestamptz, $6::timestamptz,
             CASE WHEN $4 = 'closed' THEN $6::timestamptz END, $7) RETURNING id`,
    [c.orgId, c.teamId, c.externalId, c.status ?? "open", c.risks.length, at, c.agentId ?? null],
  );
  const id = String(row?.id);
  for (const [position, risk] of c.risks.entries())
    await store.query(
      `INSERT INTO messages (org_id, conversation_id, position, role, kind, text, sent_at, risk, rung, analysis)
       VALUES ($1, $2, $3::int, 'customer', 'message', 'Where is it?', $4::timestamptz + $3::int * interval '1 second',
               $5, 'observe', '{}')`,
      [c.orgId, id, position, at, risk],
    );
  return id;
}

/**
 * Records one knowledge gap as asked `minutesAgo` minutes ago; `questionKey` null leaves it with no
 * key at all (as gaps written before keys were stored), which the store never writes itself.
 */
export async function appendGapAsked(
  store: Store,
  gap: NewKnowledgeGap,
  minutesAgo: number,
  questionKey: string | null = gap.questionKey,
): Promise<KnowledgeGapRecord> {
  const [g] = await appendKnowledgeGaps(store, [gap]);
  if (g === undefined) throw new Error("gap not recorded");
  await store.query(
    `UPDATE knowledge_gaps SET created_at = now() - $2::int * interval '1 minute', question_key = $3
      WHERE id = $1`,
    [g.id, minutesAgo, questionKey],
  );
  return g;
}

/**
 * The demo's eight weeks of history tell different stories: a prospect reading the escalation
 * queue, the knowledge gaps or the practice suggestions met the same late fee again and again
 * (three of the agents' scripts were a late fee, week after week). And what the team wrote down
 * meanwhile is there too: Knowledge, Feedback and each person's Journal were empty.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_HISTORY_WEEKS } from "../../src/server/numbers/demoHistory.ts";
import type { Store } from "../../src/store/index.ts";
import { demoStore } from "./demoWorkspace.ts";

let store: Store;
let orgId: string;

beforeAll(async () => {
  ({ store, orgId } = await demoStore());
  // The history is some 640 conversations written through the store: a minute on a busy machine.
}, 300_000);
afterAll(() => store.close());

describe("the demo's history", () => {
  it("opens with many different problems, a late fee among them at most once", async () => {
    const rows = await store.query<{ text: string; topic: string }>(
      `SELECT DISTINCT ON (c.id) m.text, c.topic
       FROM conversations c
       JOIN messages m ON m.org_id = c.org_id AND m.conversation_id = c.id AND m.role = 'customer'
       WHERE c.org_id = $1 AND c.external_id LIKE 'demo-history-%'
       ORDER BY c.id, m.sent_at`,
      [orgId],
    );
    expect(rows.length).toBeGreaterThan(100);
    const openings = new Set(rows.map((r) => r.text));
    expect(openings.size).toBeGreaterThanOrEqual(18);
    expect([...openings].filter((t) => /late fee/i.test(t)).length).toBeLessThanOrEqual(1);
    // Billing is one topic among five, with problems of its own.
    const billing = new Set(rows.filter((r) => r.topic === "billing").map((r) => r.text));
    expect(billing.size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.topic)).size).toBeGreaterThanOrEqual(4);
  });

  it("puts a situation in many customers' words: no opening line is asked word for word more than twice a week", async () => {
    // "Do I have to pay for shipping on a $60 order?…" opened dozens of conversations, word for word.
    const rows = await store.query<{ text: string; n: number }>(
      `WITH first AS (
         SELECT DISTINCT ON (c.id) m.text
         FROM conversations c
         JOIN messages m ON m.org_id = c.org_id AND m.conversation_id = c.id AND m.role = 'customer'
         WHERE c.org_id = $1 AND c.external_id LIKE 'demo-history-%'
         ORDER BY c.id, m.sent_at)
       SELECT text, count(*)::int AS n FROM first GROUP BY text ORDER BY n DESC`,
      [orgId],
    );
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    expect(total).toBeGreaterThan(1000);
    expect(rows.length).toBeGreaterThanOrEqual(100);
    // Eight weeks: no opening more than twice a week, in one customer's words.
    expect(rows[0]?.n, rows[0]?.text).toBeLessThanOrEqual(2 * DEMO_HISTORY_WEEKS);
    const shipping = rows.filter(
      (r) => /shipping|delivery|postage/i.test(r.text) && /\$\d+ (order|basket)|on \$\d+/.test(r.text),
    );
    expect(shipping.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...shipping.map((r) => r.n))).toBeLessThanOrEqual(12);
  });

  it("has each agent helped by more than one teammate", async () => {
    // Ben's console listed the same whisper from Cho, week after week: his only helper.
    const rows = await store.query<{ agent: string; helpers: number }>(
      `SELECT i.to_person_id AS agent, count(DISTINCT i.from_person_id)::int AS helpers
       FROM interventions i
       WHERE i.org_id = $1 AND i.kind IN ('whisper', 'signal')
       GROUP BY i.to_person_id`,
      [orgId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(r.helpers, r.agent).toBeGreaterThan(1);
  });

  it("comes with published insights, feedback each person received and each person's journal", async () => {
    const count = async (sql: string): Promise<number> =>
      Number((await store.query<{ n: number }>(sql, [orgId]))[0]?.n ?? 0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM insights
         WHERE org_id = $1 AND status = 'published' AND conversation_id IS NOT NULL AND reviewed_at < now()`,
      ),
    ).toBeGreaterThanOrEqual(3);
    expect(
      await count(`SELECT count(*)::int AS n FROM insights WHERE org_id = $1 AND status = 'draft'`),
    ).toBe(1);
    const people = await store.query<{ id: string; role: string }>(
      `SELECT p.id, p.role FROM people p WHERE p.org_id = $1 AND p.email LIKE '%@demo.tagteam.local'`,
      [orgId],
    );
    expect(people.length).toBe(5);
    for (const p of people) {
      const [row] = await store.query<{ journal: number; feedback: number }>(
        `SELECT (SELECT count(*)::int FROM journal_entries WHERE org_id = $1 AND author_id = $2) AS journal,
                (SELECT count(*)::int FROM feedback WHERE org_id = $1 AND receiver_id = $2) AS feedback`,
        [orgId, p.id],
      );
      expect(row?.journal, p.role).toBeGreaterThan(0);
      expect(row?.feedback, p.role).toBeGreaterThan(0);
    }
    // Dated within the history, not at the moment the demo was created.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM feedback WHERE org_id = $1 AND created_at > now() - interval '1 day'`,
      ),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM feedback_replies WHERE org_id = $1`)).toBeGreaterThan(
      0,
    );
  });

  it("links each feedback to a conversation of its receiver's that was never handed on", async () => {
    // Picked by assignee, feedback to a helper linked a conversation they took over, which the
    // first start's scoring gives to the agent it was taken from.
    const rows = await store.query<{ id: string; receiver: string; assignee: string; handed: boolean }>(
      `SELECT f.id, f.receiver_id AS receiver, c.assigned_person_id AS assignee,
              EXISTS (SELECT 1 FROM interventions h
                       WHERE h.org_id = c.org_id AND h.conversation_id = c.id
                         AND ((h.kind = 'takeover_offer' AND h.state IN ('accepted', 'done'))
                              OR (h.kind = 'warm_transfer' AND h.state = 'done'))) AS handed
         FROM feedback f JOIN conversations c ON c.org_id = f.org_id AND c.id = f.conversation_id
        WHERE f.org_id = $1`,
      [orgId],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect({ id: r.id, assignee: r.assignee, handed: r.handed }).toEqual({
        id: r.id,
        assignee: r.receiver,
        handed: false,
      });
  });
});

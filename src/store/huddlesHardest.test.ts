// The huddle's warm-up: the hardest conversation of the week that has ended, read from the week's
// hard lines (migration 0048's index) rather than every conversation's lines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { findHardestEndedConversation, HARD_LINE_RISK, listShiftConversations } from "./huddles.ts";
import { migrate } from "./migrate.ts";
import { openStore } from "./openStore.ts";
import { createTeam } from "./teams.ts";
import type { Store } from "./types.ts";

let store: Store;

beforeAll(async () => {
  store = await openStore({ memory: true, pgliteThread: "main" });
  await migrate(store);
});
afterAll(async () => {
  await store.close();
});

describe("findHardestEndedConversation", () => {
  it("finds the first closed conversation of the shift's list that had a hard line, through the hard lines' index", async () => {
    const { org, team } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other team" });
    const now = Date.now();
    const window = { orgId: org.id, teamId: team.id, since: now - 7 * 86_400_000, until: now + 60_000 };
    const conversation = async (
      teamId: string,
      name: string,
      status: string,
      risks: number[],
      ago = 3_600_000,
    ) => {
      const [row] = await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, created_at,
                                    last_message_at, closed_at)
         VALUES ($1, $2, 'chat', $3, $4, $5, $6::timestamptz, $6::timestamptz,
                 CASE WHEN $4 = 'closed' THEN $6::timestamptz END) RETURNING id`,
        [org.id, teamId, name, status, risks.length, new Date(now - ago).toISOString()],
      );
      const id = String(row?.id);
      for (const [position, risk] of risks.entries())
        await store.query(
          `INSERT INTO messages (org_id, conversation_id, position, role, kind, text, sent_at, risk, rung, analysis)
           VALUES ($1, $2, $3, 'customer', 'message', 'Where is it?', $4::timestamptz, $5, 'observe', '{}')`,
          [org.id, id, position, new Date(now - ago + position * 1000).toISOString(), risk],
        );
      return id;
    };
    await conversation(team.id, "open-hardest", "open", [0.2, 0.95]);
    await conversation(other.id, "other-team", "closed", [0.9]);
    await conversation(team.id, "last-week", "closed", [0.92], 8 * 86_400_000);
    const hard = await conversation(team.id, "hard", "closed", [0.3, 0.8, 0.7]);
    await conversation(team.id, "calm", "closed", [0.5, 0.4]);
    await conversation(team.id, "less-hard", "closed", [0.65]);

    const listed = await listShiftConversations(store, window);
    const expected = listed.find((c) => c.closedAt !== null && c.peakRisk >= HARD_LINE_RISK);
    expect(expected?.id).toBe(hard);
    expect(await findHardestEndedConversation(store, window)).toEqual(expected);
    expect(await findHardestEndedConversation(store, { ...window, teamId: other.id })).toMatchObject({
      peakRisk: 0.9,
    });
    expect(await findHardestEndedConversation(store, { ...window, since: now - 1_800_000 })).toBeNull();

    // Many calm lines: the week's hard lines are reached by their index, not by reading every line.
    await store.query(
      `INSERT INTO messages (org_id, conversation_id, position, role, kind, text, sent_at, risk, rung, analysis)
       SELECT $1, $2, 100 + g, 'customer', 'message', 'ok', now() - g * interval '1 second', 0.1, 'observe', '{}'
         FROM generate_series(1, 5000) g`,
      [org.id, hard],
    );
    await store.query("ANALYZE messages");
    let sql = "";
    let params: unknown[] = [];
    await findHardestEndedConversation(
      {
        query: async (text: string, values?: unknown[]) => {
          sql = text;
          params = values ?? [];
          return [];
        },
      } as never,
      window,
    );
    const plan = await store.query(`EXPLAIN ${sql}`, params as never);
    const lines = plan.map((row) => String(Object.values(row)[0]));
    expect(lines.filter((line) => /messages_hard_lines/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /Seq Scan on messages/.test(line))).toEqual([]);
  });
});

// The huddle's check-in, "who to check on": each agent's hard conversations of the last hours,
// counted from the window's hard lines (migration 0048's index) rather than from the team's
// conversations and each one's lines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { countHardConversationsByAgent, HARD_LINE_RISK, listShiftConversations } from "./huddles.ts";
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

describe("countHardConversationsByAgent", () => {
  it("counts what the shift's list holds that hard, per agent, in the order the list names them", async () => {
    const { org, team, agent, peer, lead } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other team" });
    const now = Date.now();
    const window = { orgId: org.id, teamId: team.id, since: now - 3 * 3_600_000, until: now + 60_000 };
    let n = 0;
    const conversation = async (teamId: string, agentId: string | null, risks: number[], ago = 3_600_000) => {
      const [row] = await store.query(
        `INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, created_at,
                                    last_message_at, assigned_person_id)
         VALUES ($1, $2, 'chat', $3, 'open', $4, $5::timestamptz, $5::timestamptz, $6) RETURNING id`,
        [org.id, teamId, `c-${n++}`, risks.length, new Date(now - ago).toISOString(), agentId],
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
    // Two hard ones each for the agent and the peer (the peer's the hardest), one for the lead.
    await conversation(team.id, agent.id, [0.2, 0.7]);
    await conversation(team.id, agent.id, [0.8]);
    await conversation(team.id, peer.id, [0.95, 0.1]);
    await conversation(team.id, peer.id, [0.6]);
    await conversation(team.id, lead.id, [0.9]);
    // Not counted: calm, nobody's, another team's, hard before the window.
    await conversation(team.id, agent.id, [0.5, 0.59]);
    await conversation(team.id, null, [0.99]);
    await conversation(other.id, agent.id, [0.9]);
    await conversation(team.id, lead.id, [0.9], 5 * 3_600_000);

    const listed = await listShiftConversations(store, window);
    const expected = new Map<string, number>();
    for (const c of listed)
      if (c.peakRisk >= HARD_LINE_RISK && c.agentId !== null)
        expected.set(c.agentId, (expected.get(c.agentId) ?? 0) + 1);
    const counted = await countHardConversationsByAgent(store, window);
    expect([...counted]).toEqual([...expected]);
    expect([...counted]).toEqual([
      [peer.id, 2],
      [lead.id, 1],
      [agent.id, 2],
    ]);
    expect([...(await countHardConversationsByAgent(store, { ...window, teamId: other.id }))]).toEqual([
      [agent.id, 1],
    ]);

    // The window's hard lines are reached by their index, not by reading the conversations' lines.
    let sql = "";
    let params: unknown[] = [];
    await countHardConversationsByAgent(
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
    expect(lines.filter((line) => /messages_conversation_position|Seq Scan on messages/.test(line))).toEqual(
      [],
    );
  });
});

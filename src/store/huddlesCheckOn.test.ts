// The huddle's check-in, "who to check on": each agent's hard conversations of the last hours,
// counted from the window's hard lines (migration 0048's index) rather than from the team's
// conversations and each one's lines.
import { describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { insertShiftConversation, planOf, useMemoryStore } from "./contract/testStore.ts";
import { countHardConversationsByAgent, HARD_LINE_RISK, listShiftConversations } from "./huddles.ts";
import { createTeam } from "./teams.ts";

const memoryStore = useMemoryStore();

describe("countHardConversationsByAgent", () => {
  it("counts what the shift's list holds that hard, per agent, in the order the list names them", async () => {
    const store = memoryStore();
    const { org, team, agent, peer, lead } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other team" });
    const now = Date.now();
    const window = { orgId: org.id, teamId: team.id, since: now - 3 * 3_600_000, until: now + 60_000 };
    let n = 0;
    const conversation = (teamId: string, agentId: string | null, risks: number[], ago = 3_600_000) =>
      insertShiftConversation(store, {
        orgId: org.id,
        teamId,
        externalId: `c-${n++}`,
        now,
        risks,
        agentId,
        ago,
      });
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
    const lines = await planOf(store, (db) => countHardConversationsByAgent(db, window));
    expect(lines.filter((line) => /messages_hard_lines/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /messages_conversation_position|Seq Scan on messages/.test(line))).toEqual(
      [],
    );
  });
});

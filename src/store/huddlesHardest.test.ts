// The huddle's warm-up: the hardest conversation of the week that has ended, read from the week's
// hard lines (migration 0048's index) rather than every conversation's lines.
import { describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { insertShiftConversation, planOf, useMemoryStore } from "./contract/testStore.ts";
import { findHardestEndedConversation, HARD_LINE_RISK, listShiftConversations } from "./huddles.ts";
import { createTeam } from "./teams.ts";

const memoryStore = useMemoryStore();

describe("findHardestEndedConversation", () => {
  it("finds the first closed conversation of the shift's list that had a hard line, through the hard lines' index", async () => {
    const store = memoryStore();
    const { org, team } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other team" });
    const now = Date.now();
    const window = { orgId: org.id, teamId: team.id, since: now - 7 * 86_400_000, until: now + 60_000 };
    const conversation = (
      teamId: string,
      name: string,
      status: "open" | "closed",
      risks: number[],
      ago = 3_600_000,
    ) => insertShiftConversation(store, { orgId: org.id, teamId, externalId: name, now, risks, status, ago });
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
    const lines = await planOf(store, (db) => findHardestEndedConversation(db, window));
    expect(lines.filter((line) => /messages_hard_lines/.test(line))).toHaveLength(1);
    expect(lines.filter((line) => /Seq Scan on messages/.test(line))).toEqual([]);
  });
});

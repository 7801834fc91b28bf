// The huddle's check-in and wrap-up read a team's conversations of a day through the open ones and
// those closed since the day began, not every conversation the team ever had; the check-in reads
// only the reader's own (migration 0055).
import { describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { insertShiftConversation, planOf, useMemoryStore } from "./contract/testStore.ts";
import { listShiftConversations, listShiftCues } from "./huddles.ts";
import { createTeam } from "./teams.ts";
import type { Queryable } from "./types.ts";

const memoryStore = useMemoryStore();
const HOUR = 3_600_000;

describe("a team's conversations of a window", () => {
  it("lists the open ones and those closed in it, the team's or one agent's, through their indexes", async () => {
    const store = memoryStore();
    const { org, team, agent, peer } = await seedOrganisation(store);
    const other = await createTeam(store, { orgId: org.id, name: "Other team" });
    const now = Date.now();
    const window = { orgId: org.id, teamId: team.id, since: now - 8 * HOUR, until: now + 60_000 };
    let n = 0;
    const conversation = (
      risks: number[],
      o: { status?: "open" | "closed"; agentId?: string | null; ago?: number; teamId?: string } = {},
    ) =>
      insertShiftConversation(store, {
        orgId: org.id,
        teamId: o.teamId ?? team.id,
        externalId: `w-${n++}`,
        now,
        risks,
        status: o.status ?? "closed",
        agentId: o.agentId ?? agent.id,
        ago: o.ago ?? HOUR,
      });
    const openHard = await conversation([0.3, 0.9], { status: "open", agentId: peer.id });
    const closedMid = await conversation([0.5], { ago: 2 * HOUR });
    const closedCalm = await conversation([0.1, 0.2], { agentId: peer.id, ago: 7 * HOUR });
    const nobodys = await conversation([0.4], { agentId: null });
    // Not in it: closed the day before, another team's, open but quiet since the day before.
    await conversation([0.99], { ago: 30 * HOUR });
    await conversation([0.95], { teamId: other.id });
    await conversation([0.97], { status: "open", ago: 20 * HOUR });

    const listed = await listShiftConversations(store, window);
    expect(listed.map((c) => c.id)).toEqual([openHard, closedMid, nobodys, closedCalm]);
    expect(listed.map((c) => c.peakRisk)).toEqual([0.9, 0.5, 0.4, 0.2]);
    for (const who of [agent.id, peer.id])
      expect(await listShiftConversations(store, window, 500, who)).toEqual(
        listed.filter((c) => c.agentId === who),
      );
    expect(await listShiftConversations(store, window, 500, "not-a-uuid")).toEqual([]);
    expect(await listShiftCues(store, window, undefined, "not-a-uuid")).toEqual([]);

    // A team's years: thousands closed before the window, read neither for the team nor an agent.
    await store.query(
      `INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, created_at,
                                  last_message_at, closed_at, assigned_person_id)
       SELECT $1, $2, 'chat', 'old-' || g, 'closed', 0, now() - g * interval '1 hour',
              now() - g * interval '1 hour', now() - g * interval '1 hour', $3
         FROM generate_series(48, 5047) g`,
      [org.id, team.id, agent.id],
    );
    await store.query("ANALYZE conversations");
    expect(await listShiftConversations(store, window)).toEqual(listed);
    const reads = [
      (db: Queryable) => listShiftConversations(db, window),
      (db: Queryable) => listShiftCues(db, window),
      (db: Queryable) => listShiftConversations(db, window, 500, agent.id),
      (db: Queryable) => listShiftCues(db, window, undefined, agent.id),
    ];
    const plans = await Promise.all(reads.map((read) => planOf(store, read)));
    for (const lines of plans) {
      // By when they closed (in a store this small, any of the indexes that hold it serves).
      const closed = /Index Scan using conversations_(team_closed|agent_closed|closed_at)/;
      expect(
        lines.filter((line) => closed.test(line)),
        lines.join("\n"),
      ).toHaveLength(1);
      expect(lines.filter((line) => /Seq Scan on conversations/.test(line))).toEqual([]);
    }
  });
});

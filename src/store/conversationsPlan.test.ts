// How the conversation list is planned for one team (a lead's or an agent's usual view), as
// PostgreSQL plans a prepared statement after a few runs: once for any parameters (a generic plan).
// Compared as `= ANY(array)`, one team was estimated as the whole organisation's conversations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedOrganisation } from "./contract/factories.ts";
import { listConversations } from "./conversations.ts";
import { createTeam } from "./teams.ts";
import type { Store } from "./types.ts";
import { createTestStore } from "../../test/support/testStore.ts";

let store: Store;

beforeAll(async () => {
  // The migrated test database (test/support/testStore.ts), loaded: no initdb or migrations here.
  store = await createTestStore();
});
afterAll(async () => {
  await store.close();
});

describe("listConversations: one team's plan", () => {
  it("estimates one team as a share of the organisation, not all of it", async () => {
    const { org, team } = await seedOrganisation(store);
    const small = await createTeam(store, { orgId: org.id, name: "Small team" });
    await store.query(
      `INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, created_at)
       SELECT $1, CASE WHEN g % 100 = 0 THEN $3::uuid ELSE $2::uuid END, 'chat', 'plan-' || g,
              CASE WHEN g % 50 = 0 THEN 'open' ELSE 'closed' END, 1, now() - g * interval '1 minute'
         FROM generate_series(1, 4000) g`,
      [org.id, team.id, small.id],
    );
    await store.query("ANALYZE conversations");
    // The generic plan's estimate of the conversations a listing reads, as a prepared statement
    // gets after its first runs.
    const estimate = async (query: { teamIds?: string[] }) => {
      let sql = "";
      let params: unknown[] = [];
      const capture = {
        query: async (text: string, values?: unknown[]) => {
          sql = text;
          params = values ?? [];
          return [];
        },
      };
      await listConversations(capture as never, { orgId: org.id, status: "open", ...query });
      const literal = (v: unknown) =>
        Array.isArray(v) ? `'{${v.join(",")}}'` : typeof v === "number" ? String(v) : `'${String(v)}'`;
      await store.query("SET plan_cache_mode = force_generic_plan");
      try {
        await store.query(`PREPARE listing AS ${sql}`);
        const plan = await store.query(`EXPLAIN EXECUTE listing(${params.map(literal).join(", ")})`);
        await store.query("DEALLOCATE listing");
        const scan = plan
          .map((row) => String(Object.values(row)[0]))
          .find((line) => / on conversations c\b/.test(line));
        return Number(/rows=(\d+)/.exec(scan ?? "")?.[1]);
      } finally {
        await store.query("SET plan_cache_mode = auto");
      }
    };
    const organisation = await estimate({});
    const oneTeam = await estimate({ teamIds: [small.id] });
    // Two teams: one of them is about half the organisation's (as `= ANY`, all of it).
    expect(oneTeam).toBeGreaterThan(0);
    expect(oneTeam).toBeLessThan(organisation * 0.75);
    // Several teams are still one list.
    expect(await estimate({ teamIds: [team.id, small.id] })).toBeGreaterThan(0);
  });
});

describe("listConversations: one person's conversations without dates (the history by agent)", () => {
  it("reads the newest first and looks up cards until the page is full, not every conversation's card", async () => {
    const { org, team, agent, peer } = await seedOrganisation(store);
    // 1,200 closed conversations, each scored: a quarter agent's (every fourth handed on to peer,
    // its card still agent's), the rest peer's; plus agent's open ones with no card yet.
    await store.query(
      `INSERT INTO conversations (org_id, team_id, channel, external_id, status, message_count, created_at, assigned_person_id)
       SELECT $1, $2, 'chat', 'by-agent-' || g, CASE WHEN g <= 8 THEN 'open' ELSE 'closed' END, 1,
              now() - g * interval '1 minute', CASE WHEN g % 4 = 0 AND g % 16 <> 0 THEN $3::uuid ELSE $4::uuid END
         FROM generate_series(1, 1200) g`,
      [org.id, team.id, agent.id, peer.id],
    );
    await store.query(
      `INSERT INTO scorecards (org_id, team_id, conversation_id, agent_id, role, auto)
       SELECT c.org_id, c.team_id, c.id,
              CASE WHEN split_part(c.external_id, '-', 3)::int % 4 = 0 THEN $2::uuid ELSE $3::uuid END, 'agent', '{}'
         FROM conversations c WHERE c.org_id = $1 AND c.status = 'closed' AND c.external_id LIKE 'by-agent-%'`,
      [org.id, agent.id, peer.id],
    );
    await store.query("ANALYZE conversations");
    await store.query("ANALYZE scorecards");
    let sql = "";
    let params: unknown[] = [];
    const capture = {
      query: async (text: string, values?: unknown[]) => {
        sql = text;
        params = values ?? [];
        return [];
      },
    };
    const page = { orgId: org.id, agentId: agent.id, order: "started" as const, limit: 50 };
    await listConversations(capture as never, page);
    // As a prepared statement runs after a few reads: planned once for any parameters.
    const literal = (v: unknown) => (typeof v === "number" ? String(v) : `'${String(v)}'`);
    await store.query("SET plan_cache_mode = force_generic_plan");
    let plan: string[];
    try {
      await store.query(`PREPARE by_agent AS ${sql}`);
      const rows = await store.query(
        `EXPLAIN (ANALYZE, TIMING OFF, BUFFERS OFF) EXECUTE by_agent(${params.map(literal).join(", ")})`,
      );
      await store.query("DEALLOCATE by_agent");
      plan = rows.map((row) => String(Object.values(row)[0]));
    } finally {
      await store.query("SET plan_cache_mode = auto");
    }
    // Each card looked up by scorecards_agent_card at most once per listed conversation; before, once
    // for every conversation of the organisation (1,200), then sorted.
    const lookups = plan
      .filter((line) => line.includes("scorecards_agent_card"))
      .map((line) => Number(/loops=(\d+)/.exec(line)?.[1] ?? 0));
    expect(Math.max(0, ...lookups), plan.join("\n")).toBeLessThanOrEqual(50);
    expect(
      plan.some((line) => /^\s*->\s+Sort\b|^Sort\b/.test(line.trim())),
      plan.join("\n"),
    ).toBe(false);
    // The same conversations as the rule itself lists (conversationAgentSql): agent's, newest first.
    const listed = await listConversations(store, page);
    const expected = await store.query<{ id: string }>(
      `SELECT c.id FROM conversations c WHERE c.org_id = $1
          AND COALESCE((SELECT s.agent_id FROM scorecards s WHERE s.org_id = c.org_id AND s.conversation_id = c.id
                         AND s.role = 'agent'), c.assigned_person_id) = $2
        ORDER BY c.created_at DESC, c.id DESC LIMIT 50`,
      [org.id, agent.id],
    );
    expect(listed.map((c) => c.id)).toEqual(expected.map((r) => r.id));
    expect(listed.every((c) => c.agentPersonId === agent.id)).toBe(true);
  });
});
